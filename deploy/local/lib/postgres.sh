# PostgreSQL from Debian's postgresql package, run as an unprivileged user (it
# refuses to run as root), with a role and database `tributary` for connectors.
# shellcheck shell=bash

PG_DIR="$STACK_DIR/postgres"
PG_DATA="$PG_DIR/data"
# The Unix socket lives here, 0700: pg_hba.conf trusts the socket because only the server's user reaches it.
PG_RUN="$PG_DIR/run"
PG_LOG="$PG_DIR/postgres.log"
PG_BIN="/usr/lib/postgresql/$POSTGRES_VERSION/bin"
# As root the server runs as Debian's `postgres` system user; otherwise as whoever runs the stack.
PG_USER="${TRIBUTARY_PG_USER:-postgres}"
PG_APP_ROLE=tributary
PG_APP_PASSWORD=tributary
PG_APP_DATABASE=tributary

# Runs a PostgreSQL tool as the server's user.
pg_as() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

pg_install() {
  [ -x "$PG_BIN/postgres" ] && return 0
  command -v apt-get >/dev/null 2>&1 ||
    fail "PostgreSQL $POSTGRES_VERSION is not installed and apt-get is not available; install it yourself (binaries expected in $PG_BIN)."
  [ "$(id -u)" -eq 0 ] || fail "PostgreSQL $POSTGRES_VERSION is not installed; run: sudo apt-get install postgresql"
  mkdir -p "$STACK_DIR"
  say "installing postgresql with apt-get"
  { apt-get install -y -qq postgresql || { apt-get update -qq && apt-get install -y -qq postgresql; }; } \
    >"$STACK_DIR/apt-postgres.log" 2>&1 || fail "apt-get could not install postgresql; see $STACK_DIR/apt-postgres.log"
  [ -x "$PG_BIN/postgres" ] ||
    fail "apt-get installed PostgreSQL $(ls /usr/lib/postgresql 2>/dev/null | tr '\n' ' '), not $POSTGRES_VERSION; set POSTGRES_VERSION in deploy/local/versions.env to match."
}

# As root: the server's user must exist and be able to reach .stack/postgres.
pg_prepare_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  if ! id "$PG_USER" >/dev/null 2>&1; then
    say "creating system user $PG_USER to run PostgreSQL"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER" || fail "could not create user $PG_USER"
  fi
  mkdir -p "$PG_DIR"
  chown "$PG_USER" "$PG_DIR"
  grant_traversal "$PG_USER" "$(dirname "$PG_DIR")"
}

# initdb once; a data directory of another major version is an error, never overwritten.
pg_init() {
  if [ -f "$PG_DATA/PG_VERSION" ]; then
    [ "$(cat "$PG_DATA/PG_VERSION")" = "$POSTGRES_VERSION" ] ||
      fail "$PG_DATA holds PostgreSQL $(cat "$PG_DATA/PG_VERSION") data, not $POSTGRES_VERSION; remove $PG_DIR to start afresh."
    return 0
  fi
  say "initialising PostgreSQL data in $PG_DATA"
  rm -rf "$PG_DATA.tmp"
  pg_as "$PG_BIN/initdb" -D "$PG_DATA.tmp" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 ||
    fail "initdb failed; see $PG_DIR/initdb.log"
  echo "include 'tributary.conf'" >>"$PG_DATA.tmp/postgresql.conf"
  mv "$PG_DATA.tmp" "$PG_DATA"
}

# Rewritten on every start so that versions.env and deploy/local/postgres stay the truth.
pg_configure() {
  mkdir -p "$PG_RUN"
  chmod 700 "$PG_RUN"
  {
    cat "$LOCAL_DIR/postgres/postgresql.conf"
    echo "port = $POSTGRES_PORT"
    echo "unix_socket_directories = '$PG_RUN'"
  } >"$PG_DATA/tributary.conf"
  cp "$LOCAL_DIR/postgres/pg_hba.conf" "$PG_DATA/pg_hba.conf"
  [ "$(id -u)" -eq 0 ] && chown -R "$PG_USER" "$PG_DIR"
  return 0
}

pg_pid() { head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null; }

pg_running() {
  local pid
  pid=$(pg_pid) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

pg_healthy() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT" -t 1 >/dev/null 2>&1; }

# Idempotent: the role's password is (re)set, the database created only when missing.
pg_provision() {
  pg_as "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$POSTGRES_PORT" -U postgres -d postgres \
    >"$PG_DIR/provision.log" 2>&1 <<SQL || fail "could not create the $PG_APP_ROLE role and database; see $PG_DIR/provision.log"
SELECT 'CREATE ROLE $PG_APP_ROLE LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_APP_ROLE')\gexec
ALTER ROLE $PG_APP_ROLE WITH LOGIN PASSWORD '$PG_APP_PASSWORD';
SELECT 'CREATE DATABASE $PG_APP_DATABASE OWNER $PG_APP_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_APP_DATABASE')\gexec
SQL
}

postgres_up() {
  if pg_running; then
    say "PostgreSQL is already running (pid $(pg_pid))"
    return 0
  fi
  port_open "$POSTGRES_PORT" &&
    fail "port $POSTGRES_PORT is already in use by another process (Debian's own cluster? pg_ctlcluster $POSTGRES_VERSION main stop); free it before starting PostgreSQL."
  pg_install
  pg_prepare_user
  mkdir -p "$PG_DIR"
  pg_init
  pg_configure
  say "starting PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$POSTGRES_PORT"
  local run=()
  [ "$(id -u)" -eq 0 ] && run=(runuser -u "$PG_USER" --)
  # setsid: the server leaves this terminal's session, so a Ctrl-C of `npm start` leaves it running.
  setsid --wait "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start </dev/null >"$PG_DIR/pg_ctl.log" 2>&1 ||
    fail "PostgreSQL failed to start; see $PG_LOG and $PG_DIR/pg_ctl.log"
  wait_until 60 PostgreSQL pg_healthy || fail "PostgreSQL did not accept connections within 60s; see $PG_LOG"
  pg_provision
}

postgres_down() {
  if ! pg_running; then
    say "PostgreSQL is not running"
    return 0
  fi
  # Fast shutdown: open connections are closed rather than waited for (SIGTERM alone waits for them).
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >>"$PG_DIR/pg_ctl.log" 2>&1 || {
    say "PostgreSQL did not stop within 60s; stopping it immediately"
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >>"$PG_DIR/pg_ctl.log" 2>&1 ||
      fail "could not stop PostgreSQL; see $PG_DIR/pg_ctl.log"
  }
  say "PostgreSQL stopped"
}

postgres_status() {
  if pg_running && pg_healthy; then
    say "postgres       up    127.0.0.1:$POSTGRES_PORT  pid $(pg_pid)  logs $PG_LOG"
    return 0
  fi
  say "postgres       down"
  return 1
}
