#!/bin/bash
# Translation memory at scale (BENCHMARKS.md): generates a vi→en memory from the evaluation set's real
# sentences (scripts/gen-tm-bench.py, fixed seed), times `dich memory import` of 100,000 and 1,000,000 units
# (wall time and peak RSS from /usr/bin/time), then fuzzy lookup in the 1,000,000-entry store on one core
# (benches/tm_fuzzy.rs) and rapidfuzz's process.extract over the same strings in the same run
# (scripts/bench_tm_rapidfuzz.py, in a venv of its own), with a top-1 comparison.
# The same imports and lookups run on PostgreSQL too: a throwaway cluster (scripts/postgres-cluster.sh: local,
# fsync off) gets one database per count; the top-1 of both stores are compared line by line.
# BENCH_TM_STORES=sqlite (or postgres) runs one store only; rapidfuzz runs the first BENCH_TM_RAPIDFUZZ_QUERIES
# (default 100) queries. DICH_TM_EXHAUSTIVE=N (see benches/tm_fuzzy.rs) adds the whole-memory scan by dich's score
# and the comparison with rapidfuzz on like measures for those N queries.
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

stores="${BENCH_TM_STORES:-sqlite postgres}"
# The scans too: a scan left from an earlier run with DICH_TM_EXHAUSTIVE must not be compared with this one.
rm -f "$dir/dich-top1.tsv" "$dir/dich-top1-pg.tsv" "$dir/dich-top1.tsv.scan" "$dir/dich-top1-pg.tsv.scan"
case " $stores " in
*" postgres "*)
    . scripts/postgres-cluster.sh
    install_test_postgres
    start_test_postgres
    trap stop_test_postgres EXIT
    pg_base="${DICH_TEST_POSTGRES%/*}"
    ;;
esac
uptime

for n in $counts; do
    case " $stores " in *" sqlite "*) ;; *) continue ;; esac
    rm -f "$dir/tm-$n.sqlite" "$dir/tm-$n.sqlite-wal" "$dir/tm-$n.sqlite-shm"
    echo "import of $n units ($(du -h "$dir/tm-$n.tmx" | cut -f1) of TMX):"
    /usr/bin/time -f "  wall %e s, peak RSS %M KiB" taskset -c "$cpu" "$target/release/dich" memory import \
        "$dir/tm-$n.tmx" --store "$dir/tm-$n.sqlite"
    echo "  store $(du -h "$dir/tm-$n.sqlite" | cut -f1)"
done
case " $stores " in
*" sqlite "*)
    echo "again, the 100,000-unit file into its own store (an interrupted import run again: no duplicates):"
    /usr/bin/time -f "  wall %e s, peak RSS %M KiB" taskset -c "$cpu" "$target/release/dich" memory import \
        "$dir/tm-$(echo $counts | cut -d' ' -f1).tmx" --store "$dir/tm-$(echo $counts | cut -d' ' -f1).sqlite"
    ;;
esac
case " $stores " in
*" postgres "*)
    for n in $counts; do
        psql -q "$DICH_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS tm_$n" -c "CREATE DATABASE tm_$n"
        echo "import of $n units into PostgreSQL (the client on core $cpu, the server unpinned):"
        /usr/bin/time -f "  wall %e s, peak RSS %M KiB" taskset -c "$cpu" "$target/release/dich" memory import \
            "$dir/tm-$n.tmx" --store "$pg_base/tm_$n"
        # What autovacuum would do soon after: lookups timed while it runs measure it, not them.
        /usr/bin/time -f "  VACUUM ANALYZE: wall %e s" psql -q "$pg_base/tm_$n" -c "VACUUM ANALYZE tm"
        echo "  database $(psql -qtA "$pg_base/tm_$n" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
    done
    ;;
esac
uptime

case " $stores " in
*" sqlite "*)
    taskset -c "$cpu" cargo bench --quiet --bench tm_fuzzy -- "$dir/tm-$largest.sqlite" "$dir/queries.txt" \
        "$dir/dich-top1.tsv"
    ;;
esac
case " $stores " in
*" postgres "*)
    taskset -c "$cpu" cargo bench --quiet --bench tm_fuzzy -- "$pg_base/tm_$largest" "$dir/queries.txt" \
        "$dir/dich-top1-pg.tsv"
    if [ -f "$dir/dich-top1.tsv" ]; then
        echo "top-1 of both stores: $(awk 'NR == FNR { a[FNR] = $0; next } a[FNR] == $0 { same++ }
            END { print same + 0 " of " FNR " queries identical" }' "$dir/dich-top1.tsv" "$dir/dich-top1-pg.tsv")"
    fi
    ;;
esac
uptime
# rapidfuzz takes about a second a query: the first BENCH_TM_RAPIDFUZZ_QUERIES (100) of them.
head -n "${BENCH_TM_RAPIDFUZZ_QUERIES:-100}" "$dir/queries.txt" >"$dir/queries-rapidfuzz.txt"
top1="$dir/dich-top1.tsv"
[ -f "$top1" ] || top1="$dir/dich-top1-pg.tsv"
taskset -c "$cpu" "$venv/bin/python" scripts/bench_tm_rapidfuzz.py "$dir/sources-$largest.txt" \
    "$dir/queries-rapidfuzz.txt" "$top1"
# With DICH_TM_EXHAUSTIVE=N the bench wrote the memory's best entry per query by dich's own score: the top-1
# comparison on like measures (scripts/bench_tm_same_measure.py: Levenshtein on dich's search keys, rapidfuzz's
# picks scored by dich's measure, ties counted by score).
if [ -f "$top1.scan" ]; then
    bench="$(ls -t "$target"/release/deps/tm_fuzzy-* | grep -v '\.d$' | head -1)"
    taskset -c "$cpu" "$venv/bin/python" scripts/bench_tm_same_measure.py "$dir/sources-$largest.txt" \
        "$dir/queries.txt" "$top1" "$top1.scan" "$dir" "$bench"
fi
