#!/usr/bin/env python3
"""Exports CLIP's text tower (with its projection) to the ONNX graph Encoder:TextModelPath opens, and copies its
tokenizer files beside it.

NOT RUN IN THIS PROJECT. The development machines have neither the weights nor torch/transformers; this is the
recipe for the machine that has them. The graph carries the tensor names, types and dynamic axes that
src/SaeExplorer.Core/Encoders/Text/ClipTextEncoder.cs checks on open (and that tools/clip-text/make_test_text_tower.py
mirrors in the test stand-in):

  text.onnx (+ text.onnx.data)  input_ids int64 [batch, sequence], attention_mask int64 [batch, sequence]
                                -> text_embeds float32 [batch, dimension]
  vocab.json, merges.txt        CLIP's BPE tokenizer files, copied from the model's tokenizer folder

For the CLIP that Kandinsky 2.2 uses (ViT-bigG/14, 1280-d, the space of Encoder:Preset=clip-vit-bigg-14) the model
folder is a LOCAL copy of kandinsky-community/kandinsky-2-2-prior: its text_encoder/ is a CLIPTextModelWithProjection
and its tokenizer/ holds vocab.json and merges.txt. Nothing is downloaded. The text model (~695M parameters, ~2.8 GB
in float32) is over ONNX's 2 GB protobuf limit, so its weights go to one external data file beside the .onnx.

Needs: torch >= 2.1, transformers >= 4.30, onnx >= 1.14.

    python export_clip_text.py --model /models/kandinsky-2-2-prior --out /models/clip-text [--opset 17]

then in appsettings.json: "Encoder": { "TextModelPath": "/models/clip-text/text.onnx" }.
"""
import argparse
import os
import shutil

import onnx
import torch
from transformers import CLIPTextModelWithProjection


class TextForOnnx(torch.nn.Module):
    """forward(input_ids, attention_mask) -> text_embeds (the projected, not normalised, pooled output)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids=input_ids, attention_mask=attention_mask, return_dict=True).text_embeds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="local folder with text_encoder/ and tokenizer/")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--opset", type=int, default=17)
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    model = CLIPTextModelWithProjection.from_pretrained(os.path.join(args.model, "text_encoder")).eval()
    ids = torch.tensor([[49406, 320, 1929, 49407]], dtype=torch.int64)  # <|startoftext|> a dog <|endoftext|>
    mask = torch.ones_like(ids)
    path = os.path.join(args.out, "text.onnx")
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(TextForOnnx(model), (ids, mask), path, input_names=["input_ids", "attention_mask"],
                          output_names=["text_embeds"], dynamic_axes={"input_ids": axes, "attention_mask": axes, "text_embeds": {0: "batch"}},
                          opset_version=args.opset)
    graph = onnx.load(path, load_external_data=True)
    onnx.save(graph, path, save_as_external_data=True, all_tensors_to_one_file=True, location="text.onnx.data")
    for name in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(args.model, "tokenizer", name), os.path.join(args.out, name))
    print(f"wrote {path} (+ text.onnx.data), vocab.json and merges.txt")


if __name__ == "__main__":
    main()
