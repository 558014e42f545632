#!/usr/bin/env bash
# The 連絡帳 under load, in one run against the same server's static asset: seeds ROOMS
# inter-professional rooms with POSTS posts (BIG of them in one room), then measures with wrk
# the timeline of the big room and of a small room, a search across the user's rooms (a common
# phrase and a word found nowhere), and the server's memory; the same big-room timeline on a
# database a hundredth of the size gives the latency ratio at POSTS ÷ at POSTS/100.
#   bench/timeline.sh        (defaults: 20000 rooms, 1000000 posts, 100000 big)
#   RENKEI_BIN=path/to/renkei bench/timeline.sh                 # measure that binary, no build
#   ROOMS=2000 POSTS=100000 BIG=10000 bench/timeline.sh     # a quicker run
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
CONNECTIONS="${CONNECTIONS:-32}"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
ROOMS="${ROOMS:-20000}"
POSTS="${POSTS:-1000000}"
BIG="${BIG:-100000}"

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk
fi
# measure WRK-ARGS…: prints "req/s p50 p90 p95 p99 errors" (ms; errors = socket errors + non-2xx/3xx).
measure() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$repo/bench/latency.lua" "$@" | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}
if [ -z "${RENKEI_BIN:-}" ]; then cargo build --release --bin renkei >/dev/null; fi
bin="${RENKEI_BIN:-$repo/target/release/renkei}"
work="$(mktemp -d)"
server=""
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
export RUST_LOG=warn RENKEI__LOGIN__MAX_FAILURES_PER_ADDRESS_PER_15MIN=100000

# start DIR ROOMS POSTS BIG: seeds a database in DIR, starts a server on it, logs ns-suzuki in;
# sets base, cookie, big, small, seed_s, db_mb.
start() {
  local dir="$1" port
  mkdir -p "$dir"
  port=$((20000 + RANDOM % 20000))
  base="http://127.0.0.1:$port"
  export DATABASE_URL="sqlite://$dir/renkei.sqlite3" PORT="$port" RENKEI__HTTP__PUBLIC_URL="$base" \
         RENKEI__DATA_DIR="$dir/data"
  (cd "$dir" && "$bin" seed-demo >/dev/null)
  local seed_start; seed_start=$(date +%s)
  (cd "$dir" && "$bin" seed-scale --organisations 200 --users 2000 --audit-rows 0 \
         --rooms "$2" --posts "$3" --big-room-posts "$4" >/dev/null)
  seed_s=$(( $(date +%s) - seed_start ))
  db_mb=$(( $(stat -c %s "$dir/renkei.sqlite3") / 1024 / 1024 ))
  (cd "$dir" && exec "$bin" serve 2>"$dir/serve.log") &
  server=$!
  for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  sleep 1
  cookie=$(login ns-suzuki)
  local rooms_html; rooms_html=$(curl -fs -b "$cookie" "$base/rooms")
  big=$(echo "$rooms_html" | grep -o 'href="/rooms/[0-9]*"[^>]*>[^<]*<span class="room-list__name">規模試験の部屋00000' | grep -o '/rooms/[0-9]*' | head -1)
  small=$(echo "$rooms_html" | grep -o 'href="/rooms/[0-9]*"[^>]*>[^<]*<span class="room-list__name">規模試験の部屋00001' | grep -o '/rooms/[0-9]*' | head -1)
  [ -n "$big" ] && [ -n "$small" ] || { echo "bench: rooms not found" >&2; exit 1; }
}
stop() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=""; }
. "$repo/bench/lib.sh"

# The same shape at a hundredth of the size first: its latency is the base of the 1M ÷ 10k ratio.
start "$work/small" $(( ROOMS / 100 > 1 ? ROOMS / 100 : 2 )) $(( POSTS / 100 )) $(( BIG / 100 ))
read -r t_rps t_p50 _ _ t_p99 t_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base$big")"
stop

start "$work/full" "$ROOMS" "$POSTS" "$BIG"
css=$(curl -fs -b "$cookie" "$base/" | grep -o '/assets/app\.[0-9a-f]*\.css' | head -1)
big_posts=$(curl -fs -b "$cookie" "$base$big" | grep -o 'class="post"' | wc -l)
q=$(python3 -c 'import urllib.parse;print(urllib.parse.quote("発赤が少し"))')
rare=$(python3 -c 'import urllib.parse;print(urllib.parse.quote("見当たらない語"))')

read -r s_rps s_p50 s_p90 s_p95 s_p99 s_err <<<"$(measure -H 'Accept-Encoding: br' "$base$css")"
read -r b_rps b_p50 b_p90 b_p95 b_p99 b_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base$big")"
read -r m_rps m_p50 m_p90 m_p95 m_p99 m_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base$small")"
read -r q_rps q_p50 q_p90 q_p95 q_p99 q_err <<<"$(measure -c4 -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base/search?q=$q")"
read -r r_rps r_p50 r_p90 r_p95 r_p99 r_err <<<"$(measure -c4 -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base/search?q=$rare")"
rss_kb=$(ps -o rss= -p "$server" | tr -d ' ')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "renkei timeline benchmark — $(nproc) cores, $CONNECTIONS connections, $DURATION each, SQLite"
echo "data: $ROOMS rooms, $POSTS posts ($BIG in one room), seeded in ${seed_s}s, database ${db_mb} MB; a page shows $big_posts posts"
printf '%-36s %9s %8s %8s %8s %8s %6s %s\n' "target" "req/s" "p50 ms" "p90" "p95" "p99" "ratio" "errors"
row() { printf '%-36s %9s %8s %8s %8s %8s %6s %s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$(ratio "$2" "$s_rps")" "$7"; }
row "static asset (app.css, br)" "$s_rps" "$s_p50" "$s_p90" "$s_p95" "$s_p99" "$s_err"
row "timeline, room with $BIG posts" "$b_rps" "$b_p50" "$b_p90" "$b_p95" "$b_p99" "$b_err"
row "timeline, small room" "$m_rps" "$m_p50" "$m_p90" "$m_p95" "$m_p99" "$m_err"
row "search, common phrase (4 conn.)" "$q_rps" "$q_p50" "$q_p90" "$q_p95" "$q_p99" "$q_err"
row "search, rare word (4 conn.)" "$r_rps" "$r_p50" "$r_p90" "$r_p95" "$r_p99" "$r_err"
echo "big-room ÷ small-room throughput: $(ratio "$b_rps" "$m_rps")"
echo "timeline latency at $POSTS ÷ at $((POSTS / 100)) posts: p50 $(ratio "$b_p50" "$t_p50") ($b_p50 ÷ $t_p50 ms), p99 $(ratio "$b_p99" "$t_p99") ($b_p99 ÷ $t_p99 ms)"
echo "web server RSS after load: $((rss_kb / 1024)) MB"
