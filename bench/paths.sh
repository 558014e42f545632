#!/usr/bin/env bash
# The three everyday paths of issue 11 (bench/paths.mjs), counted in page loads, taps, fields
# typed and screens scrolled, in Chromium:
#   bench/paths.sh                              # builds and measures target/debug/renkei
#   RENKEI_BIN=/path/to/other/renkei bench/paths.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [ -z "${RENKEI_BIN:-}" ]; then cargo build --bin renkei >/dev/null; fi
export RENKEI_BIN="${RENKEI_BIN:-$repo/target/debug/renkei}"
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
fi
[ -d tests/browser/node_modules ] || (cd tests/browser && npm ci --no-audit --no-fund >/dev/null)
node bench/paths.mjs
