#!/usr/bin/env bash
# Kernel benchmark of one forward+backward pass (B=1024) against its GEMMs alone.
#   scripts/bench-kernels.sh [reps [warmup [batch]]]   plain-Java report (io.sparkmlp.bench.KernelReport)
#   scripts/bench-kernels.sh --jmh [JMH options]       the JMH benchmark io.sparkmlp.bench.KernelBench
# OPENBLAS_NUM_THREADS is left as you have it (unset = OpenBLAS uses every core); it is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -Dstyle.color=never test-compile
mvn -B -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
echo "OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-(unset)} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset)}"

if [[ "${1:-}" == "--jmh" ]]; then
  shift
  exec java -Djava.awt.headless=true -cp "$CP" org.openjdk.jmh.Main KernelBench "$@"
fi
exec java -Djava.awt.headless=true -cp "$CP" io.sparkmlp.bench.KernelReport "$@"
