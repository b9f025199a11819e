#!/usr/bin/env bash
# Builds the README's Spring Boot host as a new user would: its sources (examples' com.example.shop,
# which SpringBootHostTest runs) with the README's pom.xml, against a Maven repository holding the
# release build of Gatehouse ($1, a file repository from `mvn deploy`), and checks that the
# compiler kept parameter names (Spring 7 needs them).
set -euo pipefail
repo=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=examples/src/test
mkdir -p "$work/src/main/java/com/example/shop"
cp "$src"/java/com/example/shop/*.java "$work/src/main/java/com/example/shop/"
cp "$src/resources/com/example/shop/pom.xml" "$work/pom.xml"
cat > "$work/settings.xml" <<XML
<settings>
  <profiles>
    <profile>
      <id>gatehouse-release</id>
      <repositories>
        <repository>
          <id>gatehouse-release</id>
          <url>file://$repo</url>
          <snapshots><enabled>true</enabled></snapshots>
        </repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>gatehouse-release</activeProfile></activeProfiles>
</settings>
XML
mvn -B -q -U -s "$work/settings.xml" -f "$work/pom.xml" package
test -f "$work/target/shop-1.0.0-SNAPSHOT.jar"
if ! javap -v -cp "$work/target/classes" com.example.shop.HelloController | grep -q MethodParameters; then
  echo "ci: the README's pom.xml compiled without -parameters" >&2
  exit 1
fi
echo "ci: the README's host builds with the README's pom.xml"
