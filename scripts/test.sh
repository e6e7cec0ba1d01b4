#!/usr/bin/env bash
# The project's test command: prepares the machine and data, then runs every test with Maven.
set -euo pipefail

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  cat <<'USAGE'
Usage: scripts/test.sh [extra mvn arguments]

  1. scripts/setup.sh --no-build   (OpenBLAS, java >= 17, mvn)
  2. scripts/get-data.sh mnist     (data/mnist, md5-verified; for the learning checks)
  3. the OpenBLAS kernels for the test JVMs: compiles, then scripts/_blas-kernel.sh's probe
     exports OPENBLAS_CORETYPE unless it is set already (the forked test JVMs inherit it)
  4. mvn -B verify [extra mvn arguments]: unit tests (surefire) and integration tests *IT.java
     (failsafe)
  5. with no extra arguments: scripts/spark-matrix.sh $SPARKMLP_SPARK_MATRIX (default 4.2.0;
     empty: skipped), the Spark-touching subset of the classes just built against 4.0.1, run
     unrecompiled on each newer Spark's jars
Exits non-zero if Maven or the matrix fails.
Example: scripts/test.sh -Dtest=BlasTest -Dit.test=none -Dsurefire.failIfNoSpecifiedTests=false
USAGE
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --no-build
bash scripts/get-data.sh mnist
# OpenBLAS fixes its kernels when it loads, so they are chosen before Maven forks the test JVMs.
# Maven's output only when it fails (Debian's mvn -q still prints colour resets).
out=$(mvn -B -q compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/probe.classpath 2>&1) || { printf '%s\n' "$out" >&2; exit 1; }
# shellcheck source=scripts/_blas-kernel.sh
source scripts/_blas-kernel.sh
choose_blas_kernel "target/classes:$(cat target/probe.classpath)"
echo "test: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset: OpenBLAS chooses)}"
mvn -B verify "$@"
# a run narrowed by mvn arguments (one test, say) is not followed by the matrix
matrix=${SPARKMLP_SPARK_MATRIX-4.2.0}
# shellcheck disable=SC2086  # one argument a version
[[ $# -gt 0 || -z $matrix ]] || bash scripts/spark-matrix.sh $matrix
