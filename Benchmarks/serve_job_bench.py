#!/usr/bin/env python3
"""Jobs on `tmkit serve` under load (release build, a large memory).

1. Creating a job from an article (every segment looked up and filled) and
   opening it: the editor page (every segment with its best match, the panel
   of the first one) and the job as JSON; medians of three opens.
2. Eight clients confirm segments in a loop (each its own share of the
   segments; later rounds edit the units the first one stored) while four
   others look up; every confirmation's round trip is timed.
3. Afterwards: no request failed, every segment holds the text of its last
   confirmation that got its 200, and the memory gained exactly one unit per
   distinct sentence (edits change units, they do not add them).

Usage: serve_job_bench.py TMKIT DB ARTICLE [--seconds 20] [--confirmers 8] [--lookers 2]
Prints `result job create_s=… open_page_s=… open_json_s=… segments=…` and
`result confirm p50_ms=… p95_ms=… confirmations=… lookups=… errors=… lost=… units_ok=0|1`.
"""
import argparse
import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from serve_bench import start_server

parser = argparse.ArgumentParser()
parser.add_argument("tmkit")
parser.add_argument("db")
parser.add_argument("article")
parser.add_argument("--seconds", type=float, default=20)
parser.add_argument("--confirmers", type=int, default=8)
parser.add_argument("--lookers", type=int, default=2)
args = parser.parse_args()

work = tempfile.mkdtemp(prefix="tmkit-job-bench-")
token = secrets.token_hex(24)
with open(os.path.join(work, "token"), "w") as f:
    f.write(f"bench {token}\n")
glossary = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "glossary")
server, base = start_server(args.tmkit, args.db, os.path.join(work, "token"), glossary)
port = int(base.rsplit(":", 1)[1])


local = threading.local()


def request(method, path, body=None, accept="application/json", timeout=120):
    """One request on this thread's kept-alive connection (as a browser keeps its own)."""
    if getattr(local, "connection", None) is None:
        local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    data = json.dumps(body).encode() if body is not None else None
    try:
        local.connection.request(method, path, body=data,
                                 headers={"Content-Type": "application/json", "Accept": accept, "Authorization": f"Bearer {token}"})
        response = local.connection.getresponse()
        raw = response.read()
    except Exception:
        local.connection.close()
        local.connection = None
        raise
    if response.status != 200 and response.status != 201:
        raise RuntimeError(f"{method} {path}: HTTP {response.status}: {raw[:200]!r}")
    return json.loads(raw) if accept == "application/json" else raw


try:
    units_before = request("GET", "/stats")["units"]
    text = open(args.article, encoding="utf-8").read()
    start = time.perf_counter()
    job = request("POST", "/jobs", {"text": text, "name": os.path.basename(args.article), "document": "bench-" + secrets.token_hex(4)})
    create_s = time.perf_counter() - start
    path = f"/jobs/{job['id']}"
    pages, jsons = [], []
    for _ in range(3):
        start = time.perf_counter()
        page = request("GET", path, accept="text/html")
        pages.append(time.perf_counter() - start)
        start = time.perf_counter()
        segments = request("GET", path)["segments"]
        jsons.append(time.perf_counter() - start)
    filled = sum(1 for s in segments if s["status"] == "draft")
    print(f"result job create_s={create_s:.2f} open_page_s={statistics.median(pages):.3f} open_json_s={statistics.median(jsons):.3f} "
          f"segments={len(segments)} filled={filled} page_kb={len(page) // 1024}")

    lock = threading.Lock()
    latencies, errors, lookups = [], [], [0]
    acked = {}  # segment -> (sequence, text) of its last confirmation that got its 200
    sequence = [0]
    stop = time.time() + args.seconds

    def confirmer(k):
        mine = [s["n"] for s in segments if s["n"] % args.confirmers == k]
        round_ = 0
        while time.time() < stop:
            for n in mine:
                if time.time() >= stop:
                    return
                zh = f"译文{n}第{round_}稿。"
                start = time.perf_counter()
                try:
                    reply = request("PUT", f"{path}/segments/{n}", {"zh": zh, "status": "confirmed"}, timeout=30)
                except Exception as error:  # noqa: BLE001 - every failure counts
                    with lock:
                        errors.append(f"confirm {n}: {error!r}")
                    continue
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    sequence[0] += 1
                    for s in reply["segments"]:
                        acked[s["n"]] = (sequence[0], s["zh"])
            round_ += 1

    queries = [s["en"] for s in segments]

    def looker(k):
        i = k
        while time.time() < stop:
            q = urllib.parse.quote(queries[i % len(queries)])
            try:
                request("GET", f"/lookup?q={q}", timeout=30)
                with lock:
                    lookups[0] += 1
            except Exception as error:  # noqa: BLE001
                with lock:
                    errors.append(f"lookup: {error!r}")
            i += args.lookers

    threads = [threading.Thread(target=confirmer, args=(k,)) for k in range(args.confirmers)]
    threads += [threading.Thread(target=looker, args=(k,)) for k in range(args.lookers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    after = request("GET", path)["segments"]
    lost = [s["n"] for s in after if s["n"] in acked and (s["status"] != "confirmed" or s["zh"] != acked[s["n"]][1])]
    units_after = request("GET", "/stats")["units"]
    distinct = len({s["en"] for s in after if s["status"] == "confirmed"})
    units_ok = int(units_after == units_before + distinct)
    ordered = sorted(latencies)
    p50 = ordered[len(ordered) // 2] * 1000 if ordered else 0
    p95 = ordered[int(len(ordered) * 0.95)] * 1000 if ordered else 0
    for e in errors[:5]:
        print("error:", e)
    print(f"units before {units_before}, after {units_after}, distinct confirmed sentences {distinct}")
    print(f"result confirm p50_ms={p50:.1f} p95_ms={p95:.1f} confirmations={len(latencies)} lookups={lookups[0]} "
          f"errors={len(errors)} lost={len(lost)} units_ok={units_ok}")
finally:
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)
check = subprocess.run([args.tmkit, "check", "--db", args.db], capture_output=True, text=True)
print(check.stdout.strip().splitlines()[-1] if check.stdout.strip() else check.stderr.strip())
print(f"result job_check ok={int(check.returncode == 0)}")
