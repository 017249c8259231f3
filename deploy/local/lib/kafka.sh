# Apache Kafka in KRaft mode, run from its Maven Central jars.
# shellcheck shell=bash

KAFKA_DIR="$STACK_DIR/kafka"
KAFKA_PIDFILE="$KAFKA_DIR/kafka.pid"
KAFKA_CLASSPATH_FILE="$KAFKA_DIR/classpath-$KAFKA_VERSION.txt"

kafka_install() {
  [ -s "$KAFKA_CLASSPATH_FILE" ] && return 0
  require_command mvn "Install Apache Maven (Debian: apt-get install maven); it fetches Kafka's jars from Maven Central."
  mkdir -p "$KAFKA_DIR"
  say "resolving Apache Kafka $KAFKA_VERSION and its dependencies with Maven (cached in ~/.m2)"
  mvn_quiet -f "$LOCAL_DIR/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$KAFKA_CLASSPATH_FILE.tmp" ||
    fail "Maven could not resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION"
  mv "$KAFKA_CLASSPATH_FILE.tmp" "$KAFKA_CLASSPATH_FILE"
}

# The java command line for one of Kafka's main classes, in the array KAFKA_CMD.
kafka_command() { # main class and arguments
  KAFKA_CMD=("$(java_home)/bin/java" "-Xms${KAFKA_HEAP:-512m}" "-Xmx${KAFKA_HEAP:-512m}" -XX:+UseG1GC
    "-Dlog4j.configuration=file:$LOCAL_DIR/kafka/log4j.properties" "-Dkafka.logs.dir=$KAFKA_DIR/logs"
    -cp "$(cat "$KAFKA_CLASSPATH_FILE")" "$@")
}

kafka_config() {
  local config="$KAFKA_DIR/server.properties"
  {
    cat "$LOCAL_DIR/kafka/server.properties"
    echo "log.dirs=$KAFKA_DIR/data"
  } >"$config"
  printf '%s' "$config"
}

kafka_format_storage() { # config
  [ -f "$KAFKA_DIR/data/meta.properties" ] && return 0
  local cluster_id
  kafka_command kafka.tools.StorageTool random-uuid
  cluster_id=$("${KAFKA_CMD[@]}")
  say "formatting Kafka storage (cluster id $cluster_id)"
  kafka_command kafka.tools.StorageTool format -t "$cluster_id" -c "$1"
  "${KAFKA_CMD[@]}" >"$KAFKA_DIR/logs/format.log" 2>&1 ||
    fail "formatting Kafka's storage failed; see $KAFKA_DIR/logs/format.log"
}

kafka_started() {
  port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_DIR/logs/server.log" 2>/dev/null
}

kafka_up() {
  if pid_alive "$KAFKA_PIDFILE"; then
    say "Kafka is already running (pid $(cat "$KAFKA_PIDFILE"))"
    return 0
  fi
  ensure_port_free "$KAFKA_PORT" Kafka
  ensure_port_free "$KAFKA_CONTROLLER_PORT" "Kafka's controller"
  kafka_install
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  local config
  config=$(kafka_config)
  kafka_format_storage "$config"
  : >"$KAFKA_DIR/logs/server.log"
  say "starting Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$KAFKA_PORT"
  # setsid: the broker outlives this shell and ignores the terminal's Ctrl-C.
  kafka_command kafka.Kafka "$config"
  setsid "${KAFKA_CMD[@]}" </dev/null >"$KAFKA_DIR/logs/stdout.log" 2>&1 &
  echo $! >"$KAFKA_PIDFILE"
  wait_until 120 Kafka kafka_started || fail "Kafka did not start within 120s; see $KAFKA_DIR/logs/server.log"
}

kafka_down() { stop_pidfile "$KAFKA_PIDFILE" Kafka 60; }

kafka_status() {
  if pid_alive "$KAFKA_PIDFILE" && kafka_started; then
    say "kafka          up    127.0.0.1:$KAFKA_PORT  pid $(cat "$KAFKA_PIDFILE")  logs $KAFKA_DIR/logs"
    return 0
  fi
  say "kafka          down"
  return 1
}
