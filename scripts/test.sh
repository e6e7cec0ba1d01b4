#!/usr/bin/env bash
# The project's test command: prepares the machine and data, then runs every test with Maven.
set -euo pipefail

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  cat <<'USAGE'
Usage: scripts/test.sh [extra mvn arguments]

  1. scripts/setup.sh --no-build   (OpenBLAS, java >= 17, mvn)
  2. scripts/get-data.sh mnist     (data/mnist, md5-verified; for the learning checks)
  3. mvn -B verify [extra mvn arguments]: unit tests (surefire) and integration tests *IT.java
     (failsafe). Exits with Maven's exit code.
Example: scripts/test.sh -Dtest=BlasTest -Dit.test=none -Dsurefire.failIfNoSpecifiedTests=false
USAGE
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --no-build
bash scripts/get-data.sh mnist
exec mvn -B verify "$@"
