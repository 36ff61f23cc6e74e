"""Importing a catalogue file (the format of `catalogue_io`): a preview that reads and checks everything and
writes nothing, then a commit that writes it all in one transaction, or nothing (no Qt).

- Encoding: a BOM decides (UTF-8, UTF-16 LE/BE); else strict UTF-8; else GB18030 (a superset of the GBK
  Chinese Excel writes) — unless the text reads as Big5, Shift-JIS or EUC-KR, which is refused naming it
  (`catalogue_encoding`). `encoding="utf-8"` or `"gb18030"` overrides the detection.
- Streaming: the file is read row by row (`catalogue_reading`) and each checked row goes to a private
  scratch database (`catalogue_staging.Stage`); the preview keeps only the first `SAMPLE_ROWS` rows to
  show, the first `MAX_ERRORS` errors and the counts. A 1,000,000-row file peaked at 2.3 GB when every
  row was held; see `bench/import_memory.py` for today's figure.
- The preview: per-row errors with the row number as Excel shows it (the header is row 1), the column and
  a reason in Chinese and English. Hostile files end with one error naming the line (an unmatched quote,
  a damaged workbook); see `catalogue_reading`.
- Rows are checked in `catalogue_rows`: every text must fit `app.models.field_limits` (a name 200
  characters, a description 20,000, an option value 500…; any other cell 200), and the limit is named in
  the refusal; weights and sizes too (2^63 made the commit fail with a traceback). One-line cells (codes,
  names, options, numbers) may not hold a line break — in a CSV that is nearly always a quote left open.
  Control, bidirectional and zero-width characters are removed from texts; a code holding one is refused.
- Rules, decided here: upsert by product code and SKU code; nothing is ever deleted. A column missing
  from the file leaves that field alone; an empty cell in a present column clears it, except `status`
  and `currency`, which keep their value (new products: draft, CNY). A product's columns may be left
  empty on its later rows ("same as above"); a different non-empty value is an error. An unknown
  category is an error, not created: a typo would make a category with no attribute template (create it
  in the app, then import). A SKU code that belongs to another product is an error (move SKUs in the
  app). Duplicate SKU codes, duplicate GTINs, duplicate option combinations in a product and GTINs
  already used by other SKUs of the workspace are errors.
- `commit_import` checks the workspace again under the write lock (it may have changed since the preview)
  and writes everything in one transaction with SQLAlchemy Core — products, SKUs, one audit entry, the
  search index and completeness stats — or nothing.

Long operations take `progress(done, total)` and `cancel()`; a cancelled import writes nothing.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa

from app.db import Workspace
from app.models import AttributeDef, AuditEntry, Category, Product, ProductStatus, Sku
from app.models.bilingual import Bilingual
from app.models.types import utc_now
from app.services.catalogue import search as catalogue_search
from app.services.catalogue.io.encoding import (
    ENCODINGS,
    ForeignEncoding,
    detect_encoding,
)
from app.services.catalogue.io.export import (
    AXIS_COLUMNS,
    INT_COLUMNS,
    PRODUCT_TEXT,
    SKU_COLUMNS,
    CatalogueFileError,
)
from app.services.catalogue.io.reading import PreviewRow, RowError, Table, open_table
from app.services.catalogue.io.rows import ErrorList, RowChecker
from app.services.catalogue.io.staging import (
    ProductDraft,
    SkuDraft,
    Stage,
    StagedProduct,
    StagedSku,
)
from app.services.kernel import audit
from app.services.kernel.batches import chunks
from app.services.kernel.jobs import CancelCheck, Cancelled, Progress

__all__ = [
    "ENCODINGS", "ForeignEncoding", "ImportPreview", "ImportRefused", "ImportResult", "PreviewRow", "ProductDraft",
    "RowError", "SkuDraft", "commit_import", "detect_encoding", "preview_import",
]


#: Rows checked (and staged) per step; also the progress and cancel interval.
CHUNK = 1000
#: Rows the preview keeps to show.
SAMPLE_ROWS = 1000
#: Errors the preview keeps (the earliest rows'); `error_count` counts them all.
MAX_ERRORS = 10_000
_product_t = cast(sa.Table, sa.inspect(Product).local_table)
_sku_t = cast(sa.Table, sa.inspect(Sku).local_table)
_category_t = cast(sa.Table, sa.inspect(Category).local_table)
_attribute_t = cast(sa.Table, sa.inspect(AttributeDef).local_table)
_audit_t = cast(sa.Table, sa.inspect(AuditEntry).local_table)


class ImportRefused(CatalogueFileError):
    """The import has errors (or the workspace changed since the preview); nothing was written."""


@dataclass(frozen=True)
class ImportPreview:
    """Everything an import would do, checked, before anything is written.

    `rows` holds the first `SAMPLE_ROWS` rows and `errors` the first `MAX_ERRORS` errors (by row); the
    counts cover the whole file. The checked rows wait in `stage` for the commit: `close()` throws them
    away (also done when the preview is garbage-collected).
    """

    source: Path
    encoding: str
    columns: tuple[str, ...]
    rows: tuple[PreviewRow, ...]
    errors: tuple[RowError, ...]
    warnings: tuple[RowError, ...]
    row_count: int = 0
    error_count: int = 0
    product_count: int = 0
    sku_count: int = 0
    new_products: int = 0
    updated_products: int = 0
    new_skus: int = 0
    updated_skus: int = 0
    stage: Stage | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when `commit_import` may write it."""
        return self.error_count == 0

    def drafts(self) -> Iterator[ProductDraft]:
        """The products as the file describes them, with their SKUs, in file order (reads the stage: for
        tests and small files)."""
        if self.stage is not None and not self.stage.closed:
            yield from self.stage.drafts()

    def close(self) -> None:
        """Throw the checked rows away; the preview can no longer be committed."""
        if self.stage is not None:
            self.stage.close()


@dataclass(frozen=True)
class ImportResult:
    """What a committed import changed."""

    products_created: int
    products_updated: int
    skus_created: int
    skus_updated: int
    product_ids: tuple[int, ...]


# --- preview ------------------------------------------------------------------------------------------------

def preview_import(workspace: Workspace, path: Path, encoding: str = "auto", *, progress: Progress | None = None,
                   cancel: CancelCheck | None = None) -> ImportPreview:
    """Read and check a catalogue file against the workspace; writes nothing to it.

    Progress runs 0–1000: reading and checking the rows up to 800, the checks against the workspace the rest.
    """
    try:
        stage = Stage()
    except (OSError, sqlite3.Error) as error:
        raise _scratch_failed(error) from error
    try:
        return _preview(workspace, Path(path), encoding, stage, progress, cancel)
    except sqlite3.Error as error:  # only the stage speaks sqlite3 directly (SQLAlchemy wraps the workspace's)
        stage.close()
        raise _scratch_failed(error) from error
    except BaseException:
        stage.close()
        raise


def _scratch_failed(error: BaseException) -> CatalogueFileError:
    """The scratch database couldn't be written: nearly always a full (or read-only) temporary folder."""
    folder, reason = tempfile.gettempdir(), " ".join(str(error).split())[:200]
    return CatalogueFileError(Bilingual(
        f"无法检查文件：临时文件夹 {folder} 已满或不可写（{reason}）。请腾出空间后再试。",
        f"Can't check the file: the temporary folder {folder} is full or can't be written ({reason}). "
        "Free some space and try again."))


def _preview(workspace: Workspace, path: Path, encoding: str, stage: Stage, progress: Progress | None,
             cancel: CancelCheck | None) -> ImportPreview:
    errors = ErrorList(MAX_ERRORS)
    with open_table(path, encoding, progress=_part(progress, 0, 800), cancel=cancel) as table:
        sample, rows, products, skus = _check_rows(table, stage, errors, cancel)
        errors.add(table.errors)
    counts = (0, 0, 0, 0)
    _stop_if(cancel)
    if products:
        with workspace.engine.connect() as connection:
            _resolve(connection, stage, errors, _part(progress, 800, 200))
        counts = stage.counts()
    if progress is not None:
        progress(1000, 1000)
    return ImportPreview(path, table.encoding, table.columns, tuple(sample), tuple(errors.first()),
                         tuple(table.warnings), rows, errors.count, products, skus, *counts, stage=stage)


def _part(progress: Progress | None, start: int, width: int) -> Progress | None:
    """Map one phase's (done, total) onto [start, start + width] of 0–1000."""
    if progress is None:
        return None
    return lambda done, total: progress(start + (width * done // total if total else 0), 1000)


def _stop_if(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


def _check_rows(table: Table, stage: Stage, errors: ErrorList,
                cancel: CancelCheck | None) -> tuple[list[PreviewRow], int, int, int]:
    """Check every row into the stage; (the first rows, rows, products, valid SKUs)."""
    sample: list[PreviewRow] = []
    _stop_if(cancel)
    if table.errors:  # a header problem: the rows can't be read as a catalogue
        return sample, 0, 0, 0
    checker = RowChecker(table.columns, stage, errors)
    chunk: list[PreviewRow] = []
    rows = 0
    for row in table.rows():
        rows += 1
        if len(sample) < SAMPLE_ROWS:
            sample.append(row)
        chunk.append(row)
        if len(chunk) == CHUNK:
            _stop_if(cancel)
            checker.check(chunk)
            chunk = []
    checker.check(chunk)
    return sample, rows, checker.products, checker.skus


# --- checks against the workspace ---------------------------------------------------------------------------

def _resolve(connection: sa.Connection, stage: Stage, errors: ErrorList, progress: Progress | None = None) -> None:
    """Record in the stage what the workspace holds under the file's codes; add what is wrong there."""
    stage.clear_resolution()
    errors.add(_category_errors(connection, stage))
    for codes in stage.product_codes():
        stage.resolve_products(connection.execute(
            sa.select(_product_t.c.code, _product_t.c.id, _product_t.c.axes).where(_product_t.c.code.in_(codes))))
    if progress is not None:
        progress(1, 3)
    for codes in stage.sku_codes():
        stage.resolve_skus(connection.execute(
            sa.select(_sku_t.c.code, _sku_t.c.id, _sku_t.c.product_id).where(_sku_t.c.code.in_(codes))))
    errors.add(RowError(row, "sku", Bilingual(
        f"SKU {code} 在工作区里属于另一个商品；请在软件里移动 SKU。",
        f"SKU {code} belongs to another product in the workspace; move SKUs in the app."))
        for row, code in stage.skus_of_other_products())
    if progress is not None:
        progress(2, 3)
    errors.add(_gtin_conflicts(connection, stage))


def _category_lookup(connection: sa.Connection) -> tuple[dict[str, int], list[str]]:
    """{code or Chinese/English name, lower case: id} and the codes (codes win over names)."""
    lookup: dict[str, int] = {}
    codes = []
    for cid, code, name_zh, name_en in connection.execute(
            sa.select(_category_t.c.id, _category_t.c.code, _category_t.c.name_zh, _category_t.c.name_en)):
        codes.append(code)
        for name in (name_en, name_zh, code):
            if name:
                lookup[name.strip().lower()] = cid
    return lookup, codes


def _category_errors(connection: sa.Connection, stage: Stage) -> Iterator[RowError]:
    """An unknown category is an error, not created."""
    lookup, known = _category_lookup(connection)
    shown = ", ".join(known[:10])
    for _code, row, text in stage.product_categories():
        text = text.strip()
        if text and text.lower() not in lookup:
            yield RowError(row, "category", Bilingual(
                f"未知类目“{text}”。请先在软件里建好类目，或使用已有类目：{shown}",
                f"Unknown category {text!r}. Create it in the app first, or use one of: {shown}"))


def _gtin_conflicts(connection: sa.Connection, stage: Stage) -> Iterator[RowError]:
    """GTINs another SKU of the workspace keeps (one that the file doesn't also list). sku.gtin has no
    index: one pass over the workspace's GTINs, looked up in the stage a batch at a time."""
    result = connection.execute(sa.select(_sku_t.c.code, _sku_t.c.gtin).where(_sku_t.c.gtin != "")
                                .execution_options(yield_per=CHUNK))
    for batch in result.partitions():
        owners = {gtin: code for code, gtin in batch}
        hits = stage.skus_with_gtins(owners)
        if not hits:
            continue
        in_file = stage.staged_sku_codes(owners[gtin] for gtin, _code, _row in hits)
        for gtin, code, row in hits:
            other = owners[gtin]
            if other != code and other not in in_file:
                yield RowError(row, "gtin", Bilingual(f"条码 {gtin} 已被工作区里的 SKU {other} 使用。",
                                                      f"GTIN {gtin} is already used by SKU {other}."))


# --- commit -------------------------------------------------------------------------------------------------

def commit_import(workspace: Workspace, preview: ImportPreview, *, progress: Progress | None = None,
                  cancel: CancelCheck | None = None) -> ImportResult:
    """Write a checked preview in one transaction: all of it, or nothing (errors, cancel, a crash)."""
    if not preview.ok:
        raise ImportRefused(Bilingual(f"导入文件有 {preview.error_count} 处错误，没有写入任何内容。",
                                      f"Errors in the file: {preview.error_count}; nothing was written."))
    stage = preview.stage
    if stage is None or stage.closed:
        raise ImportRefused(Bilingual("这次预览已关闭，请重新预览。",
                                      "This preview was closed; preview the file again."))
    catalogue_search.ensure_search_index(workspace.engine, refresh_stats=False)
    with catalogue_search.sqlite_write_transaction(workspace.engine) as connection:
        errors = ErrorList(MAX_ERRORS)
        _resolve(connection, stage, errors)
        if errors.count:
            first = errors.first()[0]
            raise ImportRefused(Bilingual(
                f"预览之后工作区有了变化，请重新预览：{first.text('zh')}",
                f"The workspace changed since the preview; preview again: {first.text('en')}"))
        counts = stage.counts()
        with catalogue_search.suspended_triggers(connection):
            tracker = _Tracker(preview.product_count + preview.sku_count, progress, cancel)
            ids = _write_all(connection, preview, stage, tracker)
            result = ImportResult(counts[0], counts[1], counts[2], counts[3], tuple(sorted(ids)))
            _record_audit(connection, preview, result)
        catalogue_search.refresh_product_stats(connection, ids)
    return result


@dataclass
class _Tracker:
    total: int
    progress: Progress | None
    cancel: CancelCheck | None
    done: int = 0

    def advance(self, count: int) -> None:
        """Count finished rows; stop (rolling everything back) when the user cancelled."""
        _stop_if(self.cancel)
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)


@dataclass
class _Lookups:
    """What the commit needs from the workspace besides the stage: categories and axis templates."""

    categories: dict[str, int]
    templates: dict[int, list[tuple[str, str, str]]]


def _write_all(connection: sa.Connection, preview: ImportPreview, stage: Stage, tracker: _Tracker) -> list[int]:
    """Every product and its SKUs, a batch of products at a time; returns the products' ids."""
    lookups = _Lookups(_category_lookup(connection)[0], _axis_templates(connection))
    ids: list[int] = []
    for batch in stage.product_batches(CHUNK):
        axes = _batch_axes(stage, batch, lookups)
        batch_ids = _write_products(connection, preview.columns, batch, axes, lookups, tracker)
        _write_skus(connection, preview.columns, stage, batch, batch_ids, axes, tracker)
        catalogue_search.reindex_products(connection, batch_ids.values())
        ids += batch_ids.values()
    return ids


def _axis_templates(connection: sa.Connection) -> dict[int, list[tuple[str, str, str]]]:
    templates: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for cid, key, name_zh, name_en in connection.execute(
            sa.select(_attribute_t.c.category_id, _attribute_t.c.key, _attribute_t.c.name_zh, _attribute_t.c.name_en)
            .where(_attribute_t.c.is_axis.is_(True))):
        templates[cid].append((key, name_zh, name_en))
    return templates


@dataclass
class _Axes:
    """One product's axes after the import, the axes an axis name may mean (the product's, then its
    category's template), and the key each axis name of the file stands for."""

    merged: list[dict[str, Any]]
    known: list[tuple[str, str, str]]
    keys: dict[str, str] = field(default_factory=dict)
    seen: set[tuple[str, str]] = field(default_factory=set)  # (key, value) already in `merged`


def _batch_axes(stage: Stage, batch: Sequence[StagedProduct], lookups: _Lookups) -> dict[str, _Axes]:
    """The product's axes with the file's axes and values appended in file order (existing ones keep
    theirs); an axis name matches the product's axes, then its category's template (key, Chinese or
    English name). A first pass over the batch's SKUs (the second writes them): the products must be
    written, with their axes, before their SKUs."""
    result: dict[str, _Axes] = {}
    for product in batch:
        axes = [dict(axis, values=list(axis.get("values", []))) for axis in product.existing_axes]
        known = [(str(a.get("key")), str(a.get("name_zh", "")), str(a.get("name_en", ""))) for a in axes]
        known += lookups.templates.get(_category_id(product, lookups) or -1, [])
        seen = {(str(a.get("key")), str(value)) for a in axes for value in a["values"]}
        result[product.code] = _Axes(axes, known, seen=seen)
    for part in stage.skus_of([p.code for p in batch], CHUNK):
        for staged in part:
            for name, value in staged.draft.options:
                _add_axis_value(result[staged.product_code], name, value)
    return result


def _add_axis_value(axes: _Axes, name: str, value: str) -> None:
    key = axes.keys.get(name)
    if key is None:
        key, name_zh, name_en = _axis_for(name, axes.known)
        axes.keys[name] = key
        if not any(a.get("key") == key for a in axes.merged):
            axes.merged.append({"key": key, "name_zh": name_zh, "name_en": name_en, "values": []})
    if (key, value) not in axes.seen:
        axes.seen.add((key, value))
        next(a for a in axes.merged if a.get("key") == key)["values"].append(value)


def _axis_for(name: str, known: Sequence[tuple[str, str, str]]) -> tuple[str, str, str]:
    lowered = name.strip().lower()
    for key, name_zh, name_en in known:
        if lowered in (key.lower(), name_zh.lower(), name_en.lower()):
            return key, name_zh, name_en
    return name.strip(), name.strip(), name.strip()


def _category_id(product: StagedProduct, lookups: _Lookups) -> int | None:
    text = str(product.fields.get("category", "")).strip()
    return lookups.categories.get(text.lower()) if text else None


def _write_products(connection: sa.Connection, columns: Sequence[str], batch: Sequence[StagedProduct],
                    axes: Mapping[str, _Axes], lookups: _Lookups, tracker: _Tracker) -> dict[str, int]:
    """Insert the batch's new products, update the existing ones; returns {code: id}."""
    now = utc_now()
    new = [p for p in batch if p.existing_id is None]
    old = [p for p in batch if p.existing_id is not None]
    if new:
        connection.execute(_product_t.insert(), [_new_product_row(p, axes[p.code], lookups, now) for p in new])
    if old:
        connection.execute(_product_update(columns),
                           [_product_update_row(p, axes[p.code], lookups, now) for p in old])
    tracker.advance(len(batch))
    ids = {p.code: cast(int, p.existing_id) for p in old}
    for chunk in chunks([p.code for p in new]):
        ids.update({code: pid for pid, code in connection.execute(
            sa.select(_product_t.c.id, _product_t.c.code).where(_product_t.c.code.in_(chunk)))})
    return ids


def _product_values(product: StagedProduct, lookups: _Lookups) -> dict[str, Any]:
    """The product columns the file sets, as stored values."""
    values = {name: product.fields[name] for name in (*PRODUCT_TEXT, "selling_points_zh", "selling_points_en")
              if name in product.fields}
    if "category" in product.fields:
        values["category_id"] = _category_id(product, lookups)
    for name in ("status", "currency"):
        values[name] = product.fields.get(name) or None  # None = keep (coalesce in SQL)
    return values


def _new_product_row(product: StagedProduct, axes: _Axes, lookups: _Lookups, now: Any) -> dict[str, Any]:
    values = _product_values(product, lookups)
    row: dict[str, Any] = {name: "" for name in PRODUCT_TEXT}
    row.update(code=product.code, category_id=None, selling_points_zh=[], selling_points_en=[], attributes={},
               sku_pattern="{product}-{colour}-{size}", reference_price=None, reference_label="",
               version=1, created_at=now, updated_at=now)
    row.update(values)
    row["status"] = values.get("status") or ProductStatus.DRAFT.value
    row["currency"] = values.get("currency") or "CNY"
    row["axes"] = axes.merged
    return row


def _product_update(columns: Sequence[str]) -> sa.Update:
    names = [name for name in (*PRODUCT_TEXT, "selling_points_zh", "selling_points_en") if name in columns]
    values: dict[str, Any] = {name: sa.bindparam(f"b_{name}", type_=_product_t.c[name].type) for name in names}
    if "category" in columns:
        values["category_id"] = sa.bindparam("b_category_id")
    for name in ("status", "currency"):
        values[name] = sa.func.coalesce(sa.bindparam(f"b_{name}", type_=sa.String), _product_t.c[name])
    values["axes"] = sa.bindparam("b_axes", type_=_product_t.c.axes.type)
    values.update(version=_product_t.c.version + 1,
                  updated_at=sa.bindparam("b_now", type_=_product_t.c.updated_at.type))
    return _product_t.update().where(_product_t.c.id == sa.bindparam("b_id")).values(**values)


def _product_update_row(product: StagedProduct, axes: _Axes, lookups: _Lookups, now: Any) -> dict[str, Any]:
    row = {f"b_{name}": value for name, value in _product_values(product, lookups).items()}
    row.update(b_id=product.existing_id, b_now=now, b_axes=axes.merged)
    return row


def _write_skus(connection: sa.Connection, columns: Sequence[str], stage: Stage, batch: Sequence[StagedProduct],
                ids: Mapping[str, int], axes: Mapping[str, _Axes], tracker: _Tracker) -> None:
    """Insert new SKUs after their product's existing ones and update existing SKUs, `CHUNK` at a time."""
    positions = _next_positions(connection, [p.existing_id for p in batch if p.existing_id is not None])
    with_options = any(name in columns for name in AXIS_COLUMNS)
    update = _sku_update(columns)
    for part in stage.skus_of([p.code for p in batch], CHUNK):
        new_rows, old_rows = [], []
        for staged in part:
            options = {axes[staged.product_code].keys[name]: value for name, value in staged.draft.options}
            if staged.existing_id is not None:
                old_rows.append(_sku_update_row(staged, options if with_options else None))
            else:
                pid = ids[staged.product_code]
                new_rows.append(_new_sku_row(staged.draft, options, pid, positions[pid]))
                positions[pid] += 1
        if new_rows:
            connection.execute(_sku_t.insert(), new_rows)
        if old_rows:
            connection.execute(update, old_rows)
        tracker.advance(len(part))


def _next_positions(connection: sa.Connection, product_ids: list[int]) -> defaultdict[int, int]:
    positions: defaultdict[int, int] = defaultdict(int)
    for chunk in chunks(product_ids):
        for pid, top in connection.execute(sa.select(_sku_t.c.product_id, sa.func.max(_sku_t.c.position))
                                           .where(_sku_t.c.product_id.in_(chunk)).group_by(_sku_t.c.product_id)):
            positions[pid] = (top or 0) + 1
    return positions


def _new_sku_row(sku: SkuDraft, options: dict[str, str], product_id: int, position: int) -> dict[str, Any]:
    row: dict[str, Any] = {"product_id": product_id, "code": sku.code, "options": options, "gtin": "",
                           "cost": None, "position": position, "version": 1, **dict.fromkeys(INT_COLUMNS)}
    row.update({name: value for name, value in sku.fields.items() if name in SKU_COLUMNS})
    return row


def _sku_update(columns: Sequence[str]) -> sa.Update:
    values: dict[str, Any] = {name: sa.bindparam(f"b_{name}", type_=_sku_t.c[name].type)
                              for name in SKU_COLUMNS if name in columns}
    if any(name in columns for name in AXIS_COLUMNS):
        values["options"] = sa.bindparam("b_options", type_=_sku_t.c.options.type)
    values["version"] = _sku_t.c.version + 1
    return _sku_t.update().where(_sku_t.c.id == sa.bindparam("b_id")).values(**values)


def _sku_update_row(staged: StagedSku, options: dict[str, str] | None) -> dict[str, Any]:
    row = {f"b_{name}": value for name, value in staged.draft.fields.items() if name in SKU_COLUMNS}
    row["b_id"] = staged.existing_id
    if options is not None:
        row["b_options"] = options
    return row


def _record_audit(connection: sa.Connection, preview: ImportPreview, result: ImportResult) -> None:
    """One audit entry for the whole import, in the same transaction."""
    connection.execute(_audit_t.insert().values(
        at=utc_now(), user=audit.current_user(), entity="catalogue", entity_id=preview.source.name[:80],
        action="import", details={
            "file": preview.source.name, "encoding": preview.encoding, "rows": preview.row_count,
            "products_created": result.products_created, "products_updated": result.products_updated,
            "skus_created": result.skus_created, "skus_updated": result.skus_updated,
        }))
