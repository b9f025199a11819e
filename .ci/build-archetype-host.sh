#!/usr/bin/env bash
# The Spring Boot guide's host as a new user gets it: docs/SPRING.md's `mvn archetype:generate`
# command, exactly as the guide prints it, against a Maven repository holding the release build of
# Gatehouse ($1, the file repository of the README's "Getting the jars"). Then the generated project
# is built with its tests (read from the Surefire reports: a pom without Surefire 3 runs none and
# passes), checked for parameter names (Spring 7 needs them) and Liquibase 4.x (Gatehouse's
# platform imported before Spring Boot's), started, and asked its liveness probe, a registration,
# and its page and route behind the sign-in pages, signed out and signed in. Prints its own wall
# time.
#
#   .ci/build-archetype-host.sh REPOSITORY
# MAVEN_REPO_LOCAL, when set, is the local repository of every Maven run here.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
repo=$(cd "$1" && pwd)
work=$(mktemp -d)
host_pid=""
cleanup() {
  if [ -n "$host_pid" ]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
local_repo=()
if [ -n "${MAVEN_REPO_LOCAL:-}" ]; then local_repo=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL"); fi
fail() { echo "ci: archetype host: $*" >&2; exit 1; }

# The guide's first sh block: the command alone, reading $GATEHOUSE_REPO (the README's first line
# sets it, the one place the path is written). Run with GATEHOUSE_REPO pointing at the release
# repository.
command=$(awk '/^## A host, start to finish/{s=1} s&&/^```sh$/{b=1;next} b&&/^```$/{exit} b' docs/SPRING.md)
[ "$(wc -l <<<"$command")" = 1 ] || fail "docs/SPRING.md's first block is not the one command"
grep -q -- '-DgatehouseRepository="$GATEHOUSE_REPO"' <<<"$command" \
  || fail "docs/SPRING.md's command does not write \$GATEHOUSE_REPO into the host's pom"
generate=$command
grep -q 'archetype-plugin:[0-9.]*:generate' <<<"$generate" || fail "no archetype:generate in docs/SPRING.md's command"
grep -q -- '-DartifactId=shop' <<<"$generate" || fail "docs/SPRING.md's command does not name the project shop"
if [ ${#local_repo[@]} -gt 0 ]; then generate="${generate/mvn /mvn ${local_repo[0]} }"; fi
(cd "$work" && GATEHOUSE_REPO="$repo" bash -euo pipefail -c "$generate" >"$work/generate.log" 2>&1) \
  || { cat "$work/generate.log" >&2; fail "the guide's archetype:generate command failed"; }
host="$work/shop"
[ -f "$host/pom.xml" ] || fail "the command wrote no shop/pom.xml"
grep -qF "<gatehouse.repository>file://$repo</gatehouse.repository>" "$host/pom.xml" \
  || fail "the generated pom.xml does not hold the repository the command named"
grep -qx 'target/' "$host/.gitignore" 2>/dev/null || fail "the command wrote no .gitignore leaving out target/"
[ ! -e "$host/__gitignore__" ] || fail "the command wrote __gitignore__ instead of .gitignore"
generated=$SECONDS

# No -Dgatehouse.repository: the generated pom holds it (README, "Getting the jars").
mvn=(mvn -B -ntp -U "${local_repo[@]}" -f "$host/pom.xml")
"${mvn[@]}" package >"$work/build.log" 2>&1 \
  || { tail -n 200 "$work/build.log" >&2; fail "the generated host does not build or its tests fail"; }
built=$SECONDS
jar=$(compgen -G "$host/target/shop-*.jar" | grep -v -e '-plain\.jar$' | head -n 1 || true)
[ -n "$jar" ] || fail "no runnable jar in $host/target"
package_dir=$(dirname "$(find "$host/target/classes" -name HelloController.class | head -n 1)")
class=$(sed -e "s:^$host/target/classes/::" -e 's:/:.:g' <<<"$package_dir").HelloController
javap -v -cp "$host/target/classes" "$class" | grep -q MethodParameters \
  || fail "the generated pom.xml compiled without -parameters"
# What the host resolved is what its jar packs (no second Maven run for a dependency list).
liquibase=$(unzip -Z1 "$jar" | grep -Eo 'liquibase-core-[^/]+\.jar$' || true)
[[ "$liquibase" == liquibase-core-4.* ]] \
  || fail "the generated host does not resolve Liquibase 4.x (its jar packs: ${liquibase:-none})"
executed=0
for report in "$host"/target/surefire-reports/TEST-*.xml; do
  [ -f "$report" ] || continue
  suite=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  tests=$(sed -E 's/.* tests="([0-9]+)".*/\1/' <<<"$suite")
  skipped=$(sed -E 's/.* skipped="([0-9]+)".*/\1/' <<<"$suite")
  executed=$((executed + tests - skipped))
done
# HelloControllerTest's four, SignUpIntegrationTest's two and OrdersIntegrationTest's three.
[ "$executed" -ge 9 ] || fail "the generated host ran $executed tests, expected its 9"

# Started as the guide says (java -jar), on a free port given as a platform gives it (PORT, which
# the generated application.yml maps into server.port and frontend-url): the probe, then a
# registration, whose confirmation link (printed to the log in development) leads to that port.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
launched=$SECONDS
PORT="$port" java -jar "$jar" >"$work/host.log" 2>&1 &
host_pid=$!
live=""
deadline=$((SECONDS + 300)) # a start takes seconds; minutes only on a machine shared by many builds
while [ "$SECONDS" -lt "$deadline" ]; do
  if ! kill -0 "$host_pid" 2>/dev/null; then cat "$work/host.log" >&2; fail "the host stopped"; fi
  live=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/actuator/health/liveness" || true)
  [ "$live" = 200 ] && break
  sleep 1
done
[ "$live" = 200 ] || { tail -n 50 "$work/host.log" >&2; fail "/actuator/health/liveness answered $live"; }
registered=$(curl -s -o "$work/register.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"email":"ci@example.com","password":"correct horse battery staple"}' \
  "http://localhost:$port/auth/register/")
[ "$registered" = 201 ] || { cat "$work/register.json" >&2; fail "POST /auth/register/ answered $registered"; }
deadline=$((SECONDS + 60))
until grep -q "http://localhost:$port/" "$work/host.log"; do
  [ "$SECONDS" -lt "$deadline" ] || { tail -n 50 "$work/host.log" >&2; fail "no emailed link to port $port (PORT)"; }
  sleep 1
done
anonymous=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/api/hello")
[ "$anonymous" = 401 ] || fail "GET /api/hello without a token answered $anonymous"

# The page and route behind the sign-in pages, as a browser and a client ask them: signed out, the
# page sends the browser to /login/ and the route answers 401; then a sign-in at /login/ (the
# registration's account, confirmed by its emailed link) and the same cookie gets both, with the
# user; a client gets the route with the contract login's access token.
jar_cookies="$work/cookies.txt" # curl's cookie jar keeps the Secure session cookie on localhost
html=(-H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8')
signed_out=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "${html[@]}" "http://localhost:$port/orders/")
[[ "$signed_out" == "302 "*"/login/" ]] || fail "GET /orders/ signed out answered $signed_out, not a redirect to /login/"
route_out=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/api/orders")
[ "$route_out" = 401 ] || fail "GET /api/orders signed out answered $route_out"
link=$(grep -o "http://localhost:$port/[^ \"]*token=[A-Za-z0-9_-]*" "$work/host.log" | tail -n 1)
confirm=$(sed -E 's/.*token=([A-Za-z0-9_-]+).*/\1/' <<<"$link")
confirmed=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"token\":\"$confirm\"}" "http://localhost:$port/auth/registration/account-confirmation-email/")
[ "$confirmed" = 200 ] || fail "POST /auth/registration/account-confirmation-email/ answered $confirmed"
csrf=$(curl -s -c "$jar_cookies" -b "$jar_cookies" "${html[@]}" "http://localhost:$port/login/" \
  | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed -E 's/.*value="([^"]*)"/\1/')
[ -n "$csrf" ] || fail "GET /login/ showed no form with a CSRF token"
signed_in=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar_cookies" -b "$jar_cookies" \
  --data-urlencode identifier=ci@example.com --data-urlencode 'password=correct horse battery staple' \
  --data-urlencode "_csrf=$csrf" "http://localhost:$port/login/")
[[ "$signed_in" == "302 "*"/signed-in/" ]] || fail "POST /login/ answered $signed_in"
page=$(curl -s -w '\n%{http_code}' -b "$jar_cookies" "${html[@]}" "http://localhost:$port/orders/")
[ "$(tail -n 1 <<<"$page")" = 200 ] || fail "GET /orders/ signed in answered $(tail -n 1 <<<"$page")"
user=$(grep -o '<span id="user">[^<]*</span>' <<<"$page" | sed -E 's/<[^>]*>//g')
[ -n "$user" ] || fail "GET /orders/ signed in does not name the user"
route=$(curl -s -b "$jar_cookies" "http://localhost:$port/api/orders")
grep -qF "\"user\":\"$user\"" <<<"$route" || fail "GET /api/orders with the cookie answered $route"
access=$(curl -s -H 'Content-Type: application/json' \
  -d '{"email":"ci@example.com","password":"correct horse battery staple"}' \
  "http://localhost:$port/auth/login/basic/" | grep -o '"access":"[^"]*"' | sed -E 's/"access":"([^"]*)"/\1/')
[ -n "$access" ] || fail "POST /auth/login/basic/ answered no access token"
bearer=$(curl -s -H "Authorization: Bearer $access" "http://localhost:$port/api/orders")
grep -qF "\"user\":\"$user\"" <<<"$bearer" || fail "GET /api/orders with the access token answered $bearer"

echo "ci: the guide's archetype host generated, built ($executed tests ran," \
  "$liquibase), started: liveness 200," \
  "registration 201 (its link on PORT), /api/hello without a token 401, /orders/ to /login/ and" \
  "/api/orders 401 signed out, both with the user after /login/ (and the route by bearer) in" \
  "$((SECONDS - started)) s (generate" \
  "$((generated - started)) s, build and tests $((built - generated)) s, start and requests" \
  "$((SECONDS - launched)) s)"
