#!/usr/bin/env bash
# sparkmlp vs Spark MLlib's MLP on MNIST in one run: throughput, time to 97% validation accuracy that holds,
# kernel efficiency and the cost of one step; with --sections sparse, on text (Debian's
# fortunes) against MLlib's LogisticRegression and MLP; prints a table and writes benchmark.json.
# Runs io.sparkmlp.jobs.Benchmark through spark-submit; see jobs/_launch.sh, or run with --help.
set -euo pipefail
# The master defaults to local[2] (the benchmark's reference setup), not the launchers' local[*].
DEFAULT_MASTER="local[2]"
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"

split_args "$@"
# The sections asked for (--sections LIST or --sections=LIST; default: the MNIST ones) say which data to fetch.
sections=kernels,throughput,tta
for ((i = 0; i < ${#APP_ARGS[@]}; i++)); do
  case ${APP_ARGS[i]} in
    --sections) sections=${APP_ARGS[i + 1]:-} ;;
    --sections=*) sections=${APP_ARGS[i]#*=} ;;
  esac
done
if [[ ,$sections, =~ ,(kernels|throughput|tta), ]]; then
  [[ -d $ROOT/data/mnist || " $* " == *" --data"* ]] || bash "$ROOT/scripts/get-data.sh" mnist >&2
fi
if [[ ,$sections, == *,sparse,* && " $* " != *" --sparse-config"* ]]; then
  [[ -f $ROOT/data/fortunes/train.csv ]] || bash "$ROOT/scripts/get-data.sh" fortunes >&2
fi
submit Benchmark
