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
# OUT_DIR/<part>-<side>.out each report (<part>-<side>-2.out for a side's second turn).
# ORDER (default "before after") is the sides' order for each part: "before after after before"
# measures both orders. COHORTS=1 runs the "after" side's refresh and login with auth-cohorts
# installed, a cohort moving and the measured users on a cohort Gatehouse serves
# (-Dgatehouse.bench.cohorts=true, BenchCohorts); with the same directory twice it measures the
# module alone:
#   COHORTS=1 ORDER="before after after before" PARTS="refresh login" MODE=quick \
#     benchmarks/before-after.sh DIR DIR OUT_DIR
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
  seen=""
  for side in ${ORDER:-before after}; do
    dir=$before
    cohorts=false
    [ "$side" = after ] && dir=$after && [ "${COHORTS:-0}" = 1 ] && cohorts=true
    name="$part-$side"
    case " $seen " in *" $side "*) name="$name-2" ;; esac
    seen="$seen $side"
    case $part in
      refresh) run "$name" "$dir" java -Dgatehouse.bench.refresh.only=POSTGRESQL:ES256 \
        -Dgatehouse.bench.cohorts=$cohorts \
        -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.BenchMain "${MODE:-full}" refresh ;;
      login) run "$name" "$dir" java -Dgatehouse.bench.cohorts=$cohorts \
        -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.BenchMain "${MODE:-full}" login ;;
      importpg) run "$name" "$dir" import_users "$dir" "$GATEHOUSE_TEST_POSTGRES_URL" ;;
      importmaria) run "$name" "$dir" import_users "$dir" "$mariadb" ;;
    esac
  done
done
