#!/usr/bin/env bash
# The whole test suite on a fresh machine: dependencies, the real stack, then
# static checks, unit, integration and end-to-end tests. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tools/scripts/ensure-deps.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-false}"

ensure_node_modules
ensure_embedding_model
bash tools/scripts/ensure-chromium.sh # the console's browser test drives Debian's Chromium

started_stack=0
if ! bash deploy/local/stack.sh status >/dev/null 2>&1; then
  bash deploy/local/stack.sh up
  started_stack=1
fi
cleanup() {
  # Leave the machine as we found it: a stack this run started is stopped again.
  if [ "$started_stack" = 1 ] && [ "${KEEP_STACK:-0}" != 1 ]; then bash deploy/local/stack.sh down; fi
}
trap cleanup EXIT

results=.stack/test-results
rm -rf "$results" && mkdir -p "$results"
status=0
failed_stages=()
stage() { # name, command...
  local name=$1
  shift
  echo "==> $name"
  local started=$SECONDS
  if "$@"; then
    echo "==> $name passed in $((SECONDS - started))s"
  else
    echo "==> $name FAILED"
    failed_stages+=("$name")
    status=1
  fi
}

stage "format" npx prettier --check --log-level warn .
stage "typecheck" npx tsc -p tsconfig.json --noEmit
stage "lint (incl. module boundaries)" npx nx run-many -t lint --output-style=static
stage "unit tests" npx jest -c jest.config.ts --json --outputFile="$results/unit.json"
stage "integration tests (real Kafka, Elasticsearch, Redis)" npx jest -c jest.integration.config.ts --json --outputFile="$results/integration.json"
stage "end-to-end tests (apps as processes)" npx jest -c test/jest.config.ts --json --outputFile="$results/e2e.json"

node tools/scripts/jest-summary.mjs "$results/unit.json" "$results/integration.json" "$results/e2e.json" || status=1
# The last line says what failed, so a test count alone never reads as green.
if [ ${#failed_stages[@]} -gt 0 ]; then echo "FAILED stages: ${failed_stages[*]}"; fi
exit $status
