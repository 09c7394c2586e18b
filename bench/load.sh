#!/bin/sh
# One HTTP load run against a prediction URL: POSTs FILE (image/png) from CONCURRENCY connections for WARMUP
# seconds (not counted), then SECONDS measured; prints "load c=N: R req/s p50=.. ms p99=.. ms ok=.. errors=..".
# Uses wrk (Debian package wrk) when installed: one event-loop thread, so the load generator takes little of
# the cores the service is measured on. Otherwise the Java load generator (bench.ServingBenchmark load), whose
# client threads cost the service a measurable share of a 2-core machine.
# Usage: bench/load.sh URL FILE CONCURRENCY WARMUP SECONDS   (after bench/run.sh or serving.sh compiled bench/)
set -eu
cd "$(dirname "$0")/.."
URL=$1 FILE=$2 CONCURRENCY=$3 WARMUP=$4 SECONDS_MEASURED=$5
if command -v wrk > /dev/null; then
  export BODY_FILE="$FILE" CONTENT_TYPE=image/png CONNECTIONS="$CONCURRENCY"
  [ "$WARMUP" -gt 0 ] && wrk -t1 -c"$CONCURRENCY" -d"${WARMUP}s" -s bench/post-file.lua "$URL" > /dev/null
  wrk -t1 -c"$CONCURRENCY" -d"${SECONDS_MEASURED}s" --timeout 30s -s bench/post-file.lua "$URL" | tail -1
else
  java -Xmx1g -cp "bench/out/classes:target/classes:$(cat bench/out/classpath.txt)" bench.ServingBenchmark load "$URL" \
    image/png "$FILE" "$CONCURRENCY" "$WARMUP" "$SECONDS_MEASURED"
fi
