#!/usr/bin/env python3
"""Generates the translation-memory benchmark data (BENCHMARKS.md, section "Translation memory at scale").

usage: scripts/gen-tm-bench.py OUT_DIR COUNT [COUNT ...]

Seed material: the real Vietnamese sentences of the evaluation set (tests/fixtures/eval/articles: news pages as
published, tone-mark style and typos included). Each of the COUNT units is one of them varied the way a news
memory varies: a number or date changed, a word swapped for another word of the same articles, a word dropped,
the head of one sentence joined to the tail of another at a comma. Units are distinct by matching key
(case and spacing do not count). The target is the source folded to ASCII with "[en] " in front: no English
exists for these sentences, and the target plays no part in lookups; it gives the TMX a realistic size.

Writes, for each COUNT: OUT_DIR/tm-COUNT.tmx (TMX 1.4b, one <tu> per unit) and OUT_DIR/sources-COUNT.txt (the
source of each unit, one a line, in the same order); and once, for the largest COUNT: OUT_DIR/queries.txt
(QUERIES lookups: most are units of the memory with one more small change, some are new joins). The random
generator is seeded: the same arguments always give the same files. Smaller counts are prefixes of larger ones.
"""

import glob
import os
import random
import re
import sys
import unicodedata

SEED = 20261204
QUERIES = 500


def sentences(root):
    out = []
    for path in sorted(glob.glob(os.path.join(root, "tests/fixtures/eval/articles/*.txt"))):
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()[1:]  # the first line is the page's address
        for line in lines:
            for sentence in re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ\"“])", line.strip()):
                words = sentence.split()
                if 5 <= len(words) <= 60:
                    out.append(unicodedata.normalize("NFC", sentence))
    return sorted(set(out))


def key(text):
    return " ".join(text.lower().split())


def fold(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


class Varier:
    def __init__(self, base, rng):
        self.base = base
        self.rng = rng
        self.words = sorted({w.strip(",.;:()\"“”") for s in base for w in s.split()} - {""})

    def number(self):
        r = self.rng.random()
        if r < 0.4:
            return str(self.rng.randint(2, 999))
        if r < 0.7:
            return f"{self.rng.randint(1, 28)}/{self.rng.randint(1, 12)}/{self.rng.randint(2015, 2026)}"
        return f"{self.rng.randint(1, 999)}.{self.rng.randint(0, 999):03d}"

    def change(self, text):
        words = text.split()
        r = self.rng.random()
        i = self.rng.randrange(len(words))
        if r < 0.3:
            words[i] = self.rng.choice(self.words)
        elif r < 0.5:
            digits = [j for j, w in enumerate(words) if any(c.isdigit() for c in w)]
            j = self.rng.choice(digits) if digits else i
            words[j : j + (1 if digits else 0)] = [self.number()]
        elif r < 0.65 and len(words) > 6:
            del words[i]
        elif r < 0.8:
            words.insert(i, self.rng.choice(self.words))
        else:
            other = self.rng.choice(self.base)
            if "," in text and "," in other:
                head = text.split(",")[: self.rng.randint(1, text.count(","))]
                tail = other.split(",")[self.rng.randint(1, other.count(",")) :]
                words = (",".join(head) + "," + ",".join(tail)).split()
            else:
                words[i] = self.number()
        return " ".join(words)

    def unit(self):
        text = self.rng.choice(self.base)
        for _ in range(self.rng.randint(1, 3)):
            text = self.change(text)
        return text


def tmx_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    out_dir, counts = sys.argv[1], sorted(int(c) for c in sys.argv[2:])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    base = sentences(root)
    rng = random.Random(SEED)
    varier = Varier(base, rng)
    os.makedirs(out_dir, exist_ok=True)
    units, seen = [], set()
    for s in base:
        if key(s) not in seen:
            seen.add(key(s))
            units.append(s)
    while len(units) < counts[-1]:
        text = varier.unit()
        if key(text) not in seen:
            seen.add(key(text))
            units.append(text)
    # Shuffled, so a prefix holds varied material rather than the seed sentences first.
    random.Random(SEED + 1).shuffle(units)
    for count in counts:
        with open(os.path.join(out_dir, f"tm-{count}.tmx"), "w", encoding="utf-8") as tmx, open(
            os.path.join(out_dir, f"sources-{count}.txt"), "w", encoding="utf-8"
        ) as sources:
            tmx.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
            tmx.write(
                '<header creationtool="gen-tm-bench" creationtoolversion="1" segtype="sentence" o-tmf="dich" '
                'adminlang="en" srclang="vi" datatype="plaintext"/>\n<body>\n'
            )
            for i, text in enumerate(units[:count]):
                tmx.write(
                    f'<tu tuid="{i + 1}"><tuv xml:lang="vi"><seg>{tmx_escape(text)}</seg></tuv>'
                    f'<tuv xml:lang="en"><seg>{tmx_escape("[en] " + fold(text))}</seg></tuv></tu>\n'
                )
                sources.write(text + "\n")
            tmx.write("</body>\n</tmx>\n")
    queries = []
    qrng = random.Random(SEED + 2)
    varier.rng = qrng
    largest = units[: counts[-1]]
    while len(queries) < QUERIES:
        if qrng.random() < 0.85:
            text = varier.change(qrng.choice(largest))
        else:
            text = varier.unit()
        queries.append(text)
    with open(os.path.join(out_dir, "queries.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    print(f"{len(base)} seed sentences; wrote {', '.join(map(str, counts))} units and {len(queries)} queries to {out_dir}")


if __name__ == "__main__":
    main()
