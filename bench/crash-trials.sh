#!/bin/sh
# The crash-consistency harness (CrashConsistencyTest) with more trials than CI runs: the service in a JVM of its
# own, killed with SIGKILL at random points of a scripted workload, checked after every restart.
# Usage: bench/crash-trials.sh [trials per database, default 200] [h2|postgresql|both, default both] [seed]
# PostgreSQL: the local server (CONVNET_TEST_POSTGRES_URL, default 127.0.0.1:5432, user postgres), a fresh database.
# The output names every kill point (step, and time since its request); the last line per database sums them up.
# About 7 s per trial on 2 cores (a JVM start of about 5 s, then the check and the next trial's steps).
set -eu
TRIALS=${1:-200}
case ${2:-both} in
  h2) TEST='CrashConsistencyTest#everyConfirmedWriteSurvivesKillsOnTheEmbeddedDatabase' ;;
  postgresql) TEST='CrashConsistencyTest#everyConfirmedWriteSurvivesKillsOnPostgresql' ;;
  both) TEST='CrashConsistencyTest' ;;
  *) echo "database: h2, postgresql or both" >&2; exit 2 ;;
esac
export CONVNET_CRASH_TRIALS="$TRIALS"
[ -n "${3:-}" ] && export CONVNET_CRASH_SEED="$3"
LOG=$(mktemp /tmp/crash-trials-XXXXXX.log)
STATUS=0
./mvnw -B test -Dtest="$TEST" > "$LOG" 2>&1 || STATUS=$?
grep -E '^\[crash |Tests run:|FAIL' "$LOG" || true
[ "$STATUS" -eq 0 ] && rm -f "$LOG" || echo "failed; Maven's whole output: $LOG" >&2
exit "$STATUS"
