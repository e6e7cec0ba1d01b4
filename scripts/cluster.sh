#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the jars in target/spark-home/jars: one master
# on spark://127.0.0.1:7077 and WORKERS workers, each a separate JVM whose executors are JVMs too.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/cluster.sh start [WORKERS] | stop | status

  start [WORKERS]  start a master on spark://127.0.0.1:7077 (web UI http://127.0.0.1:8080) and
                   WORKERS workers (default 2), each with 1 core and 2g for executors, and
                   wait until all have registered (timeout: $SPARKMLP_CLUSTER_TIMEOUT s, 60);
                   the workers and their executors get the OPENBLAS_CORETYPE that sparkmlp's
                   probe chose for this CPU (kept when already set)
  stop             stop the master, workers and executors that 'start' launched, found through
                   the pid files; TERM, then KILL after 30 s. Does nothing when none runs.
  status           list the processes that run, with their pids; exit 0 when the master runs,
                   3 when it does not

Files under target/cluster/: pids/ (pid files), logs/ (master.log, worker-N.log),
work/worker-N/ (each worker's work dir, with the executors' stdout and stderr).
Then: scripts/spark-submit --master spark://127.0.0.1:7077 ...  or  jobs/train.sh --master spark://127.0.0.1:7077
USAGE
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLUSTER=$ROOT/target/cluster
PIDS=$CLUSTER/pids LOGS=$CLUSTER/logs
HOST=127.0.0.1 PORT=7077 UI_PORT=8080
MASTER_URL=spark://$HOST:$PORT
TIMEOUT=${SPARKMLP_CLUSTER_TIMEOUT:-60}
# shellcheck source=scripts/_java-opts.sh
source "$ROOT/scripts/_java-opts.sh"

say() { echo "cluster: $*"; }
die() { echo "cluster: error: $*" >&2; exit 1; }

# live_pid FILE CLASS: prints the pid in FILE if that process is alive and still runs CLASS
# (so a pid reused by another program is never touched).
live_pid() {
  local pid cmdline
  [[ -f $1 ]] && pid=$(<"$1") && [[ $pid =~ ^[0-9]+$ ]] || return 1
  # Read whole, not piped into 'grep -q': an early-exiting reader can SIGPIPE the writer.
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$2"* ]] && echo "$pid"
}
# executors PID: the executor JVMs a worker launched (its child processes).
executors() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' || true; }
port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# daemon NAME CLASS ARGS...: starts a Spark daemon in the background, log and pid file by NAME.
daemon() {
  local name=$1; shift
  # -Xmx1g is Spark's SPARK_DAEMON_MEMORY default; executors get their own heap from the app.
  nohup "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${SPARK_JAVA_OPTS[@]}" -Xmx1g \
    -cp "$SPARK_HOME/jars/*" "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}

# wait_log NAME TEXT: waits until NAME's log holds TEXT; fails if it dies or times out. The pid
# is the one daemon just started, so liveness is kill -0, not live_pid: until the background
# shell has exec'd java, /proc/PID/cmdline is still this script's and holds no class name.
wait_log() {
  local deadline=$((SECONDS + TIMEOUT)) pid
  pid=$(<"$PIDS/$1.pid")
  until grep -qs -- "$2" "$LOGS/$1.log"; do
    kill -0 "$pid" 2>/dev/null \
      || { stop >&2; die "$1 exited during start; see $LOGS/$1.log"; }
    ((SECONDS < deadline)) \
      || { stop >&2; die "$1 not ready after ${TIMEOUT}s (no '$2' in its log); see $LOGS/$1.log"; }
    sleep 0.5
  done
}

start() {
  local workers=${1:-2} i
  [[ $workers =~ ^[1-9][0-9]*$ ]] || die "WORKERS must be a positive number, got '$workers'"
  if live_pid "$PIDS/master.pid" deploy.master.Master >/dev/null \
     || compgen -G "$PIDS/worker-*.pid" >/dev/null; then
    die "a cluster is already running or was not stopped cleanly; see 'scripts/cluster.sh status', then 'scripts/cluster.sh stop'"
  fi
  for i in "$PORT" "$UI_PORT"; do
    ! port_busy "$i" || die "port $i on $HOST is taken by a process this script did not start (see: ss -ltnp)"
  done
  export SPARK_HOME=$ROOT/target/spark-home
  [[ -n $(compgen -G "$SPARK_HOME/jars/*.jar" || true) && -n $(compgen -G "$ROOT/target/sparkmlp-*.jar" || true) ]] \
    || bash "$ROOT/scripts/setup.sh"
  # A SPARK_HOME with jars/, an empty RELEASE and conf/: workers build executor class paths from
  # it, and need SPARK_SCALA_VERSION, or executors fail with "Cannot find any build directories".
  mkdir -p "$SPARK_HOME/conf" "$PIDS" "$LOGS"
  touch "$SPARK_HOME/RELEASE"
  export SPARK_SCALA_VERSION=2.13
  # Daemons and executors bind to loopback (also silences "hostname resolves to a loopback address").
  export SPARK_LOCAL_IP=$HOST

  say "starting master $MASTER_URL (UI http://$HOST:$UI_PORT), log $LOGS/master.log"
  daemon master org.apache.spark.deploy.master.Master --host "$HOST" --port "$PORT" --webui-port "$UI_PORT"
  wait_log master "New state: ALIVE"

  # The workers run on this host, so the probe's kernel choice holds for them: exported here,
  # inherited by every executor they launch (a value already set is kept).
  # shellcheck source=scripts/_blas-kernel.sh
  source "$ROOT/scripts/_blas-kernel.sh"
  choose_blas_kernel "$(compgen -G "$ROOT/target/sparkmlp-*.jar" | head -n 1):$SPARK_HOME/jars/*"
  say "starting $workers worker(s), 1 core and 2g each, logs $LOGS/worker-N.log${OPENBLAS_CORETYPE:+, OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE}"
  # One OpenBLAS thread per executor: each worker offers 1 core, and executors inherit this.
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$CLUSTER/work/worker-$i"
    OPENBLAS_NUM_THREADS=1 daemon "worker-$i" org.apache.spark.deploy.worker.Worker \
      --host "$HOST" --cores 1 --memory 2g --webui-port $((UI_PORT + i)) \
      --work-dir "$CLUSTER/work/worker-$i" "$MASTER_URL"
  done
  for ((i = 1; i <= workers; i++)); do
    wait_log "worker-$i" "Successfully registered with master"
  done
  say "ready: master $MASTER_URL with $workers worker(s)"
}

stop() {
  local f name class pid waiting=() deadline
  for f in "$PIDS"/worker-*.pid "$PIDS/master.pid"; do
    [[ -f $f ]] || continue
    name=$(basename "$f" .pid)
    if [[ $name == master ]]; then class=deploy.master.Master; else class=deploy.worker.Worker; fi
    if pid=$(live_pid "$f" "$class"); then
      # Workers stop their executors on TERM; the executors are waited for as well.
      # shellcheck disable=SC2207
      waiting+=("$pid" $(executors "$pid"))
      say "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
  ((${#waiting[@]})) || { say "nothing to stop"; return 0; }
  deadline=$((SECONDS + 30))
  for pid in "${waiting[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null && grep -q org.apache.spark "/proc/$pid/cmdline" 2>/dev/null; then
      say "pid $pid still alive after 30s, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  say "stopped"
}

status() {
  local f name class pid rc=3
  if pid=$(live_pid "$PIDS/master.pid" deploy.master.Master); then
    say "master   pid $pid  $MASTER_URL  UI http://$HOST:$UI_PORT"; rc=0
  else
    say "master   not running"
  fi
  for f in "$PIDS"/worker-*.pid; do
    [[ -f $f ]] || continue
    name=$(basename "$f" .pid)
    if pid=$(live_pid "$f" deploy.worker.Worker); then
      say "$name pid $pid  executors: $(executors "$pid" | paste -sd' ' - | sed 's/^$/none/')"
    else
      say "$name not running (stale pid file $f)"
    fi
  done
  return $rc
}

case ${1:-} in
  start) shift; (($# <= 1)) || { usage >&2; exit 2; }; start "$@" ;;
  stop) stop ;;
  status) status ;;
  -h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
