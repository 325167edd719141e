#!/usr/bin/env python3
"""Two translators on one job in the editor of `tmkit serve` (/jobs/ID), in
headless Chromium driven by Selenium the way people work in it:
  - Mei uploads the article on the job list page, which opens its editor;
  - she confirms three segments from the keyboard (typing, Alt+1 to take a
    match, Ctrl+Enter to confirm and move on, Ctrl+Down to skip one);
  - Li's page, opened before, shows them confirmed after her next action,
    and her lookups on the search page find them;
  - a mistyped number brings up a QA warning while Li types;
  - Li confirming a segment Mei confirmed while Li typed is refused, with Mei's text and name,
    and Li's text kept; confirming again replaces Mei's;
  - the Markdown export, downloaded from the page's link, holds the confirmed Chinese;
  - a screenshot of the editor with Chinese text is not blank.
Usage: serve_job_check.py TMKIT [SCREENSHOT.png]"""
import json
import os
import subprocess
import sys
import tempfile
import time
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


ARTICLE = """# Ferry operator adds night crossings

The harbour ferry will run every twenty minutes from Monday.
Tickets for the night crossing cost $4.50, the operator said.
Officials expect the new timetable to ease crowding on the bridge.

## Fares

Monthly passes will not change.
"""

server = ScratchServer(sys.argv[1], writers=["mei", "li"])
screenshot = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tempfile.mkdtemp(), "editor.png")
downloads = tempfile.mkdtemp(prefix="tmkit-downloads-")
mei = li = None
try:
    def api(method, path, body=None, token=None):
        request = urllib.request.Request(server.base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json", "Accept": "application/json",
                                                  **({"Authorization": f"Bearer {token}"} if token else {})})
        return json.load(urllib.request.urlopen(request))

    # A match Alt+1 can take: the memory knows a sentence close to the third one.
    api("POST", "/units", {"en": "Officials expect the new timetable to ease crowding on the trains.",
                           "zh": "官员预计新时刻表将缓解火车上的拥挤。"}, server.token)
    mei, li = browser(1300, 1000), browser(1300, 1000)
    mei.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    wait = WebDriverWait(mei, 20)

    # Mei uploads the article on the job list page.
    article = os.path.join(tempfile.mkdtemp(prefix="tmkit-article-"), "ferry.md")
    with open(article, "w", encoding="utf-8") as f:
        f.write(ARTICLE)
    mei.get(server.base + "/jobs")
    mei.find_element(By.ID, "token").send_keys(server.tokens["mei"])
    mei.find_element(By.ID, "file").send_keys(os.path.abspath(article))
    wait.until(lambda d: d.find_element(By.ID, "text").get_attribute("value").startswith("# Ferry operator"))
    check(mei.find_element(By.ID, "name").get_attribute("value") == "ferry.md", "the uploaded file fills the form, its name too")
    mei.find_element(By.ID, "create-job").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".seg.active"))
    editor = mei.current_url.split("?")[0]
    check(editor.startswith(server.base + "/jobs/"), f"creating it opens the editor ({editor})")

    for driver, name in ((mei, "mei"), (li, "li")):
        if driver is li:
            driver.get(editor)
            driver.find_element(By.ID, "token").send_keys(server.tokens[name])
        driver.find_element(By.CSS_SELECTOR, ".seg.active textarea").click()

    def active(driver):
        return driver.find_element(By.CSS_SELECTOR, ".seg.active")

    def confirmed(driver, n):
        return "confirmed" in driver.find_element(By.ID, f"s{n}").get_attribute("class")

    # Mei: segment 1 is active and focused; type, Ctrl+Enter.
    check(active(mei).get_attribute("data-n") == "1", "the editor opens on the first segment to translate")
    field = mei.switch_to.active_element
    field.send_keys("渡轮运营商增开夜间航班")
    field.send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(lambda d: confirmed(d, 1) and active(d).get_attribute("data-n") == "2")
    check(True, "Ctrl+Enter confirms segment 1 and moves to segment 2")
    field = mei.switch_to.active_element
    field.send_keys("港口渡轮将从周一起每二十分钟一班。")
    field.send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(lambda d: confirmed(d, 2) and active(d).get_attribute("data-n") == "3")
    # Skip segment 3 for now (Ctrl+Down), take the match of segment 4 with Alt+1 and edit it.
    mei.switch_to.active_element.send_keys(Keys.CONTROL, Keys.ARROW_DOWN)
    wait.until(lambda d: active(d).get_attribute("data-n") == "4")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#panel .panel-body[data-n='4'] .match"))
    field = mei.switch_to.active_element
    field.send_keys(Keys.ALT, "1")
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#s4 textarea").get_attribute("value") == "官员预计新时刻表将缓解火车上的拥挤。")
    check(True, "Alt+1 puts match 1 in the field")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("官员预计新时刻表将缓解大桥上的拥挤。")
    field.send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(lambda d: confirmed(d, 4))
    check(mei.find_element(By.ID, "progress").text.startswith("3/6 segments"), "progress: " + mei.find_element(By.ID, "progress").text)

    # Li's page was opened before; her next action (moving to segment 3) brings Mei's work in.
    li.find_element(By.CSS_SELECTOR, "#s3 textarea").click()
    WebDriverWait(li, 20).until(lambda d: confirmed(d, 1) and confirmed(d, 2) and confirmed(d, 4))
    texts = [li.find_element(By.CSS_SELECTOR, f"#s{n} textarea").get_attribute("value") for n in (1, 2, 4)]
    check(texts == ["渡轮运营商增开夜间航班", "港口渡轮将从周一起每二十分钟一班。", "官员预计新时刻表将缓解大桥上的拥挤。"],
          "the other translator's page shows the three confirmed segments after her next action")
    check("mei" in li.find_element(By.CSS_SELECTOR, "#s2 .by").text, "with who confirmed them")

    # A mistyped figure: the QA warning appears while she types.
    field = li.switch_to.active_element
    field.send_keys("运营商表示，夜间航班票价为4.05美元。")
    WebDriverWait(li, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#qa li.warning"))
    warning = li.find_element(By.CSS_SELECTOR, "#qa li.warning").text
    check("4.50" in warning, f"a mistyped number is flagged as it is typed: {warning}")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("运营商表示，夜间航班票价为4.50美元。")
    WebDriverWait(li, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#qa li.warning"))
    check(True, "the warning goes once the number is right")
    field.send_keys(Keys.CONTROL, Keys.ENTER)
    WebDriverWait(li, 20).until(lambda d: confirmed(d, 3))

    # Both on the last segment: Li is still typing when Mei confirms; Li's confirmation is refused
    # with Mei's text and name, and her page shows what is stored.
    li.find_element(By.CSS_SELECTOR, "#s6 textarea").click()
    WebDriverWait(li, 20).until(lambda d: active(d).get_attribute("data-n") == "6")
    li.switch_to.active_element.send_keys("每月通行证的价格不会改变。")
    mei.find_element(By.CSS_SELECTOR, "#s6 textarea").click()
    wait.until(lambda d: active(d).get_attribute("data-n") == "6")
    mei.switch_to.active_element.send_keys("月票价格不变。")
    mei.switch_to.active_element.send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(lambda d: confirmed(d, 6))
    li.switch_to.active_element.send_keys(Keys.CONTROL, Keys.ENTER)
    WebDriverWait(li, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, "#s6 .notice").text)
    notice = li.find_element(By.CSS_SELECTOR, "#s6 .notice").text
    kept = li.find_element(By.CSS_SELECTOR, "#s6 textarea").get_attribute("value")
    check("mei" in notice and "月票价格不变。" in notice and kept == "每月通行证的价格不会改变。",
          f"a confirmation of an outdated version is refused, naming the other text and translator ({notice!r}) and keeping hers")
    li.switch_to.active_element.send_keys(Keys.CONTROL, Keys.ENTER)  # she keeps hers, on purpose
    WebDriverWait(li, 20).until(lambda d: not d.find_element(By.CSS_SELECTOR, "#s6 .notice").text and "li" in d.find_element(By.CSS_SELECTOR, "#s6 .by").text)
    stored = api("GET", editor.replace(server.base, ""))["segments"][5]["zh"]
    check(stored == "每月通行证的价格不会改变。", f"confirming again replaces it: {stored}")

    # Li's lookups find Mei's confirmations at once.
    li.get(server.base + "/?q=" + urllib.parse.quote("The harbour ferry will run every twenty minutes from Monday."))
    target = li.find_element(By.CSS_SELECTOR, "#matches .match .target").text
    check(target == "港口渡轮将从周一起每二十分钟一班。", f"a lookup from the other translator finds it: {target}")

    # The Markdown export, downloaded from Mei's page.
    mei.find_element(By.LINK_TEXT, "md").click()
    path = os.path.join(downloads, "ferry.zh.md")
    deadline = time.time() + 20
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.2)
    exported = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    check(exported.startswith("# 渡轮运营商增开夜间航班\n") and "运营商表示，夜间航班票价为4.50美元。" in exported
          and "## Fares" in exported, "the downloaded Markdown holds the confirmed Chinese, headings as headings")

    mei.refresh()
    WebDriverWait(mei, 20).until(lambda d: confirmed(d, 3))
    mei.save_screenshot(screenshot)
    blank = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "png_not_blank.py"), screenshot, "0.02"])
    check(blank.returncode == 0, f"the editor's screenshot with Chinese text is not blank ({screenshot})")
    units = api("GET", "/stats")["units"]
    check(units >= 5, f"the memory holds the confirmed units ({units})")
except Exception as error:
    check(False, f"the check stopped: {error!r}")
finally:
    for driver in (mei, li):
        if driver:
            driver.quit()
    server.close()
print(f"result serve_job_check failures={failures}")
sys.exit(1 if failures else 0)
