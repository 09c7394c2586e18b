#!/bin/sh
# Serving while training: prediction latency on a node that also runs a training job, under each
# training-thread policy (convnet.training.niceness / convnet.training.threads), beside the same load with no
# training and the training's speed with no load. The training: the LeNet-5 preset on real MNIST, batch 128.
# Loads (bench/load.sh: wrk if installed): LeNet-5 at concurrency 1 and the CIFAR-10 CNN at concurrency 8, over
# HTTP, SECONDS each after a warm-up of WARMUP (default 10) seconds.
# Usage: bench/isolation.sh [seconds per run, default 10] [mnist parent dir, default ../shared/datasets]
# Results: bench/out/isolation.txt.
set -eu
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-10}
DATASETS=$(cd "${2:-../shared/datasets}" && pwd)
WARMUP=${WARMUP:-10}
PORT=18090
. bench/build.sh
. bench/service.sh
BENCH="java -Xmx1g -cp $OUT/classes:$CP bench.ServingBenchmark"
RESULT=$OUT/isolation.txt
: > "$RESULT"
$BENCH images "$OUT/images"

# Images the running job has trained on so far (iterations of batch 128, counted over all epochs).
trained_images() {
  curl -sf "$BASE/api/v1/training-jobs/$JOB" | json '(d["iteration"] or 0) * 128'
}

loads() { # $1: label
  for target in "lenet5 $LENET digit.png 1" "cifar10-cnn $CIFAR photo.png 8"; do
    set -- "$1" $target
    before=${JOB:+$(trained_images)}
    start=$(date +%s.%N)
    line=$(bench/load.sh "$BASE/api/v1/models/$3/predictions?topK=1" "$OUT/images/$4" "$5" $WARMUP "$SECONDS_PER_RUN")
    if [ -n "${JOB:-}" ]; then
      after=$(trained_images)
      training=$(python3 -c "import time; print(f'training {($after - $before) / (time.time() - $start):.0f} img/s')")
    else
      training="no training"
    fi
    echo "$1 $2 $line $training" | tee -a "$RESULT"
  done
}

for policy in "no-policy -Dconvnet.training.niceness=0" "niceness-10 -Dconvnet.training.niceness=10" \
              "niceness-19 -Dconvnet.training.niceness=19" "threads-1 -Dconvnet.training.niceness=0 -Dconvnet.training.threads=1"; do
  set -- $policy
  name=$1; shift
  start_service "$@" -Dconvnet.datasets.dir="$DATASETS" -Dconvnet.datasets.download-enabled=false
  LENET=$(servable_model lenet5)
  CIFAR=$(servable_model cifar10-cnn)
  JOB=
  if [ "$name" = no-policy ]; then
    loads "idle-node"
  fi
  JOB=$(curl -sf -X POST -H 'Content-Type: application/json' "$BASE/api/v1/training-jobs" -d '{"model": {"preset": "lenet5"},
      "dataset": "mnist", "epochs": 20, "batchSize": 128, "optimizer": {"type": "sgd", "learningRate": 0.01},
      "validation": {"mode": "none"}, "seed": 1}' | json 'd["id"]')
  until [ "$(curl -sf "$BASE/api/v1/training-jobs/$JOB" | json 'd["iteration"] or 0')" -gt 20 ]; do sleep 1; done
  before=$(trained_images); sleep "$SECONDS_PER_RUN"; after=$(trained_images)
  echo "$name training-alone: $(( (after - before) / SECONDS_PER_RUN )) img/s" | tee -a "$RESULT"
  loads "$name"
  curl -sf -X POST "$BASE/api/v1/training-jobs/$JOB/cancel" > /dev/null
  stop_service
done
echo "results in $RESULT"
