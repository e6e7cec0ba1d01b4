#!/usr/bin/env bash
# Scaling table: our float32 throughput on a standalone cluster of 1 worker, then of 2 workers
# (1 core each, scripts/cluster.sh), at one large batch; samples/s and efficiency vs 1 worker.
#   scripts/bench-scaling.sh [--batch-size B] [--passes N] [--out DIR] [--data DIR]
# Defaults: batch 4096, 5 passes, out runs/scaling. The cluster is always stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

batch=4096 passes=5 out=runs/scaling data=data/mnist
while (($#)); do
  case $1 in
    --batch-size) batch=$2; shift 2 ;;
    --passes) passes=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-scaling: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if scripts/cluster.sh status >/dev/null 2>&1; then
  echo "bench-scaling: a cluster from scripts/cluster.sh is already running; stop it first" >&2
  exit 1
fi
trap 'scripts/cluster.sh stop >/dev/null 2>&1 || true' EXIT

# samples/s of our float32 throughput in a benchmark.json (the first samplesPerSecond in it).
samples_per_second() { grep -m1 '"samplesPerSecond"' "$1" | sed 's/.*: *//; s/,$//'; }

declare -A sps
for workers in 1 2; do
  scripts/cluster.sh start "$workers"
  # One partition per executor core; wait until every executor has registered; executors get
  # most of the worker's 2g (and conf/spark-defaults.conf's G1 region size).
  jobs/benchmark.sh --master spark://127.0.0.1:7077 \
    --conf spark.executor.memory=1600m \
    --conf spark.scheduler.minRegisteredResourcesRatio=1.0 \
    --conf spark.scheduler.maxRegisteredResourcesWaitingTime=120s \
    --scaling --partitions "$workers" --batch-size "$batch" --passes "$passes" \
    --data "$data" --out "$out/workers-$workers"
  sps[$workers]=$(samples_per_second "$out/workers-$workers/benchmark.json")
  scripts/cluster.sh stop
done

{
  echo
  echo "== scaling: standalone cluster on 127.0.0.1, 1 core per worker, float32, batch $batch, median of $passes passes =="
  printf '%-8s | %10s | %7s | %10s\n' workers samples/s speedup efficiency
  for workers in 1 2; do
    awk -v w="$workers" -v s="${sps[$workers]}" -v b="${sps[1]}" \
      'BEGIN { printf "%-8d | %10.0f | %6.2fx | %9.0f%%\n", w, s, s / b, 100 * s / (w * b) }'
  done
} | tee "$out/scaling.txt"
