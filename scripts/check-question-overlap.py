#!/usr/bin/env python3
"""Checks that eval questions are phrased in the asker's own words, not copied from the book.

    scripts/check-question-overlap.py [--content content/docs] [--n 3] FILE.jsonl...

For every question with `sources`, fails (exit 1) when any sequence of N consecutive words
(default 3) of the question also occurs in one of its source pages. Words are lowercased runs
of letters and digits ("base_link" is "base link", "doesn't" is "doesn t"). Questions without
`sources` (out-of-scope sets) are checked against nothing and only counted.
"""
import argparse
import json
import re
import sys
from pathlib import Path

WORD = re.compile(r"[a-z0-9]+")


def words(text):
    return WORD.findall(text.lower().replace("\u2019", "'"))


def ngrams(ws, n):
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--content", default="content/docs")
    ap.add_argument("--n", type=int, default=3)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    root = Path(a.content)
    page_grams = {}
    bad = 0
    checked = 0
    for name in a.files:
        for lineno, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("//"):
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{name}:{lineno}: not JSON: {e}", file=sys.stderr)
                return 2
            sources = list(q.get("sources") or []) + ([q["source"]] if "source" in q else [])
            if not sources:
                continue
            checked += 1
            qg = ngrams(words(q["question"]), a.n)
            for s in sources:
                path = root / s
                if not path.is_file():
                    print(f"{name}:{lineno}: source {s} not found under {root}", file=sys.stderr)
                    return 2
                if s not in page_grams:
                    page_grams[s] = ngrams(words(path.read_text(encoding="utf-8")), a.n)
                shared = sorted(qg & page_grams[s])
                if shared:
                    bad += 1
                    print(f"{name}:{lineno}: {q.get('id', '')} shares {len(shared)} {a.n}-word sequence(s) with {s}: "
                          + "; ".join(" ".join(g) for g in shared))
    print(f"{checked} questions checked, {bad} copied a {a.n}-word sequence from their page", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
