#!/usr/bin/python3
"""Where a DL4J training step spends its time, from a JFR recording of the benchmark's main thread.

Samples (Java and native-method) are attributed to the innermost DL4J layer/updater frame on the stack and to
the top frame (the native op or Java method actually running). Usage: jfr_breakdown.py RECORDING.jfr
"""
import collections
import json
import subprocess
import sys


def frames(event):
    return [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
            for f in event["values"]["stackTrace"]["frames"]]


def owner(stack):
    for frame in stack:
        if frame.startswith("org.deeplearning4j.nn.layers.") or frame.startswith("org.deeplearning4j.nn.updater."):
            cls, method = frame.rsplit(".", 1)
            return cls.rsplit(".", 1)[1] + "." + method
    for frame in stack:
        if frame.startswith("org.deeplearning4j."):
            cls, method = frame.rsplit(".", 1)
            return cls.rsplit(".", 1)[1] + "." + method
    return "other: " + (stack[0] if stack else "?")


def main(path):
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64",
                          "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    by_owner = collections.Counter()
    by_top = collections.Counter()
    total = 0
    for event in events:
        if event["values"]["sampledThread"]["javaName"] != "main":
            continue
        stack = frames(event)
        if not stack:
            continue
        total += 1
        by_owner[owner(stack)] += 1
        by_top[stack[0]] += 1
    print(f"{total} samples of thread main\n\n| DL4J frame (innermost) | share |\n|---|---|")
    for name, n in by_owner.most_common(25):
        print(f"| {name} | {100 * n / total:.1f}% |")
    print("\n| top frame | share |\n|---|---|")
    for name, n in by_top.most_common(20):
        print(f"| {name} | {100 * n / total:.1f}% |")


if __name__ == "__main__":
    main(sys.argv[1])
