#!/bin/sh
# Measures one lever at a time against the default fast path (helpers on, workspaces ENABLED, cache NONE,
# float32, OMP threads = cores), CIFAR training + inference and LeNet training throughput (no PyTorch).
cd "$(dirname "$0")/.."
run() {
  label=$1; shift
  echo "### $label"
  env $ENVV bench/run.sh bench.ConvnetBenchmark --pytorch=false --plain=false --sections=lenet,cifar \
      --lenet-full-epoch=false "$@" 2>/dev/null | grep -E "^\| (LeNet|CIFAR)"
}
ENVV= run "baseline"
ENVV= run "workspaces NONE" --workspaces=NONE
ENVV= run "cache mode DEVICE" --cache=DEVICE
ENVV= run "bfloat16" --dtype=BFLOAT16
ENVV="OMP_NUM_THREADS=1" run "OMP_NUM_THREADS=1"
ENVV= run "baseline again"
