#!/usr/bin/env bash
# Trains an MLP: runs io.sparkmlp.jobs.Train through spark-submit; see jobs/_launch.sh, or run
# with --help. With no arguments for Train (launcher options such as --master aside), trains on
# MNIST with conf/mnist.conf, fetching MNIST into data/mnist first if it is not there.
set -euo pipefail
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"

split_args "$@"
if ((${#APP_ARGS[@]} == 0)); then
  [[ -d $ROOT/data/mnist ]] || bash "$ROOT/scripts/get-data.sh" mnist >&2
  [[ -f $ROOT/conf/mnist.conf ]] || { echo "train.sh: $ROOT/conf/mnist.conf is missing" >&2; exit 1; }
  APP_ARGS=(--config "$ROOT/conf/mnist.conf")
fi
submit Train
