#!/usr/bin/env bash
# Submits a sharded `saex index` to Slurm: an array of n tasks (index-shard.sbatch, one part file each) and a
# merge job (index-merge.sbatch) that starts only when every task succeeded (--dependency=afterok) and is
# cancelled if one fails (--kill-on-invalid-dep=yes). Prints the two job ids as shell assignments
# (array_job=ID, merge_job=ID) after a line for people.
#
# usage: tools/slurm/submit.sh --sae DIR --embeddings PATH --out FILE.idx [options] [-- sbatch options...]
#   --saex CMD         the saex command, a published CLI: DIR/saex after
#                      `dotnet publish src/SaeExplorer.Cli -c Release -o DIR` on a shared disk (env SAEX; default saex)
#   --sae PATH         the SAE: SAELens folder, .pth or saev sae.pt                                (env SAEX_SAE)
#   --embeddings PATH  the corpus's embeddings: a .npy, or a clip-retrieval folder (with img_emb/) (env SAEX_EMBEDDINGS)
#   --out FILE.idx     the merged index                                                              (env SAEX_OUT)
#   --shards N         array tasks = shards (default 4)                                           (env SAEX_SHARDS)
#   --parts DIR        part files and logs (default: FILE.idx.parts beside --out), on a shared disk (env SAEX_PARTS)
#   --cpus N           CPUs per task (default 4)        --mem SIZE  memory per task (default 8G; an 81,920 x 1280
#   --time LIMIT       time per task (default 1-00:00:00)            float32 SAE needs its 0.8 GB of weights + 3 GB)
#   --index-args "..." extra `saex index` options for every shard, e.g. "--batch-size 256"  (env SAEX_INDEX_ARGS)
#   --merge-args "..." extra `saex index merge` options, e.g. "--neighbours 10"              (env SAEX_MERGE_ARGS)
#   after --: options for both sbatch calls, e.g. -- --partition=gpu --account=lab
#             (sbatch's own SBATCH_PARTITION, SBATCH_ACCOUNT, ... environment variables work too)
# Paths are made absolute, so the jobs do not depend on the directory they start in.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

saex="${SAEX:-saex}" sae="${SAEX_SAE:-}" embeddings="${SAEX_EMBEDDINGS:-}" out="${SAEX_OUT:-}"
shards="${SAEX_SHARDS:-4}" parts="${SAEX_PARTS:-}" cpus=4 mem=8G time=1-00:00:00
index_args="${SAEX_INDEX_ARGS:-}" merge_args="${SAEX_MERGE_ARGS:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --saex) saex="$2"; shift 2 ;;
    --sae) sae="$2"; shift 2 ;;
    --embeddings) embeddings="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --parts) parts="$2"; shift 2 ;;
    --cpus) cpus="$2"; shift 2 ;;
    --mem) mem="$2"; shift 2 ;;
    --time) time="$2"; shift 2 ;;
    --index-args) index_args="$2"; shift 2 ;;
    --merge-args) merge_args="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "submit.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$sae" ] || [ -z "$embeddings" ] || [ -z "$out" ]; then
  echo "submit.sh: --sae, --embeddings and --out are required (see --help)" >&2; exit 2
fi
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: --shards '$shards': expected a positive whole number" >&2; exit 2; }
[ -e "$sae" ] || { echo "submit.sh: --sae '$sae': not found" >&2; exit 2; }
[ -e "$embeddings" ] || { echo "submit.sh: --embeddings '$embeddings': not found" >&2; exit 2; }

sae="$(realpath "$sae")" embeddings="$(realpath "$embeddings")" out="$(realpath -m "$out")"
parts="$(realpath -m "${parts:-$out.parts}")"
mkdir -p "$parts/logs"
# Tasks resume from checkpoints they find, and saex checks their rows and feature count but cannot tell two SAEs
# of the same size apart: say so when the folder already holds parts.
found="$(find "$parts" -maxdepth 1 -name 'part-*.idx*' | wc -l)"
[ "$found" -eq 0 ] || echo "submit.sh: $parts already holds $found part or checkpoint files: tasks resume or overwrite them;" \
  "remove them unless they come from this SAE and corpus" >&2

export SAEX="$saex" SAEX_SAE="$sae" SAEX_EMBEDDINGS="$embeddings" SAEX_OUT="$out" SAEX_SHARDS="$shards"
export SAEX_PARTS="$parts" SAEX_INDEX_ARGS="$index_args" SAEX_MERGE_ARGS="$merge_args"
common=(--parsable --export=ALL --cpus-per-task="$cpus" --mem="$mem" --time="$time" "$@")

array_job="$(sbatch "${common[@]}" --array="0-$((shards - 1))" --output="$parts/logs/index-%A_%a.out" \
  "$here/index-shard.sbatch")"
array_job="${array_job%%;*}"
merge_job="$(sbatch "${common[@]}" --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
  --output="$parts/logs/merge-%j.out" "$here/index-merge.sbatch")"
merge_job="${merge_job%%;*}"

echo "# saex index: array job $array_job ($shards shards -> $parts), merge job $merge_job -> $out (logs: $parts/logs)"
echo "array_job=$array_job"
echo "merge_job=$merge_job"
