#!/usr/bin/python3
"""Build the SAE Explorer demo image pack (data/demo) from Debian packages.

Run through data/build-demo-pack.sh, which installs/fetches the packages and
passes their root directories (``--root PKG=DIR``). Needs only python3-pil.

Output (all deterministic, no timestamps):
  <out>/images/<id>.jpg   RGB JPEG, longest side <= 160 px, transparency on white
  <out>/manifest.csv      id,file,category,subcategory,description,source,licence
  <out>/SOURCES.md        source packages, licences, counts
"""
import argparse
import csv
import fnmatch
import hashlib
import io
import multiprocessing
import os
import re
import shutil
import struct
import subprocess
import sys
import unicodedata
import urllib.parse
import warnings
import zlib

from PIL import Image, ImageDraw, ImageFont

warnings.simplefilter("ignore", Image.DecompressionBombWarning)
Image.MAX_IMAGE_PIXELS = 200_000_000

MAX_SIDE = 160
WHITE = (255, 255, 255)

# How many items to take from the big drawing sources (the photo sets are
# always taken whole). Chosen so the pack stays within 2,500-4,000 images and
# ~15 MB, with no single source above ~35 %.
CAP_OPENCLIPART = 1400
CAP_EMOJI = 1000
QUALITIES = [80, 77, 74, 71, 68, 65, 62, 60]
IMAGES_BUDGET = 15_900_000  # bytes for images/ (whole data/demo must be <= 18 MB)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def stable_key(s):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def clean_text(s, limit=160):
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\s+", " ", s).strip()
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "\u2026"
    return s


def words_from_name(stem):
    """'leaningTowerOfPisa2' -> 'leaning tower of pisa'."""
    s = re.sub(r"([a-z])([A-Z])", r"\1 \2", stem)
    s = re.sub(r"[_\-]+", " ", s)
    s = re.sub(r"\d+", " ", s)
    return clean_text(s.lower())


def water_fill(groups, total):
    """groups: {name: [items sorted by preference]} -> picks at most `total`
    items, giving every group the same cap (groups smaller than the cap give
    their spare share to the others). Deterministic."""
    sizes = {k: len(v) for k, v in groups.items()}
    if sum(sizes.values()) <= total:
        return {k: list(v) for k, v in groups.items()}
    lo, hi = 0, max(sizes.values())
    while lo < hi:  # largest cap with sum(min(size, cap)) <= total
        mid = (lo + hi + 1) // 2
        if sum(min(n, mid) for n in sizes.values()) <= total:
            lo = mid
        else:
            hi = mid - 1
    cap = lo
    picked = {k: list(v[:cap]) for k, v in groups.items()}
    left = total - sum(len(v) for v in picked.values())
    for k in sorted(groups):  # hand out the remainder one each, by name
        if left <= 0:
            break
        if sizes[k] > cap:
            picked[k].append(groups[k][cap])
            left -= 1
    return picked


# --------------------------------------------------------------------------
# Item = dict(source, key, category, subcategory, description, licence, load)
# `load` is a picklable tuple describing how to get the pixels.
# --------------------------------------------------------------------------

# ---- tuxpaint-stamps-default ----------------------------------------------
TUX_CAT = {
    "animals": "animals", "clothes": "clothing", "food": "food", "hobbies": "hobbies",
    "household": "household", "medical": "health", "military": "military",
    "naturalforces": "nature", "people": "people", "plants": "plants",
    "seasonal": "holidays", "space": "space", "sports": "sports", "symbols": "symbols",
    "town": "buildings", "vehicles": "vehicles",
}
TUX_SUB_CAT = {
    ("hobbies", "music"): "music", ("household", "arttools"): "art",
    ("household", "electronics"): "technology", ("household", "tools"): "tools",
    ("people", "toys"): "hobbies", ("symbols", "faces"): "faces",
    ("symbols", "music"): "music", ("town", "flags"): "symbols",
    ("town", "roadsigns"): "symbols",
}


def tux_description(txt_path, stem):
    try:
        with open(txt_path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if line and not re.match(r"^[\w@.]+\.utf8=", line):
                    return clean_text(line)
    except OSError:
        pass
    return words_from_name(stem) or stem


def collect_tuxpaint(root):
    base = os.path.join(root, "usr/share/tuxpaint/stamps")
    items = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        files = set(filenames)
        stems = sorted({os.path.splitext(f)[0] for f in files if f.endswith((".png", ".svg"))})
        for stem in stems:
            if stem.endswith(("_mirror", "_flip")):
                continue  # pre-made mirrored variants of another stamp
            if stem + ".png" in files:
                path, kind = os.path.join(dirpath, stem + ".png"), "file"
            else:
                path, kind = os.path.join(dirpath, stem + ".svg"), "svg"
            rel = os.path.relpath(path, base)
            parts = rel.split(os.sep)
            top = parts[0]
            sub = parts[1] if len(parts) > 2 else top
            cat = TUX_SUB_CAT.get((top, sub), TUX_CAT.get(top, "objects"))
            items.append(dict(
                source="tuxpaint-stamps-default", key=rel, category=cat, subcategory=sub,
                description=tux_description(os.path.join(dirpath, stem + ".txt"), stem),
                licence="GPL-2+", load=(kind, path, True)))
    return items


# ---- openclipart-png / openclipart-svg ------------------------------------
OC_EXCLUDE_TOP = {"computer", "shapes", "signs_and_symbols", "special", "unsorted",
                  "logos", "buttons"}
OC_EXCLUDE_SUB = ("recreation/games/cards", "transportation/aiga-symbols",
                  "transportation/roadsigns", "people/clothing/pantyhose")
OC_CAT = {
    "animals": "animals", "buildings": "buildings", "containers": "household",
    "decorations": "holidays", "education": "education", "electronics": "technology",
    "food": "food", "geography": "places", "office": "office", "people": "people",
    "plants": "plants", "recreation": "hobbies", "science": "science", "tools": "tools",
    "transportation": "vehicles",
}
OC_SUB_CAT = {
    ("buildings", "furniture"): "household", ("geography", "astronomy"): "space",
    ("people", "clothing"): "clothing", ("people", "smilies"): "faces",
    ("recreation", "holiday"): "holidays", ("recreation", "party"): "holidays",
    ("recreation", "music"): "music", ("recreation", "sports"): "sports",
    ("recreation", "religion"): "symbols", ("recreation", "art"): "art",
    ("science", "astronomy"): "space", ("science", "medicine"): "health",
    ("tools", "weapons"): "military",
}


def svg_title(svg_path):
    try:
        with open(svg_path, "rb") as f:
            head = f.read(200_000).decode("utf-8", errors="replace")
    except OSError:
        return ""
    m = re.search(r"<cc:Work\b.*?</cc:Work>", head, re.S)
    scope = m.group(0) if m else head
    t = re.search(r"<dc:title>(.*?)</dc:title>", scope, re.S)
    if not t:
        t = re.search(r"<title[^>]*>(.*?)</title>", head, re.S)
    if not t:
        return ""
    s = re.sub(r"<[^>]+>", "", t.group(1))
    s = (s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
         .replace("&quot;", '"').replace("&apos;", "'"))
    return clean_text(s)


def collect_openclipart(png_root, svg_root, cap):
    pbase = os.path.join(png_root, "usr/share/openclipart/png")
    sbase = os.path.join(svg_root, "usr/share/openclipart/svg")
    groups = {}
    for dirpath, dirnames, filenames in os.walk(pbase):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, pbase)
        parts = [] if rel_dir == "." else rel_dir.split(os.sep)
        if not parts or parts[0] in OC_EXCLUDE_TOP:
            continue
        if any((rel_dir + "/").startswith(x + "/") for x in OC_EXCLUDE_SUB):
            continue
        for fn in sorted(filenames):
            if fn.endswith(".png"):
                rel = os.path.join(rel_dir, fn)
                groups.setdefault(parts[0], []).append(rel)
    for k in groups:
        groups[k].sort(key=stable_key)
    picked = water_fill(groups, cap)
    items = []
    for top in sorted(picked):
        for rel in picked[top]:
            parts = rel.split(os.sep)
            sub = parts[1] if len(parts) > 2 else top
            stem = os.path.splitext(parts[-1])[0]
            title = svg_title(os.path.join(sbase, os.path.splitext(rel)[0] + ".svg"))
            if not title or title.lower() in ("untitled", "title") or re.match(r"(?i)clip ?art by ", title):
                title = words_from_name(re.sub(r"_\d+$", "", stem)) or stem
            items.append(dict(
                source="openclipart", key=rel,
                category=OC_SUB_CAT.get((top, sub), OC_CAT.get(top, "objects")),
                subcategory=sub.replace("_", " "), description=title,
                licence="public-domain",
                load=("file", os.path.join(pbase, rel), True)))
    return items


# ---- Noto Color Emoji -------------------------------------------------------
SKIN = set(range(0x1F3FB, 0x1F400))
GENDER = {0x2640, 0x2642}


def emoji_category(group, sub):
    if group == "Smileys & Emotion":
        if sub in ("cat-face", "monkey-face"):
            return "animals"
        if sub in ("heart", "emotion"):
            return "symbols"
        return "faces"
    if group == "People & Body":
        return "people"
    if group == "Animals & Nature":
        return "plants" if sub.startswith("plant") else "animals"
    if group == "Food & Drink":
        return "household" if sub == "dishware" else "food"
    if group == "Travel & Places":
        if sub.startswith("transport"):
            return "vehicles"
        if sub in ("place-map", "place-geographic"):
            return "places"
        if sub == "sky & weather":
            return "nature"
        if sub == "time":
            return "objects"
        return "buildings"
    if group == "Activities":
        return {"event": "holidays", "award-medal": "sports", "sport": "sports",
                "game": "hobbies", "arts & crafts": "art"}.get(sub, "hobbies")
    if group == "Objects":
        return {"clothing": "clothing", "sound": "music", "music": "music",
                "musical-instrument": "music", "phone": "technology",
                "computer": "technology", "light & video": "technology",
                "book-paper": "education", "money": "symbols", "mail": "office",
                "writing": "office", "office": "office", "lock": "household",
                "tool": "tools", "science": "science", "medical": "health",
                "household": "household"}.get(sub, "objects")
    return "symbols"


def collect_emoji(unicode_root, cap):
    path = os.path.join(unicode_root, "usr/share/unicode/emoji/emoji-test.txt")
    group = sub = ""
    groups = {}
    order = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# group:"):
                group = line.split(":", 1)[1].strip()
            elif line.startswith("# subgroup:"):
                sub = line.split(":", 1)[1].strip()
            elif "; fully-qualified" in line and not line.startswith("#"):
                cps = [int(x, 16) for x in line.split(";")[0].split()]
                name = re.sub(r"^.*?E\d+\.\d+\s+", "", line.split("#", 1)[1]).strip()
                if group in ("Flags", "Component") or 0x20E3 in cps:
                    continue  # flags and keycaps: clutter
                if SKIN & set(cps):
                    continue  # skin-tone variants
                if 0x200D in cps and GENDER & set(cps):
                    continue  # man/woman variants of the same activity
                order += 1
                code = "-".join("%04X" % c for c in cps)
                groups.setdefault(group + "/" + sub, []).append(dict(
                    source="noto-color-emoji", key="%04d %s" % (order, code),
                    category=emoji_category(group, sub), subcategory=sub,
                    description=clean_text(name), licence="OFL-1.1",
                    load=("emoji", "".join(chr(c) for c in cps), True)))
    for k in groups:
        groups[k].sort(key=lambda it: stable_key(it["key"]))
    picked = water_fill(groups, cap)
    return [it for k in sorted(picked) for it in picked[k]]


# ---- gcompris-qt-data: Qt .rcc resources --------------------------------------
def rcc_entries(path):
    """Yield (resource path, bytes) for every file in a Qt binary resource
    (.rcc, format versions 1-3). zlib-compressed entries are inflated;
    zstd-compressed ones (flag 4) are yielded as None."""
    with open(path, "rb") as f:
        b = f.read()
    if b[:4] != b"qres":
        raise ValueError("not a Qt rcc file")
    ver, tree, data, names = struct.unpack(">IIII", b[4:20])
    node = 14 if ver == 1 else 22

    def name_at(off):
        (n,) = struct.unpack(">H", b[names + off: names + off + 2])
        return b[names + off + 6: names + off + 6 + 2 * n].decode("utf-16-be")

    out = []
    stack = [(0, "")]
    while stack:
        i, prefix = stack.pop()
        o = tree + i * node
        noff, flags = struct.unpack(">IH", b[o: o + 6])
        p = prefix + "/" + name_at(noff) if i else ""
        if flags & 2:
            cnt, first = struct.unpack(">II", b[o + 6: o + 14])
            for c in range(first + cnt - 1, first - 1, -1):
                stack.append((c, p))
        else:
            (doff,) = struct.unpack(">I", b[o + 10: o + 14])
            d = data + doff
            (ln,) = struct.unpack(">I", b[d: d + 4])
            raw = b[d + 4: d + 4 + ln]
            if flags & 1:
                raw = zlib.decompress(raw[4:])
            elif flags & 4:
                raw = None
            out.append((p, raw))
    return out


def parse_debian_copyright(path):
    stanzas = []
    cur, field = {}, None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    stanzas.append(cur)
                cur, field = {}, None
                continue
            if line[0] in " \t" and field:
                cur[field] += "\n" + line.strip()
            elif ":" in line:
                field, val = line.split(":", 1)
                cur[field] = val.strip()
    if cur:
        stanzas.append(cur)
    return [s for s in stanzas if "Files" in s]


def wiki_title(s):
    """'Israel-2013(2)-Jerusalem-Temple_Mount' -> 'Israel Jerusalem Temple Mount'."""
    s = urllib.parse.unquote(s)
    s = re.sub(r"[_\-]+", " ", s)
    s = re.sub(r"\(\s*\d*\s*\)", " ", s)
    s = re.sub(r"\b(?:DSC|IMG|P)?\d[\d.]*\b", " ", s)
    return clean_text(s)


GC_SETS = {  # rcc name -> (category, subcategory or None = folder)
    "categorization": None, "erase": ("animals", "animals"),
    "explore_farm_animals": ("animals", "farm animals"),
    "explore_world_animals": ("animals", "world animals"),
    "explore_monuments": ("buildings", None), "explore_world_music": ("music", "world music"),
    "leftright": ("people", "hands"), "louis-braille": ("people", "louis braille"),
    "solar_system": ("space", "solar system"),
}
GC_CATEGORIZATION = {"fishes": "animals", "monuments": "buildings", "tools": "tools",
                     "renewable": "technology", "others": "household",
                     "alphabets": "education", "numbers": "education"}
GC_OVERRIDE = {"baseball": "sports", "volleyball": "sports", "igloo": "buildings",
               "blackslate": "education", "pencil": "office", "erasers": "office"}
GC_LEFTRIGHT = {"main": "hand", "poing": "fist", "droite": "right", "gauche": "left",
                "droit": "right", "dessus": "back", "paume": "palm"}


def collect_gcompris(root, tmpdir):
    rccdir = os.path.join(root, "usr/share/gcompris-qt/rcc")
    copyright_file = os.path.join(root, "usr/share/doc/gcompris-qt-data/copyright")
    stanzas = parse_debian_copyright(copyright_file) if os.path.exists(copyright_file) else []
    items = []
    for act in sorted(GC_SETS):
        rcc = os.path.join(rccdir, act + ".rcc")
        if not os.path.exists(rcc):
            log("gcompris: missing %s" % rcc)
            continue
        for rpath, raw in sorted(rcc_entries(rcc)):
            if not rpath.lower().endswith((".webp", ".jpg", ".jpeg", ".png")):
                continue
            if raw is None:
                log("gcompris: zstd-compressed entry skipped: %s" % rpath)
                continue
            rel = rpath.split("/gcompris/", 1)[-1]  # src/activities/...
            stem = os.path.splitext(os.path.basename(rel))[0]
            folder = os.path.basename(os.path.dirname(rel))
            # licence + Wikimedia title from debian/copyright (last match wins)
            best, lic, wtitle = -1, "GPL-3+", ""
            variants = [os.path.splitext(rel)[0] + e for e in (".webp", ".jpg", ".jpeg", ".png", ".svg", ".JPG")]
            for idx, st in enumerate(stanzas):
                pats = st["Files"].split()
                if any(fnmatch.fnmatchcase(v, p) for p in pats for v in variants) and idx > best:
                    best = idx
                    lic = st.get("License", "").split("\n")[0] or lic
                    m = re.search(r"(?:File:|/wiki/[^/]*:)([^\s]+?)\.(?:jpe?g|png|svg|tiff?|webp)\b",
                                  st.get("Comment", ""), re.I)
                    wtitle = ""
                    if m and len(pats) == 1:
                        wtitle = wiki_title(m.group(1))
            if act == "explore_monuments":
                label = words_from_name(re.sub(r"(de|du|des|of)([A-Z])", r" \1 \2", stem))
            elif act == "leftright":
                label = " ".join(GC_LEFTRIGHT.get(w, w) for w in stem.split("_") if not w.isdigit())
            else:
                label = words_from_name(stem)
            if act == "explore_world_music" and label != "orchestra":
                label = "music from " + label
            desc = label
            if wtitle and wtitle.lower() != label and len(re.findall(r"[A-Za-z]{3,}", wtitle)) >= 2:
                desc = "%s (%s)" % (label, wtitle)
            if act == "categorization":
                cat, sub = GC_CATEGORIZATION.get(folder, "objects"), folder
            elif act == "explore_monuments":
                cat, sub = "buildings", "monuments " + folder
            else:
                cat, sub = GC_SETS[act]
            cat = GC_OVERRIDE.get(stem, cat)
            out = os.path.join(tmpdir, "gcompris", act, rel.replace("/", "__"))
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "wb") as f:
                f.write(raw)
            items.append(dict(source="gcompris-qt-data", key=act + ".rcc:" + rel,
                              category=cat, subcategory=sub, description=clean_text(desc),
                              licence=lic, load=("file", out, False)))
    return items


# ---- scratch backgrounds ------------------------------------------------------
SCRATCH_CAT = {"Indoors": "places", "Outdoors": "places", "Nature": "nature", "Sports": "sports"}


def collect_scratch(root):
    base = os.path.join(root, "usr/share/scratch/Media/Backgrounds")
    items = []
    for folder in sorted(SCRATCH_CAT):
        d = os.path.join(base, folder)
        if not os.path.isdir(d):
            continue
        for fn in sorted(os.listdir(d)):
            if fn.lower().endswith((".jpg", ".jpeg", ".png")):
                items.append(dict(source="scratch", key=folder + "/" + fn,
                                  category=SCRATCH_CAT[folder], subcategory=folder.lower(),
                                  description=words_from_name(os.path.splitext(fn)[0]) + " (background)",
                                  licence="CC-BY-SA-3.0",
                                  load=("file", os.path.join(d, fn), False)))
    return items


# ---- scikit-image / scikit-learn / OpenCV sample photos ----------------------
SKIMAGE = [  # file, category, subcategory, description, licence (from skimage.data docstrings)
    ("astronaut.png", "people", "portrait", "astronaut Eileen Collins", "public-domain"),
    ("brick.png", "nature", "texture", "brick wall texture", "CC0-1.0"),
    ("camera.png", "people", "portrait", "man with a camera on a tripod (grey)", "CC0-1.0"),
    ("cell.png", "science", "microscopy", "cell floating in saline", "CC0-1.0"),
    ("chelsea.png", "animals", "cat", "Chelsea the cat", "CC0-1.0"),
    ("clock_motion.png", "household", "clock", "motion-blurred wall clock", "public-domain"),
    ("coffee.png", "food", "drink", "cup of coffee", "CC0-1.0"),
    ("coins.png", "symbols", "money", "Greek coins from Pompeii", "public-domain"),
    ("grass.png", "nature", "texture", "grass texture", "CC0-1.0"),
    ("gravel.png", "nature", "texture", "gravel texture", "CC0-1.0"),
    ("hubble_deep_field.jpg", "space", "galaxies", "Hubble eXtreme Deep Field", "public-domain"),
    ("ihc.png", "science", "microscopy", "immunohistochemical staining", "public-domain"),
    ("microaneurysms.png", "health", "retina", "retina with microaneurysms (grey)", "CC0-1.0"),
    ("moon.png", "space", "moon", "surface of the moon", "public-domain"),
    ("motorcycle_left.png", "vehicles", "motorcycle", "motorcycle (stereo left view)", "BSD-3-Clause"),
    ("motorcycle_right.png", "vehicles", "motorcycle", "motorcycle (stereo right view)", "BSD-3-Clause"),
    ("page.png", "education", "document", "scanned book page", "BSD-3-Clause"),
    ("retina.jpg", "health", "retina", "human retina", "CC0-1.0"),
    ("rocket.jpg", "vehicles", "rocket", "launch of DSCOVR on a Falcon 9 rocket", "public-domain"),
    ("text.png", "symbols", "text", "printed text on a sign (grey)", "public-domain"),
]
SKLEARN = [
    ("china.jpg", "buildings", "temple", "Chinese temple (Summer Palace pagoda)", "CC-BY-2.0"),
    ("flower.jpg", "plants", "flowers", "close-up of a flower", "CC-BY-2.0"),
]
OPENCV = [  # path under examples/, category, subcategory, description
    ("alphamat/input_images/plant.jpg", "plants", "potted plant", "potted plant"),
    ("data/aero1.jpg", "places", "aerial", "aerial photo of a town"),
    ("data/aero3.jpg", "places", "aerial", "aerial photo of a town and river"),
    ("data/aloeL.jpg", "plants", "potted plant", "aloe plant in a pot"),
    ("data/apple.jpg", "food", "fruit", "apple"),
    ("data/baboon.jpg", "animals", "monkey", "mandrill (baboon) face"),
    ("data/basketball1.png", "sports", "basketball", "people playing basketball indoors (grey)"),
    ("data/board.jpg", "technology", "electronics", "printed circuit board"),
    ("data/box.png", "household", "box", "box of biscuits (grey)"),
    ("data/box_in_scene.png", "household", "box", "box of biscuits among other objects (grey)"),
    ("data/building.jpg", "buildings", "building", "office building"),
    ("data/butterfly.jpg", "animals", "insect", "butterfly on a leaf"),
    ("data/chicky_512.png", "animals", "dog", "small dog"),
    ("data/ela_original.jpg", "office", "notebook", "notebook with a penguin sticker"),
    ("data/fruits.jpg", "food", "fruit", "sliced citrus and kiwi fruits"),
    ("data/graf1.png", "art", "graffiti", "graffiti on a wall"),
    ("data/home.jpg", "buildings", "building", "church tower under a blue sky"),
    ("data/left.jpg", "household", "desk", "books and objects on a desk (grey)"),
    ("data/left01.jpg", "objects", "calibration", "person holding a chessboard calibration pattern (grey)"),
    ("data/leuvenA.jpg", "buildings", "street", "old street in Leuven"),
    ("data/licenseplate_motion.jpg", "vehicles", "car", "rear of a car, motion-blurred"),
    ("data/messi5.jpg", "sports", "football", "footballer kicking a ball"),
    ("data/orange.jpg", "food", "fruit", "orange"),
    ("data/rubberwhale1.png", "hobbies", "toys", "toys and a rubber whale on a table"),
    ("data/squirrel_cls.jpg", "animals", "squirrel", "squirrel on a branch"),
    ("data/starry_night.jpg", "art", "painting", "The Starry Night by Van Gogh"),
    ("data/stuff.jpg", "household", "objects", "small objects on a table"),
    ("data/sudoku.png", "hobbies", "puzzle", "printed sudoku puzzle"),
    ("data/text_defocus.jpg", "education", "document", "defocused printed text"),
    ("dnn_superres/butterfly.png", "animals", "insect", "close-up of a butterfly wing"),
    ("hfs/data/000.jpg", "animals", "bird", "robin on a post"),
    ("hfs/data/001.jpg", "nature", "lake", "lake with forest shore"),
    ("hfs/data/002.jpg", "nature", "tree", "lone tree in a green field"),
    ("reg/home.png", "buildings", "house", "brick house"),
    ("text/scenetext01.jpg", "symbols", "scene text", "street sign with text"),
    ("text/scenetext02.jpg", "symbols", "scene text", "sign for sports centre and car parks"),
    ("text/scenetext03.jpg", "symbols", "scene text", "shop front with signs"),
    ("text/scenetext04.jpg", "symbols", "scene text", "building with a sign"),
    ("text/scenetext05.jpg", "symbols", "scene text", "street scene with barrier and sign"),
    ("text/scenetext06.jpg", "symbols", "scene text", "pub front with signs"),
    ("text/scenetext_segmented_word01.jpg", "symbols", "scene text", "the word HOTEL on a sign"),
    ("text/scenetext_segmented_word02.jpg", "symbols", "scene text", "shop sign Stationery Box"),
    ("text/scenetext_segmented_word03.jpg", "symbols", "scene text", "sign: Customer Freephone Private Hire Service"),
    ("text/scenetext_segmented_word04.jpg", "symbols", "scene text", "Foster's sign"),
    ("text/scenetext_segmented_word05.jpg", "symbols", "scene text", "Sanyo sign"),
    ("text/scenetext_word01.jpg", "symbols", "scene text", "the word CHINA"),
    ("text/scenetext_word02.jpg", "symbols", "scene text", "the word HERE"),
    ("text/scenetext_word03.jpg", "symbols", "scene text", "the word riser"),
    ("text/scenetext_word04.jpg", "symbols", "scene text", "the word Produkt"),
]


def collect_fixed(source, base, table, licence=None):
    items = []
    for row in table:
        rel, cat, sub, desc = row[:4]
        lic = row[4] if len(row) > 4 else licence
        path = os.path.join(base, rel)
        if not os.path.exists(path):
            log("%s: missing %s" % (source, path))
            continue
        items.append(dict(source=source, key=rel, category=cat, subcategory=sub,
                          description=desc, licence=lic, load=("file", path, False)))
    return items


# ---- pixels ---------------------------------------------------------------------
_EMOJI_FONT = None


def load_pixels(load):
    kind, arg, trim = load
    if kind == "file":
        im = Image.open(arg)
        if getattr(im, "n_frames", 1) > 1:
            im.seek(0)
        im.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))
        im.load()
    elif kind == "svg":
        png = subprocess.run(["rsvg-convert", "-a", "-w", "480", "-h", "480", arg],
                             check=True, capture_output=True).stdout
        im = Image.open(io.BytesIO(png))
        im.load()
    elif kind == "emoji":
        global _EMOJI_FONT
        if _EMOJI_FONT is None:
            _EMOJI_FONT = ImageFont.truetype(os.environ["EMOJI_FONT"], 109)
        if _EMOJI_FONT.getlength(arg) > 140:  # not one glyph: unsupported sequence
            raise ValueError("sequence not in font")
        im = Image.new("RGBA", (180, 160), (255, 255, 255, 0))
        ImageDraw.Draw(im).text((10, 10), arg, font=_EMOJI_FONT, embedded_color=True)
    else:
        raise ValueError(kind)
    # flatten transparency onto white
    if im.mode in ("P", "PA"):
        im = im.convert("RGBA")
    if im.mode in ("LA", "La"):
        im = im.convert("RGBA")
    if im.mode.startswith("I;16"):
        im = im.convert("I")
    if im.mode in ("I", "F"):
        lo, hi = im.getextrema()
        im = im.point(lambda v: (v - lo) * (255.0 / max(1, hi - lo))).convert("L")
    if im.mode == "RGBa":
        im = im.convert("RGBA")
    if im.mode == "RGBA":
        alpha = im.getchannel("A")
        if trim:
            bbox = alpha.point(lambda a: 255 if a > 8 else 0).getbbox()
            if not bbox:
                raise ValueError("fully transparent")
            pad = max(2, int(0.04 * max(bbox[2] - bbox[0], bbox[3] - bbox[1])))
            bbox = (max(0, bbox[0] - pad), max(0, bbox[1] - pad),
                    min(im.width, bbox[2] + pad), min(im.height, bbox[3] + pad))
            im = im.crop(bbox)
            alpha = im.getchannel("A")
        bg = Image.new("RGB", im.size, WHITE)
        bg.paste(im.convert("RGB"), mask=alpha)
        im = bg
    im = im.convert("RGB")
    if max(im.size) > MAX_SIDE:
        s = MAX_SIDE / max(im.size)
        size = (max(1, round(im.width * s)), max(1, round(im.height * s)))
        im = im.resize(size, Image.LANCZOS, reducing_gap=3.0)
    if im.getextrema() in (((255, 255), (255, 255), (255, 255)),):
        raise ValueError("blank image")
    return im


def process(args):
    idx, load = args
    try:
        im = load_pixels(load)
        return idx, im.size, im.tobytes(), None
    except Exception as e:  # noqa: BLE001 - report and skip
        return idx, None, None, "%s: %s" % (type(e).__name__, e)


def encode(size, raw, q):
    im = Image.frombytes("RGB", size, raw)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=q, optimize=True, progressive=False)
    return buf.getvalue()


def encode_job(args):
    size, raw, q = args
    return encode(size, raw, q)


# ---- main ----------------------------------------------------------------------------
SOURCE_INFO = {
    "gcompris-qt-data": ("gcompris-qt-data", "per file, from debian/copyright (mostly CC-BY-SA / CC-BY / public domain Wikimedia photos)",
                         "Labelled Wikimedia photos extracted from the Qt .rcc resources of the activities: " + ", ".join(sorted(GC_SETS)) + "."),
    "noto-color-emoji": ("fonts-noto-color-emoji + unicode-data", "OFL-1.1 (font); Unicode licence (emoji-test.txt names)",
                         "Fully-qualified emoji rendered with PIL (NotoColorEmoji.ttf, size 109); flags, keycaps, skin-tone and gendered ZWJ variants left out; sampled evenly across subgroups."),
    "opencv-doc": ("opencv-doc", "Apache-2.0 AND BSD-3-Clause (package licence)",
                   "Real photos among the sample images in /usr/share/doc/opencv-doc/examples (synthetic patterns, logos and duplicate stereo/flow frames left out)."),
    "openclipart": ("openclipart-png + openclipart-svg", "public-domain",
                    "Drawings sampled evenly across top folders (computer, shapes, signs_and_symbols, special, unsorted, logos, buttons, playing cards, AIGA/road signs left out); title from the SVG metadata."),
    "python3-skimage": ("python3-skimage", "per image, from skimage.data docstrings (CC0 / public domain / BSD-3-Clause)",
                        "Photos from skimage/data (synthetic test patterns left out)."),
    "python3-sklearn": ("python3-sklearn", "CC-BY-2.0",
                        "sklearn/datasets/images china.jpg and flower.jpg (Flickr, by danielbuechele / vultilion)."),
    "scratch": ("scratch", "CC-BY-SA-3.0", "Scratch 1.4 photo backgrounds (jpg/png) from Media/Backgrounds."),
    "tuxpaint-stamps-default": ("tuxpaint-stamps-default", "GPL-2+",
                                "All stamps (PNG, or SVG rendered with rsvg-convert when no PNG exists; _mirror/_flip variants left out); description = the English sentence of the stamp's .txt."),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--work", required=True, help="scratch directory (not committed)")
    ap.add_argument("--root", action="append", default=[], help="PKG=DIR root of a package's files")
    ap.add_argument("--version", action="append", default=[], help="PKG=VERSION")
    ap.add_argument("--jobs", type=int, default=max(1, os.cpu_count() or 1))
    a = ap.parse_args()
    roots = dict(x.split("=", 1) for x in a.root)
    versions = dict(x.split("=", 1) for x in a.version)

    def root(pkg):
        return roots.get(pkg)

    if os.path.exists(a.work):
        shutil.rmtree(a.work)
    os.makedirs(a.work)
    items, skipped_sources = [], []

    def add(name, fn, *pkgs):
        if all(root(p) for p in pkgs):
            got = fn()
            log("collected %5d candidates from %s" % (len(got), name))
            items.extend(got)
        else:
            skipped_sources.append(name)
            log("source %s skipped: package root not available" % name)

    add("tuxpaint-stamps-default", lambda: collect_tuxpaint(root("tuxpaint-stamps-default")),
        "tuxpaint-stamps-default")
    add("openclipart", lambda: collect_openclipart(root("openclipart-png"), root("openclipart-svg"), CAP_OPENCLIPART),
        "openclipart-png", "openclipart-svg")
    if root("fonts-noto-color-emoji"):
        os.environ["EMOJI_FONT"] = os.path.join(root("fonts-noto-color-emoji"),
                                                "usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
    add("noto-color-emoji", lambda: collect_emoji(root("unicode-data"), CAP_EMOJI),
        "fonts-noto-color-emoji", "unicode-data")
    add("gcompris-qt-data", lambda: collect_gcompris(root("gcompris-qt-data"), a.work), "gcompris-qt-data")
    add("scratch", lambda: collect_scratch(root("scratch")), "scratch")
    add("python3-skimage", lambda: collect_fixed(
        "python3-skimage", os.path.join(root("python3-skimage"), "usr/lib/python3/dist-packages/skimage/data"), SKIMAGE),
        "python3-skimage")
    add("python3-sklearn", lambda: collect_fixed(
        "python3-sklearn", os.path.join(root("python3-sklearn"), "usr/lib/python3/dist-packages/sklearn/datasets/images"), SKLEARN),
        "python3-sklearn")
    add("opencv-doc", lambda: collect_fixed(
        "opencv-doc", os.path.join(root("opencv-doc"), "usr/share/doc/opencv-doc/examples"), OPENCV,
        licence="Apache-2.0 AND BSD-3-Clause"), "opencv-doc")

    items.sort(key=lambda it: (it["source"], it["key"]))
    log("decoding %d candidates with %d workers ..." % (len(items), a.jobs))
    with multiprocessing.Pool(a.jobs) as pool:
        results = pool.map(process, list(enumerate(it["load"] for it in items)), chunksize=8)
    kept = []
    for (idx, size, raw, err), it in zip(results, items):
        if err:
            log("SKIP %s %s: %s" % (it["source"], it["key"], err))
            continue
        kept.append((it, size, raw))

    # choose the highest JPEG quality that fits the budget
    with multiprocessing.Pool(a.jobs) as pool:
        for q in QUALITIES:
            blobs = pool.map(encode_job, [(size, raw, q) for _, size, raw in kept], chunksize=16)
            total = sum(len(b) for b in blobs)
            log("JPEG quality %d: %d images, %.2f MB" % (q, len(blobs), total / 1e6))
            if total <= IMAGES_BUDGET:
                break

    out = a.out
    tmp_out = out.rstrip("/") + ".tmp"
    if os.path.exists(tmp_out):
        shutil.rmtree(tmp_out)
    os.makedirs(os.path.join(tmp_out, "images"))
    width = max(5, len(str(len(kept))))
    counts, cats = {}, {}
    with open(os.path.join(tmp_out, "manifest.csv"), "w", encoding="utf-8", newline="") as mf:
        w = csv.writer(mf, lineterminator="\r\n")
        w.writerow(["id", "file", "category", "subcategory", "description", "source", "licence"])
        for n, ((it, _, _), blob) in enumerate(zip(kept, blobs), start=1):
            iid = str(n).zfill(width)
            fn = "images/%s.jpg" % iid
            with open(os.path.join(tmp_out, fn), "wb") as f:
                f.write(blob)
            w.writerow([iid, fn, it["category"], it["subcategory"], it["description"],
                        it["source"], it["licence"]])
            counts[it["source"]] = counts.get(it["source"], 0) + 1
            cats[it["category"]] = cats.get(it["category"], 0) + 1

    with open(os.path.join(tmp_out, "SOURCES.md"), "w", encoding="utf-8") as f:
        f.write("# SAE Explorer demo image pack: sources\n\n")
        f.write("Built by `data/build-demo-pack.sh` from Debian 12 (bookworm) packages. "
                "%d images, longest side <= %d px, transparency flattened onto white, "
                "RGB JPEG quality %d. Per-image category, description and licence are in "
                "`manifest.csv`.\n\n" % (len(kept), MAX_SIDE, q))
        f.write("| source | Debian package (version) | licence | images | notes |\n")
        f.write("|---|---|---|---:|---|\n")
        for src in sorted(SOURCE_INFO):
            pkgs, lic, note = SOURCE_INFO[src]
            vers = ", ".join("%s %s" % (p, versions[p]) for p in [x.strip() for x in pkgs.split("+")]
                             if p in versions) or pkgs
            f.write("| %s | %s | %s | %d | %s |\n" % (src, vers, lic, counts.get(src, 0), note))
        f.write("\nCategories: " + ", ".join("%s %d" % (c, cats[c]) for c in sorted(cats)) + ".\n")
        if skipped_sources:
            f.write("\nNot available when built (skipped): " + ", ".join(skipped_sources) + ".\n")

    if os.path.exists(out):
        shutil.rmtree(out)
    os.rename(tmp_out, out)
    shutil.rmtree(a.work, ignore_errors=True)
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(out) for f in fs)
    log("categories: " + ", ".join("%s=%d" % (c, cats[c]) for c in sorted(cats)))
    print("SUMMARY: " + ", ".join("%s=%d" % (s, counts[s]) for s in sorted(counts))
          + "; total %d images, %d bytes (%.2f MB) in %s (JPEG quality %d)"
          % (len(kept), total, total / 1e6, out, q))


if __name__ == "__main__":
    main()
