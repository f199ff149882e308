#!/usr/bin/env bash
# The scale run: a synthetic corpus and SAE of the paper's size through the CLI and then through the app, with wall
# time, rate and peak private memory (RssAnon, sampled from /proc/PID/status; mapped file pages do not count) per stage.
#   tools/scale/run.sh [--rows N] [--features F] [--out DIR] [--kill] [--checkpoint-every BATCHES] [--skip-build]
#                      [--stages "generate import index nearest workspace pages"] [--samples N]
# --kill kills `saex index` once during encoding and once during the nearest-features step (SIGKILL, after a checkpoint
# exists) and runs it again each time, to show that both resume. "workspace" records the corpus, the SAE and the index
# as a workspace (`saex workspace create`, the path a user's takes), starts the app on it and follows its preparation
# through GET /api/workspaces/scale; "pages" then times its pages against the targets (docs/scale.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ROWS=1000000 FEATURES=81920 OUT=/tmp/saex-scale KILL=0 BUILD=1 EVERY=64 SAMPLES=200
STAGES="generate import index nearest workspace pages" PORT=5399
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --features) FEATURES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --kill) KILL=1; shift ;;
    --checkpoint-every) EVERY="$2"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --stages) STAGES="$2"; shift 2 ;;
    --samples) SAMPLES="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
SAEX="dotnet $ROOT/src/SaeExplorer.Cli/bin/Release/net10.0/saex.dll"
SCALE="dotnet $ROOT/tools/scale/SaeExplorer.Scale/bin/Release/net10.0/saex-scale.dll"
WEB="$ROOT/src/SaeExplorer.Web/bin/Release/net10.0/SaeExplorer.Web.dll"
APP_URL="http://127.0.0.1:$PORT/"
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
  dotnet build -c Release "$ROOT/src/SaeExplorer.Web" -v q -nologo
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

# The app on the workspace's own database and data folder, without the demo; stopped when the script ends.
start_app() {
  Saex__Database="$OUT/app/saex.db" Saex__DataDirectory="$OUT/app" Saex__DemoPack="" Urls="$APP_URL" \
    Logging__LogLevel__Default=Warning nice dotnet "$WEB" >> "$OUT/app.log" 2>&1 &
  APP_PID=$!
  trap 'kill $APP_PID 2>/dev/null || true' EXIT
}

stage_workspace() {
  rm -rf "$OUT/app" && mkdir -p "$OUT/app"
  start_app # it makes the database; the workspace recorded next is picked up without a restart
  until curl -sf "${APP_URL}healthz" > /dev/null; do sleep 1; done
  nice $SAEX workspace create --db "$OUT/app/saex.db" --data "$OUT/app" --name scale --corpus "$OUT/corpus" \
    --sae "$OUT/sae.pth" --index "$OUT/index/index.idx"
  local start wall
  start=$(date +%s.%N)
  $SCALE watch --app "$APP_URL" --workspace scale --pid "$APP_PID" | tee "$OUT/prepare.log"
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  sed -n 's/^stage \([^:]*\): \([0-9.]*\) s, \([0-9,]*\) units.*peak RssAnon \([0-9,]*\) MB$/app: \1\t\2\t\3\t\4\t0/p' "$OUT/prepare.log" \
    | tr -d ',' >> "$LOG"
  printf 'app: prepared\t%.1f\t\t\t0\n' "$wall" >> "$LOG"
}

stage_pages() {
  if [[ -z "${APP_PID:-}" ]]; then
    start_app
    until curl -sf "${APP_URL}healthz" > /dev/null; do sleep 1; done
  fi
  set +e
  $SCALE pages --app "$APP_URL" --workspace scale --samples "$SAMPLES" | tee "$OUT/pages.log"
  set -e
}

printf 'stage\twall_s\tunits_per_s\tpeak_rss_anon_MB\texit\n' > "$LOG"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $ROWS rows x $FEATURES features; $OUT; stages: $STAGES"
stage_build
for stage in $STAGES; do
  case "$stage" in
    generate) stage_generate ;;
    import) stage_import ;;
    index) stage_index ;;
    nearest) stage_nearest_images ;;
    workspace) stage_workspace ;;
    pages) stage_pages ;;
    *) echo "unknown stage $stage" >&2; exit 2 ;;
  esac
done
column -t -s $'\t' "$LOG"
[[ ! -f "$OUT/pages.log" ]] || grep -E 'p95' "$OUT/pages.log"
