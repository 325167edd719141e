#!/usr/bin/env python3
"""Reads a TMX written by TMKit with Translate Toolkit (PyPI translate-toolkit)
and checks that it sees every unit with both sides. Its converters ship
po2tmx but no tmx2po in the versions on PyPI, so the TMX store that a
tmx2po would use is called directly. usage: tmx_peer_check.py FILE.tmx EXPECTED_UNITS"""
import sys
from translate.storage import tmx

path, expected = sys.argv[1], int(sys.argv[2])
store = tmx.tmxfile.parsefile(path)
units = [u for u in store.units if u.source and u.target]
print(f"Translate Toolkit {__import__('translate').__version__.sver if hasattr(__import__('translate').__version__, 'sver') else ''} read {len(units)} units with both sides from {path}")
for u in units[:2]:
    print(f"  {u.source!r} -> {u.target!r}")
sys.exit(0 if len(units) == expected else 1)
