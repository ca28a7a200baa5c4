#!/usr/bin/env python3
"""Browser tests of mermaid diagrams: headless Chromium (Debian) driven by selenium.

Run by Tests/diagrams/run.sh, which builds Tests/diagrams/book and exports QUIRE_TEST_SITE
(the built site). This script serves it itself on loopback, the way `quire serve` and nginx
do for the assets that matter here: the precompressed `.gz` when the browser accepts gzip.
"""
import functools
import http.server
import json
import os
import re
import sys
import threading
import time
import unittest
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SITE = os.environ["QUIRE_TEST_SITE"]
WAIT = 90  # the machine may be busy; mermaid is 3.5 MB of JS to compile


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; `<file>.gz` with Content-Encoding: gzip when accepted (as quire serve does)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        gz = path + ".gz"
        if "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(gz):
            f = open(gz, "rb")
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.end_headers()
            return f
        return super().send_head()


def serve(root):
    handler = functools.partial(GzipHandler, directory=root)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, "http://127.0.0.1:%d" % httpd.server_address[1]


def make_driver():
    opts = Options()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=opts)
    d.set_page_load_timeout(WAIT)
    d.set_script_timeout(WAIT)
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return d


driver = None
httpd = None
BASE = ""


def setUpModule():
    global driver, httpd, BASE
    httpd, BASE = serve(SITE)
    driver = make_driver()


def tearDownModule():
    if driver:
        driver.quit()
    if httpd:
        httpd.shutdown()


def console_errors():
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def wait_drawn(round_min=1):
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return document.documentElement.getAttribute('data-diagrams')") in ("drawn", "failed"))
    return driver.execute_script("return document.documentElement.getAttribute('data-diagrams')")


def open_page(path, theme="light"):
    driver.get(BASE + "/")
    driver.execute_script("localStorage.setItem('quire-theme', arguments[0])", theme)
    driver.get_log("browser")  # drop earlier entries
    driver.get(BASE + path)


SVG_INFO = """
return Array.from(document.querySelectorAll('article div.mermaid[data-rendered] > svg')).map(function (s) {
  var r = s.getBoundingClientRect();
  var st = s.querySelector('style');
  return {id: s.id, w: r.width, h: r.height, role: s.getAttribute('aria-roledescription'),
          visible: getComputedStyle(s).display !== 'none' && getComputedStyle(s.parentNode).display !== 'none',
          style: st ? st.textContent : '', texts: Array.from(s.querySelectorAll('text, foreignObject')).map(function (t) { return t.textContent; }).join(' ')};
});
"""


class Diagrams(unittest.TestCase):
    def test_1_three_diagrams_both_themes_no_console_errors(self):
        for theme in ("light", "dark"):
            open_page("/docs/three-diagrams", theme)
            self.assertEqual(wait_drawn(), "drawn")
            svgs = driver.execute_script(SVG_INFO)
            self.assertEqual(len(svgs), 3, svgs)
            self.assertEqual([s["role"] for s in svgs], ["flowchart-v2", "sequence", "class"])
            for s in svgs:
                self.assertGreater(s["w"], 50)
                self.assertGreater(s["h"], 50)
            self.assertIn("Object detector", svgs[0]["texts"])
            self.assertIn("trajectory (50 points)", svgs[1]["texts"])
            self.assertIn("Sensor", svgs[2]["texts"])
            # mermaid's dark palette draws nodes on #1f2020; its default one on #ECECFF.
            dark = "#1f2020" in svgs[0]["style"]
            self.assertEqual(dark, theme == "dark", "%s theme drew the %s palette" % (theme, "dark" if dark else "light"))
            self.assertEqual(driver.find_elements(By.CSS_SELECTOR, "pre.mermaid, .mermaid-error"), [])
            self.assertEqual(console_errors(), [])

    def test_2_theme_switch_redraws(self):
        open_page("/docs/three-diagrams", "light")
        self.assertEqual(wait_drawn(), "drawn")
        before = driver.execute_script(SVG_INFO)
        self.assertNotIn("#1f2020", before[0]["style"])
        driver.execute_script("document.documentElement.removeAttribute('data-diagrams')")
        driver.find_element(By.CSS_SELECTOR, ".theme-toggle").click()
        self.assertEqual(driver.execute_script("return document.documentElement.getAttribute('data-theme')"), "dark")
        self.assertEqual(wait_drawn(), "drawn")
        after = driver.execute_script(SVG_INFO)
        self.assertEqual(len(after), 3)
        self.assertIn("#1f2020", after[0]["style"])
        self.assertNotEqual([s["id"] for s in before], [s["id"] for s in after], "diagrams were not drawn again")
        # And back.
        driver.execute_script("document.documentElement.removeAttribute('data-diagrams')")
        driver.find_element(By.CSS_SELECTOR, ".theme-toggle").click()
        self.assertEqual(wait_drawn(), "drawn")
        again = driver.execute_script(SVG_INFO)
        self.assertEqual(len(again), 3)
        self.assertNotIn("#1f2020", again[0]["style"])
        self.assertEqual(console_errors(), [])

    def test_3_renderer_loads_after_the_page(self):
        open_page("/docs/three-diagrams")
        wait_drawn()
        t = driver.execute_script("""
            var nav = performance.getEntriesByType('navigation')[0];
            var m = performance.getEntriesByType('resource').filter(function (e) { return /\\/mermaid\\.[0-9a-f]+\\.js$/.test(e.name); });
            return {load: nav.loadEventEnd, mermaid: m.map(function (e) { return e.startTime; }),
                    };""")
        self.assertEqual(len(t["mermaid"]), 1, t)
        self.assertGreaterEqual(t["mermaid"][0], t["load"], "mermaid was fetched before the page finished loading")
        # The page as served names only the small loader; the renderer is its data attribute.
        html = urllib.request.urlopen(BASE + "/docs/three-diagrams", timeout=30).read().decode()
        self.assertNotIn('<script src="/assets/vendor/mermaid.', html)
        self.assertRegex(html, r'<script src="/assets/mermaid-loader\.[0-9a-f]{10}\.js" data-mermaid="/assets/vendor/mermaid\.[0-9a-f]{10}\.js" defer>')

    def test_4_broken_diagram_shows_source_and_notice(self):
        open_page("/docs/broken")
        wait_drawn()
        svgs = driver.execute_script(SVG_INFO)
        self.assertEqual(len(svgs), 1, "the valid diagram on the same page still draws")
        errs = driver.find_elements(By.CSS_SELECTOR, "article .mermaid-error")
        self.assertEqual(len(errs), 1)
        notice = errs[0].find_element(By.CSS_SELECTOR, ".mermaid-notice").text
        self.assertTrue(notice.startswith("This diagram could not be drawn"), notice)
        self.assertLess(len(notice), 300)
        code = errs[0].find_element(By.CSS_SELECTOR, "pre > code").text
        self.assertEqual(code, "flowchart TD\n    Start --> Stop\n    Stop --> End[unclosed")
        paras = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "article p")]
        self.assertIn("Text after the broken diagram stays readable.", paras)
        # mermaid leaves no error drawing ("Syntax error in text") anywhere in the page.
        self.assertNotIn("Syntax error in text", driver.find_element(By.TAG_NAME, "body").text)

    def test_5_page_without_diagrams_does_not_fetch_the_renderer(self):
        open_page("/docs/plain")
        WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(1.5)  # anything lazy would have started by now
        names = driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        self.assertFalse([n for n in names if "mermaid" in n], names)
        html = driver.page_source
        self.assertNotIn("mermaid-loader", html)
        self.assertNotIn("/assets/vendor/mermaid.", html)
        self.assertEqual(console_errors(), [])

    def test_6_print_shows_diagrams(self):
        open_page("/docs/three-diagrams")
        self.assertEqual(wait_drawn(), "drawn")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            self.assertTrue(driver.execute_script("return matchMedia('print').matches"))
            self.assertEqual(driver.execute_script("return getComputedStyle(document.querySelector('.topbar')).display"), "none")
            svgs = driver.execute_script(SVG_INFO)
            self.assertEqual(len(svgs), 3)
            for s in svgs:
                self.assertTrue(s["visible"])
                self.assertGreater(s["w"], 50)
                self.assertGreater(s["h"], 50)
            pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
            self.assertGreater(len(pdf["data"]), 1000)
        finally:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if result.wasSuccessful() else 1)
