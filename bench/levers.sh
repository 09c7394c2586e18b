#!/bin/sh
# Batch-1 latency levers of the CIFAR-10 CNN (bench.InferenceLatencyLevers): in-process levers run interleaved
# in one JVM; process-wide ones (OpenMP environment) need their own JVM. Extra args go to every run,
# e.g. bench/levers.sh --train=true --batch=8
cd "$(dirname "$0")/.."
for env in "" "OMP_NUM_THREADS=1" "OMP_WAIT_POLICY=PASSIVE"; do
  echo "### environment: ${env:-default}"
  env $env bench/run.sh bench.InferenceLatencyLevers "$@" 2>/dev/null | grep -E "^\||OMP_NUM_THREADS="
done
