#!/usr/bin/env bash
# Evaluates a saved model on a labelled data set.
# Runs io.sparkmlp.jobs.Evaluate through spark-submit; see jobs/_launch.sh, or run with --help.
set -euo pipefail
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"
launch Evaluate "$@"
