#!/usr/bin/env bash
# Prints the code lines (non-blank, non-comment) of every library module's main and test sources,
# their test/main ratio, and auth-core's figure against its budget (issue 55): auth-core's main
# code without the entity bases of dev.gatehouse.core.entity, which hosts subclass, and that
# figure without the password formats of dev.gatehouse.core.password too, which issue 55 keeps in
# the core (a forgotten module must never force a password reset): the part a target can hold.
# A class under src/main that holds JUnit tests (a contract kit that other modules' tests extend,
# such as auth-testing's AuthStoreContract) is test code: it is counted as its module's tests.
#
#   .ci/code-lines.sh [ROOT]    (default: the repository root)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
python3 - "$root" <<'PY'
import os, re, sys
root = sys.argv[1]
BUDGET = 16000
ENTITY = os.path.join("dev", "gatehouse", "core", "entity")
PASSWORD = os.path.join("dev", "gatehouse", "core", "password")
# The target of docs/ARCHITECTURE.md ("Packages of auth-core") for the core without the entity
# bases and the password formats.
TARGET_WITHOUT_FORMATS = 16000

def code_lines(path):
    """Lines that hold code: not blank, not inside a comment, not only a comment."""
    n, in_block = 0, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if in_block:
                if "*/" not in s:
                    continue
                s = s.split("*/", 1)[1].strip()
                in_block = False
            while s.startswith("/*"):
                if "*/" in s:
                    s = s.split("*/", 1)[1].strip()
                else:
                    in_block, s = True, ""
            if s and not s.startswith("//"):
                n += 1
    return n

TEST_METHOD = re.compile(r"^\s*@(Test|ParameterizedTest|TestFactory|Property)\b", re.M)

def is_kit(path):
    """A class of src/main that declares JUnit tests: a contract kit, test code by what it does."""
    with open(path, encoding="utf-8") as f:
        return TEST_METHOD.search(f.read()) is not None

def tree(directory, skip=(), kit=None):
    """Code lines of the Java files under directory; kit=True counts only contract kits, False none."""
    total = 0
    for dirpath, _, files in os.walk(directory):
        if any(s in dirpath for s in skip):
            continue
        for f in files:
            path = os.path.join(dirpath, f)
            if f.endswith(".java") and (kit is None or is_kit(path) == kit):
                total += code_lines(path)
    return total

not_library = {"examples", "benchmarks", "architecture-tests", "spring-boot-4.0-tests", "hibernate-7.1-tests", "bom", "platform"}
rows = []
for module in sorted(os.listdir(root)):
    main = os.path.join(root, module, "src", "main", "java")
    if module in not_library or not os.path.isdir(main):
        continue
    m = tree(main, kit=False)
    t = tree(os.path.join(root, module, "src", "test", "java")) + tree(main, kit=True)
    rows.append((module, m, t))
print("code lines (non-blank, non-comment) of the library modules:")
print(f"  {'module':40s} {'main':>7s} {'test':>7s} {'test/main':>9s}")
for module, m, t in rows:
    print(f"  {module:40s} {m:7d} {t:7d} {t / m if m else 0:9.2f}")
core_main = os.path.join(root, "auth-core", "src", "main", "java")
core = tree(core_main, skip=(ENTITY,))
entities = tree(os.path.join(core_main, ENTITY))
formats = tree(os.path.join(core_main, PASSWORD))
print(f"auth-core without its entity bases: {core} code lines (budget {BUDGET}; entity bases {entities})")
print(
    f"auth-core without its entity bases and password formats: {core - formats} code lines"
    f" (target {TARGET_WITHOUT_FORMATS}; password formats {formats})"
)
# Issue 75: the sum of the package budgets of docs/ARCHITECTURE.md's map of auth-core, besides
# the entity bases and the password formats (PackageMapTest holds it at the target).
arch = open(os.path.join(root, "docs", "ARCHITECTURE.md"), encoding="utf-8").read()
section = arch[arch.index("## Packages of auth-core"):]
section = section[: section.index("\n## ", 1)]
budgets = {
    m.group(1): int(m.group(2))
    for m in re.finditer(r"^\| `([a-z.]+)` \| .* \| (\d+) \|$", section, re.M)
}
budget_sum = sum(v for k, v in budgets.items() if k not in ("core.entity", "core.password"))
print(f"auth-core's package budgets besides entity bases and password formats sum to {budget_sum} (target {TARGET_WITHOUT_FORMATS})")
PY
