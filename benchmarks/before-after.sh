#!/usr/bin/env bash
# Measures two builds of Gatehouse in one run, part by part, the "before" side first each time:
# the refresh rotation against its own SQL (PostgreSQL, ES256), the password login's CPU against
# one raw hash, and the import of 100,000 users on PostgreSQL and MariaDB.
#
#   benchmarks/before-after.sh BEFORE_DIR AFTER_DIR OUT_DIR
#
# Each directory is a worktree built with
#   mvn -B -q -pl benchmarks,auth-import -am package dependency:build-classpath -DskipTests \
#     -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test \
#     -Dgatehouse.api.skip=true -Dmaven.javadoc.skip=true
# MODE=quick|full (default full) and PARTS (default "refresh login importpg importmaria") choose
# what runs, USERS (default 100000) the import's users; OUT_DIR/log has the times and load,
# OUT_DIR/<part>-<side>.out each report.
set -u
before=$1
after=$2
out=$3
mkdir -p "$out"
export GATEHOUSE_TEST_POSTGRES_URL="${GATEHOUSE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
mariadb="${GATEHOUSE_TEST_MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/test?user=root}"

run() {
  local name=$1 dir=$2
  shift 2
  echo "=== $name $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log"
  (cd "$dir" && "$@") > "$out/$name.out" 2>&1
  echo "    rc=$? $(date -u +%T)" | tee -a "$out/log"
}

import_users() {
  local dir=$1 url=$2
  java -Xmx256m \
    -cp "$dir/auth-import/target/classes:$dir/auth-import/target/test-classes:$(cat "$dir/auth-import/target/bench.classpath")" \
    dev.gatehouse.imports.bench.ImportThroughput --url "$url" --users "${USERS:-100000}" --batch 1000 \
    --window $(( (${USERS:-100000} + 2) / 3 ))
}

for part in ${PARTS:-refresh login importpg importmaria}; do
  for side in before after; do
    dir=$before
    [ "$side" = after ] && dir=$after
    case $part in
      refresh) run "refresh-$side" "$dir" java -Dgatehouse.bench.refresh.only=POSTGRESQL:ES256 \
        -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.BenchMain "${MODE:-full}" refresh ;;
      login) run "login-$side" "$dir" java -cp benchmarks/target/benchmarks.jar \
        dev.gatehouse.bench.BenchMain "${MODE:-full}" login ;;
      importpg) run "importpg-$side" "$dir" import_users "$dir" "$GATEHOUSE_TEST_POSTGRES_URL" ;;
      importmaria) run "importmaria-$side" "$dir" import_users "$dir" "$mariadb" ;;
    esac
  done
done
