#!/usr/bin/env python3
"""Bad-input checks for `tmkit segment` on a release build.

usage: bad_input_check.py TMKIT_BINARY [--big-mb 200]

Each check runs the real binary on a generated file and prints one line;
the script exits 1 if any check fails. The large-file check reports the peak
memory (resident set) of the process, which must stay far below the file size
because articles are read block by block.
"""
import os
import shutil
import resource
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1]
big_mb = int(sys.argv[sys.argv.index("--big-mb") + 1]) if "--big-mb" in sys.argv else 200
work = tempfile.mkdtemp(prefix="tmkit-bad-input-")
failures = 0


def run(path, *extra):
    return subprocess.run([binary, "segment", path, *extra], capture_output=True)


def check(name, ok, detail):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    if not ok:
        failures += 1


def write(name, data):
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


# A binary file: refused with exit status 2 and a message naming the file.
path = write("binary.txt", open(sys.executable, "rb").read(4096))
r = run(path)
msg = r.stderr.decode()
check("binary file", r.returncode == 2 and path in msg and "binary" in msg, msg.strip())

# Invalid UTF-8 on line 2, column 4.
path = write("latin1.txt", "First line.\nabc".encode() + b"\xe9t\xe9 here.\n")
r = run(path)
msg = r.stderr.decode()
check("invalid UTF-8", r.returncode == 2 and f"{path}:2:4:" in msg, msg.strip())

# An empty file: refused with exit 2, naming the file.
path = write("empty.txt", b"")
r = run(path)
check("empty file", r.returncode == 2 and r.stdout == b"" and f"{path}: the file is empty" in r.stderr.decode(),
      f"exit {r.returncode}, {len(r.stdout)} bytes out")

# An HTML file beyond the size HTML is read whole: a clear refusal.
path = write("huge.html", b"<p>Data centres use power.</p>\n" * ((70 << 20) // 31))
r = run(path)
msg = r.stderr.decode()
check("oversized HTML", r.returncode == 2 and path in msg and "larger than" in msg, msg.strip())
# One enormous line: refused rather than held in memory.
path2 = write("one-line.html", b"<p>" + b"Data centres use power. " * ((40 << 20) // 24) + b"</p>")
r = run(path2)
msg = r.stderr.decode()
check("40 MB single line", r.returncode == 2 and path2 in msg and "longer than" in msg, msg.strip())
os.remove(path2)
os.remove(path)

# A large plain-text file: correct result with bounded memory.
paragraph = ("Amazon committed a further $4 billion to the start-up on Apr. 21. "
             "Dr. Chen said the U.S. deal was the largest yet. Shares rose 3.5%.\n"
             "亚马逊追加投资40亿美元。“这是最大的一笔交易。”陈博士说。股价上涨3.5%。\n\n").encode()
path = os.path.join(work, "big.txt")
with open(path, "wb") as f:
    repeats = (big_mb << 20) // len(paragraph) + 1
    chunk = paragraph * 1000
    for _ in range(repeats // 1000 + 1):
        f.write(chunk)
size_mb = os.path.getsize(path) / 1e6
start = time.time()
with open(os.devnull, "wb") as devnull:
    p = subprocess.run([binary, "segment", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
elapsed = time.time() - start
lines = p.stdout.count(b"\n")
expected = 6 * ((repeats // 1000 + 1) * 1000)
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
check("large file", p.returncode == 0 and lines == expected,
      f"{size_mb:.0f} MB in {elapsed:.1f} s, {lines} sentences (expected {expected})")
# Peak memory of a run that discards its output, measured in a fresh wrapper
# process so no other child's figure mixes in.
probe = ("import resource, subprocess, sys;"
         "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
         "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
out = subprocess.run([sys.executable, "-c", probe, binary, "segment", path], capture_output=True, text=True).stdout.split()
code, peak_mb = int(out[0]), int(out[1]) / 1024
check("large file memory", code == 0 and peak_mb < 150,
      f"peak resident memory {peak_mb:.0f} MB for a {size_mb:.0f} MB file (limit 150 MB)")
os.remove(path)

shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
