#!/usr/bin/python3
"""Build the corpora that check automatic labels on kinds of image other than the demo's (docs/autointerp.md).

  tools/labeling/build_check_corpora.py --out /tmp/check-corpora

writes two corpus packs, each a folder with images/ and a manifest.csv (id, file, category, subcategory, description,
source, licence) that `saex encode --manifest` and `saex autointerp --manifest` read:

* clipart/  line drawings from Debian's openclipart-png + openclipart-svg that the demo pack does not contain (the
            demo's own openclipart choice is recomputed with data/build-demo-pack.py and left out). The category is a
            keyword of the drawing's SVG metadata (dc:subject), mapped through KEYWORD_CATEGORIES, first match wins;
            the subcategory is the PNG's folder, the description the SVG title. At most PER_CATEGORY drawings a
            category, chosen by a hash of the path; categories with fewer than MIN_CATEGORY are left out.
* fashion/  product photos from Debian's dataset-fashion-mnist (the 10,000 test images): the first PER_CLASS of each
            of the 10 classes in file order, 28 x 28 grey PNGs; category = the class, no subcategory or caption.

Deterministic: the same packages give byte-identical packs. Needs python3-pil (and the packages above:
apt-get install python3-pil openclipart-png openclipart-svg dataset-fashion-mnist). The packs stay out of git.
"""
import argparse
import csv
import gzip
import importlib.util
import os
import re
import shutil
import struct
import sys

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OPENCLIPART = "/usr/share/openclipart"
FASHION = "/usr/share/datasets/fashion-mnist"
PER_CATEGORY = 250
MIN_CATEGORY = 40
PER_CLASS = 300

# (category, keywords): a drawing takes the first category one of whose keywords its metadata lists.
KEYWORD_CATEGORIES = [
    ("flag", {"flag", "flags", "signalflag", "united_nations_member"}),
    ("playing card", {"card"}),
    ("road sign", {"roadsign"}),
    ("arrow", {"arrow", "arrows", "arrowshape"}),
    ("smiley", {"smiley"}),
    ("weather", {"weather", "cloud", "lightning"}),
    ("music", {"music", "musicstuff"}),
    ("clock", {"clock"}),
    ("clothing", {"clothing", "hat"}),
    ("animal", {"animal", "mammal", "bird", "insect", "fish", "dog", "cat", "bear", "horse", "penguin", "dinosaur", "feline"}),
    ("food", {"food", "fruit", "dessert", "desserts", "beverage", "icecream", "vegetable", "meat", "juice"}),
    ("people", {"people", "woman", "man", "boy", "stickmen", "face"}),
    ("vehicle", {"transport", "transportation", "boat", "vehicle", "sailing"}),
    ("map symbol", {"mapsym", "map_symbol"}),
    ("jigsaw", {"jigsaw"}),
    ("star", {"stars"}),
]
FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
COLUMNS = ["id", "file", "category", "subcategory", "description", "source", "licence"]


def demo_pack_module():
    spec = importlib.util.spec_from_file_location("build_demo_pack", os.path.join(ROOT, "data", "build-demo-pack.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def keywords(svg_path):
    with open(svg_path, "rb") as f:
        head = f.read(200_000).decode("utf-8", errors="replace")
    subject = re.search(r"<dc:subject>(.*?)</dc:subject>", head, re.S)
    return {k.strip().lower() for k in re.findall(r"<rdf:li>([^<]*)</rdf:li>", subject.group(1))} if subject else set()


def category_of(words):
    return next((name for name, keys in KEYWORD_CATEGORIES if words & keys), None)


def write_pack(out, rows):
    """rows: (category, subcategory, description, source, licence, PIL image), in order; ids are 1-based, zero-padded."""
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "images"))
    width = max(5, len(str(len(rows))))
    with open(os.path.join(out, "manifest.csv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for n, (category, subcategory, description, source, licence, image) in enumerate(rows, start=1):
            image_id = str(n).zfill(width)
            name = f"images/{image_id}.png"
            image.save(os.path.join(out, name), "PNG", optimize=False)
            writer.writerow([image_id, name, category, subcategory, description, source, licence])


def clipart(out):
    demo = demo_pack_module()
    in_demo = {item["key"] for item in demo.collect_openclipart("/", "/", demo.CAP_OPENCLIPART)}
    png_root, svg_root = os.path.join(OPENCLIPART, "png"), os.path.join(OPENCLIPART, "svg")
    by_category = {}
    for folder, folders, files in os.walk(png_root):
        folders.sort()
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(folder, name), png_root)
            svg = os.path.join(svg_root, rel[:-4] + ".svg")
            if not name.endswith(".png") or rel in in_demo or not os.path.exists(svg):
                continue
            category = category_of(keywords(svg))
            if category:
                by_category.setdefault(category, []).append(rel)
    rows = []
    for category, _ in KEYWORD_CATEGORIES:
        paths = sorted(by_category.get(category, []), key=demo.stable_key)[:PER_CATEGORY]
        if len(paths) < MIN_CATEGORY:
            print(f"clipart: category '{category}' left out ({len(paths)} drawings)", file=sys.stderr)
            continue
        for rel in sorted(paths):
            try:
                image = demo.load_pixels(("file", os.path.join(png_root, rel), True))
            except Exception as e:  # noqa: BLE001 - a drawing that does not decode is skipped, and said
                print(f"clipart: {rel} skipped: {type(e).__name__}: {e}", file=sys.stderr)
                continue
            stem = os.path.splitext(os.path.basename(rel))[0]
            title = demo.svg_title(os.path.join(svg_root, rel[:-4] + ".svg"))
            if not title or title.lower() in ("untitled", "title") or re.match(r"(?i)clip ?art by ", title):
                title = demo.words_from_name(re.sub(r"_\d+$", "", stem)) or stem
            subcategory = os.path.dirname(rel).split(os.sep)[-1].replace("_", " ")
            rows.append((category, subcategory, title, "openclipart", "public-domain", image))
    write_pack(out, rows)
    return len(rows)


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2049:
        return list(data[8:8 + count])
    rows, cols = struct.unpack(">II", data[8:16])
    return [data[16 + i * rows * cols:16 + (i + 1) * rows * cols] for i in range(count)], (cols, rows)


def fashion(out):
    labels = idx(os.path.join(FASHION, "t10k-labels-idx1-ubyte.gz"))
    images, size = idx(os.path.join(FASHION, "t10k-images-idx3-ubyte.gz"))
    taken = {c: 0 for c in range(len(FASHION_CLASSES))}
    rows = []
    for label, pixels in zip(labels, images):
        if taken[label] == PER_CLASS:
            continue
        taken[label] += 1
        rows.append((label, pixels))
    rows.sort(key=lambda r: r[0])
    write_pack(out, [(FASHION_CLASSES[label], "", "", "dataset-fashion-mnist", "MIT (Expat), Zalando SE",
                      Image.frombytes("L", size, pixels)) for label, pixels in rows])
    return len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="folder for the packs (outside the repository)")
    args = parser.parse_args()
    print(f"clipart: {clipart(os.path.join(args.out, 'clipart'))} drawings", file=sys.stderr)
    print(f"fashion: {fashion(os.path.join(args.out, 'fashion'))} photos", file=sys.stderr)


if __name__ == "__main__":
    main()
