#!/usr/bin/env bash
# Validates Kubernetes manifests offline against the real Kubernetes JSON schemas,
# strictly: an unknown field, an unknown kind/apiVersion or a wrong type is an error.
#
#   bash tools/scripts/validate-k8s.sh [file-or-folder ...]     (default: deploy/k8s)
#
# The schemas come bundled in PyPI's kubernetes-validate (no network once installed;
# kubeconform would fetch them from GitHub). It lives in a venv outside the checkout,
# created on first use and reused; pip's own cache makes a re-creation cheap.
#   K8S_VERSION                     Kubernetes version validated against (default 1.33.0;
#                                   kubernetes-validate 1.37.0 bundles 1.25 to 1.37)
#   TRIBUTARY_K8S_VALIDATE_VENV     the venv (default $XDG_CACHE_HOME/tributary/k8s-validate-venv)
# For a folder, every *.yaml/*.yml under it is validated, except kustomization.yaml,
# whose `resources` must each exist and, at the folder's top level, list every manifest.
# Exit status: 0 all valid, 1 a manifest is invalid, 2 usage or setup failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

k8s_version=${K8S_VERSION:-1.33.0}
validator_version=1.37.0
venv=${TRIBUTARY_K8S_VALIDATE_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/tributary/k8s-validate-venv}

fail_setup() {
  echo "validate-k8s: $*" >&2
  exit 2
}

[[ $k8s_version =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] || fail_setup "K8S_VERSION must look like 1.33.0, got '$k8s_version'"
command -v python3 >/dev/null 2>&1 || fail_setup "python3 (3.9+) is required"

# The stamp names the pinned version: bumping it re-creates the venv, nothing else does.
stamp="$venv/.kubernetes-validate-$validator_version"
if [ ! -f "$stamp" ]; then
  echo "[setup] installing kubernetes-validate $validator_version into $venv" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv" || fail_setup "could not create a venv (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$validator_version" ||
    fail_setup "pip could not install kubernetes-validate $validator_version"
  touch "$stamp"
fi

[ $# -gt 0 ] || set -- deploy/k8s

exec "$venv/bin/python" - "$k8s_version" "$@" <<'PY'
import os, sys
import yaml
from kubernetes_validate.utils import (
    SchemaNotFoundError, ValidationError, VersionNotSupportedError, resources_from_file, validate,
)

version, targets = sys.argv[1], sys.argv[2:]
problems, checked = [], 0

def manifests_in(folder):
    found = []
    for parent, _dirs, names in os.walk(folder):
        found += [os.path.join(parent, n) for n in names if n.endswith(('.yaml', '.yml'))]
    return sorted(found)

def check_kustomization(path):
    folder = os.path.dirname(path)
    with open(path) as f:
        listed = (yaml.safe_load(f) or {}).get('resources') or []
    for entry in listed:
        if not os.path.exists(os.path.join(folder, entry)):
            problems.append(f'{path}: lists {entry}, which does not exist')
    top = {n for n in os.listdir(folder) if n.endswith(('.yaml', '.yml')) and not n.startswith('kustomization.')}
    for name in sorted(top - set(listed)):
        problems.append(f'{path}: does not list {name} (kubectl apply -k would skip it)')

files = []
for target in targets:
    if os.path.isdir(target):
        files += manifests_in(target)
    elif os.path.isfile(target):
        files.append(target)
    else:
        print(f'validate-k8s: no such file or folder: {target}', file=sys.stderr)
        sys.exit(2)

for path in files:
    if os.path.basename(path).startswith('kustomization.'):
        check_kustomization(path)
        continue
    try:
        resources = resources_from_file(path)
    except (Exception, SystemExit) as error:
        problems.append(f'{path}: not YAML: {error}')
        continue
    if not resources:
        problems.append(f'{path}: holds no resource')
    for resource in resources:
        name = f"{resource.get('kind', '?')}/{(resource.get('metadata') or {}).get('name', '?')}"
        if 'apiVersion' not in resource or 'kind' not in resource:
            problems.append(f'{path}: {name}: apiVersion and kind are required')
            continue
        try:
            validate(resource, version, strict=True)
            checked += 1
        except ValidationError as error:
            where = '.'.join(str(p) for p in error.path) or '(root)'
            problems.append(f'{path}: {name}: {where}: {error.message}')
        except SchemaNotFoundError as error:
            # kubernetes-validate only warns here; for us an unknown kind is a typo.
            problems.append(f'{path}: {name}: {error.message}')
        except VersionNotSupportedError as error:
            print(f'validate-k8s: {error.message}', file=sys.stderr)
            sys.exit(2)

for problem in problems:
    print(f'ERROR {problem}')
if problems:
    print(f'validate-k8s: {len(problems)} problem(s) in {len(files)} file(s), Kubernetes {version} (strict)')
    sys.exit(1)
print(f'validate-k8s: {checked} resources in {len(files)} files valid for Kubernetes {version} (strict)')
PY
