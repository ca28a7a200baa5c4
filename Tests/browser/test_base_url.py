"""`quire serve` of a site built with baseUrl '/robots/' (run by Tests/browser/run-base-url.sh).

The pages are served under the baseUrl, `/` redirects there, every link a reader can click lands
on a page (no 404), and the widget's API answers where the widget looks for it.
  QUIRE_TEST_URL   the quire server
"""
import json
import os
import unittest
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["QUIRE_TEST_URL"].rstrip("/")
WAIT = 60
driver = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(path, follow=True):
    """(status, headers, body) without raising on 3xx/4xx."""
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(BASE + path, timeout=WAIT) as r:
            return r.status, r.headers, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8", "replace")


def setUpModule():
    global driver
    o = Options()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=o)
    driver.set_page_load_timeout(WAIT)


def tearDownModule():
    if driver:
        driver.quit()


class BaseUrlTest(unittest.TestCase):
    def wait(self, cond, msg):
        return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(lambda d: cond(), msg)

    def test_01_root_redirects_to_the_base_url(self):
        status, headers, _ = fetch("/", follow=False)
        self.assertIn(status, (301, 302, 307, 308))
        self.assertEqual(headers["Location"], "/robots/")
        status, headers, _ = fetch("/robots", follow=False)
        self.assertIn(status, (301, 302, 307, 308))
        self.assertEqual(headers["Location"], "/robots/")
        driver.get(BASE + "/")
        self.assertEqual(urlsplit(driver.current_url).path, "/robots/")
        self.assertIn("Robots in Practice", driver.title)

    def test_02_every_link_of_every_page_lands_on_a_page(self):
        seen, todo, checked = set(), ["/robots/docs/intro"], 0
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            status, _, _ = fetch(path)
            self.assertEqual(status, 200, path)
            driver.get(BASE + path)
            hrefs = driver.execute_script(
                "return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
            for h in hrefs:
                u = urlsplit(h)
                if u.scheme or h.startswith("#") or h.startswith("mailto:"):
                    continue
                self.assertTrue(u.path.startswith("/robots/"), f"{path} links to {h}")
                if u.path not in seen:
                    todo.append(u.path)
            checked += 1
        self.assertGreaterEqual(checked, 10)

    def test_03_sidebar_click_and_assets(self):
        driver.get(BASE + "/robots/docs/intro")
        driver.find_element(By.LINK_TEXT, "Setting up").click()
        self.wait(lambda: urlsplit(driver.current_url).path == "/robots/docs/guide/setup", "navigated")
        self.assertEqual(driver.find_element(By.CSS_SELECTOR, "article h1").text, "Setup")
        css = driver.execute_script("return document.querySelector('link[rel=stylesheet]').href")
        self.assertIn("/robots/assets/", css)
        self.assertEqual(fetch(urlsplit(css).path)[0], 200)
        self.assertEqual(fetch("/robots/img/logo.svg")[0], 200)  # static/ of the project
        # Outside the base URL: the site's 404 page.
        status, _, body = fetch("/docs/guide/setup")
        self.assertEqual(status, 404)
        self.assertIn("Page not found", body)

    def test_04_api_where_the_widget_looks_and_search_works(self):
        for path in ("/api/ready", "/robots/api/ready"):
            status, headers, body = fetch(path)
            self.assertEqual(status, 200, path)
            self.assertIn("application/json", headers["Content-Type"])
            self.assertEqual(json.loads(body).get("status"), "ready", path)
        status, _, body = fetch("/api/search?q=install")
        self.assertEqual(status, 200)
        results = json.loads(body)["results"]
        self.assertTrue(results)
        self.assertTrue(all(r["url"].startswith("/robots/") for r in results), results)
        driver.get(BASE + "/robots/search?q=install")
        self.wait(lambda: driver.execute_script(
            "return document.querySelectorAll('#quire-search-results a[href]').length") > 0, "search results")
        first = driver.execute_script("return document.querySelector('#quire-search-results a[href]').getAttribute('href')")
        self.assertTrue(first.startswith("/robots/docs/"), first)
        driver.get(BASE + first)
        self.assertNotIn("Page not found", driver.title)


if __name__ == "__main__":
    unittest.main(verbosity=2)
