#!/usr/bin/env bash
# The room's tabs on a low-end profile (Chromium, CPU ×6, Slow 3G): time until usable and bytes,
# first and repeat visit. See bench/lowend.mjs.
#   bench/lowend.sh
#   RENKEI_BIN=path/to/renkei CPU_THROTTLE=4 bench/lowend.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [ -z "${RENKEI_BIN:-}" ]; then cargo build --release --bin renkei >/dev/null; fi
export RENKEI_BIN="${RENKEI_BIN:-$repo/target/release/renkei}"
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
fi
[ -d tests/browser/node_modules ] || (cd tests/browser && npm ci --no-audit --no-fund >/dev/null)
export RENKEI_SEED_SCALE="--organisations 1 --users 1 --audit-rows 0 --vitals 270"
node bench/lowend.mjs
