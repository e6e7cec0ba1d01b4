#!/usr/bin/env bash
# Shows which OpenBLAS kernel set sparkmlp's launchers give the JVMs on this host, and why.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/blas-kernel.sh [--refresh]

OpenBLAS picks its kernels from the CPU's model number when it loads; on a CPU newer than the
library it falls back to generic ones (Debian's 0.3.21 on Intel family 6 model 207: Prescott,
measured 4-7x slower). sparkmlp's launchers (jobs/*.sh, scripts/spark-submit, scripts/cluster.sh)
therefore probe once per host: one child JVM with no OPENBLAS_CORETYPE and one for each kernel
set the CPU's flags allow, each checked against a plain-Java GEMM and timed single-threaded.
The fastest correct one is exported as OPENBLAS_CORETYPE when it beats OpenBLAS's own choice by
10% or more. A value you set yourself is always kept; SPARKMLP_BLAS_PROBE=off turns the probe off.

This prints the result: the CPU, the library, every kernel tried, the choice and the cache file
($SPARKMLP_CACHE_DIR, else $XDG_CACHE_HOME/sparkmlp or ~/.cache/sparkmlp).

  --refresh   probe again, ignoring the cache
  -h, --help  this text
USAGE
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
args=()
for arg in "$@"; do
  case $arg in
    --refresh) args+=(--refresh) ;;
    -h|--help) usage; exit 0 ;;
    *) echo "blas-kernel: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ -z $(compgen -G "$ROOT/target/sparkmlp-*.jar" || true) \
      || -z $(compgen -G "$ROOT/target/spark-home/jars/*.jar" || true) ]]; then
  bash "$ROOT/scripts/setup.sh" >&2
fi
echo "OPENBLAS_CORETYPE in this shell: ${OPENBLAS_CORETYPE:-(unset)} (a value set here is what the launchers keep)"
# Netlib's start-up warnings go to stderr; the probe's progress lines start with "blas: ".
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m \
  -cp "$(compgen -G "$ROOT/target/sparkmlp-*.jar" | head -n 1):$ROOT/target/spark-home/jars/*" \
  io.sparkmlp.linalg.KernelProbe --show "${args[@]}" 2> >(grep '^blas: ' >&2 || true)
