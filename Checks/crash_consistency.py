#!/usr/bin/env python3
"""Crash consistency: imports, and find-and-replace runs over a large
memory, killed with SIGKILL at random moments.

Usage: crash_consistency.py TMKIT [--runs 200] [--units 3000] [--seed 1]
                               [--replace-runs 8] [--replace-units 100000]

Each run starts from a copy of a small memory (every fourth from no memory
at all, so that creation and migrations are interrupted too), starts an
import of a TSV file, kills it at a random moment within its usual duration,
then requires `tmkit check` to pass and a second run of the same import to
end with the expected number of units. Then a replacement touching every unit
of a memory of --replace-units units (one transaction) is killed the same way:
the memory must pass its check and be exactly as before (the same
`stats --checksum`), or exactly as after when the kill came too late. Prints
one `result` line per part.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def run(tmkit, *args):
    return subprocess.run([tmkit, *args], capture_output=True, text=True)


def units(tmkit, db):
    out = run(tmkit, "stats", "--db", db, "--format", "json")
    return json.loads(out.stdout)["units"] if out.returncode == 0 else -1


def write_pairs(path, start, count):
    with open(path, "w", encoding="utf-8") as f:
        f.write("en\tzh\n")
        for k in range(start, start + count):
            f.write(f"Reservoir level {k} rose after three days of rain.\t连续三天降雨后，第{k}号水库水位上升。\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tmkit")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replace-runs", type=int, default=8)
    parser.add_argument("--replace-units", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="tmkit-crash-")
    try:
        base_pairs, new_pairs = os.path.join(work, "base.tsv"), os.path.join(work, "new.tsv")
        write_pairs(base_pairs, 0, 200)
        write_pairs(new_pairs, 100_000, args.units)
        base = os.path.join(work, "base.sqlite")
        assert run(args.tmkit, "import", "tsv", "--db", os.path.join(work, "seed.sqlite"), base_pairs).returncode == 0
        assert run(args.tmkit, "backup", "--db", os.path.join(work, "seed.sqlite"), base).returncode == 0

        db = os.path.join(work, "tm.sqlite")

        def fresh(from_nothing):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            if not from_nothing:
                shutil.copy(base, db)

        # How long a whole import takes, to spread the kills over it.
        durations = []
        for _ in range(3):
            fresh(False)
            started = time.monotonic()
            assert run(args.tmkit, "import", "tsv", "--db", db, new_pairs).returncode == 0
            durations.append(time.monotonic() - started)
        duration = sorted(durations)[1]

        killed_mid_import = check_failures = wrong_counts = 0
        for k in range(args.runs):
            from_nothing = k % 4 == 3
            fresh(from_nothing)
            expected = args.units + (0 if from_nothing else 200)
            process = subprocess.Popen([args.tmkit, "import", "tsv", "--db", db, new_pairs],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, duration * 1.1))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed_mid_import += 1
            process.wait()
            check = run(args.tmkit, "check", "--db", db)
            if check.returncode != 0:
                check_failures += 1
                print(f"run {k}: check failed:\n{check.stdout}{check.stderr}", file=sys.stderr)
            again = run(args.tmkit, "import", "tsv", "--db", db, new_pairs)
            count = units(args.tmkit, db)
            if again.returncode != 0 or count != expected:
                wrong_counts += 1
                print(f"run {k}: rerun status {again.returncode}, {count} units, expected {expected}: {again.stderr}", file=sys.stderr)
        print(f"result runs={args.runs} killed_mid_import={killed_mid_import} import_seconds={duration:.3f} "
              f"check_failures={check_failures} wrong_counts={wrong_counts}")
        imports_ok = check_failures == 0 and wrong_counts == 0 and killed_mid_import > args.runs // 2
        replace_ok = killed_replacements(args, rng, work) if args.replace_runs > 0 else True
        return 0 if imports_ok and replace_ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def checksum(tmkit, db):
    out = run(tmkit, "stats", "--db", db, "--checksum", "--format", "json")
    return json.loads(out.stdout).get("checksum") if out.returncode == 0 else None


def killed_replacements(args, rng, work):
    """A replace over every unit of a large memory, killed at random moments."""
    pairs, big, db = os.path.join(work, "big.tsv"), os.path.join(work, "big.sqlite"), os.path.join(work, "replace.sqlite")
    write_pairs(pairs, 0, args.replace_units)
    assert run(args.tmkit, "import", "tsv", "--db", big, pairs).returncode == 0
    before = checksum(args.tmkit, big)
    replace = [args.tmkit, "replace", "--db", db, "--side", "en", "--find", "Reservoir", "--with", "Dam", "--apply"]

    def fresh():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        shutil.copy(big, db)

    fresh()
    started = time.monotonic()
    done = run(*replace)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    after = checksum(args.tmkit, db)
    killed = failures = committed_before_kill = 0
    for k in range(args.replace_runs):
        fresh()
        process = subprocess.Popen(replace, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, duration * 0.95))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        check = run(args.tmkit, "check", "--db", db)
        now = checksum(args.tmkit, db)
        # Killed, the replacement is all or nothing: a kill that lands after
        # the commit (while the process closes the file) leaves it whole.
        expected = {before, after} if process.returncode != 0 else {after}
        if process.returncode != 0 and now == after:
            committed_before_kill += 1
        if check.returncode != 0 or now not in expected:
            failures += 1
            print(f"replace run {k}: check status {check.returncode}, checksum {now}, expected {expected}:\n{check.stdout}", file=sys.stderr)
    print(f"result replace_runs={args.replace_runs} units={args.replace_units} killed_mid_replace={killed} "
          f"committed_before_kill={committed_before_kill} replace_seconds={duration:.3f} failures={failures}")
    return failures == 0 and killed > args.replace_runs // 2


if __name__ == "__main__":
    sys.exit(main())
