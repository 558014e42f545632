#!/usr/bin/env bash
# The 連絡帳 under load, in one run against the same server's static asset: seeds ROOMS
# inter-professional rooms with POSTS posts (BIG of them in one room), then measures with wrk
# the timeline of the big room and of a small room, a search across the user's rooms, and the
# server's memory.   bench/timeline.sh        (defaults: 20000 rooms, 1000000 posts, 100000 big)
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
cargo build --release --bin renkei >/dev/null
bin="$repo/target/release/renkei"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
export DATABASE_URL="sqlite://$work/renkei.sqlite3" PORT="$port" RENKEI__HTTP__PUBLIC_URL="$base" \
       RENKEI__DATA_DIR="$work/data" RUST_LOG=warn RENKEI__LOGIN__MAX_FAILURES_PER_ADDRESS_PER_15MIN=100000
cd "$work"
"$bin" seed-demo >/dev/null
seed_start=$(date +%s)
"$bin" seed-scale --organisations 200 --users 2000 --audit-rows 0 \
       --rooms "$ROOMS" --posts "$POSTS" --big-room-posts "$BIG" >/dev/null
seed_s=$(( $(date +%s) - seed_start ))
db_mb=$(( $(stat -c %s "$work/renkei.sqlite3") / 1024 / 1024 ))
"$bin" serve 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1

jar="$work/jar"
csrf() { grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
t=$(curl -fs -c "$jar" -b "$jar" "$base/login" | csrf)
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$t" --data-urlencode "login_id=ns-suzuki" \
     --data-urlencode "password=renkei-demo-2026" "$base/login"
t=$(curl -fs -c "$jar" -b "$jar" "$base/login/second-factor" | csrf)
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$t" \
     --data-urlencode "code=$("$bin" demo-code ns-suzuki)" "$base/login/second-factor"
cookie="renkei_session=$(grep -o 'renkei_session\s[^[:space:]]*' "$jar" | awk '{print $2}')"
rooms_html=$(curl -fs -b "$cookie" "$base/rooms")
big=$(echo "$rooms_html" | grep -o 'href="/rooms/[0-9]*"[^>]*>[^<]*<span class="room-list__name">規模試験の部屋00000' | grep -o '/rooms/[0-9]*' | head -1)
small=$(echo "$rooms_html" | grep -o 'href="/rooms/[0-9]*"[^>]*>[^<]*<span class="room-list__name">規模試験の部屋00001' | grep -o '/rooms/[0-9]*' | head -1)
[ -n "$big" ] && [ -n "$small" ] || { echo "bench: rooms not found" >&2; exit 1; }
css=$(curl -fs -b "$cookie" "$base/" | grep -o '/assets/app\.[0-9a-f]*\.css' | head -1)
big_posts=$(curl -fs -b "$cookie" "$base$big" | grep -o 'class="post"' | wc -l)
q=$(python3 -c 'import urllib.parse;print(urllib.parse.quote("発赤が少し"))')

measure() {
  local out rps p90 p99 errs
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p90=$(echo "$out" | awk '$1=="90%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  echo "$rps $p90 $p99 ${errs:-none}"
}
read -r s_rps s_p90 s_p99 s_err <<<"$(measure -H 'Accept-Encoding: br' "$base$css")"
read -r b_rps b_p90 b_p99 b_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base$big")"
read -r m_rps m_p90 m_p99 m_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base$small")"
read -r q_rps q_p90 q_p99 q_err <<<"$(measure -c4 -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base/search?q=$q")"
rss_kb=$(ps -o rss= -p "$server" | tr -d ' ')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "renkei timeline benchmark — $(nproc) cores, $CONNECTIONS connections, $DURATION each, SQLite"
echo "data: $ROOMS rooms, $POSTS posts ($BIG in one room), seeded in ${seed_s}s, database ${db_mb} MB; a page shows $big_posts posts"
printf '%-34s %10s %9s %9s %7s  %s\n' "target" "req/s" "p90" "p99" "ratio" "errors"
printf '%-34s %10s %9s %9s %7s  %s\n' "static asset (app.css, br)" "$s_rps" "$s_p90" "$s_p99" "1.00" "$s_err"
printf '%-34s %10s %9s %9s %7s  %s\n' "timeline, room with $BIG posts" "$b_rps" "$b_p90" "$b_p99" "$(ratio "$b_rps" "$s_rps")" "$b_err"
printf '%-34s %10s %9s %9s %7s  %s\n' "timeline, small room" "$m_rps" "$m_p90" "$m_p99" "$(ratio "$m_rps" "$s_rps")" "$m_err"
printf '%-34s %10s %9s %9s %7s  %s\n' "search across 20 rooms (4 conn.)" "$q_rps" "$q_p90" "$q_p99" "$(ratio "$q_rps" "$s_rps")" "$q_err"
echo "big-room ÷ small-room throughput: $(ratio "$b_rps" "$m_rps")"
echo "web server RSS after load: $((rss_kb / 1024)) MB"
