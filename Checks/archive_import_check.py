#!/usr/bin/env python3
"""`tmkit import articles` on a generated archive, killed and resumed.

Usage: archive_import_check.py TMKIT [--pairs 200] [--kills 3] [--seed 7]

Writes --pairs article pairs (English and Chinese sentences built from small
word lists, each article different), imports them once into a reference
memory, then into a second memory with the run killed with SIGKILL at random
moments and restarted until it finishes. The second memory must hold every
pair's import exactly once, each unit filed under one import, and pass
`tmkit check`. Also: under a terminal (a pty) the run shows a progress
bar; with stderr redirected it shows none. Prints `ok`/`FAIL` lines and a
`result` line.
"""
import argparse
import json
import os
import pty
import random
import signal
import subprocess
import sys
import tempfile
import time

PLACES = [("Shanghai", "上海"), ("Chengdu", "成都"), ("Nairobi", "内罗毕"), ("Lima", "利马"), ("Oslo", "奥斯陆"), ("Hanoi", "河内")]
SUBJECTS = [("The city council", "市议会"), ("A local bank", "一家本地银行"), ("The port authority", "港务局"), ("Farmers", "农民们")]
ACTIONS = [("approved a budget of {n} million dollars", "批准了{n}00万美元的预算"),
           ("hired {n} new workers", "新雇用了{n}名工人"),
           ("opened {n} new offices", "新开设了{n}个办事处"),
           ("reported a rise of {n} percent in sales", "报告销售额增长了{n}%")]
DAYS = [("on Monday", "周一"), ("on Friday", "周五"), ("last week", "上周"), ("in March", "3月")]


def article(rng, k):
    en, zh = [f"# Report {k} from {PLACES[k % len(PLACES)][0]}", ""], [f"# 来自{PLACES[k % len(PLACES)][1]}的第{k}号报道", ""]
    for s in range(rng.randint(4, 9)):
        (se, sz), (ae, az), (de, dz) = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(DAYS)
        n = rng.randint(2, 900) + 1000 * k + s
        en.append(f"{se} in {PLACES[(k + s) % len(PLACES)][0]} {ae.format(n=n)} {de}.")
        zh.append(f"{PLACES[(k + s) % len(PLACES)][1]}的{sz}{dz}{az.format(n=n)}。")
    return "\n\n".join(en[:2] + [" ".join(en[2:])]) + "\n", "\n\n".join(zh[:2] + ["".join(zh[2:])]) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tmkit")
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="tmkit-archive-")
    en_dir, zh_dir = os.path.join(work, "en"), os.path.join(work, "zh")
    os.makedirs(en_dir)
    os.makedirs(zh_dir)
    for k in range(args.pairs):
        en, zh = article(rng, k)
        open(os.path.join(en_dir, f"story-{k:04d}.en.md"), "w").write(en)
        open(os.path.join(zh_dir, f"story-{k:04d}.zh.md"), "w").write(zh)
    failures = 0

    def check(name, condition, detail=""):
        nonlocal failures
        print(("ok      " if condition else "FAIL    ") + name + (f": {detail}" if detail and not condition else ""))
        failures += 0 if condition else 1

    def command(db, review):
        return [args.tmkit, "import", "articles", en_dir, zh_dir, "--db", db, "--review", review,
                "--embedder", "none", "--lexicon", "none", "--min-confidence", "0.2", "--user", "archivist"]

    def tmkit(*a):
        return subprocess.run([args.tmkit, *a], capture_output=True, text=True)

    reference = os.path.join(work, "reference.sqlite")
    started = time.monotonic()
    clean = subprocess.run(command(reference, os.path.join(work, "reference-review.tsv")), capture_output=True, text=True)
    duration = time.monotonic() - started
    check("an uninterrupted run imports every pair", clean.returncode == 0 and f"{args.pairs} imported" in clean.stdout, clean.stdout + clean.stderr)
    check("with stderr not a terminal, no progress bar", "\r" not in clean.stderr and "[#" not in clean.stderr, repr(clean.stderr[:200]))

    db, review = os.path.join(work, "resumed.sqlite"), os.path.join(work, "review.tsv")
    killed = 0
    for _ in range(args.kills):
        process = subprocess.Popen(command(db, review), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, max(0.2, duration * 0.8)))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        check("tmkit check passes after the kill", tmkit("check", "--db", db).returncode == 0)
    final = subprocess.run(command(db, review), capture_output=True, text=True)
    check(f"the resumed run finishes ({killed} of {args.kills} runs killed)", final.returncode == 0 and "0 failed" in final.stdout, final.stdout + final.stderr)
    imports = json.loads(tmkit("imports", "--db", db, "--format", "json").stdout)
    rows = imports if isinstance(imports, list) else imports.get("imports", [])
    names = [r.get("fileName") or r.get("file") for r in rows]
    check(f"every pair imported exactly once ({len(names)} imports, {len(set(names))} distinct)",
          len(names) == args.pairs and len(set(names)) == args.pairs)
    # The learned lexicon grows with the memory, so a resumed run may link a
    # later pair differently from an uninterrupted one; what must hold is
    # that every pair's units are stored once, under its one import.
    units = int(next(l.split()[1] for l in tmkit("stats", "--db", db).stdout.splitlines() if l.startswith("units")))
    check(f"every unit is filed under exactly one import ({units} units, {sum(r['unitsNow'] for r in rows)} filed)",
          units == sum(r["unitsNow"] for r in rows) and all(r["added"] > 0 for r in rows))
    check("tmkit check passes at the end", tmkit("check", "--db", db).returncode == 0)

    # Under a terminal: a progress bar on stderr.
    small = os.path.join(work, "small.sqlite")
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(args.tmkit, command(small, os.path.join(work, "small-review.tsv")))
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.waitpid(pid, 0)
    check("on a terminal, a progress bar", b"article pairs" in seen and b"\r[" in seen, repr(seen[-200:]))
    print(f"result archive_import pairs={args.pairs} killed={killed} seconds={duration:.1f} failures={failures}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
