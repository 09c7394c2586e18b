#!/usr/bin/env python3
"""Follows one training job of the service and writes its time-to-accuracy curve.

Polls GET /api/v1/training-jobs/{id} and prints a row per finished epoch: training seconds (the sum of the epochs'
own seconds, validation excluded), wall seconds since the job started (validation included), the test accuracy
measured after that epoch, and the 1-minute load average at that moment, since the machine may be shared.
Cancels the job when the wall-clock budget is spent or the target accuracy is reached.

Usage: follow_job.py BASE JOB_ID BUDGET_SECONDS TARGET(0 = none) TSV_OUT SVG_OUT
The API key, if any, comes from CONVNET_API_KEY.
"""
import json
import os
import sys
import time
import urllib.request

BASE, JOB, BUDGET, TARGET, TSV, SVG = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
KEY = os.environ.get("CONVNET_API_KEY")
FINAL = {"SUCCEEDED", "FAILED", "CANCELLED"}


def call(method, path):
    request = urllib.request.Request(BASE + path, method=method)
    if KEY:
        request.add_header("Authorization", "Bearer " + KEY)
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def svg(rows, path, target):
    """Test accuracy against training seconds, with the target as a dashed line."""
    if not rows:
        return
    width, height, pad = 640, 360, 50
    xs = [r["train_s"] for r in rows]
    accs = [r["test_acc"] for r in rows if r["test_acc"] is not None]
    if not accs:
        return
    lo = min(min(accs), target or 1.0) - 0.005
    hi = max(max(accs), target or 0.0) + 0.002
    xmax = max(xs) or 1.0

    def px(x):
        return pad + (width - 2 * pad) * x / xmax

    def py(y):
        return height - pad - (height - 2 * pad) * (y - lo) / (hi - lo)

    points = " ".join(f"{px(r['train_s']):.1f},{py(r['test_acc']):.1f}" for r in rows if r["test_acc"] is not None)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="black"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="black"/>',
             f'<text x="{width / 2}" y="{height - 12}" text-anchor="middle">training seconds</text>',
             f'<text x="12" y="{pad - 15}">test accuracy</text>']
    for i in range(5):
        y = lo + (hi - lo) * i / 4
        parts.append(f'<text x="{pad - 4}" y="{py(y) + 4:.1f}" text-anchor="end">{100 * y:.2f}%</text>')
        x = xmax * i / 4
        parts.append(f'<text x="{px(x):.1f}" y="{height - pad + 14}" text-anchor="middle">{x:.0f}</text>')
    if target:
        parts.append(f'<line x1="{pad}" y1="{py(target):.1f}" x2="{width - pad}" y2="{py(target):.1f}" '
                     f'stroke="red" stroke-dasharray="4,4"/>')
        parts.append(f'<text x="{width - pad}" y="{py(target) - 4:.1f}" text-anchor="end" fill="red">target {100 * target:.1f}%</text>')
    parts.append(f'<polyline points="{points}" fill="none" stroke="steelblue" stroke-width="2"/>')
    for r in rows:
        if r["test_acc"] is not None:
            parts.append(f'<circle cx="{px(r["train_s"]):.1f}" cy="{py(r["test_acc"]):.1f}" r="3" fill="steelblue"/>')
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    rows, seen, cancelled_why, last_progress = [], 0, None, time.monotonic()
    header = ("epoch", "train_s", "wall_s", "train_acc", "test_loss", "test_acc", "lr", "img_s", "load1")
    print("| " + " | ".join(header) + " |", flush=True)
    print("|" + "---|" * len(header), flush=True)
    with open(TSV, "w") as out:
        out.write("\t".join(header) + "\n")
        while True:
            job = call("GET", f"/api/v1/training-jobs/{JOB}")
            history = job.get("history") or []
            for epoch in history[seen:]:
                train_s = sum(e["seconds"] for e in history[:epoch["epoch"]])
                row = {"epoch": epoch["epoch"], "train_s": train_s, "wall_s": job.get("elapsedSeconds") or 0.0,
                       "train_acc": epoch["accuracy"], "test_loss": epoch.get("validationLoss"),
                       "test_acc": epoch.get("validationAccuracy"), "lr": epoch["learningRate"],
                       "img_s": epoch["examplesPerSecond"], "load1": load1()}
                rows.append(row)
                cells = [str(row["epoch"]), f"{train_s:.0f}", f"{row['wall_s']:.0f}", f"{row['train_acc']:.4f}",
                         "-" if row["test_loss"] is None else f"{row['test_loss']:.4f}",
                         "-" if row["test_acc"] is None else f"{row['test_acc']:.4f}",
                         f"{row['lr']:.2e}", f"{row['img_s']:.0f}", f"{row['load1']:.2f}"]
                print("| " + " | ".join(cells) + " |", flush=True)
                out.write("\t".join(cells) + "\n")
                out.flush()
            seen = len(history)
            if time.monotonic() - last_progress >= 60 and job["state"] == "RUNNING":
                last_progress = time.monotonic()
                print(f"  [{job.get('elapsedSeconds') or 0:.0f} s: epoch {job.get('epoch')}, iteration {job.get('iteration')}, "
                      f"{job.get('examplesPerSecond') or 0:.0f} img/s, load {load1():.1f}]", file=sys.stderr, flush=True)
            svg(rows, SVG, TARGET)
            if job["state"] in FINAL:
                break
            best = max((r["test_acc"] for r in rows if r["test_acc"] is not None), default=0.0)
            elapsed = job.get("elapsedSeconds") or 0.0
            if cancelled_why is None and TARGET and best >= TARGET:
                cancelled_why = f"target {TARGET} reached"
            elif cancelled_why is None and elapsed >= BUDGET:
                cancelled_why = f"budget of {BUDGET:.0f} s spent"
            if cancelled_why and job["state"] == "RUNNING" and not job.get("cancelRequested"):
                call("POST", f"/api/v1/training-jobs/{JOB}/cancel")
            time.sleep(5)
    scored = [r for r in rows if r["test_acc"] is not None]
    print(f"job {JOB}: {job['state']}" + (f" ({cancelled_why})" if cancelled_why else "")
          + (f", error: {job['error']}" if job.get("error") else ""))
    if scored:
        best = max(scored, key=lambda r: r["test_acc"])
        print(f"best test accuracy {best['test_acc']:.4f} after epoch {best['epoch']}, "
              f"{best['train_s']:.0f} training s ({best['wall_s']:.0f} s wall)")
        if TARGET:
            hit = next((r for r in scored if r["test_acc"] >= TARGET), None)
            print(f"target {TARGET}: " + (f"reached after epoch {hit['epoch']}, {hit['train_s']:.0f} training s "
                                          f"({hit['wall_s']:.0f} s wall)" if hit else
                                          f"missed by {100 * (TARGET - best['test_acc']):.2f} points"))


main()
