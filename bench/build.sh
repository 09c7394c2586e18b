# Sourced by the bench scripts (from the repository root): compiles the service and bench/src, and sets
# OUT (bench/out, git-ignored) and CP (the service's classes and runtime dependencies).
OUT=bench/out
mkdir -p "$OUT/classes"
./mvnw -q compile
if [ ! -s "$OUT/classpath.txt" ] || [ pom.xml -nt "$OUT/classpath.txt" ]; then
  ./mvnw -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=runtime
fi
CP="target/classes:$(cat "$OUT/classpath.txt")"
# Shared with the tests: networks as compiled before activation folding, optimizers with Keras's defaults
javac -d "$OUT/classes" -cp "$CP" $(find bench/src -name '*.java') src/test/java/dev/convnet/engine/dl4j/UnfoldedNetworks.java \
  src/test/java/dev/convnet/engine/fit/KerasOptimizers.java
