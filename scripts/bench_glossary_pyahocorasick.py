#!/usr/bin/env python3
"""Reference for benches/glossary.rs: pyahocorasick (C extension) on the same terms and text.

Bare matching on the raw text: the terms as written (NFC), no case or tone-style folding, no syllable
boundaries; leftmost-longest non-overlapping matches (iter_long). Reads the text as one str (decoding is not
timed) and times the automaton build and the matching separately; the matching also on CPU time
(time.thread_time), which leaves out waiting for a core on a shared machine.

usage: bench_glossary_pyahocorasick.py TERMS.txt TEXT.txt
"""
import sys
import time

import ahocorasick


def main():
    terms_path, text_path = sys.argv[1], sys.argv[2]
    with open(terms_path, encoding="utf-8") as f:
        terms = [t for t in f.read().split("\n") if t]
    with open(text_path, encoding="utf-8") as f:
        text = f.read()
    size_mb = len(text.encode("utf-8")) / 1e6

    started = time.perf_counter()
    automaton = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        automaton.add_word(term, index)
    automaton.make_automaton()
    build = time.perf_counter() - started

    started = time.perf_counter()
    cpu_started = time.thread_time()
    hits = 0
    for line in text.split("\n"):
        for _ in automaton.iter_long(line):
            hits += 1
    secs = time.perf_counter() - started
    cpu_secs = time.thread_time() - cpu_started

    print(f"pyahocorasick {ahocorasick.__version__ if hasattr(ahocorasick, '__version__') else ''}: "
          f"{len(terms)} terms, build {build:.3f} s")
    print(f"pyahocorasick iter_long per paragraph: {hits} hits in {secs:.2f} s")
    print(f"pyahocorasick MB/s: {size_mb / secs:.1f}")
    print(f"pyahocorasick CPU MB/s: {size_mb / cpu_secs:.1f}")


if __name__ == "__main__":
    main()
