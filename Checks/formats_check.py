#!/usr/bin/env python3
"""Imports every real translation file in a folder (shared/data/formats) into
a fresh memory each, with the release `tmkit`, and checks the results:
every file imports (exit 0), XuanZang.tmx and XuanZang-utf16.tmx each give
the same 51 English-Chinese units, empty-tmx.tmx gives zero.

usage: formats_check.py TMKIT_BINARY FORMATS_DIR
Prints one line per file and `formats: N passed, M failed`."""
import json
import os
import subprocess
import sys
import tempfile

binary, folder = sys.argv[1], sys.argv[2]
kinds = {".tmx": "tmx", ".xliff": "xliff", ".xlf": "xliff", ".sdlxliff": "xliff", ".tsv": "tsv", ".csv": "tsv"}
expected_units = {"XuanZang.tmx": 51, "XuanZang-utf16.tmx": 51, "empty-tmx.tmx": 0, "empty-xliff12.xliff": 0}
passed = failed = 0
units_by_file = {}
work = tempfile.mkdtemp(prefix="tmkit-formats-")
for name in sorted(os.listdir(folder)):
    ext = os.path.splitext(name)[1].lower()
    if ext not in kinds:
        continue
    db = os.path.join(work, name + ".sqlite")
    r = subprocess.run([binary, "import", kinds[ext], "--db", db, os.path.join(folder, name)], capture_output=True, text=True)
    stats = subprocess.run([binary, "stats", "--db", db, "--format", "json"], capture_output=True, text=True)
    units = json.loads(stats.stdout)["units"] if stats.returncode == 0 else None
    units_by_file[name] = units
    ok = r.returncode == 0 and units is not None
    if name in expected_units:
        ok = ok and units == expected_units[name]
    summary = (r.stdout.strip().splitlines() or [r.stderr.strip()])[0]
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {units} units; {summary.split(': ', 1)[-1]}")
    passed, failed = passed + ok, failed + (not ok)

# The UTF-16 file must give the very same units as the UTF-8 one.
if "XuanZang.tmx" in units_by_file:
    a = os.path.join(work, "XuanZang.tmx.sqlite")
    b = os.path.join(work, "XuanZang-utf16.tmx.sqlite")
    import sqlite3
    dump = lambda db: sorted(sqlite3.connect(db).execute("SELECT en, zh FROM units").fetchall())
    same = len(dump(a)) == 51 and dump(a) == dump(b)
    print(f"{'ok  ' if same else 'FAIL'} XuanZang.tmx and XuanZang-utf16.tmx hold the same units")
    passed, failed = passed + same, failed + (not same)
print(f"formats: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
