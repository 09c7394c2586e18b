#!/bin/sh
# Time from `java -jar` to the first 200 of /actuator/health, on the embedded defaults (fresh data directory).
# Usage: bench/startup.sh JAR [cold|warm] [port]
#   cold: a fresh JavaCPP cache, as in a new container (the chosen libnd4jcpu, ~370 MB, is extracted first)
#   warm: the cache of earlier runs (~/.javacpp/cache), as on a restarted node
# Prints one line: "<jar> <cold|warm> <seconds> <binary>"; the JVM is stopped afterwards.
set -eu
JAR=$1; MODE=${2:-warm}; PORT=${3:-18099}
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
CACHE_OPT=""
[ "$MODE" = cold ] && CACHE_OPT="-Dorg.bytedeco.javacpp.cachedir=$WORK/javacpp-cache"
START=$(date +%s.%N)
CONVNET_DATA_DIR="$WORK/data" java $CACHE_OPT -jar "$JAR" --server.port="$PORT" >"$WORK/log" 2>&1 &
PID=$!
while ! curl -fsS -o "$WORK/health.json" "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null; do
  kill -0 $PID 2>/dev/null || { echo "service exited:" >&2; tail -20 "$WORK/log" >&2; exit 1; }
  sleep 0.1
done
END=$(date +%s.%N)
# the details (which binary) are for admins: read again with the key the first start generated
KEY=$(awk '$1 == "admin" { print $3 }' "$WORK/data/api-keys")
curl -fsS -H "Authorization: Bearer $KEY" -o "$WORK/health.json" "http://127.0.0.1:$PORT/actuator/health"
BINARY=$(sed -E 's/.*"binary":"([^"]+)".*/\1/' "$WORK/health.json")
echo "$(basename "$JAR") $MODE $(awk "BEGIN { printf \"%.1f\", $END - $START }") $BINARY"
