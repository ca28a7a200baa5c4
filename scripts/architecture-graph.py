#!/usr/bin/env python3
"""The import graph of docs/architecture.md, generated from Package.swift.

Reads `swift package dump-package` JSON on stdin and
  --write   replaces the generated section of docs/architecture.md,
  --check   fails (exit 1) when that section is not what Package.swift says, or when a target
            declares a dependency its sources never import (an unused dependency).
"""
import json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "architecture.md")
BEGIN = "<!-- BEGIN GENERATED: import graph, by scripts/architecture-graph.sh from Package.swift; do not edit -->"
END = "<!-- END GENERATED: import graph -->"


TARGETS = set()


def dependency_names(target):
    """(name, "target" | "product") of each declared dependency (`byName` resolves to either)."""
    out = []
    for dep in target["dependencies"]:
        kind, value = next(iter(dep.items()))
        out.append((value[0], "target" if kind != "product" and value[0] in TARGETS else "product"))
    return out


def target_dir(target):
    if target.get("path"):
        return os.path.join(ROOT, target["path"])
    return os.path.join(ROOT, "Tests" if target["type"] == "test" else "Sources", target["name"])


def imports(target):
    found = set()
    pattern = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|public\s+|internal\s+|package\s+)?import\s+(?:struct\s+|class\s+|enum\s+|func\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)
    for base, _, files in os.walk(target_dir(target)):
        for f in files:
            if f.endswith(".swift"):
                with open(os.path.join(base, f), encoding="utf-8") as fh:
                    found.update(pattern.findall(fh.read()))
    return found


def render(package):
    targets = [t for t in package["targets"] if t["type"] in ("regular", "executable", "system")]
    names = {t["name"] for t in targets}
    lines = [BEGIN, "", "```mermaid", "flowchart TD"]
    for t in targets:
        shape = f'{t["name"]}[("{t["name"]}")]' if t["type"] == "system" else f'{t["name"]}[{t["name"]}]'
        lines.append(f"    {shape}")
    for t in targets:
        for name, kind in dependency_names(t):
            if kind == "target" and name in names:
                lines.append(f"    {t['name']} --> {name}")
    lines += ["```", "", "| Target | Kind | Depends on (targets) | External products |", "|---|---|---|---|"]
    for t in targets:
        deps = dependency_names(t)
        internal = ", ".join(n for n, k in deps if k == "target") or "—"
        external = ", ".join(n for n, k in deps if k == "product") or "—"
        lines.append(f"| {t['name']} | {t['type']} | {internal} | {external} |")
    lines += ["", END]
    return "\n".join(lines)


def unused_dependencies(package):
    problems = []
    for t in package["targets"]:
        if t["type"] == "system":
            continue
        used = imports(t)
        for name, kind in dependency_names(t):
            if name not in used:
                problems.append(f"{t['name']} declares a dependency on {name} ({kind}) but none of its files imports it: remove it from Package.swift")
    return problems


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "--check"
    package = json.load(sys.stdin)
    TARGETS.update(t["name"] for t in package["targets"])
    section = render(package)
    with open(DOC, encoding="utf-8") as fh:
        doc = fh.read()
    if BEGIN not in doc or END not in doc:
        sys.exit(f"{DOC}: the generated section markers are missing")
    start, end = doc.index(BEGIN), doc.index(END) + len(END)
    if mode == "--write":
        with open(DOC, "w", encoding="utf-8") as fh:
            fh.write(doc[:start] + section + doc[end:])
        print(f"wrote the import graph into {os.path.relpath(DOC, ROOT)}")
        return
    problems = []
    if doc[start:end] != section:
        problems.append("docs/architecture.md: the import graph is not what Package.swift says; run scripts/architecture-graph.sh --write and commit")
    problems += unused_dependencies(package)
    for p in problems:
        print("architecture: " + p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("architecture: docs/architecture.md matches Package.swift; every declared dependency is imported")


if __name__ == "__main__":
    main()
