#!/usr/bin/env bash
# Prints, after a test run, the test time of each module and the 30 slowest test classes, read
# from the Surefire and Failsafe reports (target/*-reports/TEST-*.xml) under the given directory.
# Module times are the sums of their classes' times (forks run one after another here), so they
# say where the suite's time goes; the build's own wall time is Maven's closing "Total time".
#
#   .ci/test-times.sh [ROOT]    (default: the repository root)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
python3 - "$root" <<'PY'
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
total = sum(m[0] for m in modules.values())
print(f"test time by module (sum of classes), {sum(m[1] for m in modules.values())} tests, {total / 60:.1f} min:")
for module, (seconds, tests, n) in sorted(modules.items(), key=lambda kv: -kv[1][0]):
    print(f"  {seconds / 60:6.1f} min  {tests:5d} tests  {n:4d} classes  {module}")
print("30 slowest test classes:")
for seconds, tests, module, name in sorted(classes, reverse=True)[:30]:
    print(f"  {seconds:7.1f} s  {tests:4d} tests  {module}  {name.rsplit('.', 1)[-1]}")
PY
