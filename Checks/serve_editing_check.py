#!/usr/bin/env python3
"""Editing the memory from the translators' page, in two headless Chromium
browsers driven by Selenium the way two translators would use it:
  - A gives the write token, searches, edits a match's Chinese and saves;
  - B (another browser, its own session) searches and sees the new text;
  - B, who still had the old version on screen, saves an edit: the page shows
    A's text instead of overwriting it (409);
  - A deletes a match (two clicks): it leaves the page and B's next search;
  - text with <script> typed into an edit stays text;
  - without a write token no edit button is shown.
Usage: serve_editing_check.py TMKIT [--screenshot PNG]"""
import argparse
import sys
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from serve_support import ScratchServer, browser

parser = argparse.ArgumentParser()
parser.add_argument("tmkit")
parser.add_argument("--screenshot")
args = parser.parse_args()
failures = 0


def check(ok, what):
    global failures
    print(("ok      " if ok else "FAILED  ") + what)
    failures += 0 if ok else 1


def search(driver, text):
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "#search-form button").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#matches .match, #matches .empty"))


def first_match(driver):
    return driver.find_element(By.CSS_SELECTOR, "#matches .match")


def give_token(driver, token):
    driver.find_element(By.CSS_SELECTOR, "#editing summary").click()
    driver.find_element(By.ID, "write-token").send_keys(token)


server = ScratchServer(args.tmkit)
a = b = None
try:
    a, b = browser(), browser()
    query = "Lumen Labs will train its new models on AWS chips."
    for driver in (a, b):
        driver.get(server.base + "/?q=" + urllib.parse.quote(query))
    before = first_match(b).find_element(By.CLASS_NAME, "target").text
    check(not first_match(a).find_element(By.CLASS_NAME, "edit").is_displayed(), "without a write token the page shows no edit button")

    give_token(a, server.token)
    give_token(b, server.token)
    search(a, query)
    match = first_match(a)
    match.find_element(By.CLASS_NAME, "edit").click()
    area = match.find_element(By.CSS_SELECTOR, ".editor textarea")
    area.clear()
    edited = "Lumen Labs 将用 AWS 芯片训练新模型 <script>window.owned = 1</script>。"
    area.send_keys(edited)
    match.find_element(By.XPATH, ".//div[@class='editor']/button[1]").click()
    WebDriverWait(a, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#matches .editor"))
    check(first_match(a).find_element(By.CLASS_NAME, "target").text == edited, "A's edit is saved and shown on A's page")
    check(a.execute_script("return window.owned === undefined"), "the <script> typed into the edit stays text in A's page")

    # B still shows the old version: saving on top of it is refused, and B sees A's text.
    match_b = first_match(b)
    check(match_b.find_element(By.CLASS_NAME, "target").text == before, "B's page still shows the text from before A's edit")
    match_b.find_element(By.CLASS_NAME, "edit").click()
    area_b = match_b.find_element(By.CSS_SELECTOR, ".editor textarea")
    area_b.clear()
    area_b.send_keys("乙的译文")
    match_b.find_element(By.XPATH, ".//div[@class='editor']/button[1]").click()
    WebDriverWait(b, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#matches .note"))
    check(edited in match_b.find_element(By.CLASS_NAME, "note").text, "B's stale save is refused and shows A's text (409)")

    search(b, query)
    check(first_match(b).find_element(By.CLASS_NAME, "target").text == edited, "B's next search shows A's new text")
    check(b.execute_script("return window.owned === undefined"), "the <script> stays text in B's page")
    if args.screenshot:
        b.save_screenshot(args.screenshot)

    # A deletes the match: it leaves A's page, and B's next search.
    unit = first_match(a).get_attribute("data-unit")
    delete = first_match(a).find_element(By.CLASS_NAME, "delete")
    delete.click()
    delete.click()
    WebDriverWait(a, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, f"#matches .match[data-unit='{unit}']"))
    check(True, "A's delete removes the match from A's page")
    search(b, query)
    check(not b.find_elements(By.CSS_SELECTOR, f"#matches .match[data-unit='{unit}']"), "B's next search no longer shows the deleted unit")
    check(failures == 0, "the browsers saw no error")
finally:
    for driver in (a, b):
        if driver:
            driver.quit()
    server.close()
print(f"result serve_editing failures={failures}")
sys.exit(1 if failures else 0)
