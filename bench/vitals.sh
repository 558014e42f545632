#!/usr/bin/env bash
# The バイタル page of a room with VITALS entries over 90 days (default 10,000), in one run against
# the same server's static asset: the server's own time for the page and for its graphs (the
# Server-Timing header: db, graph, total; median of REQUESTS requests), wrk at one connection
# (the latency one user sees) for the 90-day and the 7-day page, and the bytes on the wire of the
# 90-day page (brotli and gzip, as the browsers ask).
#   bench/vitals.sh
#   VITALS=100000 bench/vitals.sh
#   RENKEI_BIN=path/to/renkei bench/vitals.sh            # measure that binary, no build
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
VITALS="${VITALS:-10000}"
REQUESTS="${REQUESTS:-50}"
DURATION="${DURATION:-10s}"

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk
fi
if [ -z "${RENKEI_BIN:-}" ]; then cargo build --release --bin renkei >/dev/null; fi
bin="${RENKEI_BIN:-$repo/target/release/renkei}"
work="$(mktemp -d)"
server=""
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
export RUST_LOG=warn RENKEI__LOGIN__MAX_FAILURES_PER_ADDRESS_PER_15MIN=100000
. "$repo/bench/lib.sh"

port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
export DATABASE_URL="sqlite://$work/renkei.sqlite3" PORT="$port" RENKEI__HTTP__PUBLIC_URL="$base" \
       RENKEI__DATA_DIR="$work/data"
(cd "$work" && "$bin" seed-demo >/dev/null)
(cd "$work" && "$bin" seed-scale --organisations 1 --users 1 --audit-rows 0 --vitals "$VITALS" >/dev/null)
(cd "$work" && exec "$bin" serve 2>"$work/serve.log") &
server=$!
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1
cookie=$(login ns-suzuki)
room=$(curl -fs -b "$cookie" "$base/rooms" | grep -o 'href="/rooms/[0-9]*"[^>]*><span class="room-list__name">八幡 正' | grep -o '/rooms/[0-9]*' | head -1)
[ -n "$room" ] || { echo "bench: the patient room was not found" >&2; exit 1; }
page="$base$room/vitals?days=90"
css=$(curl -fs -b "$cookie" "$base/" | grep -o '/assets/app\.[0-9a-f]*\.css' | head -1)

# Server-Timing of REQUESTS requests, one at a time: median db, graph and total (ms).
timings=$(for _ in $(seq 1 "$REQUESTS"); do
  curl -fs -o /dev/null -D - -H 'Accept-Encoding: br' -b "$cookie" "$page" | tr -d '\r' | grep -i '^server-timing:'
done)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
db_ms=$(echo "$timings" | grep -o 'db;dur=[0-9.]*' | cut -d= -f2 | median)
graph_ms=$(echo "$timings" | grep -o 'graph;dur=[0-9.]*' | cut -d= -f2 | median)
total_ms=$(echo "$timings" | grep -o 'total;dur=[0-9.]*' | cut -d= -f2 | median)
shown=$(sql "SELECT count(*) FROM vitals")

measure() {
  wrk -t1 -c1 -d"$DURATION" -s "$repo/bench/latency.lua" "$@" | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}
read -r s_rps s_p50 _ _ s_p99 s_err <<<"$(measure -H 'Accept-Encoding: br' "$base$css")"
read -r v_rps v_p50 _ _ v_p99 v_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$page")"
read -r w_rps w_p50 _ _ w_p99 w_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base$room/vitals?days=7")"
br_bytes=$(curl -fs -H 'Accept-Encoding: br' -b "$cookie" -o "$work/page.br" -w '%{size_download}' "$page")
gz_bytes=$(curl -fs -H 'Accept-Encoding: gzip' -b "$cookie" -o "$work/page.gz" -w '%{size_download}' "$page")
raw_bytes=$(curl -fs -b "$cookie" -o "$work/page.html" -w '%{size_download}' "$page")
graphs=$(grep -o '<svg' "$work/page.html" | wc -l)

echo
echo "vitals in the room: $shown over 90 days; graphs on the 90-day page: $graphs"
echo "server time (Server-Timing, median of $REQUESTS): db $db_ms ms, graphs $graph_ms ms, whole page $total_ms ms"
printf '%-34s %9s %8s %8s %6s\n' target req/s p50_ms p99_ms errors
printf '%-34s %9s %8s %8s %6s\n' "static asset (app.css, br)" "$s_rps" "$s_p50" "$s_p99" "$s_err"
printf '%-34s %9s %8s %8s %6s\n' "vitals page, 90 days" "$v_rps" "$v_p50" "$v_p99" "$v_err"
printf '%-34s %9s %8s %8s %6s\n' "vitals page, 7 days" "$w_rps" "$w_p50" "$w_p99" "$w_err"
echo "90-day page ÷ static asset, p50 latency: $(awk -v a="$v_p50" -v b="$s_p50" 'BEGIN {printf "%.1f", a / b}')"
echo "90-day page bytes: brotli $br_bytes, gzip $gz_bytes, uncompressed $raw_bytes (goal ≤ 30 KB compressed)"
