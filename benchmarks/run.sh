#!/usr/bin/env bash
# Runs Gatehouse's performance budget: JMH (hashing, tokens) and the end-to-end harness (login CPU,
# OTP/refresh throughput, growth, cleanup, start-up), printing Markdown with every ratio.
#
#   benchmarks/run.sh quick     # a few minutes: short JMH iterations, 100,000 expired rows
#   benchmarks/run.sh full      # longer iterations, 2 forks, 1,000,000 expired rows
#   benchmarks/run.sh quick jmh|harness   # one part only
#   benchmarks/run.sh quick argon2        # only BouncyCastle vs Java vs libargon2 Argon2id
#
# PostgreSQL parts need GATEHOUSE_TEST_POSTGRES_URL (e.g.
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres); the native Argon2 column needs libargon2
# (Debian: apt-get install libargon2-1) and is reported as skipped without it.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
part="${2:-all}"
mvn -B -q -pl benchmarks -am package -DskipTests
exec java -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.BenchMain "$mode" "$part"
