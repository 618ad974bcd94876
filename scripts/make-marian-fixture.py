#!/usr/bin/env python3
"""Generates tests/fixtures/marian/: a tiny Marian vi→en model in the OPUS-MT layout and transformers' outputs.

The Rust tests compare dich's tokenizer and decoder against what this script records, so they need no Python.

    python3 -m venv --system-site-packages VENV   # Debian: apt-get install python3-torch python3-venv
    VENV/bin/pip install "transformers==4.46.3" "numpy<2" sentencepiece safetensors
    VENV/bin/python scripts/make-marian-fixture.py [OUT_DIR]
    VENV/bin/python scripts/make-marian-fixture.py --pytorch-only [OUT_DIR]   # only OUT_DIR/pytorch_model.bin

Besides the model directory (weights in model.safetensors) it writes OUT_DIR/pytorch_model.bin, the same weights in
the older PyTorch pickle format (as `save_pretrained(safe_serialization=False)` writes it), for the loading test of
that format; `--pytorch-only` rewrites just that file from the committed model.

Made with Debian's python3-torch 1.13.1 and transformers 4.46.3 (the last line of transformers that accepts
torch 1.13). The model: two SentencePiece unigram models trained on a handful of sentences, a joint vocab.json
(</s>=0, <unk>=1, pieces, <pad> last), d_model 32, 2+2 layers, 4 heads, FFN 64, shared embeddings, randomised
layer norms and final_logits_bias, then a few hundred training steps on the sentence pairs so that greedy output
is a real, varied sentence.
"""

import json
import os
import sys
import tempfile

import sentencepiece as spm
import torch
import transformers.generation.utils as generation_utils
from transformers import MarianConfig, MarianMTModel, MarianTokenizer

# Debian's torch 1.13 cannot import torch.distributed.fsdp on Python 3.11; generate() only asks whether the
# model is FSDP-wrapped, which it never is here.
if hasattr(generation_utils, "is_fsdp_managed_module"):
    generation_utils.is_fsdp_managed_module = lambda module: False

PYTORCH_ONLY = "--pytorch-only" in sys.argv[1:]
ARGS = [a for a in sys.argv[1:] if a != "--pytorch-only"]
OUT = ARGS[0] if ARGS else os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "marian")
MODEL_DIR = os.path.join(OUT, "model")

PAIRS = [
    ("Hà Nội là thủ đô của Việt Nam.", "Hanoi is the capital of Vietnam."),
    ("Trời hôm nay mưa rất to.", "It is raining very hard today."),
    ("Chính phủ đã công bố kế hoạch mới.", "The government announced a new plan."),
    ("Giá xăng tăng trong tuần này.", "Petrol prices rose this week."),
    ("Học sinh trở lại trường vào tháng Chín.", "Students return to school in September."),
    ("Lâm Đồng có nhiều đồi chè xanh.", "Lam Dong has many green tea hills."),
    ("Người dân đi chợ vào buổi sáng.", "People go to the market in the morning."),
    ("Đội tuyển đã thắng trận chung kết.", "The team won the final match."),
    ("Bệnh viện mở thêm khoa cấp cứu.", "The hospital opened a new emergency ward."),
    ("Xuất khẩu cà phê tăng mạnh.", "Coffee exports rose sharply."),
]

# Token-id references: NFD input, repeated and edge spaces, emoji, characters unknown to the vocabulary,
# full-width letters, digits, and an empty string.
TOKEN_TESTS = [
    "Hà Nội là thủ đô của Việt Nam.",
    "Ha\u0300 No\u0323\u0302i la\u0300 thu\u0309 \u0111o\u0302",
    "  Trời   hôm nay    mưa  ",
    "Giá xăng 😀 tăng 🇻🇳!",
    "Ｈà Ｎội ＡＢＣ １２３",
    "Ωμέγα 中文 ß ﬁ",
    "tab\there\nnewline",
    "",
    "Năm 2024, 1.234 người.",
]

GREEDY_TESTS = [p[0] for p in PAIRS[:6]] + ["Người dân Hà Nội đi chợ.", "Giá cà phê tăng 😀 mạnh"]
MAX_LENGTH = 40


def train_spm(sentences, prefix):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(sentences * 4) + "\n")
        path = f.name
    spm.SentencePieceTrainer.train(
        input=path, model_prefix=prefix, vocab_size=120, model_type="unigram", hard_vocab_limit=False,
        character_coverage=1.0, eos_id=0, unk_id=1, bos_id=-1, pad_id=-1, minloglevel=2,
    )
    os.unlink(path)
    return prefix + ".model"


def main():
    torch.manual_seed(7)
    os.makedirs(MODEL_DIR, exist_ok=True)
    work = tempfile.mkdtemp()
    src_model = train_spm([p[0] for p in PAIRS], os.path.join(work, "source"))
    tgt_model = train_spm([p[1] for p in PAIRS], os.path.join(work, "target"))

    vocab = {"</s>": 0, "<unk>": 1}
    for model in (src_model, tgt_model):
        proc = spm.SentencePieceProcessor(model_file=model)
        for i in range(proc.get_piece_size()):
            piece = proc.id_to_piece(i)
            if piece not in vocab:
                vocab[piece] = len(vocab)
    vocab["<pad>"] = len(vocab)
    pad = vocab["<pad>"]
    vocab_path = os.path.join(work, "vocab.json")
    with open(vocab_path, "w") as f:
        json.dump(vocab, f, ensure_ascii=False)

    tok = MarianTokenizer(source_spm=src_model, target_spm=tgt_model, vocab=vocab_path,
                          source_lang="vi", target_lang="en")
    tok.save_pretrained(MODEL_DIR)

    config = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=32, encoder_layers=2, decoder_layers=2,
        encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_position_embeddings=64, activation_function="swish", pad_token_id=pad, eos_token_id=0,
        decoder_start_token_id=pad, forced_eos_token_id=0, bad_words_ids=[[pad]], num_beams=4,
        max_length=MAX_LENGTH, scale_embedding=True, share_encoder_decoder_embeddings=True,
        dropout=0.0, attention_dropout=0.0, activation_dropout=0.0,
    )
    model = MarianMTModel(config)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "layer_norm" in name:
                param.add_(torch.randn_like(param) * 0.1)
        model.final_logits_bias.copy_(torch.randn_like(model.final_logits_bias) * 0.1)

    # Training makes greedy output a sentence instead of one repeated token.
    batch = tok([p[0] for p in PAIRS], text_target=[p[1] for p in PAIRS], return_tensors="pt", padding=True)
    batch["labels"][batch["labels"] == pad] = -100
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for step in range(400):
        loss = model(**batch).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"final training loss {loss.item():.4f}")
    model.eval()
    model.save_pretrained(MODEL_DIR, safe_serialization=True)
    write_pytorch_bin(model)

    reference = {"transformers": __import__("transformers").__version__, "torch": torch.__version__}
    reference["tokens"] = [
        {"text": t, "pieces": tok.tokenize(t), "ids": tok(t)["input_ids"]} for t in TOKEN_TESTS
    ]
    reference["greedy"] = []
    reference["beam"] = []
    with torch.no_grad():
        for text in GREEDY_TESTS:
            enc = tok([text], return_tensors="pt")
            out = model.generate(**enc, num_beams=1, do_sample=False, max_length=MAX_LENGTH)[0].tolist()
            # Logits at every step of the greedy output, teacher-forced (bias included, before processors).
            logits = model(**enc, decoder_input_ids=torch.tensor([out[:-1]])).logits[0]
            reference["greedy"].append({
                "text": text, "input_ids": enc["input_ids"][0].tolist(), "output_ids": out,
                "output_text": tok.decode(out, skip_special_tokens=True),
                "logits": [[round(float(x), 7) for x in row] for row in logits],
            })
            for beams, penalty in ((4, 1.0), (3, 0.6), (5, 2.0)):
                out = model.generate(**enc, num_beams=beams, length_penalty=penalty, do_sample=False,
                                     max_length=MAX_LENGTH)[0].tolist()
                reference["beam"].append({
                    "text": text, "beams": beams, "length_penalty": penalty, "output_ids": out,
                    "output_text": tok.decode(out, skip_special_tokens=True),
                })
        # A short max_length forces </s> at the last position (forced_eos_token_id).
        enc = tok([GREEDY_TESTS[0]], return_tensors="pt")
        reference["short"] = {
            "text": GREEDY_TESTS[0], "max_length": 4,
            "greedy": model.generate(**enc, num_beams=1, do_sample=False, max_length=4)[0].tolist(),
            "beam4": model.generate(**enc, num_beams=4, do_sample=False, max_length=4)[0].tolist(),
        }
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f, ensure_ascii=False, indent=1)
    for g in reference["greedy"]:
        print(repr(g["text"]), "->", repr(g["output_text"]))


def write_pytorch_bin(model):
    """The model's weights as pytorch_model.bin (zip-pickle, tied embeddings stored once), next to the model."""
    work = tempfile.mkdtemp()
    model.save_pretrained(work, safe_serialization=False)
    os.replace(os.path.join(work, "pytorch_model.bin"), os.path.join(OUT, "pytorch_model.bin"))


if __name__ == "__main__":
    if PYTORCH_ONLY:
        write_pytorch_bin(MarianMTModel.from_pretrained(MODEL_DIR).eval())
    else:
        main()
