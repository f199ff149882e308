#!/usr/bin/env python3
"""Writes a CLIP text-embedding vocabulary for `saex autointerp --vocabulary/--vocabulary-words`.

NOT RUN IN THIS PROJECT. The development machines have neither the weights nor torch/open_clip;
this is the recipe for the machine that has them. Nothing is downloaded: the weights are a LOCAL
file, and open_clip's tokenizer for ViT-bigG-14 ships inside the package.

It embeds every term of a word list with the text tower of open_clip's ViT-bigG-14 (the CLIP that
Kandinsky 2.2's prior uses for its 1280-d image embeddings, so terms land in the SAE's space), as in
Discover-then-Name: each term through a few prompt templates ("a photo of a {}."), the template
embeddings L2-normalised and averaged, then normalised again. With --center (the default) the mean
over the vocabulary is subtracted, so every term is a direction away from what all text embeddings
share (the same reason the manifest vocabulary subtracts the mean image); cosine naming does not
care about a term's length.

Output, read by src/SaeExplorer.Core/Labeling/ClipTextVocabulary.cs:
  OUT.npy  float32 [terms x 1280], C order
  OUT.txt  UTF-8, one term per line, line t naming row t (the terms as given, not the prompts)

A term is later scored by the free-text rule (its words, stemmed, must appear in an image's
category, subcategory or caption), so terms of one or two plain words score best.

Needs: torch >= 2.0, open_clip_torch >= 2.20, numpy.

    python make_clip_text_vocab.py --weights /models/clip-vit-bigg-14/open_clip_pytorch_model.bin \
        --words words.txt --out /models/vocab/bigg [--device cuda] [--batch 256] [--no-center]

The weights file is laion2b_s39b_b160k's open_clip checkpoint (open_clip_pytorch_model.bin or a
.safetensors of it).
"""
import argparse
import sys

TEMPLATES = [
    "a photo of a {}.",
    "a picture of a {}.",
    "an image of a {}.",
    "a drawing of a {}.",
    "a close-up photo of a {}.",
]


def read_terms(path):
    terms, seen = [], {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            term = line.strip()
            if not term:
                continue
            if term in seen:
                sys.exit(f"{path}, line {number}: '{term}' repeats line {seen[term]}")
            seen[term] = number
            terms.append(term)
    if not terms:
        sys.exit(f"{path}: no terms")
    return terms


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", required=True, help="local open_clip checkpoint of ViT-bigG-14")
    parser.add_argument("--words", required=True, help="word list, one term per line")
    parser.add_argument("--out", required=True, help="output stem: writes OUT.npy and OUT.txt")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--no-center", dest="center", action="store_false")
    args = parser.parse_args()

    import numpy as np
    import open_clip
    import torch

    terms = read_terms(args.words)
    model, _, _ = open_clip.create_model_and_transforms("ViT-bigG-14", pretrained=args.weights, device=args.device)
    model.eval()
    tokenizer = open_clip.get_tokenizer("ViT-bigG-14")

    rows = []
    with torch.no_grad():
        for start in range(0, len(terms), args.batch):
            chunk = terms[start:start + args.batch]
            per_template = []
            for template in TEMPLATES:
                tokens = tokenizer([template.format(t) for t in chunk]).to(args.device)
                e = model.encode_text(tokens).float()
                per_template.append(e / e.norm(dim=-1, keepdim=True))
            mean = torch.stack(per_template).mean(0)
            rows.append((mean / mean.norm(dim=-1, keepdim=True)).cpu())
            print(f"{min(start + args.batch, len(terms))}/{len(terms)}", file=sys.stderr)
    vectors = torch.cat(rows).numpy().astype(np.float32)
    if vectors.shape[1] != 1280:
        sys.exit(f"expected 1280-d text embeddings from ViT-bigG-14, got {vectors.shape[1]}")
    if args.center:
        vectors -= vectors.mean(0, keepdims=True)

    np.save(args.out + ".npy", np.ascontiguousarray(vectors))
    with open(args.out + ".txt", "w", encoding="utf-8") as f:
        f.write("\n".join(terms) + "\n")
    print(f"wrote {args.out}.npy ({vectors.shape[0]} x {vectors.shape[1]}) and {args.out}.txt", file=sys.stderr)


if __name__ == "__main__":
    main()
