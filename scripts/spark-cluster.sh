#!/usr/bin/env bash
# A standalone Spark cluster on loopback — one master and one worker — from the jars Maven already has
# (no Spark download): the worker's SPARK_HOME is a directory of links to them.
#
#   scripts/spark-cluster.sh start    prints the master URL (spark://127.0.0.1:PORT) on stdout
#   scripts/spark-cluster.sh stop
#
# Environment: MYELIN_SPARK_PORT (master port, default 7077), MYELIN_SPARK_CORES (worker cores,
# default 2), MYELIN_SPARK_MEMORY (worker memory, default 2g), MYELIN_SPARK_DIR (pid files, logs and
# the worker's work directory; default myelin-spark/target/spark-cluster).
# An application must put myelin-core and myelin-spark on the executors' classpath
# (spark.executor.extraClassPath, or --jars) and pass the JDK 25 flags in spark.executor.extraJavaOptions.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/spark-env.sh"
PORT="${MYELIN_SPARK_PORT:-7077}"
CORES="${MYELIN_SPARK_CORES:-2}"
MEMORY="${MYELIN_SPARK_MEMORY:-2g}"
DIR="${MYELIN_SPARK_DIR:-$ROOT/myelin-spark/target/spark-cluster}"
URL="spark://127.0.0.1:$PORT"

running() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

wait_for() { # FILE PATTERN SECONDS WHAT
  for _ in $(seq 1 $(( $3 * 2 ))); do
    if grep -q "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "error: the $4 did not start within $3 s (log: $1)" >&2
  return 1
}

start() {
  mkdir -p "$DIR/work"
  if running "$DIR/master.pid"; then
    echo "error: a master started by this script is already running (pid $(cat "$DIR/master.pid")); stop it first" >&2
    exit 1
  fi
  local cp
  cp="$(myelin_spark_classpath)"
  # SPARK_HOME/jars: the worker builds the executors' classpath from it.
  rm -rf "$DIR/home"
  mkdir -p "$DIR/home/jars"
  local IFS=':'
  for entry in $cp; do
    case "$entry" in *.jar) ln -sf "$entry" "$DIR/home/jars/" ;; esac
  done
  unset IFS
  export SPARK_HOME="$DIR/home" SPARK_SCALA_VERSION=2.13
  # Its own log settings (INFO on the console): the readiness checks below read these lines.
  cat >"$DIR/log4j2.properties" <<'LOG'
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
LOG
  local opts="-Dlog4j2.configurationFile=$DIR/log4j2.properties -Dspark.master.rest.enabled=false"
  # shellcheck disable=SC2086
  nohup "$JAVA" $SPARK_JVM_FLAGS $opts -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port "$PORT" --webui-port 0 >"$DIR/master.log" 2>&1 &
  echo $! >"$DIR/master.pid"
  wait_for "$DIR/master.log" "I have been elected leader" 120 master || { stop; exit 1; }
  # shellcheck disable=SC2086
  nohup "$JAVA" $SPARK_JVM_FLAGS $opts -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "$CORES" --memory "$MEMORY" --webui-port 0 --work-dir "$DIR/work" "$URL" \
      >"$DIR/worker.log" 2>&1 &
  echo $! >"$DIR/worker.pid"
  wait_for "$DIR/worker.log" "Successfully registered with master" 120 worker || { stop; exit 1; }
  echo "$URL"
}

stop() {
  for role in worker master; do
    if running "$DIR/$role.pid"; then
      kill "$(cat "$DIR/$role.pid")" 2>/dev/null || true
      for _ in $(seq 1 40); do running "$DIR/$role.pid" || break; sleep 0.25; done
    fi
    rm -f "$DIR/$role.pid"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: scripts/spark-cluster.sh start|stop" >&2; exit 2 ;;
esac
