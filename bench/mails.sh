#!/usr/bin/env bash
# Notification mail end to end: posts written through HTTP into the demo patient room (八幡 正)
# queue one mail per member who wants it (outbox rows, in the post's transaction); then a separate
# `renkei worker` delivers them to a loopback SMTP sink (bench/smtp_sink.py), which records every
# message's Message-ID (derived from the job key) and recipient. Measures mails/s from worker
# start to the last expected mail, counts lost and twice-delivered mails, samples the worker's RSS.
#   bench/mails.sh                    (defaults: ≥ 10000 mails)
#   MAILS=2000 bench/mails.sh         # a quicker run
#   KILL=1 bench/mails.sh             # SIGKILL the worker halfway, start a new one
#   RENKEI_BIN=/path/to/renkei        # use this binary instead of building one
#   SINK_ARGS="--delay 0.05"          # a slower mail server (see bench/smtp_sink.py --help)
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres   # a fresh database on that server
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
MAILS="${MAILS:-10000}"
KILL="${KILL:-0}"
GRACE="${GRACE:-5}"          # seconds to keep listening once the queue has settled
SETTLE="${SETTLE:-120}"      # wait at most this long after the last expected mail for the queue to settle
TIMEOUT="${TIMEOUT:-600}"    # give up waiting after this many seconds
WRITERS="${WRITERS:-4}"      # parallel HTTP connections writing the posts (phase 1, not timed)

if [ -n "${RENKEI_BIN:-}" ]; then
  bin="$RENKEI_BIN"
else
  cargo build --release --bin renkei >/dev/null
  bin="$repo/target/release/renkei"
fi
sink_py="$repo/bench/smtp_sink.py"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
pg_admin=""
case "${DATABASE_URL:-}" in postgres://* | postgresql://*) pg_admin="${DATABASE_URL%%\?*}" ;; esac
server="" worker="" sink="" sampler="" dbname=""
cleanup() {
  for p in $sampler $worker $server $sink; do kill "$p" 2>/dev/null || true; done
  for p in $sampler $worker $server $sink; do wait "$p" 2>/dev/null || true; done
  [ -n "$dbname" ] && psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1
  if [ -n "${KEEP_WORK:-}" ]; then echo "bench: work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
if [ -n "$pg_admin" ]; then
  dbname="renkei_bench_mails_$$"
  psql -q "$pg_admin" -c "CREATE DATABASE $dbname" >/dev/null
  db_url="${pg_admin%/*}/$dbname"
  backend="PostgreSQL"
else
  db_url="sqlite://$work/renkei.sqlite3"
  backend="SQLite"
fi
export DATABASE_URL="$db_url" PORT="$port" RENKEI__HTTP__PUBLIC_URL="$base" \
       RENKEI__DATA_DIR="$work/data" RUST_LOG=warn RENKEI__LOGIN__MAX_FAILURES_PER_ADDRESS_PER_15MIN=100000 \
       RENKEI__WORKER__IN_PROCESS=never
cd "$work"

. "$repo/bench/lib.sh"

"$bin" seed-demo >/dev/null 2>>"$work/cli.log"
"$bin" serve 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1

cookie=$(login dr-tanaka)
room=$(curl -fs -b "$cookie" "$base/rooms" | grep -o 'href="/rooms/[0-9]*"[^>]*>[^<]*<span class="room-list__name">八幡 正' \
       | grep -o '/rooms/[0-9]*' | head -1)
[ -n "$room" ] || { echo "bench: room 八幡 正 not found (login failed?)" >&2; exit 1; }
token=$(curl -fs -b "$cookie" "$base$room" | csrf)
[ -n "$token" ] || { echo "bench: no CSRF token on $room" >&2; exit 1; }

# Phase 1 (not timed): posts through HTTP, as a browser without JavaScript sends them (303 = written).
post() {  # post COUNT FIRST_INDEX → "ok failed seconds"
  python3 - "$base" "$cookie" "$token" "$room" "$1" "$2" "$WRITERS" <<'EOF'
import http.client, sys, threading, time, urllib.parse
base, cookie, token, room, count, first, writers = sys.argv[1:]
count, first, writers = int(count), int(first), int(writers)
host = urllib.parse.urlsplit(base)
ok, bad, lock = [0], {}, threading.Lock()
def run(w):
    c = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    for i in range(first + w, first + count, writers):
        body = urllib.parse.urlencode({
            "csrf_token": token, "key": f"mailbench-{i:08d}-post", "subject": f"訪問報告 {i}",
            "body": "本日訪問しました。血圧は安定しています。", "to": "all"})
        c.request("POST", f"{room}/posts", body, {"Cookie": cookie,
                  "Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse(); r.read()
        with lock:
            if r.status == 303: ok[0] += 1
            else: bad[r.status] = bad.get(r.status, 0) + 1
t0 = time.time()
ts = [threading.Thread(target=run, args=(w,)) for w in range(writers)]
for t in ts: t.start()
for t in ts: t.join()
print(ok[0], sum(bad.values()), f"{time.time() - t0:.1f}", " ".join(f"{k}:{v}" for k, v in bad.items()))
EOF
}
mails_before=$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'mail'")
read -r ok1 _ _ _ <<<"$(post 1 0)"
[ "$ok1" = 1 ] || { echo "bench: the first post was not accepted" >&2; exit 1; }
per_post=$(( $(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'mail'") - mails_before ))
[ "$per_post" -gt 0 ] || { echo "bench: a post queued no mail" >&2; exit 1; }
posts=$(( (MAILS + per_post - 1) / per_post ))
read -r ok2 failed post_s post_err <<<"$(post $((posts - 1)) 1)"
posts_ok=$((ok2 + 1))
expected=$(sql "SELECT COUNT(*) FROM outbox WHERE kind = 'mail'")
sql "SELECT idempotency_key, payload FROM outbox WHERE kind = 'mail'" >"$work/expected.txt"

# Phase 2 (timed): the sink, then a worker that delivers to it.
log="$work/sink.log"
: >"$log"
python3 "$sink_py" --log "$log" --port-file "$work/smtp.port" ${SINK_ARGS:-} 2>"$work/sink.err" &
sink=$!
for _ in $(seq 1 100); do [ -s "$work/smtp.port" ] && break; sleep 0.05; done
smtp_port=$(cat "$work/smtp.port")
export RENKEI__MAIL__SMTP_URL="smtp://127.0.0.1:$smtp_port"
echo 0 >"$work/worker.pid"
( while :; do
    p=$(cat "$work/worker.pid"); [ "$p" = stop ] && exit 0
    r=$(ps -o rss= -p "$p" 2>/dev/null | tr -d ' ' || true); [ -n "$r" ] && echo "$r" >>"$work/rss"
    sleep 0.5
  done ) &
sampler=$!
received() { wc -l <"$log" | tr -d ' '; }
t0=$(date +%s.%N)
"$bin" worker 2>"$work/worker.log" &
worker=$!
echo "$worker" >"$work/worker.pid"
killed="" kill_at="" kill_count="" orphaned=""
while :; do
  n=$(received)
  [ "$n" -ge "$expected" ] && break
  el=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%d", b - a }')
  [ "$el" -ge "$TIMEOUT" ] && break
  if [ "$KILL" = 1 ] && [ -z "$killed" ] && [ "$n" -ge $((expected / 2)) ]; then
    kill -KILL "$worker"; wait "$worker" 2>/dev/null || true
    killed=1 kill_count="$n"
    kill_at=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    orphaned=$(sql "SELECT COUNT(*) FROM mail_deliveries WHERE state = 'sending'")
    mv "$work/worker.log" "$work/worker-killed.log"
    "$bin" worker 2>"$work/worker.log" &
    worker=$!
    echo "$worker" >"$work/worker.pid"
  fi
  sleep 0.1
done
# Then until nothing is left to do: no claim still "sending", no job that may run again (a worker
# killed mid-send leaves claims that a live worker takes over once they are stale), and GRACE more.
if [ -n "$pg_admin" ]; then jobs_table="apalis.jobs"; else jobs_table="Jobs"; fi
unsettled() {
  sql "SELECT (SELECT COUNT(*) FROM mail_deliveries WHERE state <> 'sent') + (SELECT COUNT(*) FROM $jobs_table
       WHERE status IN ('Pending', 'Queued', 'Running') OR (status = 'Failed' AND attempts < max_attempts))"
}
t_last=$(date +%s)
settled=""
while [ $(( $(date +%s) - t_last )) -lt "$SETTLE" ]; do
  [ "$(unsettled)" = 0 ] && { settled=$(( $(date +%s) - t_last )); break; }
  sleep 1
done
sleep "$GRACE"
echo stop >"$work/worker.pid"
wait "$sampler" 2>/dev/null || true
sampler=""
kill -TERM "$worker" 2>/dev/null || true
wait "$worker" 2>/dev/null || true
worker=""
kill -TERM "$sink" 2>/dev/null || true
wait "$sink" 2>/dev/null || true
sink=""
peak_kb=$(sort -n "$work/rss" 2>/dev/null | tail -1 || true)
sent=$(sql "SELECT COUNT(*) FROM mail_deliveries WHERE state = 'sent'")
not_sent=$(sql "SELECT state || ':' || COUNT(*) FROM mail_deliveries WHERE state <> 'sent' GROUP BY state" | tr '\n' ' ')
jobs=$(sql "SELECT status || ':' || COUNT(*) FROM $jobs_table GROUP BY status" 2>/dev/null | tr '\n' ' ' || true)
warn_lines=$(cat "$work"/worker*.log "$work"/serve.log "$work"/cli.log 2>/dev/null | grep -c -E "WARN|ERROR" || true)

python3 - "$work/expected.txt" "$log" "$t0" "$expected" <<'EOF' >"$work/result"
import json, sys
exp_file, log_file, t0, expected = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
def safe(key):
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "_" for c in key)
def find_to(v):
    if isinstance(v, dict):
        if isinstance(v.get("to"), str): return v["to"]
        for x in v.values():
            r = find_to(x)
            if r: return r
    return None
want = {}
for line in open(exp_file, encoding="utf-8"):
    key, payload = line.rstrip("\n").split("|", 1)
    want[safe(key)] = find_to(json.loads(payload))
seen, dup, unexpected, wrong, done_at, last = {}, 0, 0, 0, None, t0
rows = sorted(l.rstrip("\n").split("\t") for l in open(log_file, encoding="utf-8") if l.strip())
for ts, mid, rcpt, _conn in rows:
    local = mid.strip("<>").split("@", 1)[0]
    last = float(ts)
    if local not in want:
        unexpected += 1; continue
    if local in seen:
        dup += 1
    elif rcpt != want[local]:
        wrong += 1
    seen[local] = seen.get(local, 0) + 1
    if done_at is None and len(seen) == len(want):
        done_at = float(ts)
end = done_at if done_at is not None else last
secs = max(end - t0, 1e-9)
lost = len(want) - len(seen)
twice = sum(1 for v in seen.values() if v > 1)
print(len(rows), len(seen), dup, twice, lost, unexpected, wrong, f"{secs:.2f}", f"{len(seen) / secs:.0f}")
EOF
read -r got distinct dups twice lost unexpected wrong secs rate <"$work/result"
peak_mb=$(( ${peak_kb:-0} / 1024 ))
sink_stats=$(tail -1 "$work/sink.err" 2>/dev/null | sed 's/^smtp sink: //')

echo "renkei mail benchmark — $(nproc) cores, $backend, separate \`renkei worker\`, loopback SMTP sink$([ "$KILL" = 1 ] && echo ", worker SIGKILLed halfway")"
echo "phase 1: $posts_ok posts by dr-tanaka in 八幡 正 through HTTP in ${post_s}s ($per_post mails each; ${failed} refused${post_err:+: $post_err})"
printf '%-44s %s\n' "mails expected (outbox rows)" "$expected"
printf '%-44s %s\n' "received by the sink" "$got"
printf '%-44s %s\n' "distinct Message-IDs" "$distinct"
printf '%-44s %s\n' "duplicates (extra copies / mails twice)" "$dups / $twice"
printf '%-44s %s\n' "lost (queued, never received)" "$lost"
printf '%-44s %s\n' "unexpected / wrong recipient" "$unexpected / $wrong"
printf '%-44s %s\n' "seconds, worker start to last expected mail" "$secs"
printf '%-44s %s\n' "mails/s" "$rate"
printf '%-44s %s\n' "worker peak RSS" "${peak_mb} MB"
printf '%-44s %s\n' "worker RSS at 1/4, 1/2, 3/4, end of the run" \
  "$(awk '{ r[NR] = $1 } END { if (NR) printf "%d %d %d %d MB", r[int(NR/4)+1]/1024, r[int(NR/2)+1]/1024, r[int(3*NR/4)+1]/1024, r[NR]/1024 }' "$work/rss" 2>/dev/null || true)"
printf '%-44s %s\n' "mail_deliveries sent / other" "$sent / ${not_sent:-none}"
printf '%-44s %s\n' "queue jobs by status" "${jobs:-?}"
if [ -n "$settled" ]; then settled="${settled}s"; else settled="NOT within ${SETTLE}s"; fi
printf '%-44s %s\n' "queue settled after the last expected mail" "$settled"
printf '%-44s %s\n' "log WARN/ERROR lines (worker, server, CLI)" "$warn_lines"
printf '%-44s %s\n' "sink" "${sink_stats:-?}"
[ -n "$killed" ] && echo "worker SIGKILLed ${kill_at}s after start with $kill_count mails received, leaving $orphaned claims \"sending\"; a new worker started at once"
verdict=met
why=""
[ "$rate" -ge 200 ] || { verdict="NOT met"; why="$why rate"; }
[ "$lost" -eq 0 ] || { verdict="NOT met"; why="$why lost"; }
[ "$twice" -eq 0 ] || { verdict="NOT met"; why="$why twice"; }
[ "$peak_mb" -le 80 ] || { verdict="NOT met"; why="$why memory"; }
echo "goal: ≥ 200 mails/s, 0 lost, 0 twice, worker ≤ 80 MB — $verdict${why:+ (${why# })}"
if [ -n "${KEEP_LOGS:-}" ]; then mkdir -p "$KEEP_LOGS" && cp "$work"/*.log "$work"/sink.err "$KEEP_LOGS"/ 2>/dev/null || true; fi
