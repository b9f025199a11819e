#!/usr/bin/env bash
# Proof that Gatehouse's changelogs also run under Liquibase 5 (what Spring Boot 4 manages), while
# our own build stays on Liquibase 4.x (Apache-2.0). Liquibase 5 is fetched into a temporary folder,
# swapped for 4.x on the classpath of auth-jpa's tests, and used to migrate a fresh H2 database (and
# PostgreSQL / MariaDB when GATEHOUSE_TEST_*_URL are set) twice through GatehouseMigrations.migrate.
# Not part of `mvn verify`: nothing in the build or the published artifacts depends on Liquibase 5.
#
# Usage: bash .ci/liquibase5-check.sh [liquibase-5-version]   (default 5.0.3, Spring Boot 4.1.1's)
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-5.0.3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mvn -B -q -pl auth-jpa -am test-compile dependency:build-classpath \
  -Dspotless.apply.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt"
mvn -B -q -N dependency:copy -Dartifact="org.liquibase:liquibase-core:$version" \
  -DoutputDirectory="$work/lb5" -Dmdep.useBaseVersion=true
lb5=$(ls "$work"/lb5/liquibase-core-*.jar)

# auth-jpa's classes and test classes, then every dependency with liquibase-core 4.x replaced.
cp="auth-jpa/target/test-classes:auth-jpa/target/classes:$lb5"
IFS=: read -r -a entries < "$work/cp.txt" || true  # no newline at the end
for e in "${entries[@]}"; do
  case "$e" in
    */liquibase-core-*) ;;
    *) cp="$cp:$e" ;;
  esac
done
java -cp "$cp" .ci/Liquibase5Check.java
