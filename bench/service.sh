# Sourced by bench/serving.sh and bench/isolation.sh (after bench/build.sh): the service on loopback port PORT,
# started from the compiled classes on a fresh data directory, and the presets made servable.

BASE=http://127.0.0.1:$PORT
# The service's own G1 settings (pom.xml, Dockerfile, Helm chart), also for in-process runs that stand in for it.
SERVICE_GC_OPTS="-XX:MaxGCPauseMillis=5 -XX:+UnlockExperimentalVMOptions -XX:G1NewSizePercent=1"

json() { # $1: python expression over the JSON document on stdin, bound to d
  python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

use_generated_key() { # $1: the service's data directory; every later curl (and load.sh) sends its admin key
  CONVNET_API_KEY=$(awk '$1 == "admin" { print $3 }' "$1/api-keys")
  export CONVNET_API_KEY
  curl() { command curl -H "Authorization: Bearer $CONVNET_API_KEY" "$@"; }
}

start_service() { # $@: extra JVM options; log in $OUT/service-$PORT.log
  DATA=$(mktemp -d /tmp/convnet-bench-XXXXXX)
  # The per-caller prediction limit (1,000/s) would answer the load generator, one caller, with 429s: the
  # benchmarks measure the node's capacity, so the limits are off.
  java -Xmx4g $SERVICE_GC_OPTS -Dconvnet.rate-limits.enabled=false "$@" -Dserver.port="$PORT" -Dconvnet.data-dir="$DATA" \
    -Dlogging.level.root=WARN \
    -cp "$CP" dev.convnet.ConvnetServiceApplication > "$OUT/service-$PORT.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    # plain curl: a key left from an earlier start of the service would be refused by this one
    if command curl -sf "$BASE/v2/health/ready" > /dev/null; then use_generated_key "$DATA"; return 0; fi
    sleep 1
  done
  echo "service did not start; see $OUT/service-$PORT.log" >&2
  kill "$SERVICE_PID"; exit 1
}

stop_service() {
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  rm -rf "$DATA"
}

servable_model() { # $1: preset; prints the id of a new model whose initial weights are stored, so it serves
  id=$(curl -sf -X POST "$BASE/api/v1/presets/$1/models" | json 'd["id"]')
  curl -sf "$BASE/api/v1/models/$id/weights" > "$OUT/weights.json"
  curl -sf -X PUT -H 'Content-Type: application/json' --data-binary @"$OUT/weights.json" \
    "$BASE/api/v1/models/$id/weights" > /dev/null
  echo "$id"
}
