#!/usr/bin/env python3
"""Screenshots of the reader widget on a live `quire serve`, in light and dark:
the page, the open search modal, a streamed answer, and the phone layout (375 px) with an answer.

  quire build --content content --out /tmp/site && quire serve --site /tmp/site --port 8080 &
  .cache/test-venv/bin/python Tests/browser/screenshots.py --url http://127.0.0.1:8080 --out docs/screenshots \\
      --page /docs/... --query "inverse kinematics" --question "What does the Jacobian relate?"
"""
import argparse
import os

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 60


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--out", default="docs/screenshots")
    ap.add_argument("--page", default="/", help="page to show (path)")
    ap.add_argument("--query", default="inverse kinematics")
    ap.add_argument("--question", default="What does the Jacobian relate?")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    o = Options()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,800",
              "--hide-scrollbars", "--force-color-profile=srgb", "--lang=en-US"):
        o.add_argument(a)
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=o)
    wait = lambda cond: WebDriverWait(d, WAIT, poll_frequency=0.1).until(lambda _: cond())
    js = d.execute_script

    def load(path, theme):
        d.get(args.url.rstrip("/") + path)
        js("localStorage.setItem('quire-theme', arguments[0])", theme)
        d.get(args.url.rstrip("/") + path)
        wait(lambda: js("return document.readyState === 'complete' && !!window.QuireWidget"))

    def shot(name):
        path = os.path.join(args.out, name + ".png")
        d.save_screenshot(path)
        print(path)

    def ask(question):
        d.find_element(By.CSS_SELECTOR, ".qw-chat-button").click()
        wait(lambda: js("return document.activeElement && document.activeElement.id === 'qw-question'"))
        d.find_element(By.ID, "qw-question").send_keys(question + Keys.ENTER)
        wait(lambda: js("var a = document.querySelectorAll('.qw-bot'); return a.length && a[a.length - 1].getAttribute('aria-busy') === 'false'"))
        js("document.activeElement.blur()")

    try:
        for theme in ("light", "dark"):
            d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            load(args.page, theme)
            shot(f"page-{theme}")
            d.find_element(By.ID, "quire-search").click()
            wait(lambda: js("return document.activeElement && document.activeElement.id === 'qw-search-input'"))
            d.find_element(By.ID, "qw-search-input").send_keys(args.query)
            wait(lambda: js("return document.querySelectorAll('.qw-modal .qw-result').length > 0 && !document.querySelector('.qw-modal').classList.contains('qw-loading')"))
            shot(f"search-{theme}")
            d.find_element(By.ID, "qw-search-input").send_keys(Keys.ESCAPE)
            ask(args.question)
            shot(f"answer-{theme}")
            d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True})
            load(args.page, theme)
            shot(f"phone-{theme}")
            ask(args.question)
            js("var l = document.querySelector('.qw-log'); l.scrollTop = l.scrollHeight")
            shot(f"phone-answer-{theme}")
    finally:
        d.quit()


if __name__ == "__main__":
    main()
