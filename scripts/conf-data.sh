#!/usr/bin/env bash
# Makes sure the data a train conf names is there: for each of its 'data' and 'test-data' paths
# (relative ones resolved against the conf's directory, as the train job does) that does not
# exist, runs scripts/get-data.sh for the data set it belongs to, or stops with one line saying
# why it cannot. Called by jobs/train.sh before it submits a --config run.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/conf-data.sh [--dry-run] [--skip KEY]... CONF

  CONF         a train conf (key = value lines), e.g. conf/fashion-mnist.conf
  --dry-run    print the get-data command for each missing path instead of running it
  --skip KEY   leave KEY (data or test-data) alone: a flag on the command line replaces it

A missing path belongs to a data set when it is, or is a file directly in, a directory named
after one that scripts/get-data.sh fetches (scripts/get-data.sh --list); that directory is
passed as --dir. Any other missing path is an error, exit 1, with one line naming the conf, the
key and the path. Environment: SPARKMLP_GET_DATA, the get-data command (default
scripts/get-data.sh).
USAGE
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GET_DATA=${SPARKMLP_GET_DATA:-$ROOT/scripts/get-data.sh}
die() { echo "conf-data: $*" >&2; exit 1; }

dry=false conf="" skip=" "
while (($#)); do
  case $1 in
    --dry-run) dry=true ;;
    --skip) (($# >= 2)) || { usage >&2; exit 2; }; skip+="$2 "; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "conf-data: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    *) [[ -z $conf ]] || { usage >&2; exit 2; }; conf=$1 ;;
  esac
  shift
done
[[ -n $conf ]] || { usage >&2; exit 2; }
[[ -f $conf ]] || die "$conf: no such file"
conf_dir=$(cd "$(dirname "$conf")" && pwd)
names=$(bash "$ROOT/scripts/get-data.sh" --list | tr '\n' ' ')
known=" $names "

# value KEY: the value of 'KEY = value' in the conf (the last one wins), or nothing.
value() {
  sed -n -E "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\\1/p" "$conf" | tail -n 1
}

fetched=" "
for key in data test-data; do
  [[ $skip != *" $key "* ]] || continue
  path=$(value "$key")
  [[ -n $path ]] || continue
  [[ $path == /* ]] || path=$conf_dir/$path
  path=$(realpath -m "$path")
  [[ ! -e $path ]] || continue
  dir=""
  if [[ $known == *" $(basename "$path") "* ]]; then
    dir=$path
  elif [[ $known == *" $(basename "$(dirname "$path")") "* ]]; then
    dir=$(dirname "$path")
  fi
  [[ -n $dir ]] || die "$conf: $key = $(value "$key") ($path) does not exist, and scripts/get-data.sh fetches none of it (it knows ${names% }); fetch it there first"
  name=$(basename "$dir")
  # the conf's two paths may share one data set (fortunes' train.csv and test.csv): fetch it once
  [[ $fetched != *" $dir "* ]] || continue
  fetched+="$dir "
  if $dry; then
    echo "$GET_DATA $name --dir $dir"
  else
    [[ -e $path ]] || "$GET_DATA" "$name" --dir "$dir" >&2 \
      || die "$conf: $key = $path is missing and '$GET_DATA $name --dir $dir' failed"
    [[ -e $path ]] || die "$conf: $key = $path is still missing after '$GET_DATA $name --dir $dir'"
  fi
done
