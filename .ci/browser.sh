#!/usr/bin/env bash
# Browser tests: node:test + playwright-core driving Debian's Chromium, axe-core for WCAG 2.1 AA.
# Each test file starts its own `renkei serve` (temp dir, SQLite, demo data) from an already-built
# binary; this script does not build. Usage (from anywhere):
#   .ci/browser.sh                                  # uses target/debug/renkei
#   RENKEI_BIN=target/release/renkei .ci/browser.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

export RENKEI_BIN="${RENKEI_BIN:-$repo/target/debug/renkei}"
case "$RENKEI_BIN" in
  /*) ;;
  *) RENKEI_BIN="$repo/$RENKEI_BIN" ;;
esac
if [ ! -x "$RENKEI_BIN" ]; then
  echo "browser.sh: $RENKEI_BIN is missing or not executable; build it first (cargo build) or set RENKEI_BIN" >&2
  exit 1
fi

if ! command -v node >/dev/null 2>&1; then
  echo "browser.sh: node (20 or later) is required" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "browser.sh: node 20 or later is required (found $(node --version))" >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "browser.sh: installing Debian's chromium" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
fi

(cd tests/browser && npm ci --no-audit --no-fund)

# One file after another: each has its own server, and the machine stays quiet.
node --test --test-concurrency=1 tests/browser/
