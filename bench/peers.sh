#!/bin/sh
# The service's engine against its peers in one run (bench.PeerBenchmark): Debian's PyTorch (python3-torch),
# PyTorch 2.7.1 through DJL and ONNX Runtime, all on 2 threads. DJL comes from the bench-peers Maven profile, so
# the service's jar never carries it; its natives come from the pytorch-native-cpu artifact (offline).
# Usage: bench/peers.sh [--runs=3] [--threads=2] [--lenet-images=N] [--cifar-images=N] ...
set -eu
cd "$(dirname "$0")/.."
. bench/build.sh
if [ ! -s "$OUT/peers-classpath.txt" ] || [ pom.xml -nt "$OUT/peers-classpath.txt" ]; then
  ./mvnw -q -Pbench-peers dependency:build-classpath -Dmdep.outputFile="$OUT/peers-classpath.txt" -Dmdep.includeScope=runtime
fi
PEERS_CP="target/classes:$OUT/classes:$(cat "$OUT/peers-classpath.txt")"
mkdir -p "$OUT/peers-classes"
javac -d "$OUT/peers-classes" -cp "$PEERS_CP" $(find bench/peers/src -name '*.java')
export PYTORCH_VERSION=2.7.1
exec java ${BENCH_JAVA_OPTS:-} -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=14G \
  -Dai.djl.offline=true -cp "$OUT/peers-classes:$PEERS_CP" bench.PeerBenchmark "$@"
