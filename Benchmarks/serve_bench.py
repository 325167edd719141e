#!/usr/bin/env python3
"""Load on `tmkit serve` with wrk on loopback (release build).

1. Lookups: wrk with N connections for D seconds, each request a different
   sentence of an article (near misses and new sentences); prints requests/s
   and p50/p99 latency from wrk's own histogram.
2. Mixed: the same lookups while importers post new pairs (TSV uploads) the
   whole time; afterwards the memory must hold exactly the units before plus
   the ones imported, and no request may have failed.

Usage: serve_bench.py TMKIT DB QUERIES_FILE [--seconds 60] [--connections 16] [--mixed-seconds 60]
Prints `result lookup rps=… p50_ms=… p99_ms=… errors=…` and
`result mixed rps=… p99_ms=… errors=… imported=… units_ok=0|1`.
"""
import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request


def start_server(tmkit, db, token_file, glossary):
    process = subprocess.Popen([tmkit, "serve", "--db", db, "--glossary", glossary, "--port", "0", "--token-file", token_file],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        process.kill()
        sys.exit(f"tmkit serve did not start: {line!r}")
    return process, f"http://127.0.0.1:{match.group(1)}"


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(base, paths_file, seconds, connections):
    script = os.path.join(os.path.dirname(paths_file), "lookups.lua")
    with open(script, "w") as f:
        f.write(f"""
local paths = {{}}
for line in io.lines("{paths_file}") do paths[#paths + 1] = line end
local counter = math.random(#paths)
request = function()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
""")
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s", "-s", script, base],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)}
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sockets:
        errors += sum(int(x) for x in sockets.groups())
    return rps, latency.get("50"), latency.get("99"), errors, out


def stats(base):
    with urllib.request.urlopen(base + "/stats") as r:
        return json.load(r)["units"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tmkit")
    parser.add_argument("db")
    parser.add_argument("queries")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--mixed-seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--batch", type=int, default=200, help="pairs per imported file in the mixed run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    work = tempfile.mkdtemp(prefix="tmkit-serve-bench-")
    token = secrets.token_hex(24)
    token_file = os.path.join(work, "token")
    with open(token_file, "w") as f:
        f.write(token + "\n")
    glossary = os.path.join(work, "glossary")
    os.makedirs(glossary)
    paths_file = os.path.join(work, "paths.txt")
    with open(args.queries, encoding="utf-8") as f, open(paths_file, "w") as out:
        for line in f:
            line = line.strip()
            if line:
                out.write("/lookup?q=" + urllib.parse.quote(line) + "\n")

    # The lookups are measured without a glossary: empty the memory's on purpose (the folder alone never removes entries).
    subprocess.run([args.tmkit, "glossary", "sync", glossary, "--yes", "--db", args.db], check=True, capture_output=True)
    server, base = start_server(args.tmkit, args.db, token_file, glossary)
    try:
        rps, p50, p99, errors, _ = run_wrk(base, paths_file, args.seconds, args.connections)
        print(f"lookups: {args.connections} connections, {args.seconds} s: {rps:.0f} requests/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms, {errors} errors")
        print(f"result lookup rps={rps:.1f} p50_ms={p50:.2f} p99_ms={p99:.2f} errors={errors}")

        before = stats(base)
        stop = threading.Event()
        imported = {"added": 0, "files": 0, "errors": 0}
        lock = threading.Lock()

        run = secrets.token_hex(4)  # new pairs on every run, even on a memory that saw an earlier one

        def importer(worker):
            n = 0
            while not stop.is_set():
                rows = [f"Mixed load {run} sentence {worker}-{n}-{k} about the harbour budget.\t混合负载{run}第{worker}-{n}-{k}句，关于港口预算。" for k in range(args.batch)]
                body = ("en\tzh\n" + "\n".join(rows) + "\n").encode()
                request = urllib.request.Request(f"{base}/import?name=mixed-{run}-{worker}-{n}.tsv", data=body, method="POST",
                                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream"})
                try:
                    with urllib.request.urlopen(request, timeout=120) as r:
                        summary = json.load(r)
                    with lock:
                        imported["added"] += summary["added"]
                        imported["files"] += 1
                except Exception as error:  # counted, and the run fails
                    print(f"import failed: {error}", file=sys.stderr)
                    with lock:
                        imported["errors"] += 1
                n += 1

        threads = [threading.Thread(target=importer, args=(w,)) for w in range(2)]
        for t in threads:
            t.start()
        rps, p50, p99, errors, _ = run_wrk(base, paths_file, args.mixed_seconds, args.connections)
        stop.set()
        for t in threads:
            t.join()
        after = stats(base)
        units_ok = int(after == before + imported["added"] and imported["added"] == imported["files"] * args.batch)
        errors += imported["errors"]
        print(f"mixed: {rps:.0f} lookups/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms while {imported['files']} files "
              f"({imported['added']} units) were imported; units {before} -> {after}; {errors} errors")
        print(f"result mixed rps={rps:.1f} p99_ms={p99:.2f} errors={errors} imported={imported['added']} units_ok={units_ok}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
