#!/bin/sh
# Compiles the project and the benchmark sources in bench/src, then runs one benchmark main class.
# Usage: bench/run.sh <main-class> [args...]   e.g. bench/run.sh bench.ConvnetBenchmark
# JVM options: BENCH_JAVA_OPTS (e.g. "-XX:+FlightRecorder ..."). Output lands in bench/out/ (git-ignored).
set -eu
cd "$(dirname "$0")/.."
. bench/build.sh
MAIN=$1; shift
exec java ${BENCH_JAVA_OPTS:-} -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=14G \
  -cp "$OUT/classes:$CP" "$MAIN" "$@"
