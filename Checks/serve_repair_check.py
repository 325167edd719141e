#!/usr/bin/env python3
"""Repaired matches and fragments on the translators' page of `tmkit serve`,
in headless Chromium driven by Selenium the way a translator searches
(types the sentence, presses Enter):
  - a sentence whose figure changed shows the stored translation repaired,
    the new value marked, and the stored text beneath it;
  - a sentence with no match shows the memory's phrases of it and their translation;
  - the same two, rendered by the server without script (/?q=…).
Usage: serve_repair_check.py TMKIT [SCREENSHOT.png]"""
import json
import sys
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from serve_support import ScratchServer, browser

failures = 0


def check(ok, what):
    global failures
    print(("ok      " if ok else "FAILED  ") + what)
    failures += 0 if ok else 1


def add(server, en, zh):
    request = urllib.request.Request(server.base + "/units", data=json.dumps({"en": en, "zh": zh}).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"})
    urllib.request.urlopen(request).read()


def search(driver, text):
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text + Keys.ENTER)
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#matches .match, #matches .empty"))


server = ScratchServer(sys.argv[1])
driver = None
try:
    add(server, "Amazon will invest an additional $900 million in its Ohio data centres.", "亚马逊将在俄亥俄州的数据中心追加投资9亿美元。")
    add(server, "The port authority said it would keep the northern terminal closed this week.", "港务局表示，本周将继续关闭北码头。")
    add(server, "Engineers fear the storm would keep the northern terminal closed until spring.", "工程师担心，风暴将使北码头关闭到春季。")
    changed = "Amazon will invest an additional $1.3 billion in its Ohio data centres."
    unseen = "Officials hope the repairs would keep the northern terminal closed for only a day."

    driver = browser()
    driver.get(server.base + "/")
    search(driver, changed)
    match = driver.find_element(By.CSS_SELECTOR, "#matches .match")
    repaired = match.find_elements(By.CLASS_NAME, "repaired")
    check(bool(repaired) and repaired[0].text == "亚马逊将在俄亥俄州的数据中心追加投资13亿美元。",
          "typed with a new figure: the translation comes back repaired (" + (repaired[0].text if repaired else "none") + ")")
    check([m.text for m in match.find_elements(By.CSS_SELECTOR, ".repaired mark")] == ["13亿"], "the replaced value is marked")
    check(match.find_element(By.CLASS_NAME, "target").text == "亚马逊将在俄亥俄州的数据中心追加投资9亿美元。", "the stored translation is shown beneath, unchanged")
    check(match.find_element(By.CLASS_NAME, "score").text == "99" and "9亿→13亿" in match.find_element(By.CLASS_NAME, "meta").text,
          "score 99 and what changed")
    if len(sys.argv) > 2:
        driver.save_screenshot(sys.argv[2])

    search(driver, unseen)
    fragments = driver.find_elements(By.CSS_SELECTOR, "#matches .fragment")
    check(any("would keep the northern terminal closed" in f.text and "北码头" in f.text and "2 units" in f.text for f in fragments),
          "a sentence without a match shows the memory's phrase and its translation: " + " | ".join(f.text for f in fragments))

    driver.get(server.base + "/?q=" + urllib.parse.quote(changed))
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#matches .repaired mark")]
    check(marks == ["13亿"], "rendered by the server: the repaired value marked")
    driver.get(server.base + "/?q=" + urllib.parse.quote(unseen))
    check(any("北码头" in f.text for f in driver.find_elements(By.CSS_SELECTOR, "#matches .fragment")), "rendered by the server: the phrases shown")
finally:
    if driver:
        driver.quit()
    server.close()
print(f"result serve_repair failures={failures}")
sys.exit(1 if failures else 0)
