#!/usr/bin/env bash
# Turns category files in the fortune(6) format into one labelled text table, split into
# train and test. Called by scripts/get-data.sh (fortunes); usable on any such directory.
#
# Usage: scripts/_categories-csv.sh SRC_DIR OUT_DIR CATEGORY...
#
#   - CATEGORY k (0-based, in argument order) is the file SRC_DIR/CATEGORY and gets label k.
#   - A document is an entry of that file: the lines between two lines holding only '%'
#     (the first entry starts at line 1; the last may end without a '%').
#   - Its text: overstrikes resolved as a terminal shows them ('c' BACKSPACE erases 'c'), tabs
#     made spaces, the other control characters (BEL, CR, ...) dropped, its lines joined by one
#     space, leading and trailing spaces trimmed. Bytes are kept as they are (the files are UTF-8).
#     An entry left blank is not a document (counted as 'blank').
#   - Split, deterministic: the 5th, 10th, 15th, ... document of each category, in file order,
#     goes to test.csv; the others to train.csv. Rows keep category order, then file order.
#   - Writes OUT_DIR/train.csv and OUT_DIR/test.csv (header 'label,text', the text always in
#     double quotes, each '"' in it doubled: RFC 4180) and OUT_DIR/labels.txt ('k CATEGORY' per
#     line). Prints one line per category and one per split.
#
# Exits 1 naming the category when its file is missing or holds no document; then the three
# files in OUT_DIR are left as they were.
set -euo pipefail

say() { echo "categories-csv: $*"; }
die() { echo "categories-csv: error: $*" >&2; exit 1; }

(($# >= 3)) || die "usage: scripts/_categories-csv.sh SRC_DIR OUT_DIR CATEGORY..."
src=$1 out=$2
shift 2
for c in "$@"; do
  [[ $c != */* && -n $c ]] || die "category '$c': a category is a file name inside $src"
  [[ -f $src/$c ]] || die "category '$c': $src/$c is missing"
done
mkdir -p "$out"
trap 'rm -f "$out/.train.csv.part" "$out/.test.csv.part" "$out/.labels.txt.part"' EXIT

printf 'label,text\n' >"$out/.train.csv.part"
printf 'label,text\n' >"$out/.test.csv.part"
: >"$out/.labels.txt.part"
k=0 ntrain=0 ntest=0
for c in "$@"; do
  # LC_ALL=C: awk works on bytes, the same in mawk, gawk and busybox awk.
  counts=$(LC_ALL=C awk -v label="$k" -v train="$out/.train.csv.part" -v test="$out/.test.csv.part" '
    BEGIN {
      BS = sprintf("%c", 8)
      OVERSTRIKE = "[^" BS "]" BS
      CTRL = "[" sprintf("%c", 1) "-" sprintf("%c", 31) sprintf("%c", 127) "]"
      doc = ""; n = 0; blank = 0
    }
    function flush() {
      gsub(/^ +| +$/, "", doc)
      if (doc == "") { blank++; return }
      n++
      gsub(/"/, "\"\"", doc)
      print label ",\"" doc "\"" >> (n % 5 == 0 ? test : train)
      doc = ""
    }
    $0 == "%" { flush(); doc = ""; started = 0; next }
    {
      line = $0
      while (match(line, OVERSTRIKE)) line = substr(line, 1, RSTART - 1) substr(line, RSTART + 2)
      gsub(/\t/, " ", line)
      gsub(CTRL, "", line)
      doc = started ? doc " " line : line
      started = 1
    }
    END {
      if (started) flush()
      print n, blank
    }' "$src/$c")
  read -r n blank <<<"$counts"
  ((n > 0)) || die "category '$c': $src/$c holds no document"
  te=$((n / 5)) tr=$((n - n / 5))
  say "$k $c: $n documents ($tr train, $te test; $blank blank entries skipped)"
  echo "$k $c" >>"$out/.labels.txt.part"
  ntrain=$((ntrain + tr)) ntest=$((ntest + te)) k=$((k + 1))
done
mv "$out/.train.csv.part" "$out/train.csv"
mv "$out/.test.csv.part" "$out/test.csv"
mv "$out/.labels.txt.part" "$out/labels.txt"
say "train.csv: $ntrain rows, test.csv: $ntest rows, $k classes"
