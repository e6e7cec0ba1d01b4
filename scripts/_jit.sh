# shellcheck shell=bash
# Sourced by scripts/spark-submit and jobs/_launch.sh: the driver JVM's JIT flags, in JIT_OPTS.
#   SPARKMLP_JIT unset or "directives": conf/jit-directives.json (C2 for the numeric code and
#     Spark SQL, C1 for Spark's engine, Scala and the JDK; the file says why). HotSpot prints one line,
#     "2 compiler directives added", which -XX:+DisplayVMOutputToStderr sends to stderr with the
#     JVM's other messages, so that stdout stays the job's.
#   SPARKMLP_JIT=default: no flags, HotSpot's own tiered policy.
# Executors in their own JVMs (a cluster) keep HotSpot's policy: the file's path is this host's.
# shellcheck disable=SC2034  # read by the scripts that source this file
JIT_OPTS=()
case ${SPARKMLP_JIT:-directives} in
  directives)
    JIT_OPTS=(-XX:+UnlockDiagnosticVMOptions -XX:+DisplayVMOutputToStderr
              "-XX:CompilerDirectivesFile=$ROOT/conf/jit-directives.json")
    [[ -f $ROOT/conf/jit-directives.json ]] || { echo "SPARKMLP_JIT: $ROOT/conf/jit-directives.json is missing (SPARKMLP_JIT=default runs without it)" >&2; exit 2; }
    ;;
  default) ;;
  *) echo "SPARKMLP_JIT=$SPARKMLP_JIT: expected directives (the default) or default" >&2; exit 2 ;;
esac
