#!/usr/bin/env bash
# Benchmark (BENCHMARKS.md, "Workers on one PostgreSQL"): N articles through 1, 2 and 4 `dich run` workers on
# one PostgreSQL store, with a fake DeepL of fixed latency; prints articles per second per worker count and
# checks that every run wrote the same outputs.
#   scripts/bench-workers.sh [ARTICLES] [LATENCY_MS]     (defaults: 10000 articles, 20 ms)
# BENCH_MEMORY=exact asks the memory for exact matches only (fuzzy_threshold = 1.0: its fuzzy candidates make
# PostgreSQL score rows of the whole memory for every segment): the engine-bound case the scaling goal is about.
# Needs the release binary (cargo build --release) and PostgreSQL (started here like scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-10000}"
latency_ms="${2:-20}"
case "${BENCH_MEMORY:-fuzzy}" in
  fuzzy) threshold=0.75 ;;
  exact) threshold=1.0 ;;
  *) echo "BENCH_MEMORY=${BENCH_MEMORY}: use fuzzy (the default) or exact" >&2; exit 2 ;;
esac
binary="${DICH_BENCH_BINARY:-${CARGO_TARGET_DIR:-target}/release/dich}"
[ -x "$binary" ] || { echo "build it first: cargo build --release" >&2; exit 1; }
binary="$(realpath "$binary")"

source scripts/postgres-cluster.sh
install_test_postgres
work="$(mktemp -d "${TMPDIR:-/tmp}/dich-bench-workers.XXXXXX")"
engine_pid=""
cleanup() {
  [ -n "$engine_pid" ] && kill "$engine_pid" 2>/dev/null || true
  stop_test_postgres
  rm -rf "$work"
}
trap cleanup EXIT
start_test_postgres

python3 - "$work/articles" "$articles" <<'PY'
import os, random, sys
out, count = sys.argv[1], int(sys.argv[2])
words = ("tỉnh đoàn khách hợp_tác kinh_tế nông_nghiệp giáo_dục biển cảng đường_sắt du_lịch văn_hóa lễ_hội rừng "
         "điện_gió thủy_sản xuất_khẩu y_tế bệnh_viện trường_học cầu nhà_máy lúa_gạo cà_phê thanh_long hạ_tầng "
         "đô_thị nông_thôn môi_trường khoa_học").replace("_", " ").split(" ")
rng = random.Random(17)
os.makedirs(out)
for i in range(count):
    body = [" ".join(rng.choice(words) for _ in range(12)).capitalize() + "." for _ in range(5)]
    with open(os.path.join(out, f"tin-{i:06}.txt"), "w") as f:
        f.write(f"Tin số {i}\n\n" + "\n\n".join(body) + "\n")
PY

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 - "$port" "$latency_ms" <<'PY' &
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
latency = int(sys.argv[2]) / 1000
class Deepl(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(latency)
        out = json.dumps({"translations": [{"text": "EN:" + t} for t in body["text"]]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    def log_message(self, *args):
        pass
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Deepl).serve_forever()
PY
engine_pid=$!
sleep 0.5

export DICH_BENCH_KEY=bench-key-not-secret
echo "articles=$articles latency_ms=$latency_ms fuzzy_threshold=$threshold"
for workers in 1 2 4; do
  db="bench_w$workers"
  psql -q "$DICH_TEST_POSTGRES" -c "CREATE DATABASE $db" >/dev/null
  url="${DICH_TEST_POSTGRES%/*}/$db"
  dir="$work/w$workers"
  mkdir -p "$dir"
  cat >"$dir/pipeline.toml" <<TOML
source = "vi"
targets = ["en"]
inputs = ["$work/articles"]
output_dir = "out"
store = "$url"
[engines.mt]
type = "deepl"
url = "http://127.0.0.1:$port"
api_key_env = "DICH_BENCH_KEY"
batch_size = 1
concurrency = 64
requests_per_second = 1000
[memory]
fuzzy_threshold = $threshold
[[routes]]
to = "en"
engines = ["memory", "mt"]
TOML
  start=$(date +%s.%N)
  pids=()
  for n in $(seq "$workers"); do
    (cd "$dir" && "$binary" run --json >"worker-$n.json" 2>"worker-$n.log") &
    pids+=($!)
  done
  failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  if [ "$failed" -ne 0 ]; then
    # A worker that fails (exit 1 also means an article was held back) shows why; the figures would be wrong.
    echo "a worker of the $workers-worker run failed:" >&2
    tail -n 20 "$dir"/worker-*.log >&2
    exit 1
  fi
  end=$(date +%s.%N)
  python3 -c "
import sys
n, w, t = $articles, $workers, $end - $start
print(f'workers={w} seconds={t:.1f} articles_per_s={n / t:.1f} per_worker={n / t / w:.1f}')"
done
# The same outputs whatever the number of workers (run reports aside: they name the run).
for workers in 2 4; do
  diff -r -q -x 'run-summary.*' -x 'qa-report*' -x runs "$work/w1/out" "$work/w$workers/out" \
    && echo "outputs of $workers workers = outputs of 1 worker"
done
