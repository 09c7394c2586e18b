#!/bin/sh
# Time to accuracy through the service: starts it on a fresh data directory with the shared datasets, posts the
# job in a job file (bench/targets/*.json, validated on the test split every epoch), follows it and prints, per
# epoch, training seconds against test accuracy, and the machine it ran on (CPU, AVX-512, cores, load at start and
# end). The job is cancelled once its wall-clock budget is spent or the target test accuracy is reached.
# Usage: bench/time-to-accuracy.sh JOB_FILE [budget minutes, default 30] [target accuracy, default 0 = run the job out]
#        [datasets dir, default /work/shared/datasets]
# Environment: EPOCHS overrides the job file's epochs (a one-cycle schedule should end within the budget, so the
# epochs follow the machine's speed); SERVICE_OPTS adds JVM options to the service (e.g. -Dconvnet.training.threads=1).
# Results: bench/out/tta-NAME.txt (report), .tsv (table), .svg (curve), NAME being the job file's name.
set -eu
cd "$(dirname "$0")/.."
JOB_FILE=$1
BUDGET_MINUTES=${2:-30}
TARGET=${3:-0}
CONVNET_DATASETS_DIR=$(cd "${4:-${CONVNET_DATASETS_DIR:-/work/shared/datasets}}" && pwd)
export CONVNET_DATASETS_DIR
NAME=$(basename "$JOB_FILE" .json)
PORT=${PORT:-18095}
. bench/build.sh
. bench/service.sh
REPORT=$OUT/tta-$NAME.txt
POSTED=$OUT/tta-$NAME-job.json
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['epochs']=int(sys.argv[2] or d.get('epochs', 1)); print(json.dumps(d))" \
  "$JOB_FILE" "${EPOCHS:-}" > "$POSTED"

machine() {
  echo "cpu: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "avx512f: $(grep -qw avx512f /proc/cpuinfo && echo yes || echo no), nproc: $(nproc)," \
    "memory: $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
}
load() { # the load average, and what else is using the CPU now (the machine may be shared)
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg); busiest processes over 2 s (%cpu, directory, command):"
  top -b -n 2 -d 2 | awk '/^top -/ { frame++ } frame == 2 && $1 ~ /^[0-9]+$/ && $9 > 5 { print $1, $9 }' | head -6 |
    while read -r pid cpu; do
      echo "    $cpu $(readlink "/proc/$pid/cwd" 2>/dev/null) $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-70)"
    done
}

# A node that only trains: training threads at the same priority as everything else (the default 10 yields the
# cores to predictions, of which there are none here, and to whatever else shares the machine)
start_service -Dconvnet.training.niceness=0 -Dconvnet.training.progress-every=1 -Dconvnet.datasets.dir="$CONVNET_DATASETS_DIR" \
  -Dconvnet.datasets.download-enabled=false ${SERVICE_OPTS:-}
{
  echo "# $NAME: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
  echo "job: $(cat "$POSTED")"
  echo "service options: -Dconvnet.training.niceness=0 ${SERVICE_OPTS:-}"
  echo "budget ${BUDGET_MINUTES} min wall clock of training, target ${TARGET}"
  echo "machine: $(machine)"
  echo "at start: $(load)"
} | tee "$REPORT"
JOB=$(curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$POSTED" "$BASE/api/v1/training-jobs" | json 'd["id"]')
python3 bench/follow_job.py "$BASE" "$JOB" "$(awk "BEGIN { print $BUDGET_MINUTES * 60 }")" "$TARGET" \
  "$OUT/tta-$NAME.tsv" "$OUT/tta-$NAME.svg" | tee -a "$REPORT"
echo "at end: $(load)" | tee -a "$REPORT"
stop_service
echo "results in $REPORT, $OUT/tta-$NAME.tsv, $OUT/tta-$NAME.svg"
