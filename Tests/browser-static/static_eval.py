"""Shared by Tests/browser-static/test_static.py and bench/static-search.sh: headless Chromium,
questions through window.quire.search (or Pagefind's API) in the page, page-level metrics,
deterministic misspellings, and bytes fetched per query."""
import json
import os
import re

STOP = set("""i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those am is are was were be
been being have has had having do does did doing would should could ought a an the and but if or because as until while
of at by for with about against between into through during before after above below to from up down in out on off over
under again further then once here there when where why how all any both each few more most other some such no nor not
only own same so than too very can will just also""".split())


def chromium(wait=120, cache_disabled=False):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    o = Options()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
              "--lang=en-US", "--no-first-run", "--disable-extensions"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=o)
    d.set_page_load_timeout(wait)
    d.set_script_timeout(wait)
    if cache_disabled:
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return d


def load_questions(path):
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                q = json.loads(line)
                q["sources"] = q.get("sources") or [q["source"]]
                out.append(q)
    return out


def misspell(question):
    """The question with one typo in its longest content word (5+ letters): two inner letters
    swapped, or for some words one letter dropped. Deterministic. None when no word fits."""
    words = list(re.finditer(r"[A-Za-z]+", question))
    cands = [m for m in words if len(m.group()) >= 5 and m.group().lower() not in STOP]
    if not cands:
        return None
    m = max(cands, key=lambda m: (len(m.group()), -m.start()))
    w = m.group()
    i = len(w) // 2
    if sum(map(ord, w)) % 3 == 0:
        typo = w[:i] + w[i + 1:]                      # dropped letter
    else:
        typo = w[:i - 1] + w[i] + w[i - 1] + w[i + 1:]  # swapped neighbours
        if typo == w:
            typo = w[:i] + w[i + 1:]
    return question[:m.start()] + typo + question[m.end():]


SEARCH_JS = """
var q = arguments[0], k = arguments[1], done = arguments[arguments.length - 1];
var t0 = performance.now();
window.quire.search(q, {k: k}).then(function (r) {
  done({ms: performance.now() - t0, mode: r.mode, results: r.results});
}, function (e) { done({error: String(e && (e.message || e.status) || e)}); });
"""

PAGEFIND_JS = """
var q = arguments[0], k = arguments[1], root = arguments[2], done = arguments[arguments.length - 1];
var t0 = performance.now();
(window.__pf || (window.__pf = import(root + "pagefind/pagefind.js").then(function (pf) { return pf.init ? Promise.resolve(pf.init()).then(function () { return pf; }) : pf; })))
  .then(function (pf) { return pf.search(q); })
  .then(function (s) { return Promise.all(s.results.slice(0, k).map(function (r) { return r.data(); })); })
  .then(function (rows) { done({ms: performance.now() - t0, results: rows.map(function (d) { return {url: d.url}; })}); },
        function (e) { done({error: String(e && e.message || e)}); });
"""


def run_query(d, q, k=10, engine="quire", root="/"):
    if engine == "pagefind":
        return d.execute_async_script(PAGEFIND_JS, q, k, root)
    return d.execute_async_script(SEARCH_JS, q, k)


def page_ranks(results, wanted, key="source", url_to_source=None):
    """Rank (1-based) of the first wanted page among distinct pages, or None."""
    seen = []
    for r in results:
        s = r.get(key) if key == "source" else url_to_source(r["url"])
        if s and s not in seen:
            seen.append(s)
    for i, s in enumerate(seen[:10]):
        if s in wanted:
            return i + 1
    return None


def metrics(ranks):
    n = max(1, len(ranks))
    return {
        "recall@1": sum(1 for r in ranks if r and r <= 1) / n,
        "recall@5": sum(1 for r in ranks if r and r <= 5) / n,
        "mrr@10": sum(1.0 / r for r in ranks if r and r <= 10) / n,
        "questions": len(ranks),
    }


def percentile(xs, p):
    xs = sorted(xs)
    if not xs:
        return 0.0
    i = min(len(xs) - 1, max(0, int(round(p / 100.0 * (len(xs) - 1)))))
    return xs[i]


def resources(d):
    return d.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")


def compressed_size(site_root, url_path, base):
    """Bytes a server sending the precompressed files transfers for a site path: the .gz
    beside the file when there is one (Pagefind's files are compressed already)."""
    p = url_path.split("?")[0].split("#")[0]
    if p.startswith(base):
        p = p[len(base):]
    f = os.path.join(site_root, p.lstrip("/"))
    if os.path.isfile(f + ".gz"):
        return os.path.getsize(f + ".gz")
    if os.path.isfile(f):
        return os.path.getsize(f)
    return 0
