#!/bin/sh
# The lesson's exercise, measured through the service's own experiments API: starts the service on the compiled
# classes, posts docs/experiments/what-helps.json on DATASET with a training budget that fits the machine (the first
# TRAIN_IMAGES training images, EPOCHS epochs, SEEDS seeds; validation and evaluation on the first TEST_IMAGES test
# images, all of them when 0), follows the experiment's Server-Sent Events, then downloads the results JSON,
# report.md, report.html and the plots into docs/experiments/results/DATASET/ (RESULTS overrides) and prints the
# ranked table. Machine facts (CPU, AVX-512, cores, load) go to machine.json next to them. MAX_WALL_TIME (ISO-8601,
# e.g. PT55M) caps the experiment: runs not done by then are cancelled or skipped.
# Usage: bench/exercise.sh [dataset, default fashion-mnist] [train images, default 12000] [test images, default 0 = all]
#        [epochs, default 3] [seeds, default 2] [datasets dir, default $CONVNET_DATASETS_DIR or ../shared/datasets]
# Example: bench/exercise.sh fashion-mnist 12000 0 3 2 /work/shared/datasets
#          bench/exercise.sh cifar-10 10000 0 3 2     (CIFAR-10 is downloaded and verified when not in the directory)
set -eu
cd "$(dirname "$0")/.."
DATASET=${1:-fashion-mnist}
TRAIN_IMAGES=${2:-12000}
TEST_IMAGES=${3:-0}
EPOCHS=${4:-3}
SEEDS=${5:-2}
DATASETS_DIR=${6:-${CONVNET_DATASETS_DIR:-../shared/datasets}}
mkdir -p "$DATASETS_DIR"
CONVNET_DATASETS_DIR=$(cd "$DATASETS_DIR" && pwd)
export CONVNET_DATASETS_DIR
# A free loopback port unless PORT is given: other services may run on this machine
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
RESULTS=${RESULTS:-docs/experiments/results/$DATASET}
if [ "${SKIP_BUILD:-0}" = 1 ] && [ -s bench/out/classpath.txt ]; then # classes compiled by an earlier run
  OUT=bench/out; CP="target/classes:$(cat "$OUT/classpath.txt")"
else
  . bench/build.sh
fi
. bench/service.sh
mkdir -p "$RESULTS"

machine() { # $1: start or end
  python3 - "$1" "$RESULTS/machine.json" <<'EOF'
import json, os, sys
when, path = sys.argv[1], sys.argv[2]
facts = json.load(open(path)) if when == "end" and os.path.exists(path) else {}
if when == "start":
    cpu = open("/proc/cpuinfo").read()
    model = next((l.split(":", 1)[1].strip() for l in cpu.splitlines() if l.startswith("model name")), "unknown")
    flags = next((l.split(":", 1)[1].split() for l in cpu.splitlines() if l.startswith("flags")), [])
    facts.update({"cpuModel": model, "avx512f": "avx512f" in flags, "nproc": os.cpu_count(),
                  "memoryGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)})
facts["loadAverage" + when.capitalize()] = [round(x, 2) for x in os.getloadavg()]
json.dump(facts, open(path, "w"), indent=2)
EOF
}

machine start
# Training at the ordinary priority: the service nices training threads (convnet.training.niceness, 10) so that
# request threads on the same node stay responsive; nothing is served here.
start_service -Dconvnet.training.niceness=0 ${SERVICE_OPTS:-}
echo "service up on $BASE (datasets from $CONVNET_DATASETS_DIR)"

# The shipped file, unchanged but for the budget: training subset, epochs, seeds. Its definitions have no
# inputShape, so ?dataset= gives them the dataset's.
python3 - "$TRAIN_IMAGES" "$TEST_IMAGES" "$EPOCHS" "$SEEDS" "${MAX_WALL_TIME:-}" > "$OUT/exercise-request.json" <<'EOF'
import json, sys
d = json.load(open("docs/experiments/what-helps.json"))
d["base"]["trainImages"] = int(sys.argv[1])
if int(sys.argv[2]) > 0:
    d["base"]["testImages"] = int(sys.argv[2])
d["base"]["epochs"] = int(sys.argv[3])
d["seeds"] = int(sys.argv[4])
if sys.argv[5]:
    d["budget"]["maxWallTime"] = sys.argv[5]  # runs not done by then are cancelled or skipped
print(json.dumps(d))
EOF
START=$(date -u +%Y-%m-%dT%H:%M:%SZ); START_S=$(date +%s)
EXP=$(curl -sf -H 'Content-Type: application/json' --data-binary @"$OUT/exercise-request.json" \
  "$BASE/api/v1/experiments?dataset=$DATASET" | json 'd["id"]')
echo "experiment $EXP started $START: $DATASET, $TRAIN_IMAGES training images x $EPOCHS epochs, test images $TEST_IMAGES (0: all), $SEEDS seeds"

# Live progress: one line per run state change and per progress count; the stream ends with the experiment.
curl -sN "$BASE/api/v1/experiments/$EXP/events" | while IFS= read -r line; do
  case "$line" in
    event:*) EVENT=${line#event:} ;;
    data:*)
      echo "${line#data:}" | python3 -c '
import json, sys, time
event, d = sys.argv[1].strip(), json.load(sys.stdin)
stamp = time.strftime("%H:%M:%S")
if event == "run":
    print(stamp, "run", d.get("variant"), "seed", d.get("seed"), d.get("state"), flush=True)
elif event == "progress":
    print(stamp, "progress", {k: v for k, v in d.items() if isinstance(v, int)}, flush=True)
elif event == "state":
    print(stamp, "experiment", d.get("state"), flush=True)
' "${EVENT:-message}" || true ;;
  esac
done
# The stream can drop (a proxy, a restart): wait for the end by polling as well.
until curl -sf "$BASE/api/v1/experiments/$EXP" | json 'd["state"]' | grep -qE 'SUCCEEDED|FAILED|CANCELLED|TIMED_OUT'; do
  sleep 10
done
END_S=$(date +%s)

curl -sf "$BASE/api/v1/experiments/$EXP/results" | python3 -m json.tool > "$RESULTS/results.json"
curl -sf "$BASE/api/v1/experiments/$EXP/report.md" > "$RESULTS/report.md"
curl -sf "$BASE/api/v1/experiments/$EXP/report.html" > "$RESULTS/report.html"
curl -sf "$BASE/api/v1/experiments/$EXP" | python3 -m json.tool > "$RESULTS/experiment.json"
machine end
python3 - "$RESULTS" "$START" "$((END_S - START_S))" "$DATASET" "$TRAIN_IMAGES" "$TEST_IMAGES" "$EPOCHS" "$SEEDS" <<'EOF'
import base64, json, re, sys
results, start, seconds, dataset, images, tests, epochs, seeds = sys.argv[1:]
# The reports inline their plots as PNG data URIs: keep them as files too, named after their titles.
md = open(f"{results}/report.md").read()
for title, data in re.findall(r"!\[([^\]]*)\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", md):
    name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") + ".png"
    open(f"{results}/{name}", "wb").write(base64.b64decode(data))
facts = json.load(open(f"{results}/machine.json"))
facts.update({"experimentStart": start, "wallSeconds": int(seconds), "dataset": dataset, "trainImages": int(images),
              "testImages": int(tests) or "all", "epochs": int(epochs), "seeds": int(seeds),
              "command": f"bench/exercise.sh {dataset} {images} {tests} {epochs} {seeds}"})
json.dump(facts, open(f"{results}/machine.json", "w"), indent=2)
r = json.load(open(f"{results}/results.json"))
def pct(s): return "–" if s is None else f"{s['mean'] * 100:.2f} ± {(s['std'] or 0) * 100:.2f}"
def diff(v):
    d = v["accuracyVsBaseline"]
    if v["baseline"]: return "baseline"
    if d is None: return "no result"
    if d["low"] is None: return f"{d['difference'] * 100:+.2f} (no CI)"
    verdict = "helps" if d["low"] > 0 else "hurts" if d["high"] < 0 else "within noise"
    return f"{d['difference'] * 100:+.2f} [{d['low'] * 100:+.2f}, {d['high'] * 100:+.2f}] {verdict}"
rows = ["| rank | variant | runs ok | test accuracy % (mean ± std) | Δ vs baseline, points [95% CI] | test loss | parameters | train s/run | images/s |",
        "|---|---|---|---|---|---|---|---|---|"]
for v in r["variants"]:
    loss = "–" if v["testLoss"] is None else f"{v['testLoss']['mean']:.4f}"
    secs = "–" if v["trainingSeconds"] is None else f"{v['trainingSeconds']['mean']:.0f}"
    ips = "–" if v["imagesPerSecond"] is None else f"{v['imagesPerSecond']['mean']:.0f}"
    params = "–" if v["parameters"] is None else f"{v['parameters']:,}"
    rows.append(f"| {v['rank']} | {v['name']} | {v['succeededRuns']}/{v['runs']} | {pct(v['testAccuracy'])} | {diff(v)} | "
                f"{loss} | {params} | {secs} | {ips} |")
open(f"{results}/table.md", "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
print(f"\n{r['state']} in {int(seconds) // 60} min {int(seconds) % 60} s; load average start {facts['loadAverageStart']}, "
      f"end {facts['loadAverageEnd']}; {facts['cpuModel']}, avx512f {facts['avx512f']}, {facts['nproc']} cores")
EOF
stop_service
echo "results in $RESULTS"
