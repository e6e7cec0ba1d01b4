#!/usr/bin/env bash
# sparkmlp vs Spark MLlib's MLP on MNIST in one run: throughput, time to 97% test accuracy,
# kernel efficiency and the cost of one step; prints a table and writes benchmark.json.
# Runs io.sparkmlp.jobs.Benchmark through spark-submit; see jobs/_launch.sh, or run with --help.
set -euo pipefail
# The master defaults to local[2] (the benchmark's reference setup), not the launchers' local[*].
DEFAULT_MASTER="local[2]"
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"

split_args "$@"
[[ -d $ROOT/data/mnist || " $* " == *" --data"* ]] || bash "$ROOT/scripts/get-data.sh" mnist >&2
submit Benchmark
