#!/usr/bin/env bash
# Term coverage of the shipped glossary on the hand-annotated evaluation set (QUALITY.md): per category the
# items found with the right English, the wrong hits, and every item not found.
# usage: scripts/eval-terms.sh [--json] [SET_DIR]   (default tests/fixtures/eval)
set -euo pipefail
cd "$(dirname "$0")/.."
json=()
if [ "${1:-}" = "--json" ]; then json=(--json); shift; fi
cargo run --release --quiet -- glossary eval --all "${json[@]}" "${1:-tests/fixtures/eval}"
