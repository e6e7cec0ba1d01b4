#!/usr/bin/env bash
# sparkmlp vs Spark MLlib's MLP on MNIST in one run: throughput, time to 97% validation accuracy that holds,
# kernel efficiency, the cost of one step and its model; with --sections sparse, on text (Debian's
# fortunes) against MLlib's LogisticRegression and MLP; prints a table and writes benchmark.json.
# Runs io.sparkmlp.jobs.Benchmark through spark-submit (see jobs/_launch.sh, or run with --help), then
# the two sections that run outside it, each in a process of its own after it:
#   pytorch    single-process PyTorch on the CPU with this project's recipe (scripts/bench-pytorch.sh)
#   coldstart  time to the target of a fresh jobs/train.sh process (scripts/bench-cold-start.py)
# and prints them beside our in-benchmark time to accuracy (the warm one).
set -euo pipefail
# The master defaults to local[2] (the benchmark's reference setup), not the launchers' local[*].
DEFAULT_MASTER="local[2]"
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"

split_args "$@"
# The sections asked for (--sections LIST or --sections=LIST) say which data to fetch and what runs.
sections=kernels,throughput,tta,batches,costmodel,pytorch,coldstart
# --scaling (scripts/bench-scaling.sh) measures a cluster: no process of its own after it.
[[ " ${APP_ARGS[*]} " == *" --scaling "* ]] && sections=kernels,throughput,tta,batches,costmodel
out=runs/benchmark
for ((i = 0; i < ${#APP_ARGS[@]}; i++)); do
  case ${APP_ARGS[i]} in
    --sections) sections=${APP_ARGS[i + 1]:-} ;;
    --sections=*) sections=${APP_ARGS[i]#*=} ;;
    --out) out=${APP_ARGS[i + 1]:-} ;;
    --out=*) out=${APP_ARGS[i]#*=} ;;
  esac
done
# The benchmark JVM's own sections: the list without pytorch and coldstart.
java_sections=$(tr ',' '\n' <<<"$sections" | grep -vx -e pytorch -e coldstart | paste -sd, - || true)
args=()
for ((i = 0; i < ${#APP_ARGS[@]}; i++)); do
  case ${APP_ARGS[i]} in
    --sections) i=$((i + 1)) ;;
    --sections=*) ;;
    *) args+=("${APP_ARGS[i]}") ;;
  esac
done
help=false
[[ " ${APP_ARGS[*]} " == *" --help "* || " ${APP_ARGS[*]} " == *" -h "* ]] && help=true
APP_ARGS=("${args[@]}")
[[ -n $java_sections ]] && APP_ARGS+=(--sections "$java_sections")

if [[ ,$sections, =~ ,(kernels|throughput|tta|batches|pytorch|coldstart), ]] && ! $help; then
  [[ -d $ROOT/data/mnist || " $* " == *" --data"* ]] || bash "$ROOT/scripts/get-data.sh" mnist >&2
fi
if [[ ,$sections, == *,sparse,* && " $* " != *" --sparse-config"* ]] && ! $help; then
  [[ -f $ROOT/data/fortunes/train.csv ]] || bash "$ROOT/scripts/get-data.sh" fortunes >&2
fi
if $help || [[ -n $java_sections ]]; then
  (submit Benchmark)
fi
$help && exit 0
[[ $out = /* ]] || out=$ROOT/$out
mkdir -p "$out"
if [[ ,$sections, == *,coldstart,* ]]; then
  echo
  echo "== cold start: a fresh jobs/train.sh, checked every 8 steps on the validation split =="
  /usr/bin/python3 "$ROOT/scripts/bench-cold-start.py" --out "$out/cold-start.json"
fi
if [[ ,$sections, == *,pytorch,* ]]; then
  echo
  echo "== PyTorch, one process on the CPU, this project's recipe (scripts/bench-pytorch.sh) =="
  bash "$ROOT/scripts/bench-pytorch.sh" --out "$out/pytorch.json" || echo "pytorch: not run (exit $?)"
fi
if [[ ,$sections, =~ ,(pytorch|coldstart), ]]; then
  /usr/bin/python3 "$ROOT/scripts/_bench-summary.py" "$out"
fi
