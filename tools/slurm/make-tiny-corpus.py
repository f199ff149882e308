#!/usr/bin/env python3
"""A tiny random corpus and SAE for test-local-slurm.sh, written with the standard library only (no numpy).

Why: the Slurm check needs an embeddings .npy and an SAE that `saex index` reads, made in a second and the same
every time (fixed seed), without encoding images or training. Writes
  OUT/embeddings.npy   float32 [rows, d_in], C order (numpy's .npy format, version 1.0)
  OUT/sae/cfg.json + OUT/sae/sae_weights.safetensors   a SAELens TopK SAE (d_in -> d_sae, k)

usage: make-tiny-corpus.py OUT [--rows 6007] [--d-in 64] [--d-sae 1024] [--k 16] [--seed 7]
"""
import argparse
import json
import os
import random
import struct


def write_npy(path, rows, cols, values):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (rows, cols)
    # Magic + version (6 + 2 bytes) + header length (2 bytes) + header, padded with spaces to a multiple of 64.
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        f.write(struct.pack("<%df" % len(values), *values))


def write_safetensors(path, tensors):
    """tensors: list of (name, shape, float list), stored as F32."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, shape, values in tensors:
        blob = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text.encode("utf-8"))
        for blob in blobs:
            f.write(blob)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=6007)
    p.add_argument("--d-in", type=int, default=64)
    p.add_argument("--d-sae", type=int, default=1024)
    p.add_argument("--k", type=int, default=16)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "sae"), exist_ok=True)

    # Embeddings: positive-mean Gaussian rows, like pooled image features.
    emb = [rng.gauss(0.2, 1.0) for _ in range(a.rows * a.d_in)]
    write_npy(os.path.join(a.out, "embeddings.npy"), a.rows, a.d_in, emb)

    # A tied-looking random SAE: unit-norm decoder rows, encoder = decoder transposed, small biases.
    dec = []
    for _ in range(a.d_sae):
        row = [rng.gauss(0.0, 1.0) for _ in range(a.d_in)]
        norm = sum(x * x for x in row) ** 0.5
        dec.append([x / norm for x in row])
    w_enc = [dec[j][i] for i in range(a.d_in) for j in range(a.d_sae)]  # [d_in, d_sae]
    w_dec = [x for row in dec for x in row]  # [d_sae, d_in]
    b_enc = [rng.gauss(0.0, 0.05) for _ in range(a.d_sae)]
    b_dec = [0.2] * a.d_in
    write_safetensors(os.path.join(a.out, "sae", "sae_weights.safetensors"), [
        ("W_enc", [a.d_in, a.d_sae], w_enc),
        ("b_enc", [a.d_sae], b_enc),
        ("W_dec", [a.d_sae, a.d_in], w_dec),
        ("b_dec", [a.d_in], b_dec),
    ])
    cfg = {"architecture": "topk", "d_in": a.d_in, "d_sae": a.d_sae, "k": a.k, "dtype": "float32",
           "device": "cpu", "apply_b_dec_to_input": True, "normalize_activations": "none",
           "metadata": {"model_name": "tiny-random", "hook_name": "test-local-slurm"}}
    with open(os.path.join(a.out, "sae", "cfg.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=2)
    print("wrote %s/embeddings.npy (%d x %d) and %s/sae (topk, %d features, k %d)"
          % (a.out, a.rows, a.d_in, a.out, a.d_sae, a.k))


if __name__ == "__main__":
    main()
