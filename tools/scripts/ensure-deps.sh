# Installs the npm dependencies when they are missing or older than the lockfile.
# shellcheck shell=bash
ensure_node_modules() {
  command -v node >/dev/null 2>&1 || { echo "error: Node.js 20.19+ is required" >&2; exit 1; }
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "[setup] installing npm dependencies (npm ci; cached in ~/.npm)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}
