#!/usr/bin/python3
"""The figures to beat, from one jobs/benchmark.sh run's files in DIR: our time to the target
validation accuracy that holds, warm (inside the benchmark JVM) and cold (a fresh jobs/train.sh),
against MLlib's L-BFGS (same run) and single-process PyTorch (same recipe, same machine).

    scripts/_bench-summary.py DIR   (reads benchmark.json, cold-start.json, pytorch.json when there)
"""
import json
import os
import sys


def read(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def main(out):
    bench = read(os.path.join(out, "benchmark.json")) or {}
    cold = read(os.path.join(out, "cold-start.json"))
    torch = read(os.path.join(out, "pytorch.json"))
    tta = bench.get("timeToAccuracy", {})
    ours = tta.get("sparkmlp")
    mllib = tta.get("mllib")
    warm = ours["seconds"] if ours and ours.get("reached") else None
    print()
    print("== the figures to beat (time to %.0f%% validation accuracy that holds) ==" % (100 * tta.get("targetAccuracy", 0.97)))
    if warm is not None:
        print("  sparkmlp, warm (in the benchmark JVM)      %.2f s, held from step %s" % (warm, ours["heldFromStep"]))
    else:
        print("  sparkmlp, warm: not measured (no tta section, or the target did not hold)")
    if mllib:
        bound = {"exact": "", "lower": " (a lower bound: the budget ran out)"}.get(mllib.get("bound"), " (" + str(mllib.get("bound")) + ")")
        line = "  MLlib l-bfgs, same run                     %.1f s%s" % (mllib["seconds"], bound)
        if warm:
            line += "; sparkmlp is %.1fx faster (aim: 50x)" % (mllib["seconds"] / warm)
        print(line)
    if cold:
        h = cold.get("holds")
        if h:
            line = ("  sparkmlp, cold (a fresh jobs/train.sh)     %.2f s of training, %.1f s after the process started"
                    % (h["trainSeconds"], h["wallSeconds"]))
            if warm:
                line += "; cold/warm %.2fx (target <= 1.5x)" % (h["trainSeconds"] / warm)
            print(line)
        else:
            print("  sparkmlp, cold: the target did not hold in %d checks" % len(cold.get("checks", [])))
    if torch:
        h = torch.get("time_to_target_holds")
        if h:
            line = ("  PyTorch %s, one process, %s thread(s)    %.2f s (step %d), %.0f samples/s per pass (median)"
                    % (torch.get("torch"), torch.get("config", {}).get("threads"), h["seconds"], h["step"],
                       torch.get("samples_per_second_median", 0)))
            if warm:
                line += "; sparkmlp/PyTorch %.2fx (aim: <= 1.5x)" % (warm / h["seconds"])
            print(line)
            print("    its GEMMs: %s" % torch.get("gemm_backend"))
        else:
            print("  PyTorch: the target did not hold")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
