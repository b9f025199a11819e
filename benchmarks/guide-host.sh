#!/usr/bin/env bash
# The Spring Boot guide's host as docs/SPRING.md's command generates it (-DgroupId=com.example
# -DartifactId=shop -Dpackage=com.example.shop), from gatehouse-spring-boot-archetype's templates
# without Maven, for the benchmarks that build or run it: OUT/java/com/example/shop/*.java (main
# sources), OUT/resources/com/example/shop/{pom.xml,application.yml},
# OUT/resources/db/changelog/master.xml and OUT/resources/templates/ (the host page's templates).
#
#   benchmarks/guide-host.sh OUT
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
templates=$root/gatehouse-spring-boot-archetype/src/main/resources/archetype-resources
gatehouse=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n 1)
boot=$(sed -n 's:^ *<spring-boot.version>\(.*\)</spring-boot.version>.*:\1:p' "$root/pom.xml" | head -n 1)
render() {
  sed -e 's/\${groupId}/com.example/g' -e 's/\${artifactId}/shop/g' -e 's/\${version}/1.0-SNAPSHOT/g' \
    -e 's/\${package}/com.example.shop/g' -e "s/\\\${gatehouseVersion}/$gatehouse/g" \
    -e "s/\\\${springBootVersion}/$boot/g" "$1" >"$2"
}
mkdir -p "$out/java/com/example/shop" "$out/resources/com/example/shop" "$out/resources/db/changelog" \
  "$out/resources/templates"
for f in "$templates"/src/main/java/*.java; do render "$f" "$out/java/com/example/shop/$(basename "$f")"; done
render "$templates/pom.xml" "$out/resources/com/example/shop/pom.xml"
cp "$templates/src/main/resources/application.yml" "$out/resources/com/example/shop/"
cp "$templates/src/main/resources/db/changelog/master.xml" "$out/resources/db/changelog/"
cp "$templates"/src/main/resources/templates/* "$out/resources/templates/"
