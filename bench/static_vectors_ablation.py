#!/usr/bin/env python3
"""Ablation for static word vectors (Model2Vec's method) on top of the static bundle's BM25:
lexical alone, static vectors alone, and the two fused with RRF (equal weights, and the
static ranking at half weight) — page-level recall@1/@5 and
MRR@10, as docs/benchmarks.md reports them. Prototype in Python (numpy) to decide whether the
browser bundle should carry vectors at all.

  static_vectors_ablation.py SITE_DIR QUESTIONS.jsonl QUIRE_BIN [--dims 128]

Distillation as Model2Vec publishes it, restricted to the book's words: embed every word of
the bundle's words file alone with the same MiniLM (`quire embed --json`), reduce with PCA,
weight by SIF (a / (a + p(word)), a = 1e-3, p from the book's word counts), a text's vector is
the weighted mean of its words' vectors. Chunk texts carry their title and heading path, as the
server embeds them.
"""
import argparse
import glob
import json
import math
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "browser-static"))
import static_eval as E  # noqa: E402

WORD = None


def words_of(text):
    import re
    global WORD
    if WORD is None:
        WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.U)
    return [w.lower().replace("\u2019", "'") for w in WORD.findall(text)]


def varint(b, i):
    v, shift = 0, 0
    while True:
        x = b[i]; i += 1
        v |= (x & 0x7F) << shift; shift += 7
        if not x & 0x80:
            return v, i


def load_bundle(site):
    root = os.path.join(site, "search-bundle")
    m = json.load(open(os.path.join(root, "manifest.json")))
    pages = json.load(open(os.path.join(root, m["pages_file"])))
    post = {}
    for _, f in m["postings"]:
        b = open(os.path.join(root, f), "rb").read()
        i = 0
        while i < len(b):
            n, i = varint(b, i); term = b[i:i + n].decode(); i += n
            df, i = varint(b, i)
            docs, ws, d = [], [], 0
            for _ in range(df):
                x, i = varint(b, i); d += x; docs.append(d); ws.append(b[i]); i += 1
            post[term] = (np.array(docs), np.array(ws, dtype=np.float32))
    sections = []
    for _, f in m["texts"]:
        sections += json.load(open(os.path.join(root, f)))
    words = {}
    for line in open(os.path.join(root, m["words"]), encoding="utf-8"):
        w, spec, c = line.rstrip("\n").split("\t")
        t = w if spec == "" else (w[:int(spec)] if spec.isdigit() else spec)
        words[w] = (t, int(c))
    # chunk → (page, headings, text)
    chunks, s = [], 0
    for p, count in enumerate(pages["page_sections"]):
        for _ in range(count):
            anchor, heads, texts = sections[s]
            for t in texts:
                chunks.append((p, heads, t))
            s += 1
    return m, pages["pages"], post, words, chunks


def embed(quire, texts, batch=400):
    out = []
    for i in range(0, len(texts), batch):
        r = subprocess.run([quire, "embed", "--json", *texts[i:i + batch]], capture_output=True, text=True, check=True)
        out += [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    return np.array(out, dtype=np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site"); ap.add_argument("questions"); ap.add_argument("quire")
    ap.add_argument("--dims", type=int, default=128)
    a = ap.parse_args()
    m, pages, post, words, chunks = load_bundle(a.site)
    N = len(chunks)
    k1, levels = m["bm25"]["k1"], m["bm25"]["weight_levels"]
    vocab = sorted(words)
    cache = os.path.join(a.site, "..", os.path.basename(a.site.rstrip("/")) + "-wordvecs.npy")
    if os.path.exists(cache):
        V = np.load(cache)
    else:
        V = embed(a.quire, vocab)
        np.save(cache, V)
    # PCA
    mu = V.mean(axis=0)
    U, S, Vt = np.linalg.svd(V - mu, full_matrices=False)
    P = (V - mu) @ Vt[: a.dims].T
    counts = np.array([words[w][1] for w in vocab], dtype=np.float64)
    prob = counts / counts.sum()
    sif = 1e-3 / (1e-3 + prob)
    index = {w: i for i, w in enumerate(vocab)}

    def vec(text):
        ids = [index[w] for w in words_of(text) if w in index]
        if not ids:
            return None
        v = (P[ids] * sif[ids, None]).sum(axis=0) / sif[ids].sum()
        n = np.linalg.norm(v)
        return v / n if n > 0 else None

    C = np.zeros((N, a.dims), dtype=np.float32)
    for i, (p, heads, text) in enumerate(chunks):
        v = vec(" ".join([pages[p][2]] + heads) + "\n" + text)
        if v is not None:
            C[i] = v

    def analyze(q):
        # The bundle's own term mapping for the book's words (exact lexical lookup only).
        return [words[w][0] for w in words_of(q) if w in words]

    def bm25(q):
        sc = np.zeros(N, dtype=np.float32)
        for t in set(analyze(q)):
            if t in post:
                docs, ws = post[t]
                df = len(docs)
                sc[docs] += math.log(1 + (N - df + 0.5) / (df + 0.5)) * ws / levels * (k1 + 1)
        return sc

    def ranking(sc, depth=100):
        order = np.argsort(-sc, kind="stable")[:depth]
        return [int(i) for i in order if sc[i] > 0]

    def pages_of(order):
        return [{"source": pages[chunks[i][0]][0]} for i in order]

    qs = E.load_questions(a.questions)
    res = {"lexical": [], "static": [], "fused": [], "fused_static_half": []}
    for q in qs:
        lex = ranking(bm25(q["question"]))
        v = vec(q["question"])
        dense = ranking(C @ v + 1.0) if v is not None else []
        def rrf_of(wd):
            rrf = {}
            for order, w in ((lex, 1.0), (dense, wd)):
                for r, i in enumerate(order):
                    rrf[i] = rrf.get(i, 0) + w / (60 + r + 1)
            return sorted(rrf, key=lambda i: (-rrf[i], i))
        fused = rrf_of(1.0)
        res["fused_static_half"].append(E.page_ranks(pages_of(rrf_of(0.5)), set(q["sources"])))
        want = set(q["sources"])
        res["lexical"].append(E.page_ranks(pages_of(lex), want))
        res["static"].append(E.page_ranks(pages_of(dense), want))
        res["fused"].append(E.page_ranks(pages_of(fused), want))
    out = {k: {m_: round(v_, 3) for m_, v_ in E.metrics(v).items()} for k, v in res.items()}
    out["vocabulary"] = len(vocab)
    out["dims"] = a.dims
    out["bytes_int8_vectors"] = len(vocab) * a.dims + N * a.dims
    print(json.dumps(out))


if __name__ == "__main__":
    main()
