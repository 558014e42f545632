#!/usr/bin/env bash
# お知らせ to everyone on the benchmark data: seeds the demo and `seed-scale` (USERS accounts),
# signs the S管理者 in and publishes one notice to all users, timing the POST — recipients fixed
# and every mail queued in its transaction — and counting the outbox rows it wrote. Then the home
# page's throughput for a user with that notice unread vs after reading it (wrk, one run each).
#   bench/notices.sh                                      (defaults: 2,000 users, SQLite)
#   RENKEI_BIN=path/to/renkei bench/notices.sh           # measure that binary, no build
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bench/notices.sh   # a fresh
#                                                       # database on that server, dropped after
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORGS="${ORGS:-200}" USERS="${USERS:-2000}" SECONDS_EACH="${SECONDS_EACH:-10}"
if [ -z "${RENKEI_BIN:-}" ]; then (cd "$repo" && cargo build --release --bin renkei >/dev/null); fi
bin="${RENKEI_BIN:-$repo/target/release/renkei}"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
pg_admin=""
case "${DATABASE_URL:-}" in postgres://* | postgresql://*) pg_admin="${DATABASE_URL%%\?*}" ;; esac
server="" dbname=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  [ -n "$dbname" ] && psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
if [ -n "$pg_admin" ]; then
  dbname="renkei_bench_notices_$$"
  psql -q "$pg_admin" -c "CREATE DATABASE $dbname" >/dev/null
  db_url="${pg_admin%/*}/$dbname"; backend="PostgreSQL"
else
  db_url="sqlite://$work/renkei.sqlite3"; backend="SQLite"
fi
export DATABASE_URL="$db_url" PORT="$port" RENKEI__HTTP__PUBLIC_URL="$base" \
       RENKEI__DATA_DIR="$work/data" RUST_LOG=warn RENKEI__WORKER__IN_PROCESS=never
cd "$work"
. "$repo/bench/lib.sh"

"$bin" seed-demo >/dev/null 2>>"$work/cli.log"
"$bin" seed-scale --organisations "$ORGS" --users "$USERS" --audit-rows 0 \
       --rooms 100 --posts 1000 --big-room-posts 0 >/dev/null 2>>"$work/cli.log"
"$bin" serve 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
city=$(login city-admin)
reader=$(login dr-tanaka)

home_rps() {
  wrk -t1 -c8 -d"${SECONDS_EACH}s" -H "Cookie: $reader" "$base/" | awk '/Requests\/sec/ { print $2 }'
}
before=$(home_rps)
outbox_before=$(sql "SELECT COUNT(*) FROM outbox")
token=$(curl -fs -b "$city" "$base/notices/new" | csrf)
key=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
publish_s=$(curl -s -o /dev/null -w '%{time_total}' -b "$city" \
  -F "csrf_token=$token" -F "key=$key" -F "title=研修会のご案内" -F "body=12月の研修会のご案内です。" \
  -F "audience=all" -F "response=attendance" "$base/notices")
queued=$(( $(sql "SELECT COUNT(*) FROM outbox") - outbox_before ))
recipients=$(sql "SELECT COUNT(*) FROM notice_recipients")
unread=$(home_rps)
notice=$(sql "SELECT MAX(id) FROM notices")
curl -fs -o /dev/null -b "$reader" "$base/notices/$notice"
read_rps=$(home_rps)

echo "renkei お知らせ benchmark — $(nproc) cores, $backend"
echo "data: $(sql "SELECT COUNT(*) FROM users") accounts; the notice went to $recipients, $queued mails queued"
printf '%-52s %s\n' "publish to all (POST, mails queued), seconds" "$publish_s"
printf '%-52s %s\n' "home page req/s, no notice" "$before"
printf '%-52s %s\n' "home page req/s, the notice unread" "$unread"
printf '%-52s %s\n' "home page req/s, the notice read" "$read_rps"
awk -v a="$unread" -v b="$before" 'BEGIN { printf "%-52s %.2f\n", "unread ÷ no notice", a / b }'
