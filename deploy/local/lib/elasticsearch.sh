# Elasticsearch from Maven Central's integ-test-zip distribution, run as an
# unprivileged user (it refuses to run as root).
# shellcheck shell=bash

ES_DIR="$STACK_DIR/elasticsearch"
ES_HOME="$ES_DIR/elasticsearch-$ES_VERSION"
ES_PIDFILE="$ES_DIR/elasticsearch.pid"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ES_USER="${TRIBUTARY_ES_USER:-tributary-es}"

es_install() {
  [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
  require_command mvn "Install Apache Maven (Debian: apt-get install maven); it fetches Elasticsearch from Maven Central."
  require_command unzip "Install unzip (Debian: apt-get install unzip)."
  local zip="$MAVEN_REPO/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  if [ ! -s "$zip" ]; then
    say "downloading Elasticsearch $ES_VERSION with Maven (cached in ~/.m2)"
    mvn_quiet dependency:get -Dtransitive=false -Dartifact="$ES_ARTIFACT" || fail "Maven could not fetch $ES_ARTIFACT"
  fi
  mkdir -p "$ES_DIR"
  rm -rf "$ES_HOME.tmp" && mkdir "$ES_HOME.tmp"
  unzip -q "$zip" -d "$ES_HOME.tmp" || fail "could not unpack $zip"
  mv "$ES_HOME.tmp/elasticsearch-$ES_VERSION" "$ES_HOME" && rmdir "$ES_HOME.tmp"
}

# As root, Elasticsearch runs as a dedicated system user that must be able to reach .stack.
es_prepare_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  if ! id "$ES_USER" >/dev/null 2>&1; then
    say "creating system user $ES_USER to run Elasticsearch"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER" || fail "could not create user $ES_USER"
  fi
  grant_traversal "$ES_USER" "$ES_DIR"
}

es_configure() {
  local conf="$ES_DIR/config"
  mkdir -p "$conf/jvm.options.d" "$ES_DIR/data" "$ES_DIR/logs"
  cp "$ES_HOME/config/jvm.options" "$ES_HOME/config/log4j2.properties" "$conf/"
  [ -f "$ES_HOME/config/elasticsearch-plugins.example.yml" ] && cp "$ES_HOME/config/elasticsearch-plugins.example.yml" "$conf/"
  {
    cat "$LOCAL_DIR/elasticsearch/elasticsearch.yml"
    echo "path.data: $ES_DIR/data"
    echo "path.logs: $ES_DIR/logs"
  } >"$conf/elasticsearch.yml"
  # 2 cores / 24 GiB: a 1 GiB heap leaves the page cache to Lucene and HNSW graphs.
  printf -- '-Xms%s\n-Xmx%s\n' "${ES_HEAP:-1g}" "${ES_HEAP:-1g}" >"$conf/jvm.options.d/heap.options"
  [ "$(id -u)" -eq 0 ] && chown -R "$ES_USER" "$ES_DIR"
  return 0
}

es_healthy() {
  curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

es_up() {
  if pid_alive "$ES_PIDFILE"; then
    say "Elasticsearch is already running (pid $(cat "$ES_PIDFILE"))"
    return 0
  fi
  require_command curl "Install curl (Debian: apt-get install curl)."
  ensure_port_free "$ES_PORT" Elasticsearch
  ensure_port_free "$ES_TRANSPORT_PORT" "Elasticsearch's transport"
  check_java_version
  es_install
  es_prepare_user
  es_configure
  say "starting Elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT"
  local run=()
  [ "$(id -u)" -eq 0 ] && run=(runuser -u "$ES_USER" --)
  rm -f "$ES_PIDFILE"
  # setsid: the daemon leaves this terminal's process group, so a Ctrl-C of
  # `npm start` stops the apps but not the stack (as for Kafka).
  setsid --wait "${run[@]}" env ES_JAVA_HOME="$(java_home)" ES_PATH_CONF="$ES_DIR/config" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" </dev/null >"$ES_DIR/logs/stdout.log" 2>&1 ||
    fail "Elasticsearch failed to start; see $ES_DIR/logs/stdout.log and $ES_DIR/logs/tributary-local.log"
  wait_until 180 Elasticsearch es_healthy || fail "Elasticsearch did not become healthy within 180s; see $ES_DIR/logs/tributary-local.log"
}

es_down() { stop_pidfile "$ES_PIDFILE" Elasticsearch 60; }

es_status() {
  if pid_alive "$ES_PIDFILE" && es_healthy; then
    say "elasticsearch  up    127.0.0.1:$ES_PORT  pid $(cat "$ES_PIDFILE")  logs $ES_DIR/logs"
    return 0
  fi
  say "elasticsearch  down"
  return 1
}
