#!/usr/bin/env bash
# A mixed read/write load: CONNECTIONS connections for DURATION, logged in as dr-tanaka and
# ns-suzuki (both members of the demo rooms), reading timelines, the room list and a search, and
# writing one post in WRITE_EVERY requests (bench/mixed.lua). Afterwards every post the server
# acknowledged (303 with its ID) is looked up in the database: errors, acknowledged vs stored,
# and whether each stored post has its notification mails in the outbox.
#   bench/mixed.sh                     (defaults: 200 connections, 60s, 1 write in 10)
#   CONNECTIONS=50 DURATION=10s bench/mixed.sh   # a quicker run
#   RENKEI_BIN=/path/to/renkei         # use this binary instead of building one
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres   # a fresh database on that server,
#                                      # with a separate `renkei worker` as in the Procfile
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
CONNECTIONS="${CONNECTIONS:-200}"
DURATION="${DURATION:-60s}"
THREADS="${THREADS:-2}"
WRITE_EVERY="${WRITE_EVERY:-10}"
WRK_TIMEOUT="${WRK_TIMEOUT:-10s}"
USERS="${USERS:-dr-tanaka ns-suzuki}"

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk
fi
if [ -n "${RENKEI_BIN:-}" ]; then
  bin="$RENKEI_BIN"
else
  cargo build --release --bin renkei >/dev/null
  bin="$repo/target/release/renkei"
fi
lua="$repo/bench/mixed.lua"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
pg_admin=""
case "${DATABASE_URL:-}" in postgres://* | postgresql://*) pg_admin="${DATABASE_URL%%\?*}" ;; esac
server="" worker="" dbname=""
cleanup() {
  for p in $worker $server; do kill "$p" 2>/dev/null || true; done
  for p in $worker $server; do wait "$p" 2>/dev/null || true; done
  [ -n "$dbname" ] && psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1
  if [ -n "${KEEP_WORK:-}" ]; then echo "bench: work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
if [ -n "$pg_admin" ]; then
  dbname="renkei_bench_mixed_$$"
  psql -q "$pg_admin" -c "CREATE DATABASE $dbname" >/dev/null
  db_url="${pg_admin%/*}/$dbname"
  backend="PostgreSQL, separate worker"
else
  db_url="sqlite://$work/renkei.sqlite3"
  case "${RENKEI__WORKER__IN_PROCESS:-auto}" in
    never) backend="SQLite, no worker (RENKEI__WORKER__IN_PROCESS=never)" ;;
    *) backend="SQLite, worker in-process" ;;
  esac
fi
export DATABASE_URL="$db_url" PORT="$port" RENKEI__HTTP__PUBLIC_URL="$base" \
       RENKEI__DATA_DIR="$work/data" RUST_LOG=warn RENKEI__LOGIN__MAX_FAILURES_PER_ADDRESS_PER_15MIN=100000
cd "$work"

. "$repo/bench/lib.sh"

"$bin" seed-demo >/dev/null 2>>"$work/cli.log"
"$bin" serve 2>"$work/serve.log" &
server=$!
if [ -n "$pg_admin" ]; then
  "$bin" worker 2>"$work/worker.log" &
  worker=$!
fi
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1

sessions="" cookie=""
for user in $USERS; do
  cookie=$(login "$user")
  token=$(curl -fs -b "$cookie" "$base/rooms" | csrf)
  [ -n "$token" ] || { echo "bench: login as $user failed" >&2; exit 1; }
  sessions="${sessions:+$sessions;}$cookie $token"
done
rooms_html=$(curl -fs -b "$cookie" "$base/rooms")
room_id() { echo "$rooms_html" | grep -o "href=\"/rooms/[0-9]*\"[^>]*>[^<]*<span class=\"room-list__name\">$1" \
            | grep -o '/rooms/[0-9]*' | head -1 | sed 's#/rooms/##'; }
patient=$(room_id "八幡 正")
inter=$(room_id "病診連携の部屋")
[ -n "$patient" ] && [ -n "$inter" ] || { echo "bench: demo rooms not found" >&2; exit 1; }
q=$(python3 -c 'import urllib.parse;print(urllib.parse.quote("発赤が少し"))')

SESSIONS="$sessions" ROOMS="$patient,$inter" QUERY="$q" WRITE_EVERY="$WRITE_EVERY" \
OUT="$work/acked" SUMMARY="$work/summary" \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency -s "$lua" "$base" >"$work/wrk.out"
sleep 3   # requests wrk gave up on may still be finishing on the server
get() { awk -F= -v k="$1" '$1 == k { sub(/^[^=]*=/, ""); print }' "$work/summary"; }

sql "SELECT id FROM posts WHERE idempotency_key LIKE 'mixed-%'" >"$work/stored"
read -r acked_distinct stored lost unacked dup_acked < <(python3 - "$work/acked" "$work/stored" <<'EOF'
import sys
acked = [l.strip() for l in open(sys.argv[1]) if l.strip()]
stored = {l.strip() for l in open(sys.argv[2]) if l.strip()}
a = set(acked)
print(len(a), len(stored), len(a - stored), len(stored - a), len(acked) - len(a))
EOF
)
mails_expected=$(sql "SELECT COUNT(*) FROM posts p JOIN room_members m ON m.room_id = p.room_id \
  AND m.user_id <> p.author_id AND m.removed_at IS NULL WHERE p.idempotency_key LIKE 'mixed-%'")
mails_queued=$(sql "SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'mail:post:%'")
health=$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" || true)
# Each kind of request alone on the data the load left behind (median of 5, ms).
probe() {
  for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -b "$cookie" "$base$1"; done \
    | sort -n | awk 'NR == 3 { printf "%.1f", $1 * 1000 }'
}
probes="timeline $(probe "/rooms/$patient") · rooms $(probe /rooms) · search $(probe "/search?q=$q") · healthz $(probe /healthz)"
rss_kb=$(ps -o rss= -p "$server" | tr -d ' ')
log_errors=$(cat "$work"/serve.log "$work"/worker.log "$work"/cli.log 2>/dev/null | grep -c -E 'ERROR|WARN' || true)
sock_errors=$(( $(get connect) + $(get read) + $(get write) + $(get timeout) ))
errors=$(( sock_errors + $(get status_errors) ))

echo "renkei mixed load — $(nproc) cores, $backend, $CONNECTIONS connections, $THREADS threads, $(get seconds)s, 1 write in $WRITE_EVERY, users: $USERS"
printf '%-42s %s\n' "requests/s" "$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.out")"
printf '%-42s %s\n' "requests completed" "$(get requests)"
printf '%-42s %s\n' "latency p50 / p99 / max (ms)" "$(get p50) / $(get p99) / $(get max)"
printf '%-42s %s\n' "responses by status" "$(get statuses)"
printf '%-42s %s\n' "errors: total" "$errors"
printf '%-42s %s\n' "  socket connect/read/write/timeout" "$(get connect)/$(get read)/$(get write)/$(get timeout)"
printf '%-42s %s\n' "  HTTP status >= 400" "$(get status_errors)"
printf '%-42s %s\n' "posts sent" "$(get writes_sent)"
printf '%-42s %s\n' "posts acknowledged (303 with an ID)" "$acked_distinct"
printf '%-42s %s\n' "posts stored" "$stored"
printf '%-42s %s\n' "lost (acknowledged, not stored)" "$lost"
printf '%-42s %s\n' "stored, not acknowledged (wrk stopped first)" "$unacked"
printf '%-42s %s\n' "acknowledged twice (same ID)" "$dup_acked"
printf '%-42s %s\n' "notification mails: expected / in outbox" "$mails_expected / $mails_queued"
printf '%-42s %s\n' "server RSS after load" "$((rss_kb / 1024)) MB"
printf '%-42s %s\n' "/healthz after load" "$health"
printf '%-42s %s\n' "one request alone after load (ms)" "$probes"
printf '%-42s %s\n' "log WARN/ERROR lines (server, worker, CLI)" "$log_errors"
if [ "$log_errors" -gt 0 ]; then
  cat "$work"/serve.log "$work"/worker.log "$work"/cli.log 2>/dev/null | grep -E 'ERROR|WARN' \
    | sed -E 's/\x1b\[[0-9;]*m//g; s/^[^ ]+ +//; s/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -5 | cut -c1-200
fi
if [ -n "${KEEP_LOGS:-}" ]; then mkdir -p "$KEEP_LOGS" && cp "$work"/*.log "$work/wrk.out" "$work/summary" "$KEEP_LOGS"/ 2>/dev/null || true; fi
