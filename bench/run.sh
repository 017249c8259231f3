#!/usr/bin/env bash
# npm run bench:<name> [-- options]: runs bench/<name>/main.ts (ingest, query, relevance, finetune, scale).
# Sets itself up like the test command: dependencies, then the real stack.
#   bench:ingest [-- --docs N --rate R --seconds S --corpus path]
#   bench:query  [-- --chunks N --concurrency 1,16,64 --seconds S --pairs P --warmup S --keep | --remove-only]
#   bench:relevance [-- --dataset dir --split test|train --model id --model-dir dir --modes bm25,vector,hybrid --embed-docs N --skip-embedding --fusion json --keep --queries-only]
#   bench:finetune [-- --dataset dir --trainer json --pseudo-queries N --margin M --keep --reuse]
#   bench:scale [-- --docs N --model id --corpus path]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name=${1:?usage: bench/run.sh <ingest|query|relevance|finetune|scale> [options]}
shift
[ -f "bench/$name/main.ts" ] || { echo "no benchmark bench/$name" >&2; exit 2; }
source tools/scripts/ensure-deps.sh
ensure_node_modules
ensure_embedding_model
bash deploy/local/stack.sh status >/dev/null 2>&1 || bash deploy/local/stack.sh up
export SWC_NODE_PROJECT="$PWD/tsconfig.json"
exec node -r @swc-node/register "bench/$name/main.ts" "$@"
