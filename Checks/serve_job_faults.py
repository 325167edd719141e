#!/usr/bin/env python3
"""`kill -9` of `tmkit serve` during a stream of job confirmations: after a
restart, every confirmation that got its 200 is in the job and in the memory
(its pair found by a lookup), and `tmkit check` passes. Three rounds, each
killed at a random moment while four clients confirm.

Usage: serve_job_faults.py TMKIT [--rounds 3]
Prints `ok …`/`FAILED …` and `result job_faults rounds=… acked=… lost=… check_ok=0|1`."""
import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("tmkit")
parser.add_argument("--rounds", type=int, default=3)
args = parser.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = 0


def check(ok, what):
    global failures
    print(("ok      " if ok else "FAILED  ") + what)
    failures += 0 if ok else 1


work = tempfile.mkdtemp(prefix="tmkit-job-faults-")
db = os.path.join(work, "tm.sqlite")
token = secrets.token_hex(24)
with open(os.path.join(work, "token"), "w") as f:
    f.write(f"mei {token}\n")
subprocess.run([args.tmkit, "import", "tmx", "--db", db, os.path.join(root, "memory", "seed-newsroom.tmx")], check=True, capture_output=True)


def start():
    process = subprocess.Popen([args.tmkit, "serve", "--db", db, "--glossary", os.path.join(root, "glossary"), "--port", "0",
                                "--token-file", os.path.join(work, "token")], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
    if not match:
        process.kill()
        sys.exit("tmkit serve did not start")
    return process, f"http://127.0.0.1:{match.group(1)}"


def call(base, method, path, body=None, timeout=30):
    r = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                               headers={"Content-Type": "application/json", "Accept": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(r, timeout=timeout) as response:
        return json.loads(response.read())


# An article of 400 distinct sentences.
places = ["harbour", "bridge", "station", "market", "library", "stadium", "airport", "museum"]
sentences = [f"The {places[k % 8]} project number {k} will open {k % 12 + 1} weeks early." for k in range(400)]
article = "# Works across the city\n\n" + "\n\n".join(sentences) + "\n"
process, base = start()
job = call(base, "POST", "/jobs", {"text": article, "name": "works.md"})
path = f"/jobs/{job['id']}"
segments = call(base, "GET", path)["segments"]
acked = {}  # segment -> text of its last confirmation that got a 200
sent = {}  # segment -> text of a confirmation sent after it (stored or not when the server died)
total_acked = 0
try:
    for round_ in range(args.rounds):
        lock = threading.Lock()
        stop = threading.Event()

        def confirmer(k):
            global total_acked
            # Passes over its share of the segments until the server is gone: later passes edit the units.
            for s in (s for p in range(1000) for s in segments[k::4]):
                if stop.is_set():
                    return
                zh = f"第{round_}轮第{total_acked}次：{s['n']}号工程将提前开放。"
                with lock:
                    sent[s["n"]] = zh
                try:
                    call(base, "PUT", f"{path}/segments/{s['n']}", {"zh": zh, "status": "confirmed"}, timeout=10)
                except (OSError, urllib.error.URLError):
                    return  # the server is gone: this one was not acknowledged
                with lock:
                    acked[s["n"]] = zh
                    total_acked += 1

        threads = [threading.Thread(target=confirmer, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.3, 2.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        stop.set()
        for t in threads:
            t.join()
        process, base = start()
        after = {s["n"]: s for s in call(base, "GET", path)["segments"]}
        # A confirmation sent after the last acknowledged one may have been stored before the kill, or not.
        lost = [n for n, zh in acked.items() if after[n]["status"] != "confirmed" or after[n]["zh"] not in (zh, sent.get(n))]
        sample = random.sample(sorted(acked), min(20, len(acked)))
        found = 0
        for n in sample:
            matches = call(base, "GET", "/lookup?min=100&q=" + urllib.parse.quote(after[n]["en"]))
            found += any(m["target"] == after[n]["zh"] for m in matches)
        check(not lost and found == len(sample),
              f"round {round_ + 1}: killed while confirming ({total_acked} confirmations acknowledged so far); {len(lost)} of {len(acked)} segments lost their last one, {found}/{len(sample)} found by lookup")
        process.terminate()
        process.wait()
        checked = subprocess.run([args.tmkit, "check", "--db", db], capture_output=True, text=True)
        check(checked.returncode == 0, f"round {round_ + 1}: tmkit check after the restart: {checked.stdout.strip().splitlines()[-1:]}")
        process, base = start()
finally:
    process.terminate()
    process.wait()
    shutil.rmtree(work, ignore_errors=True)
print(f"result job_faults rounds={args.rounds} acked={total_acked} failures={failures}")
sys.exit(1 if failures else 0)
