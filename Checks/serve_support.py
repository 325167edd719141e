"""Starts `tmkit serve` on a scratch copy of the bundled memory and glossary (for the serve checks)."""
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def browser(width=1100, height=1300):
    """Headless Chromium through the system's chromedriver (nothing downloaded)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class ScratchServer:
    def __init__(self, tmkit, writers=()):
        """`writers`: names of translators, each given a token of their own (`self.tokens[name]`)."""
        self.work = tempfile.mkdtemp(prefix="tmkit-serve-")
        self.token = secrets.token_hex(24)
        self.tokens = {name: secrets.token_hex(24) for name in writers}
        token_file = os.path.join(self.work, "token")
        with open(token_file, "w") as f:
            f.write(f"api {self.token}\n" + "".join(f"{name} {token}\n" for name, token in self.tokens.items()))
        glossary = os.path.join(self.work, "glossary")
        shutil.copytree(os.path.join(ROOT, "glossary"), glossary)
        self.db = os.path.join(self.work, "tm.sqlite")
        subprocess.run([tmkit, "import", "tmx", "--db", self.db, os.path.join(ROOT, "memory", "seed-newsroom.tmx")],
                       check=True, capture_output=True)
        self.process = subprocess.Popen([tmkit, "serve", "--db", self.db, "--glossary", glossary, "--port", "0", "--token-file", token_file],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.close()
            sys.exit(f"tmkit serve did not start: {line!r}")
        self.base = f"http://127.0.0.1:{match.group(1)}"

    def close(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.work, ignore_errors=True)
