#!/usr/bin/env python3
"""A backup taken while two importers write is a consistent snapshot.

Usage: backup_consistency.py TMKIT [--units 40000]

Two `tmkit import` processes write two files of distinct pairs into one
memory while `tmkit backup` copies it several times. Every copy must open,
pass `tmkit check`, and hold each import whole or not at all. Prints one
`result` line.
"""
import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time


def write_pairs(path, prefix, count):
    with open(path, "w", encoding="utf-8") as f:
        f.write("en\tzh\n")
        for k in range(count):
            f.write(f"{prefix} bulletin {k}: the bridge reopens to traffic at noon.\t{prefix}第{k}号公告：大桥中午恢复通车。\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tmkit")
    parser.add_argument("--units", type=int, default=40000)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="tmkit-backup-")
    try:
        db = os.path.join(work, "tm.sqlite")
        write_pairs(os.path.join(work, "base.tsv"), "Base", 100)
        assert subprocess.run([args.tmkit, "import", "tsv", "--db", db, os.path.join(work, "base.tsv")],
                              capture_output=True).returncode == 0
        for name in ("A", "B"):
            write_pairs(os.path.join(work, f"{name}.tsv"), name, args.units)
        importers = [subprocess.Popen([args.tmkit, "import", "tsv", "--db", db, os.path.join(work, f"{name}.tsv")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for name in ("A", "B")]
        backups, during = [], 0
        while True:
            running = sum(p.poll() is None for p in importers)
            path = os.path.join(work, f"backup-{len(backups)}.sqlite")
            result = subprocess.run([args.tmkit, "backup", "--db", db, path], capture_output=True, text=True)
            if result.returncode != 0:
                print(f"backup failed: {result.stderr}", file=sys.stderr)
                return 1
            backups.append(path)
            during += running > 0 and sum(p.poll() is None for p in importers) > 0
            if running == 0:
                break
            time.sleep(0.05)
        for p in importers:
            if p.wait() != 0:
                print(f"an importer failed: {p.stderr.read()}", file=sys.stderr)
                return 1

        inconsistent = 0
        states = set()
        for path in backups:
            check = subprocess.run([args.tmkit, "check", "--db", path], capture_output=True, text=True)
            connection = sqlite3.connect(path)
            counts = {prefix: connection.execute("SELECT count(*) FROM units WHERE en LIKE ?", (prefix + " bulletin %",)).fetchone()[0]
                      for prefix in ("Base", "A", "B")}
            connection.close()
            whole = counts["Base"] == 100 and all(counts[p] in (0, args.units) for p in ("A", "B"))
            states.add((counts["A"] > 0, counts["B"] > 0))
            if check.returncode != 0 or not whole:
                inconsistent += 1
                print(f"{os.path.basename(path)}: check {check.returncode}, counts {counts}", file=sys.stderr)
        print(f"result backups={len(backups)} taken_while_writing={during} snapshot_states={len(states)} inconsistent={inconsistent}")
        return 0 if inconsistent == 0 and during > 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
