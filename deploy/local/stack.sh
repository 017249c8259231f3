#!/usr/bin/env bash
# The local stack without Docker: Kafka (KRaft), Elasticsearch and Redis on
# 127.0.0.1:9092, 9200 and 6379. Usage: stack.sh up|down|status
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$LOCAL_DIR/lib/kafka.sh"
source "$LOCAL_DIR/lib/elasticsearch.sh"
source "$LOCAL_DIR/lib/redis.sh"

case "${1:-}" in
  up)
    mkdir -p "$STACK_DIR"
    redis_up
    kafka_up
    es_up
    say "stack is up: kafka 127.0.0.1:$KAFKA_PORT, elasticsearch http://127.0.0.1:$ES_PORT, redis 127.0.0.1:$REDIS_PORT"
    ;;
  down)
    es_down
    kafka_down
    redis_down
    ;;
  status)
    healthy=0
    kafka_status || healthy=1
    es_status || healthy=1
    redis_status || healthy=1
    exit $healthy
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
