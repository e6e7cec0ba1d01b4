#!/usr/bin/python3
"""Time to accuracy of a fresh `jobs/train.sh` process: what a user waits for, JIT warm-up and
the first Spark jobs included.

Runs jobs/train.sh (conf/mnist.conf unless --config says otherwise) with a validation check every
--validate-every steps, reads its console lines as they come, and reports for the target accuracy
(on the validation hold-out, never the test set):
  - holds: the first check at >= target after which every later check of the run stays >= target;
  - first touch: the first check at >= target;
each as the training clock the job prints ("after T s of training": validation time left out) and
as wall time since the process was started. The epoch-end checks print no training clock, so the
mid-epoch ones alone count.

    scripts/bench-cold-start.py [--config FILE] [--target 0.97] [--validate-every 8] [--epochs 4]
                                [--out FILE.json] [-- more jobs/train.sh flags]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

CHECK = re.compile(r"^epoch (\d+)/\d+, step (\d+)/(\d+): validation loss ([\d.]+) acc ([\d.]+)% "
                   r"\(after ([\d.]+) s of training\)$")


def first_holding(checks, target):
    """Index of the first check >= target after which none falls below, or None."""
    held = None
    for i, c in enumerate(checks):
        if c["accuracy"] >= target:
            if held is None:
                held = i
        else:
            held = None
    return held


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--config", default=os.path.join(root, "conf", "mnist.conf"))
    p.add_argument("--target", type=float, default=0.97)
    p.add_argument("--validate-every", type=int, default=8)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--out", help="write the figures as JSON here")
    p.add_argument("more", nargs="*", help="more jobs/train.sh flags, after --")
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="sparkmlp-cold-")
    cmd = [os.path.join(root, "jobs", "train.sh"), "--config", a.config, "--validate-every",
           str(a.validate_every), "--epochs", str(a.epochs), "--checkpoint-dir", "none",
           "--out", os.path.join(work, "run")] + a.more
    print("cold start: " + " ".join(cmd) + " (SPARKMLP_JIT=" + os.environ.get("SPARKMLP_JIT", "directives") + ")", flush=True)
    load0 = os.getloadavg()
    t0 = time.monotonic()
    checks = []
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=root)
    for line in proc.stdout:
        line = line.rstrip("\n")
        m = CHECK.match(line)
        if m:
            checks.append({"epoch": int(m.group(1)), "step": int(m.group(2)),
                           "stepsPerEpoch": int(m.group(3)), "loss": float(m.group(4)),
                           "accuracy": float(m.group(5)) / 100, "trainSeconds": float(m.group(6)),
                           "wallSeconds": round(time.monotonic() - t0, 3)})
        elif line.startswith(("BLAS:", "trained ", "test:")) or line.startswith("train: "):
            print("  " + line, flush=True)
    code = proc.wait()
    wall = time.monotonic() - t0
    if code != 0:
        print("cold start: jobs/train.sh exited with %d" % code, file=sys.stderr)
        sys.exit(code)
    held = first_holding(checks, a.target)
    touch = next((i for i, c in enumerate(checks) if c["accuracy"] >= a.target), None)
    result = {
        "command": cmd, "jit": os.environ.get("SPARKMLP_JIT", "directives"), "target": a.target, "checks": checks, "processSeconds": round(wall, 3),
        "loadAverageStart": load0, "loadAverageEnd": os.getloadavg(),
        "holds": checks[held] if held is not None else None,
        "firstTouch": checks[touch] if touch is not None else None,
    }
    for name in ("holds", "firstTouch"):
        c = result[name]
        label = "holds      " if name == "holds" else "first touch"
        if c is None:
            print("cold start: %s: %.0f%% not reached in %d checks" % (label, 100 * a.target, len(checks)))
        else:
            print("cold start: %s: %.0f%% at epoch %d step %d/%d, after %.2f s of training, %.1f s after the"
                  " process started" % (label, 100 * a.target, c["epoch"], c["step"], c["stepsPerEpoch"],
                                        c["trainSeconds"], c["wallSeconds"]))
    print("cold start: the process took %.1f s in all; load average %.2f at start, %.2f at end"
          % (wall, load0[0], result["loadAverageEnd"][0]))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(result, f, indent=2)
        print("wrote " + a.out)


if __name__ == "__main__":
    main()
