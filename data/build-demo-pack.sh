#!/usr/bin/env bash
# Build the SAE Explorer demo image pack (data/demo) from Debian 12 packages.
#
#   sudo data/build-demo-pack.sh            # writes data/demo/{images/,manifest.csv,SOURCES.md}
#
# Installs with apt-get (skipped when already installed):
#   python3-pil librsvg2-bin tuxpaint-stamps-default openclipart-png openclipart-svg
#   fonts-noto-color-emoji unicode-data gcompris-qt-data scratch opencv-doc
# python3-skimage and python3-sklearn are only *fetched* (apt-get download) and
# unpacked into the cache directory unless already installed: installing them
# would pull in ~300 MB of numpy/scipy/matplotlib/boost just to read ~22 photos.
#
# Env: DEMO_PACK_CACHE (default /var/cache/sae-demo-pack) holds fetched .debs,
#      DEMO_PACK_OUT (default <this dir>/demo), DEMO_PACK_JOBS (default nproc).
# The output is deterministic: two runs give byte-identical files.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${DEMO_PACK_OUT:-$HERE/demo}"
CACHE="${DEMO_PACK_CACHE:-/var/cache/sae-demo-pack}"
JOBS="${DEMO_PACK_JOBS:-$(nproc)}"
PY=/usr/bin/python3

INSTALL_PKGS=(python3-pil librsvg2-bin tuxpaint-stamps-default openclipart-png openclipart-svg
              fonts-noto-color-emoji unicode-data gcompris-qt-data scratch opencv-doc)
FETCH_PKGS=(python3-skimage python3-sklearn)

if [[ $EUID -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
export DEBIAN_FRONTEND=noninteractive

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

apt_retry() {  # apt-get with waiting on a held dpkg/apt lock
  local i
  for i in 1 2 3 4 5 6; do
    if "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 "$@"; then return 0; fi
    echo "apt-get $* failed (attempt $i), retrying in 20 s ..." >&2
    sleep 20
  done
  return 1
}

lists_updated=0
ensure_lists() {
  if [[ $lists_updated -eq 0 ]]; then apt_retry update -qq; lists_updated=1; fi
}

# 0. /usr/bin/python3 itself
if [[ ! -x $PY ]]; then ensure_lists; apt_retry install -y -qq --no-install-recommends python3; fi

# 1. packages we install (all are data-only or have tiny dependency chains)
missing=()
for p in "${INSTALL_PKGS[@]}"; do is_installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  ensure_lists
  for p in "${missing[@]}"; do
    if apt-cache show "$p" >/dev/null 2>&1; then
      apt_retry install -y -qq --no-install-recommends "$p" >&2 || echo "WARNING: could not install $p" >&2
    else
      echo "WARNING: package $p not available from apt; its source is skipped" >&2
    fi
  done
fi

ROOT_ARGS=()
VERSION_ARGS=()
add_root() {  # pkg dir
  ROOT_ARGS+=(--root "$1=$2")
  local v
  v=$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true)
  [[ -z $v && -f $CACHE/x/$1.version ]] && v=$(cat "$CACHE/x/$1.version")
  [[ -n $v ]] && VERSION_ARGS+=(--version "$1=$v")
  return 0
}
for p in "${INSTALL_PKGS[@]}"; do
  if is_installed "$p"; then add_root "$p" /; fi
done

# 2. packages we only fetch and unpack (unless already installed)
for p in "${FETCH_PKGS[@]}"; do
  if is_installed "$p"; then add_root "$p" /; continue; fi
  dest="$CACHE/x/$p"
  if [[ ! -f $dest/.unpacked ]]; then
    ensure_lists
    mkdir -p "$CACHE/debs"
    rm -f "$CACHE/debs/${p}"_*.deb
    if ! (cd "$CACHE/debs" && apt_retry download "$p" >&2); then
      echo "WARNING: could not fetch $p; its source is skipped" >&2
      continue
    fi
    deb=$(ls "$CACHE/debs/${p}"_*.deb | head -n1)
    rm -rf "$dest"; mkdir -p "$dest"
    dpkg-deb -x "$deb" "$dest"
    dpkg-deb -f "$deb" Version >"$CACHE/x/$p.version"
    touch "$dest/.unpacked"
  fi
  add_root "$p" "$dest"
done

# 3. build
WORK="$CACHE/work"
mkdir -p "$CACHE"
summary=$("$PY" "$HERE/build-demo-pack.py" --out "$OUT" --work "$WORK" --jobs "$JOBS" \
  "${ROOT_ARGS[@]}" "${VERSION_ARGS[@]}")
size=$(du -sb "$OUT" | cut -f1)
if ((size > 18000000)); then echo "ERROR: $OUT is $size bytes, more than 18 MB" >&2; exit 1; fi
echo "$summary; du -sb $OUT = $size bytes"
