#!/usr/bin/env bash
# Makes this machine ready to build and run sparkmlp. Safe to run again: each step checks first.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/setup.sh [--force] [--no-build]

Steps, one line of output each:
  1. native BLAS: installs libopenblas0-pthread with apt-get when no OpenBLAS provides
     libblas.so.3 (as root; otherwise prints the command and goes on: the Java BLAS still works,
     only slower).
  2. checks that java (17 or newer) and mvn are on the PATH.
  3. builds target/sparkmlp-*.jar and target/spark-home/jars with
     'mvn -B -q -DskipTests package' when either is missing or when pom.xml or a file under
     src/ is newer than the jar.

Options:
  --force     build even when the jar looks up to date
  --no-build  skip step 3
  -h, --help  show this text
USAGE
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
force=false build=true
for arg in "$@"; do
  case $arg in
    --force) force=true ;;
    --no-build) build=false ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

say() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

# 1. Native BLAS. dev.ludovic.netlib loads the system libblas.so.3; OpenBLAS makes it 4-18x faster.
# awk reads to the end (no 'exit'): a reader that stops early kills ldconfig with SIGPIPE once
# its output outgrows the 64 KiB pipe buffer, and pipefail turns that into exit 141.
blas_lib() { ldconfig -p 2>/dev/null | awk '/libblas\.so\.3 / && !found {print $NF; found = 1}'; }
lib=$(blas_lib)
if [[ -n $lib && $(readlink -f "$lib") == *openblas* ]]; then
  say "native BLAS: OpenBLAS found ($(readlink -f "$lib"))"
elif [[ $(id -u) -eq 0 ]]; then
  say "native BLAS: installing libopenblas0-pthread with apt-get"
  # Refresh the package lists only when apt does not know the package yet.
  apt-cache show libopenblas0-pthread >/dev/null 2>&1 || apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread >/dev/null
  lib=$(blas_lib)
  [[ -n $lib && $(readlink -f "$lib") == *openblas* ]] \
    || die "libopenblas0-pthread is installed but libblas.so.3 is not OpenBLAS ($(readlink -f "${lib:-none}")); check 'update-alternatives --display libblas.so.3-$(uname -m)-linux-gnu'"
else
  say "native BLAS: OpenBLAS missing; run 'sudo apt-get install libopenblas0-pthread' (continuing with the slower Java BLAS)"
fi

# 2. Tools.
command -v java >/dev/null || die "java not found on the PATH; install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)"
java_version=$(java -version 2>&1 | awk -F'"' '/version/ && !found {print $2; found = 1}')
java_major=${java_version%%.*}
[[ $java_major == 1 ]] && java_major=$(cut -d. -f2 <<<"$java_version")   # "1.8.0_x" means 8
[[ $java_major =~ ^[0-9]+$ && $java_major -ge 17 ]] \
  || die "Java 17 or newer is needed; found '${java_version:-unknown}' at $(command -v java)"
command -v mvn >/dev/null || die "mvn not found on the PATH; install Maven 3.8 or newer (Debian: apt-get install maven)"
say "tools: java $java_version, $(command -v mvn)"

# 3. The build.
$build || exit 0
cd "$ROOT"
jar=$(compgen -G 'target/sparkmlp-*.jar' | head -n 1 || true)
reason=""
if $force; then reason="--force"
elif [[ -z $jar ]]; then reason="no target/sparkmlp-*.jar"
elif [[ -z $(compgen -G 'target/spark-home/jars/*.jar' || true) ]]; then reason="no target/spark-home/jars"
else
  inputs=(pom.xml); [[ -d src ]] && inputs+=(src)
  newer=$(find "${inputs[@]}" -newer "$jar" -type f -print -quit)
  [[ -n $newer ]] && reason="$newer is newer than $jar"
fi
if [[ -z $reason ]]; then
  say "build: up to date ($jar)"
else
  say "build: mvn -B -q -DskipTests package ($reason)"
  # Debian's Maven 3.8 prints stray ANSI resets even with -q -B; strip them to stay quiet.
  mvn -B -q -DskipTests package 2>&1 | sed $'s/\e\\[0m//g' || die "the build failed; run 'mvn -B -DskipTests package' in $ROOT to see why"
fi
