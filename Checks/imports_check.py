#!/usr/bin/env python3
"""Every module a target imports is declared in Package.swift (as a target
or a product it depends on), only the SQLite backend imports GRDB, and the
backend-neutral core (TMMemory), the formats and the PostgreSQL backend do
not depend on the SQLite backend.

  python3 Checks/imports_check.py        # from the package root
Prints one line per problem and exits 1 when there is any.
"""
import json
import os
import re
import subprocess
import sys

# Modules of the toolchain itself, which no Package.swift declares.
TOOLCHAIN = {"Foundation", "FoundationXML", "FoundationNetworking", "Dispatch", "Synchronization",
             "Testing", "XCTest", "Glibc", "Darwin", "_Concurrency"}
# Where GRDB may be imported: the SQLite backend, and tests that damage a memory underneath TMKit on purpose.
GRDB_ALLOWED = ("Sources/TMSQLite/", "Tests/TMSQLiteTests/", "Tests/ConformanceTests/")

package = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True).stdout)
problems = []
for target in package["targets"]:
    name = target["name"]
    folder = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", name)
    declared = set()
    for dependency in target["dependencies"]:
        _, value = next(iter(dependency.items()))
        declared.add(value[0])  # a target, or a product named as its module
    for root, _, files in os.walk(folder):
        for file in files:
            if not file.endswith(".swift"):
                continue
            path = os.path.join(root, file)
            with open(path, encoding="utf-8") as source:
                for number, line in enumerate(source, 1):
                    match = re.match(r"(?:@testable\s+)?import\s+(\w+)\s*$", line)
                    if not match:
                        continue
                    module = match.group(1)
                    if module not in TOOLCHAIN and module not in declared and module != name:
                        problems.append(f"{path}:{number}: imports {module}, which target {name} does not declare")
                    if module in ("GRDB", "GRDBSQLite") and not path.startswith(GRDB_ALLOWED):
                        problems.append(f"{path}:{number}: imports {module} outside the SQLite backend")

# The backend-neutral core and what builds on it alone never reach a database driver.
dependencies = {t["name"]: [next(iter(d.values()))[0] for d in t["dependencies"]] for t in package["targets"]}
def closure(name, seen=None):
    seen = set() if seen is None else seen
    for dependency in dependencies.get(name, []):
        if dependency not in seen:
            seen.add(dependency)
            closure(dependency, seen)
    return seen
for name in ("TMMemory", "TMFormats", "TMPostgres"):
    for forbidden in ("TMSQLite", "GRDB", "GRDBSQLite") + (("PostgresNIO",) if name != "TMPostgres" else ()):
        if forbidden in closure(name):
            problems.append(f"Package.swift: {name} depends on {forbidden}")

for problem in problems:
    print(problem)
print(f"imports: {len(problems)} problems in {len(package['targets'])} targets")
sys.exit(1 if problems else 0)
