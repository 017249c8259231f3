#!/usr/bin/env bash
# The main job on a fresh machine: dependencies, the real stack, the four apps,
# the sample corpus ingested through connector -> Kafka -> embedder -> Elasticsearch,
# a question answered by the query gateway. Apps run until Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tools/scripts/ensure-deps.sh

CORPUS=${CORPUS:-samples/corpus}
SOURCE=${SOURCE:-sample}
QUESTION=${QUESTION:-how does kafka keep messages in order}
LOGS=.stack/apps
export SWC_NODE_PROJECT="$PWD/tsconfig.json"

ensure_node_modules
ensure_embedding_model
bash deploy/local/stack.sh up
mkdir -p "$LOGS"

pids=()
start_app() { # name, port[, entry point (default apps/<name>/src/main.ts)]
  if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then
    echo "error: port $2 is taken; is another $1 running? Stop it and try again." >&2
    exit 1
  fi
  PORT=$2 node -r @swc-node/register "${3:-apps/$1/src/main.ts}" >"$LOGS/$1.log" 2>&1 &
  pids+=($!)
}
stop_apps() {
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null && wait "${pids[@]}" 2>/dev/null
  echo
  echo "apps stopped. The stack is still up: npm run stack:status | npm run stack:down"
}
trap stop_apps EXIT
trap 'exit 130' INT TERM

wait_ready() { # name, port
  for _ in $(seq 1 90); do
    if curl -fsS "http://127.0.0.1:$2/readyz" >/dev/null 2>&1; then
      echo "[demo] $1 is ready on :$2"
      return 0
    fi
    sleep 1
  done
  echo "error: $1 did not become ready; see $LOGS/$1.log" >&2
  tail -20 "$LOGS/$1.log" >&2
  exit 1
}

echo "[demo] starting embedder, query-gateway, finetune-scheduler and its worker, ops-console (logs in $LOGS/)"
start_app embedder 3001
start_app query-gateway 3000
start_app finetune-scheduler 3002
start_app finetune-worker 3003 apps/finetune-scheduler/src/worker.ts
start_app ops-console 3004
wait_ready embedder 3001
wait_ready query-gateway 3000
wait_ready finetune-scheduler 3002
wait_ready finetune-worker 3003
wait_ready ops-console 3004

echo "[demo] ingesting $CORPUS as source \"$SOURCE\""
node tools/cli/bin/tributary.js connector run filesystem --root "$CORPUS" --source "$SOURCE" --once

expected=$(find "$CORPUS" -type f \( -name '*.md' -o -name '*.txt' -o -name '*.html' -o -name '*.htm' -o -name '*.markdown' \) | wc -l)
for _ in $(seq 1 60); do
  indexed=$(curl -fsS "http://127.0.0.1:9200/tributary-chunks/_search" -H 'content-type: application/json' \
    -d "{\"size\":0,\"query\":{\"term\":{\"source\":\"$SOURCE\"}},\"aggs\":{\"docs\":{\"cardinality\":{\"field\":\"docId\"}}}}" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).aggregations.docs.value))')
  [ "$indexed" -ge "$expected" ] && break
  sleep 1
done
echo "[demo] $indexed of $expected documents searchable"

# A search key for the demo, kept with the stack's data so `npm run search` can use it.
DEMO_KEY_FILE=.stack/demo-search.key
if [ ! -s "$DEMO_KEY_FILE" ]; then
  node tools/cli/bin/tributary.js keys create --name demo --tenant default --scope search --json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).key))' >"$DEMO_KEY_FILE"
fi
node tools/scripts/search.mjs "$QUESTION" --source "$SOURCE"

# An admin key for the operators' console (and the scheduler's API), kept beside the search key.
DEMO_ADMIN_KEY_FILE=.stack/demo-admin.key
if [ ! -s "$DEMO_ADMIN_KEY_FILE" ]; then
  node tools/cli/bin/tributary.js keys create --name demo-admin --tenant default --scope admin --json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).key))' >"$DEMO_ADMIN_KEY_FILE"
fi
echo "[demo] tributary status:"
node tools/cli/bin/tributary.js status

echo "[demo] watching $CORPUS: the connector runs every 10s, so edits, new files and deletions show up in search"
METRICS_PORT=3005 node tools/cli/bin/tributary.js connector run filesystem --root "$CORPUS" --source "$SOURCE" --interval 10 >"$LOGS/connector-runner.log" 2>&1 &
pids+=($!)

cat <<TXT

  query gateway    http://127.0.0.1:3000/v1/search   (try: npm run search -- "tidal power")
  API docs         http://127.0.0.1:3000/docs         (search key for the default tenant: .stack/demo-search.key)
  embedder         http://127.0.0.1:3001/readyz
  scheduler        http://127.0.0.1:3002/v1/finetune/plans   (admin key; or: npx tributary finetune plans)
  fine-tune worker http://127.0.0.1:3003/readyz     (models: npx tributary models list)
  ops console      http://127.0.0.1:3004/             (log in with the admin key in .stack/demo-admin.key; or: npx tributary status)
  connector        http://127.0.0.1:3005/metrics      (every app serves /metrics: Prometheus config in deploy/prometheus)
  elasticsearch    http://127.0.0.1:9200/tributary-chunks/_count
  kafka            127.0.0.1:9092   topic tributary.documents.changes
  redis            127.0.0.1:6379
  logs             $LOGS/

  Press Ctrl-C to stop the apps.
TXT
wait
