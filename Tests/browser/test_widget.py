#!/usr/bin/env python3
"""Browser tests of the reader widget: headless Chromium (Debian) driven by selenium.

Run by Tests/browser/run.sh, which builds the fixture book, starts `quire serve` (no LLM, so
answers are extractive and streamed) and a static copy of the site whose API is that server,
and exports:
  QUIRE_TEST_URL         the quire server (site + API, same origin)
  QUIRE_TEST_STATIC_URL  the static copy (API cross-origin, from quire.yml's chatEndpoint)
  QUIRE_TEST_DATA        the server's --data-dir (feedback.jsonl)
  QUIRE_TEST_SITE        the built site (asset sizes)
  QUIRE_SERVER_PID       stopped by the last test (offline state)
Tests run in name order; the offline test is last because it stops the server.
"""
import glob
import gzip
import json
import os
import signal
import socket
import sys
import time
import unittest
import urllib.request
from urllib.parse import quote_plus, urlsplit

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["QUIRE_TEST_URL"].rstrip("/")
STATIC = os.environ["QUIRE_TEST_STATIC_URL"].rstrip("/")
DATA = os.environ["QUIRE_TEST_DATA"]
SITE = os.environ["QUIRE_TEST_SITE"]
SERVER_PID = int(os.environ["QUIRE_SERVER_PID"])
SHOTS = os.environ.get("QUIRE_SCREENSHOTS", "")
WAIT = 60  # generous: the machine may be busy

# Installed in every document before its scripts run: records the widget's API calls (the
# request bodies the server receives) and lets a test stub a response (window.__quireStub).
RECORDER = r"""
(function () {
  var real = window.fetch;
  window.__quire = { asks: [], searches: [], feedback: [] };
  window.fetch = function (u, o) {
    var url = String(u), rec = { url: url };
    if (o && o.body) { try { rec.body = JSON.parse(o.body); } catch (e) { rec.body = String(o.body); } }
    if (url.indexOf("/api/ask") >= 0) window.__quire.asks.push(rec);
    else if (url.indexOf("/api/search") >= 0) window.__quire.searches.push(rec);
    else if (url.indexOf("/api/feedback") >= 0) window.__quire.feedback.push(rec);
    var stub = window.__quireStub && window.__quireStub(url, o || {});
    var p = stub || real.apply(this, arguments);
    return p.then(function (r) { rec.status = r.status; rec.type = r.headers.get("Content-Type"); return r; });
  };
})();
"""

# A stub for /api/ask whose SSE body the test feeds with window.__push(event, data) and ends
# with window.__end(); aborting the request errors the stream as a real fetch would.
STREAM_STUB = r"""
window.__quireStub = function (url, o) {
  if (url.indexOf("/api/ask") < 0) return null;
  var ctl, enc = new TextEncoder();
  var body = new ReadableStream({ start: function (c) { ctl = c; } });
  window.__push = function (ev, data) { ctl.enqueue(enc.encode("event: " + ev + "\ndata: " + JSON.stringify(data) + "\n\n")); };
  window.__end = function () { ctl.close(); };
  if (o.signal) o.signal.addEventListener("abort", function () { try { ctl.error(new DOMException("aborted", "AbortError")); } catch (e) {} });
  return Promise.resolve(new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } }));
};
"""

driver = None


def rel(url):
    """Path and fragment of a URL."""
    u = urlsplit(url)
    return u.path + ("#" + u.fragment if u.fragment else "")


def setUpModule():
    global driver
    o = Options()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
              "--lang=en-US", "--no-first-run", "--disable-extensions", "--force-color-profile=srgb"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=o)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})


def tearDownModule():
    if driver:
        driver.quit()


def server_json(path, body=None):
    req = urllib.request.Request(BASE + path, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=WAIT) as r:
        return json.loads(r.read())


class WidgetTest(unittest.TestCase):
    allow_network_errors = False

    # ---- helpers ------------------------------------------------------------------------------
    @property
    def d(self):
        return driver

    def setUp(self):
        self.d.get_log("browser")  # drop what earlier tests left
        self.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def tearDown(self):
        logs = self.d.get_log("browser")
        errors = [e for e in logs if e["level"] == "SEVERE"
                  and not (self.allow_network_errors and e.get("source") == "network")]
        self.assertEqual(errors, [], "the browser console has errors")

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def wait(self, cond, msg, timeout=WAIT):
        return WebDriverWait(self.d, timeout, poll_frequency=0.1).until(lambda d: cond(), msg)

    def open(self, path, base=BASE):
        self.d.get(base + path)
        self.wait(lambda: self.js("return document.readyState === 'complete' && !!window.QuireWidget"), "page and widget loaded")
        self.js("try { localStorage.removeItem('quire-theme'); } catch (e) {}"
                "document.documentElement.setAttribute('data-theme', 'light');")

    def path(self):
        return rel(self.d.current_url)

    def keys(self, *keys, ctrl=False):
        a = ActionChains(self.d)
        if ctrl:
            a.key_down(Keys.CONTROL)
        for k in keys:
            a.send_keys(k)
        if ctrl:
            a.key_up(Keys.CONTROL)
        a.perform()

    def modal_open(self):
        return self.js("var m = document.querySelector('.qw-modal'); return !!m && !m.hidden;")

    def active_id(self):
        return self.js("return document.activeElement && document.activeElement.id")

    def open_search(self, query=None):
        self.keys("k", ctrl=True)
        self.wait(self.modal_open, "Ctrl+K opens the search modal")
        self.wait(lambda: self.active_id() == "qw-search-input", "focus in the search box")
        if query is not None:
            box = self.d.find_element(By.ID, "qw-search-input")
            box.send_keys(query)
            # the latest request is for the whole query and its answer is shown
            self.wait(lambda: self.js("return window.__quire.searches.length") > 0
                      and query in self.js("return decodeURIComponent(window.__quire.searches.slice(-1)[0].url)")
                      and not self.js("return document.querySelector('.qw-modal').classList.contains('qw-loading')")
                      and self.js("return document.querySelectorAll('.qw-modal .qw-result').length") > 0,
                      "results for " + query)

    def open_chat(self):
        if not self.js("var p = document.getElementById('qw-chat'); return !!p && !p.hidden"):
            self.d.find_element(By.CSS_SELECTOR, ".qw-chat-button").click()
        self.wait(lambda: self.active_id() == "qw-question", "the chat opens with focus in the question box")

    def ask(self, question, stream_done=True):
        n = self.js("return document.querySelectorAll('.qw-bot').length")
        self.open_chat()
        self.d.find_element(By.ID, "qw-question").send_keys(question + Keys.ENTER)
        self.wait(lambda: self.js("return document.querySelectorAll('.qw-bot').length") == n + 1, "the answer appears")
        answer = self.d.find_elements(By.CSS_SELECTOR, ".qw-bot")[-1]
        if stream_done:
            self.wait(lambda: answer.get_attribute("aria-busy") == "false", "the answer finishes")
        return answer

    def shot(self, name):
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            self.d.save_screenshot(os.path.join(SHOTS, name + ".png"))

    def test_00_every_page_loads_without_console_errors(self):
        sitemap = urllib.request.urlopen(BASE + "/sitemap.xml", timeout=WAIT).read().decode()
        paths = [urlsplit(loc.split("</loc>")[0]).path for loc in sitemap.split("<loc>")[1:]] + ["/search?q=robot"]
        self.assertGreaterEqual(len(paths), 6)
        for path in paths:
            self.open(path)
            self.assertTrue(self.d.find_elements(By.CSS_SELECTOR, ".qw-chat-button"), f"{path}: the chat button is there")
            errors = [e for e in self.d.get_log("browser") if e["level"] == "SEVERE"]
            self.assertEqual(errors, [], f"{path}: console errors")

    # ---- search ---------------------------------------------------------------------------------
    def test_01_shortcuts_open_search_and_focus_returns(self):
        self.open("/docs/intro")
        self.js("document.querySelector('.theme-toggle').focus()")
        self.open_search()
        box = self.d.find_element(By.CSS_SELECTOR, ".qw-modal-box")
        self.assertEqual(box.get_attribute("role"), "dialog")
        self.assertEqual(box.get_attribute("aria-modal"), "true")
        self.assertTrue(box.get_attribute("aria-labelledby"))
        self.keys(Keys.ESCAPE)
        self.wait(lambda: not self.modal_open(), "Esc closes the modal")
        self.assertTrue(self.js("return document.activeElement.classList.contains('theme-toggle')"), "focus returns to where it was")
        self.keys("/")
        self.wait(self.modal_open, "/ opens the search modal")
        self.keys(Keys.ESCAPE)
        self.wait(lambda: not self.modal_open(), "Esc closes the modal")
        self.d.find_element(By.ID, "quire-search").click()
        self.wait(self.modal_open, "the search button opens the modal")
        self.assertEqual(self.active_id(), "qw-search-input")
        self.d.find_element(By.CSS_SELECTOR, ".qw-modal .qw-close").click()
        self.wait(lambda: not self.modal_open(), "the close button closes the modal")
        self.assertEqual(self.js("return document.activeElement.id"), "quire-search")

    def test_02_typing_shows_grouped_highlighted_results_enter_lands_on_anchor(self):
        self.open("/docs/intro")
        self.open_search("jacobian matrix")
        groups = self.js("return Array.from(document.querySelectorAll('.qw-modal .qw-group-title')).map(e => e.textContent)")
        self.assertEqual(groups[0], "Inverse Kinematics")
        self.assertEqual(len(groups), len(set(groups)), "one group per page")
        first = self.d.find_element(By.CSS_SELECTOR, ".qw-modal .qw-result")
        self.assertEqual(first.get_attribute("aria-selected"), "true")
        self.assertTrue(first.get_attribute("href").endswith("/docs/kinematics/inverse#the-jacobian"))
        self.assertIn("Inverse Kinematics › The Jacobian", first.text)
        marks = self.js("return Array.from(document.querySelectorAll('.qw-modal mark')).map(e => e.textContent.toLowerCase())")
        self.assertIn("jacobian", marks)
        self.assertIn("matrix", marks)
        box = self.d.find_element(By.ID, "qw-search-input")
        box.send_keys(Keys.ARROW_DOWN)
        options = self.d.find_elements(By.CSS_SELECTOR, ".qw-modal .qw-result")
        self.assertGreater(len(options), 1)
        self.assertEqual(options[1].get_attribute("aria-selected"), "true")
        self.assertEqual(box.get_attribute("aria-activedescendant"), options[1].get_attribute("id"))
        box.send_keys(Keys.ARROW_UP)
        self.assertEqual(options[0].get_attribute("aria-selected"), "true")
        # Tab stays inside the dialog.
        for _ in range(6):
            self.keys(Keys.TAB)
            self.assertTrue(self.js("return document.querySelector('.qw-modal-box').contains(document.activeElement)"), "focus trapped")
        for _ in range(3):
            self.keys(Keys.SHIFT + Keys.TAB)
            self.assertTrue(self.js("return document.querySelector('.qw-modal-box').contains(document.activeElement)"), "focus trapped")
        self.js("document.getElementById('qw-search-input').focus()")
        self.shot("search-modal")
        self.keys(Keys.ENTER)
        self.wait(lambda: self.path() == "/docs/kinematics/inverse#the-jacobian", "Enter lands on the section")
        self.wait(lambda: self.js("return document.readyState") == "complete", "page loaded")
        top = self.js("return document.getElementById('the-jacobian').getBoundingClientRect().top")
        self.assertLess(top, 200, "the section is scrolled into view")

    def test_03_click_lands_on_anchor(self):
        self.open("/docs/intro")
        self.open_search("time of flight")
        link = self.d.find_element(By.CSS_SELECTOR, '.qw-modal .qw-result[href$="#time-of-flight"]')
        link.click()
        self.wait(lambda: self.path() == "/docs/sensors/lidar#time-of-flight", "a click lands on the section")
        self.wait(lambda: not self.js("return document.querySelector('.qw-modal') && !document.querySelector('.qw-modal').hidden"), "modal gone")

    def test_04_stale_responses_are_dropped(self):
        self.open("/docs/intro")
        self.js(r"""
          window.__quireStub = function (url) {
            if (url.indexOf('/api/search') < 0) return null;
            var q = new URL(url, location.href).searchParams.get('q');
            var body = JSON.stringify({query: q, took_ms: 1, results: [{rank: 1, score: 1, source: 'intro.md',
              url: '/docs/intro#notation', title: 'Answer to ' + q, headings: ['Notation'], text: 'text for ' + q}]});
            return new Promise(function (ok) { setTimeout(function () {
              ok(new Response(body, {status: 200, headers: {'Content-Type': 'application/json'}})); }, q === 'slow' ? 2500 : 10); });
          };""")
        self.open_search()
        box = self.d.find_element(By.ID, "qw-search-input")
        box.send_keys("slow")
        self.wait(lambda: self.js("return window.__quire.searches.some(s => s.url.indexOf('q=slow&') >= 0)"), "the slow query is sent")
        box.send_keys("er")
        self.wait(lambda: self.js("return window.__quire.searches.some(s => s.url.indexOf('q=slower&') >= 0)"), "the newer query is sent")
        title = lambda: self.js("var t = document.querySelector('.qw-modal .qw-group-title'); return t && t.textContent")
        self.wait(lambda: title() == "Answer to slower", "the newer results show")
        time.sleep(3)  # the slow answer arrives meanwhile and must be dropped
        self.assertEqual(title(), "Answer to slower")
        self.js("window.__quireStub = null")

    def test_05_search_page(self):
        html = urllib.request.urlopen(BASE + "/search", timeout=WAIT).read().decode()
        self.assertIn("<noscript>", html)
        self.assertIn('name="q"', html)
        self.open("/search?q=lidar")
        self.wait(lambda: self.js("return document.querySelectorAll('#quire-search-results .qw-result').length") > 0, "results")
        self.assertEqual(self.d.find_element(By.CSS_SELECTOR, "#quire-search-page input[name=q]").get_attribute("value"), "lidar")
        first = self.d.find_element(By.CSS_SELECTOR, "#quire-search-results .qw-group-title")
        self.assertEqual(first.text, "LIDAR")
        self.assertIn("result", self.d.find_element(By.ID, "quire-search-status").text)
        self.assertTrue(self.d.find_element(By.ID, "quire-search").get_attribute("href").endswith("/search"))

    # ---- chat -------------------------------------------------------------------------------------
    def test_06_answer_streams_with_citations_to_the_right_pages(self):
        q = "What does the Jacobian relate?"
        self.open("/docs/intro")
        answer = self.ask(q)
        expected = {str(c["n"]): c for c in server_json("/api/ask", {"question": q, "stream": False})["citations"]}
        rec = self.js("return window.__quire.asks.slice(-1)[0]")
        self.assertEqual(rec["status"], 200)
        self.assertIn("text/event-stream", rec["type"])
        self.assertEqual(rec["body"]["question"], q)
        self.assertTrue(rec["body"]["stream"])
        self.assertGreaterEqual(int(answer.get_attribute("data-deltas")), 2, "the answer came as several deltas")
        self.assertIn("Jacobian matrix relates joint velocities", answer.text)
        self.assertTrue(answer.find_elements(By.CSS_SELECTOR, ".qw-note"), "the extracted note shows")
        self.assertIn("no language model", answer.find_element(By.CSS_SELECTOR, ".qw-note").text)
        cites = answer.find_elements(By.CSS_SELECTOR, ".qw-answer-body a.qw-cite")
        self.assertTrue(cites, "citations are links")
        for a in cites:
            n = a.text.strip("[]")
            self.assertEqual(rel(a.get_attribute("href")), expected[n]["url"], f"citation [{n}]")
        sources = [li.text for li in answer.find_elements(By.CSS_SELECTOR, ".qw-sources li")]
        self.assertTrue(any("Inverse Kinematics" in s and "› The Jacobian" in s for s in sources), sources)
        self.assertEqual(len(sources), len({a.text for a in cites}), "the sources list shows the cited sections")
        self.assertTrue(answer.find_elements(By.CSS_SELECTOR, ".qw-feedback button[aria-label='Helpful answer']"))
        self.shot("answer")
        first = cites[0]
        target = expected[first.text.strip("[]")]["url"]
        first.click()
        self.wait(lambda: self.path() == target, "the citation leads to the cited section")

    def test_07_follow_up_carries_the_conversation(self):
        self.open("/docs/intro")
        q1, q2 = "What does the Jacobian relate?", "How does damped least squares help near singularities?"
        a1 = self.ask(q1)
        a2 = self.ask(q2)
        rec = self.js("return window.__quire.asks.slice(-1)[0]")
        self.assertEqual(rec["status"], 200)
        history = rec["body"]["history"]
        self.assertEqual([h["role"] for h in history], ["user", "assistant"])
        self.assertEqual(history[0]["content"], q1)
        self.assertIn("Jacobian matrix relates", history[1]["content"])
        self.assertEqual(self.js("return window.__quire.asks.slice(-2)[0].body.history"), [])
        self.assertIn("damp", a2.text.lower())
        self.assertEqual(len(self.d.find_elements(By.CSS_SELECTOR, ".qw-user")), 2)
        self.assertNotEqual(a1.get_attribute("data-answer-id"), a2.get_attribute("data-answer-id"))
        # "New conversation" forgets the history.
        self.d.find_element(By.CSS_SELECTOR, "#qw-chat button[aria-label='New conversation']").click()
        self.ask(q2)
        self.assertEqual(self.js("return window.__quire.asks.slice(-1)[0].body.history"), [])

    def test_08_selection_ask_sends_the_selection(self):
        self.open("/docs/sensors/lidar")
        text = self.js("""
          var p = document.querySelector('article.markdown p');
          var r = document.createRange(); r.selectNodeContents(p);
          var s = getSelection(); s.removeAllRanges(); s.addRange(r);
          return String(s).trim();""")
        self.assertIn("LIDAR measures distance", text)
        btn = self.d.find_element(By.CSS_SELECTOR, ".qw-ask-selection")
        self.wait(lambda: btn.is_displayed(), "the Ask about this button shows")
        rect = self.js("return arguments[0].getBoundingClientRect().toJSON()", btn)
        self.assertGreaterEqual(rect["left"], 0)
        self.assertLessEqual(rect["right"], self.js("return document.documentElement.clientWidth"))
        btn.click()
        self.wait(lambda: self.active_id() == "qw-question", "the chat opens")
        chip = self.d.find_element(By.CSS_SELECTOR, ".qw-chip")
        self.assertTrue(chip.is_displayed())
        self.assertIn("LIDAR measures distance", chip.text)
        self.ask("Why does it work in the dark?")
        rec = self.js("return window.__quire.asks.slice(-1)[0]")
        self.assertEqual(rec["status"], 200)
        self.assertEqual(rec["body"]["selection"], text)
        self.assertIn("LIDAR measures distance", self.d.find_elements(By.CSS_SELECTOR, ".qw-user")[-1].text)
        self.assertFalse(chip.is_displayed(), "the selection is used once")

    def test_09_feedback_is_recorded(self):
        self.open("/docs/intro")
        answer = self.ask("How is the range of a LIDAR computed?")
        answer_id = answer.get_attribute("data-answer-id")
        self.assertTrue(answer_id)
        answer.find_element(By.CSS_SELECTOR, "button[aria-label='Helpful answer']").click()
        self.wait(lambda: "Thanks" in answer.find_element(By.CSS_SELECTOR, ".qw-fb-msg").text, "the vote is acknowledged")
        self.assertEqual(answer.find_element(By.CSS_SELECTOR, "button[aria-label='Helpful answer']").get_attribute("aria-pressed"), "true")
        path = os.path.join(DATA, "feedback.jsonl")
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
        self.assertIn((answer_id, "up"), [(x["answer_id"], x["vote"]) for x in lines])

    def test_10_stream_renders_progressively_and_stop_aborts(self):
        self.open("/docs/intro")
        self.js(STREAM_STUB)
        self.open_chat()
        self.d.find_element(By.ID, "qw-question").send_keys("Tell me everything" + Keys.ENTER)
        answer = self.d.find_elements(By.CSS_SELECTOR, ".qw-bot")[-1]
        self.wait(lambda: self.js("return typeof window.__push === 'function'"), "request sent")
        self.assertTrue(self.d.find_element(By.CSS_SELECTOR, ".qw-chat .qw-thinking").is_displayed(), "loading state")
        self.js("__push('sources', {citations: [{n: 1, url: '/docs/intro#notation', title: 'Introduction', headings: ['Notation']}]});"
                "__push('delta', {text: 'The first part of the answer [1].'});")
        self.wait(lambda: "The first part of the answer" in answer.text, "the first delta shows before the end")
        self.assertEqual(answer.get_attribute("aria-busy"), "true")
        stop = self.d.find_element(By.CSS_SELECTOR, ".qw-stop")
        self.assertTrue(stop.is_displayed())
        self.assertFalse(self.d.find_element(By.CSS_SELECTOR, ".qw-send").is_displayed())
        self.js("__push('delta', {text: ' A second part.'});")
        self.wait(lambda: "A second part" in answer.text, "more text streams in")
        stop.click()
        self.wait(lambda: answer.get_attribute("aria-busy") == "false", "stop ends the answer")
        self.assertIn("Stopped", answer.text)
        self.assertIn("A second part", answer.text, "what was streamed stays")
        self.assertTrue(self.d.find_element(By.CSS_SELECTOR, ".qw-send").is_displayed())
        self.assertTrue(self.js("return window.__quire.asks.slice(-1)[0].body.question === 'Tell me everything'"))
        self.js("window.__quireStub = null")

    def test_11_markdown_is_rendered_safely(self):
        self.open("/docs/intro")
        self.js(STREAM_STUB)
        self.open_chat()
        self.d.find_element(By.ID, "qw-question").send_keys("Show me markdown" + Keys.ENTER)
        self.wait(lambda: self.js("return typeof window.__push === 'function'"), "request sent")
        md = ("Here is **bold** and `code` and <img src=x onerror=\"window.__pwned=1\"> and <script>window.__pwned=2</script>.\n\n"
              "- [inside](/docs/intro#notation) item\n- [outside](https://evil.example/) item [1] [2] [3]\n"
              "- [js](javascript:window.__pwned=3) and [data](data:text/html,<b>x</b>) and [api](/api/feedback)\n\n"
              "1. first\n2. second\n\n"
              "```js\nalert('x') // <b>not bold</b>\n```\n\n[link with <em>html</em>](/docs/intro)")
        self.js("__push('sources', {citations: ["
                "{n: 1, url: '/docs/intro#notation', title: 'Introduction', headings: ['Notation']},"
                "{n: 2, url: 'javascript:window.__pwned=4', title: '<img src=x onerror=window.__pwned=5>', headings: []},"
                "{n: 3, url: 'https://evil.example/x', title: 'Elsewhere', headings: []}]});"
                "__push('delta', {text: arguments[0]}); __push('done', {mode: 'llm', answer_id: 'stub1'}); __end();", md)
        answer = self.d.find_elements(By.CSS_SELECTOR, ".qw-bot")[-1]
        self.wait(lambda: answer.get_attribute("aria-busy") == "false", "done")
        body = answer.find_element(By.CSS_SELECTOR, ".qw-answer-body")
        for tag in ("img", "script", "b", "em"):
            self.assertEqual(body.find_elements(By.TAG_NAME, tag), [], f"no <{tag}> from the answer text")
        self.assertIsNone(self.js("return window.__pwned"))
        origin = urlsplit(BASE)
        for a in answer.find_elements(By.CSS_SELECTOR, "a"):
            u = urlsplit(a.get_attribute("href"))
            self.assertEqual((u.scheme, u.netloc), (origin.scheme, origin.netloc), "links only into the book")
        links = {a.text: urlsplit(a.get_attribute("href")).path for a in body.find_elements(By.CSS_SELECTOR, "a:not(.qw-cite)")}
        self.assertEqual(links, {"inside": "/docs/intro", "link with <em>html</em>": "/docs/intro"})
        self.assertEqual([a.text for a in body.find_elements(By.CSS_SELECTOR, "a.qw-cite")], ["[1]"])
        self.assertIn("[2] [3]", body.text)
        self.assertEqual(body.find_element(By.TAG_NAME, "strong").text, "bold")
        self.assertEqual(body.find_element(By.CSS_SELECTOR, "p > code").text, "code")
        self.assertEqual(len(body.find_elements(By.CSS_SELECTOR, "ul > li")), 3)
        self.assertEqual(len(body.find_elements(By.CSS_SELECTOR, "ol > li")), 2)
        self.assertIn("<b>not bold</b>", body.find_element(By.CSS_SELECTOR, ".qw-code pre").text)
        self.assertTrue(body.find_element(By.CSS_SELECTOR, ".qw-code .qw-copy").is_displayed(), "code blocks have a copy button")
        self.assertIn("<img src=x", body.text, "HTML shows as text")
        self.assertEqual(len(answer.find_elements(By.CSS_SELECTOR, ".qw-sources li")), 1, "unsafe sources are left out")
        self.assertEqual(answer.find_elements(By.CSS_SELECTOR, ".qw-note"), [], "no extracted note for a generated answer")
        self.js("window.__quireStub = null")

    def test_18_math_in_snippets_and_answers_is_drawn_with_katex(self):
        self.open("/docs/intro")  # a page without math: KaTeX comes with the first formula
        self.assertFalse(self.js("return !!window.katex"))
        hits = server_json("/api/search?k=5&q=" + quote_plus("planar two-link arm gripper position"))["results"]
        top = hits[0]
        self.assertIn("$x = l_1", top["tex"], "the JSON keeps the TeX beside the Unicode text")
        self.assertNotIn("$", top["text"])
        self.assertIn("θ₁", top["text"])
        self.open_search("planar two-link arm gripper position")
        self.wait(lambda: self.js("return document.querySelectorAll('.qw-modal .qw-result .qw-math .katex').length") > 0,
                  "formulas in the snippets are drawn by KaTeX")
        snippet = self.d.find_elements(By.CSS_SELECTOR, ".qw-modal .qw-result-text")[0].text
        self.assertNotIn("\\theta", snippet, "no raw TeX in a snippet")
        self.keys(Keys.ESCAPE)
        answer = self.ask("Where is the gripper of a planar arm with two links?")
        body = answer.find_element(By.CSS_SELECTOR, ".qw-answer-body")
        self.wait(lambda: body.find_elements(By.CSS_SELECTOR, ".qw-math .katex"), "the answer's formulas are drawn")
        self.assertNotIn("\\cos", body.text)
        # Dollars that are not math stay text; display math is drawn on its own line.
        self.js(STREAM_STUB)
        self.d.find_element(By.ID, "qw-question").send_keys("Show me math" + Keys.ENTER)
        self.wait(lambda: self.js("return typeof window.__push === 'function'"), "request sent")
        self.js("__push('sources', {citations: []}); __push('delta', {text: arguments[0]}); __push('done', {mode: 'llm', answer_id: 'stub2'}); __end();",
                "It costs $5 or $10. The torque is $\\tau = J^T F$ and `$HOME` is code:\n\n$$\\dot x = J(q)\\dot q$$")
        answer = self.d.find_elements(By.CSS_SELECTOR, ".qw-bot")[-1]
        self.wait(lambda: answer.get_attribute("aria-busy") == "false", "done")
        body = answer.find_element(By.CSS_SELECTOR, ".qw-answer-body")
        self.wait(lambda: len(body.find_elements(By.CSS_SELECTOR, ".qw-math .katex")) == 2, "two formulas drawn")
        self.assertEqual(len(body.find_elements(By.CSS_SELECTOR, ".qw-math .katex-display")), 1)
        self.assertIn("It costs $5 or $10.", body.text)
        self.assertEqual(body.find_element(By.CSS_SELECTOR, "p > code").text, "$HOME")
        self.js("window.__quireStub = null")

    def test_12_rate_limited_and_error_states(self):
        self.open("/docs/intro")
        self.js("""window.__quireStub = function (url) {
          if (url.indexOf('/api/ask') < 0) return null;
          return Promise.resolve(new Response('{"error": {"code": "rate_limited", "message": "slow down"}}',
            {status: 429, headers: {'Content-Type': 'application/json', 'Retry-After': '42'}})); };""")
        answer = self.ask("Too fast?")
        err = answer.find_element(By.CSS_SELECTOR, ".qw-error")
        self.assertEqual(err.get_attribute("role"), "alert")
        self.assertIn("42 seconds", err.text)
        self.d.find_element(By.ID, "qw-question").send_keys("Again?" + Keys.ENTER)
        self.wait(lambda: "Try again in" in self.d.find_element(By.CSS_SELECTOR, ".qw-chat-note").text, "the wait is shown")
        self.js("""window.__quireStub = function (url) {
          if (url.indexOf('/api/search') < 0) return null;
          return Promise.resolve(new Response('{"error": {"code": "rate_limited", "message": "slow down"}}',
            {status: 429, headers: {'Content-Type': 'application/json', 'Retry-After': '7'}})); };""")
        self.d.find_element(By.CSS_SELECTOR, "#qw-chat button[aria-label='Close the chat']").click()
        self.keys("k", ctrl=True)
        self.wait(self.modal_open, "search opens")
        self.d.find_element(By.ID, "qw-search-input").send_keys("robots")
        self.wait(lambda: "7 seconds" in self.d.find_element(By.CSS_SELECTOR, ".qw-modal .qw-status").text, "search shows when to retry")
        self.js("window.__quireStub = null")

    def test_13_accessibility(self):
        self.open("/docs/intro")
        btn = self.d.find_element(By.CSS_SELECTOR, ".qw-chat-button")
        self.assertEqual(btn.get_attribute("aria-expanded"), "false")
        self.open_chat()
        self.assertEqual(btn.get_attribute("aria-expanded"), "true")
        panel = self.d.find_element(By.ID, "qw-chat")
        self.assertEqual(panel.get_attribute("role"), "dialog")
        self.assertEqual(self.js("return document.getElementById(arguments[0].getAttribute('aria-labelledby')).textContent", panel), "Ask the book")
        log = panel.find_element(By.CSS_SELECTOR, ".qw-log")
        self.assertEqual(log.get_attribute("role"), "log")
        self.assertEqual(log.get_attribute("aria-live"), "polite")
        self.assertTrue(self.d.find_element(By.ID, "qw-question").get_attribute("aria-label"))
        self.ask("What is a workspace?")
        self.open_search()
        unnamed = self.js("""return Array.from(document.querySelectorAll('.qw-chat button, .qw-modal button, .qw-chat-button, .qw-ask-selection, #quire-search'))
            .filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).map(b => b.outerHTML)""")
        self.assertEqual(unnamed, [], "every control has a name")
        self.assertEqual(self.js("return document.querySelector('.qw-status').getAttribute('aria-live')"), "polite")
        self.assertEqual(self.js("return document.querySelector('[role=status][aria-live].qw-sr') !== null"), True)
        self.keys(Keys.ESCAPE)
        self.wait(lambda: not self.modal_open(), "closed")
        # Esc in the chat closes it and gives focus back to the opener, visibly.
        self.js("document.getElementById('qw-question').focus()")
        self.keys(Keys.ESCAPE)
        self.wait(lambda: self.js("return document.getElementById('qw-chat').hidden"), "Esc closes the chat")
        self.wait(lambda: self.js("return document.activeElement.classList.contains('qw-chat-button')"), "focus back on the chat button")
        self.keys(Keys.SHIFT + Keys.TAB)
        self.keys(Keys.TAB)
        style = self.js("var s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, document.activeElement.className]")
        self.assertNotEqual(style[0], "none", f"visible focus on {style[2]}")
        self.assertNotEqual(style[1], "0px")

    def test_14_dark_theme(self):
        self.open("/docs/intro")
        self.d.find_element(By.CSS_SELECTOR, ".theme-toggle").click()
        self.assertEqual(self.js("return document.documentElement.getAttribute('data-theme')"), "dark")
        def dark(sel):
            rgb = self.js("return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", sel)
            nums = [int(x) for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
            return sum(nums) < 200
        self.open_search("lidar")
        self.assertTrue(dark(".qw-modal-box"), "the search modal follows the dark theme")
        self.keys(Keys.ESCAPE)
        self.ask("What is a point cloud?")
        self.assertTrue(dark(".qw-chat"), "the chat follows the dark theme")
        self.shot("answer-dark")
        self.js("localStorage.removeItem('quire-theme')")

    def test_15_phone_layout_has_no_horizontal_scroll(self):
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True})
        try:
            def no_overflow(what):
                sw, cw, iw = self.js("var e = document.documentElement; return [Math.max(e.scrollWidth, document.body.scrollWidth), e.clientWidth, innerWidth]")
                self.assertLessEqual(sw, cw, f"{what}: page wider than the screen")
                self.assertLessEqual(cw, 375)
                wide = self.js("""return Array.from(document.querySelectorAll('.qw-modal-box, .qw-chat, .qw-chat-button, .qw-ask-selection, .topbar, .search-button'))
                    .filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')
                    .map(e => [e.className, e.getBoundingClientRect().left, e.getBoundingClientRect().right])
                    .filter(x => x[1] < -1 || x[2] > innerWidth + 1)""")
                self.assertEqual(wide, [], f"{what}: widget parts outside the screen")
            for path in ("/", "/docs/kinematics/forward", "/search?q=jacobian"):
                self.open(path)
                no_overflow(path)
            self.open("/docs/kinematics/inverse")
            self.open_search("jacobian")
            no_overflow("search modal")
            self.keys(Keys.ESCAPE)
            self.wait(lambda: not self.modal_open(), "closed")
            self.ask("What does the Jacobian relate?")
            no_overflow("chat")
            self.shot("phone-answer")
        finally:
            self.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def test_16_widget_is_small(self):
        total = 0
        for pattern in ("quire.*.js", "quire.*.css"):
            files = [f for f in glob.glob(os.path.join(SITE, "assets", pattern)) if not f.endswith(".gz")]
            self.assertEqual(len(files), 1, pattern)
            with open(files[0], "rb") as f:
                data = f.read()
            size = len(gzip.compress(data, 9))
            print(f"\n  {os.path.basename(files[0])}: {len(data)} bytes, {size} gzipped", end="", file=sys.stderr)
            total += size
        print(f"\n  widget JS+CSS gzipped: {total} bytes", file=sys.stderr)
        self.assertLess(total, 30 * 1024)

    def test_17_api_base_from_quire_yml_cross_origin(self):
        self.open("/docs/intro/", base=STATIC)
        self.assertEqual(self.js("return document.querySelector('meta[name=quire-api]').content"), BASE)
        self.open_search("lidar")
        self.assertTrue(self.js("return window.__quire.searches.slice(-1)[0].url").startswith(BASE + "/api/search"))
        self.keys(Keys.ESCAPE)
        answer = self.ask("What does a LIDAR measure?")
        self.assertIn("laser pulse", answer.text)
        self.assertTrue(self.js("return window.__quire.asks.slice(-1)[0].url") == BASE + "/api/ask")

    # ---- last: stop the server ----------------------------------------------------------------
    def test_99_server_stopped_offline_and_the_site_still_works(self):
        self.allow_network_errors = True  # the failed requests themselves are logged by Chromium
        self.open("/docs/intro/", base=STATIC)
        os.kill(SERVER_PID, signal.SIGTERM)
        port = urlsplit(BASE).port
        def down():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return False
            except OSError:
                return True
        self.wait(down, "the quire server stops", timeout=30)
        self.open_search()
        self.d.find_element(By.ID, "qw-search-input").send_keys("jacobian")
        self.wait(lambda: "offline" in self.d.find_element(By.CSS_SELECTOR, ".qw-modal .qw-status").text.lower(), "search says it is offline")
        self.keys(Keys.ESCAPE)
        answer = self.ask("Is anyone there?")
        err = answer.find_element(By.CSS_SELECTOR, ".qw-error")
        self.assertIn("offline", err.text.lower())
        self.assertIn("offline", self.d.find_element(By.CSS_SELECTOR, ".qw-chat-note").text.lower())
        self.assertTrue(answer.find_element(By.CSS_SELECTOR, ".qw-retry").is_displayed())
        # The site still navigates.
        self.d.find_element(By.CSS_SELECTOR, "#qw-chat button[aria-label='Close the chat']").click()
        self.d.find_element(By.CSS_SELECTOR, ".pagination-link.next").click()
        self.wait(lambda: "/docs/kinematics/forward" in self.d.current_url, "navigation works")
        self.wait(lambda: self.js("return document.readyState") == "complete", "loaded")
        self.assertEqual(self.d.find_element(By.CSS_SELECTOR, "article h1").text, "Forward Kinematics")


if __name__ == "__main__":
    unittest.main(verbosity=2)
