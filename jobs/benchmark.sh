#!/usr/bin/env bash
# Measures the time per training step and the samples per second.
# Runs io.sparkmlp.jobs.Benchmark through spark-submit; see jobs/_launch.sh, or run with --help.
set -euo pipefail
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"
launch Benchmark "$@"
