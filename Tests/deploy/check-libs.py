#!/usr/bin/env python3
"""Does the Dockerfile's runtime stage install every shared library the release binary loads?

- `ldd BINARY`: every library resolves ("not found" fails), and `dpkg -S` names the Debian
  package it comes from;
- the BLAS the binary dlopen()s (the candidate names in Sources/QuireEmbedding/BLASLibrary.swift,
  which ldd cannot see): the first one this machine resolves (`ldconfig -p`), as dlopen would,
  and everything it needs in turn (ldd on it);
- each of those packages must be in debian:bookworm-slim already (Essential or Priority
  required, and what they depend on) or be installed by the runtime stage's `apt-get install`
  line (a package listed there, or one apt pulls in for it through Depends);
- every package listed there provides a loaded library, or is on the short list of packages
  needed for other reasons (CA certificates for TLS to LLM providers): only what is needed.

A library outside any package (a Swift runtime library from the toolchain, say: build with
--static-swift-stdlib) fails the check.

Usage: check-libs.py BINARY [DOCKERFILE]     prints one line per check and "N passed, N failed"
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import REPO, Tally  # noqa: E402
BLAS_SOURCE = os.path.join(REPO, "Sources", "QuireEmbedding", "BLASLibrary.swift")
NOT_FOR_LIBRARIES = {"ca-certificates": "trust roots for TLS to LLM providers"}
check = Tally("libs")


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def runtime_packages(dockerfile):
    """Package names of the `apt-get install` in the last stage."""
    text = open(dockerfile, encoding="utf-8").read().replace("\\\n", " ")
    stages = re.split(r"(?m)^FROM\s", text)
    last = stages[-1]
    pkgs = []
    for line in last.splitlines():
        if not line.startswith("RUN"):
            continue
        for cmd in re.split(r"&&|;|\|\|", line[3:]):
            words = cmd.split()
            if len(words) >= 2 and words[0] in ("apt-get", "apt") and "install" in words:
                after = words[words.index("install") + 1:]
                pkgs += [w for w in after if not w.startswith("-")]
    return pkgs


_STATUS = {}


def installed():
    """{package: (depends, essential, priority)} of the installed packages, read once."""
    if not _STATUS:
        r = run("dpkg-query", "-W", "-f", "${Package}\t${Status}\t${Depends}, ${Pre-Depends}\t${Essential}\t${Priority}\n")
        for line in r.stdout.splitlines():
            f = line.split("\t")
            if len(f) == 5 and "install ok installed" in f[1]:
                _STATUS[f[0]] = (f[2], f[3], f[4])
    return _STATUS


def package_fields(pkg, apt=True):
    """Depends + Pre-Depends of an installed package (dpkg), else of the candidate (apt-cache)."""
    if pkg in installed():
        return installed()[pkg][0]
    if not apt:
        return ""
    r = run("apt-cache", "show", "--no-all-versions", pkg)
    deps = []
    for line in r.stdout.splitlines():
        if line.startswith(("Depends:", "Pre-Depends:")):
            deps.append(line.split(":", 1)[1])
    return ", ".join(deps)


def closure(pkgs, apt=True):
    """The packages plus what apt would pull in: Depends and Pre-Depends, first alternative
    (packages not installed here are looked up with apt-cache when apt is true)."""
    seen, todo = set(), list(pkgs)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        for dep in package_fields(p, apt).split(","):
            dep = dep.strip()
            if not dep:
                continue
            first = dep.split("|")[0].strip()
            name = re.split(r"[\s(]", first)[0].split(":")[0]
            if name and name not in seen:
                todo.append(name)
    return seen


def base_image_packages():
    """What debian:bookworm-slim (debootstrap minbase) holds: Essential, Priority required."""
    return closure([p for p, (_, ess, prio) in installed().items() if ess == "yes" or prio == "required"], apt=False)


_OWNERS = {}


def owners():
    """{file path: package} from dpkg's file lists, read once (dpkg -S per file is slow)."""
    if not _OWNERS:
        info = "/var/lib/dpkg/info"
        for fn in os.listdir(info):
            if not fn.endswith(".list"):
                continue
            pkg = fn[:-5].split(":")[0]
            with open(os.path.join(info, fn), encoding="utf-8", errors="replace") as f:
                for line in f:
                    line = line.rstrip("\n")
                    if "/lib" in line:
                        _OWNERS.setdefault(line, pkg)
    return _OWNERS


def owner(path):
    """Debian package of a file, following symlinks and the /lib -> /usr/lib merge (as dpkg -S)."""
    cands = [path, os.path.realpath(path)]
    for c in list(cands):
        cands.append(c[4:] if c.startswith("/usr/") else "/usr" + c)
    for c in cands:
        if c in owners():
            return owners()[c]
    for c in cands[:2]:  # fall back to dpkg -S itself
        r = run("dpkg", "-S", c)
        if r.returncode == 0 and r.stdout.strip() and not r.stdout.startswith("diversion"):
            return r.stdout.strip().splitlines()[0].split(":")[0].split(",")[0].strip()
    return None


def ldd(path):
    """(name, resolved path or None) for every library ldd lists."""
    r = run("ldd", path)
    out = []
    for line in r.stdout.splitlines():
        line = line.strip()
        m = re.match(r"(\S+) => not found", line)
        if m:
            out.append((m.group(1), None))
            continue
        m = re.match(r"(\S+) => (\S+) \(0x", line)
        if m:
            out.append((m.group(1), m.group(2)))
            continue
        m = re.match(r"(/\S+) \(0x", line)  # the dynamic loader
        if m:
            out.append((os.path.basename(m.group(1)), m.group(1)))
    return out, r


def dlopen_candidates():
    """Library names in the `candidates = [...]` lists of BLASLibrary.swift, in order."""
    src = open(BLAS_SOURCE, encoding="utf-8").read()
    names = []
    for block in re.findall(r"candidates = \[(.*?)\]", src, re.S):
        names += re.findall(r'"([^"]+)"', block)
    return [n for n in names if re.match(r"lib[^/]*\.so", n)]


def ldconfig_path(name):
    """Where the dynamic loader finds a library by name (the 64-bit entry first)."""
    found = []
    for line in run("ldconfig", "-p").stdout.splitlines():
        head, sep, path = line.strip().partition(" => ")
        if sep and head.split(" ")[0] == name:
            found.append((0 if "x86-64" in head or "64" in head else 1, path.strip()))
    return sorted(found)[0][1] if found else None


def main(binary, dockerfile):
    listed = runtime_packages(dockerfile)
    check("runtime stage installs packages", bool(listed), "no apt-get install in the last stage")
    base = base_image_packages()
    provided = closure(listed) | base
    check("base image packages known (libc6 among them)", "libc6" in base, sorted(base)[:10])

    libs, r = ldd(binary)
    check("ldd runs on the binary", r.returncode == 0 and libs, r.stderr.strip() or r.stdout.strip())
    swift_libs = [n for n, _ in libs if n.startswith("libswift") or "Foundation" in n or n.startswith("libdispatch")]
    check("no Swift runtime libraries (built with --static-swift-stdlib)", not swift_libs, swift_libs)

    needed = {}  # package -> libraries
    def account(what, name, path):
        if path is None:
            check(f"{what}: {name} resolves", False, "not found")
            return
        pkg = owner(path)
        ok = pkg is not None and pkg in provided
        how = "base image" if pkg in base else ("runtime apt-get" if pkg in listed else "pulled in by apt")
        check(f"{what}: {name} from {pkg or '?'} ({how if pkg else 'no package'})", ok,
              f"{path}: " + ("not from any Debian package" if pkg is None else f"{pkg} is not installed by the runtime stage"))
        if pkg:
            needed.setdefault(pkg, []).append(name)

    for name, path in libs:
        if name.startswith("linux-vdso"):
            continue
        account("ldd", name, path)

    cands = dlopen_candidates()
    check("dlopen'd BLAS candidates read from BLASLibrary.swift", bool(cands) and cands[0].startswith("libopenblas"), cands)
    chosen = next(((n, p) for n in cands for p in [ldconfig_path(n)] if p), None)
    check("a dlopen'd BLAS resolves here (ldconfig -p)", chosen is not None, f"none of {cands}")
    if chosen:
        name, path = chosen
        account("dlopen", name, path)
        dl_libs, r = ldd(path)
        for n, p in dl_libs:
            if n.startswith("linux-vdso"):
                continue
            account(f"dlopen {name} needs", n, p)

    for pkg in listed:
        reason = NOT_FOR_LIBRARIES.get(pkg)
        used = pkg in needed or any(p in needed for p in closure([pkg]) - base)
        check(f"runtime package {pkg} is needed", used or reason is not None,
              "provides no library the binary loads; remove it or say why in NOT_FOR_LIBRARIES")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "Dockerfile"))
    check.finish()
