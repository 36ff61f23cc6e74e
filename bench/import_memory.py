"""A catalogue import of N rows (default 1,000,000): peak memory and time of the preview and of the commit.

The CSV is written straight to disk in the app's own format, shaped like an export: N / SKUS products with
SKUS SKUs each (default 10), the product's columns repeated on each of its rows, two option axes, a GTIN
(EAN-13 under prefix 69), a weight and a cost on every SKU row; about 300 bytes a row.

The import runs in a child process that does only that (open an empty workspace with the default
categories, `preview_import`, `commit_import`), so its peak resident memory (`ru_maxrss`) is the import's
and not the file writer's. The floor, measured in the same run in another child: reading the same file
with `csv.reader` and throwing each row away — what merely parsing the file costs in time and memory.

    python bench/import_memory.py [--rows 1000000] [--skus 10] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLOURS = [("黑色", "BLK"), ("白色", "WHT"), ("灰色", "GRY"), ("蓝色", "BLU"), ("绿色", "GRN")]
SIZES = [("小号", "S"), ("大号", "L")]


def write_csv(path: Path, rows: int, skus: int) -> None:
    """N rows of a realistic catalogue, written row by row (the writer never holds the file)."""
    from app.models.gtin import complete_gtin
    from app.services.catalogue.io.export import COLUMNS

    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index in range(rows):
            product, variant = divmod(index, skus)
            colour, size = COLOURS[variant % len(COLOURS)], SIZES[(variant // len(COLOURS)) % len(SIZES)]
            code = f"FD-{product:06d}"
            cells = {
                "product_code": code, "name_zh": f"行者 PC 拉杆箱 {product}", "name_en": f"Xingzhe Suitcase {product}",
                "category": "luggage", "brand": "行者 Xingzhe", "status": "draft",
                "description_zh": f"PC 硬壳，万向轮，TSA 海关锁。款号 {product}。",
                "description_en": f"PC hard shell, spinner wheels, TSA lock. Style {product}.",
                "selling_points_zh": "轻\n耐摔", "sku": f"{code}-{colour[1]}-{size[1]}-{variant}",
                "axis1_name": "colour", "axis1_value": colour[0], "axis2_name": "size",
                     "axis2_value": f"{size[0]}{variant}",
                "gtin": complete_gtin(f"69{index:010d}"), "weight_g": str(2900 + variant),
                     "cost": f"{152 + variant}.50",
                "currency": "CNY",
            }
            writer.writerow([cells.get(name, "") for name in COLUMNS])


CHILD_IMPORT = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from app.db import create_workspace
from app.services.catalogue.io import importing as catalogue_import
from app.services.catalogue.categories import install_default_categories
workspace = create_workspace(Path({workspace!r}))
with workspace.session() as session:
    install_default_categories(session)
started = time.perf_counter()
preview = catalogue_import.preview_import(workspace, Path({source!r}))
assert preview.ok, [e.text("en") for e in preview.errors[:5]]
previewed = time.perf_counter()
peak_preview = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = catalogue_import.commit_import(workspace, preview)
done = time.perf_counter()
workspace.close()
print(json.dumps({{"preview_s": previewed - started, "commit_s": done - previewed, "skus": result.skus_created,
                  "peak_preview_kb": peak_preview,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""

CHILD_FLOOR = """
import csv, json, resource, time
started = time.perf_counter()
with open({source!r}, encoding="utf-8-sig", newline="") as handle:
    count = sum(1 for _row in csv.reader(handle))
print(json.dumps({{"read_s": time.perf_counter() - started, "rows": count,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""


def child(code: str) -> dict[str, float]:
    """Run `code` in a fresh interpreter and return the JSON it prints."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skus", type=int, default=10, help="SKUs per product")
    parser.add_argument("--keep", type=Path, help="write the files into this folder and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fd-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    source, workspace = folder / "catalogue.csv", folder / "import-target.fdw"
    workspace.unlink(missing_ok=True)
    started = time.perf_counter()
    write_csv(source, args.rows, args.skus)
    written = time.perf_counter() - started
    floor = child(CHILD_FLOOR.format(source=str(source)))
    run = child(CHILD_IMPORT.format(root=str(ROOT), workspace=str(workspace), source=str(source)))
    print(f"{args.rows:,} rows ({args.rows // args.skus:,} products × {args.skus} SKUs), "
          f"file {source.stat().st_size / 1e6:.0f} MB, written in {written:.1f} s")
    print(f"  floor: csv.reader over the file      {floor['read_s']:7.1f} s  peak {floor['peak_kb'] / 1024:7.0f} MB")
    print(f"  preview (read + check)               {run['preview_s']:7.1f} s  peak "
          f"{run['peak_preview_kb'] / 1024:7.0f} MB")
    print(f"  commit (one transaction)             {run['commit_s']:7.1f} s  peak {run['peak_kb'] / 1024:7.0f} MB")
    print(f"  peak × floor: {run['peak_kb'] / floor['peak_kb']:.1f}; workspace {workspace.stat().st_size / 1e6:.0f} MB")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
