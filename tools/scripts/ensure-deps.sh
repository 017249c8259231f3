# Installs the npm dependencies when they are missing or older than the lockfile.
# shellcheck shell=bash
#
# `npm install`, not `npm ci`: the registry mirror these machines use answers 404
# for other platforms' optional binaries (e.g. @swc/core-darwin-arm64), so the
# lockfile cannot list them and `npm ci` rejects it as out of sync. With a
# lockfile that satisfies package.json, `npm install` installs exactly its versions.
ensure_node_modules() {
  command -v node >/dev/null 2>&1 || {
    echo "error: Node.js 20.19+ is required" >&2
    exit 1
  }
  local stamp=node_modules/.tributary-installed
  if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    echo "[setup] installing npm dependencies (cached in ~/.npm)"
    # onnxruntime-node's CPU binaries ship in its package; skip its optional
    # download of CUDA providers (npm 11 skips install scripts anyway).
    ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error
    touch "$stamp"
  fi
}

# The default local embedding model (~130 MB, cached outside the checkout).
ensure_embedding_model() {
  bash tools/models/fetch-model.sh "${1:-bge-small-en-v1.5}"
}
