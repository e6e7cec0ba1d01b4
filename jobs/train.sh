#!/usr/bin/env bash
# Trains an MLP: runs io.sparkmlp.jobs.Train through spark-submit; see jobs/_launch.sh, or run
# with --help. Without --config, --data or --resume (launcher options such as --master aside),
# trains on MNIST with conf/mnist.conf and the flags given on top (jobs/train.sh --epochs 2),
# fetching MNIST into data/mnist first if it is not there. With --config, the data the conf
# names ('data', 'test-data'; a flag of the same name replaces it) is fetched the same way
# through scripts/conf-data.sh, or the run stops with one line saying what is missing.
set -euo pipefail
# shellcheck source=jobs/_launch.sh
source "$(dirname "${BASH_SOURCE[0]}")/_launch.sh"

split_args "$@"
mnist_default=true conf="" data_skips=() prev=""
for arg in "${APP_ARGS[@]}"; do
  case $arg in --config|--config=*|--data|--data=*|--resume|--resume=*|-h|--help|-V|--version) mnist_default=false ;; esac
  case $arg in
    --config=*) conf=${arg#--config=} ;;
    --data|--data=*) data_skips+=(--skip data) ;;
    --test-data|--test-data=*) data_skips+=(--skip test-data) ;;
  esac
  [[ $prev != --config ]] || conf=$arg
  prev=$arg
done
if [[ -n $conf && " ${APP_ARGS[*]} " != *" --help "* && " ${APP_ARGS[*]} " != *" -h "* ]]; then
  [[ -f $conf ]] || { echo "train.sh: --config $conf: no such file" >&2; exit 1; }
  bash "$ROOT/scripts/conf-data.sh" "${data_skips[@]}" "$conf" || exit 1
fi
if $mnist_default; then
  [[ -d $ROOT/data/mnist ]] || bash "$ROOT/scripts/get-data.sh" mnist >&2
  [[ -f $ROOT/conf/mnist.conf ]] || { echo "train.sh: $ROOT/conf/mnist.conf is missing" >&2; exit 1; }
  APP_ARGS=(--config "$ROOT/conf/mnist.conf" "${APP_ARGS[@]}")
fi
submit Train
