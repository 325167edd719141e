#!/usr/bin/env python3
"""Reviewing an alignment before it is stored, in headless Chromium driven
by Selenium the way an editor would: paste an English article and its
Chinese translation on /align, then, from the keyboard, join two links,
split one, move a sentence to the next link and back, mark a sentence as
untranslated, give the write token and confirm (Ctrl+Enter). The memory
must then hold exactly the reviewed links that have both sides (origin
aligned, reviewed by the token's name), and nothing for the untranslated
ones. The same review page written by `tmkit align --format html` is
checked offline (a join from the keyboard). Markup characters in the
article stay text and its markup never runs.
Usage: serve_align_check.py TMKIT [--screenshot PNG]"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from serve_support import ScratchServer, browser

ENGLISH = """# Harbour Reopens After Storm

The city's main harbour reopened on Tuesday after a storm closed it for three days.
About 40 ships had waited outside the port.
Officials said the damage was smaller than feared.
Repairs to the northern pier will cost $2 million.
The ferry to the islands will resume on Friday.
A reporter typed 1 < 2 && "3 > 2" and <img src=x onerror="window.owned = 1"> into the notes.
"""
CHINESE = """# 风暴过后港口重新开放

该市主要港口在因风暴关闭三天后于周二重新开放。
约40艘船只曾在港外等候。
官员表示，损失比担心的要小。
北码头的修复将耗资200万美元。
前往各岛屿的渡轮将于周五恢复。
"""

parser = argparse.ArgumentParser()
parser.add_argument("tmkit")
parser.add_argument("--screenshot")
args = parser.parse_args()
failures = 0


def check(ok, what):
    global failures
    print(("ok      " if ok else "FAILED  ") + what)
    failures += 0 if ok else 1


def rows(driver):
    """Each link on the page: (English sentences, Chinese sentences, class)."""
    result = []
    for tr in driver.find_elements(By.CSS_SELECTOR, "#links tr"):
        en = [s.text for s in tr.find_elements(By.CSS_SELECTOR, "td.en .s")]
        zh = [s.text for s in tr.find_elements(By.CSS_SELECTOR, "td.zh .s")]
        result.append((en, zh, tr.get_attribute("class")))
    return result


def press(driver, *keys):
    chain = ActionChains(driver)
    for key in keys:
        chain.send_keys(key)
    chain.perform()


def select(driver, index):
    driver.find_elements(By.CSS_SELECTOR, "#links tr")[index].find_element(By.CSS_SELECTOR, "td.conf").click()


server = ScratchServer(args.tmkit)
driver = None
try:
    driver = browser(1200, 1400)
    driver.get(server.base + "/align")
    driver.find_element(By.ID, "en").send_keys(ENGLISH)
    driver.find_element(By.ID, "zh").send_keys(CHINESE)
    driver.find_element(By.ID, "align").click()
    WebDriverWait(driver, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#links tr"))
    start = rows(driver)
    check(len(start) >= 6 and all(r[0] or r[1] for r in start), f"the review page shows the proposed links ({len(start)})")
    check(all(any(c in r[2] for c in ("high", "mid", "low", "untranslated")) for r in start), "every link is coloured by its confidence")
    check(any('1 < 2 && "3 > 2"' in s for r in start for s in r[0]) and not driver.execute_script("return window.owned === 1"),
          "markup characters in the article show as text, and its markup never runs")

    # Join the first two links from the keyboard, then split them again.
    select(driver, 1)
    press(driver, "j")
    joined = rows(driver)
    check(len(joined) == len(start) - 1 and joined[1][0] == start[1][0] + start[2][0] and joined[1][1] == start[1][1] + start[2][1]
          and "edited" in joined[1][2], "j joins a link with the next")
    press(driver, "s")
    split = rows(driver)
    check([r[:2] for r in split] == [r[:2] for r in start], "s splits it back at the sentence boundary")

    # Move the last Chinese sentence of link 3 to link 4, and back.
    select(driver, 3)
    press(driver, "]")
    moved = rows(driver)
    check(moved[3][1] == start[3][1][:-1] and moved[4][1] == start[3][1][-1:] + start[4][1], "] moves a Chinese sentence to the next link")
    press(driver, Keys.ARROW_DOWN, "[")
    check([r[:2] for r in rows(driver)] == [r[:2] for r in start], "[ moves it back to the link before")

    # Join links 4 and 5 for good; mark the last pair's sentences untranslated.
    select(driver, 4)
    press(driver, "j")
    select(driver, len(rows(driver)) - 1)
    rows_before_u = rows(driver)
    last = rows_before_u[-1]
    press(driver, "u")
    final = rows(driver)
    parts = final[-(len(last[0]) + len(last[1])):]
    check(len(final) == len(rows_before_u) - 1 + len(parts) and all(bool(r[0]) != bool(r[1]) and "untranslated" in r[2] for r in parts)
          and [x for r in parts for x in r[0]] == last[0] and [x for r in parts for x in r[1]] == last[1],
          f"u marks a link's sentences as untranslated ({last[:2]} became {[r[:2] for r in parts]})")

    # Confirm from the keyboard with the write token.
    token = driver.find_element(By.ID, "write-token")
    token.send_keys(server.token)
    token.send_keys(Keys.CONTROL, Keys.ENTER)
    WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "status").text.startswith(("Stored", "Not stored")))
    status = driver.find_element(By.ID, "status").text
    reviewed = [(" ".join(r[0]), "".join(r[1])) for r in final if r[0] and r[1]]
    check(status.startswith(f"Stored: {len(reviewed)} pairs added"), f"confirming stores the links: {status}")
    if args.screenshot:
        driver.save_screenshot(args.screenshot)

    imports = json.loads(subprocess.run([args.tmkit, "imports", "--db", server.db, "--format", "json"], capture_output=True, text=True).stdout)
    review = [i for i in imports if i["format"] == "review"]
    check(len(review) == 1 and review[0]["added"] == len(reviewed) and review[0]["user"] == "api",
          f"one import of the reviewed links, by the token's name ({review})")
    out = tempfile.mktemp(suffix=".tsv")
    subprocess.run([args.tmkit, "export", "tsv", "--db", server.db, "--import", str(review[0]["id"]), "-o", out], check=True, capture_output=True)
    lines = open(out, encoding="utf-8").read().splitlines()
    stored = sorted(tuple(line.split("\t")[:2]) for line in lines[1:])
    check(stored == sorted(reviewed), f"the memory holds exactly the reviewed links ({len(stored)} stored, {len(reviewed)} reviewed)")

    # The command line's review page, offline.
    work = tempfile.mkdtemp(prefix="tmkit-review-")
    en, zh, page = (os.path.join(work, n) for n in ("a.en.md", "a.zh.md", "review.html"))
    open(en, "w").write(ENGLISH)
    open(zh, "w").write(CHINESE)
    html = subprocess.run([args.tmkit, "align", en, zh, "--format", "html"], capture_output=True, text=True, check=True).stdout
    open(page, "w").write(html)
    driver.get("file://" + page)
    offline = rows(driver)
    select(driver, 0)
    press(driver, "j")
    check(len(rows(driver)) == len(offline) - 1, "the page from tmkit align --format html edits from the keyboard too")
finally:
    if driver:
        driver.quit()
    server.close()
print(f"result serve_align failures={failures}")
sys.exit(1 if failures else 0)
