#!/usr/bin/env bash
# Runs the README's first command (the first sh block of "## The two commands", read from the README
# itself) as a new user would on a fresh machine: with a local Maven repository that holds no
# Gatehouse artifact, so no earlier build or install can stand in for a missing build step
# (issue 74). The repository is a hard-linked copy of ~/.m2/repository without dev/gatehouse, so the
# third-party dependencies are not downloaded again. Passes when the example it starts answers
# /health with UP and a registration with 201. Runs in a copy of the checkout's tracked files.
#
# FIRST_COMMAND_TREE, when set, is an empty directory to work in (made if missing) and to leave: the
# copy it built ($FIRST_COMMAND_TREE/src), its local repository ($FIRST_COMMAND_TREE/repository) and,
# once the example is stopped, $FIRST_COMMAND_TREE/done holding this check's exit status.
# .ci/check-reproducible.sh compares the jars of that build, made in another directory from a fresh
# copy, with the test command's, and compiles only the published modules the example does not use.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${FIRST_COMMAND_TREE:-}" ]; then
  work=$FIRST_COMMAND_TREE
  mkdir -p "$work"
else
  work=$(mktemp -d)
fi
pid=""
cleanup() {
  local rc=$?
  if [ -n "$pid" ]; then kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "${FIRST_COMMAND_TREE:-}" ]; then echo "$rc" > "$work/done"; else rm -rf "$work"; fi
}
trap cleanup EXIT

command=$(awk '
  /^## The two commands$/ { in_section = 1; next }
  in_section && /^## / { exit }
  in_section && /^```sh$/ { in_block = 1; next }
  in_block && /^```$/ { exit }
  in_block { print }
' README.md)
if [ -z "$command" ] || [ "$(printf '%s\n' "$command" | wc -l)" -ne 1 ]; then
  echo "ci: the README's first command is not one line of its first sh block" >&2
  exit 1
fi

# A fresh copy of the checkout's tracked files, as a clone gives a new user: no target/ of an earlier
# build stands in for a step the command misses, and the build writes nothing into this checkout, so
# .ci/run can run it beside its other checks.
mkdir -p "$work/src"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$work/src"
cd "$work/src"

mkdir -p "$work/repository"
if [ -d "$HOME/.m2/repository" ]; then cp -al "$HOME/.m2/repository/." "$work/repository/"; fi
rm -rf "$work/repository/dev/gatehouse"

port=$((20000 + RANDOM % 20000))
echo "ci: the README's first command, with no Gatehouse artifact in the local repository (port $port)"
started=$SECONDS
# Its own process group, so the cleanup stops Maven or the example, whichever runs.
MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$work/repository" PORT="$port" \
  setsid bash -c "$command" > "$work/log" 2>&1 &
pid=$!
up=false
for _ in $(seq 1 900); do
  if curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"UP"'; then up=true; break; fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
if [ "$up" != true ]; then
  echo "ci: the README's first command did not bring up the example; its log:" >&2
  grep -E 'ERROR|BUILD|Exception' "$work/log" | head -40 >&2 || true
  tail -40 "$work/log" >&2
  exit 1
fi
status=$(curl -s -o "$work/register.json" -w '%{http_code}' -XPOST -H 'Content-Type: application/json' \
  "http://127.0.0.1:$port/auth/register/" \
  -d '{"email":"first-hour@example.com","password":"correct horse battery staple"}')
if [ "$status" != 201 ]; then
  echo "ci: the example answered the README's registration with $status: $(cat "$work/register.json")" >&2
  exit 1
fi
echo "ci: the README's first command built and started the example in $((SECONDS - started)) s; /health UP, registration 201"
