#!/usr/bin/env bash
# Checks the distributed gradient against central differences.
# Runs io.sparkmlp.jobs.GradCheck through spark-submit; see jobs/_launch.sh, or run with --help.
set -euo pipefail
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"
launch GradCheck "$@"
