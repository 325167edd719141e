#!/usr/bin/env python3
"""TMKit on a PostgreSQL server, end to end with the release binary:
  1. eight `tmkit import` processes load overlapping files into one memory at
     the same time: every pair is stored exactly once;
  2. `tmkit copy` SQLite -> PostgreSQL -> SQLite keeps the units, glossary and
     content checksum (`tmkit stats --checksum`);
  3. `tmkit check`, `backup` and `restore` on PostgreSQL: the backup (a new
     SQLite memory) holds the same content; a restore brings the memory back
     to it, and a damaged backup is refused with the memory unchanged;
  4. `tmkit serve` on PostgreSQL answers 503 while the server is stopped and
     200 again once it is back, without a restart of TMKit.
Usage: postgres_checks.py TMKIT SERVER_URL CLUSTER_DIR PORT
(SERVER_URL names any database of the cluster; scratch databases are created beside it.)"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

tmkit, server_url, cluster, port = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
failures = 0


def check(ok, what):
    global failures
    print(("ok      " if ok else "FAILED  ") + what)
    failures += 0 if ok else 1


def database():
    name = "tmkit_check_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", server_url, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return re.sub(r"/[^/]*$", "/" + name, server_url)


def tmkit_json(*args):
    return json.loads(subprocess.run([tmkit, *args], check=True, capture_output=True, text=True).stdout)


work = tempfile.mkdtemp(prefix="tmkit-pg-")

# 1. Eight importers at once.
db = database()
shared = [f"Shared pair {k} about the city budget vote.\t关于市预算投票的共同句对{k}。" for k in range(3000)]
files = []
for w in range(8):
    own = [f"Importer {w} pair {k} on the tram network.\t导入进程{w}关于电车网络的句对{k}。" for k in range(2000)]
    rows = [x for pair in zip(own, shared[w * 300:] + shared[:w * 300]) for x in pair] + shared[2000:]
    path = os.path.join(work, f"part-{w}.tsv")
    with open(path, "w") as f:
        f.write("en\tzh\n" + "\n".join(rows) + "\n")
    files.append(path)
start = time.time()
processes = [subprocess.Popen([tmkit, "import", "tsv", "--db", db, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for path in files]
outputs = [p.communicate() for p in processes]
codes = [p.returncode for p in processes]
added = sum(int(re.search(r"(\d+) added", out).group(1)) for out, _ in outputs if re.search(r"(\d+) added", out))
units = tmkit_json("stats", "--db", db, "--format", "json")["units"]
expected = 8 * 2000 + 3000
check(codes == [0] * 8 and added == expected and units == expected,
      f"eight processes importing overlapping files at once: {units} units stored, {added} added in total, "
      f"{expected} distinct pairs, exit codes {set(codes)}, {time.time() - start:.1f} s")

# 2. Copy round trip.
seed = os.path.join(work, "seed.sqlite")
subprocess.run([tmkit, "import", "tmx", "--db", seed, os.path.join(root, "memory", "seed-newsroom.tmx")], check=True, capture_output=True)
subprocess.run([tmkit, "import", "tsv", "--db", seed, files[0]], check=True, capture_output=True)
subprocess.run([tmkit, "glossary", "import", "--db", seed, os.path.join(root, "glossary", "policy.tsv")], check=True, capture_output=True)
remote = database()
back = os.path.join(work, "back.sqlite")
subprocess.run([tmkit, "copy", "--from", seed, "--to", remote], check=True, capture_output=True)
subprocess.run([tmkit, "copy", "--from", remote, "--to", back], check=True, capture_output=True)
summaries = [tmkit_json("stats", "--db", x, "--format", "json", "--checksum") for x in (seed, remote, back)]
keys = [(s["units"], s["glossaryEntries"], s["checksum"]) for s in summaries]
check(len(set(keys)) == 1, f"copy SQLite -> PostgreSQL -> SQLite: units, glossary entries and checksum agree: {keys[0]}")

# 3. check, backup and restore on PostgreSQL.
run = lambda *args: subprocess.run([tmkit, *args], capture_output=True, text=True)
checked = run("check", "--db", remote, "--format", "json")
report = json.loads(checked.stdout)
check(checked.returncode == 0 and report["problems"] == [] and report["units"] == keys[0][0],
      f"tmkit check on PostgreSQL: {report['units']} units, {len(report['problems'])} problems")
backup = os.path.join(work, "remote-backup.sqlite")
made = run("backup", "--db", remote, backup)
backed = tmkit_json("stats", "--db", backup, "--format", "json", "--checksum")
check(made.returncode == 0 and (backed["units"], backed["glossaryEntries"], backed["checksum"]) == keys[0],
      f"tmkit backup on PostgreSQL writes an SQLite memory with the same units, glossary and checksum: {made.stdout.strip()}")
subprocess.run([tmkit, "import", "tsv", "--db", remote, files[1]], check=True, capture_output=True)
restored = run("restore", "--db", remote, backup)
after = tmkit_json("stats", "--db", remote, "--format", "json", "--checksum")
check(restored.returncode == 0 and (after["units"], after["glossaryEntries"], after["checksum"]) == keys[0],
      f"tmkit restore on PostgreSQL undoes a later import: {after['units']} units, checksum {after['checksum']}")
damaged = os.path.join(work, "damaged.sqlite")
subprocess.run(["cp", backup, damaged], check=True)
with sqlite3.connect(damaged) as edit:  # a unit's text changed behind TMKit's back
    edit.execute("UPDATE units SET en = en || ' (edited)' WHERE id = (SELECT min(id) FROM units)")
subprocess.run([tmkit, "import", "tsv", "--db", remote, files[1]], check=True, capture_output=True)
before_refusal = tmkit_json("stats", "--db", remote, "--format", "json", "--checksum")["checksum"]
refused = run("restore", "--db", remote, damaged)
check(refused.returncode == 2 and "fails its check" in refused.stderr
      and tmkit_json("stats", "--db", remote, "--format", "json", "--checksum")["checksum"] == before_refusal,
      f"a damaged backup is refused (exit {refused.returncode}) and the memory is unchanged")

# 4. The database restarted under the server.
server = subprocess.Popen([tmkit, "serve", "--db", remote, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
base = "http://" + re.search(r"127\.0\.0\.1:\d+", server.stdout.readline()).group(0)


def status(path):
    try:
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


query = "/lookup?q=" + urllib.parse.quote("Shared pair 17 about the city budget vote.")
before = status(query)
subprocess.run([os.path.join(here, "pg_cluster.sh"), "pause", cluster], check=True)
down = [status(query), status("/health"), status("/stats")]
subprocess.run([os.path.join(here, "pg_cluster.sh"), "resume", cluster, port], check=True)
time.sleep(1)
after = [status(query), status("/health")]
server.terminate()
server.wait()
check(before == 200 and down == [503, 503, 503] and after == [200, 200],
      f"PostgreSQL stopped under tmkit serve: {before} before, {down} while down, {after} once it is back")

print(f"result postgres_checks failures={failures}")
sys.exit(1 if failures else 0)
