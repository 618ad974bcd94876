"""translate-toolkit on dich's files, for the integration tests (tests/integration/cat_tools.rs).

usage: ttk.py units FILE        print the units as translate-toolkit reads them (JSON)
       ttk.py fill IN OUT       fill every target with "[EN] <source>", mark it approved, write XLIFF 1.2

XLIFF 2.x is read with translate-toolkit's Xliff2File (its factory takes .xlf as 1.x); everything else through
translate.storage.factory.
"""
import json
import sys

from translate.storage import factory, xliff
from translate.storage.xliff2 import Xliff2File


def open_store(path):
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if b"urn:oasis:names:tc:xliff:document:2.0" in head:
        return Xliff2File.parsefile(path)
    return factory.getobject(path)


def units(path):
    store = open_store(path)
    out = []
    for unit in store.units:
        if unit.isheader():
            continue
        element = getattr(unit, "xmlelement", None)
        out.append({
            "id": element.get("id") if element is not None and element.get("id") else unit.getid(),
            "source": unit.source,
            "target": unit.target,
            "approved": bool(unit.isapproved()) if hasattr(unit, "isapproved") else None,
            "fuzzy": bool(unit.isfuzzy()),
            "translated": bool(unit.istranslated()),
        })
    print(json.dumps({"class": type(store).__name__, "units": out}, ensure_ascii=False))


def fill(path_in, path_out):
    store = xliff.xlifffile.parsefile(path_in)
    for unit in store.units:
        unit.target = "[EN] " + unit.source
        unit.markapproved(True)
        unit.markfuzzy(False)
    with open(path_out, "wb") as handle:
        handle.write(bytes(store))


if __name__ == "__main__":
    if sys.argv[1] == "units":
        units(sys.argv[2])
    elif sys.argv[1] == "fill":
        fill(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
