#!/bin/sh
# Compiles the project and the benchmark sources in bench/src, then runs one benchmark main class.
# Usage: bench/run.sh <main-class> [args...]   e.g. bench/run.sh bench.ConvnetBenchmark
# JVM options: BENCH_JAVA_OPTS (e.g. "-XX:+FlightRecorder ..."). Output lands in bench/out/ (git-ignored).
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT/classes"
./mvnw -q compile
if [ ! -s "$OUT/classpath.txt" ] || [ pom.xml -nt "$OUT/classpath.txt" ]; then
  ./mvnw -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=runtime
fi
CP="target/classes:$(cat "$OUT/classpath.txt")"
javac -q -d "$OUT/classes" -cp "$CP" $(find bench/src -name '*.java') 2>/dev/null || javac -d "$OUT/classes" -cp "$CP" $(find bench/src -name '*.java')
MAIN=$1; shift
exec java ${BENCH_JAVA_OPTS:-} -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=14G \
  -cp "$OUT/classes:$CP" "$MAIN" "$@"
