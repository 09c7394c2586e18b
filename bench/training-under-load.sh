#!/bin/sh
# Training progress while predictions saturate the node: a LeNet-5 training job (real MNIST, batch 128) runs while
# CLIENTS connections post digit images to LeNet-5 predictions. For each convnet.training.min-cpu-share: the
# training's images/s alone and under the load, and the predictions' req/s and latency meanwhile.
# Usage: bench/training-under-load.sh [seconds, default 30] [clients, default 32] [shares, default "0 0.1 0.25 0.5"]
#        [mnist parent dir, default ../shared/datasets]
# Results: bench/out/training-under-load.txt.
set -eu
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-30}
CLIENTS=${2:-32}
SHARES=${3:-0 0.1 0.25 0.5}
DATASETS=$(cd "${4:-../shared/datasets}" && pwd)
PORT=18091
. bench/build.sh
. bench/service.sh
RESULT=$OUT/training-under-load.txt
: > "$RESULT"
java -Xmx1g -cp "$OUT/classes:$CP" bench.ServingBenchmark images "$OUT/images"

trained_images() {
  curl -sf "$BASE/api/v1/training-jobs/$JOB" | json '(d["iteration"] or 0) * 128'
}

for share in $SHARES; do
  start_service -Dconvnet.training.min-cpu-share="$share" -Dconvnet.training.progress-every=1 -Dconvnet.datasets.dir="$DATASETS" \
    -Dconvnet.datasets.download-enabled=false
  LENET=$(servable_model lenet5)
  JOB=$(curl -sf -X POST -H 'Content-Type: application/json' "$BASE/api/v1/training-jobs" -d '{"model": {"preset": "lenet5"},
      "dataset": "mnist", "epochs": 50, "batchSize": 128, "optimizer": {"type": "sgd", "learningRate": 0.01},
      "validation": {"mode": "none"}, "seed": 1}' | json 'd["id"]')
  until [ "$(curl -sf "$BASE/api/v1/training-jobs/$JOB" | json 'd["iteration"] or 0')" -gt 20 ]; do sleep 1; done
  before=$(trained_images); sleep 10; after=$(trained_images)
  alone=$(( (after - before) / 10 ))
  bench/load.sh "$BASE/api/v1/models/$LENET/predictions?topK=1" "$OUT/images/digit.png" "$CLIENTS" 5 1 > /dev/null
  before=$(trained_images); start=$(date +%s.%N)
  line=$(bench/load.sh "$BASE/api/v1/models/$LENET/predictions?topK=1" "$OUT/images/digit.png" "$CLIENTS" 0 "$SECONDS_PER_RUN")
  after=$(trained_images); end=$(date +%s.%N)
  loaded=$(awk "BEGIN { printf \"%.0f\", ($after - $before) / ($end - $start) }")
  windows=$(curl -sf "$BASE/actuator/prometheus" | awk '/^convnet_inference_training_windows_seconds_total/ { s += $2 } END { printf "%.1f", s }')
  echo "min-cpu-share=$share training alone ${alone} img/s | under c=$CLIENTS: training ${loaded} img/s ($(awk "BEGIN { printf \"%.0f\", 100 * $loaded / $alone }")%), predictions: $line, training windows ${windows} s" | tee -a "$RESULT"
  curl -sf -X POST "$BASE/api/v1/training-jobs/$JOB/cancel" > /dev/null
  stop_service
done
echo "results in $RESULT"
