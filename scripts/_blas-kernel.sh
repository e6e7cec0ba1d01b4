# shellcheck shell=bash
# Sourced by the launchers (scripts/spark-submit, jobs/_launch.sh, scripts/cluster.sh,
# scripts/bench-kernels.sh, scripts/test.sh): picks the OpenBLAS kernel set before the JVM that
# computes starts, since OpenBLAS reads OPENBLAS_CORETYPE once, when it loads.
#
# choose_blas_kernel CLASSPATH
#   - OPENBLAS_CORETYPE already set (by you, or on purpose by the environment): kept, nothing runs.
#   - SPARKMLP_BLAS_PROBE=off: nothing runs; OpenBLAS detects by itself.
#   - otherwise io.sparkmlp.linalg.KernelProbe (on CLASSPATH: the app jar or classes, and netlib's
#     jars) answers from its per-host cache, or probes once: a child JVM per kernel set the CPU's
#     flags allow, each checked against a plain-Java GEMM and timed. When one is faster than
#     OpenBLAS's own choice, it is exported as OPENBLAS_CORETYPE, and SPARKMLP_OPENBLAS_CORETYPE
#     with the same value marks it as the probe's (the BLAS line then says so).
# A failed probe is reported and changes nothing: OpenBLAS then chooses by itself.
choose_blas_kernel() {
  [[ -z ${OPENBLAS_CORETYPE:-} ]] || return 0
  case ${SPARKMLP_BLAS_PROBE:-on} in off|false|0) return 0 ;; esac
  local err out rc=0
  err=$(mktemp)
  out=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m -cp "$1" io.sparkmlp.linalg.KernelProbe 2>"$err") || rc=$?
  # Only the probe's own lines: netlib's and the JVM's start-up warnings are not for the user.
  grep '^blas: ' "$err" >&2 || true
  if ((rc != 0)); then
    echo "blas: the OpenBLAS kernel probe failed (exit $rc), so OpenBLAS chooses its kernels itself:" >&2
    grep -v '^blas: ' "$err" | tail -n 5 >&2 || true
  fi
  rm -f "$err"
  # The answer is the last line; a JVM flag from JAVA_TOOL_OPTIONS (-XX:StartFlightRecording,
  # -XX:CompilerDirectivesFile) can print lines of its own to stdout before it.
  out=${out##*$'\n'}
  if ((rc == 0)) && [[ -n $out ]]; then
    if [[ $out =~ ^[A-Za-z0-9_]+$ ]]; then
      export OPENBLAS_CORETYPE=$out SPARKMLP_OPENBLAS_CORETYPE=$out
    else
      echo "blas: the OpenBLAS kernel probe answered '$out', not a kernel name; OpenBLAS chooses its kernels itself" >&2
    fi
  fi
  return 0
}
