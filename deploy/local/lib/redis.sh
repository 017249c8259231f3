# Redis from Debian's redis-server package, configured as a queue store.
# shellcheck shell=bash

REDIS_DIR="$STACK_DIR/redis"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"

redis_install() {
  command -v redis-server >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || fail "redis-server is not installed and apt-get is not available; install Redis 7 yourself."
  [ "$(id -u)" -eq 0 ] || fail "redis-server is not installed; run: sudo apt-get install redis-server"
  say "installing redis-server with apt-get"
  { apt-get install -y -qq redis-server || { apt-get update -qq && apt-get install -y -qq redis-server; }; } \
    >"$STACK_DIR/apt-redis.log" 2>&1 || fail "apt-get could not install redis-server; see $STACK_DIR/apt-redis.log"
}

redis_healthy() { [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_up() {
  if pid_alive "$REDIS_PIDFILE"; then
    say "Redis is already running (pid $(cat "$REDIS_PIDFILE"))"
    return 0
  fi
  mkdir -p "$REDIS_DIR"
  redis_install
  ensure_port_free "$REDIS_PORT" Redis
  say "starting Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$REDIS_PORT"
  redis-server "$LOCAL_DIR/redis/redis.conf" --port "$REDIS_PORT" --dir "$REDIS_DIR" \
    --daemonize yes --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_DIR/redis.log" ||
    fail "redis-server failed to start; see $REDIS_DIR/redis.log"
  wait_until 30 Redis redis_healthy || fail "Redis did not answer PING within 30s; see $REDIS_DIR/redis.log"
}

redis_down() { stop_pidfile "$REDIS_PIDFILE" Redis 30; }

redis_status() {
  if pid_alive "$REDIS_PIDFILE" && redis_healthy; then
    say "redis          up    127.0.0.1:$REDIS_PORT  pid $(cat "$REDIS_PIDFILE")  logs $REDIS_DIR/redis.log"
    return 0
  fi
  say "redis          down"
  return 1
}
