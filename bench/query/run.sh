#!/usr/bin/env bash
# npm run bench:query [-- --chunks N --concurrency 1,16,64 --seconds S --pairs P --warmup S --keep | --remove-only]
# Sets itself up like the test command: dependencies, then the real stack.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tools/scripts/ensure-deps.sh
ensure_node_modules
bash deploy/local/stack.sh status >/dev/null 2>&1 || bash deploy/local/stack.sh up
export SWC_NODE_PROJECT="$PWD/tsconfig.json"
exec node -r @swc-node/register bench/query/main.ts "$@"
