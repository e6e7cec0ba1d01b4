#!/usr/bin/env bash
# Trains an MLP: runs io.sparkmlp.jobs.Train through spark-submit; see jobs/_launch.sh, or run
# with --help. Without --config, --data or --resume (launcher options such as --master aside),
# trains on MNIST with conf/mnist.conf and the flags given on top (jobs/train.sh --epochs 2),
# fetching MNIST into data/mnist first if it is not there.
set -euo pipefail
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"

split_args "$@"
mnist_default=true
for arg in "${APP_ARGS[@]}"; do
  case $arg in --config|--config=*|--data|--data=*|--resume|--resume=*|-h|--help|-V|--version) mnist_default=false ;; esac
done
if $mnist_default; then
  [[ -d $ROOT/data/mnist ]] || bash "$ROOT/scripts/get-data.sh" mnist >&2
  [[ -f $ROOT/conf/mnist.conf ]] || { echo "train.sh: $ROOT/conf/mnist.conf is missing" >&2; exit 1; }
  APP_ARGS=(--config "$ROOT/conf/mnist.conf" "${APP_ARGS[@]}")
fi
submit Train
