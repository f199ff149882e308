#!/usr/bin/python3
"""Measure the demo SAE's frontier: the figures docs/demo-sae-frontier.md quotes, for a list of TopK settings.

For each setting (k, expansion) and split seed it trains two SAEs with `saex train` and scores them with
`saex eval-sae`:
  * on the whole demo: held-out EV and L0, purity against the raw dimensions on the trainer's held-out split
    (margin = SAE lift over chance - raw lift over chance, +- two standard errors), and the median number of
    corpus images an alive feature fires on (from `saex encode-sae` over every row);
  * without one source (default: the Tux Paint stamps): the same margin on the random held-out split of the other
    sources, and on the left-out source's images, which the SAE never saw ("unseen source").
Results are appended to WORK/results.jsonl (a setting already there is not run again, so a killed run resumes),
and the table is printed as markdown. Run it niced: it keeps both cores busy.

  nice tools/frontier/demo_frontier.py --work /tmp/frontier --settings 16x4,24x4 --seeds 42,7

Needs python3-numpy. `--saex` is the command that runs the CLI (default: dotnet run -c Release --project
src/SaeExplorer.Cli --); embeddings are encoded once into WORK/demo.npy with ResNet18.
"""
import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANIFEST = os.path.join(ROOT, "data", "demo", "manifest.csv")


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(saex, args, env=None, capture=True):
    started = time.monotonic()
    result = subprocess.run(saex + args, cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise SystemExit(f"saex {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result.stdout, time.monotonic() - started


def write_rows(source_npy, ids, keep, out_npy):
    """The rows of source_npy whose mask `keep` is set, with their ids beside (FILE.ids.txt)."""
    data = np.load(source_npy, mmap_mode="r")
    np.save(out_npy, np.ascontiguousarray(data[keep]))
    with open(out_npy[:-4] + ".ids.txt", "w", encoding="utf-8") as f:
        for i, k in zip(ids, keep):
            if k:
                f.write(i + "\n")


def prepare(work, saex, unseen):
    demo = os.path.join(work, "demo.npy")
    if not os.path.exists(demo):
        log("encoding the demo with ResNet18 ...")
        run(saex, ["encode", "--manifest", MANIFEST, "--model", "resnet18", "--out", demo], capture=False)
    with open(demo[:-4] + ".ids.txt", encoding="utf-8") as f:
        ids = [line.strip() for line in f if line.strip()]
    with open(MANIFEST, newline="", encoding="utf-8") as f:
        source_of = {row["id"]: row["source"] for row in csv.DictReader(f)}
    left_out = np.array([source_of[i] == unseen for i in ids])
    if not left_out.any():
        raise SystemExit(f"no image of the demo comes from source '{unseen}'")
    seen_npy, unseen_npy = os.path.join(work, "seen.npy"), os.path.join(work, "unseen.npy")
    if not os.path.exists(unseen_npy):
        write_rows(demo, ids, ~left_out, seen_npy)
        write_rows(demo, ids, left_out, unseen_npy)
    return demo, seen_npy, unseen_npy, int(left_out.sum()), len(ids)


def margin(purity):
    sae, raw = purity["sae"], purity["raw_dimensions"]
    difference = (sae["purity"] - sae["chance"]) - (raw["purity"] - raw["chance"])
    noise = 2 * math.sqrt(sae["standard_error"] ** 2 + raw["standard_error"] ** 2)
    return {"margin": difference, "two_se": noise, "sae_purity": sae["purity"], "sae_chance": sae["chance"],
            "sae_units": sae["units"], "raw_purity": raw["purity"], "raw_chance": raw["chance"]}


def evaluate(saex, sae, npy, env, held_out):
    args = ["eval-sae", "--sae", sae, "--embeddings", npy, "--manifest", MANIFEST, "--json"]
    if held_out:
        args.insert(5, "--held-out")
    out, _ = run(saex, args, env)
    report = json.loads(out)
    return {"ev": report["explained_variance"], "l0": report["l0"], **margin(report["purity"])}


def firing_counts(saex, sae, npy, features):
    out, _ = run(saex, ["encode-sae", "--sae", sae, "--embeddings", npy, "--json"])
    counts = np.zeros(features, dtype=np.int64)
    for line in out.splitlines():
        for index, _value in json.loads(line)["features"]:
            counts[index] += 1
    alive = counts[counts > 0]
    return {"alive": int(alive.size), "median_firing": float(statistics.median(alive.tolist())) if alive.size else 0.0}


def measure(work, saex, k, expansion, seed, steps, files):
    demo, seen, unseen, _, _ = files
    env = {"Training__Seed": str(seed)}
    name = f"topk-k{k}-x{expansion}-s{seed}-n{steps}"
    flags = ["--architecture", "topk", "--k", str(k), "--expansion", str(expansion), "--steps", str(steps)]
    whole, without = os.path.join(work, name), os.path.join(work, name + "-unseen")
    _, train_seconds = run(saex, ["train", "--embeddings", demo, "--out", whole] + flags, env, capture=False)
    result = {"k": k, "expansion": expansion, "seed": seed, "steps": steps, "train_seconds": round(train_seconds, 1),
              "held_out": evaluate(saex, whole, demo, env, held_out=True),
              **firing_counts(saex, whole, demo, 512 * expansion)}
    run(saex, ["train", "--embeddings", seen, "--out", without] + flags, env, capture=False)
    result["same_sources"] = evaluate(saex, without, seen, env, held_out=True)
    result["unseen_source"] = evaluate(saex, without, unseen, env, held_out=False)
    return result


def table(results):
    def m(e):
        return f"{e['margin']:+.3f} ± {e['two_se']:.3f}"
    lines = ["| setting | seed | train s | held-out EV | L0 | alive | median firing | margin, held-out | "
             "EV, same sources | margin, same sources | EV, unseen source | margin, unseen source |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(results, key=lambda r: (r["expansion"], r["k"], r["seed"])):
        h, s, u = r["held_out"], r["same_sources"], r["unseen_source"]
        lines.append(f"| topk k{r['k']} {r['expansion']}x | {r['seed']} | {r['train_seconds']:.0f} | {h['ev']:.3f} | {h['l0']:.1f} | "
                     f"{r['alive']:,} | {r['median_firing']:g} | {m(h)} | {s['ev']:.3f} | {m(s)} | {u['ev']:.3f} | {m(u)} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", required=True, help="folder for embeddings, SAEs and results.jsonl (outside the repository)")
    parser.add_argument("--settings", default="16x4", help="comma-separated KxE: k active features at expansion E")
    parser.add_argument("--seeds", default="42", help="comma-separated split seeds (Training:Seed)")
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--unseen-source", default="tuxpaint-stamps-default", help="the manifest source left out of training")
    parser.add_argument("--saex", default="dotnet run -c Release --project src/SaeExplorer.Cli --")
    parser.add_argument("--table-only", action="store_true", help="print the table of results.jsonl and stop")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    path = os.path.join(args.work, "results.jsonl")
    results = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            results = [json.loads(line) for line in f if line.strip()]
    if not args.table_only:
        saex = args.saex.split()
        files = prepare(args.work, saex, args.unseen_source)
        log(f"demo: {files[4]} images, {files[3]} of them from {args.unseen_source} (left out of the unseen-source SAEs)")
        done = {(r["k"], r["expansion"], r["seed"], r["steps"]) for r in results}
        for setting in args.settings.split(","):
            k, expansion = (int(x) for x in setting.lower().split("x"))
            for seed in (int(s) for s in args.seeds.split(",")):
                if (k, expansion, seed, args.steps) in done:
                    continue
                log(f"k {k}, {expansion}x, seed {seed} ...")
                result = measure(args.work, saex, k, expansion, seed, args.steps, files)
                results.append(result)
                with open(path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(result) + "\n")
                log(table([result]).splitlines()[-1])
    print(table(results))


if __name__ == "__main__":
    main()
