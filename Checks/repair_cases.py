#!/usr/bin/env python3
"""Builds a match-repair evaluation from English–Chinese pairs (a TSV with en, zh).

Writes a memory TSV (the pairs, sentences whose English occurs with more
than one translation, or whose skeleton is shared by another number, left
out so each query has one right answer) and JSON lines {"query", "repaired"}:

- a pair whose English holds exactly one plain number, found exactly once in
  the Chinese in figures: the query has the number changed, and the expected
  repair is the stored Chinese with the new number, written as the Chinese
  wrote it (thousands separator kept or dropped);
- the same with a word added besides the number: no repair expected;
- a pair whose Chinese spells the number in words: no repair expected.

The expected texts are made here by plain string edits, not by TMKit.
Usage: repair_cases.py PAIRS.tsv OUT_MEMORY.tsv OUT_CASES.jsonl
"""
import json
import random
import re
import sys

NUMBER = re.compile(r"(?<![\d.,:/$€£¥%])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,:/]\d|\s*(?:%|percent|million|billion|thousand|st|nd|rd|th|am|pm))", re.I)
CHINESE_DIGITS = re.compile(r"[0-9０-９]+(?:[,，][0-9０-９]{3})*")
HAN_NUMERALS = set("〇零一二三四五六七八九十百千万亿两")
MONTHS = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b")


def value(text):
    return int(text.replace(",", "").replace("，", "").translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}))


def written(n, like):
    return f"{n:,}" if ("," in like or "，" in like) and n >= 1000 else str(n)


def skeleton(en):
    return re.sub(r"\d[\d,]*", "#", en.strip().lower())


def main(pairs_path, memory_path, cases_path):
    rng = random.Random(7)
    pairs = []
    with open(pairs_path, encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and parts[0].strip() and parts[1].strip():
                pairs.append((parts[0].strip().lstrip("\ufeff"), parts[1].strip()))
    translations, skeletons = {}, {}
    for en, zh in pairs:
        translations.setdefault(en, set()).add(zh)
        if re.search(r"\d", en):
            skeletons.setdefault(skeleton(en), set()).add(en)
    keep = [(en, zh) for en, zh in pairs
            if len(translations[en]) == 1 and (not re.search(r"\d", en) or len(skeletons[skeleton(en)]) == 1)]
    cases = []
    for en, zh in keep:
        numbers = NUMBER.findall(en)
        if len(numbers) != 1 or MONTHS.search(en) or ":" in en:
            continue
        old = value(numbers[0])
        figures = [m for m in CHINESE_DIGITS.finditer(zh) if value(m.group()) == old]
        new = old + rng.choice([1, 2, 3, 5]) if old < 1900 or old > 2100 else old + rng.choice([-3, -1, 2, 4])
        query = NUMBER.sub(written(new, numbers[0]), en, count=1)
        if len(figures) == 1 and not CHINESE_DIGITS.search(zh[:figures[0].start()] + zh[figures[0].end():]):
            m = figures[0]
            cases.append({"query": query, "repaired": zh[:m.start()] + written(new, m.group()) + zh[m.end():]})
            # A word changed besides the number: the stored translation no longer fits.
            words = query.rstrip(".!?").split(" ")
            if len(words) > 2:
                cases.append({"query": " ".join(words[:-1] + ["really", words[-1]]) + query[len(query.rstrip(".!?")):], "repaired": None})
        elif not CHINESE_DIGITS.search(zh) and HAN_NUMERALS & set(zh):
            cases.append({"query": query, "repaired": None})
    with open(memory_path, "w", encoding="utf-8") as f:
        f.write("en\tzh\n")
        for en, zh in keep:
            f.write(f"{en}\t{zh}\n")
    with open(cases_path, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(f"{len(keep)} pairs in the memory, {len(cases)} cases "
          f"({sum(c['repaired'] is not None for c in cases)} with a repair expected)", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
