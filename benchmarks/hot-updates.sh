#!/usr/bin/env bash
# How many of a refresh's updates PostgreSQL makes in place (HOT: no index entry written), per
# example jar: docs/BENCHMARKS.md, "The refresh at hardware speed". For each jar given, a fresh
# database, the example on it (EdDSA, a throwaway key), one account signed in, REFRESHES (300)
# rotations of its session over HTTP, then pg_stat_user_tables' n_tup_upd and n_tup_hot_upd of
# gh_session and gh_refresh_token (counted from after the sign-in); the database is dropped.
#
#   benchmarks/hot-updates.sh <before>/examples/target/gatehouse-examples.jar examples/target/gatehouse-examples.jar
#
# GATEHOUSE_TEST_POSTGRES_URL names the server (default the test database on 127.0.0.1:5432);
# needs psql, curl, openssl and python3, and port 18081 free.
set -euo pipefail
url="${GATEHOUSE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
hostport=$(sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#' <<<"$url")
host=${hostport%:*}; port=${hostport#*:}
refreshes="${REFRESHES:-300}"
key=$(mktemp); trap 'rm -f "$key"' EXIT
openssl genpkey -algorithm ed25519 -out "$key" 2>/dev/null
pg() { psql -h "$host" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
for jar in "$@"; do
  db="gh_hot_$$_$RANDOM"
  pg -d postgres -c "create database $db"
  PORT=18081 GATEHOUSE_DB_URL="jdbc:postgresql://$host:$port/$db?user=postgres" \
    GATEHOUSE_SECRET_KEY=hot-updates-secret-key-0123456789abcdef-0123 \
    GATEHOUSE_LOGIN_REQUIRE_VERIFIED=false GATEHOUSE_JWT_ALG=EdDSA GATEHOUSE_JWT_KID=hot \
    GATEHOUSE_JWT_PRIVATE_KEY_PEM="$(cat "$key")" java -jar "$jar" >"/tmp/$db.log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do curl -sf localhost:18081/health >/dev/null 2>&1 && break; sleep 1; done
  # Sign in, zero the database's counters, then rotate the session REFRESHES times.
  python3 - "$refreshes" "$host" "$port" "$db" <<'PY'
import json, subprocess, sys, urllib.request
refreshes, host, port, db = sys.argv[1:]
def post(path, body):
    req = urllib.request.Request("http://localhost:18081" + path, data=json.dumps(body).encode(),
                                 headers={"content-type": "application/json"})
    return json.load(urllib.request.urlopen(req))
account = {"email": "hot@example.com", "password": "Correct-Horse-42-battery"}
post("/auth/register/", account)
refresh = post("/auth/login/basic/", account)["refresh"]
subprocess.run(["psql", "-h", host, "-p", port, "-U", "postgres", "-d", db, "-qAtc",
                "select pg_stat_reset()"], check=True, stdout=subprocess.DEVNULL)
for _ in range(int(refreshes)):
    refresh = post("/auth/token/refresh/", {"refresh": refresh})["refresh"]
PY
  kill "$app"; wait "$app" 2>/dev/null || true
  # The server's backends flush their statistics when they end.
  echo "$jar"
  pg -d "$db" -c "select relname || ': ' || n_tup_upd || ' updates, ' || n_tup_hot_upd || ' in place (HOT)'
    from pg_stat_user_tables where relname in ('gh_session', 'gh_refresh_token') order by relname"
  pg -d postgres -c "drop database $db with (force)"
done
