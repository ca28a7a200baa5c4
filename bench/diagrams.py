#!/usr/bin/env python3
"""Time to first diagram (bench/diagrams.sh): headless Chromium, HTTP cache disabled, loopback.

usage: diagrams.py SITE RUNS
Serves SITE with the precompressed .gz files; loads its one doc page RUNS times in a fresh tab
each time and prints the medians: load event, first diagram drawn, all diagrams drawn (ms from
navigation start) and the renderer's transfer size.
"""
import functools, glob, http.server, json, os, statistics, sys, threading

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


class Gz(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path + ".gz"):
            f = open(path + ".gz", "rb")
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            return f
        return super().send_head()


# Installed before the page's scripts: timestamps of the first and last drawn diagram.
PROBE = r"""
window.__diagrams = { first: null, last: null, count: 0 };
new MutationObserver(function () {
  var n = document.querySelectorAll('div.mermaid[data-rendered] svg').length;
  if (n > window.__diagrams.count) {
    window.__diagrams.count = n;
    var t = performance.now();
    if (window.__diagrams.first === null) window.__diagrams.first = t;
    window.__diagrams.last = t;
  }
}).observe(document, { childList: true, subtree: true });
"""


def main():
    site, runs = sys.argv[1], int(sys.argv[2])
    page = glob.glob(os.path.join(site, "docs", "**", "index.html"), recursive=True)[0]
    url_path = "/" + os.path.relpath(os.path.dirname(page), site) + "/"
    with open(page) as f:
        expected = f.read().count('<pre class="mermaid">')
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Gz, directory=site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % httpd.server_address[1]

    opts = Options()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=opts)
    d.set_page_load_timeout(120)
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
    rows = []
    try:
        for i in range(runs + 1):  # the first run warms the server and Chromium, not counted
            d.get("about:blank")
            d.get(base + url_path)
            WebDriverWait(d, 120).until(lambda x: x.execute_script(
                "return document.documentElement.getAttribute('data-diagrams')") in ("drawn", "failed"))
            r = d.execute_script("""
                var nav = performance.getEntriesByType('navigation')[0];
                var m = performance.getEntriesByType('resource').filter(function (e) { return /\\/mermaid\\.[0-9a-f]+\\.js$/.test(e.name); })[0];
                return { load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd, first: window.__diagrams.first,
                         last: window.__diagrams.last, count: window.__diagrams.count,
                         state: document.documentElement.getAttribute('data-diagrams'),
                         failed: document.querySelectorAll('.mermaid-error').length,
                         transfer: m ? m.transferSize : null, fetchStart: m ? m.startTime : null, fetchEnd: m ? m.responseEnd : null };""")
            if i > 0:
                rows.append(r)
    finally:
        d.quit()
        httpd.shutdown()
    med = lambda k: statistics.median(r[k] for r in rows)
    print(json.dumps({"runs": runs, "diagrams": expected, "drawn": rows[-1]["count"], "not_parsed": rows[-1]["failed"], "state": rows[-1]["state"],
                      "dom_content_loaded_ms": round(med("dcl")), "load_ms": round(med("load")),
                      "renderer_fetch_start_ms": round(med("fetchStart")), "renderer_fetch_end_ms": round(med("fetchEnd")),
                      "first_diagram_ms": round(med("first")), "all_diagrams_ms": round(med("last")),
                      "first_diagram_ms_min_max": [round(min(r["first"] for r in rows)), round(max(r["first"] for r in rows))],
                      "renderer_transfer_bytes": rows[-1]["transfer"]}))


if __name__ == "__main__":
    main()
