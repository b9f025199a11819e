#!/usr/bin/env bash
# Start-up of the README's Spring Boot host built from two revisions of Gatehouse, and of the same
# application without Gatehouse, launched in turns in one run (issue 59 item 8: where Gatehouse's
# start-up goes and what a change to it saved). No Maven repository is written: each revision's
# starter is packaged in its own tree and the host runs on that class path.
#
#   benchmarks/startup-compare.sh BASE_REV OUT_DIR
#
# Builds, each from the starter's runtime class path (mvn dependency:build-classpath):
#   stack   the host's Application and HelloController with Spring MVC, Security, the resource
#           server, JPA/Hibernate, Liquibase (one changeset of its own) and the PostgreSQL driver:
#           the starter's class path without Gatehouse's jars and the libraries only Gatehouse brings
#   base    the README's host (the starter, its six entities, its changelog) on BASE_REV's jars
#   head    the same host on this tree's jars
# All three read their settings from an application.yml. RUNS (default 10) rounds of one launch of
# each, in turns, after one uncounted launch of each (the migration, the file cache). Per launch:
# the start-up Spring Boot logs ("process running for"), the CPU seconds the process used until
# then (utime + stime: less disturbed than wall time on a machine other builds share) and VmRSS.
set -euo pipefail
base_rev=$1
mkdir -p "$2"
out=$(cd "$2" && pwd)
runs=${RUNS:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
pg=${FOOTPRINT_POSTGRES:-postgres}
work=$(mktemp -d)
db=gatehouse_startup_$$
cleanup() {
  psql -q -h 127.0.0.1 -U "$pg" -d postgres -c "drop database if exists $db" >/dev/null 2>&1 || true
  git -C "$root" worktree remove --force "$work/base-tree" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# One tree's starter: its jars copied to $2, its class path (those copies, then Maven's) in $2.cp.
starter() {
  local tree=$1 dest=$2
  mvn -B -q -o -f "$tree/pom.xml" -pl gatehouse-spring-boot-starter -am package -DskipTests \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dgatehouse.api.skip=true \
    dependency:build-classpath -Dmdep.outputFile=target/startup-cp.txt -Dmdep.includeScope=runtime
  mkdir -p "$dest"
  tr ':' '\n' <"$tree/gatehouse-spring-boot-starter/target/startup-cp.txt" \
    | grep -v -E '/(junit-|opentest4j|apiguardian|assertj-core|slf4j-simple)' \
    | while read -r jar; do
      case $jar in
        "$tree"/*) cp "$jar" "$dest/" && echo "$dest/$(basename "$jar")" ;;
        *) echo "$jar" ;;
      esac
    done >"$dest.cp"
  local pgv
  pgv=$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' "$tree/pom.xml")
  echo ~/.m2/repository/org/postgresql/postgresql/"$pgv"/postgresql-"$pgv".jar >>"$dest.cp"
}
starter "$root" "$work/head"
git -C "$root" worktree add --quiet --detach "$work/base-tree" "$base_rev"
starter "$work/base-tree" "$work/base"
grep -v -E "^$work/head/|libphonenumber|icu4j|webauthn4j|jackson-dataformat-cbor|/core-[0-9.]+\.jar|bcprov" \
  "$work/head.cp" >"$work/stack.cp"

# The applications: the guide host's classes (rendered from the archetype's templates), compiled once.
src=$work/guide-host
"$root/benchmarks/guide-host.sh" "$src"
mkdir -p "$work/app/db/changelog" "$work/app-stack/db/changelog" "$work/app-stack/com/example/shop"
javac -d "$work/app" -cp "$(paste -sd: "$work/head.cp")" \
  "$src"/java/com/example/shop/{Application,HelloController,User,Profile,Device,OtpCode,SmsLog,EmailLog}.java
cp "$src/resources/db/changelog/master.xml" "$work/app/db/changelog/"
cp "$work"/app/com/example/shop/{Application,HelloController}.class "$work/app-stack/com/example/shop/"
cat >"$work/app-stack/db/changelog/master.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
  <changeSet id="host-0001" author="host">
    <createTable tableName="app_note"><column name="id" type="BIGINT"><constraints primaryKey="true"/></column></createTable>
  </changeSet>
</databaseChangeLog>
XML
printf 'spring:\n  jpa:\n    open-in-view: false\n' >"$work/stack.yml"
psql -q -h 127.0.0.1 -U "$pg" -d postgres -c "create database ${db}_stack" >/dev/null
psql -q -h 127.0.0.1 -U "$pg" -d postgres -c "create database $db" >/dev/null
trap 'psql -q -h 127.0.0.1 -U "$pg" -d postgres -c "drop database if exists ${db}_stack" >/dev/null 2>&1 || true; cleanup' EXIT

# One launch: prints "name startup_s cpu_s rss_kib load".
launch() {
  local name=$1 app=$work/app database=$db yml=$src/resources/com/example/shop/application.yml
  local cp=$work/$1.cp log=$work/$1.log
  if [ "$name" = stack ]; then app=$work/app-stack database=${db}_stack yml=$work/stack.yml; fi
  : >"$log"
  DB_PASSWORD=unused java -cp "$app:$(paste -sd: "$cp")" com.example.shop.Application \
    --server.port=0 --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$database" \
    --spring.datasource.username="$pg" --spring.liquibase.change-log=classpath:db/changelog/master.xml \
    --spring.config.location="file:$yml" >"$log" 2>&1 &
  local pid=$!
  timeout 300 tail -n +1 --pid=$pid -f "$log" | grep -m1 -q "process running for" || true
  if ! grep -q "process running for" "$log"; then
    kill $pid 2>/dev/null || true
    echo "startup-compare: $name did not start:" >&2
    tail -40 "$log" >&2
    exit 1
  fi
  local startup cpu rss
  startup=$(grep -o "process running for [0-9.]*" "$log" | grep -o "[0-9.]*$")
  cpu=$(awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' /proc/$pid/stat)
  rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
  kill $pid
  wait $pid 2>/dev/null || true
  echo "$name $startup $cpu $rss $(cut -d' ' -f1 /proc/loadavg)"
}

echo "# startup-compare $(date -u +%FT%TZ) base=$(git -C "$root" rev-parse --short "$base_rev") head=$(git -C "$root" describe --always --dirty) runs=$runs load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/startup.txt"
for name in stack base head; do launch "$name" >/dev/null; done
for _ in $(seq "$runs"); do
  for name in stack base head; do launch "$name" | tee -a "$out/startup.txt"; done
done
python3 "$root/benchmarks/startup-summary.py" "$out/startup.txt" | tee -a "$out/startup.txt"
