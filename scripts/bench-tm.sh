#!/bin/sh
# Translation memory at scale (BENCHMARKS.md): generates a vi→en memory from the evaluation set's real
# sentences (scripts/gen-tm-bench.py, fixed seed), times `dich memory import` of 100,000 and 1,000,000 units
# (wall time and peak RSS from /usr/bin/time), then fuzzy lookup in the 1,000,000-entry store on one core
# (benches/tm_fuzzy.rs) and rapidfuzz's process.extract over the same strings in the same run
# (scripts/bench_tm_rapidfuzz.py, in a venv of its own), with a top-1 comparison.
# usage: scripts/bench-tm.sh [COUNTS...]   (default: 100000 1000000; the largest is the lookup memory)
set -eu
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
dir="$target/bench-tm"
venv="$target/bench-tm-venv"
counts="${*:-100000 1000000}"
largest=$(echo $counts | tr ' ' '\n' | sort -n | tail -1)
cpu="${DICH_BENCH_CPU:-1}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import rapidfuzz' 2>/dev/null || "$venv/bin/pip" install --quiet rapidfuzz
"$venv/bin/python" -c 'import rapidfuzz; print("rapidfuzz", rapidfuzz.__version__)'

cargo build --release --quiet --bin dich
cargo bench --quiet --bench tm_fuzzy --no-run
python3 scripts/gen-tm-bench.py "$dir" $counts

for n in $counts; do
    rm -f "$dir/tm-$n.sqlite" "$dir/tm-$n.sqlite-wal" "$dir/tm-$n.sqlite-shm"
    echo "import of $n units ($(du -h "$dir/tm-$n.tmx" | cut -f1) of TMX):"
    /usr/bin/time -f "  wall %e s, peak RSS %M KiB" taskset -c "$cpu" "$target/release/dich" memory import \
        "$dir/tm-$n.tmx" --store "$dir/tm-$n.sqlite"
    echo "  store $(du -h "$dir/tm-$n.sqlite" | cut -f1)"
done
echo "again, the 100,000-unit file into its own store (an interrupted import run again: no duplicates):"
/usr/bin/time -f "  wall %e s, peak RSS %M KiB" taskset -c "$cpu" "$target/release/dich" memory import \
    "$dir/tm-$(echo $counts | cut -d' ' -f1).tmx" --store "$dir/tm-$(echo $counts | cut -d' ' -f1).sqlite"

taskset -c "$cpu" cargo bench --quiet --bench tm_fuzzy -- "$dir/tm-$largest.sqlite" "$dir/queries.txt" "$dir/dich-top1.tsv"
taskset -c "$cpu" "$venv/bin/python" scripts/bench_tm_rapidfuzz.py "$dir/sources-$largest.txt" "$dir/queries.txt" \
    "$dir/dich-top1.tsv"
