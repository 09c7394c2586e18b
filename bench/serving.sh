#!/bin/sh
# Serving benchmark: the in-process ceiling of LeNet-5 and the CIFAR-10 CNN, then HTTP load against the
# service on loopback at concurrency 1, 8 and 64, with batching (defaults) and without (max-batch-size=1).
# Bounded: each load run is WARMUP (default 10) + SECONDS long; the load comes from bench/load.sh (wrk if installed). Results: bench/out/serving.txt.
# Usage: bench/serving.sh [seconds per run, default 8]
set -eu
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-8}
WARMUP=${WARMUP:-10}
PORT=18089
. bench/build.sh
. bench/service.sh
BENCH="java -Xmx4g $SERVICE_GC_OPTS -cp $OUT/classes:$CP bench.ServingBenchmark"
RESULT=$OUT/serving.txt
: > "$RESULT"
$BENCH images "$OUT/images"

for preset in lenet5 cifar10-cnn; do
  $BENCH ceiling $preset 2 16 "$SECONDS_PER_RUN" | tee -a "$RESULT"
  $BENCH ceiling $preset 2 1 "$SECONDS_PER_RUN" | tee -a "$RESULT"
done

for mode in batching no-batching; do
  if [ $mode = batching ]; then start_service; else start_service -Dconvnet.inference.max-batch-size=1; fi
  lenet=$(servable_model lenet5)
  cifar=$(servable_model cifar10-cnn)
  for c in 1 8 64; do
    printf 'http %s lenet5 ' $mode | tee -a "$RESULT"
    bench/load.sh "$BASE/api/v1/models/$lenet/predictions?topK=1" "$OUT/images/digit.png" $c $WARMUP "$SECONDS_PER_RUN" | tee -a "$RESULT"
    printf 'http %s cifar10-cnn ' $mode | tee -a "$RESULT"
    bench/load.sh "$BASE/api/v1/models/$cifar/predictions?topK=1" "$OUT/images/photo.png" $c $WARMUP "$SECONDS_PER_RUN" | tee -a "$RESULT"
  done
  curl -s "$BASE/actuator/metrics/convnet.inference.batch.size" >> "$OUT/batch-sizes-$mode.json" || true
  stop_service
done
echo "results in $RESULT"
