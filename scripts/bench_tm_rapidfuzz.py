#!/usr/bin/env python3
"""The reference side of the translation-memory benchmark (BENCHMARKS.md, "Translation memory at scale").

usage: bench_tm_rapidfuzz.py SOURCES QUERIES DICH_TOP1 [THRESHOLD LIMIT]

Runs rapidfuzz's process.extract (C++ inside) for each line of QUERIES over the lines of SOURCES (the same
strings dich's memory holds), with fuzz.ratio, the same threshold (as 0–100) and the same limit, on one
thread; prints p50/p95 per query. The choices are lower-cased and space-collapsed once beforehand (dich's
matching key ignores case and spacing), so the timing is of the search alone.

Then compares top-1 results with DICH_TOP1 (written by benches/tm_fuzzy.rs: best source and score per query):
a query agrees when both found the same best source, or both found none. A disagreement is printed, with both
candidates scored by both measures, and counted as a tie when rapidfuzz gives both the same ratio.
"""

import statistics
import sys
import time

from rapidfuzz import fuzz, process


def key(text):
    return " ".join(text.lower().split())


def main():
    sources_path, queries_path, dich_path = sys.argv[1:4]
    threshold = float(sys.argv[4]) if len(sys.argv) > 4 else 0.75
    limit = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    with open(sources_path, encoding="utf-8") as f:
        sources = f.read().splitlines()
    with open(queries_path, encoding="utf-8") as f:
        queries = f.read().splitlines()
    with open(dich_path, encoding="utf-8") as f:
        dich = [line.split("\t")[0] for line in f.read().splitlines()]
    choices = [key(s) for s in sources]
    times, top = [], []
    for query in queries:
        start = time.perf_counter()
        found = process.extract(key(query), choices, scorer=fuzz.ratio, score_cutoff=threshold * 100, limit=limit)
        times.append((time.perf_counter() - start) * 1000)
        top.append(found[0] if found else None)
    times.sort()
    p = lambda q: times[min(len(times), max(1, int(-(-len(times) * q // 1)))) - 1]
    print(
        f"rapidfuzz process.extract: {len(sources)} choices, {len(queries)} queries (fuzz.ratio ≥ {threshold * 100:.0f}, "
        f"limit {limit}), {sum(t is not None for t in top)} with a match; per query p50 {p(0.5):.2f} ms, "
        f"p95 {p(0.95):.2f} ms, max {times[-1]:.2f} ms, mean {statistics.mean(times):.2f} ms"
    )
    agree = ties = 0
    both = 0
    for query, mine, theirs in zip(queries, dich, top):
        theirs_source = sources[theirs[2]] if theirs else ""
        if theirs and mine:
            both += 1
        if key(mine) == key(theirs_source):
            agree += 1
            continue
        ratio_mine = fuzz.ratio(key(query), key(mine)) if mine else 0.0
        if theirs and abs(ratio_mine - theirs[1]) < 1e-9:
            ties += 1
            continue
        print(f"  differs: {query!r}\n    dich:      {mine!r} (ratio {ratio_mine:.1f})\n"
              f"    rapidfuzz: {theirs_source!r} (ratio {theirs[1] if theirs else 0:.1f})")
    print(
        f"top-1: {agree} of {len(queries)} identical ({both} where both found a match), "
        f"{ties} more tied on rapidfuzz's own ratio, {len(queries) - agree - ties} different"
    )


if __name__ == "__main__":
    main()
