"""A pack's XLSX cells (`packs.files.write_xlsx`, XlsxWriter since #17) read back as written — by openpyxl, the
library the catalogue import reads with, and at the XML level: text stays text whatever it looks like,
numbers stay numbers with their places, CR survives as Excel's `_x000D_`, a literal `_x0041_` is not turned
into "A", control characters are dropped and an over-long cell is cut at Excel's limit."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.services.kernel.cells import EXCEL_CELL_LIMIT
from app.services.listing.packs.files import Text, write_xlsx

SHEET_NAME = "宝贝资料 with a name longer than thirty-one characters"
ROW = [Text("=1+1 卖点"), Text("06901234567892"), Decimal("199.00"), Decimal("12.5"), Decimal("3"), 480, True,
       Text("第一行\r\n第二行"), Text("literal _x0041_ stays"), Text("bell\x07gone"), None, Text("")]


@pytest.fixture
def sheet(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "upload.xlsx"
    write_xlsx(path, SHEET_NAME, [f"列{i}" for i in range(len(ROW))],
               [ROW, [Text("x" * (EXCEL_CELL_LIMIT + 50))]])
    book = load_workbook(path)
    yield path, book.active
    book.close()


def test_cells_keep_their_types_and_text(sheet) -> None:  # type: ignore[no-untyped-def]
    _path, active = sheet
    assert active.title == SHEET_NAME[:31]
    assert active.freeze_panes == "A2"
    assert [c.value for c in active[1]] == [f"列{i}" for i in range(len(ROW))]
    cells = list(active[2])
    values = [c.value for c in cells]
    # (CR and the literal are checked in the XML below: openpyxl undoes only some of OOXML's escapes)
    assert values[:7] + values[9:10] == ["=1+1 卖点", "06901234567892", 199, 12.5, 3, 480, True, "bellgone"]
    assert [c.data_type for c in cells[:10]] == ["s", "s", "n", "n", "n", "n", "b", "s", "s", "s"]
    assert [c.number_format for c in cells[2:5]] == ["0.00", "0.0", "0"]
    assert values[10:] == [None, None]
    assert len(active["A3"].value) == EXCEL_CELL_LIMIT


def test_the_xml_escapes_cr_and_literals_as_excel_does(sheet) -> None:  # type: ignore[no-untyped-def]
    path, _active = sheet
    with zipfile.ZipFile(path) as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
        assert "第一行_x000D_\n第二行" in strings
        assert "literal _x005F_x0041_ stays" in strings
        assert "\x07" not in strings
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_a_folder_that_cannot_be_written_raises_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_xlsx(tmp_path / "missing" / "upload.xlsx", "s", ["a"], [[Text("b")]])


@pytest.mark.parametrize("text", [
    "<r>bold</r>",
    "<r><t>fake</t></r></si><si><t>INJECTED</t></si><si><r><t>x</t></r>",
    "<r>a & b < c\r\n_x0041_</r>",
])
def test_text_shaped_like_xlsxwriter_markup_stays_the_users_text(tmp_path: Path, text: str) -> None:
    """XlsxWriter writes a string that starts "<r>" and ends "</r>" unescaped (it takes it for its own rich
    text): a selling point like that broke the sheet or put other text in the next cell."""
    path = tmp_path / "markup.xlsx"
    write_xlsx(path, "s", ["a", "b"], [[Text(text), Text("z")]])
    book = load_workbook(path)
    try:
        first, second = (cell.value for cell in book.active[2])
    finally:
        book.close()
    assert second == "z"
    expected = text.replace("\r", "_x000D_").replace("_x0041_", "_x0041_")   # openpyxl leaves these escapes
    assert first is not None and first.replace("_x005F_", "_") == expected
    with zipfile.ZipFile(path) as book_file:
        strings = book_file.read("xl/sharedStrings.xml").decode("utf-8")
    assert "INJECTED</t></si>" not in strings and strings.count("<si>") == 4   # the two headers, ours and "z"


def test_a_sheet_name_excel_refuses_is_made_acceptable(tmp_path: Path) -> None:
    """A workspace's own platform profile may name the sheet freely; Excel refuses []:*?/\\ and edge quotes."""
    path = tmp_path / "named.xlsx"
    write_xlsx(path, "'宝贝[1]/2:*?'", ["a"], [[Decimal("NaN"), Text("x")]])
    book = load_workbook(path)
    try:
        assert book.active.title == "宝贝_1__2___"
        assert [cell.value for cell in book.active[2]] == [None, "x"]   # not a number: left empty
    finally:
        book.close()


def test_a_row_that_fails_writes_no_file(tmp_path: Path) -> None:
    def rows():  # type: ignore[no-untyped-def]
        yield [Text("first")]
        raise RuntimeError("the pricer failed")

    with pytest.raises(RuntimeError, match="pricer"):
        write_xlsx(tmp_path / "partial.xlsx", "s", ["a"], rows())
    assert not (tmp_path / "partial.xlsx").exists()
