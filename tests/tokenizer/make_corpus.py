#!/usr/bin/env python3
"""Writes the tokenizer parity corpus: one JSON string per line, deterministic for a seed.

Usage: make_corpus.py OUT.jsonl [--datasets DIR] [--count N] [--seed S] [--bench]
Mixes real text from the benchmark samples (English questions, code, math) with generated
strings that stress the pre-tokenizer: Chinese, emoji, digits, whitespace runs, contractions
in any case, special tokens inside text, and U+FEFF at the start of a segment (the input's start
or right after a special token), which tokenizers keep as text. JavaScript's \\s disagrees with
Unicode White_Space on U+0085 and U+FEFF, and the reference is JavaScript: U+0085 is left out, and
U+FEFF is only followed by what both definitions split the same way (a letter, a digit, a
newline, one space and a letter, a special token, or the end).
--bench writes longer, benchmark-style lines (whole dataset records) instead.
"""
import gzip
import json
import os
import random
import sys

CJK = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域读言汉语模型量化部署评测推理服务器显卡"
EMOJI = ["🙂", "😀", "🚀", "👍🏽", "❤️", "🇨🇳", "👩‍💻", "🤖", "✅", "🔥", "🎉", "😂"]
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|image_pad|>", "<tool_call>",
           "</tool_call>", "<think>", "</think>", "<|fim_prefix|>", "<|im_start", "im_end|>", "<tool_call"]
WORDS = ["the", "model", "quantize", "GPTQ", "FPGA", "vLLM", "tokenizer", "don't", "I'LL", "we're", "THEY'VE",
         "it'S", "you'd", "I'm", "Qwen2.5-7B-Instruct", "group_size", "act-order", "x**2", "e.g.", "naïve",
         "Ångström", "café", "résumé", "München", "Москва", "Ελλάδα", "東京", "서울", "مرحبا", "שלום", "हिन्दी"]
SPACES = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n ", "\u3000", "\u00a0", "    \n", "\t\t", "\u2003"]


def dataset_lines(root):
    out = []

    def add(text):
        if isinstance(text, str) and text.strip():
            out.append(text)

    def jsonl(path, keys, limit=200):
        opener = gzip.open if path.endswith(".gz") else open
        try:
            with opener(path, "rt", encoding="utf-8") as f:
                for i, line in enumerate(f):
                    if i >= limit:
                        break
                    rec = json.loads(line)
                    for k in keys:
                        v = rec.get(k)
                        if isinstance(v, dict):
                            v = " ".join(str(x) for x in v.get("text", []))
                        add(v)
        except OSError:
            pass

    jsonl(os.path.join(root, "gsm8k/test.jsonl"), ["question", "answer"])
    jsonl(os.path.join(root, "humaneval/HumanEval.jsonl.gz"), ["prompt", "canonical_solution"], 80)
    jsonl(os.path.join(root, "mbpp/mbpp.jsonl"), ["text", "code"], 100)
    jsonl(os.path.join(root, "boolq/val.jsonl"), ["question", "passage"], 60)
    jsonl(os.path.join(root, "hellaswag/hellaswag_val.jsonl"), ["ctx"], 80)
    jsonl(os.path.join(root, "arc_easy/ARC-Easy-Test.jsonl"), ["question"], 80)
    return out


def synthetic(rng):
    parts = []
    for _ in range(rng.randint(1, 14)):
        kind = rng.random()
        if kind < 0.25:
            parts.append("".join(rng.choice(CJK) for _ in range(rng.randint(1, 12))))
        elif kind < 0.45:
            parts.append(rng.choice(WORDS))
        elif kind < 0.55:
            parts.append(str(rng.randint(0, 10 ** rng.randint(1, 12))))
        elif kind < 0.65:
            parts.append(rng.choice(EMOJI))
        elif kind < 0.72:
            parts.append(rng.choice(SPECIAL))
        elif kind < 0.82:
            parts.append(rng.choice("，。！？、；：（）《》“”.,!?;:()[]{}<>'\"`~@#$%^&*-_=+|\\/"))
        else:
            parts.append(rng.choice(SPACES))
        if rng.random() < 0.6:
            parts.append(rng.choice(SPACES[:3]))
    return "".join(parts)


BOM = "\ufeff"


def bom_case(rng):
    """Segments that start with U+FEFF (see the module note for what may follow it)."""
    def segment():
        kind = rng.random()
        if kind < 0.3:
            text = rng.choice(WORDS)
        elif kind < 0.5:
            text = "".join(rng.choice(CJK) for _ in range(rng.randint(1, 6)))
        elif kind < 0.6:
            text = str(rng.randint(0, 99999))
        elif kind < 0.7:
            return BOM + rng.choice(["\n", "\r\n", "\n\n"])
        elif kind < 0.8:
            text = " " + rng.choice(WORDS)
        elif kind < 0.9:
            text = "cafe\u0301 na\u0308ive"  # NFC changes these: the normalised path keeps U+FEFF too
        else:
            return BOM  # alone, before a special token or the end
        # Whatever follows a letter or digit no longer touches the U+FEFF's piece.
        return BOM + text + (synthetic(rng) if text[-1].isalnum() and rng.random() < 0.6 else "")

    parts = [segment() if rng.random() < 0.7 else ""]
    for _ in range(rng.randint(0 if parts[0] else 1, 3)):
        parts.append(rng.choice(SPECIAL[:10]) + segment())
    return "".join(parts)


def main():
    args = sys.argv[1:]
    out = args[0]
    opt = {a: args[i + 1] for i, a in enumerate(args) if a.startswith("--") and i + 1 < len(args)}
    rng = random.Random(int(opt.get("--seed", "1234")))
    count = int(opt.get("--count", "2500"))
    real = dataset_lines(opt.get("--datasets", ""))
    lines = []
    if "--bench" in args:
        while len(lines) < count:
            lines.append(rng.choice(real) if real and rng.random() < 0.8 else synthetic(rng) * 4)
    else:
        for text in real[: count // 2]:
            lines.append(text)
        while len(lines) < count:
            lines.append(synthetic(rng))
        lines += ["", " ", "\n", "\t \n", "a" * 3000, " " * 500 + "x", "😀" * 100, "1" * 200]
        bom_rng = random.Random(rng.random())  # its own stream: the lines above stay as they were
        lines += [bom_case(bom_rng) for _ in range(300)] + [BOM, BOM + "<|im_end|>" + BOM]
    with open(out, "w", encoding="utf-8") as f:
        for text in lines:
            f.write(json.dumps(text, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
