#!/usr/bin/env bash
# The local stack without Docker: Kafka (KRaft), Elasticsearch, Redis and
# PostgreSQL on 127.0.0.1:9092, 9200, 6379 and 5432. Usage: stack.sh up|down|status|restart <service>
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$LOCAL_DIR/lib/kafka.sh"
source "$LOCAL_DIR/lib/elasticsearch.sh"
source "$LOCAL_DIR/lib/redis.sh"
source "$LOCAL_DIR/lib/postgres.sh"

case "${1:-}" in
  up)
    mkdir -p "$STACK_DIR"
    redis_up
    postgres_up
    kafka_up
    es_up
    say "stack is up: kafka 127.0.0.1:$KAFKA_PORT, elasticsearch http://127.0.0.1:$ES_PORT, redis 127.0.0.1:$REDIS_PORT, postgres postgresql://$PG_APP_ROLE@127.0.0.1:$POSTGRES_PORT/$PG_APP_DATABASE"
    ;;
  down)
    es_down
    kafka_down
    redis_down
    postgres_down
    ;;
  status)
    healthy=0
    kafka_status || healthy=1
    es_status || healthy=1
    redis_status || healthy=1
    postgres_status || healthy=1
    exit $healthy
    ;;
  restart)
    # One service down and up again, the others untouched: for fault tests and operators.
    case "${2:-}" in
      kafka) kafka_down && kafka_up ;;
      elasticsearch) es_down && es_up ;;
      redis) redis_down && redis_up ;;
      postgres) postgres_down && postgres_up ;;
      *)
        echo "usage: $0 restart kafka|elasticsearch|redis|postgres" >&2
        exit 2
        ;;
    esac
    ;;
  *)
    echo "usage: $0 up|down|status|restart <service>" >&2
    exit 2
    ;;
esac
