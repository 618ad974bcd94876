#!/usr/bin/env python3
"""Generates tests/fixtures/marian/: a tiny Marian vi→en model in the OPUS-MT layout and transformers' outputs, and
tests/fixtures/marian-layouts/<layout>/: one tiny model for each other layout published OPUS-MT models come in.

The Rust tests compare dich's tokenizer and decoder against what this script records, so they need no Python.

    python3 -m venv --system-site-packages VENV   # Debian: apt-get install python3-torch python3-venv
    VENV/bin/pip install "transformers==4.46.3" "numpy<2" sentencepiece safetensors
    VENV/bin/python scripts/make-marian-fixture.py [OUT_DIR]
    VENV/bin/python scripts/make-marian-fixture.py --pytorch-only [OUT_DIR]   # only OUT_DIR/pytorch_model.bin
    VENV/bin/python scripts/make-marian-fixture.py --layout NAME [OUT_DIR]    # NAME: a key of LAYOUTS, or all

Besides the model directory (weights in model.safetensors) it writes OUT_DIR/pytorch_model.bin, the same weights in
the older PyTorch pickle format (as `save_pretrained(safe_serialization=False)` writes it), for the loading test of
that format; `--pytorch-only` rewrites just that file from the committed model.

Made with Debian's python3-torch 1.13.1 and transformers 4.46.3 (the last line of transformers that accepts
torch 1.13). The model: two SentencePiece unigram models trained on a handful of sentences, a joint vocab.json
(</s>=0, <unk>=1, pieces, <pad> last), d_model 32, 2+2 layers, 4 heads, FFN 64, shared embeddings, randomised
layer norms and final_logits_bias, then a few hundred training steps on the sentence pairs so that greedy output
is a real, varied sentence. Running the script again reproduces every file byte for byte except the two .spm
files, which record the path of the temporary file SentencePiece was trained from.

`--layout all` writes, with the same model size, seed and training (the functions below, shared by all fixtures),
one directory per layout (see each layout_* function for how it differs), each with model/ as published (nothing
renamed) and reference.json (see make_layout):
- multilingual: vi→mul, a joint vocabulary with >>eng<< >>rus<< >>cmn_Hans<< (trained on English, Russian and
  Chinese translations, the source starting with the target's token) and >>ukr<< >>zho_Hant<< (untrained);
- separate-vocabs: vocab.json and target_vocab.json, separate encoder and decoder embeddings, decoder_vocab_size
  smaller than vocab_size, lm_head tied to the decoder's embeddings;
- tc-big: the opus-mt-tc-big family's differences: relu, float16 weights in pytorch_model.bin (and in
  tc-big/model.safetensors), 3-letter codes in tokenizer_config.json, max_length 512;
- generation-config: a generation_config.json whose decoding settings differ from config.json's.
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
# --layout NAME (or all): a fixture of another published layout instead, see LAYOUTS.
LAYOUT = ARGS[ARGS.index("--layout") + 1] if "--layout" in ARGS else None
if LAYOUT:
    ARGS = [a for a in ARGS if a not in ("--layout", LAYOUT)]
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


def train_spm(sentences, prefix, vocab_size=120):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(sentences * 4) + "\n")
        path = f.name
    spm.SentencePieceTrainer.train(
        input=path, model_prefix=prefix, vocab_size=vocab_size, model_type="unigram", hard_vocab_limit=False,
        character_coverage=1.0, eos_id=0, unk_id=1, bos_id=-1, pad_id=-1, minloglevel=2,
    )
    os.unlink(path)
    return prefix + ".model"


def vocabulary(models, extra=(), pad_at=None):
    """</s>=0, <unk>=1, the `extra` tokens, the pieces of each SentencePiece model in turn (each piece once), and
    <pad> last, or at id `pad_at` with the pieces after it."""
    pieces = ["</s>", "<unk>", *extra]
    for model in models:
        proc = spm.SentencePieceProcessor(model_file=model)
        pieces += [p for p in (proc.id_to_piece(i) for i in range(proc.get_piece_size())) if p not in pieces]
    pieces.insert(len(pieces) if pad_at is None else pad_at, "<pad>")
    return {piece: i for i, piece in enumerate(pieces)}


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, ensure_ascii=False)
    return path


def tiny_config(vocab_size, pad, **overrides):
    """The tiny model's configuration: OPUS-MT's settings at d_model 32, 2+2 layers."""
    settings = dict(
        vocab_size=vocab_size, decoder_vocab_size=vocab_size, d_model=32, encoder_layers=2, decoder_layers=2,
        encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_position_embeddings=64, activation_function="swish", pad_token_id=pad, eos_token_id=0,
        decoder_start_token_id=pad, forced_eos_token_id=0, bad_words_ids=[[pad]], num_beams=4,
        max_length=MAX_LENGTH, scale_embedding=True, share_encoder_decoder_embeddings=True,
        dropout=0.0, attention_dropout=0.0, activation_dropout=0.0,
    )
    settings.update(overrides)
    return MarianConfig(**settings)


def randomize(model):
    """Layer norms and final_logits_bias away from their initial 1/0, so that a loader skipping them is caught."""
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "layer_norm" in name:
                param.add_(torch.randn_like(param) * 0.1)
        model.final_logits_bias.copy_(torch.randn_like(model.final_logits_bias) * 0.1)


def train(model, tok, pairs, pad, steps=400):
    """Training makes greedy output a sentence instead of one repeated token."""
    batch = tok([p[0] for p in pairs], text_target=[p[1] for p in pairs], return_tensors="pt", padding=True)
    batch["labels"][batch["labels"] == pad] = -100
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for step in range(steps):
        loss = model(**batch).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"final training loss {loss.item():.4f}")
    model.eval()


def main():
    torch.manual_seed(7)
    os.makedirs(MODEL_DIR, exist_ok=True)
    work = tempfile.mkdtemp()
    src_model = train_spm([p[0] for p in PAIRS], os.path.join(work, "source"))
    tgt_model = train_spm([p[1] for p in PAIRS], os.path.join(work, "target"))

    vocab = vocabulary([src_model, tgt_model])
    pad = vocab["<pad>"]
    vocab_path = write_json(os.path.join(work, "vocab.json"), vocab)

    tok = MarianTokenizer(source_spm=src_model, target_spm=tgt_model, vocab=vocab_path,
                          source_lang="vi", target_lang="en")
    tok.save_pretrained(MODEL_DIR)

    model = MarianMTModel(tiny_config(len(vocab), pad))
    randomize(model)
    train(model, tok, PAIRS, pad)
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


# ---- tests/fixtures/marian-layouts/<layout>/: the layouts published OPUS-MT models come in ----

LAYOUTS_OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "marian-layouts")

# The multilingual model's targets: the token of each, the sentences in it (translations of PAIRS).
RUSSIAN = [
    "Ханой — столица Вьетнама.", "Сегодня идёт очень сильный дождь.", "Правительство объявило новый план.",
    "Цены на бензин выросли на этой неделе.", "Школьники возвращаются в школу в сентябре.",
    "В Ламдонге много зелёных чайных холмов.", "Люди ходят на рынок утром.", "Команда выиграла финальный матч.",
    "Больница открыла новое отделение.", "Экспорт кофе резко вырос.",
]
CHINESE = ["河内是越南的首都。", "今天雨下得很大。", "政府宣布了新计划。", "本周汽油价格上涨。", "学生九月返校。"]
TARGETS = {"en": ">>eng<<", "ru": ">>rus<<", "zh": ">>cmn_Hans<<"}
# Tokens in the vocabulary that no sentence trains, as a multi-target model has tokens for rare languages.
UNTRAINED_TOKENS = [">>ukr<<", ">>zho_Hant<<"]

LAYOUT_TEXTS = ["Hà Nội là thủ đô của Việt Nam.", "Trời hôm nay mưa rất to.", "Giá xăng tăng trong tuần này.",
                "Người dân Hà Nội đi chợ."]


def layout_multilingual(model_dir):
    """vi→mul: a joint vocabulary with target-language tokens (>>eng<< >>rus<< >>cmn_Hans<< trained, >>ukr<<
    >>zho_Hant<< not), each source starting with its target's token as opus-mt-en-mul and the tc-big multi-target
    models need; tokenizer_config.json says "vie" → "mul" (3-letter codes, as the Tatoeba models write them)."""
    sources = [p[0] for p in PAIRS]
    pairs = ([(f"{TARGETS['en']} {vi}", en) for vi, en in PAIRS]
             + [(f"{TARGETS['ru']} {vi}", ru) for vi, ru in zip(sources, RUSSIAN)]
             + [(f"{TARGETS['zh']} {vi}", zh) for vi, zh in zip(sources, CHINESE)])
    work = tempfile.mkdtemp()
    src_model = train_spm(sources, os.path.join(work, "source"))
    tgt_model = train_spm([p[1] for p in PAIRS] + RUSSIAN + CHINESE, os.path.join(work, "target"), 160)
    vocab = vocabulary([src_model, tgt_model], extra=sorted(TARGETS.values()) + UNTRAINED_TOKENS)
    pad = vocab["<pad>"]
    tok = MarianTokenizer(source_spm=src_model, target_spm=tgt_model,
                          vocab=write_json(os.path.join(work, "vocab.json"), vocab),
                          source_lang="vie", target_lang="mul")
    tok.save_pretrained(model_dir)
    model = MarianMTModel(tiny_config(len(vocab), pad))
    randomize(model)
    train(model, tok, pairs, pad, steps=600)
    model.save_pretrained(model_dir, safe_serialization=True)
    cases = [(text, target) for text in LAYOUT_TEXTS[:3] for target in TARGETS] + [(LAYOUT_TEXTS[3], "ru")]
    return tok, model, cases


def layout_separate_vocabs(model_dir):
    """vi→en with separate vocabularies, as models converted from Marian with tied-embeddings-src false are:
    tokenizer_config.json "separate_vocabs": true, vocab.json (source) and target_vocab.json, config.json
    share_encoder_decoder_embeddings false, model.encoder.embed_tokens and model.decoder.embed_tokens apart, lm_head
    tied to the decoder's. The decoder's vocabulary is the smaller one (decoder_vocab_size < vocab_size); <pad>, the
    decoder start token, is the target vocabulary's last entry and has the same id in the source vocabulary.

    transformers 4.46.3's MarianMTModel gives the decoder embeddings of vocab_size rows (a copy of the encoder's)
    whatever decoder_vocab_size says, and then cannot run (its logits and final_logits_bias differ in width):
    the script gives the decoder an embedding of decoder_vocab_size rows and ties lm_head to it, which is the model
    config.json describes. from_pretrained cannot load such a directory back (it builds the same wrong shape), so
    the references come from the model in memory, whose weights are the ones saved."""
    work = tempfile.mkdtemp()
    src_model = train_spm([p[0] for p in PAIRS], os.path.join(work, "source"))
    tgt_model = train_spm([p[1] for p in PAIRS], os.path.join(work, "target"), 80)
    target_vocab = vocabulary([tgt_model])
    pad = target_vocab["<pad>"]
    vocab = vocabulary([src_model], pad_at=pad)
    assert len(vocab) > len(target_vocab), "the source vocabulary must be the larger one"
    tok = MarianTokenizer(source_spm=src_model, target_spm=tgt_model,
                          vocab=write_json(os.path.join(work, "vocab.json"), vocab),
                          target_vocab_file=write_json(os.path.join(work, "target_vocab.json"), target_vocab),
                          separate_vocabs=True, source_lang="vi", target_lang="en")
    tok.save_pretrained(model_dir)
    config = tiny_config(len(vocab), pad, decoder_vocab_size=len(target_vocab),
                         share_encoder_decoder_embeddings=False)
    model = MarianMTModel(config)
    embedding = torch.nn.Embedding(len(target_vocab), config.d_model, padding_idx=pad)
    model._init_weights(embedding)
    model.model.decoder.embed_tokens = embedding
    model.tie_weights()
    randomize(model)
    train(model, tok, PAIRS, pad)
    model.save_pretrained(model_dir, safe_serialization=True)
    return tok, model, [(text, None) for text in LAYOUT_TEXTS]


def layout_tc_big(model_dir):
    """vi→en as the opus-mt-tc-big models are published: relu activation, weights stored as float16 in
    pytorch_model.bin (config.json "torch_dtype": "float16"), 3-letter codes in tokenizer_config.json
    ("vie" → "eng"), bad_words_ids [[pad]], max_length 512 over more positions, num_beams 4, a generation_config.json
    with the same decoding settings. OUT/model.safetensors holds the same float16 weights in safetensors (later
    uploads of these models add one). The references are transformers' on the model loaded back with
    from_pretrained, which widens float16 to float32 as it does by default."""
    work = tempfile.mkdtemp()
    src_model = train_spm([p[0] for p in PAIRS], os.path.join(work, "source"))
    tgt_model = train_spm([p[1] for p in PAIRS], os.path.join(work, "target"))
    vocab = vocabulary([src_model, tgt_model])
    pad = vocab["<pad>"]
    tok = MarianTokenizer(source_spm=src_model, target_spm=tgt_model,
                          vocab=write_json(os.path.join(work, "vocab.json"), vocab),
                          source_lang="vie", target_lang="eng")
    tok.save_pretrained(model_dir)
    model = MarianMTModel(tiny_config(len(vocab), pad, activation_function="relu", max_length=512,
                                      max_position_embeddings=128))
    randomize(model)
    train(model, tok, PAIRS, pad)
    model.half()
    model.save_pretrained(model_dir, safe_serialization=False)
    model.save_pretrained(work, safe_serialization=True)
    os.replace(os.path.join(work, "model.safetensors"), os.path.join(os.path.dirname(model_dir), "model.safetensors"))
    model = MarianMTModel.from_pretrained(model_dir).eval()
    assert next(model.parameters()).dtype == torch.float32
    return tok, model, [(text, None) for text in LAYOUT_TEXTS]


def layout_generation_config(model_dir):
    """vi→en whose generation_config.json overrides config.json's decoding settings, as transformers reads them:
    config.json says num_beams 6, max_length 512, no forced_eos_token_id, decoder_start_token_id 0 and bans only
    <pad>; generation_config.json says num_beams 3, max_length 8, forced_eos_token_id 0, decoder_start_token_id
    <pad> (what the model was trained with) and also bans a piece the first text's translation uses. The "defaults" references are
    generate() with no settings on the model loaded back with from_pretrained."""
    work = tempfile.mkdtemp()
    src_model = train_spm([p[0] for p in PAIRS], os.path.join(work, "source"))
    tgt_model = train_spm([p[1] for p in PAIRS], os.path.join(work, "target"))
    vocab = vocabulary([src_model, tgt_model])
    pad = vocab["<pad>"]
    tok = MarianTokenizer(source_spm=src_model, target_spm=tgt_model,
                          vocab=write_json(os.path.join(work, "vocab.json"), vocab),
                          source_lang="vi", target_lang="en")
    tok.save_pretrained(model_dir)
    model = MarianMTModel(tiny_config(len(vocab), pad))
    randomize(model)
    train(model, tok, PAIRS, pad)
    model.save_pretrained(model_dir, safe_serialization=True)
    # The third token of the first text's greedy output: banning it changes what comes out.
    with torch.no_grad():
        enc = tok([LAYOUT_TEXTS[0]], return_tensors="pt")
        banned = model.generate(**enc, num_beams=1, do_sample=False, max_length=MAX_LENGTH)[0].tolist()[2]
    config_path = os.path.join(model_dir, "config.json")
    with open(config_path) as f:
        config = json.load(f)
    config.update(num_beams=6, max_length=512, forced_eos_token_id=None, decoder_start_token_id=0,
                  bad_words_ids=[[pad]])
    with open(config_path, "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
    generation = {"bad_words_ids": [[pad], [banned]], "decoder_start_token_id": pad, "eos_token_id": 0,
                  "forced_eos_token_id": 0, "max_length": 8, "num_beams": 3, "pad_token_id": pad}
    with open(os.path.join(model_dir, "generation_config.json"), "w") as f:
        json.dump(generation, f, indent=2, sort_keys=True)
    model = MarianMTModel.from_pretrained(model_dir).eval()
    assert model.generation_config.num_beams == 3 and model.generation_config.max_length == 8
    return tok, model, [(text, None) for text in LAYOUT_TEXTS]


LAYOUTS = {
    "multilingual": layout_multilingual,
    "separate-vocabs": layout_separate_vocabs,
    "tc-big": layout_tc_big,
    "generation-config": layout_generation_config,
}


def make_layout(name, out):
    """Writes out/model (the model directory as published) and out/reference.json: for each case (a text and,
    for the multilingual model, a target language), the ids transformers' MarianTokenizer gives the text with its
    target token, the greedy and beam-4 outputs with max_length 40, the output of generate() with the model's
    own settings, and the teacher-forced logits of the first case's greedy output."""
    torch.manual_seed(7)
    model_dir = os.path.join(out, "model")
    os.makedirs(model_dir, exist_ok=True)
    tok, model, cases = LAYOUTS[name](model_dir)
    reference = {"layout": name, "transformers": __import__("transformers").__version__,
                 "torch": torch.__version__, "cases": []}
    with torch.no_grad():
        for i, (text, target) in enumerate(cases):
            source = f"{TARGETS[target]} {text}" if target else text
            enc = tok([source], return_tensors="pt")
            case = {"text": text, "target": target, "source": source, "pieces": tok.tokenize(source),
                    "input_ids": enc["input_ids"][0].tolist()}
            for key, settings in (("greedy", dict(num_beams=1, max_length=MAX_LENGTH)),
                                  ("beam4", dict(num_beams=4, length_penalty=1.0, max_length=MAX_LENGTH)),
                                  ("defaults", {})):
                ids = model.generate(**enc, do_sample=False, **settings)[0].tolist()
                case[key] = {"output_ids": ids, "output_text": tok.decode(ids, skip_special_tokens=True)}
            if i == 0:
                ids = case["greedy"]["output_ids"]
                logits = model(**enc, decoder_input_ids=torch.tensor([ids[:-1]])).logits[0]
                case["logits"] = [[round(float(x), 6) for x in row] for row in logits]
            reference["cases"].append(case)
            print(name, repr(source), "->", repr(case["greedy"]["output_text"]), "|",
                  repr(case["beam4"]["output_text"]))
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(reference, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    if LAYOUT == "all":
        for name in LAYOUTS:
            make_layout(name, os.path.join(LAYOUTS_OUT, name))
    elif LAYOUT:
        make_layout(LAYOUT, ARGS[0] if ARGS else os.path.join(LAYOUTS_OUT, LAYOUT))
    elif PYTORCH_ONLY:
        write_pytorch_bin(MarianMTModel.from_pretrained(MODEL_DIR).eval())
    else:
        main()
