#!/usr/bin/env bash
# What a host pays for Gatehouse (issue 59 item 8): resident memory and start-up time of the
# README's Spring Boot host (gatehouse-spring-boot-archetype's, built with its pom.xml as
# .ci/build-archetype-host.sh builds it) against the same application without Gatehouse, launched in
# turns in one run on one PostgreSQL database.
#
#   benchmarks/footprint.sh GATEHOUSE_REPO OUT_DIR
#
# GATEHOUSE_REPO is the file repository of the README's "Getting the jars" command. Three builds
# of the same Application and HelloController, each an executable jar:
#   web         the host's own needs without Gatehouse: Spring MVC, Spring Security, the
#               resource server (HelloController reads a Jwt)
#   stack       web plus what the starter brings that a host may already have: Spring Data JPA
#               (Hibernate), Liquibase, the PostgreSQL driver, on the same database
#   jpa         stack with one entity of the host's own (Note, on the table its changelog makes):
#               Hibernate builds its entity machinery (loaders, Byte Buddy proxies) only once a
#               persistence unit has an entity, which every host that uses JPA has
#   gatehouse   the README's host: the starter, its six entity subclasses, its changelog
# RUNS (default 5) measured launches of each, in turns (web, stack, gatehouse, web, ...), after one
# launch of each that is not counted (it migrates the database and warms the file cache). A
# launch's start-up is what Spring Boot logs as "process running for"; its RSS is VmRSS from
# /proc once started, and again after 200 requests without a token to the host's own route
# (each refused with 401 by the security chain, in every build).
set -euo pipefail
repo=$(cd "$1" && pwd)
out=$2
runs=${RUNS:-5}
mkdir -p "$out"
out=$(cd "$out" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
pg=${FOOTPRINT_POSTGRES:-postgres}
db=gatehouse_footprint_$$
work=$(mktemp -d)
cleanup() {
  psql -q -h 127.0.0.1 -U "$pg" -d postgres -c "drop database if exists $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -q -h 127.0.0.1 -U "$pg" -d postgres -c "create database $db" >/dev/null

# The guide's host, rendered from the archetype's templates.
src=$work/guide-host
"$root/benchmarks/guide-host.sh" "$src"
pom=$src/resources/com/example/shop/pom.xml
starter='<artifactId>gatehouse-spring-boot-starter</artifactId>'

# One build: the application's main sources, a pom from the README's with the starter's dependency
# replaced by $2 (Maven dependency elements), and the resources in $3.
build() {
  local name=$1 deps=$2
  local dir=$work/$name
  mkdir -p "$dir/src/main/java/com/example/shop" "$dir/src/main/resources"
  cp "$src/java/com/example/shop/Application.java" "$src/java/com/example/shop/HelloController.java" \
    "$dir/src/main/java/com/example/shop/"
  python3 - "$pom" "$dir/pom.xml" "$deps" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
start = text.index("<dependency>\n      <groupId>dev.gatehouse</groupId>\n      <artifactId>gatehouse-spring-boot-starter</artifactId>")
end = text.index("</dependency>", start) + len("</dependency>")
text = text[:start] + sys.argv[3] + text[end:]
# Tests are not what is measured: the host's test dependencies go with its tests.
text = re.sub(r"<dependency>(?:(?!</dependency>).)*<scope>test</scope>\s*</dependency>", "", text, flags=re.S)
# Nor the sign-in pages, the actuator and H2 of the guide's host: the measure is the starter's.
for artifact in ("gatehouse-spring-boot-pages", "spring-boot-starter-actuator", "h2"):
    text = re.sub(r"\s*(<!--(?:(?!-->).)*-->\s*)?<dependency>\s*<groupId>[^<]*</groupId>\s*<artifactId>" + artifact + r"</artifactId>(?:(?!</dependency>).)*</dependency>", "", text, flags=re.S)
open(sys.argv[2], "w").write(text)
PY
}
dep() { echo "<dependency><groupId>$1</groupId><artifactId>$2</artifactId></dependency>"; }
web="$(dep org.springframework.boot spring-boot-starter-webmvc)$(dep org.springframework.boot spring-boot-starter-security-oauth2-resource-server)"
stack="$web$(dep org.springframework.boot spring-boot-starter-data-jpa)$(dep org.springframework.boot spring-boot-starter-liquibase)"

build web "$web"
build stack "$stack"
build jpa "$stack"
cat >"$work/jpa/src/main/java/com/example/shop/Note.java" <<'JAVA'
package com.example.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "app_note")
public class Note {
  @Id Long id;
}
JAVA
build gatehouse "<dependency><groupId>dev.gatehouse</groupId>$starter</dependency>"
cp "$src"/java/com/example/shop/{User,Profile,Device,OtpCode,SmsLog,EmailLog}.java "$work/gatehouse/src/main/java/com/example/shop/"
mkdir -p "$work/stack/src/main/resources/db/changelog" "$work/jpa/src/main/resources/db/changelog" \
  "$work/gatehouse/src/main/resources/db/changelog"
cp "$src/resources/db/changelog/master.xml" "$work/gatehouse/src/main/resources/db/changelog/master.xml"
cat > "$work/stack/src/main/resources/db/changelog/master.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
  <changeSet id="host-0001" author="host">
    <createTable tableName="app_note"><column name="id" type="BIGINT"><constraints primaryKey="true"/></column></createTable>
  </changeSet>
</databaseChangeLog>
XML
cp "$work/stack/src/main/resources/db/changelog/master.xml" "$work/jpa/src/main/resources/db/changelog/"
for name in web stack jpa gatehouse; do
  mvn -B -q -Dgatehouse.repository="file://$repo" -f "$work/$name/pom.xml" package -DskipTests
  cp "$work/$name/target/shop-1.0-SNAPSHOT.jar" "$work/$name.jar"
done

# The database, as the host's application.yml reads it (development mode: no keys); the README's application.yml
# for the Gatehouse build, Spring Boot's defaults plus the datasource for the others (web has none).
url="jdbc:postgresql://127.0.0.1:5432/$db"
export DB_PASSWORD=unused
common=(--server.port=0 --spring.datasource.url="$url" --spring.datasource.username="$pg"
  --spring.liquibase.change-log=classpath:db/changelog/master.xml)
# Every build reads its settings from an application.yml, as the README's host does: parsing YAML
# (SnakeYAML, some 150 classes) is then in every build's start-up, not only in Gatehouse's.
printf 'spring:\n  main:\n    banner-mode: "off"\n' >"$work/web.yml"
printf 'spring:\n  jpa:\n    open-in-view: false\n' >"$work/stack.yml"
cp "$work/stack.yml" "$work/jpa.yml"
config() {
  case $1 in
    gatehouse) echo "--spring.config.location=file:$src/resources/com/example/shop/application.yml" ;;
    *) echo "--spring.config.location=file:$work/$1.yml" ;;
  esac
}

# One launch: prints "name startup_s rss_started_kib rss_after_kib".
launch() {
  local name=$1 log=$work/$1.log
  : >"$log"
  java -jar "$work/$name.jar" "${common[@]}" "$(config "$name")" >"$log" 2>&1 &
  local pid=$!
  # Wait for the line Spring Boot logs once started (or for the process to end).
  timeout 120 tail -n +1 --pid=$pid -f "$log" | grep -m1 -q "process running for" || true
  if ! grep -q "process running for" "$log"; then
    kill $pid 2>/dev/null || true
    echo "footprint: $name did not start:" >&2
    tail -40 "$log" >&2
    exit 1
  fi
  local startup rss1 rss2 port
  startup=$(grep -o "process running for [0-9.]*" "$log" | grep -o "[0-9.]*$")
  rss1=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
  port=$(grep -o "Tomcat started on port [0-9]*" "$log" | grep -o "[0-9]*$" | head -1)
  for _ in $(seq 200); do
    curl -s -o /dev/null "http://127.0.0.1:$port/api/hello" || true
  done
  rss2=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
  kill $pid
  wait $pid 2>/dev/null || true
  echo "$name $startup $rss1 $rss2"
}

echo "# footprint $(date -u +%FT%TZ) runs=$runs load $(cut -d' ' -f1-3 /proc/loadavg) java $(java -version 2>&1 | head -1)" | tee "$out/footprint.txt"
for name in web stack jpa gatehouse; do launch "$name" >/dev/null; done
for i in $(seq "$runs"); do
  for name in web stack jpa gatehouse; do launch "$name" | tee -a "$out/footprint.txt"; done
done
python3 - "$out/footprint.txt" <<'PY' | tee -a "$out/footprint.txt"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if not l.startswith("#")]
med = {}
for name in ("web", "stack", "jpa", "gatehouse"):
    r = [x for x in rows if x[0] == name]
    med[name] = [statistics.median(float(x[i]) for x in r) for i in (1, 2, 3)]
print("# medians: start-up s, RSS started MiB, RSS after 200 requests MiB")
for name, (s, r1, r2) in med.items():
    print(f"# {name:10s} {s:6.2f} {r1/1024:8.1f} {r2/1024:8.1f}")
for base in ("web", "stack", "jpa"):
    s, r1, r2 = (med["gatehouse"][i] - med[base][i] for i in range(3))
    print(f"# gatehouse - {base:5s} {s:+6.2f} {r1/1024:+8.1f} {r2/1024:+8.1f}")
PY
