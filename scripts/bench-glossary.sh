#!/bin/sh
# Glossary benchmark (BENCHMARKS.md, section Glossary): makes a venv with pyahocorasick, then runs
# benches/glossary.rs, which times dich's matcher and pyahocorasick on the same generated data in one run.
# usage: scripts/bench-glossary.sh [MB]   (default 50 MB of text)
set -eu
cd "$(dirname "$0")/.."
# Its own venv (the Marian bench has another, with torch and CTranslate2), so the benches run in any order.
venv="${DICH_BENCH_VENV:-${CARGO_TARGET_DIR:-target}/bench-glossary-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import ahocorasick' 2>/dev/null || "$venv/bin/pip" install --quiet pyahocorasick
DICH_BENCH_PYTHON="$venv/bin/python" exec cargo bench --bench glossary -- "${1:-50}"
