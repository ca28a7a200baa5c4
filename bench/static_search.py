#!/usr/bin/env python3
"""Static search in the browser, measured (bench/static-search.sh runs it once per book).

  static_search.py SITE_DIR BASE_URL_PATH QUESTIONS.jsonl [--pagefind] [--label NAME] [--cold N]

SITE_DIR is a built site (quire build, and Pagefind's index in SITE_DIR/pagefind when
--pagefind) served by any static server at http://127.0.0.1:$PORT (env PORT); BASE_URL_PATH is
its baseUrl ("/"). Headless Chromium with the HTTP cache disabled. Prints one JSON object:
page-level recall@1/@5 and MRR@10 (also for the questions with one misspelled word), cold and
warm compressed bytes per query, p50/p99 query time, bundle bytes per chunk — for Quire's
bundle and, with --pagefind, for Pagefind on the same HTML.
"""
import argparse
import glob
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "browser-static"))
import static_eval as E  # noqa: E402


def norm(url):
    p = url.split("#")[0].split("?")[0]
    for suffix in ("index.html", ".html"):
        if p.endswith(suffix):
            p = p[: -len(suffix)]
    return p.rstrip("/")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("base")
    ap.add_argument("questions")
    ap.add_argument("--pagefind", action="store_true")
    ap.add_argument("--label", default="book")
    ap.add_argument("--cold", type=int, default=25, help="questions measured cold (a fresh page each)")
    ap.add_argument("--no-recall", action="store_true", help="bytes and time only (questions not about this book)")
    a = ap.parse_args()
    origin = "http://127.0.0.1:" + os.environ["PORT"]
    questions = E.load_questions(a.questions)
    pages_file = glob.glob(os.path.join(a.site, "search-bundle", "pages.*.json"))[0]
    pages = json.load(open(pages_file))["pages"]
    url_to_source = {norm(p[1]): p[0] for p in pages}
    manifest = json.load(open(os.path.join(a.site, "search-bundle", "manifest.json")))
    bundle = 0
    for f in glob.glob(os.path.join(a.site, "search-bundle", "*")):
        if not f.endswith(".gz"):
            bundle += os.path.getsize(f + ".gz") if os.path.exists(f + ".gz") else os.path.getsize(f)
    out = {"book": a.label, "pages": manifest["pages"], "chunks": manifest["chunks"], "questions": len(questions),
           "quire": {"bundle_bytes": bundle, "bytes_per_chunk": round(bundle / max(1, manifest["chunks"]))}}
    if a.pagefind:
        pf = 0
        for f in glob.glob(os.path.join(a.site, "pagefind", "**", "*"), recursive=True):
            if os.path.isfile(f) and not f.endswith(".gz"):
                pf += os.path.getsize(f + ".gz") if os.path.exists(f + ".gz") else os.path.getsize(f)
        out["pagefind"] = {"bundle_bytes": pf, "bytes_per_chunk": round(pf / max(1, manifest["chunks"]))}

    d = E.chromium(300, cache_disabled=True)
    start_page = origin + a.base

    def open_page():
        d.get(start_page)
        d.execute_script("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(100000);")

    def fetched_bytes(before):
        names = E.resources(d)
        return sum(E.compressed_size(a.site, n[len(origin):], a.base) for n in names[before:]), len(names)

    engines = ["quire"] + (["pagefind"] if a.pagefind else [])
    try:
        for engine in engines:
            res = out[engine]
            # Cold: a fresh page per question, the bytes its first query fetches.
            cold = []
            for q in questions[: a.cold]:
                open_page()
                r = E.run_query(d, q["question"], 10, engine, a.base)
                if "error" in r:
                    raise SystemExit(f"{engine}: {r['error']}")
                cold.append(fetched_bytes(0)[0])
            # Warm: one page, every question in turn (each query after the first).
            open_page()
            E.run_query(d, "robot", 10, engine, a.base)  # load what every query needs
            n_before = len(E.resources(d))
            times, warm, ranks = [], [], []
            for q in questions:
                r = E.run_query(d, q["question"], 10, engine, a.base)
                if "error" in r:
                    raise SystemExit(f"{engine}: {r['error']}")
                b, n_before = fetched_bytes(n_before)
                warm.append(b)
                times.append(r["ms"])
                if engine == "quire":
                    ranks.append(E.page_ranks(r["results"], set(q["sources"])))
                else:
                    ranks.append(E.page_ranks(r["results"], set(q["sources"]), key="url",
                                              url_to_source=lambda u: url_to_source.get(norm(u))))
            # A second pass: everything fetched already, pure query time.
            times2 = [E.run_query(d, q["question"], 10, engine, a.base)["ms"] for q in questions]
            res.update({
                "cold_kb_mean": round(sum(cold) / max(1, len(cold)) / 1024, 1), "cold_kb_max": round(max(cold or [0]) / 1024, 1),
                "warm_kb_mean": round(sum(warm) / max(1, len(warm)) / 1024, 1),
                "p50_ms": round(E.percentile(times, 50), 2), "p99_ms": round(E.percentile(times, 99), 2),
                "p50_ms_cached": round(E.percentile(times2, 50), 2), "p99_ms_cached": round(E.percentile(times2, 99), 2),
            })
            if not a.no_recall:
                res.update({k: round(v, 3) for k, v in E.metrics(ranks).items() if k != "questions"})
                typo_q = [(q, E.misspell(q["question"])) for q in questions]
                typo_q = [(q, t) for q, t in typo_q if t]
                typo_ranks = []
                for q, t in typo_q:
                    r = E.run_query(d, t, 10, engine, a.base)
                    if engine == "quire":
                        typo_ranks.append(E.page_ranks(r["results"], set(q["sources"])))
                    else:
                        typo_ranks.append(E.page_ranks(r["results"], set(q["sources"]), key="url",
                                                       url_to_source=lambda u: url_to_source.get(norm(u))))
                m = E.metrics(typo_ranks)
                res["misspelled_recall@5"] = round(m["recall@5"], 3)
                res["misspelled_mrr@10"] = round(m["mrr@10"], 3)
    finally:
        d.quit()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
