#!/usr/bin/env bash
# Argon2id speed per JVM launch: BouncyCastle's Argon2BytesGenerator against what Gatehouse uses,
# in alternating fresh JVMs (so both see the same machine load), each printing the mean thread-CPU
# ms per hash over the second half of its hashes. Prints every launch, then min/median/max, the
# spread (max/min) and the ratio of the medians.
#
#   benchmarks/argon2-launches.sh [launches=20] [hashes=24] [memoryKib=7168] [iterations=5]
#
# Needs benchmarks/target/benchmarks.jar (mvn -B -q -pl benchmarks -am package -DskipTests).
# Extra JVM flags for both sides: JAVA_OPTS, e.g. JAVA_OPTS=-XX:-TieredCompilation.
set -euo pipefail
cd "$(dirname "$0")/.."
launches="${1:-20}"
hashes="${2:-24}"
memory="${3:-7168}"
iterations="${4:-5}"
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || { echo "build first: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 1; }
impls=(bc gatehouse)
declare -A results
echo "Argon2id m=$memory KiB t=$iterations p=1, $launches launches each, $hashes hashes per launch (mean of the last $((hashes - hashes / 2)))"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
for ((i = 1; i <= launches; i++)); do
  line="launch $i:"
  for impl in "${impls[@]}"; do
    # shellcheck disable=SC2086
    ms=$(java ${JAVA_OPTS:-} -cp "$jar" dev.gatehouse.bench.Argon2Launch "$impl" "$hashes" "$memory" "$iterations" \
      | awk '/^cpu-ms-per-hash/ {print $2}')
    results[$impl]+="$ms "
    line+=" $impl $ms ms"
  done
  echo "$line"
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"
echo
echo "| implementation | min ms | median ms | max ms | max / min |"
echo "|---|---|---|---|---|"
declare -A medians
for impl in "${impls[@]}"; do
  read -r min median max < <(tr ' ' '\n' <<<"${results[$impl]}" | grep . | sort -g \
    | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print v[1], m, v[NR]}')
  medians[$impl]=$median
  echo "| $impl | $min | $median | $max | $(awk -v a="$max" -v b="$min" 'BEGIN {printf "%.2f", a / b}') |"
done
echo
echo "median gatehouse / median bc: $(awk -v a="${medians[gatehouse]}" -v b="${medians[bc]}" 'BEGIN {printf "%.3f", a / b}')"
