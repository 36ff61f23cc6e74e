"""Listing packs for every platform for N products (default 1,000): time per platform and peak memory.

The workspace is the demo's (`create_demo_workspace` on a temporary path) with its 4 products cloned N/4
times through SQLAlchemy Core: new product codes (`XZ-LG-PC01-0001`…), new SKU codes and new GTINs
(EAN-13 under prefix 69, `complete_gtin`), the same images (rows pointing at the demo's blobs), certificate
links and pricing plans; the 4 originals are then removed, so the workspace holds exactly N products.
The clones share the demo's image blobs: pixels are decoded and cut again for every product (the pack's
pixel cache keeps one product's pictures at a time), but per-picture measurements (white border, fill) are
remembered by content for the process (`packs.images`), so they are taken once per demo picture in the
whole run; with N distinct photo sets the lint would measure every product's main candidates once.

The clones share the demo's blobs, so with the on-disk cache of derived pictures (issue #17) only the first
product's pictures are cut and the rest are cache hits: this bench measures a warm build, whatever its
label; a cold build needs distinct originals per product (not done here yet).

The demo's pictures are 1000 px PNG drawings. `--photos PX` first replaces each by a camera-like JPEG PX px
on its long side (`as_photos`; e.g. 4000, a 16 MP frame), which is what a factory's own photos look like and
where decoding at a reduced scale (JPEG draft mode) matters.

The packs are built in a child process that does only that (open the workspace, build the packs), so its peak
resident memory (`ru_maxrss`) is the builder's and not the workspace builder's. By default the child calls
`build_pack` once per platform, as the Packs page and `pack --platform` do, and the table has a row per
platform. `--together` makes one `build_packs` call for all platforms instead (each product's pictures cut
once for all of them); the table then has one row.

The floor, measured in the same run: writing the same number of image files with the same sizes (the
images the packs contain), each flushed with fsync as the builder does, in a plain loop. The ratio says how
much the whole pack (lint, pricing, titles, image cutting, upload files, manifest) costs over just putting
its image bytes on disk.

    python bench/packs.py [--products 1000] [--photos PX] [--together] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def platform_ids() -> list[str]:
    """Every platform with a profile file in resources/platforms (not variant_limits.json), in the GUI's order."""
    from app.services.listing.packs.profiles import PLATFORM_IDS, profiles_dir

    found = {p.stem for p in profiles_dir().glob("*.json") if p.name != "variant_limits.json"}
    return [pid for pid in PLATFORM_IDS if pid in found] + sorted(found - set(PLATFORM_IDS))


def build_workspace(path: Path, products: int, *, variants: int | None = None,
                    photos: int = 0) -> tuple[Any, float]:
    """The demo workspace at `path` with its 4 products cloned into exactly `products` products.

    `photos` > 0 first turns every product picture into a camera-sized JPEG (`as_photos`, long side
    `photos` px).

    `variants=None` keeps each template's SKUs (9, 4, 2 and 4 in the demo); an int gives every clone exactly
    that many SKUs: the template's first ones, and when it has fewer, more SKUs whose first-axis value gets a
    suffix (" 2", " 3"…, added to the product's axis values too) so every variant stays distinct.
    Returns the open workspace and the seconds spent.
    """
    import sqlalchemy as sa

    from app.models import PricingPlan, Product, ProductCertificate, ProductImage, Sku
    from app.models.gtin import complete_gtin
    from app.services.workspace.demo import create_demo_workspace

    started = time.perf_counter()
    workspace = create_demo_workspace(path)
    if photos:
        as_photos(workspace, photos)
    product_t, sku_t, image_t = (sa.inspect(m).local_table for m in (Product, Sku, ProductImage))
    cert_t, plan_t = (sa.inspect(m).local_table for m in (ProductCertificate, PricingPlan))
    with workspace.engine.begin() as connection:
        templates = [dict(r) for r in connection.execute(sa.select(product_t).order_by(product_t.c.id)).mappings()]
        skus, images, certs = defaultdict(list), defaultdict(list), defaultdict(list)
        for r in connection.execute(sa.select(sku_t).order_by(sku_t.c.position, sku_t.c.id)).mappings():
            skus[r["product_id"]].append(dict(r))
        for r in connection.execute(sa.select(image_t).order_by(image_t.c.id)).mappings():
            images[r["product_id"]].append(dict(r))
        for r in connection.execute(sa.select(cert_t)).mappings():
            certs[r["product_id"]].append(dict(r))
        plans = {r["product_id"]: dict(r) for r in connection.execute(sa.select(plan_t)).mappings()}

        product_rows, sku_rows, origin = [], [], {}  # origin: new SKU code -> template SKU id (or None)
        serial = 0
        for number in range(products):
            template = templates[number % len(templates)]
            code = f"{template['code']}-{number // len(templates) + 1:04d}"
            axes = json.loads(json.dumps(template["axes"]))
            row = {k: v for k, v in template.items() if k != "id"}
            row.update(code=code, axes=axes)
            product_rows.append(row)
            own = skus[template["id"]]
            count = len(own) if variants is None else variants
            for position in range(count):
                base, copy = own[position % len(own)], position // len(own)
                sku = {k: v for k, v in base.items() if k not in ("id", "product_id")}
                sku_code = code + base["code"][len(template["code"]):]
                options = dict(base["options"] or {})
                if copy:
                    sku_code += f"-{copy + 1}"
                    key = axes[0]["key"] if axes else "variant"
                    options[key] = f"{options.get(key, '')} {copy + 1}".strip()
                    if axes and options[key] not in axes[0]["values"]:
                        axes[0]["values"].append(options[key])
                serial += 1
                sku.update(product_code=code, code=sku_code, options=options, position=position,
                           gtin=complete_gtin(f"69{serial:010d}"))
                sku_rows.append(sku)
                origin[sku_code] = base["id"] if not copy else None

        for start in range(0, len(product_rows), 1000):
            connection.execute(sa.insert(product_t), product_rows[start:start + 1000])
        ids = dict(connection.execute(sa.select(product_t.c.code, product_t.c.id)).all())
        for sku in sku_rows:
            sku["product_id"] = ids[sku.pop("product_code")]
        for start in range(0, len(sku_rows), 2000):
            connection.execute(sa.insert(sku_t), sku_rows[start:start + 2000])
        new_sku = {}  # (new product id, template SKU id) -> new SKU id
        for sku_code, sku_id, product_id in connection.execute(sa.select(sku_t.c.code, sku_t.c.id, sku_t.c.product_id)):
            if origin.get(sku_code) is not None:
                new_sku[(product_id, origin[sku_code])] = sku_id

        image_rows, cert_rows, plan_rows = [], [], []
        for number, row in enumerate(product_rows):
            template, product_id = templates[number % len(templates)], ids[row["code"]]
            for image in images[template["id"]]:
                sku_id = image["sku_id"]
                if sku_id is not None:
                    sku_id = new_sku.get((product_id, sku_id))
                    if sku_id is None:  # that variant was not cloned (fewer variants asked for)
                        continue
                image_rows.append({**{k: v for k, v in image.items() if k != "id"}, "product_id": product_id,
                                   "sku_id": sku_id})
            cert_rows += [{**c, "product_id": product_id} for c in certs[template["id"]]]
            plan = plans.get(template["id"])
            if plan is not None:
                plan_rows.append({**{k: v for k, v in plan.items() if k != "id"}, "product_id": product_id,
                                  "sku_id": new_sku.get((product_id, plan["sku_id"]))})
        for table, rows in ((image_t, image_rows), (cert_t, cert_rows), (plan_t, plan_rows)):
            for start in range(0, len(rows), 2000):
                if rows[start:start + 2000]:
                    connection.execute(sa.insert(table), rows[start:start + 2000])
        # The originals go (foreign keys cascade to their SKUs, images, certificate links and plans).
        connection.execute(sa.delete(product_t).where(product_t.c.id.in_([t["id"] for t in templates])))
    return workspace, time.perf_counter() - started


def as_photos(workspace: Any, long_side: int) -> None:
    """Replace the bytes of every product picture by a camera-like JPEG: the demo drawing scaled up (LANCZOS)
    to `long_side` px on its long side, with faint sensor noise (σ 2) on the product (a studio white stays 255,
    so the white-background and fill checks measure what they do on the drawings), stored as intake stores
    JPEGs (quality 92). The demo's pictures are small PNGs (1000 px); real product photos are 12–24 MP JPEGs,
    and decoding and shrinking those is what a factory's packs mostly cost."""
    import io

    import sqlalchemy as sa
    from PIL import Image, ImageChops

    from app.models import ProductImage
    from app.models.blob import Blob
    from app.services.catalogue.images import JPEG_QUALITY

    blob_t, image_t = sa.inspect(Blob).local_table, sa.inspect(ProductImage).local_table
    with workspace.engine.begin() as connection:
        ids = sorted(set(connection.execute(sa.select(image_t.c.blob_id)).scalars()))
        for blob_id in ids:
            data = connection.execute(sa.select(blob_t.c.data).where(blob_t.c.id == blob_id)).scalar_one()
            with Image.open(io.BytesIO(data)) as drawing:
                drawing = drawing.convert("RGB")
            scale = long_side / max(drawing.size)
            size = (round(drawing.width * scale), round(drawing.height * scale))
            photo = drawing.resize(size, Image.Resampling.LANCZOS)
            noise = Image.effect_noise(size, 2).convert("RGB")
            darkest = ImageChops.darker(ImageChops.darker(*photo.split()[:2]), photo.split()[2])
            # noise on the product only: a studio white stays clipped at 255, as cameras and retouchers leave it
            photo = Image.composite(ImageChops.add(photo, noise, 1.0, -128), photo,
                                    darkest.point(lambda v: 255 if v < 250 else 0))
            buffer = io.BytesIO()
            photo.save(buffer, "JPEG", quality=JPEG_QUALITY)
            jpeg = buffer.getvalue()
            connection.execute(sa.update(blob_t).where(blob_t.c.id == blob_id).values(
                data=jpeg, size=len(jpeg), mime="image/jpeg", sha256=hashlib.sha256(jpeg).hexdigest()))
            connection.execute(sa.update(image_t).where(image_t.c.blob_id == blob_id).values(
                width=size[0], height=size[1]))


# ---------------------------------------------------------------- the child: pack building only


def child() -> int:
    """Wait for "WORKSPACE\tOUT\tMODE" on stdin (MODE "separate" or "together"), open the workspace, build every
    platform's pack; print one JSON line.

    The parent starts this process before it builds anything: Linux keeps ru_maxrss across exec, so a child
    started later would inherit the parent's high-water mark instead of measuring its own.
    """
    result: dict[str, Any] = {"platforms": {}, "rss_start_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    line = sys.stdin.readline().rstrip("\n")
    if not line:
        return 1
    workspace_path, out_dir, mode = line.split("\t")
    from app.db import open_workspace
    from app.services.listing.packs.builder import PackBlocked, build_pack, build_packs

    workspace = open_workspace(Path(workspace_path))
    out_dir = Path(out_dir)
    result["rss_opened_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        if mode == "together":
            started = time.perf_counter()
            entry = {}
            try:
                reports = build_packs(workspace, None, platform_ids(), out_dir)
                entry["findings"] = sum(len(r.findings) for r in reports.values())
                entry["errors"] = sum(r.count("error") for r in reports.values())
            except PackBlocked as blocked:
                entry["blocked"] = len(blocked.findings)
            entry["seconds"] = time.perf_counter() - started
            entry["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            result["platforms"]["all (together)"] = entry
        for pid in platform_ids() if mode != "together" else []:
            started = time.perf_counter()
            entry: dict[str, Any] = {}
            try:
                report = build_pack(workspace, None, pid, out_dir)
                entry["findings"] = len(report.findings)
                entry["errors"] = report.count("error")
            except PackBlocked as blocked:
                entry["blocked"] = len(blocked.findings)
            entry["seconds"] = time.perf_counter() - started
            entry["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            result["platforms"][pid] = entry
    finally:
        workspace.close()
    print(json.dumps(result))
    return 0


# ---------------------------------------------------------------- the floor


def image_files(root: Path) -> dict[str, list[int]]:
    """{platform: sizes of the image files of its pack}."""
    out: dict[str, list[int]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        out[folder.name] = [p.stat().st_size for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES]
    return out


def floor_write(folder: Path, sizes: list[int]) -> float:
    """Seconds to write files of these sizes (one buffer, sliced) and fsync each: the bytes-to-disk floor."""
    folder.mkdir(parents=True, exist_ok=True)
    buffer = os.urandom(max(sizes, default=0))
    started = time.perf_counter()
    for index, size in enumerate(sizes):
        with open(folder / f"{index:07d}.bin", "wb") as handle:
            handle.write(buffer[:size])
            handle.flush()
            os.fsync(handle.fileno())
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=0, metavar="PX",
                        help="replace the demo pictures by camera-like JPEGs this many px on the long side")
    parser.add_argument("--together", action="store_true",
                        help="one build_packs call for all platforms instead of build_pack per platform")
    parser.add_argument("--keep", type=Path, help="build the workspace and packs in this folder and keep them")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fd-bench-packs-"))
    folder.mkdir(parents=True, exist_ok=True)
    # The derived-picture cache (app.services.catalogue.picture_cache) of the run's own, emptied first: a cold
    # build is measured cold, and the user's cache folder is left alone.
    cache = folder / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    # The pack builder's process starts now, while this one is small (see `child`).
    builder = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "XDG_CACHE_HOME": str(cache)})

    path, out_dir = folder / "packs-bench.fdw", folder / "packs"
    for leftover in (path, out_dir, folder / "floor"):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
    try:
        workspace, build_seconds = build_workspace(path, args.products, photos=args.photos)
        with workspace.engine.connect() as connection:
            counts = {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                      for t in ("product", "sku", "product_image")}
        workspace.close()

        started = time.perf_counter()
        stdout, stderr = builder.communicate(f"{path}\t{out_dir}\t{'together' if args.together else 'separate'}\n")
        wall = time.perf_counter() - started
        if builder.returncode != 0:
            print(stderr, file=sys.stderr)
            return 1
        result = json.loads(stdout.strip().splitlines()[-1])

        sizes = image_files(out_dir)
        all_sizes = [s for per in sizes.values() for s in per]
        floor = floor_write(folder / "floor", all_sizes)
        pack_bytes = sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file())
        _print(args.products, counts, build_seconds, result, wall, sizes, floor, pack_bytes)
    finally:
        if builder.poll() is None:  # something failed before the builder got its work: let it end
            builder.communicate("")
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def _print(products: int, counts: dict[str, int], build_seconds: float, result: dict[str, Any], wall: float,
           sizes: dict[str, list[int]], floor: float, pack_bytes: int) -> None:
    platforms = result["platforms"]
    count = len(sizes)  # platform folders written
    total = sum(p["seconds"] for p in platforms.values())
    images = sum(len(s) for s in sizes.values())
    image_bytes = sum(sum(s) for s in sizes.values())
    together = [s for per in sizes.values() for s in per]  # a one-pass build's row: every pack's images
    print(f"packs: {products:,} products ({counts['sku']:,} SKUs, {counts['product_image']:,} image rows) × "
          f"{count} platforms; workspace built in {build_seconds:.1f} s")
    print("\nper platform                 s    products/s   images    image MB   findings   peak RSS MB")
    for pid, entry in platforms.items():
        own = sizes.get(pid, together)
        blocked = "blocked" in entry
        note = f"  BLOCKED ({entry['blocked']} errors)" if blocked else f"{entry.get('findings', 0):>10,}"
        print(f"  {pid:<18} {entry['seconds']:10.2f} {products / entry['seconds']:12.1f} {len(own):8,} "
              f"{sum(own) / 1e6:11.1f} {note} {entry['rss_kb'] / 1024:12.0f}")
    print(f"\n  all platforms (sum)          {total:10.2f} s   ({wall:.2f} s wall, child's imports included)")
    print(f"  per product, all platforms   {total / products:10.3f} s")
    print(f"  product-packs per second     {products * count / total:10.1f} (products × platforms ÷ seconds)")
    print("  peak memory (ru_maxrss)      "
          f"{platforms and max(p['rss_kb'] for p in platforms.values()) / 1024:10.0f} MB "
          f"(child at start {result['rss_start_kb'] / 1024:.0f} MB, "
          f"after imports and open {result['rss_opened_kb'] / 1024:.0f} MB)")
    print(f"  output                       {pack_bytes / 1e6:10.1f} MB in all, {image_bytes / 1e6:.1f} MB in "
          f"{images:,} image files")
    print(f"\n  floor: write {images:,} files / {image_bytes / 1e6:.1f} MB + fsync each  {floor:8.2f} s")
    print(f"  ratio: all packs ÷ floor     {total / floor if floor else float('inf'):10.1f} ×")


if __name__ == "__main__":
    raise SystemExit(main())
