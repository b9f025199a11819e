#!/usr/bin/env bash
# Checks the release layout that `mvn deploy` wrote into a file repository: every library module
# has its POM, jar, -sources.jar and -javadoc.jar, each with .md5 and .sha1 checksums that match
# (gatehouse-spring-boot-archetype too, whose jar must carry its descriptor and templates);
# the parent, gatehouse-bom and gatehouse-platform have their POMs; examples, benchmarks,
# spring-boot-4.0-tests, hibernate-7.1-tests and architecture-tests are not published. Also checks that the versions pinned in bom/ and
# platform/ (which do not inherit the parent) equal the parent's properties of the same name.
#
#   .ci/check-release-layout.sh [repository directory, default target/release-repo]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:-target/release-repo}
base="$repo/dev/gatehouse"
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
fail=0
problem() { echo "release-layout: $*" >&2; fail=1; }

checksums() { # file
  local f=$1 algo
  for algo in md5 sha1; do
    if [[ ! -f "$f.$algo" ]]; then problem "missing $f.$algo"; continue; fi
    if [[ "$(cut -d' ' -f1 < "$f.$algo")" != "$("${algo}sum" < "$f" | cut -d' ' -f1)" ]]; then
      problem "$f.$algo does not match the file"
    fi
  done
}

newest() { # directory, glob ; prints the last match (snapshots keep one per deploy)
  local m
  m=$(compgen -G "$1/$2" | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' -e '-cli\.jar$' -e '\.md5$' -e '\.sha1$' | sort | tail -n 1 || true)
  echo "$m"
}

need() { # directory, artifactId, suffix (.pom, .jar, -sources.jar, -javadoc.jar)
  local dir=$1 a=$2 suffix=$3 f
  case $suffix in
    -sources.jar|-javadoc.jar)
      f=$(compgen -G "$dir/$a-*$suffix" | sort | tail -n 1 || true) ;;
    *) f=$(newest "$dir" "$a-*$suffix") ;;
  esac
  if [[ -z "$f" ]]; then problem "$a: no $suffix in $dir"; return; fi
  checksums "$f"
}

[[ -d "$base" ]] || { echo "release-layout: $base does not exist (run the deploy step first)" >&2; exit 1; }

libraries=()
for m in $(sed -n 's:^ *<module>\(.*\)</module>:\1:p' pom.xml); do
  case $m in bom|platform|examples|benchmarks|spring-boot-4.0-tests|hibernate-7.1-tests|architecture-tests) continue ;; esac
  libraries+=("$m")
done

for a in "${libraries[@]}"; do
  dir="$base/$a/$version"
  if [[ ! -d "$dir" ]]; then problem "$a: not deployed ($dir missing)"; continue; fi
  for suffix in .pom .jar -sources.jar -javadoc.jar; do need "$dir" "$a" "$suffix"; done
done
# The archetype docs/SPRING.md's command generates from: its descriptor and the host's pom.
archetype=$(newest "$base/gatehouse-spring-boot-archetype/$version" "gatehouse-spring-boot-archetype-*.jar")
if [[ -n "$archetype" ]]; then
  for entry in META-INF/maven/archetype-metadata.xml archetype-resources/pom.xml; do
    unzip -l "$archetype" "$entry" >/dev/null 2>&1 || problem "$archetype has no $entry"
  done
fi
for a in gatehouse-parent gatehouse-bom gatehouse-platform; do
  dir="$base/$a/$version"
  if [[ ! -d "$dir" ]]; then problem "$a: not deployed ($dir missing)"; continue; fi
  need "$dir" "$a" .pom
done
for a in examples benchmarks spring-boot-4.0-tests hibernate-7.1-tests architecture-tests; do
  [[ -d "$base/$a" ]] && problem "$a must not be published"
done

# bom/ and platform/ pin their own versions; they must agree with the parent.
prop() { sed -n "s:^ *<$2>\(.*\)</$2>.*:\1:p" "$1" | head -n 1; }
for child in bom/pom.xml platform/pom.xml; do
  for name in $(sed -n 's:^ *<\([a-z.]*\.version\)>.*:\1:p' "$child"); do
    [[ "$(prop "$child" "$name")" == "$(prop pom.xml "$name")" ]] \
      || problem "$child: $name is $(prop "$child" "$name"), the parent pins $(prop pom.xml "$name")"
  done
done

if [[ $fail -ne 0 ]]; then exit 1; fi
echo "release-layout: ${#libraries[@]} library modules (the archetype among them) with POM, jar, sources, javadoc and checksums; bom, platform and parent POMs"
