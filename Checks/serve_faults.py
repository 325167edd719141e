#!/usr/bin/env python3
"""`tmkit serve` keeps serving through bad clients and crashes, and the memory
stays consistent. Each check prints `ok …` or `FAILED …`; exit status 1 if any failed.

  malformed JSON; a truncated upload; a 200 MB body; 1,000 idle connections;
  a client that disconnects mid-upload and one that leaves once its upload is
  sent; `kill -9` of the server in the middle of an import, then a restart,
  `tmkit check`, and the import run again.

Usage: serve_faults.py TMKIT [--big-mb 200] [--idle 1000]
"""
import argparse
import json
import os
import random
import re
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

failures = 0


def check(ok, what):
    global failures
    print(("ok      " if ok else "FAILED  ") + what)
    if not ok:
        failures += 1


class Server:
    def __init__(self, tmkit, db, token_file, glossary):
        self.args = [tmkit, "serve", "--db", db, "--glossary", glossary, "--port", "0", "--token-file", token_file]
        self.start()

    def start(self):
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            sys.exit(f"tmkit serve did not start: {line!r}")
        self.port = int(match.group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self, sig=None):
        if sig:
            self.process.send_signal(sig)
        else:
            self.process.terminate()
        self.process.wait()


def request(base, path, body=None, token=None, timeout=30, content_type="application/json"):
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(base + path, data=body, method="POST" if body is not None else "GET", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def units(base):
    return json.loads(request(base, "/stats")[1])["units"]


def alive(base):
    try:
        return request(base, "/health", timeout=10)[0] == 200
    except OSError:
        return False


def tsv(prefix, count):
    rows = [f"{prefix} sentence number {k} on the ferry timetable.\t{prefix}第{k}句，关于渡轮时刻表。" for k in range(count)]
    return ("en\tzh\n" + "\n".join(rows) + "\n").encode()


def raw_upload(port, token, path, body, declared=None, send_bytes=None, read_reply=True):
    """Sends a POST by hand: `declared` Content-Length, only `send_bytes` of the body, then maybe reads the reply."""
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {declared if declared is not None else len(body)}\r\n\r\n")
    s.sendall(head.encode())
    s.sendall(body[:send_bytes] if send_bytes is not None else body)
    reply = b""
    if read_reply:
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
                if b"\r\n\r\n" in reply and b"}" in reply:
                    break
        except OSError:
            pass
    s.close()
    return reply


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tmkit")
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--idle", type=int, default=1000)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.idle + 200)), hard))

    work = tempfile.mkdtemp(prefix="tmkit-serve-faults-")
    token = secrets.token_hex(24)
    token_file = os.path.join(work, "token")
    with open(token_file, "w") as f:
        f.write(token + "\n")
    os.makedirs(os.path.join(work, "glossary"))
    db = os.path.join(work, "tm.sqlite")
    seed = os.path.join(work, "seed.tsv")
    with open(seed, "wb") as f:
        f.write(tsv("Seed", 1000))
    subprocess.run([args.tmkit, "import", "tsv", "--db", db, seed], check=True, capture_output=True)
    server = Server(args.tmkit, db, token_file, os.path.join(work, "glossary"))
    base, port = server.base, server.port
    try:
        start = units(base)

        status, body = request(base, "/coverage", body=b'{"text": "unterminated')
        check(status == 400 and b"malformed JSON" in body and alive(base), f"malformed JSON: {status}, and the server still answers")

        full = tsv("Truncated", 2000)
        raw_upload(port, token, "/import?name=truncated.tsv", full, send_bytes=len(full) // 2, read_reply=False)
        time.sleep(0.5)
        check(alive(base) and units(base) == start, "a truncated upload (half the declared length, then gone) stores nothing")

        big = b"x" * (1 << 20)
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.sendall((f"POST /import?name=big.tsv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                   f"Content-Length: {args.big_mb << 20}\r\n\r\n").encode())
        sent = 0
        try:
            for _ in range(args.big_mb):
                s.sendall(big)
                sent += 1
        except OSError:
            pass
        try:
            reply = s.recv(65536)
        except OSError:
            reply = b""
        s.close()
        check(b" 413 " in reply.split(b"\r\n", 1)[0] and alive(base) and units(base) == start,
              f"a {args.big_mb} MB body: 413 after {sent} MB sent, nothing stored, still serving")

        idle = []
        try:
            for _ in range(args.idle):
                idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
            begin = time.time()
            ok = all(request(base, "/lookup?q=Seed%20sentence%20number%207%20on%20the%20ferry.")[0] == 200 for _ in range(20))
            check(ok and len(idle) == args.idle, f"{len(idle)} idle connections open: 20 lookups answered in {time.time() - begin:.2f} s")
        finally:
            for s in idle:
                s.close()

        upload = tsv("Disconnect", 20000)
        raw_upload(port, token, "/import?name=gone.tsv", upload, send_bytes=len(upload) * 2 // 3, read_reply=False)
        time.sleep(0.5)
        check(units(base) == start, "a client gone two thirds into its upload: nothing stored")
        raw_upload(port, token, "/import?name=sent.tsv", upload, read_reply=False)
        deadline = time.time() + 30
        while units(base) == start and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)
        after = units(base)
        check(after in (start, start + 20000), f"a client gone once its upload was sent: the import is whole or absent ({after - start} of 20000)")
        status, body = request(base, "/import?name=sent.tsv", body=upload, token=token, content_type="application/octet-stream")
        check(status in (200, 201) and units(base) == start + 20000, "the same upload again completes it")
        start = units(base)

        # kill -9 while a large import is being written.
        upload = tsv("Killed", 150000)
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        s.sendall((f"POST /import?name=killed.tsv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                   f"Content-Length: {len(upload)}\r\n\r\n").encode() + upload)
        time.sleep(random.uniform(0.3, 1.0))
        server.stop(9)
        s.close()
        check_run = subprocess.run([args.tmkit, "check", "--db", db], capture_output=True, text=True)
        check(check_run.returncode == 0, f"after kill -9 mid-import, tmkit check passes: {check_run.stdout.strip().splitlines()[-1:]}")
        server.start()
        base, port = server.base, server.port
        now = units(base)
        check(now in (start, start + 150000), f"after the restart the import is whole or absent ({now - start} of 150000)")
        status, body = request(base, "/import?name=killed.tsv", body=upload, token=token, timeout=300, content_type="application/octet-stream")
        check(status in (200, 201) and units(base) == start + 150000, f"the import run again completes it ({units(base) - start} of 150000)")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"result serve_faults failures={failures}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
