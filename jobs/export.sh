#!/usr/bin/env bash
# Writes a saved model as an ONNX file (plain MLP, or a StandardScaler + MLP pipeline).
# Runs io.sparkmlp.jobs.Export through spark-submit; see jobs/_launch.sh, or run with --help.
set -euo pipefail
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"
launch Export "$@"
