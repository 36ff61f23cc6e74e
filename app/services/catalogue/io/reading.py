"""Reading a catalogue file row by row: CSV (with its encoding detected) or XLSX, never the whole file at once
(no Qt). `catalogue_import` checks the rows; this module only says what the file holds, or why it can't.

Hostile files this module survives (issue #18; `tests/reliability/test_attack_import.py`):
- An unmatched quote (") in a CSV: Python's csv module happily reads a quoted cell across every line that
  follows, so a 1,000-row file became one product with a 58,785-character name. Read strictly, a quote
  that is never closed, or closed with more text after it, is an error naming the line where the quote
  opened. A cell that swallowed rows is refused the same way: its lines look like rows (at least half of
  them hold as many commas as the header, with a product code where the header has product_code) and
  it runs over more than `MAX_ROW_LINES` lines, or over 20 or more lines that are more than half of the
  file's. A long multi-line description is not rows, so it is never taken for them.
- A cell over 131,072 characters or a NUL character (csv.Error), bytes the encoding can't decode: the row
  is named, reading stops.
- XLSX: malformed XML, a sheet claiming rows past Excel's 1,048,576, numbers openpyxl can't convert, and
  decompression bombs — a part that unpacks to more than `MAX_PART_BYTES`, or to more than
  `MAX_PACKING_RATIO` times its packed size when that is more than `BOMB_FLOOR_BYTES` (real workbooks pack
  3–12 times: a 100,000-row export is 84 MB packed 11.4 times; a bomb packs thousands of times). Every
  failure is one line naming the row; nothing is imported.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from app.models.bilingual import Bilingual
from app.models.types import canonical_decimal_text
from app.models.validation import CODE
from app.services.catalogue.io.encoding import detect_encoding
from app.services.catalogue.io.export import (
    COLUMNS,
    CatalogueFileError,
    decimal_from_xlsx,
)
from app.services.kernel.cells import ooxml_unescape, unguard_formula
from app.services.kernel.jobs import CancelCheck, Cancelled, Progress

#: Rows between progress reports and cancel checks.
CHUNK = 1000
#: A row whose cells run over more lines than this is an unmatched quote, not a catalogue row.
MAX_ROW_LINES = 200
#: A row holding more than half of a file's lines is one too, once it holds this many.
SWALLOWED_LINES = 20
#: Excel's last row.
EXCEL_MAX_ROWS = 1_048_576
#: Columns read from an XLSX row (the format has 26; openpyxl pads every row to the widest one).
MAX_XLSX_COLUMNS = 256
MAX_PART_BYTES = 2 << 30
MAX_PACKING_RATIO = 100
BOMB_FLOOR_BYTES = 64 << 20

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class RowError:
    """A problem in one cell (or row, when `column` is empty); row numbers are Excel's (header = 1)."""

    row: int
    column: str
    message: Bilingual

    def text(self, lang: str) -> str:
        """One line for a log or stderr, in the user's language."""
        if lang.lower().startswith("zh"):
            return f"第 {self.row} 行" + (f"，{self.column}" if self.column else "") + f"：{self.message.zh}"
        return f"row {self.row}" + (f", {self.column}" if self.column else "") + f": {self.message.en}"


@dataclass(frozen=True)
class PreviewRow:
    """One data row as read (text, aligned with the table's `columns`)."""

    number: int
    values: tuple[str, ...]


@dataclass
class Table:
    """An open catalogue file: its known columns (in file order), then its rows one at a time (`rows`).

    `errors` holds file-level problems — found at the header, or while reading (then reading stops there);
    `warnings` unknown columns.
    """

    columns: tuple[str, ...]
    encoding: str
    errors: list[RowError]
    warnings: list[RowError]
    _records: Iterator[tuple[int, list[Any]]] = field(repr=False)
    _positions: tuple[int, ...] = field(repr=False)
    _cell: Callable[[Any, str], str] = field(repr=False)

    def rows(self) -> Iterator[PreviewRow]:
        """The data rows with at least one non-blank cell, their values aligned with `columns`."""
        pairs = tuple(zip(self._positions, self.columns, strict=False))
        width = max(self._positions, default=-1) + 1
        cell = self._cell
        for number, cells in self._records:
            if len(cells) < width:
                cells = [*cells, *([""] * (width - len(cells)))]
            values = tuple([cell(cells[i], name) for i, name in pairs])
            if (any(values) and any(value.strip() for value in values)) or any(_non_blank(c) for c in cells):
                yield PreviewRow(number, values)


def _non_blank(cell: Any) -> bool:
    return bool(str(cell).strip()) if isinstance(cell, str) else getattr(cell, "value", None) not in (None, "")


@contextmanager
def open_table(path: Path, encoding: str = "auto", *, progress: Progress | None = None,
               cancel: CancelCheck | None = None) -> Iterator[Table]:
    """The file as a `Table` while the block runs (the file stays open for `Table.rows`)."""
    path = Path(path)
    if not path.is_file():
        raise CatalogueFileError(Bilingual(f"找不到文件：{path}", f"File not found: {path}"))
    try:
        with open(path, "rb") as handle:
            magic = handle.read(8)
    except OSError as error:
        raise _unreadable(path, error) from error
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise CatalogueFileError(Bilingual(f"这是旧版 Excel（.xls）文件：{path.name}。请另存为 .xlsx 或 CSV 再导入。",
                                           f"This is an old Excel (.xls) file: {path.name}. Save it as "
                                           ".xlsx or CSV first."))
    if magic.startswith(b"PK\x03\x04") or path.suffix.lower() == ".xlsx":
        with _xlsx_table(path, progress, cancel) as table:
            yield table
    else:
        with _csv_table(path, detect_encoding(path, encoding), progress, cancel) as table:
            yield table


def _unreadable(path: Path, error: OSError) -> CatalogueFileError:
    reason = error.strerror or str(error)
    return CatalogueFileError(Bilingual(f"无法读取文件 {path.name}：{reason}", f"Can't read {path.name}: {reason}"))


def _table(header: list[str], records: Iterator[tuple[int, list[Any]]], encoding: str,
           errors: list[RowError], cell: Callable[[Any, str], str]) -> Table:
    """Keep the known columns (in file order), warn about the others, refuse a file without product_code."""
    warnings: list[RowError] = []
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = normal_header(name)
        if key in COLUMNS and key not in positions:
            positions[key] = index
        elif key in positions:
            errors.append(RowError(1, name, Bilingual("列名重复。", "Duplicate column.")))
        elif key:
            warnings.append(RowError(1, name[:60], Bilingual("未知的列，已忽略。", "Unknown column, ignored.")))
    if "product_code" not in positions and not errors:
        errors.append(RowError(1, "product_code", Bilingual(
            "缺少 product_code 列：这不是工厂直营导出的商品表。",
            "No product_code column: not a Factory Direct catalogue file.")))
    return Table(tuple(positions), encoding, errors, warnings, records, tuple(positions.values()), cell)


def normal_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lstrip("\ufeff").lower())


def _step(progress: Progress | None, cancel: CancelCheck | None, done: int, total: int) -> None:
    if cancel is not None and cancel():
        raise Cancelled()
    if progress is not None:
        progress(done, total)


# --- CSV ---------------------------------------------------------------------------------------------------

@contextmanager
def _csv_table(path: Path, encoding: str, progress: Progress | None, cancel: CancelCheck | None) -> Iterator[Table]:
    errors: list[RowError] = []
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        records = _csv_records(path, text, encoding, errors)
        header: list[str] = []
        first = next(records, None)
        if first is not None:
            header = [str(cell).lstrip("\ufeff") for cell in first[1]]
        tracked = _csv_progress(records, raw, path.stat().st_size, progress, cancel)
        yield _table(header, tracked, encoding, errors, _csv_cell)


def _csv_cell(cell: Any, _column: str) -> str:
    return unguard_formula(cell)


def _csv_progress(records: Iterator[tuple[int, list[Any]]], raw: IO[bytes], total: int,
                  progress: Progress | None, cancel: CancelCheck | None) -> Iterator[tuple[int, list[Any]]]:
    for record in records:
        if record[0] % CHUNK == 0:
            _step(progress, cancel, raw.tell(), total)
        yield record
    if progress is not None:
        progress(total, total)


@dataclass
class _Biggest:
    """The row that swallowed the most lines so far: (lines, row number, line where its cell opens)."""

    lines: int = 0
    row: int = 0
    opens: int = 0


def _csv_records(path: Path, text: IO[str], encoding: str, errors: list[RowError]) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) for every record, strictly quoted; a problem goes into `errors` and ends the rows."""
    reader = csv.reader(text, strict=True)
    number, before, biggest = 0, 0, _Biggest()
    shape: tuple[int, int | None] | None = None  # the header's (width, position of product_code)
    try:
        for number, cells in enumerate(reader, start=1):
            lines = reader.line_num - before
            shape = shape or _row_shape(cells)
            if lines >= SWALLOWED_LINES and lines > biggest.lines and _swallowed_rows(cells, *shape):
                biggest = _Biggest(lines, number, _opening_line(before + 1, cells))
                if lines > MAX_ROW_LINES:
                    errors.append(_runaway(biggest))
                    return
            before = reader.line_num
            yield number, cells
    except csv.Error as error:
        if reader.line_num - before > MAX_ROW_LINES:  # a runaway quote that outgrew csv's cell limit
            errors.append(_runaway(_Biggest(reader.line_num - before, number + 1, before + 1)))
        else:
            errors.append(_csv_error(error, number + 1, before + 1, reader.line_num))
        return
    except UnicodeDecodeError:
        errors.append(RowError(_first_bad_line(path, encoding), "", Bilingual(
            f"文件不是 {encoding} 编码，从这一行起无法解码。请换一种编码导入。",
            f"The file is not {encoding}; it can't be decoded from this row on. Import with another encoding.")))
        return
    except OSError as error:  # the disk or the network share went away mid-file
        errors.append(RowError(number + 1, "", _unreadable(path, error).message))
        return
    if biggest.lines >= SWALLOWED_LINES and 2 * biggest.lines > reader.line_num:
        errors.append(_runaway(biggest))


def _row_shape(header: list[str]) -> tuple[int, int | None]:
    """(cells in a row, the position of product_code) as the header says."""
    names = [normal_header(name) for name in header]
    return len(header), names.index("product_code") if "product_code" in names else None


def _swallowed_rows(cells: list[str], width: int, code_at: int | None) -> bool:
    """True when the row's longest cell reads like rows of the file: at least half of its lines hold as
    many commas as a row has, with a product code in its place (a description's lines don't)."""
    lines = max(cells, key=len, default="").splitlines()
    rowlike = sum(1 for line in lines if _looks_like_a_row(line, width, code_at))
    return width > 1 and rowlike >= 2 and 2 * rowlike >= len(lines)


def _looks_like_a_row(line: str, width: int, code_at: int | None) -> bool:
    parts = line.split(",")
    return len(parts) >= width and (code_at is None or CODE.fullmatch(parts[code_at].strip('"')) is not None)


def _opening_line(first_line: int, cells: list[str]) -> int:
    """The line where the row's cell with the most line breaks opens."""
    breaks = [len(_LINE_BREAK.findall(cell)) for cell in cells]
    longest = max(range(len(cells)), key=breaks.__getitem__)
    return first_line + sum(breaks[:longest])


def _runaway(biggest: _Biggest) -> RowError:
    line = biggest.opens
    return RowError(biggest.row, "", Bilingual(
        f"第 {line} 行的引号（\"）没有配对：它后面的 {biggest.lines:,} 行都被读进了一个单元格。"
        "请补上结尾的引号，或删掉多余的引号（单元格里的引号要写成两个：\"\"）。没有导入任何内容。",
        f"The quote (\") that opens on line {line} is never closed where it should be: the {biggest.lines:,} lines "
        "after it were read as one cell. Add the closing quote or remove the stray one (a quote inside a "
        "cell is written twice: \"\"). Nothing was imported."))


def _csv_error(error: csv.Error, row: int, first_line: int, line: int) -> RowError:
    """csv's own complaint as a sentence naming the line."""
    reason = str(error)
    if "unexpected end of data" in reason:
        return RowError(row, "", Bilingual(
            f"第 {first_line} 行的引号（\"）一直没有结束，文件就到头了。"
            "请补上结尾的引号或删掉多余的引号。没有导入任何内容。",
            f"The quote (\") that opens on line {first_line} is never closed before the file ends. Add the closing "
            "quote or remove the stray one. Nothing was imported."))
    if "expected after" in reason:
        opened = f"（引号从第 {first_line} 行开始）" if line > first_line else ""
        opened_en = f" (the quote opens on line {first_line})" if line > first_line else ""
        return RowError(row, "", Bilingual(
            f"第 {line} 行：结尾引号后面还有文字{opened}。单元格里的引号要写成两个（\"\"），"
            "或是少了一个引号。没有导入任何内容。",
            f"Line {line}: text follows a closing quote{opened_en}. A quote inside a cell is written twice (\"\"), "
            "or a quote is missing. Nothing was imported."))
    return RowError(row, "", Bilingual(
        f"CSV 格式错误，无法继续读取（{reason}）。单元格过长（超过 131,072 字符）或含有 NUL 字符都会这样。",
        f"Malformed CSV, reading stopped ({reason}). A cell over 131,072 characters or a NUL character does this."))


def _first_bad_line(path: Path, encoding: str) -> int:
    """The line holding the first byte `encoding` can't decode, read in pieces (never the whole file)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    lines = 1
    with open(path, "rb") as handle:
        while piece := handle.read(1 << 20):
            try:
                decoder.decode(piece)
            except UnicodeDecodeError as error:
                return lines + piece.count(b"\n", 0, max(0, error.start))
            lines += piece.count(b"\n")
    return lines


# --- XLSX ----------------------------------------------------------------------------------------------------

@contextmanager
def _xlsx_table(path: Path, progress: Progress | None, cancel: CancelCheck | None) -> Iterator[Table]:
    from openpyxl import load_workbook

    _refuse_bombs(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise _damaged(path, error) from error
    try:
        if not workbook.worksheets:
            raise _damaged(path, ValueError("no worksheet"))
        sheet = workbook["catalogue"] if "catalogue" in workbook.sheetnames else workbook.worksheets[0]
        errors: list[RowError] = []
        records = _xlsx_records(path, sheet, errors)
        first = next(records, None)
        header = [_xlsx_text(cell, "") for cell in first[1]] if first is not None else []
        total = min(sheet.max_row or 0, EXCEL_MAX_ROWS)
        yield _table(header, _xlsx_progress(records, total, progress, cancel), "xlsx", errors, _xlsx_text)
    finally:
        workbook.close()


def _damaged(path: Path, error: BaseException) -> CatalogueFileError:
    reason = " ".join(str(error).split())[:200] or type(error).__name__
    return CatalogueFileError(Bilingual(f"无法读取 Excel 文件：{path.name}（{reason}）",
                                        f"Can't read the Excel file: {path.name} ({reason})"))


def _refuse_bombs(path: Path) -> None:
    """Refuse a workbook whose parts unpack to absurd sizes before openpyxl unpacks anything (it reads the
    shared strings into memory whole). zipfile stops at the size a part declares, so the check holds."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise _damaged(path, error) from error
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > MAX_PART_BYTES or (part.file_size > BOMB_FLOOR_BYTES and ratio > MAX_PACKING_RATIO):
            raise CatalogueFileError(Bilingual(
                f"Excel 文件 {path.name} 的 {part.filename} 解压后有 {part.file_size / 1e6:,.0f} MB"
                f"（压缩了 {ratio:,.0f} 倍），不像真实的商品表，已拒绝。",
                f"The Excel file {path.name} refused: its part {part.filename} unpacks to "
                f"{part.file_size / 1e6:,.0f} MB ({ratio:,.0f} times its packed size), which no real catalogue does."))


def _xlsx_records(path: Path, sheet: Any, errors: list[RowError]) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) for every row; malformed XML or values end the rows with one error."""
    number = 0
    try:
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_XLSX_COLUMNS), start=1):
            if number > EXCEL_MAX_ROWS:
                errors.append(RowError(number, "", Bilingual(
                    f"表格的行数超过了 Excel 的上限 {EXCEL_MAX_ROWS:,} 行：文件已损坏。",
                    f"The sheet claims more rows than Excel's {EXCEL_MAX_ROWS:,}: the file is damaged.")))
                return
            yield number, list(cells)
    except Exception as error:
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        errors.append(RowError(number + 1, "", Bilingual(
            f"Excel 文件 {path.name} 从这一行起已损坏，无法读取（{reason}）。没有导入任何内容。",
            f"The Excel file {path.name} is damaged from this row on and can't be read ({reason}). "
            "Nothing was imported.")))


def _xlsx_progress(records: Iterator[tuple[int, list[Any]]], total: int, progress: Progress | None,
                   cancel: CancelCheck | None) -> Iterator[tuple[int, list[Any]]]:
    for record in records:
        if record[0] % CHUNK == 0:
            _step(progress, cancel, record[0], total)
        yield record
    if progress is not None:
        progress(total, total)


def _xlsx_text(cell: Any, column: str) -> str:
    """A cell as the text the importer parses. Numbers become exact text: costs keep their decimals,
    whole numbers lose the ".0" Excel gives them, GTINs stay digits; infinities stay words (refused later)."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and not Decimal(repr(value)).is_finite():
        return repr(value)
    if isinstance(value, (int, float)):
        number = decimal_from_xlsx(value, getattr(cell, "number_format", "") or "")
        if column != "cost" and number == number.to_integral_value():
            return str(int(number))
        return canonical_decimal_text(number)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return ooxml_unescape(str(value))
