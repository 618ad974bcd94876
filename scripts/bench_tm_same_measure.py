#!/usr/bin/env python3
"""Top-1 of dich's fuzzy lookup against rapidfuzz, measure for measure (BENCHMARKS.md, issue 17).

usage: bench_tm_same_measure.py SOURCES QUERIES DICH_TOP1 SCAN_TOP1 WORK_DIR TM_FUZZY_BENCH [SHORTLIST]
(threshold 0.75, the bench's default: a query where neither side finds anything at it agrees)

dich's fuzzy score (src/store/fuzzy.rs) is 1 - distance / longer masked key - charges, where the distance is an
edit distance over the matching keys with numbers and placeholders masked, a letter costing 1, a letter mark
(a/â/ă, d/đ) 0.5 and a tone 0.3, and each number whose value differs 0.02 off the score. rapidfuzz has no scorer
with per-character costs, so the nearest it computes in C++ is the same form, 1 - Levenshtein distance / longer
key (`Levenshtein.normalized_similarity`, every edit 1), on dich's search key: the masked key without tones or
letter marks, lower-cased, spacing collapsed (the processor below). fuzz.ratio (bench_tm_rapidfuzz.py) is
another measure again: an insertion/deletion distance over the sum of both lengths.

For each query, rapidfuzz scans all SOURCES and keeps its best SHORTLIST (default 200) and every entry tied with
its best score. Reported, for the queries of SCAN_TOP1 (the best entry by dich's own score over the whole
memory, written by `DICH_TM_EXHAUSTIVE=N` of benches/tm_fuzzy.rs):
- rapidfuzz's measure: is dich's first match among the entries rapidfuzz ranks best (a tie counts as agreement);
- dich's measure: rapidfuzz's best entries and its shortlist scored by dich (TM_FUZZY_BENCH run with
  DICH_TM_SCORE_PAIRS): does rapidfuzz's first pick score what the scan's best scores, and does its shortlist hold
  an entry of that score.
"""

import os
import re
import statistics
import subprocess
import sys
import time
import unicodedata

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
PLACEHOLDER = re.compile(
    r'(?i)<x\s+id="[^"]*"\s*/>|</?(?:g|ph|bx|ex|pc|sc|ec|bpt|ept|it|mrk)\b[^>]*>'
    r"|\{\{[^{}\s]+\}\}|\{[\w.]+\}|__[^\W\d_]*\d+__|\[\[[^\[\]]+\]\]|⟦[^⟧]*⟧|%(?:\d+\$)?[sd]"
)


def search_key(text):
    """dich's search key, near enough for ranking: placeholders and numbers masked, no diacritics, lower case."""
    text = unicodedata.normalize("NFC", text)
    text = PLACEHOLDER.sub("\ue001", text)
    text = NUMBER.sub("\ue000", text)
    bare = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
    bare = re.sub("[\u2010-\u2015\u2212\ufe63\uff0d]", "-", bare.replace("đ", "d"))
    # As dich's key: syllables and single punctuation marks, one space between each two.
    return " ".join(re.findall(r"[^\W_]+|[^\w\s]|_", bare))


def read_top1(path):
    with open(path, encoding="utf-8") as f:
        out = []
        for line in f.read().splitlines():
            source, _, score = line.partition("\t")
            out.append((source, float(score)) if source else None)
        return out


def main():
    sources_path, queries_path, dich_path, scan_path, work, bench = sys.argv[1:7]
    shortlist = int(sys.argv[7]) if len(sys.argv) > 7 else 200
    threshold = 0.75
    with open(sources_path, encoding="utf-8") as f:
        sources = f.read().splitlines()
    dich = read_top1(dich_path)
    scan = read_top1(scan_path)
    with open(queries_path, encoding="utf-8") as f:
        queries = f.read().splitlines()[: len(scan)]
    keys = [search_key(s) for s in sources]
    times, picks = [], []
    for query in queries:
        start = time.perf_counter()
        found = process.extract(search_key(query), keys, scorer=Levenshtein.normalized_similarity, limit=shortlist)
        best = found[0][1]
        if found[-1][1] == best:
            # More ties than the shortlist: all of them.
            found = process.extract(
                search_key(query), keys, scorer=Levenshtein.normalized_similarity, score_cutoff=best, limit=None
            )
        times.append((time.perf_counter() - start) * 1000)
        picks.append(found)
    print(
        f"rapidfuzz Levenshtein.normalized_similarity on search keys: {len(sources)} choices, {len(queries)} "
        f"queries, per query mean {statistics.mean(times):.0f} ms (shortlist {shortlist} and all ties)"
    )

    # dich's score of every entry rapidfuzz kept.
    pairs = os.path.join(work, "rapidfuzz-pairs.tsv")
    with open(pairs, "w", encoding="utf-8") as f:
        for query, found in zip(queries, picks):
            for _, _, index in found:
                f.write(f"{query}\t{sources[index]}\n")
    subprocess.run([bench], check=True, env={**os.environ, "DICH_TM_SCORE_PAIRS": pairs})
    with open(pairs + ".scored", encoding="utf-8") as f:
        scored = iter([float(line) for line in f.read().splitlines()])

    agree_rf = agree_first = agree_list = 0
    for n, (query, found, mine, best) in enumerate(zip(queries, picks, dich, scan)):
        dich_scores = [next(scored) for _ in found]
        top_rf = found[0][1]
        tied = {sources[i] for _, s, i in found if s == top_rf}
        mine_source = mine[0] if mine else None
        # rapidfuzz's measure: dich's first is one of rapidfuzz's best (exact source, or a key rapidfuzz
        # cannot tell apart from them).
        mine_rf = Levenshtein.normalized_similarity(search_key(query), search_key(mine_source)) if mine else None
        # Neither finds anything at the threshold: the same answer.
        neither = mine is None and best is None and top_rf < threshold
        same_rf = neither or (mine is not None and (mine_source in tied or mine_rf == top_rf))
        agree_rf += same_rf
        best_score = best[1] if best else None
        first_dich = max(s for s, (_, rs, _) in zip(dich_scores, found) if rs == top_rf)
        # dich's measure: rapidfuzz's best-ranked entries hold one of the scan's best score; its shortlist does.
        same_first = neither or (best_score is not None and first_dich == best_score)
        same_list = neither or (best_score is not None and max(dich_scores) == best_score)
        agree_first += same_first
        agree_list += same_list
        if not same_rf or not same_first:
            print(
                f"  query {n + 1}: dich first {mine[1] if mine else None} (rapidfuzz {mine_rf}), "
                f"scan best {best_score}; rapidfuzz best {top_rf:.4f} ({len(tied)} tied, dich's best of them "
                f"{first_dich}), its shortlist's best by dich {max(dich_scores)}\n    query: {query!r}\n"
                f"    dich:  {mine_source!r}\n    scan:  {best[0] if best else None!r}\n"
                f"    rapidfuzz: {sources[found[0][2]]!r}"
            )
    total = len(queries)
    print(
        f"same measure (1 - Levenshtein / longer search key): dich's first match is among rapidfuzz's best for "
        f"{agree_rf} of {total}\n"
        f"dich's measure: rapidfuzz's best-ranked entries include one of the scan's best score for {agree_first} "
        f"of {total}; its shortlist of {shortlist} does for {agree_list} of {total}"
    )


if __name__ == "__main__":
    main()
