#!/usr/bin/env python3
"""Checks the built book (target/book): every relative link of every page leads to a page that exists and, with
a #fragment, to an id on it; and every key the shipped pipeline.toml uses is described in the configuration
reference. Usage: scripts/check-docs.py (after `mdbook build docs`)."""
import html.parser
import pathlib
import re
import sys
import urllib.parse

root = pathlib.Path(__file__).resolve().parent.parent
book = root / "target" / "book"


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


pages = {}
for path in book.rglob("*.html"):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    pages[path.resolve()] = page

problems = []
for path, page in pages.items():
    for href in page.links:
        parsed = urllib.parse.urlparse(href)
        if parsed.scheme or href.startswith("//") or href.startswith("mailto:"):
            continue
        target = (path.parent / urllib.parse.unquote(parsed.path)).resolve() if parsed.path else path
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            problems.append(f"{path.relative_to(book)}: broken link {href}")
        elif parsed.fragment and target.suffix == ".html":
            ids = pages.get(target, Page()).ids
            if parsed.fragment not in ids:
                problems.append(f"{path.relative_to(book)}: no #{parsed.fragment} in {target.relative_to(book)}")

reference = (root / "docs" / "src" / "configuration.md").read_text(encoding="utf-8")
keys = set()
for line in (root / "pipeline.toml").read_text(encoding="utf-8").splitlines():
    match = re.match(r"^#?\s*([a-z_]+)\s*=", line)
    if match:
        keys.add(match.group(1))
for key in sorted(keys):
    if f"`{key}`" not in reference:
        problems.append(f"docs/src/configuration.md: pipeline.toml's key `{key}` is not described")

if not pages:
    problems.append("no pages in target/book: run `mdbook build docs` first")
for problem in problems:
    print(problem, file=sys.stderr)
print(f"check-docs: {len(pages)} pages, {sum(len(p.links) for p in pages.values())} links, {len(keys)} keys; "
      f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
