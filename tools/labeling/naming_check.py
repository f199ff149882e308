#!/usr/bin/python3
"""Check automatic labels on corpora of several kinds: which naming method agrees best with held-out images.

  tools/labeling/naming_check.py --work /tmp/naming-check /tmp/check-corpora/clipart /tmp/check-corpora/fashion data/demo

For each corpus (a folder with manifest.csv and its images, e.g. from tools/labeling/build_check_corpora.py) it encodes
the images with the configured encoder (`saex encode --manifest`, once), trains an SAE with the app's Training
settings (appsettings.json, or the --k / --expansion given), and runs `saex autointerp --json` with each naming
method. It prints, per corpus and method, the alive features, the share named (held-out score clears chance, see
LabelEvidence), and the agreement of the labels' categories with the dominant category of each feature's top held-out
images against the best constant baseline (always naming the category most features' top images fall in), for every
label and for the named ones. The check passes for a method when its labels agree at least --lift (0.15) above the
baseline on every corpus. Results go to WORK/naming.jsonl (a corpus and method already there is not run again).
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
METHODS = ["decoder-direction", "top-images"]


def run(saex, args):
    result = subprocess.run(saex + args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise SystemExit(f"saex {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result.stdout


def check(work, saex, corpus, train_flags):
    name = os.path.basename(os.path.normpath(corpus))
    manifest = os.path.join(os.path.abspath(corpus), "manifest.csv")
    npy = os.path.join(work, name + ".npy")
    sae = os.path.join(work, name + "-sae")
    if not os.path.exists(npy):
        print(f"{name}: encoding ...", file=sys.stderr, flush=True)
        run(saex, ["encode", "--manifest", manifest, "--out", npy])
    if not os.path.exists(os.path.join(sae, "cfg.json")):
        print(f"{name}: training ...", file=sys.stderr, flush=True)
        run(saex, ["train", "--embeddings", npy, "--out", sae] + train_flags)
    for method in METHODS:
        report = json.loads(run(saex, ["autointerp", "--sae", sae, "--embeddings", npy, "--manifest", manifest,
                                       "--method", method, "--json"]))["report"]
        yield {"corpus": name, "method": method, "alive": report["alive"], "named": report["named"],
               "share_named": report["share_named"], "held_out_images": report["held_out_images"],
               "agreement": report["agreement"], "named_agreement": report["named_agreement"]}


def table(results, lift):
    def figure(a):
        if a["share"] is None:
            return "n/a | | |"
        return f"{a['share']:.3f} ({a['matches']}/{a['compared']}) | {a['baseline_share']:.3f} ({a['baseline_category']}) | {a['above_baseline']:+.3f} |"
    lines = ["| corpus | method | alive | named | agreement, all labels | baseline | above | agreement, named labels | baseline | above |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['corpus']} | {r['method']} | {r['alive']:,} | {r['named']:,} ({(r['share_named'] or 0):.1%}) | "
                     f"{figure(r['agreement'])} {figure(r['named_agreement'])}")
    for method in METHODS:
        mine = [r for r in results if r["method"] == method]
        worst = min(((r["agreement"]["above_baseline"] or -1), r["corpus"]) for r in mine) if mine else None
        if worst:
            verdict = "passes" if worst[0] >= lift else "fails"
            lines.append(f"\n{method}: {verdict} (every label at least {lift:+.2f} above the baseline; lowest {worst[0]:+.3f} on {worst[1]})")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="+", help="corpus folders with a manifest.csv")
    parser.add_argument("--work", required=True, help="folder for embeddings, SAEs and naming.jsonl (outside the repository)")
    parser.add_argument("--k", type=int, help="TopK k (default: Training:K)")
    parser.add_argument("--expansion", type=int, help="dictionary expansion (default: Training:Expansion)")
    parser.add_argument("--lift", type=float, default=0.15, help="agreement above the baseline a method must reach")
    parser.add_argument("--saex", default="dotnet run -c Release --project src/SaeExplorer.Cli --")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    path = os.path.join(args.work, "naming.jsonl")
    results = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            results = [json.loads(line) for line in f if line.strip()]
    flags = (["--k", str(args.k)] if args.k else []) + (["--expansion", str(args.expansion)] if args.expansion else [])
    for corpus in args.corpora:
        name = os.path.basename(os.path.normpath(corpus))
        if any(r["corpus"] == name for r in results):
            continue
        for result in check(args.work, args.saex.split(), corpus, flags):
            results.append(result)
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps(result) + "\n")
    print(table(results, args.lift))


if __name__ == "__main__":
    main()
