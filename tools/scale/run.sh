#!/usr/bin/env bash
# The scale run: a synthetic corpus and SAE of the paper's size through the CLI path, with wall time, rate and peak
# private memory (RssAnon, sampled from /proc/PID/status; mapped file pages do not count) per stage.
#   tools/scale/run.sh [--rows N] [--features F] [--out DIR] [--kill] [--checkpoint-every BATCHES] [--skip-build]
# --kill kills `saex index` once during encoding and once during the nearest-features step (SIGKILL, after a checkpoint
# exists) and runs it again each time, to show that both resume. Stages are functions: a later step adds its own
# (preparing the workspace through the app, timing the pages) after the ones here.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ROWS=1000000 FEATURES=81920 OUT=/tmp/saex-scale KILL=0 BUILD=1 EVERY=64
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --features) FEATURES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --kill) KILL=1; shift ;;
    --checkpoint-every) EVERY="$2"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
SAEX="dotnet $ROOT/src/SaeExplorer.Cli/bin/Release/net10.0/saex.dll"
SCALE="dotnet $ROOT/tools/scale/SaeExplorer.Scale/bin/Release/net10.0/saex-scale.dll"
LOG="$OUT/stages.tsv"
mkdir -p "$OUT"

# measure NAME UNITS COMMAND...: runs COMMAND, samples its RssAnon every 0.2 s, appends "name wall_s units/s peak_MB rc".
measure() {
  local name="$1" units="$2"; shift 2
  local start peak=0 pid rc
  start=$(date +%s.%N)
  "$@" &
  pid=$!
  echo "$pid" > "$OUT/stage.pid"
  while kill -0 "$pid" 2>/dev/null; do
    local anon
    anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [[ -n "$anon" && "$anon" -gt "$peak" ]] && peak=$anon
    sleep 0.2
  done
  set +e; wait "$pid"; rc=$?; set -e
  local wall rate
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  rate=$(echo "scale=1; $units / $wall" | bc)
  printf '%s\t%.1f\t%s\t%d\t%d\n' "$name" "$wall" "$rate" $((peak / 1024)) "$rc" | tee -a "$LOG"
  return 0
}

# kill_when FILE: SIGKILLs the stage this script is measuring (its pid, from measure) once FILE exists, a few seconds
# later: the checkpoint was written and some work after it is lost, as in a real crash.
kill_when() {
  local file="$1"
  ( while [[ ! -f "$file" ]]; do sleep 1; done; sleep 5
    local victim
    victim=$(cat "$OUT/stage.pid")
    kill -9 "$victim" && echo "killed the stage (pid $victim) after $file appeared" ) &
}

stage_build() {
  [[ $BUILD == 1 ]] || return 0
  dotnet build -c Release "$ROOT/src/SaeExplorer.Cli" -v q -nologo
  dotnet build -c Release "$ROOT/tools/scale/SaeExplorer.Scale" -v q -nologo
}

stage_generate() {
  if [[ -f "$OUT/generated-$ROWS-$FEATURES" ]]; then echo "synthetic data already in $OUT"; return 0; fi
  rm -rf "$OUT/corpus" "$OUT/sae.pth" "$OUT/saelens"
  measure generate "$ROWS" nice $SCALE generate --out "$OUT" --rows "$ROWS" --features "$FEATURES"
  touch "$OUT/generated-$ROWS-$FEATURES"
}

stage_import() {
  rm -rf "$OUT/pack"
  measure import-corpus "$ROWS" nice $SAEX import-corpus "$OUT/corpus" --out "$OUT/pack" --format clip-retrieval
}

stage_index() {
  local idx="$OUT/index/index.idx"
  rm -rf "$OUT/index"
  local run=(nice $SAEX index --sae "$OUT/sae.pth" --embeddings "$OUT/corpus" --out "$idx" --checkpoint-every "$EVERY")
  if [[ $KILL == 1 ]]; then
    kill_when "$idx.checkpoint"
    measure index-until-killed-encoding "$ROWS" "${run[@]}"
    kill_when "$idx.checkpoint.neighbours"
    measure index-resumed-until-killed-neighbours "$ROWS" "${run[@]}"
  fi
  measure index "$ROWS" "${run[@]}"
  test -f "$idx"
}

stage_nearest_images() {
  local usearch="$OUT/nearest/corpus.usearch"
  rm -rf "$OUT/nearest"
  measure nearest-images-build "$ROWS" nice $SAEX nearest-images build --embeddings "$OUT/corpus" --out "$usearch"
  measure nearest-images-check 0 nice $SAEX nearest-images check --embeddings "$OUT/corpus" --index "$usearch" --queries 100 --top 8
}

printf 'stage\twall_s\tunits_per_s\tpeak_rss_anon_MB\texit\n' > "$LOG"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $ROWS rows x $FEATURES features; $OUT"
stage_build
stage_generate
stage_import
stage_index
stage_nearest_images
column -t "$LOG"
