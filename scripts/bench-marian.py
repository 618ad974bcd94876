#!/usr/bin/env python3
"""Speed of dich's Marian engine against CTranslate2 (fp32, int8) and transformers/PyTorch, same weights, one run.

Run through scripts/bench-marian.sh, which sets up the Python side. Steps:
1. a model of the real OPUS-MT shape (d_model 512, 6+6 layers, 8 heads, FFN 2048, vocab 54,000, swish, shared
   embeddings) with random weights, written as an OPUS-MT directory (the tokenizer files of the test fixture,
   vocab.json padded to the full size);
2. its CTranslate2 conversion;
3. every engine in its own process on the same pseudo-random source ids (32 tokens → 32 tokens, end of sentence
   never reached by random weights), batch 1 and 16, greedy and beam 4; best of REPEATS timed runs after a warm-up;
   peak memory is the process's maximum resident set size.
4. the pivot case (issue 16, BENCH_CASES=pivot runs it alone): a second model of the same shape with other random
   weights as en→zh after the first as vi→en; leg 2 reads leg 1's output ids cut to 32 tokens with its `</s>`, in
   every engine, so all read and write the same numbers of tokens. Per leg and for the chain (both legs back to
   back in one process), dich f32 and int8 against CTranslate2 fp32 and int8.
"""

import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WORK = os.environ.get("BENCH_DIR", os.path.join(ROOT, "target", "bench-marian"))
MODEL = os.path.join(WORK, "opus-mt-shape")
CT2 = {"fp32": os.path.join(WORK, "ct2-fp32"), "int8": os.path.join(WORK, "ct2-int8")}
# The pivot's second leg: the same shape and vocabulary, its own random weights.
PIVOT_MODEL = os.path.join(WORK, "opus-mt-shape-en-zh")
PIVOT_CT2 = {"fp32": os.path.join(WORK, "ct2-en-zh-fp32"), "int8": os.path.join(WORK, "ct2-en-zh-int8")}
VOCAB = 54000
SOURCE_TOKENS, OUTPUT_TOKENS = 32, 32
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
# BENCH_ROUNDS=3 runs every case and engine that many times, engines alternating within a round; the table gives
# each engine's median and the median of the ratios taken within a round (a busy machine slows both alike).
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
THREADS = int(os.environ.get("BENCH_THREADS", str(os.cpu_count() or 1)))
CASES = [(1, 1), (1, 4), (16, 1), (16, 4)]
# BENCH_ENGINES=dich,ct2-fp32 runs a subset (PyTorch on a reference BLAS takes minutes per case).
ENGINES = os.environ.get("BENCH_ENGINES", "dich,dich-int8,pytorch,ct2-fp32,ct2-int8").split(",")
# BENCH_SKIP=pytorch:16x4 leaves out single engine/case pairs.
SKIP = {s for s in os.environ.get("BENCH_SKIP", "").split(",") if s}
# BENCH_CASES=pivot runs only the pivot chain (issue 16); BENCH_CASES=marian only the single model.
BENCH_CASES = os.environ.get("BENCH_CASES", "marian,pivot").split(",")
PIVOT_ENGINES = [e for e in ENGINES if e in ("dich", "dich-int8", "ct2-fp32", "ct2-int8")]


def make_model(model=MODEL, seed=0, source_lang="vi", target_lang="en"):
    if os.path.exists(os.path.join(model, "model.safetensors")):
        return
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    torch.manual_seed(seed)
    os.makedirs(model, exist_ok=True)
    fixture = os.path.join(ROOT, "tests", "fixtures", "marian", "model")
    with open(os.path.join(fixture, "vocab.json")) as f:
        small = json.load(f)
    vocab = {piece: i for piece, i in small.items() if piece != "<pad>"}
    while len(vocab) < VOCAB - 1:
        vocab[f"▁filler{len(vocab)}"] = len(vocab)
    vocab["<pad>"] = VOCAB - 1
    vocab_path = os.path.join(WORK, "vocab.json")
    with open(vocab_path, "w") as f:
        json.dump(vocab, f, ensure_ascii=False)
    tokenizer = MarianTokenizer(source_spm=os.path.join(fixture, "source.spm"),
                                target_spm=os.path.join(fixture, "target.spm"), vocab=vocab_path,
                                source_lang=source_lang, target_lang=target_lang)
    tokenizer.save_pretrained(model)
    config = MarianConfig(
        vocab_size=VOCAB, decoder_vocab_size=VOCAB, d_model=512, encoder_layers=6, decoder_layers=6,
        encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
        max_position_embeddings=512, activation_function="swish", pad_token_id=VOCAB - 1, eos_token_id=0,
        decoder_start_token_id=VOCAB - 1, forced_eos_token_id=0, bad_words_ids=[[VOCAB - 1]], num_beams=4,
        max_length=512, scale_embedding=True, share_encoder_decoder_embeddings=True,
    )
    MarianMTModel(config).save_pretrained(model, safe_serialization=True)


def convert_ct2(model=MODEL, outputs=CT2):
    for quantization, out in outputs.items():
        if not os.path.exists(os.path.join(out, "model.bin")):
            subprocess.run([os.path.join(os.path.dirname(sys.executable), "ct2-transformers-converter"), "--model", model, "--output_dir", out, "--force",
                            "--quantization", "float32" if quantization == "fp32" else "int8"], check=True)


def sources(batch):
    """The same pseudo-random ids as benches/marian.rs (a 64-bit LCG)."""
    seed = 42
    out = []
    for _ in range(batch):
        ids = []
        for _ in range(SOURCE_TOKENS - 1):
            seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
            ids.append(2 + (seed >> 33) % (VOCAB - 3))
        out.append(ids + [0])
    return out


def time_chain(legs, first, handoff=None):
    """Runs `legs` one after another, each on the previous leg's output passed through `handoff`, once to warm up
    and then REPEATS times. A leg takes its input and returns (output, tokens generated). Returns per leg (best
    seconds, source tokens, tokens generated), and the best time of a whole chain in one repeat."""
    def run():
        data, times = first, []
        for i, leg in enumerate(legs):
            if i:
                data = handoff(data)
            start = time.perf_counter()
            out, count = leg(data)
            times.append((time.perf_counter() - start, sum(len(s) for s in data), count))
            data = out
        return times

    run()
    best, chain = [(float("inf"), 0, 0)] * len(legs), float("inf")
    for _ in range(REPEATS):
        times = run()
        chain = min(chain, sum(t[0] for t in times))
        best = [(min(b[0], t[0]), t[1], t[2]) for b, t in zip(best, times)]
    return best, chain


def ct2_leg(path, batch, beam):
    """A CTranslate2 model as a leg on token strings, and its load time."""
    import ctranslate2
    started = time.perf_counter()
    translator = ctranslate2.Translator(path, device="cpu", inter_threads=1, intra_threads=THREADS)
    load = time.perf_counter() - started

    def leg(tokens):
        results = translator.translate_batch(tokens, beam_size=beam, max_decoding_length=OUTPUT_TOKENS,
                                             max_batch_size=batch)
        out = [[t for t in r.hypotheses[0] if t != "</s>"] for r in results]
        return out, sum(len(o) for o in out)
    return leg, load


def source_pieces(batch):
    with open(os.path.join(MODEL, "vocab.json")) as f:
        vocab = json.load(f)
    pieces = {i: p for p, i in vocab.items()}
    return [[pieces[i] for i in s] for s in sources(batch)]


def run_child(engine, batch, beam):
    """In a child process: time one engine on one case, print a JSON line."""
    started = time.perf_counter()
    ids = sources(batch)
    if engine == "pytorch":
        import torch
        from transformers import MarianMTModel
        import transformers.generation.utils as generation_utils
        if hasattr(generation_utils, "is_fsdp_managed_module"):
            generation_utils.is_fsdp_managed_module = lambda module: False
        torch.set_num_threads(THREADS)
        model = MarianMTModel.from_pretrained(MODEL).eval()
        load = time.perf_counter() - started
        tensor = torch.tensor(ids)

        def run(_):
            with torch.no_grad():
                out = model.generate(input_ids=tensor, attention_mask=torch.ones_like(tensor), num_beams=beam,
                                     do_sample=False, max_length=OUTPUT_TOKENS + 1)
            return None, int(((out[:, 1:] != 0) & (out[:, 1:] != VOCAB - 1)).sum())
        first = ids
    else:
        first = source_pieces(batch)
        run, _ = ct2_leg(CT2[engine.split("-")[1]], batch, beam)
        load = time.perf_counter() - started
    [(best, _, count)], _ = time_chain([run], first)
    print(json.dumps({"engine": engine, "batch": batch, "beam": beam, "tokens": count, "seconds": round(best, 4),
                      "tokens_per_second": round(count / best, 1), "load_seconds": round(load, 3)}))


def run_pivot_child(engine, batch, beam):
    """In a child process: the vi→en→zh chain on CTranslate2, one JSON line with the fields benches/marian.rs
    prints in its pivot mode."""
    precision = engine.split("-")[1]
    leg_1, load_1 = ct2_leg(CT2[precision], batch, beam)
    leg_2, load_2 = ct2_leg(PIVOT_CT2[precision], batch, beam)
    # As dich's chain: leg 1's output cut to SOURCE_TOKENS with its </s>.
    handoff = lambda out: [o[:SOURCE_TOKENS - 1] + ["</s>"] for o in out]
    legs, chain = time_chain([leg_1, leg_2], source_pieces(batch), handoff)
    row = {"engine": engine, "batch": batch, "beam": beam}
    for n, (seconds, source, tokens) in enumerate(legs, 1):
        row.update({f"leg{n}_source_tokens": source, f"leg{n}_tokens": tokens, f"leg{n}_seconds": round(seconds, 4),
                    f"leg{n}_tokens_per_second": round(tokens / seconds, 1)})
    row.update({"chain_seconds": round(chain, 4), "chain_tokens_per_second": round(legs[-1][2] / chain, 1),
                "chain_sentences_per_second": round(batch / chain, 2), "load_seconds": round(load_1 + load_2, 3)})
    print(json.dumps(row))


def gemm_isa(engine, env):
    """The ISA CTranslate2's matrix products run on: its GEMM library (oneDNN, or MKL on Intel CPUs) picks its own
    kernels, apart from CT2_FORCE_CPU_ISA, so one short translation with the libraries' verbose logs tells."""
    probe_env = dict(env, ONEDNN_VERBOSE="1", MKL_VERBOSE="1", CT2_VERBOSE="1")
    proc = subprocess.run([sys.executable, __file__, "--probe", engine], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=probe_env)
    onednn = re.search(r"onednn_verbose,info,cpu,isa:([^\n]+)", proc.stdout)
    mkl = re.search(r"MKL_VERBOSE +(?:oneMKL|Intel\(R\) MKL)[^\n]*?(Intel\(R\) [^\n]*?) enabled processors", proc.stdout)
    backend = re.search(r"GEMM_S8 backend: *(\S+)" if engine.endswith("int8") else r"SGEMM backend: *(\S+)",
                        proc.stdout)
    name = backend.group(1) if backend else "?"
    isa = mkl.group(1) if name == "MKL" and mkl else onednn.group(1).strip() if onednn else "?"
    return f"{name} {isa}"


def measure(command, env=None):
    """Runs a command (the wrapper below) that prints one JSON line with peak_mb."""
    proc = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{command} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        leg, _ = ct2_leg(CT2[sys.argv[2].split("-")[1]], 1, 1)
        leg(source_pieces(1))
        return
    if len(sys.argv) > 1 and sys.argv[1] in ("--child", "--child-pivot"):
        child = run_child if sys.argv[1] == "--child" else run_pivot_child
        child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    dich_bench = sys.argv[1]  # the compiled benches/marian executable
    make_model()
    convert_ct2()
    env = dict(os.environ, BENCH_THREADS=str(THREADS), RAYON_NUM_THREADS=str(THREADS))
    for engine in ENGINES:
        if engine.startswith("ct2"):
            print(f"products: {engine} on {gemm_isa(engine, env)}", flush=True)
    if "marian" in BENCH_CASES:
        rows = []
        load_before = os.getloadavg()
        for batch, beam, round_ in [(b, k, n) for n in range(ROUNDS) for b, k in CASES]:
            for engine in ENGINES:
                if f"{engine}:{batch}x{beam}" in SKIP:
                    continue
                if engine.startswith("dich"):
                    command = [dich_bench, MODEL, str(batch), str(beam), str(SOURCE_TOKENS), str(OUTPUT_TOKENS),
                               str(REPEATS), dich_precision(engine)]
                else:
                    command = ["env", "CT2_VERBOSE=1", sys.executable, __file__, "--child", engine, str(batch),
                               str(beam)]
                # Peak memory per engine needs a fresh parent: run each measurement through a tiny wrapper.
                row = measure([sys.executable, "-c", WRAPPER] + command, env)
                row["round"] = round_
                rows.append(row)
                print(json.dumps(row), flush=True)
        with open(os.path.join(WORK, "results.json"), "w") as f:
            json.dump(rows, f, indent=1)
        summary(rows, load_before, os.getloadavg())
    if "pivot" in BENCH_CASES:
        pivot(dich_bench, env)


def dich_precision(engine):
    return "int8" if engine == "dich-int8" else "float32"


def pivot(dich_bench, env):
    """The vi→en→zh chain (issue 16) on every engine and case, then its table."""
    make_model(PIVOT_MODEL, seed=1, source_lang="en", target_lang="zh")
    convert_ct2(PIVOT_MODEL, PIVOT_CT2)
    rows = []
    load_before = os.getloadavg()
    for batch, beam in CASES:
        for engine in PIVOT_ENGINES:
            if f"{engine}:pivot-{batch}x{beam}" in SKIP:
                continue
            if engine.startswith("dich"):
                command = [dich_bench, "pivot", MODEL, PIVOT_MODEL, str(batch), str(beam), str(SOURCE_TOKENS),
                           str(OUTPUT_TOKENS), str(REPEATS), dich_precision(engine)]
            else:
                command = [sys.executable, __file__, "--child-pivot", engine, str(batch), str(beam)]
            row = measure([sys.executable, "-c", WRAPPER] + command, env)
            rows.append(row)
            print(json.dumps(row), flush=True)
    with open(os.path.join(WORK, "results-pivot.json"), "w") as f:
        json.dump(rows, f, indent=1)
    pivot_summary(rows, load_before, os.getloadavg())


def pivot_summary(rows, load_before, load_after):
    """A Markdown table per case: tokens/s of each leg and of the chain per engine, dich ÷ CTranslate2 per
    precision; then the pipeline's route against direct calls."""
    found = {(r["engine"], r["batch"], r["beam"]): r for r in rows}
    pairs = [p for p in (("dich", "ct2-fp32"), ("dich-int8", "ct2-int8"), ("dich-int8", "ct2-fp32"))
             if p[0] in PIVOT_ENGINES and p[1] in PIVOT_ENGINES]
    figures = [("leg 1 vi→en", "leg1_tokens_per_second"), ("leg 2 en→zh", "leg2_tokens_per_second"),
               ("chain", "chain_tokens_per_second")]
    print()
    print("| case | figure | " + " | ".join(PIVOT_ENGINES) + " | " + " | ".join(f"{a} ÷ {b}" for a, b in pairs) + " |")
    print("| --- " * (2 + len(PIVOT_ENGINES) + len(pairs)) + "|")
    for batch, beam in CASES:
        label = f"batch {batch}, " + ("greedy" if beam == 1 else f"beam {beam}")
        for name, key in figures:
            cells = []
            for engine in PIVOT_ENGINES:
                r = found.get((engine, batch, beam))
                cell = f"{r[key]} tok/s" if r else "—"
                if r and key.startswith("chain"):
                    cell += f" ({r['chain_sentences_per_second']} sent/s, {r['peak_mb']} MB)"
                cells.append(cell)
            ratios = []
            for ours, theirs in pairs:
                a, b = found.get((ours, batch, beam)), found.get((theirs, batch, beam))
                ratios.append(f"{a[key] / b[key]:.2f}" if a and b else "—")
            print(f"| {label if name.startswith('leg 1') else ''} | {name} | " + " | ".join(cells) + " | "
                  + " | ".join(ratios) + " |")
        # Like with like: every engine must have read and written the same numbers of tokens.
        counts = {tuple(r[k] for k in ("leg1_source_tokens", "leg1_tokens", "leg2_source_tokens", "leg2_tokens"))
                  for e in PIVOT_ENGINES if (r := found.get((e, batch, beam)))}
        if len(counts) > 1:
            print(f"WARNING {label}: token counts (leg 1 in/out, leg 2 in/out) differ between engines: {counts}")
    print()
    print("tokens per case (leg 1 in/out, leg 2 in/out): " + ", ".join(
        f"{b}x{k} " + "/".join(str(r[f]) for f in ("leg1_source_tokens", "leg1_tokens", "leg2_source_tokens",
                                                    "leg2_tokens"))
        for (e, b, k), r in found.items() if e == PIVOT_ENGINES[0]))
    routes = [r for r in rows if "route_seconds" in r]
    if routes:
        print("dich through Route::translate (pivot = \"en\") ÷ the two engines called back to back, same texts "
              "(time, lower is better): " + ", ".join(
                  f"{r['engine']} {r['batch']}x{r['beam']} {r['route_seconds'] / r['direct_seconds']:.3f}"
                  for r in routes))
    loads = {e: [r["load_seconds"] for r in rows if r["engine"] == e] for e in PIVOT_ENGINES}
    print("load time of both models (s): " + ", ".join(f"{e} {min(v):.2f}–{max(v):.2f}" for e, v in loads.items() if v))
    print(f"load average: {' '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{' '.join(f'{x:.2f}' for x in load_after)} after; {THREADS} threads, best of {REPEATS}")


def median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def summary(rows, load_before, load_after):
    """A Markdown table of the run: tokens/s and peak memory per engine (medians over the rounds), and dich's speed
    ratios (the median of the ratios within each round)."""
    found = {}
    for r in rows:
        found.setdefault((r["engine"], r["batch"], r["beam"]), {})[r.get("round", 0)] = r
    # dich in f32 against every other engine; dich in int8 against the int8 and f32 CTranslate2.
    pairs = [("dich", e) for e in ("pytorch", "ct2-fp32", "ct2-int8")]
    pairs += [("dich-int8", "ct2-int8"), ("dich-int8", "ct2-fp32")]
    pairs = [p for p in pairs if p[0] in ENGINES and p[1] in ENGINES]
    print()
    print("| case | " + " | ".join(ENGINES) + " | " + " | ".join(f"{a} ÷ {b}" for a, b in pairs) + " |")
    print("| --- " * (1 + len(ENGINES) + len(pairs)) + "|")
    for batch, beam in CASES:
        cells = []
        for engine in ENGINES:
            runs = found.get((engine, batch, beam), {})
            if runs:
                speed = median([r["tokens_per_second"] for r in runs.values()])
                cells.append(f"{speed:.1f} tok/s, {max(r['peak_mb'] for r in runs.values())} MB")
            else:
                cells.append("—")
        ratios = []
        for ours, theirs in pairs:
            a, b = found.get((ours, batch, beam), {}), found.get((theirs, batch, beam), {})
            within = [a[n]["tokens_per_second"] / b[n]["tokens_per_second"] for n in a if n in b]
            if not within:
                ratios.append("—")
            elif len(within) == 1:
                ratios.append(f"{within[0]:.2f}")
            else:
                ratios.append(f"{median(within):.2f} ({min(within):.2f}–{max(within):.2f})")
        label = f"batch {batch}, " + ("greedy" if beam == 1 else f"beam {beam}")
        print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    loads = {e: [r["load_seconds"] for r in rows if r["engine"] == e] for e in ENGINES}
    kernels = {e: sorted({r.get("kernel", "?") for r in rows if r["engine"] == e}) for e in ENGINES}
    print()
    print("kernels: " + ", ".join(f"{e} {' / '.join(k)}" for e, k in kernels.items() if k))
    print("load time (s): " + ", ".join(f"{e} {min(v):.2f}–{max(v):.2f}" for e, v in loads.items() if v))
    print(f"load average: {' '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{' '.join(f'{x:.2f}' for x in load_after)} after; {THREADS} threads, best of {REPEATS}, "
          f"{ROUNDS} round(s)")


# Runs its arguments as a child and prints the child's output plus the child's peak RSS (ru_maxrss: KiB on Linux).
# CTranslate2 children run with CT2_VERBOSE=1: the ISA it selected ("Selected ISA: AVX2") is read from its log.
WRAPPER = """
import json, os, re, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
if proc.returncode != 0:
    sys.stderr.write(proc.stderr)
    sys.exit(proc.returncode)
row = json.loads(proc.stdout.strip().splitlines()[-1])
row["peak_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
isa = re.search(r"Selected ISA: *(\\S+)", proc.stderr)
if isa:
    mkl = re.search(r"Use Intel MKL: *(\\S+)", proc.stderr)
    row["kernel"] = isa.group(1) + (" (MKL)" if mkl and mkl.group(1) == "true" else "")
print(json.dumps(row))
"""


if __name__ == "__main__":
    main()
