#!/usr/bin/env bash
# Counts the public API as the API gate records it (api/<module>.txt, written by
# .ci/ApiSignatures.java): a line without " :: " is a public type (top-level or nested), a line with
# it a public or protected member of that type. Issue 55's figures are these counts.
#
#   .ci/api-count.sh                  per module and per package, of the working tree's api/
#   .ci/api-count.sh --at REV         the same, of REV's api/
#   .ci/api-count.sh FROM [TO]        both revisions' (TO default: the tree) and the growth since FROM,
#                                     by class: the sign-in SPI, the modules of issues 60-62, types
#                                     that left auth-core for a module, and other
#
# Issue 55 was filed at 4335fad8 (415 types, 3,343 members): `.ci/api-count.sh 4335fad8`.
# A changed signature counts as one removal and one addition.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python3 - "$root" "$@" <<'PY'
import collections, os, re, subprocess, sys

root, args = sys.argv[1], sys.argv[2:]

# The sign-in SPI of issue 55 item 1 (and the one sealing format of item 5 it hands modules):
# every type of core.signin, the module-facing types of core.session and core.config, the module
# seam of the facade and of the events. A member of Gatehouse/Gatehouse.Builder named feature or
# install is the SPI's too.
SPI_PACKAGES = ("dev.gatehouse.core.signin.",)
SPI_TYPES = tuple(
    "dev.gatehouse.core." + t
    for t in (
        "session.CredentialCheck", "session.SignInContext", "session.ModuleSessions",
        "session.CarryOver", "session.ExternalAccounts", "session.SessionClaims",
        "session.SignInGuard", "GatehouseModule", "config.ModuleSettings",
        "event.AuthEvent$ModuleEvent", "secret.Sealer", "secret.SealedSecrets",
    )
)
SPI_MEMBERS = re.compile(r"\b(feature|install)\(")
# The modules of the issues filed after 55: organisations (60), administration (61), Redis (62).
LATER_MODULES = {"auth-organizations": 60, "auth-admin": 61, "auth-redis": 62}


def baselines(rev):
    """{module: [lines]} of api/*.txt at a git revision, or of the working tree when rev is None."""
    out = {}
    if rev is None:
        folder = os.path.join(root, "api")
        for f in sorted(os.listdir(folder)):
            if f.endswith(".txt"):
                with open(os.path.join(folder, f), encoding="utf-8") as fh:
                    out[f[:-4]] = fh.read().splitlines()
        return out
    names = subprocess.run(
        ["git", "-C", root, "ls-tree", "--name-only", rev, "api/"],
        check=True, capture_output=True, text=True).stdout.split()
    for path in names:
        if path.endswith(".txt"):
            text = subprocess.run(["git", "-C", root, "show", f"{rev}:{path}"],
                                  check=True, capture_output=True, text=True).stdout
            out[os.path.basename(path)[:-4]] = text.splitlines()
    return out


def type_name(header):
    """The binary name of the type a baseline header (or a member line's header) declares."""
    words = re.sub(r"<.*", "", header).split()
    for i, w in enumerate(words[:-1]):
        if w in ("class", "interface", "enum", "record"):
            return words[i + 1]
    return words[-1]


def parse(lines):
    """{type name: number of members} of one module's baseline."""
    types = collections.Counter()
    for line in lines:
        if not line.strip():
            continue
        head, sep, _ = line.partition(" :: ")
        name = type_name(head)
        types[name] += 1 if sep else 0
        types.setdefault(name, 0)
    return types


def package(name):
    return name.rsplit(".", 1)[0]


def table(title, rows):
    print(title)
    print(f"  {'':44s} {'types':>6s} {'members':>8s}")
    for key, (t, m) in rows:
        print(f"  {key:44s} {t:6d} {m:8d}")


def report(rev):
    api = {mod: parse(lines) for mod, lines in baselines(rev).items()}
    label = rev or "the working tree"
    total_t = sum(len(t) for t in api.values())
    total_m = sum(sum(t.values()) for t in api.values())
    top = sum(1 for t in api.values() for n in t if "$" not in n)
    print(f"public API of {label}: {total_t} types ({top} top-level), {total_m} members")
    table("by module:", [(mod, (len(t), sum(t.values()))) for mod, t in sorted(api.items()) if t])
    packages = collections.defaultdict(lambda: [0, 0])
    for t in api.values():
        for name, members in t.items():
            packages[package(name)][0] += 1
            packages[package(name)][1] += members
    table("by package:", sorted((p, tuple(v)) for p, v in packages.items()))
    return api


def simple_names(name):
    """The outermost type's simple name and the type's own: A and C of pkg.A$B$C."""
    tail = name.rsplit(".", 1)[-1].split("$")
    return [tail[0], tail[-1]]


def home(module, name, other_side):
    """The one module that held the type on the other side of the change, when not this module.

    Matched by the outermost type's simple name, else the type's own, and only where the name is
    one module's (so nested names such as Builder match nothing by themselves)."""
    for n in simple_names(name):
        modules = other_side.get(n, set())
        if modules and module not in modules:
            return next(iter(modules)) if len(modules) == 1 else None
        if module in modules:
            return None
    return None


def classify(module, name, member_line, origin):
    """The class of growth a type (or, with member_line, one member) of a module belongs to."""
    if name.startswith(SPI_PACKAGES) or name.startswith(SPI_TYPES):
        return "sign-in SPI (issue 55 items 1, 5)"
    if member_line and name in ("dev.gatehouse.core.Gatehouse", "dev.gatehouse.core.Gatehouse$Builder") \
            and SPI_MEMBERS.search(member_line):
        return "sign-in SPI (issue 55 items 1, 5)"
    if module in LATER_MODULES:
        return "modules of issues 60-62"
    if origin == ("auth-core", "module"):
        return "left auth-core for modules (item 2)"
    if origin == ("auth-jpa", "auth-core"):
        return "entity bases back in auth-core (item 3)"
    if origin:
        return f"moved {origin[0]} -> {origin[1]}"
    return "other: " + module


def growth(rev_before, rev_after):
    """Net change per class: what a class holds after, less what it held before.

    A type that moved between modules is matched by its simple name (home): a module's type after
    whose name auth-core declared before, public or not, left auth-core; a core type before whose
    name a module declares after is its other side. A changed signature is a removal and an
    addition in one class.
    """
    lines = {rev_before: baselines(rev_before), rev_after: baselines(rev_after)}
    sides = {}
    for rev in lines:
        names = collections.defaultdict(set)
        for module, ls in lines[rev].items():
            for line in ls:
                if line.strip():
                    for n in simple_names(type_name(line.partition(" :: ")[0])):
                        names[n].add(module)
        sides[rev] = names
    core_sources = subprocess.run(
        ["git", "-C", root, "grep", "-h", "-o", "-E",
         r"(class|interface|enum|record) [A-Z][A-Za-z0-9_]*", rev_before, "--",
         "auth-core/src/main/java"], capture_output=True, text=True).stdout
    for line in core_sources.splitlines():
        sides[rev_before][line.split()[-1]].add("auth-core")
    kinds = collections.defaultdict(lambda: [0, 0])
    for rev, other, sign in ((rev_before, rev_after, -1), (rev_after, rev_before, 1)):
        for module, ls in lines[rev].items():
            for line in ls:
                if not line.strip():
                    continue
                head, sep, _ = line.partition(" :: ")
                name = type_name(head)
                there = home(module, name, sides[other])
                origin = None
                if there:
                    frm, to = (module, there) if sign < 0 else (there, module)
                    origin = (frm, "module" if frm == "auth-core" else to)
                k = classify(module, name, line if sep else None, origin)
                kinds[k][1 if sep else 0] += sign
    return {k: v for k, v in kinds.items() if v != [0, 0]}


if not args:
    report(None)
elif args[0] == "--at":
    report(args[1])
else:
    rev_before = args[0]
    rev_after = args[1] if len(args) > 1 else None
    before = report(rev_before)
    print()
    after = report(rev_after)
    print()
    kinds = growth(rev_before, rev_after)
    table(f"growth from {rev_before} to {rev_after or 'the working tree'}, by class:",
          sorted(kinds.items(), key=lambda kv: -kv[1][1]))
    t = sum(v[0] for v in kinds.values())
    m = sum(v[1] for v in kinds.values())
    print(f"  {'net':44s} {t:6d} {m:8d}")
PY
