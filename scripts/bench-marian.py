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
"""

import json
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WORK = os.environ.get("BENCH_DIR", os.path.join(ROOT, "target", "bench-marian"))
MODEL = os.path.join(WORK, "opus-mt-shape")
CT2 = {"fp32": os.path.join(WORK, "ct2-fp32"), "int8": os.path.join(WORK, "ct2-int8")}
VOCAB = 54000
SOURCE_TOKENS, OUTPUT_TOKENS = 32, 32
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", str(os.cpu_count() or 1)))
CASES = [(1, 1), (1, 4), (16, 1), (16, 4)]
# BENCH_ENGINES=dich,ct2-fp32 runs a subset (PyTorch on a reference BLAS takes minutes per case).
ENGINES = os.environ.get("BENCH_ENGINES", "dich,dich-int8,pytorch,ct2-fp32,ct2-int8").split(",")
# BENCH_SKIP=pytorch:16x4 leaves out single engine/case pairs.
SKIP = {s for s in os.environ.get("BENCH_SKIP", "").split(",") if s}


def make_model():
    if os.path.exists(os.path.join(MODEL, "model.safetensors")):
        return
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    torch.manual_seed(0)
    os.makedirs(MODEL, exist_ok=True)
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
                                source_lang="vi", target_lang="en")
    tokenizer.save_pretrained(MODEL)
    config = MarianConfig(
        vocab_size=VOCAB, decoder_vocab_size=VOCAB, d_model=512, encoder_layers=6, decoder_layers=6,
        encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
        max_position_embeddings=512, activation_function="swish", pad_token_id=VOCAB - 1, eos_token_id=0,
        decoder_start_token_id=VOCAB - 1, forced_eos_token_id=0, bad_words_ids=[[VOCAB - 1]], num_beams=4,
        max_length=512, scale_embedding=True, share_encoder_decoder_embeddings=True,
    )
    MarianMTModel(config).save_pretrained(MODEL, safe_serialization=True)


def convert_ct2():
    for quantization, out in CT2.items():
        if not os.path.exists(os.path.join(out, "model.bin")):
            subprocess.run([os.path.join(os.path.dirname(sys.executable), "ct2-transformers-converter"), "--model", MODEL, "--output_dir", out, "--force",
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

        def run():
            with torch.no_grad():
                out = model.generate(input_ids=tensor, attention_mask=torch.ones_like(tensor), num_beams=beam,
                                     do_sample=False, max_length=OUTPUT_TOKENS + 1)
            return int(((out[:, 1:] != 0) & (out[:, 1:] != VOCAB - 1)).sum())
    else:
        import ctranslate2
        with open(os.path.join(MODEL, "vocab.json")) as f:
            vocab = json.load(f)
        pieces = {i: p for p, i in vocab.items()}
        translator = ctranslate2.Translator(CT2[engine.split("-")[1]], device="cpu", inter_threads=1,
                                            intra_threads=THREADS)
        load = time.perf_counter() - started
        tokens = [[pieces[i] for i in s] for s in ids]

        def run():
            results = translator.translate_batch(tokens, beam_size=beam, max_decoding_length=OUTPUT_TOKENS,
                                                 max_batch_size=batch)
            return sum(len([t for t in r.hypotheses[0] if t != "</s>"]) for r in results)
    run()
    best, count = float("inf"), 0
    for _ in range(REPEATS):
        start = time.perf_counter()
        count = run()
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"engine": engine, "batch": batch, "beam": beam, "tokens": count, "seconds": round(best, 4),
                      "tokens_per_second": round(count / best, 1), "load_seconds": round(load, 3)}))


def measure(command, env=None):
    """Runs a command (the wrapper below) that prints one JSON line with peak_mb."""
    proc = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{command} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run_child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    dich_bench = sys.argv[1]  # the compiled benches/marian executable
    make_model()
    convert_ct2()
    env = dict(os.environ, BENCH_THREADS=str(THREADS), RAYON_NUM_THREADS=str(THREADS))
    rows = []
    load_before = os.getloadavg()
    for batch, beam in CASES:
        for engine in ENGINES:
            if f"{engine}:{batch}x{beam}" in SKIP:
                continue
            if engine.startswith("dich"):
                precision = "int8" if engine == "dich-int8" else "float32"
                command = [dich_bench, MODEL, str(batch), str(beam), str(SOURCE_TOKENS), str(OUTPUT_TOKENS),
                           str(REPEATS), precision]
            else:
                command = [sys.executable, __file__, "--child", engine, str(batch), str(beam)]
            # Peak memory per engine needs a fresh parent: run each measurement through a tiny wrapper.
            wrapper = [sys.executable, "-c", WRAPPER] + command
            row = measure(wrapper, env)
            rows.append(row)
            print(json.dumps(row), flush=True)
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump(rows, f, indent=1)
    summary(rows, load_before, os.getloadavg())


def summary(rows, load_before, load_after):
    """A Markdown table of the run: tokens/s and peak memory per engine, and dich's speed ratios."""
    found = {(r["engine"], r["batch"], r["beam"]): r for r in rows}
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
            r = found.get((engine, batch, beam))
            cells.append(f"{r['tokens_per_second']} tok/s, {r['peak_mb']} MB" if r else "—")
        ratios = []
        for ours, theirs in pairs:
            a, b = found.get((ours, batch, beam)), found.get((theirs, batch, beam))
            ratios.append(f"{a['tokens_per_second'] / b['tokens_per_second']:.2f}" if a and b else "—")
        label = f"batch {batch}, " + ("greedy" if beam == 1 else f"beam {beam}")
        print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    loads = {e: [r["load_seconds"] for r in rows if r["engine"] == e] for e in ENGINES}
    print()
    print("load time (s): " + ", ".join(f"{e} {min(v):.2f}–{max(v):.2f}" for e, v in loads.items() if v))
    print(f"load average: {' '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{' '.join(f'{x:.2f}' for x in load_after)} after; {THREADS} threads, best of {REPEATS}")


# Runs its arguments as a child and prints the child's output plus the child's peak RSS (ru_maxrss: KiB on Linux).
WRAPPER = """
import json, resource, subprocess, sys
out = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, text=True, check=True).stdout
row = json.loads(out.strip().splitlines()[-1])
row["peak_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
print(json.dumps(row))
"""


if __name__ == "__main__":
    main()
