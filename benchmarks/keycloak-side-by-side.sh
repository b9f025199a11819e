#!/usr/bin/env bash
# Gatehouse's example application and Keycloak 26.4.5 side by side (issue 19 item 1): the same
# machine, PostgreSQL, JDK and Argon2id parameters, driven over HTTP at the same concurrency by one
# JVM load generator (dev.gatehouse.bench.SideBySide), alternating server launches GH, KC, KC, GH.
# Prints each pair with its ratio GH/KC and writes benchmarks/target/side-by-side/<alg>/report.md,
# once per signing algorithm in SBS_ALG: by default RS256 (the library's recommended production
# default and Keycloak's) and then EdDSA (what docs/BENCHMARKS.md recommends when refresh
# throughput is the limit), each on both sides.
#
#   benchmarks/keycloak-side-by-side.sh [quick|full]
#
# Needs: a PostgreSQL the load generator can create and drop databases on (GATEHOUSE_TEST_POSTGRES_URL,
# default jdbc:postgresql://127.0.0.1:5432/test?user=postgres); Java 21+ for Keycloak 26
# (SBS_JAVA_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64), used for BOTH servers so the JDK
# cannot decide the result; curl and unzip. Keycloak's distribution (~160 MB, from Maven Central)
# is cached outside the repository in SBS_CACHE (default ~/.cache/gatehouse-bench/keycloak).
# Knobs (environment): SBS_USERS, SBS_THREADS (default 4), SBS_SECONDS, SBS_WARMUP, SBS_LAUNCHES
# (per side, default 2), SBS_ALG (one or more of RS256, ES256, EdDSA, separated by spaces or
# commas; default "RS256 EdDSA"), SBS_MEMORY_KIB (7168),
# SBS_ITERATIONS (5), SBS_PARALLELISM (1), SBS_EMBEDDED (true), SBS_JFR (false: true records each
# measured phase of each server with JFR's profile settings, beside the logs), SBS_SKIP_BUILD
# (false: the jars are already built), SBS_START_MINUTES (5: how long a server may take to get
# ready; raise it on a loaded machine), SBS_BEFORE_JAR (unset: the example's boot jar built from
# an earlier tree, e.g. a worktree's examples/target/gatehouse-examples.jar, run as a third side
# "GH-before" interleaved with the other two: GH-before, GH, KC, KC, GH, GH-before, ...).
# SBS_SERVER_CPUS (unset: every process shares every core) pins each server JVM to those CPUs
# (taskset's list, e.g. 1) and PostgreSQL (the local cluster's postmaster and every backend it
# forks) and the load generator to the others, as a production deployment gives the database a
# machine of its own: the rate then follows the server's CPU per refresh rather than the sum of the
# server's, the database's and the load generator's. PostgreSQL's affinity is restored on exit.
# Needs taskset (util-linux) and the right to change PostgreSQL's processes (root or postgres).
# SBS_KC_GUARDS (false: Keycloak's defaults) turns on, in the realm the run creates, brute-force
# detection and the storage of LOGIN and LOGIN_ERROR events (not admin events): a Gatehouse login
# always counts failed attempts and writes an audit entry, so PostgreSQL's CPU per login compares
# the same guarantees only with it. The report's header says which.
# Every run also measures one signature's CPU on the servers' JDK (SignatureCpu, before and after
# the launches) and reports each side's server CPU per refresh beyond it.
# SBS_MAIN_CLASS and SBS_LOG_ROOT run another load generator on the same servers and settings
# (benchmarks/provider-side-by-side.sh: the OpenID provider's flows).
# Exits non-zero only on errors (a server that does not start, a failed request), never on a
# missed target.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
kc_version=26.4.5
cache="${SBS_CACHE:-$HOME/.cache/gatehouse-bench/keycloak}"
server_java_home="${SBS_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export GATEHOUSE_TEST_POSTGRES_URL="${GATEHOUSE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
pg_admin_url="${GATEHOUSE_TEST_POSTGRES_URL%%\?*}"
pg_admin_url="${pg_admin_url%/*}/postgres"
[[ "$GATEHOUSE_TEST_POSTGRES_URL" == *\?* ]] && pg_admin_url="$pg_admin_url?${GATEHOUSE_TEST_POSTGRES_URL#*\?}"

[[ -x "$server_java_home/bin/java" ]] || {
  echo "Keycloak $kc_version needs Java 21+: set SBS_JAVA_HOME (not found: $server_java_home)" >&2
  exit 2
}

# 1. Keycloak's distribution, from Maven Central, built once for PostgreSQL (kc.sh build).
kc_home="$cache/keycloak-$kc_version"
if [[ ! -x "$kc_home/bin/kc.sh" ]]; then
  mkdir -p "$cache"
  zip="$cache/keycloak-quarkus-dist-$kc_version.zip"
  url="https://repo.maven.apache.org/maven2/org/keycloak/keycloak-quarkus-dist/$kc_version/keycloak-quarkus-dist-$kc_version.zip"
  echo "downloading $url" >&2
  curl -sSfL -o "$zip.part" "$url"
  curl -sSfL "$url.sha1" | awk '{print $1 "  '"$zip.part"'"}' | sha1sum -c --quiet -
  mv "$zip.part" "$zip"
  unzip -q -o "$zip" -d "$cache"
fi
if [[ ! -f "$kc_home/.gatehouse-built" ]]; then
  echo "building Keycloak for PostgreSQL (kc.sh build, about a minute)" >&2
  JAVA_HOME="$server_java_home" "$kc_home/bin/kc.sh" build --db=postgres --health-enabled=true >&2
  touch "$kc_home/.gatehouse-built"
fi

# 2. The example's boot jar and the load generator.
if [[ "${SBS_SKIP_BUILD:-false}" != true ]]; then
  mvn -B -q -pl examples,benchmarks -am package -DskipTests -Dgatehouse.api.skip=true -Dmaven.javadoc.skip=true
fi

# 3. The run.
props=(
  "-Dsbs.keycloak=$kc_home"
  "-Dsbs.java=$server_java_home/bin/java"
  "-Dsbs.gatehouseJar=examples/target/gatehouse-examples.jar"
  "-Dsbs.postgres=$pg_admin_url"
)
[[ -n "${SBS_USERS:-}" ]] && props+=("-Dsbs.users=$SBS_USERS")
[[ -n "${SBS_THREADS:-}" ]] && props+=("-Dsbs.threads=$SBS_THREADS")
[[ -n "${SBS_SECONDS:-}" ]] && props+=("-Dsbs.seconds=$SBS_SECONDS")
[[ -n "${SBS_WARMUP:-}" ]] && props+=("-Dsbs.warmup=$SBS_WARMUP")
[[ -n "${SBS_LAUNCHES:-}" ]] && props+=("-Dsbs.launches=$SBS_LAUNCHES")
[[ -n "${SBS_MEMORY_KIB:-}" ]] && props+=("-Dsbs.memoryKib=$SBS_MEMORY_KIB")
[[ -n "${SBS_ITERATIONS:-}" ]] && props+=("-Dsbs.iterations=$SBS_ITERATIONS")
[[ -n "${SBS_PARALLELISM:-}" ]] && props+=("-Dsbs.parallelism=$SBS_PARALLELISM")
[[ -n "${SBS_EMBEDDED:-}" ]] && props+=("-Dsbs.embedded=$SBS_EMBEDDED")
[[ -n "${SBS_JFR:-}" ]] && props+=("-Dsbs.jfr=$SBS_JFR")
[[ -n "${SBS_START_MINUTES:-}" ]] && props+=("-Dsbs.startMinutes=$SBS_START_MINUTES")
[[ -n "${SBS_BEFORE_JAR:-}" ]] && props+=("-Dsbs.gatehouseBeforeJar=$SBS_BEFORE_JAR")
[[ -n "${SBS_KC_GUARDS:-}" ]] && props+=("-Dsbs.kcGuards=$SBS_KC_GUARDS")
launcher=()
if [[ -n "${SBS_SERVER_CPUS:-}" ]]; then
  all_cpus="0-$(($(nproc --all) - 1))"
  other_cpus=$(python3 -c 'import sys
def cpus(t):
    out=set()
    for part in t.split(","):
        a,_,b=part.partition("-")
        out.update(range(int(a),int(b or a)+1))
    return out
print(",".join(map(str,sorted(cpus(sys.argv[1])-cpus(sys.argv[2])))))' "$all_cpus" "$SBS_SERVER_CPUS")
  [[ -n "$other_cpus" ]] || { echo "SBS_SERVER_CPUS=$SBS_SERVER_CPUS leaves no CPU for PostgreSQL" >&2; exit 2; }
  pg_data=$(python3 -c 'import sys, subprocess, urllib.parse as u
url=u.urlparse(sys.argv[1][len("jdbc:"):]); q=dict(u.parse_qsl(url.query))
print(subprocess.run(["psql","-h",url.hostname,"-p",str(url.port or 5432),"-U",q.get("user","postgres"),
  "-d",url.path.lstrip("/"),"-Atc","show data_directory"],check=True,capture_output=True,text=True).stdout.strip())' "$pg_admin_url")
  postmaster=$(head -1 "$pg_data/postmaster.pid")
  pin_postgres() { # the postmaster and its children; backends forked later inherit the mask
    for pid in "$postmaster" $(pgrep -P "$postmaster"); do taskset -a -p -c "$1" "$pid" >/dev/null; done
  }
  pin_postgres "$other_cpus"
  trap 'pin_postgres "$all_cpus"' EXIT
  launcher=(taskset -c "$other_cpus")
  props+=("-Dsbs.serverCpus=$SBS_SERVER_CPUS")
  echo "server JVMs on CPU $SBS_SERVER_CPUS; PostgreSQL (postmaster $postmaster) and the load generator on $other_cpus" >&2
fi
# One run per algorithm; Gatehouse embedded (which does not depend on it) only in the first.
status=0
first=true
for alg in $(tr ',' ' ' <<<"${SBS_ALG:-RS256 EdDSA}"); do
  alg_props=("-Dsbs.alg=$alg" "-Dsbs.logs=${SBS_LOG_ROOT:-benchmarks/target/side-by-side}/$alg")
  [[ "$first" == true ]] || alg_props+=("-Dsbs.embedded=false")
  first=false
  "${launcher[@]}" java "${props[@]}" "${alg_props[@]}" -cp benchmarks/target/benchmarks.jar \
    "${SBS_MAIN_CLASS:-dev.gatehouse.bench.SideBySide}" "$mode" || status=$?
done
exit "$status"
