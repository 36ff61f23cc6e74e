"""Writing a pack's spreadsheets safely: CSV/TSV with formula guards, XLSX whose text cells are always text.

- CSV and TSV: every text cell that Excel would run as a formula (= + - @, tab, CR and their full-width forms)
  gets a leading ' (`catalogue_io.guard_formula`, the same rule as the catalogue export).
- XLSX (XlsxWriter): text cells are written as strings (`write_string`), so "=…" is never a formula; C0
  control characters are removed and cells are cut at Excel's 32,767 characters (`clean_cell_text`); CR is
  kept as OOXML's `_x000D_` (XlsxWriter escapes it, and a literal `_xHHHH_`, as Excel does). Decimals and
  integers stay numbers, a Decimal with its places as the number format; GTINs and codes are always text.
  XlsxWriter rather than openpyxl: a 5,000-row, 16-column sheet took 0.25–0.7 s instead of 2.5 s when measured
  for issue #17, and a 1,000-product pack writes eight such sheets (`bench/packs.py` times whole packs).
Files are written straight into the pack's temporary folder: the whole folder is moved into place at the end
(`builder.py`), so no single file needs its own temporary copy.

Durability (`Flusher`): every file and folder of a pack is fsynced before the rename makes the pack visible —
a crash never leaves a pack under its final name whose files are still empty or partly in the page cache. The
fsyncs run on a background thread as each product's folder is finished, so the disk waits overlap the picture
cutting of the next product instead of adding up at the end (one fsync per file, as before: batching them with
`syncfs`/`sync` would flush other programs' data too, and isn't portable).
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.services.kernel.cells import clean_cell_text, guard_formula
from app.services.kernel.files import fsync_file, fsync_folder


class Text(str):
    """A value that must stay text in XLSX even when it looks like a number (GTINs, codes)."""


Cell = str | Text | Decimal | int | None


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def folder_name(code: str) -> str:
    """A product code as a folder name on every system (Windows' reserved names and characters too)."""
    name = _UNSAFE.sub("_", code).strip(" .") or "product"
    return "_" + name if name.split(".")[0].upper() in _RESERVED else name


def csv_text(value: Cell) -> str:
    """A cell as CSV text: numbers exact, text guarded against formula injection."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return guard_formula(str(value))


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, encoding: str = "utf-8",
              delimiter: str = ",") -> None:
    """A CSV (or TSV with `delimiter="\\t"`) with the header row, every cell through `csv_text`."""
    path.write_bytes(csv_bytes(headers, rows, encoding=encoding, delimiter=delimiter))


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, encoding: str = "utf-8",
              delimiter: str = ",") -> bytes:
    """What `write_csv` writes."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return buffer.getvalue().encode(encoding)


#: What Excel refuses in a sheet's name (and a name may not start or end with an apostrophe).
_SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(path: Path, sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]],
               *, widths: Sequence[int] | None = None) -> None:
    """One sheet with a frozen header row; text cells typed as text, numbers as numbers. Nothing is written
    when a row fails (the pack's temporary folder is removed anyway)."""
    import xlsxwriter

    # No guessing from text: a selling point "=1+1" or a GTIN stays the text it is. In memory: the parts are
    # small, and a full temporary folder must not read as "the pack's folder can't be written".
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                               "strings_to_urls": False, "in_memory": True})
    sheet = workbook.add_worksheet(_SHEET_NAME_REFUSED.sub("_", sheet_name).strip("'")[:31] or "Sheet1")
    sheet.freeze_panes(1, 0)
    for index, header in enumerate(headers):
        width = widths[index] if widths and index < len(widths) else max(10, min(40, len(header) * 2 + 4))
        sheet.set_column(index, index, width)
    formats = _NumberFormats(workbook)
    for column, header in enumerate(headers):
        _write_xlsx_cell(sheet, 0, column, Text(header), formats)
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _write_xlsx_cell(sheet, row_number, column, value, formats)
    _close(workbook)


def _close(workbook: Any) -> None:
    """Write the workbook out; a file that can't be written raises the OSError behind it, as any other file."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except FileCreateError as error:
        cause = error.args[0] if error.args else None
        if isinstance(cause, OSError):
            raise cause from None
        raise


class _NumberFormats:
    """One cell format per count of decimal places ("0", "0.00"…), made when first needed."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._by_places: dict[int, Any] = {}

    def places(self, places: int) -> Any:
        if places not in self._by_places:
            code = "0" if places == 0 else "0." + "0" * places
            self._by_places[places] = self._workbook.add_format({"num_format": code})
        return self._by_places[places]


def _write_xlsx_cell(sheet: Any, row: int, column: int, value: Cell, formats: _NumberFormats) -> None:
    if value is None or value == "":
        return
    if type(value) is str:   # most cells: asked first (a pack's sheets have hundreds of thousands)
        text, _stripped, _cut = clean_cell_text(value)
        if text:
            sheet.write_string(row, column, _not_markup(text))
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            return   # not a number a sheet can hold: the cell stays empty, as a price that can't be worked out
        exponent = value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        sheet.write_number(row, column, float(value), formats.places(places))
    elif isinstance(value, int):
        sheet.write_number(row, column, value)
    else:
        text, _stripped, _cut = clean_cell_text(str(value))
        if text:
            sheet.write_string(row, column, _not_markup(text))


def _not_markup(text: str) -> str:
    """Text XlsxWriter would take for its own rich-text markup, made safe.

    XlsxWriter keeps a rich string as the XML of its runs and writes any string shaped like one — starting with
    "<r>" and ending with "</r>" — into the file unescaped: a selling point "<r>…</r>" would break the sheet
    or smuggle in cells. Such text goes in as one plain run of its own, escaped here; XlsxWriter still escapes
    CR and a literal "_xHHHH_" in it as in any string. Other text is left to XlsxWriter."""
    if text.startswith("<r>") and text.endswith("</r>"):
        return f'<r><t xml:space="preserve">{html.escape(text, quote=False)}</t></r>'
    return text


def write_text(path: Path, text: str, *, bom: bool = False) -> None:
    """A UTF-8 text file (with a BOM for files people open in Chinese Windows Notepad/Excel)."""
    path.write_bytes(text_bytes(text, bom=bom))


def text_bytes(text: str, *, bom: bool = False) -> bytes:
    """What `write_text` writes (line ends as given: "\\n")."""
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def write_profile_csv(pack_root: Path, profile: Any, table: Iterable[dict[str, Cell]]) -> list[Path]:
    """Write `table` (one dict per row, keyed by column key) as the profile's upload CSV at the pack's root,
    with the profile's headers, column order, value spellings and encoding; returns the files written."""
    columns = profile.upload.columns
    path = pack_root / profile.upload.file_name
    write_csv(path, [c.header for c in columns], ([c.cell(row.get(c.key)) for c in columns] for row in table),
              encoding=profile.upload.encoding)
    return [path]


class Flusher:
    """fsyncs a pack's files in the background while the build goes on; `wait` before the rename.

    `tree(folder)` hands over every file under `folder` not handed over yet (call it once the folder's files are
    written and closed) and remembers its folders; `wait()` waits for those fsyncs, raising the first error,
    then fsyncs the folders (deepest first) so the new names are on disk too.
    """

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pack-fsync")
        self._workers = workers
        self._futures: list[Future[None]] = []
        self._files: set[str] = set()      # full paths, as the file system walk gives them
        self._folders: set[str] = set()

    def tree(self, folder: Path, durable: Collection[str] = ()) -> None:
        """`durable`: files under `folder` already on disk for good (hard links to a previous pack's fsynced
        files), named relative to `folder` with "/": only their folders need an fsync, for the new names."""
        self._folders.add(os.fspath(folder))
        for name, path, is_folder in walk_tree(folder):
            if is_folder:
                self._folders.add(path)
            elif path not in self._files:
                self._files.add(path)
                if name not in durable:
                    self._futures.append(self._pool.submit(fsync_file, path))

    def top(self, folder: Path) -> None:
        """Like `tree`, for a folder whose subfolders were handed over already: only its own files are read
        (a pack's root once its product folders are done)."""
        self._folders.add(os.fspath(folder))
        for _name, path, is_folder in _entries(os.fspath(folder)):
            if is_folder:
                if path not in self._folders:
                    self.tree(Path(path))
            elif path not in self._files:
                self._files.add(path)
                self._futures.append(self._pool.submit(fsync_file, path))

    def wait(self, *, raise_errors: bool = True) -> None:
        """Wait for the files' fsyncs, then fsync the folders; with `raise_errors=False` (a build that failed
        and is being removed) only wait, so nothing is still writing into a folder being deleted."""
        futures, self._futures = self._futures, []
        errors = [future.exception() for future in futures]
        if not raise_errors:
            self._pool.shutdown(wait=True)
            return
        for error in errors:
            if error is not None:
                self._pool.shutdown(wait=True)
                raise error
        # The folders on the same threads, a share each (thousands in a large pack: a task per folder cost
        # more in scheduling than in fsyncs); all are done before this returns.
        folders = sorted(self._folders, key=lambda path: path.count(os.sep), reverse=True)
        shares = [folders[start::self._workers] for start in range(self._workers)]
        for done in [self._pool.submit(_fsync_folders, share) for share in shares if share]:
            done.result()
        self._pool.shutdown(wait=True)


def _fsync_folders(folders: Sequence[str]) -> None:
    for folder in folders:
        fsync_folder(folder)


def walk_tree(folder: Path) -> Iterator[tuple[str, str, bool]]:
    """(name relative to `folder` with "/", full path, is a folder) of everything under `folder`, in path order
    (each folder's entries by name, case-sensitively on every system, a subfolder followed by its contents),
    without a Path object per file: a large pack has tens of thousands. Symbolic links are not followed."""
    yield from _walk(os.fspath(folder), "")


def _walk(folder: str, prefix: str) -> Iterator[tuple[str, str, bool]]:
    for name, path, is_folder in _entries(folder):
        yield prefix + name, path, is_folder
        if is_folder:
            yield from _walk(path, prefix + name + "/")


def _entries(folder: str) -> list[tuple[str, str, bool]]:
    """(name, full path, is a folder — not following links) of the folder's own entries, by name."""
    with os.scandir(folder) as entries:
        return sorted((entry.name, entry.path, entry.is_dir(follow_symlinks=False)) for entry in entries)
