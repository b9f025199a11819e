#!/usr/bin/env bash
# Reproducible builds: `save DIR` copies every published jar of the current build (module
# target/ directories); `compare DIR` fails when a jar of a second, clean build differs from the
# saved one byte for byte (project.build.outputTimestamp fixes entry times; see pom.xml).
#
#   .ci/check-reproducible.sh save|compare DIR
set -euo pipefail
cd "$(dirname "$0")/.."
mode=$1 dir=$2
jars() {
  for m in $(sed -n 's:^ *<module>\(.*\)</module>:\1:p' pom.xml); do
    case $m in bom|platform|examples|benchmarks|architecture-tests|spring-boot-4.0-tests|hibernate-7.1-tests) continue ;; esac
    compgen -G "$m/target/$m-*.jar" || true
  done
}
case $mode in
  save)
    mkdir -p "$dir"
    for j in $(jars); do cp "$j" "$dir/"; done ;;
  compare)
    n=0 bad=0
    for j in $(jars); do
      n=$((n + 1))
      saved="$dir/$(basename "$j")"
      if [[ ! -f "$saved" ]]; then echo "reproducible: $j was not in the first build" >&2; bad=1; continue; fi
      if ! cmp -s "$j" "$saved"; then echo "reproducible: $j differs between two builds" >&2; bad=1; fi
    done
    [[ $n -gt 0 ]] || { echo "reproducible: no jars found" >&2; exit 1; }
    [[ $bad -eq 0 ]] || exit 1
    echo "reproducible: $n jars identical across two clean builds" ;;
  *) echo "usage: $0 save|compare DIR" >&2; exit 2 ;;
esac
