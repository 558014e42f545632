#!/usr/bin/env bash
# The usage statistics on the benchmark data: seeds the demo and `seed-scale` (ORGS
# organisations, USERS accounts, ROOMS rooms, POSTS posts — all written this month, the worst
# case for a month's count), signs the S管理者 in and times the statistics page and its two CSV
# downloads, RUNS times each (median and slowest), against the health check on the same server.
#   bench/statistics.sh                                   (defaults: 1,000,000 posts, SQLite)
#   RENKEI_BIN=path/to/renkei bench/statistics.sh        # measure that binary, no build
#   POSTS=100000 ROOMS=2000 bench/statistics.sh          # a quicker run
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bench/statistics.sh   # a fresh
#                                                       # database on that server, dropped after
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORGS="${ORGS:-200}" USERS="${USERS:-2000}" ROOMS="${ROOMS:-20000}" POSTS="${POSTS:-1000000}"
RUNS="${RUNS:-7}"
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
  dbname="renkei_bench_statistics_$$"
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
seed_start=$(date +%s)
"$bin" seed-scale --organisations "$ORGS" --users "$USERS" --audit-rows 0 \
       --rooms "$ROOMS" --posts "$POSTS" --big-room-posts 0 >/dev/null 2>>"$work/cli.log"
seed_s=$(( $(date +%s) - seed_start ))
if [ -n "$pg_admin" ]; then psql -q "$db_url" -c "VACUUM ANALYZE" >/dev/null; fi
"$bin" serve 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
cookie=$(login city-admin)

# time PATH: RUNS timed requests after one warm-up; prints "median slowest" in ms.
time_of() {
  local path="$1" code
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$cookie" "$base$path")
  [ "$code" = 200 ] || { echo "bench: $path answered $code" >&2; exit 1; }
  for _ in $(seq 1 "$RUNS"); do
    curl -s -o /dev/null -w '%{time_total}\n' -b "$cookie" "$base$path"
  done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.0f %.0f\n", t[int((NR + 1) / 2)], t[NR] }'
}
read -r h_med h_max <<<"$(time_of /healthz)"
read -r p_med p_max <<<"$(time_of /admin/statistics)"
read -r c_med c_max <<<"$(time_of /admin/statistics.csv)"
read -r o_med o_max <<<"$(time_of /admin/statistics/organisations.csv)"
posts=$(sql "SELECT COUNT(*) FROM posts")

echo "renkei statistics benchmark — $(nproc) cores, $backend, $RUNS runs each"
echo "data: $ORGS organisations, $USERS accounts, $ROOMS rooms, $posts posts (seeded in ${seed_s}s)"
printf '%-44s %10s %10s\n' "request" "median ms" "slowest"
printf '%-44s %10s %10s\n' "/healthz (same server)" "$h_med" "$h_max"
printf '%-44s %10s %10s\n' "/admin/statistics (page, charts)" "$p_med" "$p_max"
printf '%-44s %10s %10s\n' "/admin/statistics.csv (by month)" "$c_med" "$c_max"
printf '%-44s %10s %10s\n' "/admin/statistics/organisations.csv" "$o_med" "$o_max"
