#!/usr/bin/env bash
# Data at scale on PostgreSQL (issue 62 item 4; docs/BENCHMARKS.md, "Data at scale").
#
# 1. dev.gatehouse.bench.ScaleBench: a fresh schema loaded by the server itself with USERS accounts
#    (default 10,000,000), each signed in once (its last login, sign-in row and audit entry), and
#    SESSIONS_PER_USER sessions each (default 5: 50,000,000 sessions, one in five expired), and a fresh schema of 10,000 accounts loaded the
#    same way; a password login (minus the hash), a refresh, /me and a code request on accounts
#    drawn at random, in alternating rounds on both (the ratio large / small), after a checkpoint
#    (the load's write-back over before anything is timed), with the blocks each schema's samples
#    read from outside shared buffers and hit in them; beside each sample, the yardstick
#    (ScaleYardstick: the rows a login writes into the large tables, by plain JDBC, its commit
#    timed apart) on another account; PostgreSQL's execution per statement in each schema's
#    rounds only (ScaleStatements, from pg_stat_statements when the server preloads it); then the session
#    cleanup of the large schema's expired rows, each batch timed while another thread refreshes.
#    The cleanup stops after CLEANUP_SECONDS (default 1800: the full size needs about 1000).
#    Both schemas are dropped at the end.
#    The load drops the loaded tables' foreign keys and the indexes that back no constraint, and
#    recreates them from the catalog's definitions after the rows are in (then vacuum analyze):
#    the tables measured have the production schema's indexes and constraints.
# 2. dev.gatehouse.imports.bench.ImportThroughput --import-only with IMPORT_USERS users (default
#    10,000,000) under -Xmx256m: users per second and the peak heap per window of a tenth.
#    IMPORT_USERS=0 skips it; SKIP_SCALE=true runs it alone.
#
#   benchmarks/scale.sh                                   # the full size: about an hour, then the import
#   USERS=1000000 IMPORT_USERS=1000000 benchmarks/scale.sh   # what fits a short run
#
# GATEHOUSE_TEST_POSTGRES_URL names the database (default the test database on 127.0.0.1:5432).
# Disk: about 2.5 GB per million accounts with their five sessions, sign-in rows and audit entries
# (25 GB at the full size). Time on a quiet 2-core VM: about 14 minutes of load and indexes, and 17
# of cleanup at the full size (docs/BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export GATEHOUSE_TEST_POSTGRES_URL="${GATEHOUSE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
users="${USERS:-10000000}"
per_user="${SESSIONS_PER_USER:-5}"
import_users="${IMPORT_USERS:-10000000}"
mvn -B -q -o -pl benchmarks,auth-import -am package dependency:build-classpath -DskipTests \
  -Dmaven.javadoc.skip=true -Dgatehouse.api.skip=true -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test
if [ "${SKIP_SCALE:-false}" != true ]; then
  java -Xmx1g -Dgatehouse.bench.scale.cleanupSeconds="${CLEANUP_SECONDS:-1800}" \
    -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.ScaleBench \
    "$users" "$per_user" "${ROUNDS:-6}" "${SAMPLES:-150}"
fi
if [ "$import_users" -gt 0 ]; then
  java -Xmx256m -cp "auth-import/target/classes:auth-import/target/test-classes:$(cat auth-import/target/bench.classpath)" \
    dev.gatehouse.imports.bench.ImportThroughput --url "$GATEHOUSE_TEST_POSTGRES_URL" \
    --users "$import_users" --batch 1000 --window $((import_users / 10)) --import-only
fi
