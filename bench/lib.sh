# Shared by the bench scripts (sourced). They set $bin (the renkei binary), $base (the server's
# address) and $work (the run's scratch directory); sql() also reads $pg_admin and DATABASE_URL.

# The CSRF token of the page on stdin.
csrf() { grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }

# login USER: logs a demo user in (password, then the second factor from `renkei demo-code`) and
# prints the session cookie, "renkei_session=…".
login() {
  local user="$1" jar="$work/jar-$1" t
  rm -f "$jar"
  t=$(curl -fs -c "$jar" -b "$jar" "$base/login" | csrf)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$t" --data-urlencode "login_id=$user" \
       --data-urlencode "password=renkei-demo-2026" "$base/login"
  t=$(curl -fs -c "$jar" -b "$jar" "$base/login/second-factor" | csrf)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$t" \
       --data-urlencode "code=$("$bin" demo-code "$user" 2>>"$work/cli.log")" "$base/login/second-factor"
  echo "renkei_session=$(grep -o 'renkei_session\s[^[:space:]]*' "$jar" | awk '{print $2}')"
}

# sql QUERY: a query against the benchmark's database; rows as a|b|c lines.
sql() {
  if [ -n "${pg_admin:-}" ]; then
    psql -qAt "$DATABASE_URL" -c "$1"
  else
    python3 - "$work/renkei.sqlite3" "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=60)
for row in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
  fi
}
