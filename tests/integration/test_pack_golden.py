"""Golden-file tests of the listing packs (architecture.md pattern 6: exports live in the core and are checked
against golden files): every platform's pack, built from a freshly created demo workspace with default settings,
is normalised and compared with `tests/golden/packs/<platform>.json`; so are the packs built with other
`PackOptions` (`VARIANTS`: Shopify's legacy header dialect; WooCommerce with picture URLs and a lbs/in shop),
in `tests/golden/packs/<variant>.json`.

What a golden holds (see `normalise_pack`):
- `upload`: each upload file at the pack's root, re-read —
  CSV/TSV (Shopify, WooCommerce, Amazon's flat-file .txt) → list of rows, each a list of strings;
  XLSX (the Chinese platforms, the ODM sheet, Amazon's .xlsx) → per sheet, `rows` (cell values as strings,
  `null` for an empty cell; openpyxl, values only) and `types` (one string per row, each cell's openpyxl
  `data_type`: "s" text, "n" number, "b" bool, "d" date, "f" formula, "." empty) — so a GTIN, an SKU code or a
  formula-looking selling point that turned into a number or a formula shows up as a diff;
- `files`: the sorted relative paths of every file in the pack except `manifest.json` (its content is all
  sizes, sha256 and timestamps, and it lists the same files);
- `images`: each picture's relative path and its size in pixels, read with Pillow. Pixel content is not part of
  the golden (JPEG bytes depend on the Pillow/libjpeg build); the demo pictures are drawn deterministically, so
  the names and sizes are stable;
- `titles`: each product folder's `title.txt`.
`lint_report.txt` is in `files` by name only (its text carries the build time).

Masked by the normaliser (values that vary from run to run, replaced by placeholders in every string):
- `<TIMESTAMP>`: ISO date-times (`2026-11-25T10:44:25…`) — build times;
- `<TODAY>`: today's date, and the day before/after (UTC vs local time around midnight), as YYYY-MM-DD,
  YYYYMMDD or YYYY/MM/DD — e.g. the date an exchange rate was entered when the demo was created;
- `<APP_VERSION>`: `app.__version__`, so a version bump doesn't rewrite every golden;
- `<PACK>` / `<OUT>` / `<WORKSPACE>`: absolute paths of the pack, the output folder and the workspace (temp dirs);
- `<UUID>`: UUIDs (with dashes, or 32 hex digits) — random ids and temporary folder names.
Dates that belong to the demo data (certificate dates and the like) are not masked.

Updating: after an intended change of a pack's output, run
    FD_UPDATE_GOLDEN=1 python -m pytest tests/test_pack_golden.py
which rewrites the goldens (the tests then pass); review the diff of `tests/golden/packs/` before keeping it.
Without the variable the tests only compare, and a missing golden is a failure.
"""

from __future__ import annotations

import csv
import difflib
import json
import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from app import __version__
from app.db import Workspace
from app.services.listing.packs.builder import build_pack
from app.services.listing.packs.options import PackOptions, pack_options
from app.services.listing.packs.profiles import PLATFORM_IDS
from app.services.workspace.demo import create_demo_workspace

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden" / "packs"
UPDATE = os.environ.get("FD_UPDATE_GOLDEN") == "1"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
UPLOAD_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx"}
EXCLUDED = {"manifest.json"}
MAX_DIFF_LINES = 200
#: Packs built with other options: {golden name: (platform, options)}.
VARIANTS: dict[str, tuple[str, PackOptions]] = {
    "shopify-legacy": ("shopify", pack_options(shopify_dialect="legacy")),
    "woocommerce-urls-lbs": ("woocommerce", pack_options("https://cdn.example.com/factory packs/", "lbs", "in")),
}

_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
_UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
                   r"|\b[0-9a-f]{32}\b")


class Masker:
    """Replaces what varies from run to run by placeholders (the list is in the module docstring)."""

    def __init__(self, paths: dict[str, Path]) -> None:
        days = [date.today() + timedelta(days=d) for d in (-1, 0, 1)]
        self._dates = re.compile("|".join(
            re.escape(day.strftime(pattern)) for day in days for pattern in ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d")))
        # Longest first, so the pack folder is masked before the output folder that contains it.
        self._paths = sorted(((str(path), f"<{name}>") for name, path in paths.items()), key=lambda p: -len(p[0]))

    def __call__(self, text: str) -> str:
        for path, placeholder in self._paths:
            text = text.replace(path, placeholder).replace(Path(path).as_posix(), placeholder)
        text = _TIMESTAMP.sub("<TIMESTAMP>", text)
        text = self._dates.sub("<TODAY>", text)
        text = _UUID.sub("<UUID>", text)
        if __version__:
            text = re.sub(rf"(?<![\d.]){re.escape(__version__)}(?![\d.])", "<APP_VERSION>", text)
        return text


def _csv_rows(path: Path, mask: Masker) -> list[list[str]]:
    delimiter = "," if path.suffix == ".csv" else "\t"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [[mask(cell) for cell in row] for row in csv.reader(handle, delimiter=delimiter)]


def _xlsx_sheets(path: Path, mask: Masker) -> dict[str, Any]:
    workbook = load_workbook(path)
    sheets: dict[str, Any] = {}
    for sheet in workbook.worksheets:
        rows, types = [], []
        for row in sheet.iter_rows():
            rows.append([None if cell.value is None else mask(str(cell.value)) for cell in row])
            types.append("".join("." if cell.value is None else cell.data_type for cell in row))
        sheets[sheet.title] = {"rows": rows, "types": types}
    workbook.close()
    return sheets


def normalise_pack(pack: Path, mask: Masker) -> dict[str, Any]:
    """The deterministic rendering of one platform's pack that the golden holds (see the module docstring)."""
    files = sorted(p.relative_to(pack).as_posix() for p in pack.rglob("*")
                   if p.is_file() and p.relative_to(pack).as_posix() not in EXCLUDED)
    upload: dict[str, Any] = {}
    for path in sorted(pack.iterdir()):
        if not path.is_file() or path.suffix not in UPLOAD_SUFFIXES or path.name == "lint_report.txt":
            continue
        upload[path.name] = _xlsx_sheets(path, mask) if path.suffix == ".xlsx" else _csv_rows(path, mask)
    images = {}
    titles = {}
    for name in files:
        path = pack / name
        if path.suffix.lower() in IMAGE_SUFFIXES:
            with Image.open(path) as picture:
                images[name] = list(picture.size)
        elif path.name == "title.txt":
            titles[path.parent.relative_to(pack).as_posix()] = mask(path.read_text(encoding="utf-8-sig"))
    return {"platform": pack.name, "upload": upload, "files": [mask(f) for f in files], "images": images,
            "titles": titles}


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def build_normalised(workspace: Workspace, workspace_path: Path, out: Path) -> Iterator[tuple[str, str]]:
    """(golden name, rendered golden text) for every platform (into `out`) and every variant (into
    `out/<variant>`)."""
    builds = [(platform, platform, PackOptions(), out) for platform in PLATFORM_IDS]
    builds += [(name, platform, options, out / name) for name, (platform, options) in VARIANTS.items()]
    for name, platform, options, folder in builds:
        report = build_pack(workspace, None, platform, folder, options=options)
        mask = Masker({"PACK": report.path, "OUT": folder, "WORKSPACE": workspace_path})
        yield name, render(normalise_pack(report.path, mask))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every platform's normalised pack, built once from a fresh demo workspace with default settings."""
    workspace_path = tmp_path_factory.mktemp("golden-demo") / "demo.fdw"
    workspace = create_demo_workspace(workspace_path)
    try:
        return dict(build_normalised(workspace, workspace_path, tmp_path_factory.mktemp("golden-packs")))
    finally:
        workspace.close()


@pytest.mark.parametrize("platform", [*PLATFORM_IDS, *VARIANTS])
def test_pack_matches_golden(platform: str, rendered: dict[str, str]) -> None:
    actual = rendered[platform]
    golden = GOLDEN_DIR / f"{platform}.json"
    if UPDATE:
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert golden.is_file(), (f"no golden file {golden}; create it with FD_UPDATE_GOLDEN=1 "
                              "python -m pytest tests/test_pack_golden.py")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"golden/{platform}.json",
                                         f"built/{platform}", lineterm="", n=2))
        shown = diff[:MAX_DIFF_LINES]
        if len(diff) > MAX_DIFF_LINES:
            shown.append(f"… {len(diff) - MAX_DIFF_LINES} more diff lines")
        pytest.fail(f"The {platform} pack differs from its golden file. If the change is intended, run "
                    "FD_UPDATE_GOLDEN=1 python -m pytest tests/test_pack_golden.py and review the golden diff.\n"
                    + "\n".join(shown), pytrace=False)


def test_normaliser_masks_what_varies(tmp_path: Path) -> None:
    mask = Masker({"PACK": tmp_path / "out" / "shopify", "OUT": tmp_path / "out"})
    today = date.today()
    text = (f"{tmp_path / 'out' / 'shopify'}/a.jpg {tmp_path / 'out'} built {today.isoformat()}T10:44:25+00:00 "
            f"on {today.isoformat()} {today:%Y%m%d} v{__version__} id 123e4567-e89b-12d3-a456-426614174000 "
            "certificate 2019-03-01 GTIN 6970548004003")
    assert mask(text) == ("<PACK>/a.jpg <OUT> built <TIMESTAMP> on <TODAY> <TODAY> v<APP_VERSION> id <UUID> "
                          "certificate 2019-03-01 GTIN 6970548004003")
