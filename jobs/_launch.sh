# shellcheck shell=bash
# Sourced by jobs/*.sh: splits a job's arguments between spark-submit and the main class
# io.sparkmlp.jobs.<Job>, then runs spark-submit:
#   - $SPARK_HOME/bin/spark-submit when SPARK_HOME points at a Spark install other than our own
#     target/spark-home (it must be Spark 4.0.x for Scala 2.13, like the jar),
#   - scripts/spark-submit otherwise (the jars Maven resolved; no Spark install needed).
# Either way with conf/spark-defaults.conf and the app jar, built by scripts/setup.sh if missing.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEFAULT_MASTER=${DEFAULT_MASTER:-local[*]}   # a job script may set its own before sourcing this
APP_JAR=$ROOT/target/sparkmlp-0.1.0.jar   # the shaded jar; keep in step with <version> in pom.xml

launcher_help() {
  cat <<USAGE
Usage: jobs/$(basename "$0") [launcher options] [${1} options]

Launcher options (taken by jobs/_launch.sh and handed to spark-submit):
  --master URL            Spark master, default $DEFAULT_MASTER; when given, also passed on to $1
  --conf KEY=VALUE        a Spark setting (repeatable), e.g. --conf spark.executor.cores=1
  --driver-memory SIZE    driver heap (default \$SPARKMLP_DRIVER_MEMORY, else 4g)
  --executor-memory SIZE  heap of each executor (cluster masters only)
Every other argument goes to io.sparkmlp.jobs.$1. Environment: SPARK_HOME (use that Spark's
bin/spark-submit instead of scripts/spark-submit), OPENBLAS_NUM_THREADS (default 1),
OPENBLAS_CORETYPE (kept when set; else the probe's choice for this CPU, see scripts/blas-kernel.sh),
SPARKMLP_BLAS_PROBE=off (leave the kernel choice to OpenBLAS), SPARKMLP_JIT=default (the driver
JVM without conf/jit-directives.json, which keeps C2 for the numeric code and Spark SQL only;
scripts/_jit.sh).
$1's own options follow.

USAGE
}

# split_args ARGS...: sets MASTER (and MASTER_GIVEN), SUBMIT_OPTS (for spark-submit) and APP_ARGS
# (for the main class).
split_args() {
  MASTER=$DEFAULT_MASTER MASTER_GIVEN=false SUBMIT_OPTS=() APP_ARGS=()
  while (($#)); do
    case $1 in
      --master=*|--conf=*|--driver-memory=*|--executor-memory=*) set -- "${1%%=*}" "${1#*=}" "${@:2}" ;;
    esac
    case $1 in
      --master|--conf|--driver-memory|--executor-memory)
        (($# >= 2)) || { echo "$(basename "$0"): $1 needs a value" >&2; exit 2; }
        [[ $1 != --conf || $2 == *=* ]] || { echo "$(basename "$0"): --conf needs KEY=VALUE, got '$2'" >&2; exit 2; }
        if [[ $1 == --master ]]; then MASTER=$2 MASTER_GIVEN=true; else SUBMIT_OPTS+=("$1" "$2"); fi
        shift 2 ;;
      *) APP_ARGS+=("$1"); shift ;;
    esac
  done
}

# submit JOB: runs spark-submit for io.sparkmlp.jobs.JOB with MASTER, SUBMIT_OPTS and APP_ARGS.
submit() {
  local job=$1 submit
  if [[ " ${APP_ARGS[*]} " == *" --help "* || " ${APP_ARGS[*]} " == *" -h "* ]]; then
    launcher_help "$job"
  fi
  # A missing jar, or sources newer than it, means a (re)build first: setup.sh does both.
  if [[ ! -f $APP_JAR || -n $(find "$ROOT/pom.xml" "$ROOT/src" -newer "$APP_JAR" -type f -print -quit 2>/dev/null) ]]; then
    bash "$ROOT/scripts/setup.sh" >&2
  fi
  [[ -f $APP_JAR ]] || { echo "$(basename "$0"): $APP_JAR is missing after the build; does pom.xml's <version> still match?" >&2; exit 1; }
  # Spark task slots x OpenBLAS threads must not exceed the cores (see conf/spark-defaults.conf).
  export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}

  if [[ -n ${SPARK_HOME:-} && -x $SPARK_HOME/bin/spark-submit
        && $(realpath -m "$SPARK_HOME") != "$(realpath -m "$ROOT/target/spark-home")" ]]; then
    # scripts/spark-submit chooses the OpenBLAS kernels itself; Spark's own launcher does not.
    # shellcheck source=scripts/_blas-kernel.sh
    source "$ROOT/scripts/_blas-kernel.sh"
    choose_blas_kernel "$APP_JAR:$SPARK_HOME/jars/*"
    # shellcheck source=scripts/_jit.sh
    source "$ROOT/scripts/_jit.sh"
    submit=("$SPARK_HOME/bin/spark-submit" --properties-file "$ROOT/conf/spark-defaults.conf"
            --driver-java-options "-Dlog4j.configurationFile=$ROOT/conf/log4j2.properties -Djava.awt.headless=true ${JIT_OPTS[*]}")
    # Same default driver heap as scripts/spark-submit (Spark's own default is 1g).
    if [[ " ${SUBMIT_OPTS[*]} " != *" --driver-memory "* && " ${SUBMIT_OPTS[*]} " != *" spark.driver.memory="* ]]; then
      submit+=(--driver-memory "${SPARKMLP_DRIVER_MEMORY:-4g}")
    fi
  else
    submit=("$ROOT/scripts/spark-submit")
  fi
  # The job reads the master from spark-submit; it sees --master only when the user gave one.
  local app_master=()
  $MASTER_GIVEN && app_master=(--master "$MASTER")
  exec "${submit[@]}" --master "$MASTER" "${SUBMIT_OPTS[@]}" --class "io.sparkmlp.jobs.$job" \
    "$APP_JAR" "${app_master[@]}" "${APP_ARGS[@]}"
}

# launch JOB ARGS...: the whole of a job script.
launch() {
  local job=$1; shift
  split_args "$@"
  submit "$job"
}
