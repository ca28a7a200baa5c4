#!/usr/bin/env python3
"""Fits the coverage decision (Sources/QuireAnswer/Answer/Coverage/CoverageModel.swift).

    quire eval --answers --index A.qidx --questions in.jsonl  --features fit-in.jsonl
    quire eval --answers --index A.qidx --questions out.jsonl --features fit-out.jsonl
    (the same for another book and its questions: check-*.jsonl)
    scripts/calibrate-coverage.py --fit fit-in.jsonl fit-out.jsonl --check check-in.jsonl check-out.jsonl

Fits an L2-regularised logistic regression on the --fit rows (label: the question has gold
sources) over the four features the model uses, with the two classes weighted equally, then
prints the weights as Swift and the share answered / flagged on the fit and the check rows.
The check rows are never used for fitting: they show whether the decision generalises.
"""
import argparse
import json
import sys

import numpy as np

FEATURES = ["chunk_cosine", "sentence_cosine", "lexical_share", "vocabulary_share"]


def load(paths):
    rows = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rows.append(json.loads(line))
    x = np.array([[r["features"][k] for k in FEATURES] for r in rows], dtype=float)
    y = np.array([1.0 if r["in_scope"] else 0.0 for r in rows])
    words = np.array([r["features"]["content_words"] for r in rows])
    return rows, x, y, words


def fit(x, y, l2, steps=20000, lr=0.5):
    w = np.zeros(x.shape[1])
    b = 0.0
    pos, neg = y.sum(), len(y) - y.sum()
    sw = np.where(y == 1, 0.5 / max(pos, 1), 0.5 / max(neg, 1))  # classes weigh the same
    for _ in range(steps):
        z = x @ w + b
        p = 1 / (1 + np.exp(-z))
        g = (p - y) * sw
        w -= lr * (x.T @ g + l2 * w)
        b -= lr * g.sum()
    return w, b


def report(name, rows, x, y, words, w, b, threshold):
    p = 1 / (1 + np.exp(-(x @ w + b)))
    covered = (p >= threshold) & (words > 0)
    ins, outs = y == 1, y == 0
    parts = [f"{name}:"]
    if ins.any():
        parts.append(f"answered {covered[ins].mean():.3f} ({int(covered[ins].sum())}/{int(ins.sum())})")
    if outs.any():
        parts.append(f"flagged {(~covered[outs]).mean():.3f} ({int((~covered[outs]).sum())}/{int(outs.sum())})")
    print("  ".join(parts))
    for r, c, pr in zip(rows, covered, p):
        if bool(c) != bool(r["in_scope"]):
            print(f"    wrong: {r['id']} in_scope={r['in_scope']} p={pr:.3f} {json.dumps(r['features'])}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit", nargs="+", required=True)
    ap.add_argument("--check", nargs="*", default=[])
    ap.add_argument("--l2", type=float, default=0.001)
    ap.add_argument("--threshold", type=float, default=0.5)
    a = ap.parse_args()
    rows, x, y, words = load(a.fit)
    w, b = fit(x, y, a.l2)
    print("CoverageModel(bias: %.2f, %s)" % (b, ", ".join(
        "%s: %.2f" % (n, v) for n, v in zip(["chunkCosine", "sentenceCosine", "lexicalShare", "vocabularyShare"], w))))
    report("fit", rows, x, y, words, w, b, a.threshold)
    if a.check:
        report("check", *load(a.check), w, b, a.threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
