#!/usr/bin/env bash
# Benchmark of the embedded Marian engine against CTranslate2 (fp32, int8) and transformers/PyTorch.
# Sets up its Python side in target/bench-venv: Debian's python3-torch (CPU, no CUDA download) when apt is there,
# else PyTorch from PyPI; transformers 4.46.3 (the last line that accepts Debian's torch 1.13) and ctranslate2 4.5.0
# (later ones pass transformers a `dtype` argument that 4.46 does not know).
# Usage: scripts/bench-marian.sh   (env: BENCH_CASES (marian,pivot), BENCH_THREADS, BENCH_REPEATS, BENCH_DIR, BENCH_ENGINES, BENCH_SKIP,
# BENCH_VENV; the venv and the work directory default to the cargo target directory)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
VENV=${BENCH_VENV:-$TARGET/bench-venv}
export BENCH_DIR=${BENCH_DIR:-$TARGET/bench-marian}
if [ ! -x "$VENV/bin/python" ]; then
    if command -v apt-get >/dev/null && ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
        apt-get install -y --no-install-recommends python3-torch python3-venv >/dev/null || true
    fi
    if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
        /usr/bin/python3 -m venv --system-site-packages "$VENV"
        "$VENV/bin/pip" install -q "transformers==4.46.3" "numpy<2" sentencepiece safetensors "ctranslate2==4.5.0"
    else
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q torch "transformers==4.46.3" sentencepiece safetensors "ctranslate2==4.5.0"
    fi
fi
BIN=$(cargo bench --bench marian --no-run --message-format=json 2>/dev/null \
    | "$VENV/bin/python" -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "marian" and m.get("executable"):
        print(m["executable"])')
echo "command: scripts/bench-marian.sh (BENCH_CASES=${BENCH_CASES:-} BENCH_THREADS=${BENCH_THREADS:-} BENCH_REPEATS=${BENCH_REPEATS:-} BENCH_ENGINES=${BENCH_ENGINES:-} BENCH_SKIP=${BENCH_SKIP:-})" >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), threads ${BENCH_THREADS:-$(nproc)}" >&2
exec "$VENV/bin/python" scripts/bench-marian.py "$BIN"
