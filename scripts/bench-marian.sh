#!/usr/bin/env bash
# Benchmark of the embedded Marian engine against CTranslate2 (fp32, int8) and transformers/PyTorch.
# Sets up its Python side in its own venv, target/bench-marian-venv (the glossary bench has another): Debian's python3-torch (CPU, no CUDA download) when apt is there,
# else PyTorch from PyPI; transformers 4.46.3 (the last line that accepts Debian's torch 1.13) and ctranslate2 4.5.0
# (later ones pass transformers a `dtype` argument that 4.46 does not know).
# Usage: scripts/bench-marian.sh   (env: BENCH_CASES (marian,pivot), BENCH_THREADS, BENCH_REPEATS, BENCH_ROUNDS, BENCH_DIR,
# BENCH_ENGINES, BENCH_SKIP, BENCH_ISA, BENCH_VENV; the venv and the work directory default to the cargo target directory)
# BENCH_ISA=avx2 forces both sides to AVX2: DICH_CPU=avx2, and for CTranslate2 CT2_FORCE_CPU_ISA=AVX2 (its own
# element-wise code) with ONEDNN_MAX_CPU_ISA=AVX2 and MKL_ENABLE_INSTRUCTIONS=AVX2 (its matrix products, which
# oneDNN or MKL dispatch on their own CPU detection: CT2_FORCE_CPU_ISA does not reach them). BENCH_ISA=avx512 forces
# dich and CTranslate2's own code to AVX-512 and lets the libraries take their widest (VNNI, AMX), as dich's int8
# does; unset, each takes the widest its CPU has. The bench prints the ISA each side's products ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
VENV=${BENCH_VENV:-$TARGET/bench-marian-venv}
export BENCH_DIR=${BENCH_DIR:-$TARGET/bench-marian}
if ! "$VENV/bin/python" -c 'import torch, transformers, ctranslate2' 2>/dev/null; then
    if command -v apt-get >/dev/null && ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
        apt-get install -y --no-install-recommends python3-torch python3-venv >/dev/null || true
    fi
    if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
        [ -x "$VENV/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$VENV"
        "$VENV/bin/pip" install -q "transformers==4.46.3" "numpy<2" sentencepiece safetensors "ctranslate2==4.5.0"
    else
        [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q torch "transformers==4.46.3" sentencepiece safetensors "ctranslate2==4.5.0"
    fi
fi
BIN=$(cargo bench --bench marian --no-run --message-format=json 2>/dev/null \
    | "$VENV/bin/python" -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "marian" and m.get("executable"):
        print(m["executable"])')
case "${BENCH_ISA:-}" in
    avx2) export DICH_CPU=avx2 CT2_FORCE_CPU_ISA=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 ;;
    avx512) export DICH_CPU=avx512 CT2_FORCE_CPU_ISA=AVX512 ;;
    "") ;;
    *) echo "BENCH_ISA=${BENCH_ISA}: use avx2 or avx512 (or leave it unset for the widest on each side)" >&2; exit 2 ;;
esac
echo "command: scripts/bench-marian.sh (BENCH_CASES=${BENCH_CASES:-} BENCH_THREADS=${BENCH_THREADS:-} BENCH_REPEATS=${BENCH_REPEATS:-} BENCH_ROUNDS=${BENCH_ROUNDS:-} BENCH_ENGINES=${BENCH_ENGINES:-} BENCH_SKIP=${BENCH_SKIP:-} BENCH_ISA=${BENCH_ISA:-})" >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), threads ${BENCH_THREADS:-$(nproc)}" >&2
echo "flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|fma|amx)' | xargs)" >&2
echo "kernels: DICH_CPU=${DICH_CPU:-(widest)} CT2_FORCE_CPU_ISA=${CT2_FORCE_CPU_ISA:-(widest)} ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-(widest)} MKL_ENABLE_INSTRUCTIONS=${MKL_ENABLE_INSTRUCTIONS:-(widest)}" >&2
exec "$VENV/bin/python" scripts/bench-marian.py "$BIN"
