#!/usr/bin/env bash
# Runs the API gate (.ci/ApiSignatures.java) for one module, compiled once per version of its
# source instead of by Java's source launcher in every module's build: the launcher compiles the
# file again each time, about 2 s of CPU per module against 0.3 s to run the compiled class
# (docs/TESTING.md, "Where CI's time goes"). Called by the parent pom's api-baseline execution:
#
#   .ci/api-signatures.sh JAVA_HOME check|update PACKAGING CLASSES BASELINE
#
# Modules built side by side (-T2) may both find the class missing: each compiles into a directory
# of its own and renames it into place; the loser's copy is dropped, both run the same class.
set -euo pipefail
java_home=$1; shift
root=$(cd "$(dirname "$0")/.." && pwd)
source_file="$root/.ci/ApiSignatures.java"
version=$(cksum <"$source_file" | cut -d' ' -f1)
tools="$root/target/ci-tools"
compiled="$tools/api-signatures-$version"
if [ ! -f "$compiled/ApiSignatures.class" ]; then
  mkdir -p "$tools"
  scratch=$(mktemp -d "$tools/.compiling.XXXXXX")
  "$java_home/bin/javac" -nowarn -d "$scratch" "$source_file"
  mv -T "$scratch" "$compiled" 2>/dev/null || rm -rf "$scratch"
fi
# A run of a second or two: the client compiler and the serial collector, as the test JVMs.
exec "$java_home/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$compiled" ApiSignatures "$@"
