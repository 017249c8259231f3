#!/usr/bin/env bash
# Installs Debian's Chromium for the console's browser test (test/console) when
# /usr/bin/chromium is missing. Non-interactive and quiet, for CI on a fresh
# machine (as root, or through sudo when there is one).
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: $CHROMIUM is missing and there is no apt-get to install it; install Chromium and link it there" >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: installing Chromium needs root (or sudo)" >&2
    exit 1
  fi
  SUDO=(sudo)
fi

echo "[setup] installing chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [ ! -x "$CHROMIUM" ]; then
  echo "error: apt-get installed chromium but $CHROMIUM is not there" >&2
  exit 1
fi
echo "[setup] $("$CHROMIUM" --version 2>/dev/null || echo chromium) ready"
