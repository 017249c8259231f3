# Shared helpers for the local stack: paths, logging, process and port checks.
# shellcheck shell=bash

LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$LOCAL_DIR/../.." && pwd)"
# Everything the stack downloads, unpacks or writes lives here (git-ignored).
STACK_DIR="${TRIBUTARY_STACK_DIR:-$REPO_ROOT/.stack}"
# shellcheck source=../versions.env
source "$LOCAL_DIR/versions.env"

# Maven's local repository: ~/.m2/repository unless MAVEN_REPO points elsewhere.
MAVEN_REPO="${MAVEN_REPO:-$HOME/.m2/repository}"
mvn_quiet() { mvn -q -B -Dmaven.repo.local="$MAVEN_REPO" "$@"; }

say() { printf '[stack] %s\n' "$*"; }
fail() {
  printf '[stack] error: %s\n' "$*" >&2
  exit 1
}

require_command() { # name, hint
  command -v "$1" >/dev/null 2>&1 || fail "'$1' is not installed. $2"
}

# Java 17+ is needed by both Kafka and Elasticsearch.
java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    printf '%s' "$JAVA_HOME"
    return
  fi
  require_command java "Install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

check_java_version() {
  local major
  major=$("$(java_home)/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || fail "Java 17 or newer is required (found '${major:-unknown}' at $(java_home))."
}

pid_alive() { # pidfile
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

port_open() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_until() { # seconds, description, command...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 1
  done
  say "$what is ready"
}

# Stops the process in pidfile: TERM, then KILL after a grace period.
stop_pidfile() { # pidfile, name, grace-seconds
  local pidfile=$1 name=$2 grace=${3:-30} pid
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"
    say "$name is not running"
    return 0
  fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      say "$name did not stop within ${grace}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.5
  done
  rm -f "$pidfile"
  say "$name stopped"
}

# A port that is taken by a process we did not start is an error, not "running".
ensure_port_free() { # port, name
  port_open "$1" && fail "port $1 is already in use by another process; stop it or free the port before starting $2."
  return 0
}

# A daemon run as its own system user must be able to reach its folder: grant
# "others" traversal (x, not read) on every parent that lacks it.
grant_traversal() { # user, dir
  local user=$1 dir=$2
  while [ "$dir" != / ]; do
    if ! runuser -u "$user" -- test -x "$dir" 2>/dev/null; then
      say "granting $user traversal of $dir"
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
}
