#!/bin/sh
# Per-node figures for docs/SCALING.md: serving throughput (LeNet-5 and the CIFAR-10 CNN, batching as configured,
# CLIENTS connections) and a LeNet-5 training job's images/s (real MNIST, batch 128), RUNS times each, with the
# 1-minute load average before every run, since a shared host moves these figures more than any code change. On a
# shared host the wall-clock rate says how much CPU the service got; the rate per CPU-second the service process
# used (utime + stime from /proc) says what a core does, and is what the capacity model needs.
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
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$SERVICE_PID/stat"; }
per_cpu_second() { awk "BEGIN { d = $3 - $2; if (d > 0) printf \"%.0f\", $1 / d; else printf \"0\" }"; } # count, cpu before, after
report() { echo "$*" | tee -a "$RESULT"; }

report "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
start_service -Dconvnet.training.progress-every=1 -Dconvnet.datasets.dir="$DATASETS" -Dconvnet.datasets.download-enabled=false
LENET=$(servable_model lenet5)
CIFAR=$(servable_model cifar10-cnn)
for run in $(seq 1 "$RUNS"); do
  for pair in "lenet5 $LENET digit.png" "cifar10-cnn $CIFAR photo.png"; do
    set -- $pair
    url="$BASE/api/v1/models/$2/predictions?topK=1"
    bench/load.sh "$url" "$OUT/images/$3" "$CLIENTS" 0 5 > /dev/null # warm-up, not counted
    load=$(load_average); cpu=$(cpu_seconds)
    line=$(bench/load.sh "$url" "$OUT/images/$3" "$CLIENTS" 0 "$SECONDS_PER_RUN")
    cpu_after=$(cpu_seconds)
    ok=$(echo "$line" | sed 's/.*ok=\([0-9]*\).*/\1/')
    report "serving $1 run=$run load=$load c=$CLIENTS $line cpu=$(awk "BEGIN { print $cpu_after - $cpu }") s" \
      "per-cpu-second=$(per_cpu_second "$ok" "$cpu" "$cpu_after") req"
  done
done

iteration() { curl -sf "$BASE/api/v1/training-jobs/$JOB" | json 'd["iteration"] or 0'; }
JOB=$(curl -sf -X POST -H 'Content-Type: application/json' "$BASE/api/v1/training-jobs" -d '{"model": {"preset": "lenet5"},
    "dataset": "mnist", "epochs": 50, "batchSize": 128, "optimizer": {"type": "sgd", "learningRate": 0.01},
    "validation": {"mode": "none"}, "seed": 1}' | json 'd["id"]')
until [ "$(iteration)" -gt 5 ]; do sleep 1; done
for run in $(seq 1 "$RUNS"); do
  load=$(load_average)
  before=$(iteration); start=$(date +%s.%N); cpu=$(cpu_seconds)
  sleep "$SECONDS_PER_RUN"
  after=$(iteration); end=$(date +%s.%N); cpu_after=$(cpu_seconds)
  report "training lenet5 run=$run load=$load $(awk "BEGIN { printf \"%.0f\", ($after - $before) * 128 / ($end - $start) }") img/s" \
    "per-cpu-second=$(per_cpu_second $(( (after - before) * 128 )) "$cpu" "$cpu_after") img"
done
curl -sf -X POST "$BASE/api/v1/training-jobs/$JOB/cancel" > /dev/null
stop_service
echo "results in $RESULT"
