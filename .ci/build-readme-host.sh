#!/usr/bin/env bash
# Builds the README's Spring Boot host as a new user would: its sources (examples' com.example.shop,
# which SpringBootHostTest runs; *Test.java are its tests) with the README's pom.xml, against a
# Maven repository holding the release build of Gatehouse ($1, a file repository from `mvn deploy`),
# and checks that the compiler kept parameter names (Spring 7 needs them), that Liquibase 4.x is
# what the host resolves (Gatehouse's platform imported before Spring Boot's), and that its tests
# ran (read from the Surefire reports: a pom without Surefire 3 runs none and passes).
set -euo pipefail
repo=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=examples/src/test
mkdir -p "$work/src/main/java/com/example/shop" "$work/src/test/java/com/example/shop"
for f in "$src"/java/com/example/shop/*.java; do
  case "$f" in
    *Test.java) cp "$f" "$work/src/test/java/com/example/shop/" ;;
    *) cp "$f" "$work/src/main/java/com/example/shop/" ;;
  esac
done
cp "$src/resources/com/example/shop/pom.xml" "$work/pom.xml"
mvn -B -q -U -Dgatehouse.repository="file://$repo" -f "$work/pom.xml" package
test -f "$work/target/shop-1.0.0-SNAPSHOT.jar"
if ! javap -v -cp "$work/target/classes" com.example.shop.HelloController | grep -q MethodParameters; then
  echo "ci: the README's pom.xml compiled without -parameters" >&2
  exit 1
fi
mvn -B -q -Dgatehouse.repository="file://$repo" -f "$work/pom.xml" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list \
  -DincludeGroupIds=org.liquibase -DoutputFile="$work/liquibase.txt"
if ! grep -Eq 'org\.liquibase:liquibase-core:jar:4\.' "$work/liquibase.txt"; then
  echo "ci: the README's host does not resolve Liquibase 4.x:" >&2
  cat "$work/liquibase.txt" >&2
  exit 1
fi
executed=0
for report in "$work"/target/surefire-reports/TEST-*.xml; do
  [ -f "$report" ] || continue
  suite=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  tests=$(sed -E 's/.* tests="([0-9]+)".*/\1/' <<<"$suite")
  skipped=$(sed -E 's/.* skipped="([0-9]+)".*/\1/' <<<"$suite")
  executed=$((executed + tests - skipped))
done
if [ "$executed" -lt 1 ]; then
  echo "ci: the README's host ran no test (no Surefire report with an executed test)" >&2
  exit 1
fi
echo "ci: the README's host builds with the README's pom.xml, resolves" \
  "$(grep -Eo 'liquibase-core:jar:[^:]+' "$work/liquibase.txt") and ran $executed tests"
