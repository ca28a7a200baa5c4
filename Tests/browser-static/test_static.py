#!/usr/bin/env python3
"""Search with no server: headless Chromium against `python3 -m http.server` serving a site
built by `quire build` under a baseUrl prefix (/book/), with no `quire serve` behind it.

Run by Tests/browser-static/run.sh, which exports:
  QUIRE_STATIC_URL  the static site (…/book), no server anywhere
  QUIRE_AUTO_URL    the same book built with chatEndpoint → a live quire serve (auto switching)
  QUIRE_SITE        the static site's folder (bundle files)
  QUIRE_QUESTIONS   content/eval/questions.jsonl
  QUIRE_SERVER_PID  the quire server, stopped by the last test
Floors (page level, pooled questions of content/eval): QUIRE_FLOOR_R5, QUIRE_FLOOR_MRR.
"""
import glob
import os
import signal
import socket
import sys
import time
import unittest
from urllib.parse import urlsplit

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import static_eval as E  # noqa: E402

STATIC = os.environ["QUIRE_STATIC_URL"].rstrip("/")
AUTO = os.environ["QUIRE_AUTO_URL"].rstrip("/")
SITE = os.environ["QUIRE_SITE"]
QUESTIONS = E.load_questions(os.environ["QUIRE_QUESTIONS"])
SERVER_PID = int(os.environ["QUIRE_SERVER_PID"])
SERVER_URL = os.environ.get("QUIRE_SERVER_URL", "")
# Measured 0.948 / 0.872 (docs/benchmarks.md); the targets are 0.85 / 0.66.
FLOOR_R5 = float(os.environ.get("QUIRE_FLOOR_R5", "0.90"))
FLOOR_MRR = float(os.environ.get("QUIRE_FLOOR_MRR", "0.80"))
PORTER2 = os.path.join(os.path.dirname(__file__), "..", "QuireIndexTests", "Fixtures", "porter2.tsv")
WAIT = 60
driver = None


def setUpModule():
    global driver
    driver = E.chromium(WAIT)


def tearDownModule():
    if driver:
        driver.quit()


class StaticSearchTest(unittest.TestCase):
    allow_network_errors = False

    @property
    def d(self):
        return driver

    def setUp(self):
        self.d.get_log("browser")

    def tearDown(self):
        errors = [e for e in self.d.get_log("browser") if e["level"] == "SEVERE"
                  and not (self.allow_network_errors and e.get("source") == "network")]
        self.assertEqual(errors, [], "the browser console has errors")

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def wait(self, cond, msg, timeout=WAIT):
        return WebDriverWait(self.d, timeout, poll_frequency=0.1).until(lambda d: cond(), msg)

    def open(self, path, base=STATIC):
        self.d.get(base + path)
        self.wait(lambda: self.js("return document.readyState === 'complete' && !!(window.quire && window.quire.search)"), "page and search loaded")

    def search(self, q, k=10):
        r = E.run_query(self.d, q, k)
        self.assertNotIn("error", r, f"search failed for {q!r}")
        return r

    def eval_ranks(self, questions):
        ranks = []
        for q in questions:
            r = self.search(q["question"])
            self.assertEqual(r["mode"], "static")
            ranks.append(E.page_ranks(r["results"], set(q["sources"])))
        return ranks

    # ---- the analyzer is the index's -------------------------------------------------------------
    def test_00_analyzer_matches_the_swift_stemmer_and_the_books_words(self):
        self.open("/")
        with open(PORTER2, encoding="utf-8") as f:
            pairs = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
        bad = self.js("var bad = []; arguments[0].forEach(function (p) { var s = QuireAnalyzer.stem(p[0]); if (s !== p[1]) bad.push([p[0], p[1], s]); }); return bad;", pairs)
        self.assertEqual(bad[:10], [], f"{len(bad)} of {len(pairs)} Porter2 stems differ from Snowball's")
        # Every word of the book, as the Swift analyzer mapped it (the bundle's words file).
        words = glob.glob(os.path.join(SITE, "search-bundle", "words.*.txt"))
        self.assertEqual(len(words), 1)
        rows = []
        with open(words[0], encoding="utf-8") as f:
            for line in f:
                w, spec, _ = line.rstrip("\n").split("\t")
                rows.append([w, w if spec == "" else (w[:int(spec)] if spec.isdigit() else spec)])
        self.assertGreater(len(rows), 1000)
        bad = self.js("var bad = []; arguments[0].forEach(function (p) { var t = QuireAnalyzer.term(p[0]); if (t !== p[1]) bad.push([p[0], p[1], t]); }); return bad;", rows)
        self.assertEqual(bad[:10], [], f"{len(bad)} of {len(rows)} words analysed differently from Swift")

    # ---- the JS API ------------------------------------------------------------------------------
    def test_10_api_answers_every_question_with_the_server_fields(self):
        self.open("/docs/intro/")
        for q in QUESTIONS:
            r = self.search(q["question"], k=5)
            self.assertEqual(r["mode"], "static")
            self.assertTrue(r["results"], f"no results for {q['id']}")
            self.assertLessEqual(len(r["results"]), 5)
            for i, x in enumerate(r["results"]):
                self.assertEqual(sorted(x.keys()), ["headings", "rank", "score", "source", "text", "title", "url"])
                self.assertEqual(x["rank"], i + 1)
                self.assertTrue(x["source"].endswith(".md") and not x["source"].startswith("/"), x["source"])
                self.assertTrue(x["url"].startswith("/book/docs/"), x["url"])
                self.assertTrue(x["text"] and x["title"])
                self.assertIsInstance(x["headings"], list)
            scores = [x["score"] for x in r["results"]]
            self.assertEqual(scores, sorted(scores, reverse=True))
            # Collapsed to sections: no two results are the same section.
            self.assertEqual(len({x["url"] for x in r["results"]}), len(r["results"]))

    def test_11_recall_and_mrr_above_the_floors(self):
        self.open("/")
        m = E.metrics(self.eval_ranks(QUESTIONS))
        print(f"\nstatic search on content/eval: {m}", file=sys.stderr)
        self.assertGreaterEqual(m["recall@5"], FLOOR_R5, m)
        self.assertGreaterEqual(m["mrr@10"], FLOOR_MRR, m)

    def test_12_misspelled_questions_score_within_005(self):
        self.open("/")
        pairs = [(q, E.misspell(q["question"])) for q in QUESTIONS]
        pairs = [(q, t) for q, t in pairs if t]
        self.assertGreater(len(pairs), 100)
        right = E.metrics(self.eval_ranks([q for q, _ in pairs]))
        wrong = E.metrics(self.eval_ranks([dict(q, question=t) for q, t in pairs]))
        print(f"\nmisspelled: {wrong['recall@5']:.3f} vs {right['recall@5']:.3f} recall@5", file=sys.stderr)
        self.assertGreaterEqual(wrong["recall@5"], right["recall@5"] - 0.05, (wrong, right))
        # A single misspelled word finds what the right spelling finds.
        a = self.search("inverse kinematcs")["results"][0]
        b = self.search("inverse kinematics")["results"][0]
        self.assertEqual(a["source"], b["source"])
        self.assertEqual(self.search("jacobain")["results"][0]["source"], self.search("jacobian")["results"][0]["source"])

    def test_13_last_word_is_prefix_matched_while_typing(self):
        self.open("/")
        full = self.search("inverse kinematics")["results"][0]["source"]
        typed = [x["source"] for x in self.search("inverse kinem")["results"][:3]]
        self.assertIn(full, typed)
        self.assertEqual(self.search("zzzzqqq")["results"], [])
        self.assertEqual(self.search("   ")["results"], [])

    # ---- the widget --------------------------------------------------------------------------------
    def test_20_modal_searches_statically_and_marks_matched_words(self):
        self.open("/docs/intro/")
        ActionChains(self.d).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
        self.wait(lambda: self.js("var m = document.querySelector('.qw-modal'); return !!m && !m.hidden"), "Ctrl+K opens the modal")
        self.d.find_element(By.ID, "qw-search-input").send_keys("inverse kinematics")
        self.wait(lambda: self.js("return document.querySelectorAll('.qw-modal .qw-result').length") > 0, "results appear")
        status = self.d.find_element(By.CSS_SELECTOR, ".qw-modal .qw-status").text
        self.assertIn("result", status)
        self.assertNotIn("offline", status.lower())
        marks = [m.text.lower() for m in self.d.find_elements(By.CSS_SELECTOR, ".qw-modal .qw-result mark")]
        self.assertTrue(any(m.startswith("kinematic") for m in marks), marks)
        self.assertTrue(any(m.startswith("invers") for m in marks), marks)
        first = self.d.find_element(By.CSS_SELECTOR, ".qw-modal .qw-result").get_attribute("href")
        self.assertTrue(urlsplit(first).path.startswith("/book/docs/"))
        self.d.find_element(By.ID, "qw-search-input").send_keys(Keys.ENTER)
        self.wait(lambda: "/book/docs/" in self.d.current_url and self.js("return document.readyState") == "complete", "Enter opens the result")
        # Nothing asked a server: the probe found the build's static marker.
        names = self.js("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        self.assertFalse([n for n in names if "/api/search" in n or "/api/ask" in n])

    def test_21_search_page_works_statically(self):
        self.open("/search/?q=jacobian%20singularity")
        self.wait(lambda: self.js("return document.querySelectorAll('#quire-search-results .qw-result').length") > 0, "results on /search")
        status = self.d.find_element(By.ID, "quire-search-status").text
        self.assertIn("for “jacobian singularity”", status)
        self.assertTrue(self.d.find_elements(By.CSS_SELECTOR, "#quire-search-results mark"))

    def test_22_chat_offline_shows_closest_passages_never_an_answer(self):
        self.open("/docs/intro/")
        self.d.find_element(By.CSS_SELECTOR, ".qw-chat-button").click()
        self.wait(lambda: self.js("return document.activeElement && document.activeElement.id") == "qw-question", "chat opens")
        self.d.find_element(By.ID, "qw-question").send_keys("How do I compute inverse kinematics with the Jacobian?" + Keys.ENTER)
        self.wait(lambda: self.js("return document.querySelectorAll('.qw-offline-answer .qw-passages li').length") > 0, "passages appear")
        answer = self.d.find_elements(By.CSS_SELECTOR, ".qw-bot")[-1]
        self.assertIn("offline", answer.find_element(By.CSS_SELECTOR, ".qw-offline-note").text.lower())
        links = answer.find_elements(By.CSS_SELECTOR, ".qw-passages li a")
        self.assertTrue(links)
        for a in links:
            self.assertTrue(urlsplit(a.get_attribute("href")).path.startswith("/book/docs/"))
        self.assertFalse(answer.find_elements(By.CSS_SELECTOR, ".qw-answer-body > p:not(.qw-offline-note), .qw-error, .qw-sources"),
                         "no written answer, no error")
        self.assertIn("offline", self.d.find_element(By.CSS_SELECTOR, ".qw-chat-note").text.lower())
        self.assertEqual(answer.get_attribute("aria-busy"), "false")
        names = self.js("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        self.assertFalse([n for n in names if "/api/ask" in n], "no request to a server that is not there")

    def test_23_math_in_static_snippets_is_drawn_with_katex(self):
        self.open("/search/?q=forward%20dynamics%20mass%20matrix%20acceleration")
        self.wait(lambda: self.js("return document.querySelectorAll('#quire-search-results .qw-result').length") > 0, "results on /search")
        self.wait(lambda: self.js("return document.querySelectorAll('#quire-search-results .qw-math .katex').length") > 0,
                  "formulas in the bundle's snippets are drawn by KaTeX")
        texts = [e.text for e in self.d.find_elements(By.CSS_SELECTOR, "#quire-search-results .qw-result-text")]
        self.assertFalse([t for t in texts if "\\ddot" in t or "\\tau" in t], texts)

    # ---- auto: the server while it answers, the bundle when it stops ------------------------------
    def test_90_auto_uses_the_server_then_the_bundle_when_it_stops(self):
        self.allow_network_errors = True  # requests to the stopped server are logged by Chromium
        self.open("/docs/intro/", base=AUTO)
        r = self.search("inverse kinematics jacobian")
        self.assertEqual(r["mode"], "server")
        self.assertTrue(r["results"])
        server_first = r["results"][0]["source"]
        os.kill(SERVER_PID, signal.SIGTERM)
        port = urlsplit(SERVER_URL).port

        def down():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return False
            except OSError:
                return True
        self.wait(down, "the quire server stops", timeout=30)
        r = self.search("inverse kinematics jacobian")
        self.assertEqual(r["mode"], "static")
        self.assertTrue(r["results"])
        self.assertIn(server_first, [x["source"] for x in r["results"]])
        # The modal shows results, not an error.
        ActionChains(self.d).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
        self.wait(lambda: self.js("var m = document.querySelector('.qw-modal'); return !!m && !m.hidden"), "modal")
        self.d.find_element(By.ID, "qw-search-input").send_keys("forward kinematics")
        self.wait(lambda: self.js("return document.querySelectorAll('.qw-modal .qw-result').length") > 0, "static results after the server stopped")
        self.assertNotIn("offline", self.d.find_element(By.CSS_SELECTOR, ".qw-modal .qw-status").text.lower())


if __name__ == "__main__":
    unittest.main(verbosity=2)
