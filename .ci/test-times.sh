#!/usr/bin/env bash
# Prints, after a test run, the test time of each module and the 30 slowest test classes, read
# from the Surefire and Failsafe reports (target/*-reports/TEST-*.xml) under the given directory.
# Module times are the sums of their classes' times, so they say where the suite's time goes; a
# module with two test JVMs (gatehouse.test.forks in its pom.xml) runs two classes at once, so its
# wall time is less than that sum. The build's own wall time is Maven's closing "Total time", each
# module's its reactor summary line.
# Then what the run started (issue 57, "start less"), from the tests' output files
# (target/*-reports/*-output.txt): Spring Boot application contexts (their "Started X in N seconds"
# line), and the JVMs, Python interpreters and browsers the tests launched (each launch prints a
# "gatehouse-test-start: KIND WHAT" line), besides Surefire's test JVMs: one per module, or the
# gatehouse.test.forks its pom.xml sets, and one more for its fuzz tests or auth-jpa's replica tests.
#
#   .ci/test-times.sh [ROOT [BUILD_LOG]]    (default: the repository root)
#
# With the build's log, class times come from its "Tests run: … Time elapsed: … -- in CLASS" lines
# instead: Surefire writes one report per class name, so a @ParameterizedClass's invocations (one per
# database) overwrite each other's report and only the last is in target/, while the log has them all.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
python3 - "$root" "${2:-}" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
root = sys.argv[1]
classes, modules = [], {}
for path in glob.glob(os.path.join(root, "**", "target", "*-reports", "TEST-*.xml"), recursive=True):
    try:
        suite = ET.parse(path).getroot()
    except ET.ParseError:
        continue
    module = os.path.relpath(path, root).split(os.sep + "target" + os.sep)[0]
    seconds = float(suite.get("time", "0") or 0)
    tests = int(suite.get("tests", "0") or 0)
    classes.append((seconds, tests, module, suite.get("name", "?")))
    m = modules.setdefault(module, [0.0, 0, 0])
    m[0] += seconds
    m[1] += tests
    m[2] += 1
log = sys.argv[2] if len(sys.argv) > 2 else ""
if log and os.path.exists(log):
    # Maven prints each module's banner, then its classes' lines; -T2 interleaves modules, so a
    # class's module is the one whose reports name it.
    import re as _re
    where = {name: module for _, _, module, name in classes}
    line = _re.compile(r"Tests run: (\d+),.*Time elapsed: ([0-9.]+) s.* -- in (\S+)")
    summed = {}
    with open(log, encoding="utf-8", errors="replace") as out:
        for text in out:
            m = line.search(text)
            if m:
                # [time of its invocations, tests, time of its container line]: a @ParameterizedClass
                # also prints a line of 0 tests whose time spans all its invocations.
                t = summed.setdefault(m.group(3), [0.0, 0, 0.0])
                if int(m.group(1)) == 0:
                    t[2] = max(t[2], float(m.group(2)))
                else:
                    t[0] += float(m.group(2))
                    t[1] += int(m.group(1))
    if summed:
        classes = [
            (max(t[0], t[2]), t[1], where.get(name, "?"), name) for name, t in summed.items()
        ]
        modules = {}
        for seconds, tests, module, _ in classes:
            m = modules.setdefault(module, [0.0, 0, 0])
            m[0] += seconds
            m[1] += tests
            m[2] += 1
total = sum(m[0] for m in modules.values())
print(f"test time by module (sum of classes), {sum(m[1] for m in modules.values())} tests, {total / 60:.1f} min:")
for module, (seconds, tests, n) in sorted(modules.items(), key=lambda kv: -kv[1][0]):
    print(f"  {seconds / 60:6.1f} min  {tests:5d} tests  {n:4d} classes  {module}")
print("30 slowest test classes:")
for seconds, tests, module, name in sorted(classes, reverse=True)[:30]:
    print(f"  {seconds:7.1f} s  {tests:4d} tests  {module}  {name.rsplit('.', 1)[-1]}")

import re
started = re.compile(r"\bStarted (\S+) in [0-9.]+ seconds")
launched = re.compile(r"^gatehouse-test-start: (\w+)")
starts = {}  # module -> {kind: count}
for path in glob.glob(os.path.join(root, "**", "target", "*-reports", "*-output.txt"), recursive=True):
    module = os.path.relpath(path, root).split(os.sep + "target" + os.sep)[0]
    counts = starts.setdefault(module, {})
    with open(path, encoding="utf-8", errors="replace") as out:
        for line in out:
            m = launched.match(line)
            kind = m.group(1) if m else ("spring" if started.search(line) else None)
            if kind:
                counts[kind] = counts.get(kind, 0) + 1
kinds = ["spring", "jvm", "python", "browser"]
total = {k: sum(c.get(k, 0) for c in starts.values()) for k in kinds}


def forks(module):
    try:
        with open(os.path.join(root, module, "pom.xml"), encoding="utf-8") as pom:
            m = re.search(r"<gatehouse\.test\.forks>(\d+)</gatehouse\.test\.forks>", pom.read())
    except OSError:
        return 1
    return int(m.group(1)) if m else 1


# Besides a module's default execution, two executions run in a JVM of their own once they have
# classes to run: the fuzz tests (the parent pom's fuzz-tests-apart profile, **/*FuzzTest) and
# auth-jpa's primary-and-replica tests (dev/gatehouse/jpa/replica/**).
apart = {(module, "fuzz") for _, _, module, name in classes if name.endswith("FuzzTest")}
apart |= {(module, "replica") for _, _, module, name in classes if ".jpa.replica." in name}
jvms = sum(forks(module) for module in modules) + len(apart)
print(f"what the tests started: {total['spring']} Spring Boot contexts, {jvms} test JVMs "
      f"(Surefire's, in {len(modules)} modules, {len(apart)} of them for fuzz or replica tests apart)"
      f" + {total['jvm']} launched, {total['python']} Python "
      f"processes, {total['browser']} browsers")
for module, c in sorted(starts.items(), key=lambda kv: -sum(kv[1].values())):
    if c:
        print("  " + module + ": " + ", ".join(f"{c[k]} {k}" for k in kinds if c.get(k)))
PY
