#!/usr/bin/env python3
"""Runs a command once, discarding its output, and prints its wall time and
peak resident memory: `result seconds=S rss_mib=M`. usage: run_timed.py CMD..."""
import resource
import subprocess
import sys
import time

start = time.time()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.time() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
if r.returncode != 0:
    sys.stderr.write(r.stderr.decode())
    sys.exit(r.returncode)
print(f"result seconds={seconds:.2f} rss_mib={rss:.0f}")
