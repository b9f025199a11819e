#!/usr/bin/env bash
# Reproducible builds: `save DIR` copies every published jar of the current build (module
# target/ directories); `rebuild DIR` builds them a second time from a fresh copy of the checkout's
# tracked files (another directory, no target/ of the first build) and fails when a jar differs
# from the saved one byte for byte (project.build.outputTimestamp fixes entry times; see pom.xml).
#
#   .ci/check-reproducible.sh save DIR
#   .ci/check-reproducible.sh rebuild DIR [FIRST_COMMAND_TREE]
#
# With FIRST_COMMAND_TREE (.ci/check-first-command.sh's, when .ci/run sets it), the second build is
# the one the README's first command made there: a fresh copy of the tracked files in another
# directory, built with a local repository that held no Gatehouse artifact, which compiled every
# module the example uses (all but a few published ones). This check waits for that check to end,
# then packages in its tree with the compiler going by its sources' times alone
# (useIncrementalCompilation=false, as .ci/run's deploy), so it compiles only the published modules
# the example does not use and makes the sources and Javadoc jars below; the jars it compares were
# still all made from classes compiled in that other directory. When the first command's check
# failed (or did not end within 30 minutes), it builds in a fresh copy of its own as without one.
#
# The second build makes every published module's jar and sources jar, and the Javadoc jars of
# auth-core and the modules it uses (REBUILT_JAVADOC) rather than every module's: Javadoc is most of
# a release build's CPU, and every module makes its Javadoc with the parent pom's configuration alone
# (no module configures maven-javadoc-plugin), so an option or a Javadoc version that makes the
# output differ between two builds shows in auth-core's, the largest (docs/TESTING.md, "Where CI's
# time goes"). MAVEN_REPO_LOCAL, when set, is the local repository the second build reads.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=$1 dir=$2
REBUILT_JAVADOC="auth-delivery-spi auth-sms-spi auth-email-spi auth-core"
PUBLISHED='!examples,!benchmarks,!architecture-tests,!spring-boot-4.0-tests,!hibernate-7.1-tests'
jars() { # the published jars under the current directory's modules
  for m in $(sed -n 's:^ *<module>\(.*\)</module>:\1:p' pom.xml); do
    case $m in bom|platform|examples|benchmarks|architecture-tests|spring-boot-4.0-tests|hibernate-7.1-tests) continue ;; esac
    compgen -G "$m/target/$m-*.jar" || true
  done
}
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
rebuilt_in_second_build() { # module, jar: whether the second build must make it (its jar, its
  # sources jar, and the Javadoc jars named above; the test command's test jars are never published)
  local m=$1 name
  name=$(basename "$2")
  case $name in
    "$m-$version.jar"|"$m-$version-sources.jar") return 0 ;;
    "$m-$version-javadoc.jar") [[ " $REBUILT_JAVADOC " == *" $m "* ]] ;;
    *) return 1 ;;
  esac
}
case $mode in
  save)
    mkdir -p "$dir"
    for j in $(jars); do cp "$j" "$dir/"; done ;;
  rebuild)
    started=$SECONDS
    tree=${3:-} built_by="a fresh copy"
    if [[ -n "$tree" ]]; then
      for _ in $(seq 1 1800); do [[ -f "$tree/done" ]] && break; sleep 1; done
      if [[ "$(cat "$tree/done" 2>/dev/null)" == 0 ]]; then
        built_by="the README's first command's build"
      else
        echo "reproducible: the first command's check did not pass; building in a fresh copy" >&2
        tree=""
      fi
    fi
    if [[ -n "$tree" ]]; then
      cd "$tree/src"
      repo=(-Dmaven.repo.local="$tree/repository")
    else
      work=$(mktemp -d)
      trap 'rm -rf "$work"' EXIT
      mkdir -p "$work/src"
      git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$work/src"
      cd "$work/src"
      repo=(); if [[ -n "${MAVEN_REPO_LOCAL:-}" ]]; then repo=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL"); fi
    fi
    # No test compiled, no API check and no enforcer rule: none of them writes into a jar. Classes
    # already compiled in this tree are kept (each jar written again is not a changed dependency).
    skip=(-Dmaven.test.skip=true -Dgatehouse.api.skip=true -Denforcer.skip=true
      -Dmaven.compiler.useIncrementalCompilation=false)
    # 1. auth-core and what it uses, with their Javadoc; 2. every published module without Javadoc
    #    (the first command's modules are then up to date: nothing compiled twice).
    mvn -B -q -o "${repo[@]}" package "${skip[@]}" -pl auth-core -am
    mvn -B -q -o "${repo[@]}" package "${skip[@]}" -Dmaven.javadoc.skip=true -pl "$PUBLISHED"
    n=0 bad=0
    for saved in "$dir"/*.jar; do
      j=$(basename "$saved")
      m=${j%%-[0-9]*}
      if [[ ! -f "$m/target/$j" ]]; then
        if rebuilt_in_second_build "$m" "$j"; then echo "reproducible: $j was not made by the second build" >&2; bad=1; fi
        continue
      fi
      n=$((n + 1))
      if ! cmp -s "$m/target/$j" "$saved"; then echo "reproducible: $j differs between two builds" >&2; bad=1; fi
    done
    for j in $(jars); do
      m=${j%%/*}
      if ! rebuilt_in_second_build "$m" "$j"; then continue; fi
      if [[ ! -f "$dir/$(basename "$j")" ]]; then echo "reproducible: $j was not in the first build" >&2; bad=1; fi
    done
    [[ $n -gt 0 ]] || { echo "reproducible: no jars found" >&2; exit 1; }
    [[ $bad -eq 0 ]] || exit 1
    echo "reproducible: $n jars identical across two clean builds in two directories" \
      "(of $(ls "$dir"/*.jar | wc -l) published; Javadoc of $REBUILT_JAVADOC; the second:" \
      "$built_by) in $((SECONDS - started)) s" ;;
  *) echo "usage: $0 save|rebuild DIR" >&2; exit 2 ;;
esac
