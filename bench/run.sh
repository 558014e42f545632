#!/usr/bin/env bash
# renkei benchmark: seeds data, starts the release server, and measures pages against the same
# server's static asset in one run, so the figures are ratios that mean something on any machine.
#
#   bench/run.sh                      # defaults: 32 connections, 10 s per measurement
#   CONNECTIONS=64 DURATION=20s bench/run.sh
#
# Prints, per page: requests/s, p99 latency, the ratio to the static asset's requests/s, and the
# bytes a browser transfers on a first and a repeat visit (compressed).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
CONNECTIONS="${CONNECTIONS:-32}"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
USERS="${USERS:-2000}"
AUDIT_ROWS="${AUDIT_ROWS:-20000}"

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
       RENKEI__DATA_DIR="$work/data" RUST_LOG=warn
# The benchmark's single client address would hit the login throttle otherwise.
export RENKEI__LOGIN__MAX_FAILURES_PER_ADDRESS_PER_15MIN=100000
cd "$work"
"$bin" seed-demo >/dev/null
"$bin" seed-scale --organisations 200 --users "$USERS" --audit-rows "$AUDIT_ROWS" >/dev/null
"$bin" serve 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1
idle_rss_kb=$(ps -o rss= -p "$server" | tr -d ' ')

# Log in with both factors, as a browser would.
jar="$work/jar"
csrf() { grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
login() {
  local who=$1 t
  rm -f "$jar"
  t=$(curl -fs -c "$jar" -b "$jar" "$base/login" | csrf)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$t" --data-urlencode "login_id=$who" \
       --data-urlencode "password=renkei-demo-2026" "$base/login"
  t=$(curl -fs -c "$jar" -b "$jar" "$base/login/second-factor" | csrf)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$t" \
       --data-urlencode "code=$("$bin" demo-code "$who")" "$base/login/second-factor"
  grep -o 'renkei_session\s[^[:space:]]*' "$jar" | awk '{print $2}'
}
session=$(login city-admin)
[ -n "$session" ] || { echo "bench: login failed" >&2; exit 1; }
cookie="renkei_session=$session"
pro_session=$(login ns-suzuki)
pro_cookie="renkei_session=$pro_session"

home_html=$(curl -fs -b "$cookie" "$base/")
css=$(echo "$home_html" | grep -o '/assets/app\.[0-9a-f]*\.css' | head -1)
js=$(echo "$home_html" | grep -o '/assets/htmx\.[0-9a-f]*\.js' | head -1)
size() { curl -fs -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br, gzip' "$@"; }
html_bytes=$(size -b "$cookie" "$base/")
css_bytes=$(size "$base$css")
js_bytes=$(size "$base$js")
login_bytes=$(size "$base/login")

measure() { # name, then wrk arguments → "req/s p99"
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  local errs
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  echo "$rps $p99 ${errs:-none}"
}
read -r s_rps s_p99 s_err <<<"$(measure -H 'Accept-Encoding: br' "$base$css")"
read -r h_rps h_p99 h_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base/")"
read -r p_rps p_p99 p_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $pro_cookie" "$base/")"
read -r a_rps a_p99 a_err <<<"$(measure -H 'Accept-Encoding: br' -H "Cookie: $cookie" "$base/audit")"
load_rss_kb=$(ps -o rss= -p "$server" | tr -d ' ')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "renkei benchmark — $(nproc) cores, $CONNECTIONS connections, $DURATION each, SQLite, $USERS users, $AUDIT_ROWS audit rows"
printf '%-28s %12s %10s %10s  %s\n' "target" "req/s" "p99" "ratio" "errors"
printf '%-28s %12s %10s %10s  %s\n' "static asset (app.css, br)" "$s_rps" "$s_p99" "1.00" "$s_err"
printf '%-28s %12s %10s %10s  %s\n' "home page (S管理者)" "$h_rps" "$h_p99" "$(ratio "$h_rps" "$s_rps")" "$h_err"
printf '%-28s %12s %10s %10s  %s\n' "home page (訪問看護師)" "$p_rps" "$p_p99" "$(ratio "$p_rps" "$s_rps")" "$p_err"
printf '%-28s %12s %10s %10s  %s\n' "audit log, first page" "$a_rps" "$a_p99" "$(ratio "$a_rps" "$s_rps")" "$a_err"
echo
echo "bytes on the wire (brotli):"
echo "  home page first visit : $((html_bytes + css_bytes + js_bytes)) B  (HTML $html_bytes + CSS $css_bytes + JS $js_bytes)"
echo "  home page repeat visit: $html_bytes B  (assets are immutable and fingerprinted: not requested again)"
echo "  login page first visit: $((login_bytes + css_bytes + js_bytes)) B"
echo "server RSS: idle $((idle_rss_kb / 1024)) MB, after load $((load_rss_kb / 1024)) MB"
echo "binary: $(du -h "$bin" | cut -f1) ($bin)"
