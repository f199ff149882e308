#!/usr/bin/env python3
"""Checks the Kubernetes manifests of this folder without a cluster.

Why: nothing here runs Kubernetes, so the manifests would otherwise only ever be read. This parses every YAML
file, checks that the shard count agrees everywhere (completions, parallelism, SHARDS of both Jobs), that every
pod mounts the claim pvc.yaml defines and that the memory fits an 81,920 x 1280 SAE (weights + 3 GB), and with
--saex runs the containers' own shell commands on this machine, on a tiny random corpus (one "pod" per completion
index, then the merge), and compares the merged index with an unsharded `saex index` byte for byte.

usage: tools/kubernetes/check-manifests.py [--saex PATH]   (needs python3-yaml: apt-get install python3-yaml)
"""
import argparse
import filecmp
import os
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    sys.exit("check-manifests: needs PyYAML (apt-get install python3-yaml)")

HERE = os.path.dirname(os.path.abspath(__file__))
SAE_WEIGHTS_BYTES = 2 * 81920 * 1280 * 4  # W_enc and W_dec of the paper's SAE, float32
GI = {"Gi": 2**30, "Mi": 2**20, "G": 10**9, "M": 10**6}


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def container(job):
    return job["spec"]["template"]["spec"]["containers"][0]


def env_of(c):
    return {e["name"]: e["value"] for e in c.get("env", [])}


def memory_bytes(text):
    for suffix, scale in GI.items():
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * scale
    return float(text)


def check():
    pvc, index, merge, copy = (load(n) for n in ("pvc.yaml", "index-job.yaml", "merge-job.yaml", "copy-pod.yaml"))
    problems = []
    spec = index["spec"]
    shards = int(env_of(container(index))["SHARDS"])
    if spec.get("completionMode") != "Indexed":
        problems.append("index-job.yaml: completionMode is not Indexed")
    if not spec["completions"] == spec["parallelism"] == shards == int(env_of(container(merge))["SHARDS"]):
        problems.append("shard count differs: completions %s, parallelism %s, SHARDS %s (index) and %s (merge)"
                        % (spec["completions"], spec["parallelism"], shards, env_of(container(merge))["SHARDS"]))
    claim = pvc["metadata"]["name"]
    for name, pod in (("index-job.yaml", index["spec"]["template"]), ("merge-job.yaml", merge["spec"]["template"]),
                      ("copy-pod.yaml", copy)):
        claims = [v["persistentVolumeClaim"]["claimName"] for v in pod["spec"]["volumes"]]
        if claims != [claim]:
            problems.append("%s: mounts %s, not the claim %s of pvc.yaml" % (name, claims, claim))
    for name, job in (("index-job.yaml", index), ("merge-job.yaml", merge)):
        request = memory_bytes(container(job)["resources"]["requests"]["memory"])
        if request < SAE_WEIGHTS_BYTES + 3 * 10**9:
            problems.append("%s: memory request %.2f GB is under the SAE's weights + 3 GB" % (name, request / 1e9))
    return index, merge, shards, problems


def run_pods(index, merge, shards, saex):
    """Runs each container's command with /data in a temp folder and `dotnet /app/cli/saex.dll` as saex."""
    with tempfile.TemporaryDirectory(prefix="saex-k8s.") as tmp:
        data = os.path.join(tmp, "data")
        subprocess.run([sys.executable, os.path.join(HERE, "..", "slurm", "make-tiny-corpus.py"), data, "--rows", "3001"],
                       check=True, stdout=subprocess.DEVNULL)
        for job, indices in ((index, range(shards)), (merge, [None])):
            c = container(job)
            script = c["args"][0].replace("/data", data).replace("dotnet /app/cli/saex.dll", saex)
            env = {k: v.replace("/data", data) for k, v in env_of(c).items()}
            for i in indices:
                extra = {} if i is None else {"JOB_COMPLETION_INDEX": str(i)}
                r = subprocess.run(c["command"] + [script], env=dict(os.environ, **env, **extra),
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    return "%s (index %s) exited %d: %s" % (job["metadata"]["name"], i, r.returncode, r.stdout[-400:] + r.stderr[-400:])
        single = os.path.join(tmp, "single.idx")
        subprocess.run([saex, "index", "--sae", os.path.join(data, "sae"), "--embeddings", os.path.join(data, "embeddings.npy"),
                        "--out", single, "--batch-size", "256"], check=True, stdout=subprocess.DEVNULL)
        merged = env_of(container(merge))["OUT"].replace("/data", data)
        if not filecmp.cmp(merged, single, shallow=False):
            return "the merged index differs from the unsharded one"
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--saex", help="a built or published saex: also run the pods' commands on a tiny corpus")
    a = p.parse_args()
    index, merge, shards, problems = check()
    if not problems and a.saex:
        problem = run_pods(index, merge, shards, a.saex)
        if problem:
            problems.append(problem)
    for problem in problems:
        print("check-manifests: " + problem)
    ran = ", pods' commands run: merged == unsharded" if a.saex else ""
    print("check-manifests: %s (%d shards%s)" % ("FAIL" if problems else "PASS", shards, "" if problems else ran))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
