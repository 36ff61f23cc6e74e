"""Issue #18: hostile catalogue files against `import`, through the real command line.

Each attack is a real file made here (CSV bytes written with Python's own codecs, XLSX parts zipped by hand
where openpyxl would refuse to write them) and imported into a real workspace by `python main.py import`.
What must hold every time: exit 2 (bad input), a reason on stderr that names the line, the limit or the
encoding, never a traceback, and the workspace exactly as it was (bytes lost = 0: the product and SKU
tables dump to the same bytes, and SQLite's integrity check passes). The last test measures that an
import streams: its peak memory does not grow with the file.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from attack_kit import (
    ROOT,
    SCALE,
    Figures,
    integrity,
    make_workspace,
    read_only_uri,
    reason_lines,
    run_cli,
)

HEADER = ["product_code", "name_zh", "name_en", "sku", "weight_g"]


# --- tools ----------------------------------------------------------------------------------------------

def dump(path: Path) -> bytes:
    """The product and SKU tables as bytes (what an import may write), read-only."""
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        rows = [list(connection.execute(f"SELECT * FROM {table} ORDER BY id")) for table in ("product", "sku")]
    finally:
        connection.close()
    return repr(rows).encode("utf-8")


class Target:
    """A workspace an attack is aimed at, with what it held before."""

    def __init__(self, folder: Path) -> None:
        self.path = make_workspace(folder / "target.fdw", products=3, prefix="KEEP")
        self.before = dump(self.path)

    def bytes_lost(self) -> int:
        """0 when the workspace is byte for byte what it was (and sound); else everything it held."""
        assert integrity(self.path) == "ok"
        return 0 if dump(self.path) == self.before else len(self.before)


def refused(target: Target, source: Path, figures: Figures, *words: str,
            encoding: str | None = None) -> str:
    """Import `source`: exit 2, no traceback, every line one sentence, `words` in the first; nothing written."""
    args = ["import", target.path, source] + (["--encoding", encoding] if encoding else [])
    result = run_cli(*args)
    figures.inputs_tried += 1
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = reason_lines(result.stderr)
    assert lines and all(len(line) < 600 for line in lines), lines
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])
    figures.bytes_lost += target.bytes_lost()
    return lines[0]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def rows_of(count: int, prefix: str = "Q") -> list[list[str]]:
    return [HEADER] + [[f"{prefix}-{n}", f"名字{n}", f"Name {n}", f"{prefix}-{n}-A", "100"] for n in range(count)]


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(column: int, row: int, value: object) -> str:
    ref = f"{chr(65 + column)}{row}"
    if isinstance(value, tuple):  # ("n", "1e999"): a number cell with exactly this text
        return f'<c r="{ref}" t="{value[0]}"><v>{value[1]}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_xml_text(str(value))}</t></is></c>'


def sheet_xml(rows: list[list[object]], *, row_numbers: list[int] | None = None) -> str:
    numbers = row_numbers or list(range(1, len(rows) + 1))
    body = "".join(f'<row r="{n}">' + "".join(_cell(c, n, v) for c, v in enumerate(row)) + "</row>"
                   for n, row in zip(numbers, rows, strict=False))
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>")


WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="catalogue" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}


def write_xlsx(path: Path, sheet: str | bytes) -> Path:
    """A minimal workbook (what Excel needs to open it) around `sheet`, zipped as Excel does (deflate)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in WORKBOOK_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


# --- unmatched quotes -------------------------------------------------------------------------------------

def test_an_unmatched_quote_names_its_line_and_writes_nothing(tmp_path: Path) -> None:
    """The issue's file: a 1,000-row CSV with a quote opened on row 7 and never closed was imported as one
    product with a 58,785-character name, exit 0."""
    figures = Figures("unmatched quote")
    target = Target(tmp_path)
    text = (tmp_path / "plain.csv")
    write_csv(text, rows_of(1000))
    body = text.read_text(encoding="utf-8")
    runaway = tmp_path / "runaway.csv"
    runaway.write_text(body.replace("Q-5,名字5,", 'Q-5,"名字5,', 1), encoding="utf-8")
    refused(target, runaway, figures, "line 7", "quote")
    # The quote closes ten lines on, followed by more text: named too.
    closed_late = tmp_path / "closed-late.csv"
    closed_late.write_text(body.replace("Q-5,名字5,", 'Q-5,"名字5,', 1).replace("Q-15,名字15,", 'Q-15,名字"15,', 1),
                           encoding="utf-8")
    refused(target, closed_late, figures, "line 17", "quote", "line 7")
    # Closed 36 lines later by a stray quote before a comma: 36 of the file's 61 lines in one row.
    swallowed = tmp_path / "swallowed.csv"
    write_csv(swallowed, rows_of(60))
    swallowed.write_text(swallowed.read_text(encoding="utf-8").replace("Q-3,名字3,", 'Q-3,"名字3,', 1)
                         .replace("Name 39,", 'Name 39",', 1), encoding="utf-8")
    refused(target, swallowed, figures, "line 5", "quote")
    # A quote left open in the very last row: the file ends inside it.
    last = tmp_path / "last.csv"
    last.write_text(body.rstrip("\r\n") + ',"\r\n', encoding="utf-8")
    refused(target, last, figures, "line 1001", "never closed")
    assert figures.bytes_lost == 0
    figures.report()


def test_a_line_break_in_a_one_line_cell_is_refused(tmp_path: Path) -> None:
    figures = Figures("line break in a one-line cell")
    target = Target(tmp_path)
    source = write_csv(tmp_path / "break.csv", [HEADER, ["B-1", "名字\n第二行", "Name", "B-1-A", "1"]])
    refused(target, source, figures, "row 2, name_zh", "line break")
    assert figures.bytes_lost == 0
    figures.report()


# --- field sizes ---------------------------------------------------------------------------------------------

def test_a_million_character_name_in_a_tiny_xlsx_is_refused_with_the_limit(tmp_path: Path) -> None:
    """The issue's 9.7 KB workbook stored a 1,000,000-character name (then `sheet` and `catalogue` ran past
    300 s)."""
    figures = Figures("huge cells")
    target = Target(tmp_path)
    huge = write_xlsx(tmp_path / "huge-name.xlsx", sheet_xml([HEADER, ["X-1", "x" * 1_000_000, "ok", "X-1-A", "1"]]))
    assert huge.stat().st_size < 12_000
    refused(target, huge, figures, "row 2, name_zh", "200 characters", "1,000,000")
    cases = [("description_en", "d" * 20_001, "20,000 characters"), ("axis1_value", "v" * 501, "500 characters"),
             ("axis1_name", "n" * 61, "60 characters"), ("brand", "b" * 201, "200 characters"),
             ("selling_points_zh", "\n".join(["点"] * 31), "30 selling points"),
             ("gtin", "1" * 201, "200 characters")]
    for column, value, words in cases:
        cells = {"product_code": "L-1", "sku": "L-1-A", "axis1_name": "colour", "axis1_value": "black", column: value}
        source = write_csv(tmp_path / f"{column}.csv", [list(cells), list(cells.values())])
        refused(target, source, figures, f"row 2, {column}", words)
    assert figures.bytes_lost == 0
    figures.report()


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """92 KB grew a workspace from 2.4 to 143 MB: a part that unpacks thousands of times its size."""
    figures = Figures("xlsx bomb")
    target = Target(tmp_path)
    rows: list[list[object]] = [HEADER] + [[f"Z-{n}", "名字", "d" * 19_000, f"Z-{n}-A", "1"] for n in range(4_000)]
    bomb = write_xlsx(tmp_path / "bomb.xlsx", sheet_xml(rows))
    assert bomb.stat().st_size < 400_000
    refused(target, bomb, figures, "unpacks to", "times its packed size")
    assert figures.bytes_lost == 0
    figures.report()


# --- numbers and damaged workbooks --------------------------------------------------------------------------

def test_integers_past_2_63_are_row_errors_not_tracebacks(tmp_path: Path) -> None:
    figures = Figures("huge integers")
    target = Target(tmp_path)
    for value in (str(2**63), "9" * 150, "１" * 30):
        source = write_csv(tmp_path / "int.csv", [HEADER, ["I-1", "名字", "Name", "I-1-A", value]])
        refused(target, source, figures, "row 2, weight_g")
    for cell in (("n", str(2**63)), ("n", "1e300"), ("n", "1e999"), ("n", "-5")):
        source = write_xlsx(tmp_path / "int.xlsx", sheet_xml([HEADER, ["I-1", "名字", "Name", "I-1-A", cell]]))
        refused(target, source, figures, "row 2")
    long_digits = write_xlsx(tmp_path / "digits.xlsx",
                             sheet_xml([HEADER, ["I-1", "名字", "Name", "I-1-A", ("n", "7" * 5000)]]))
    refused(target, long_digits, figures, "damaged")
    assert figures.bytes_lost == 0
    figures.report()


def test_damaged_workbooks_get_one_line(tmp_path: Path) -> None:
    figures = Figures("damaged xlsx")
    target = Target(tmp_path)
    good = sheet_xml([HEADER] + [[f"D-{n}", "名字", "Name", f"D-{n}-A", "1"] for n in range(50)])
    cases = {
        "truncated": good[: len(good) // 2],
        "not-xml": "this is not XML <<<",
        "bad-string-index": good.replace('t="inlineStr"><is><t xml:space="preserve">D-3</t></is>', 't="s"><v>999</v>',
                                         1),
        "rows-past-excel": sheet_xml([HEADER, ["D-1", "名字", "Name", "D-1-A", "1"]], row_numbers=[1, 5_000_000]),
    }
    for name, sheet in cases.items():
        refused(target, write_xlsx(tmp_path / f"{name}.xlsx", sheet), figures)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    refused(target, garbage, figures, "excel")
    assert figures.bytes_lost == 0
    figures.report()


# --- encodings and invisible characters ------------------------------------------------------------------------

TRADITIONAL = ["行者 PC 硬殼拉桿箱 20 吋 萬向輪 海關鎖", "羊絨圍巾 灰色 保暖 柔軟 親膚",
               "316 不鏽鋼保溫杯 茶水分離 500 毫升",
               "記憶棉頸枕 護頸 旅行必備 可拆洗", "行動電源 10000 毫安 快充 輕薄", "純棉T恤 寬鬆 圓領 短袖 黑色 白色"]
JAPANESE = ["行者 PC ハードケース スーツケース 20インチ", "カシミヤ マフラー グレー 暖かい 柔らかい",
            "316 ステンレス 真空断熱 ボトル 500ml", "低反発 ネックピロー 旅行用 洗える",
            "モバイルバッテリー 急速充電 薄型"]
KOREAN = ["여행용 캐리어 20인치 하드케이스", "캐시미어 목도리 회색", "스테인리스 보온병", "메모리폼 목베개",
          "보조배터리 고속충전"]


@pytest.mark.parametrize(("codec", "texts", "named"), [
    ("big5", TRADITIONAL, "Big5"), ("cp950", [*TRADITIONAL, "€"], "Big5"),
    ("shift_jis", JAPANESE, "Shift-JIS"), ("cp932", [*JAPANESE, "①"], "Shift-JIS"),
    ("euc_kr", KOREAN, "EUC-KR"), ("big5", ["黑色"], "Big5"), ("shift_jis", ["ブラック"], "Shift-JIS"),
])
def test_foreign_encodings_are_refused_by_name(tmp_path: Path, codec: str, texts: list[str], named: str) -> None:
    """Big5, Shift-JIS and EUC-KR bytes decode as GB18030 without an error: they imported as mojibake."""
    figures = Figures(f"{codec} csv")
    target = Target(tmp_path)
    rows = [HEADER] + [[f"E-{n}", text, "", f"E-{n}-A", "1"] for n, text in enumerate(texts)]
    source = write_csv(tmp_path / f"{codec}.csv", rows, codec)
    assert source.read_bytes().decode("gb18030")  # the trap: it "decodes"
    refused(target, source, figures, named, "utf-8")
    assert figures.bytes_lost == 0
    figures.report()


def test_real_gbk_still_imports_even_with_traditional_characters(tmp_path: Path) -> None:
    """GBK holds traditional characters too: such a file must not be taken for Big5."""
    figures = Figures("gbk with traditional characters")
    target = Target(tmp_path)
    rows = [HEADER] + [[f"G-{n}", text, "", f"G-{n}-A", "1"] for n, text in enumerate([*TRADITIONAL, "羊绒围巾 黑色"])]
    result = run_cli("import", target.path, write_csv(tmp_path / "gbk.csv", rows, "gbk"))
    figures.inputs_tried += 1
    assert result.returncode == 0, result.stderr
    names = json.loads(run_cli("list", target.path, "--json").stdout)
    assert {p["name_zh"] for p in names if p["code"].startswith("G-")} == set([*TRADITIONAL, "羊绒围巾 黑色"])
    figures.report()


def test_invisible_characters_are_removed_from_names_and_refused_in_codes(tmp_path: Path) -> None:
    figures = Figures("control, bidi and zero-width characters")
    target = Target(tmp_path)
    hidden_code = write_csv(tmp_path / "code.csv", [HEADER, ["AB\u200bC", "名字", "Name", "ABC-1", "1"]])
    refused(target, hidden_code, figures, "row 2, product_code", "U+200B")
    names = [HEADER, ["V-1", "\u202e名字\u200b\x07", "Na\u200dme \u2066x\u2069", "V-1-A", "1"],
             ["V-2", "家庭👨\u200d👩\u200d👧", "\ufeffBOM", "V-2-A", "1"]]
    result = run_cli("import", target.path, write_csv(tmp_path / "names.csv", names))
    figures.inputs_tried += 1
    assert result.returncode == 0, result.stderr
    listed = {p["code"]: p for p in json.loads(run_cli("list", target.path, "--json").stdout)}
    assert (listed["V-1"]["name_zh"], listed["V-1"]["name_en"]) == ("名字", "Name x")
    assert (listed["V-2"]["name_zh"], listed["V-2"]["name_en"]) == ("家庭👨\u200d👩\u200d👧", "BOM")
    figures.report()


# --- streaming -------------------------------------------------------------------------------------------------

MEASURE = textwrap.dedent("""
    import json, resource, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from app.db import create_workspace
    from app.services.catalogue.io import importing as catalogue_import
    from app.services.catalogue.categories import install_default_categories
    workspace = create_workspace(Path(sys.argv[2]))
    with workspace.session() as session:
        install_default_categories(session)
    preview = catalogue_import.preview_import(workspace, Path(sys.argv[3]))
    assert preview.ok, [e.text("en") for e in preview.errors[:3]]
    result = catalogue_import.commit_import(workspace, preview)
    print(json.dumps({"skus": result.skus_created, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
""")


def _import_peak_kb(folder: Path, rows: int) -> int:
    """Peak memory (KiB) of a fresh process that creates a workspace and imports `rows` rows into it."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import import_memory  # the bench's realistic catalogue: 10 SKUs a product, every column filled
    finally:
        sys.path.pop(0)
    source = folder / f"{rows}.csv"
    import_memory.write_csv(source, rows, 10)
    result = subprocess.run([sys.executable, "-c", MEASURE, str(ROOT), str(folder / f"{rows}.fdw"), str(source)],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["skus"] == rows
    return int(figures["peak"])


def test_an_import_streams_its_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    """Holding every row, 1,000,000 rows peaked at 2.3 GB (about 2 KB a row); streamed, 8 times the rows
    may cost no more than a few MB more (SQLite's caches, the ids of the products written)."""
    figures = Figures("import memory")
    small, large = _import_peak_kb(tmp_path, 10_000), _import_peak_kb(tmp_path, 80_000)
    figures.inputs_tried += 2
    figures.notes.append(f"peak memory: 10,000 rows {small / 1024:.0f} MB, 80,000 rows {large / 1024:.0f} MB")
    figures.report()
    assert large - small < 20 * 1024, (small, large)   # holding the rows: 70,000 × ~2 KB = 140 MB more


# --- mutated files --------------------------------------------------------------------------------------------

SPECIAL = [b'"', b",", b"\n", b"\r", b"\x00", b"\xff", b"\xe2\x80\xae", b"9" * 30, b"\xef\xbb\xbf", b"'", b"=", b"\xa4",
           b"\x81", b"<", b"&"]


def _mutate(data: bytes, rng: random.Random, edits: int) -> bytes:
    """`data` with `edits` random byte flips, insertions of hostile bytes, deletions and duplicated runs."""
    out = bytearray(data)
    for _ in range(edits):
        at, kind = rng.randrange(len(out)), rng.randrange(4)
        if kind == 0:
            out[at] = rng.randrange(256)
        elif kind == 1:
            out[at:at] = rng.choice(SPECIAL)
        elif kind == 2:
            del out[at:at + rng.randrange(1, 50)]
        else:
            out[at:at] = out[rng.randrange(len(out)):][:rng.randrange(1, 200)]
    return bytes(out)


def _mutate_sheet(data: bytes, rng: random.Random) -> bytes:
    """A workbook whose sheet XML (and now and then another part) is mutated, zipped again (valid CRCs)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            body = source.read(part.filename)
            if part.filename.endswith("sheet1.xml") or rng.random() < 0.1:
                body = _mutate(body, rng, rng.randrange(1, 8))
            archive.writestr(part.filename, body)
    return out.getvalue()


def test_mutated_files_are_imported_whole_or_refused_in_words(tmp_path: Path) -> None:
    """Seeded mutations of a real export (CSV, the workbook's XML, the workbook's bytes), in-process: every
    one is imported completely or refused with a user-facing message; nothing else escapes, nothing is
    half-written (3,600 such files were run while this was built, none escaped)."""
    from app.db import create_workspace, open_workspace
    from app.models.bilingual import UserFacingError
    from app.services.catalogue.io import importing as catalogue_import
    from app.services.catalogue.io.export import export_catalogue

    figures = Figures("mutated catalogue files")
    source = open_workspace(make_workspace(tmp_path / "source.fdw", products=20, prefix="M"))
    seeds = {".csv": export_catalogue(source, tmp_path / "seed.csv").path.read_bytes(),
             ".xlsx": export_catalogue(source, tmp_path / "seed.xlsx").path.read_bytes()}
    source.close()
    target = create_workspace(tmp_path / "target.fdw")
    rng = random.Random(18)
    outcomes = {"imported": 0, "refused": 0}
    try:
        for number in range(150 * SCALE):
            suffix = ".csv" if number % 3 == 0 else ".xlsx"
            data = (_mutate(seeds[".csv"], rng, rng.randrange(1, 4)) if suffix == ".csv" else
                    _mutate_sheet(seeds[".xlsx"], rng) if number % 3 == 1 else _mutate(seeds[".xlsx"], rng, 2))
            path = tmp_path / f"mutated{suffix}"
            path.write_bytes(data)
            before = dump(target.path)
            figures.inputs_tried += 1
            try:
                preview = catalogue_import.preview_import(target, path)
                if not preview.ok:
                    raise catalogue_import.ImportRefused(preview.errors[0].message)
                catalogue_import.commit_import(target, preview)
                preview.close()
                outcomes["imported"] += 1
            except UserFacingError:
                outcomes["refused"] += 1
                figures.bytes_lost += 0 if dump(target.path) == before else len(before)
    finally:
        target.close()
    figures.notes.append(f"{outcomes['imported']} imported whole, {outcomes['refused']} refused in words")
    figures.report()
    assert figures.bytes_lost == 0 and outcomes["refused"] > 0
