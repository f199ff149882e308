#!/usr/bin/python3
"""Builds the tiny stand-in CLIP text tower and BPE vocabulary the text-search tests run.

The vocabulary has CLIP's layout (bpe_simple_vocab / Hugging Face vocab.json + merges.txt): the 256 byte
characters of GPT-2's bytes_to_unicode in its order, the same 256 with the end-of-word marker </w>, one token
per merge, then <|startoftext|> and <|endoftext|>. So a byte token has the id real CLIP gives it ("a</w>" is 320,
".</w>" is 269), and only a handful of merges make whole words:

    dog</w> (and dog before another piece), cat</w>, fish</w>, red</w>, photo</w>, of</w>

The graphs carry a Hugging Face export's tensor names (CLIPTextModelWithProjection: input_ids, attention_mask ->
text_embeds) but compute a closed form the C# tests work out by hand: the sum, over the positions, of a row of
a fixed table per token id (times the attention mask where there is one). Every row is zero except:

    dog</w>, dog -> e0      cat</w> -> e1      fish</w> -> e2      red</w> -> e3      photo</w> -> (0.1, 0.1, 0.1, 0.1)

in DIMENSION = 4 dimensions (the web tests' seeded workspace has 4), so "dog" embeds to e0 and "a photo of a red
fish" to (0.1, 0.1, 1.1, 1.1).

  text.onnx          input_ids int64 [batch, sequence], attention_mask int64 [batch, sequence] -> text_embeds [batch, 4]
  text_fixed77.onnx  input_ids int64 [batch, 77] only (as open_clip exports are)              -> text_embeds [batch, 4]
  vocab.json, merges.txt

Run with Debian's python3-onnx (apt-get install -y python3-onnx python3-numpy):
    /usr/bin/python3 tools/clip-text/make_test_text_tower.py tests/SaeExplorer.Core.Tests/Fixtures/clip-text
The tests never run this script; they read the committed files.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
DIMENSION = 4
MERGES = [
    ("d", "o"), ("do", "g</w>"), ("do", "g"),
    ("c", "a"), ("ca", "t</w>"),
    ("f", "i"), ("fi", "s"), ("fis", "h</w>"),
    ("r", "e"), ("re", "d</w>"),
    ("p", "h"), ("ph", "o"), ("pho", "t"), ("phot", "o</w>"),
    ("o", "f</w>"),
]
ROWS = {"dog</w>": [1, 0, 0, 0], "dog": [1, 0, 0, 0], "cat</w>": [0, 1, 0, 0], "fish</w>": [0, 0, 1, 0], "red</w>": [0, 0, 0, 1],
        "photo</w>": [0.1, 0.1, 0.1, 0.1]}


def bytes_to_unicode():
    """GPT-2's (and CLIP's) reversible map from bytes to printable characters, in its order."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\xa1"), ord("\xac") + 1)) + list(range(ord("\xae"), ord("\xff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for c in cs]


def vocabulary():
    tokens = bytes_to_unicode()
    tokens = tokens + [t + "</w>" for t in tokens]
    tokens += ["".join(m) for m in MERGES]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    assert len(set(tokens)) == len(tokens)
    return {t: i for i, t in enumerate(tokens)}


def table(vocab):
    rows = np.zeros((len(vocab), DIMENSION), dtype=np.float32)
    for token, row in ROWS.items():
        rows[vocab[token]] = row
    return rows


def save(graph, folder, file):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="saex-test-graphs")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, file))


def text_graph(weights, sequence, with_mask):
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", sequence])]
    nodes = [helper.make_node("Gather", ["table", "input_ids"], ["rows"], axis=0)]  # [B, S, D]
    summed = "rows"
    if with_mask:
        inputs.append(helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", sequence]))
        nodes += [
            helper.make_node("Cast", ["attention_mask"], ["mask32"], to=TensorProto.FLOAT),
            helper.make_node("Unsqueeze", ["mask32", "last_axis"], ["mask3"]),
            helper.make_node("Mul", ["rows", "mask3"], ["masked"]),
        ]
        summed = "masked"
    nodes.append(helper.make_node("ReduceSum", [summed, "sequence_axis"], ["text_embeds"], keepdims=0))
    initializers = [
        numpy_helper.from_array(weights, "table"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "sequence_axis"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "last_axis"),
    ]
    outputs = [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch", DIMENSION])]
    return helper.make_graph(nodes, "clip_text_stand_in", inputs, outputs, initializers)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(folder, exist_ok=True)
    vocab = vocabulary()
    with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in MERGES))
    weights = table(vocab)
    save(text_graph(weights, "sequence", with_mask=True), folder, "text.onnx")
    save(text_graph(weights, 77, with_mask=False), folder, "text_fixed77.onnx")
    print(f"wrote {len(vocab)} tokens, {len(MERGES)} merges and two graphs to {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
