#!/usr/bin/env bash
# Builds the example application as a container image, an OCI tarball at
# examples/target/gatehouse-examples-image.tar, without a Docker daemon or a registry
# (docs/SPRING.md, "Deploying"). The base is empty: this script assembles what the application
# runs on into examples/target/image-root — a Java runtime cut by jlink from the JDK that builds,
# the C libraries that runtime links against, /etc/hosts, /etc/passwd and /tmp — and Jib
# (examples' "image" profile) lays the application's classes and jars on top.
#
#   bash examples/image.sh                     # then: docker load -i examples/target/gatehouse-examples-image.tar
set -euo pipefail
cd "$(dirname "$0")/.."
root=examples/target/image-root
rm -rf "$root"
mkdir -p "$root/tmp" "$root/etc"
jlink --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.naming.dns \
  --strip-debug --no-header-files --no-man-pages --output "$root/opt/java"
# The shared libraries the runtime's programs and libraries load (ld.so, libc, libz, libstdc++...).
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 -n1 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' \
  | grep -v "^$PWD/" \
  | sort -u \
  | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
printf 'root:x:0:0:root:/:/sbin/nologin\nnobody:x:65534:65534:nobody:/tmp:/sbin/nologin\n' > "$root/etc/passwd"
touch "$root/tmp/.keep"
# No tests compiled (-Dmaven.test.skip, as the README's first command builds the example): the image
# holds the application's classes and jars only, and in CI the test command has run the tests.
mvn -B -ntp -pl examples -am package -Pimage -Dmaven.test.skip=true -Dmaven.javadoc.skip=true \
  -Dmaven.source.skip=true -Dgatehouse.api.skip=true "$@"
echo "image: examples/target/gatehouse-examples-image.tar"
