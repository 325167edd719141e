#!/usr/bin/env python3
"""The translators' page of `tmkit serve` in headless Chromium:
  - a screenshot after a query is not blank, with a Chinese font installed;
  - `--dump-dom` of /?q=… holds the expected match (its Chinese translation);
  - a unit and a query carrying <script> show as text, never as markup;
  - an article with <script> posted from the page's form shows as text.
Usage: serve_page_check.py TMKIT"""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

from serve_support import ScratchServer

HERE = os.path.dirname(os.path.abspath(__file__))
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,1200"]
failures = 0


def check(ok, what):
    global failures
    print(("ok      " if ok else "FAILED  ") + what)
    failures += 0 if ok else 1


def dump_dom(url, extra=()):
    return subprocess.run(CHROMIUM + list(extra) + ["--dump-dom", url], capture_output=True, text=True, timeout=120).stdout


server = ScratchServer(sys.argv[1])
work = tempfile.mkdtemp(prefix="tmkit-page-")
try:
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    check(bool(fonts.strip()), "a Chinese font is installed for Chromium (fc-list :lang=zh)")

    # A unit whose text carries markup, added through the API.
    unit = {"en": "The <script>alert('unit')</script> tag was printed in the story.", "zh": "报道中印出了<script>标签。"}
    request = urllib.request.Request(server.base + "/units", data=json.dumps(unit).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"})
    urllib.request.urlopen(request).read()

    query = "Lumen Labs will train its new models on AWS chips."
    with urllib.request.urlopen(server.base + "/lookup?min=50&q=" + urllib.parse.quote(query)) as r:
        expected = json.load(r)[0]["target"]
    url = server.base + "/?q=" + urllib.parse.quote(query)
    dom = dump_dom(url)
    check(expected in dom and 'class="match" data-unit=' in dom, f"--dump-dom of /?q=… holds the expected match ({expected})")

    png = os.path.join(work, "page.png")
    subprocess.run(CHROMIUM + [f"--screenshot={png}", url], capture_output=True, timeout=120)
    blank = subprocess.run([sys.executable, os.path.join(HERE, "png_not_blank.py"), png, "0.03"], capture_output=True, text=True)
    check(os.path.exists(png) and blank.returncode == 0, f"the screenshot after a query is not blank: {blank.stdout.strip() or blank.stderr.strip()}")

    dom = dump_dom(server.base + "/?q=" + urllib.parse.quote("<script>alert('q')</script> tag was printed"))
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", dom, re.S)
    matches = re.findall(r'<div class="match"[^>]*>(.*?)</div>\s*</div>', dom, re.S)
    check(len(scripts) == 1 and "alert(" not in scripts[0] and "&lt;script&gt;alert('q')&lt;/script&gt;" in dom
          and any("&lt;script&gt;" in m and "报道中印出了&lt;script&gt;标签。" in m for m in matches),
          "a query and a stored unit with <script> show as text; the only script is the page's own")

    # The article form, posted by the browser itself (a page that submits it on load).
    article = "The harbour reopened today. <script>document.title='owned'</script> <b>bold claim</b>"
    form = os.path.join(work, "post.html")
    script_string = json.dumps(article).replace("</", "<" + chr(92) + "/")  # "</script>" would end the page's script
    with open(form, "w") as f:
        f.write(f"""<!DOCTYPE html><html><body><form id="f" method="post" action="{server.base}/">
<textarea name="article"></textarea></form>
<script>document.querySelector('textarea').value = {script_string}; document.getElementById('f').submit();</script>
</body></html>""")
    dom = dump_dom("file://" + form, ["--virtual-time-budget=10000"])
    check("Covered at 75% or more" in dom and "&lt;script&gt;document.title='owned'&lt;/script&gt;" in dom
          and "<title>owned</title>" not in dom and "<b>bold claim</b>" not in dom,
          "an article with <script> posted from the form is analysed and shows as text")
finally:
    server.close()
print(f"result serve_page failures={failures}")
sys.exit(1 if failures else 0)
