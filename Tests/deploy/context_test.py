#!/usr/bin/env python3
"""The Docker build context, without Docker: does the build stage get every file it uses?

Copies what the build stage's COPY lines name, minus what .dockerignore leaves out of the
context, into a temp folder laid out as the stage's WORKDIR, then checks there:
- `swift package describe` loads the package (every target folder present: a missing Tests/
  folder stops SwiftPM even when only the `quire` product is built);
- the files each `deploy/image-root.sh` step reads exist (the script, fetch-model.sh,
  templates/page.mustache, quire.yml, content/, the entrypoint) by the time that RUN runs;
- nothing big slipped into the context (.build, models, dist, .cache).

Usage: context_test.py  (env DOCKERFILE: another Dockerfile, to see a broken one fail)   prints one line per check and "N passed, N failed"
"""
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import REPO, Tally  # noqa: E402
check = Tally("context")


def ignore_patterns():
    pats = []
    for line in open(os.path.join(REPO, ".dockerignore"), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            pats.append(line)
    return pats


def ignored(rel, pats):
    """Docker's rules, near enough: last match wins, `!` re-includes, `**` any depth; a pattern
    also matches every path under a matched folder."""
    out = False
    parts = rel.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for p in pats:
        neg = p.startswith("!")
        pat = p[1:] if neg else p
        pat = pat.strip("/")
        rx = re.escape(pat).replace(r"\*\*/", "(.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        if any(re.fullmatch(rx, pre) for pre in prefixes):
            out = not neg
    return out


def main():
    dockerfile = os.environ.get("DOCKERFILE") or os.path.join(REPO, "Dockerfile")
    text = open(dockerfile, encoding="utf-8").read().replace("\\\n", " ")
    build = re.split(r"(?m)^FROM\s", text)[1]  # the first stage
    pats = ignore_patterns()
    tmp = tempfile.mkdtemp(prefix="quire-context-")
    try:
        ctx = os.path.join(tmp, "src")
        os.makedirs(ctx)
        present_at_run = []  # (RUN line, files present then)
        for line in build.splitlines():
            m = re.match(r"COPY\s+(?!--from)(.+)", line)
            if m:
                *srcs, dest = m.group(1).split()
                for src in srcs:
                    s = os.path.join(REPO, src)
                    if not os.path.exists(s):
                        check(f"COPY {src} exists", False, "missing in the repository")
                        continue
                    d = dest[2:] if dest.startswith("./") else dest.lstrip("/")
                    d = "" if d in (".", "") else d
                    # A folder's contents go into dest; a file into dest/ (or becomes dest).
                    if os.path.isdir(s) or dest.endswith("/") or d == "":
                        target = os.path.join(ctx, d)
                    else:
                        target = os.path.join(ctx, d)
                    if os.path.isdir(s):
                        for root, dirs, files in os.walk(s):
                            for fn in files:
                                full = os.path.join(root, fn)
                                rel = os.path.relpath(full, REPO)
                                if ignored(rel, pats):
                                    continue
                                out = os.path.join(target, os.path.relpath(full, s))
                                os.makedirs(os.path.dirname(out), exist_ok=True)
                                shutil.copy2(full, out)
                    elif not ignored(src, pats):
                        if dest.endswith("/") or d == "":
                            target = os.path.join(ctx, d, os.path.basename(src))
                        os.makedirs(os.path.dirname(target), exist_ok=True)
                        shutil.copy2(s, target)
                    else:
                        check(f"COPY {src} is in the context", False, ".dockerignore leaves it out")
            m = re.match(r"RUN\s+(.*)", line)
            if m:
                files = set()
                for root, _, fns in os.walk(ctx):
                    for fn in fns:
                        files.add(os.path.relpath(os.path.join(root, fn), ctx))
                present_at_run.append((m.group(1), files))

        # SwiftPM accepts the package as copied.
        r = subprocess.run(["swift", "package", "describe", "--type", "json"], cwd=ctx, capture_output=True, text=True,
                           env=dict(os.environ, SWIFTPM_DISABLE_SANDBOX="1"))
        check("swift package describe loads the copied package", r.returncode == 0,
              (r.stderr or r.stdout).strip()[-500:])

        needs = {"binary": ["deploy/image-root.sh", "Package.swift"],
                 "model": ["scripts/fetch-model.sh"],
                 "assets": ["templates/page.mustache"],
                 "book": ["quire.yml", "templates/page.mustache"],
                 "files": ["deploy/docker/entrypoint.sh"]}
        for run, files in present_at_run:
            for step, wanted in needs.items():
                if re.search(rf"deploy/image-root\.sh {step} ", run):
                    missing = [w for w in wanted if w not in files]
                    check(f"RUN image-root.sh {step}: its inputs are copied before it", not missing, missing)
                    if step == "book":
                        check("RUN image-root.sh book: content/ copied", any(f.startswith("content/") and f.endswith(".md")
                                                                          for f in files), "no content/*.md")
        all_files = present_at_run[-1][1] if present_at_run else set()
        big = sorted({f.split("/")[0] for f in all_files if f.split("/")[0] in (".build", "models", "dist", ".cache", ".git")})
        check("no build folders, models, dist or .git in the context", not big, big)
        size = sum(os.path.getsize(os.path.join(ctx, f)) for f in all_files)
        check(f"context is small ({size // 1024} KiB copied)", size < 50 * 1024 * 1024, f"{size} bytes")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
    check.finish()
