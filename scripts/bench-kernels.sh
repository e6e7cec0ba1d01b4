#!/usr/bin/env bash
# Kernel benchmark of one forward+backward pass (B=1024) against its GEMMs alone.
#   scripts/bench-kernels.sh [reps [warmup [batch]]]   plain-Java report (io.sparkmlp.bench.KernelEfficiency)
#   scripts/bench-kernels.sh --jmh [JMH options]       the JMH benchmark io.sparkmlp.bench.KernelBench
#   scripts/bench-kernels.sh --sparse [d [h [batch]]]  CSR against dense input by density (io.sparkmlp.bench.SparseLayoutBench)
# OPENBLAS_NUM_THREADS is left as you have it (unset = OpenBLAS uses every core); it is printed.
# OPENBLAS_CORETYPE is kept when set, else chosen by sparkmlp's probe (scripts/blas-kernel.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'USAGE'
  reps: timed passes, the median is reported (default 21); warmup: untimed ones first (default 5); batch: rows (default 1024).
  Builds the test classes with Maven first.
USAGE
  exit 0
fi

# Maven's output only when it fails (mvn -q still prints colour resets).
quiet() { local out; out=$("$@" 2>&1) || { printf '%s\n' "$out" >&2; exit 1; }; }
quiet mvn -B -q test-compile
quiet mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
# shellcheck source=scripts/_blas-kernel.sh
source scripts/_blas-kernel.sh
choose_blas_kernel "$CP"
echo "OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-(unset)} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset)}"

if [[ "${1:-}" == "--jmh" ]]; then
  shift
  exec java -Djava.awt.headless=true -cp "$CP" org.openjdk.jmh.Main KernelBench "$@"
fi
if [[ "${1:-}" == "--sparse" ]]; then
  shift
  exec java -Djava.awt.headless=true -cp "$CP" io.sparkmlp.bench.SparseLayoutBench "$@"
fi
exec java -Djava.awt.headless=true -cp "$CP" io.sparkmlp.bench.KernelEfficiency "$@"
