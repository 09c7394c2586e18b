#!/bin/sh
# Per-node figures for docs/SCALING.md: serving throughput (LeNet-5 and the CIFAR-10 CNN, batching as configured,
# CLIENTS connections) and a LeNet-5 training job's images/s (real MNIST, batch 128), RUNS times each, with the
# 1-minute load average before every run, since a shared host moves these figures more than any code change.
# Serving and training are measured apart (training only after the serving runs), as on separate nodes.
# Usage: bench/scaling.sh [runs, default 3] [seconds per run, default 10] [clients, default 64]
#        [mnist parent dir, default ../shared/datasets]
# Results: bench/out/scaling.txt.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-3}
SECONDS_PER_RUN=${2:-10}
CLIENTS=${3:-64}
DATASETS=$(cd "${4:-../shared/datasets}" && pwd)
PORT=18093
. bench/build.sh
. bench/service.sh
RESULT=$OUT/scaling.txt
: > "$RESULT"
java -Xmx1g -cp "$OUT/classes:$CP" bench.ServingBenchmark images "$OUT/images"

load_average() { cut -d' ' -f1 /proc/loadavg; }
report() { echo "$*" | tee -a "$RESULT"; }

report "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
start_service -Dconvnet.training.progress-every=1 -Dconvnet.datasets.dir="$DATASETS" -Dconvnet.datasets.download-enabled=false
LENET=$(servable_model lenet5)
CIFAR=$(servable_model cifar10-cnn)
for run in $(seq 1 "$RUNS"); do
  for pair in "lenet5 $LENET digit.png" "cifar10-cnn $CIFAR photo.png"; do
    set -- $pair
    load=$(load_average)
    line=$(bench/load.sh "$BASE/api/v1/models/$2/predictions?topK=1" "$OUT/images/$3" "$CLIENTS" 5 "$SECONDS_PER_RUN")
    report "serving $1 run=$run load=$load c=$CLIENTS $line"
  done
done

iteration() { curl -sf "$BASE/api/v1/training-jobs/$JOB" | json 'd["iteration"] or 0'; }
JOB=$(curl -sf -X POST -H 'Content-Type: application/json' "$BASE/api/v1/training-jobs" -d '{"model": {"preset": "lenet5"},
    "dataset": "mnist", "epochs": 50, "batchSize": 128, "optimizer": {"type": "sgd", "learningRate": 0.01},
    "validation": {"mode": "none"}, "seed": 1}' | json 'd["id"]')
until [ "$(iteration)" -gt 20 ]; do sleep 1; done
for run in $(seq 1 "$RUNS"); do
  load=$(load_average)
  before=$(iteration); start=$(date +%s.%N)
  sleep "$SECONDS_PER_RUN"
  after=$(iteration); end=$(date +%s.%N)
  report "training lenet5 run=$run load=$load $(awk "BEGIN { printf \"%.0f\", ($after - $before) * 128 / ($end - $start) }") img/s"
done
curl -sf -X POST "$BASE/api/v1/training-jobs/$JOB/cancel" > /dev/null
stop_service
echo "results in $RESULT"
