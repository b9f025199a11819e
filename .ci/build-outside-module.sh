#!/usr/bin/env bash
# The outside module (issue 75 item 5): outside/api-keys, a sign-in method written as a team outside
# this repository writes one — its own Maven project, not a module of the reactor, on the released
# jars only. Built and tested here against a Maven repository holding the release build ($1, the
# file repository of the README's "Getting the jars"), as that team's CI would: its flows on the
# in-memory store, and on PostgreSQL through the Spring Boot starter when
# GATEHOUSE_TEST_POSTGRES_URL is set (.ci/run sets it). A change the module needs in the library
# fails here. Its tests are read from the Surefire reports: none run is a failure too. Prints its
# own wall time.
#
#   .ci/build-outside-module.sh REPOSITORY
# MAVEN_REPO_LOCAL, when set, is the local repository of the Maven run here.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
repo=$(cd "$1" && pwd)
project="$PWD/outside/api-keys"
fail() { echo "ci: outside module: $*" >&2; exit 1; }
[ -f "$project/pom.xml" ] || fail "no $project/pom.xml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A copy, so the build writes nothing into the checkout (and no earlier target/ is reused).
cp -R "$project" "$work/api-keys"
rm -rf "$work/api-keys/target"
local_repo=()
if [ -n "${MAVEN_REPO_LOCAL:-}" ]; then local_repo=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL"); fi
mvn=(mvn -B -ntp -U "${local_repo[@]}" -Dgatehouse.repository="file://$repo" -f "$work/api-keys/pom.xml")
"${mvn[@]}" verify >"$work/build.log" 2>&1 \
  || { tail -n 200 "$work/build.log" >&2; fail "the outside module does not build against the release or its tests fail"; }

executed=0
for report in "$work"/api-keys/target/surefire-reports/TEST-*.xml; do
  [ -f "$report" ] || continue
  suite=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  tests=$(sed -E 's/.* tests="([0-9]+)".*/\1/' <<<"$suite")
  skipped=$(sed -E 's/.* skipped="([0-9]+)".*/\1/' <<<"$suite")
  failures=$(sed -E 's/.* failures="([0-9]+)".*/\1/' <<<"$suite")
  errors=$(sed -E 's/.* errors="([0-9]+)".*/\1/' <<<"$suite")
  [ "$failures" = 0 ] && [ "$errors" = 0 ] || fail "$(basename "$report") has failures"
  executed=$((executed + tests - skipped))
done
[ "$executed" -gt 0 ] || fail "the outside module ran no tests"
# With PostgreSQL configured its Spring Boot host must have run, not skipped.
if [ -n "${GATEHOUSE_TEST_POSTGRES_URL:-}" ]; then
  pg="$work/api-keys/target/surefire-reports/TEST-com.example.apikeys.PostgresApiKeysTest.xml"
  [ -f "$pg" ] && ! grep -q '<skipped' "$pg" \
    || fail "GATEHOUSE_TEST_POSTGRES_URL is set but PostgresApiKeysTest did not run"
fi

echo "ci: the outside module (outside/api-keys) built against the release and passed" \
  "($executed tests ran) in $((SECONDS - started)) s"
