#!/usr/bin/env python3
"""The gates of .ci/run, read from one table (.ci/gates.tsv) by one parser.

  gates.py check STEP LOG   read the figures of STEP's gates from LOG, record them, fail if one misses its bound
  gates.py table            print every recorded gate as a table; fail if any failed

A row of the table: step, name, figure, kind, bound, why. The figure is a
regular expression whose one group is the number, searched in the step's
output, or `ratio: NAME / NAME` of two figures of the same step. Kind is
`floor` (the figure must be at least the bound), `ceiling` (at most), or
`info` (recorded for a ratio, not gated). Results go to $CI_RESULTS.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def rows():
    with open(os.path.join(HERE, "gates.tsv"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 6:
                sys.exit(f".ci/gates.tsv:{number}: {len(fields)} fields, not 6 (step, name, figure, kind, bound, why)")
            yield dict(zip(("step", "name", "figure", "kind", "bound", "why"), fields))


def results_path():
    path = os.environ.get("CI_RESULTS")
    if not path:
        sys.exit("gates.py: CI_RESULTS is not set")
    return path


def check(step, log):
    text = open(log, encoding="utf-8", errors="replace").read()
    figures, failed = {}, False
    gates = [row for row in rows() if row["step"] == step]
    if not gates:
        sys.exit(f"gates.py: no gate of step {step} in .ci/gates.tsv")
    with open(results_path(), "a", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t")
        for gate in gates:
            figure = gate["figure"]
            value = None
            if figure.startswith("ratio:"):
                a, b = (part.strip() for part in figure[len("ratio:"):].split("/"))
                if figures.get(a) is not None and figures.get(b):
                    value = round(figures[a] / figures[b], 3)
            else:
                match = re.search(figure, text, re.MULTILINE)
                if match:
                    value = float(match.group(1))
            figures[gate["name"]] = value
            if gate["kind"] == "info":
                continue
            bound = float(gate["bound"])
            if value is None:
                verdict = "MISSING"
            elif gate["kind"] == "floor":
                verdict = "ok" if value >= bound else "FAILED"
            else:
                verdict = "ok" if value <= bound else "FAILED"
            shown = "-" if value is None else f"{value:g}"
            print(f"gate {verdict}: {gate['name']} = {shown} ({gate['kind']} {gate['bound']})")
            failed |= verdict != "ok"
            writer.writerow([verdict, gate["name"], shown, gate["kind"], gate["bound"], gate["why"]])
    return 1 if failed else 0


def table():
    path = results_path()
    if not os.path.exists(path):
        print("no gates ran")
        return 0
    with open(path, encoding="utf-8") as f:
        results = list(csv.reader(f, delimiter="\t"))
    width = max(len(r[1]) for r in results) if results else 10
    print(f"{'':6}  {'gate':{width}}  {'figure':>10}  bound")
    for verdict, name, figure, kind, bound, why in results:
        print(f"{verdict:6}  {name:{width}}  {figure:>10}  {kind} {bound}  ({why})")
    failures = sum(r[0] != "ok" for r in results)
    print(f"{len(results)} gates, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    if len(sys.argv) == 2 and sys.argv[1] == "table":
        sys.exit(table())
    sys.exit(__doc__)
