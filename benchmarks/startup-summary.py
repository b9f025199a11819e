"""Medians and quartiles of startup-compare.sh's launches (lines "name startup_s cpu_s rss_kib load").

Per build: start-up (s), CPU (s) and RSS (MiB) as median [first quartile, third quartile]; then the
differences of the medians, and the median of the per-round differences (each round launches every
build once, one after the other, so a round's builds saw about the same load).
"""

import statistics
import sys


def quartiles(values):
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return q[0], statistics.median(values), q[2]


def cell(values, scale=1.0):
    lo, mid, hi = (v / scale for v in quartiles(values))
    return f"{mid:7.2f} [{lo:.2f}, {hi:.2f}]"


rows = [line.split() for line in open(sys.argv[1]) if line.strip() and not line.startswith("#")]
names = list(dict.fromkeys(r[0] for r in rows))
by = {n: [r for r in rows if r[0] == n] for n in names}
loads = [float(r[4]) for r in rows]
print(f"# {len(rows)} launches, load average {min(loads):.1f} to {max(loads):.1f} (median {statistics.median(loads):.1f})")
print("# build   start-up s [q1, q3]     CPU s [q1, q3]         RSS MiB [q1, q3]")
for n in names:
    r = by[n]
    print(
        f"# {n:6s} {cell([float(x[1]) for x in r])}  {cell([float(x[2]) for x in r])}"
        f"  {cell([float(x[3]) for x in r], 1024)}"
    )
rounds = min(len(by[n]) for n in names)
for a, b in [("head", "base"), ("base", "stack"), ("head", "stack")]:
    if a in by and b in by:
        for i, what in [(1, "start-up s"), (2, "CPU s")]:
            diffs = [float(by[a][k][i]) - float(by[b][k][i]) for k in range(rounds)]
            lo, mid, hi = quartiles(diffs)
            print(f"# {a} - {b} {what:10s} per round: median {mid:+.2f} [{lo:+.2f}, {hi:+.2f}]")
