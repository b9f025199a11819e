#!/usr/bin/env bash
# Runs Gatehouse's performance budget: JMH (hashing, tokens) and the end-to-end harness (login CPU,
# OTP/refresh throughput, growth, cleanup, start-up), printing Markdown with every ratio.
#
#   benchmarks/run.sh quick     # a few minutes: short JMH iterations, 100,000 expired rows
#   benchmarks/run.sh full      # longer iterations, 2 forks, 1,000,000 expired rows
#   benchmarks/run.sh quick jmh|harness   # one part only
#
# PostgreSQL parts need GATEHOUSE_TEST_POSTGRES_URL (e.g.
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres); the native Argon2 row needs the `argon2`
# CLI (Debian: apt-get install argon2) and is reported as skipped without it.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
part="${2:-all}"
mvn -B -q -pl benchmarks -am package -DskipTests
exec java -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.BenchMain "$mode" "$part"
