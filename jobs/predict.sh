#!/usr/bin/env bash
# Writes a saved model's predictions for a data set.
# Runs io.sparkmlp.jobs.Predict through spark-submit; see jobs/_launch.sh, or run with --help.
set -euo pipefail
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"
launch Predict "$@"
