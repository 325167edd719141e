#!/usr/bin/env python3
"""schemathesis against `tmkit serve`'s /openapi.json: generated requests for
every operation (with the write token, so writes are exercised too); fails on
any 5xx or any response that does not match the document.

Usage: serve_schema_check.py TMKIT [--examples 30]"""
import argparse
import subprocess
import sys

from serve_support import ScratchServer

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"

parser = argparse.ArgumentParser()
parser.add_argument("tmkit")
parser.add_argument("--examples", type=int, default=30)
args = parser.parse_args()
server = ScratchServer(args.tmkit)
try:
    run = subprocess.run(["st", "run", server.base + "/openapi.json", "-H", f"Authorization: Bearer {server.token}",
                          "--checks", CHECKS, "--max-examples", str(args.examples), "--request-timeout", "30",
                          "--generation-deterministic"], capture_output=True, text=True)
    lines = run.stdout.strip().splitlines()
    print("\n".join(lines if run.returncode else lines[-14:]))
    print(f"result schemathesis exit={run.returncode}")
finally:
    server.close()
sys.exit(1 if run.returncode else 0)
