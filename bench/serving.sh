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
BENCH="java -Xmx4g -XX:MaxGCPauseMillis=5 -cp $OUT/classes:$CP bench.ServingBenchmark"
RESULT=$OUT/serving.txt
: > "$RESULT"
$BENCH images "$OUT/images"

for preset in lenet5 cifar10-cnn; do
  $BENCH ceiling $preset 2 16 "$SECONDS_PER_RUN" | tee -a "$RESULT"
  $BENCH ceiling $preset 2 1 "$SECONDS_PER_RUN" | tee -a "$RESULT"
done

start_service() { # $1: extra JVM -D options
  DATA=$(mktemp -d /tmp/convnet-bench-XXXXXX)
  # shellcheck disable=SC2086
  java -Xmx4g -XX:MaxGCPauseMillis=5 $1 -Dserver.port=$PORT -Dconvnet.data-dir="$DATA" -Dlogging.level.root=WARN \
    -cp "$CP" dev.convnet.ConvnetServiceApplication > "$OUT/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$PORT/v2/health/ready" > /dev/null; then return 0; fi
    sleep 1
  done
  echo "service did not start; see $OUT/service.log" >&2
  kill "$SERVICE_PID"; exit 1
}

servable_model() { # $1: preset; prints the id of a new model whose (initial) weights are stored, so it serves
  id=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/presets/$1/models" | sed 's/^{"id":"\([^"]*\)".*/\1/')
  curl -sf "http://127.0.0.1:$PORT/api/v1/models/$id/weights" > "$OUT/weights.json"
  curl -sf -X PUT -H 'Content-Type: application/json' --data-binary @"$OUT/weights.json" \
    "http://127.0.0.1:$PORT/api/v1/models/$id/weights" > /dev/null
  echo "$id"
}

for mode in batching no-batching; do
  if [ $mode = batching ]; then start_service ""; else start_service "-Dconvnet.inference.max-batch-size=1"; fi
  lenet=$(servable_model lenet5)
  cifar=$(servable_model cifar10-cnn)
  for c in 1 8 64; do
    printf 'http %s lenet5 ' $mode | tee -a "$RESULT"
    bench/load.sh "http://127.0.0.1:$PORT/api/v1/models/$lenet/predictions?topK=1" "$OUT/images/digit.png" $c $WARMUP "$SECONDS_PER_RUN" | tee -a "$RESULT"
    printf 'http %s cifar10-cnn ' $mode | tee -a "$RESULT"
    bench/load.sh "http://127.0.0.1:$PORT/api/v1/models/$cifar/predictions?topK=1" "$OUT/images/photo.png" $c $WARMUP "$SECONDS_PER_RUN" | tee -a "$RESULT"
  done
  curl -s "http://127.0.0.1:$PORT/actuator/metrics/convnet.inference.batch.size" >> "$OUT/batch-sizes-$mode.json" || true
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  rm -rf "$DATA"
done
echo "results in $RESULT"
