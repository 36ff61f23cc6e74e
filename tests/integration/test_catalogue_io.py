"""Catalogue export and import: encodings, lossless round trips, formula injection, preview errors, all or nothing."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import func, select

from app.db import Workspace, create_workspace
from app.models import AuditEntry, Product, Sku
from app.models.gtin import complete_gtin
from app.services.catalogue import search as catalogue_search
from app.services.catalogue.categories import (
    category_by_code,
    install_default_categories,
)
from app.services.catalogue.io import export as catalogue_io, importing as catalogue_import
from app.services.catalogue.io.export import (
    COLUMNS,
    catalogue_records,
    export_catalogue,
)
from app.services.catalogue.io.importing import (
    ImportRefused,
    commit_import,
    detect_encoding,
    preview_import,
)
from app.services.kernel import files
from app.services.kernel.cells import (
    guard_formula,
    ooxml_escape,
    ooxml_unescape,
    unguard_formula,
)
from app.services.kernel.jobs import Cancelled

GTIN_A = complete_gtin("697054800100")
GTIN_ZERO = "0012345678905"
BIG_COST = Decimal("12345678901234567.89")
FORMULAS = {"description_en": "=1+1", "selling_points_en": "+SUM(A1)", "brand": "-2+3", "description_zh": "@cmd",
            "materials": "\tTabbed", "differentiator": "\rCR"}


def fill(workspace: Workspace) -> None:
    """A small catalogue with every hard case: rare CJK, emoji, huge exact cost, leading-zero GTIN, formulas."""
    catalogue_search.ensure_search_index(workspace.engine, refresh_stats=False)
    with workspace.session() as session:
        install_default_categories(session)
        luggage = category_by_code(session, "luggage")
        product = Product(
            code="XZ-LG-PC01", name_zh="行者 PC 拉杆箱 🧳 𠀀", name_en="Suitcase", category_id=luggage.id,
            brand=FORMULAS["brand"], status="ready", description_zh=FORMULAS["description_zh"],
            description_en=FORMULAS["description_en"], selling_points_zh=["轻 🧳", "第二条"],
            selling_points_en=[FORMULAS["selling_points_en"]], materials=FORMULAS["materials"],
            differentiator=FORMULAS["differentiator"],
            axes=[{"key": "colour", "name_zh": "颜色", "name_en": "Colour", "values": ["黑色", "白色"]},
                  {"key": "size", "name_zh": "尺寸", "name_en": "Size", "values": ["20寸", "24寸"]}])
        session.add(product)
        session.flush()
        session.add_all([
            Sku(product_id=product.id, code="XZ-LG-PC01-BLK-20", options={"colour": "黑色", "size": "20寸"},
                gtin=GTIN_ZERO, weight_g=2900, length_mm=550, width_mm=380, height_mm=230, cost=BIG_COST, position=0),
            Sku(product_id=product.id, code="XZ-LG-PC01-BLK-24", options={"colour": "黑色", "size": "24寸"},
                gtin=GTIN_A, weight_g=3700, cost=Decimal("152.00"), position=1),
            Sku(product_id=product.id, code="XZ-LG-PC01-WHT-20", options={"colour": "白色", "size": "20寸"},
                position=2),
        ])
        scarf = Product(code="SC-001", name_zh="羊绒围巾", name_en="Cashmere Scarf",
                        category_id=category_by_code(session, "scarf").id, currency="USD")
        session.add(scarf)
        session.flush()
        session.add(Sku(product_id=scarf.id, code="SC-001-GRY", options={"colour": "灰色"}, cost=Decimal("0.10"),
                        weight_g=180))
        session.add(Product(code="BARE-1", name_zh="无 SKU 的商品"))


@pytest.fixture
def catalogue(workspace: Workspace) -> Workspace:
    fill(workspace)
    return workspace


def fresh(tmp_path: Path, name: str = "b.fdw") -> Workspace:
    workspace = create_workspace(tmp_path / name)
    with workspace.session() as session:
        install_default_categories(session)
    return workspace


def records(workspace: Workspace) -> list[dict]:
    with workspace.engine.connect() as connection:
        rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in catalogue_records(connection)]
    for row in rows:  # Decimal('152.0') == Decimal('152.00'): compare the exact text too
        row["cost_text"] = str(row.get("cost"))
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def snapshot(workspace: Workspace) -> tuple:
    with workspace.engine.connect() as connection:
        tables = ("product", "sku", "audit_entry", "catalogue_doc", "catalogue_stats")
        return tuple(tuple(connection.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1").fetchall()) for t in tables)


# --- encodings ------------------------------------------------------------------------------------------

ENCODED_ROWS = [
    list(COLUMNS),
    ["ENC-1", "编码测试 𠀀 🧳", "Encoding test", "luggage", "行者", "draft", "描述，含逗号\n和换行", "",
     "卖点一\n卖点二",
     "", "", "", "ENC-1-A", "colour", "黑色", "", "", "", "", complete_gtin("000001234567"), "100", "", "", "", "12.50",
     "CNY"],
    ["ENC-1", "", "", "", "", "", "", "", "", "", "", "", "ENC-1-B", "颜色", "白色", "", "", "", "", "", "", "", "", "",
     "￥1,234.50", ""],
]


def without_rare(rows: list[list[str]]) -> list[list[str]]:
    return [[cell.replace(" 𠀀 🧳", "") for cell in row] for row in rows]


def test_the_same_rows_in_every_encoding(catalogue: Workspace, tmp_path: Path) -> None:
    baseline = preview_import(catalogue, write_csv(tmp_path / "utf8.csv", ENCODED_ROWS, "utf-8"))
    assert baseline.ok, [e.text("en") for e in baseline.errors]
    assert baseline.encoding == "utf-8" and baseline.rows[0].values[1] == "编码测试 𠀀 🧳"
    for encoding, expected in (("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("utf-16", "utf-16"),
                               ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")):
        preview = preview_import(catalogue, write_csv(tmp_path / f"{encoding}.csv", ENCODED_ROWS, encoding))
        assert preview.encoding == expected
        assert (preview.rows, list(preview.drafts()), preview.errors) == (baseline.rows, list(baseline.drafts()), ())


def test_gbk_from_chinese_excel(catalogue: Workspace, tmp_path: Path) -> None:
    """GBK can't hold 𠀀 (or emoji): the GBK fixture has the same rows without them."""
    with pytest.raises(UnicodeEncodeError):
        "𠀀".encode("gbk")
    reference = preview_import(catalogue, write_csv(tmp_path / "ref.csv", without_rare(ENCODED_ROWS), "utf-8"))
    gbk = preview_import(catalogue, write_csv(tmp_path / "gbk.csv", without_rare(ENCODED_ROWS), "gbk"))
    assert gbk.encoding == "gb18030" and gbk.ok
    assert (gbk.rows, list(gbk.drafts())) == (reference.rows, list(reference.drafts()))
    assert gbk.rows[0].values[1] == "编码测试"


def test_utf8_is_never_read_as_gb18030(catalogue: Workspace, tmp_path: Path) -> None:
    text = "羊绒围巾 黑色"
    assert text.encode("utf-8").decode("gb18030") != text    # the trap: decodes fine, as mojibake
    rows = [["product_code", "name_zh"], ["U8-1", text]]
    path = write_csv(tmp_path / "u8.csv", rows, "utf-8")
    assert detect_encoding(path) == "utf-8"
    assert next(preview_import(catalogue, path).drafts()).fields["name_zh"] == text


def test_a_chosen_encoding_overrides_detection(catalogue: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gb.csv", [["product_code", "name_zh"], ["GB-1", "行李箱"]], "gb18030")
    assert next(preview_import(catalogue, path, "gb18030").drafts()).fields["name_zh"] == "行李箱"
    wrong = preview_import(catalogue, path, "utf-8")
    assert not wrong.ok and wrong.errors[0].row == 2 and "encoding" in wrong.errors[0].message.en


# --- round trips ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_is_lossless(catalogue: Workspace, tmp_path: Path, suffix: str) -> None:
    report = export_catalogue(catalogue, tmp_path / f"out{suffix}")
    assert report.path == tmp_path / f"out{suffix}" and report.rows == 5 and not report.target_in_use
    target = fresh(tmp_path)
    preview = preview_import(target, report.path)
    assert preview.ok, [e.text("en") for e in preview.errors]
    assert (preview.new_products, preview.new_skus) == (3, 4)
    result = commit_import(target, preview)
    assert (result.products_created, result.skus_created) == (3, 4)
    assert records(target) == records(catalogue)
    with target.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "XZ-LG-PC01-BLK-20")).one()
        assert (sku.cost, sku.gtin) == (BIG_COST, GTIN_ZERO) and str(sku.cost) == "12345678901234567.89"
        assert session.exec(select(Product).where(Product.code == "XZ-LG-PC01")).one().name_zh == "行者 PC 拉杆箱 🧳 𠀀"
    again = export_catalogue(target, tmp_path / f"again{suffix}")
    if suffix == ".csv":
        assert again.path.read_bytes() == report.path.read_bytes()


def test_importing_the_export_again_updates_in_place(catalogue: Workspace, tmp_path: Path) -> None:
    before = records(catalogue)
    report = export_catalogue(catalogue, tmp_path / "out.csv")
    preview = preview_import(catalogue, report.path)
    assert (preview.new_products, preview.updated_products, preview.new_skus, preview.updated_skus) == (0, 3, 0, 4)
    commit_import(catalogue, preview)
    assert records(catalogue) == before


# --- export hygiene ---------------------------------------------------------------------------------------------

def test_csv_neutralises_formulas_and_keeps_numbers_plain(catalogue: Workspace, tmp_path: Path) -> None:
    path = export_catalogue(catalogue, tmp_path / "out.csv").path
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    first = rows[2]  # BARE-1 and SC-001 sort first
    for column, text in FORMULAS.items():
        assert first[column] == "'" + text
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    assert (first["weight_g"], first["gtin"], first["cost"]) == ("2900", GTIN_ZERO, "12345678901234567.89")
    assert rows[3]["cost"] == "152.00"


def test_guarding_round_trips_exactly() -> None:
    for text in ("=1+1", "'=x", "''=x", "'quoted'", "'", "''", "-", "plain", "＝全角", ""):
        assert unguard_formula(guard_formula(text)) == text
    assert guard_formula("＋86 138") == "'＋86 138"
    for text in ("\r", "a\r\nb", "_x000D_", "_x0041_ and _x", "__x005F_"):
        assert ooxml_unescape(ooxml_escape(text)) == text


def test_xlsx_has_no_formulas_and_typed_cells(catalogue: Workspace, tmp_path: Path) -> None:
    path = export_catalogue(catalogue, tmp_path / "out.xlsx").path
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    assert header == list(COLUMNS)
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    by_column = {name: [row[index] for row in sheet.iter_rows(min_row=2)] for index, name in enumerate(header)}
    first = {name: column[2] for name, column in by_column.items()}
    for column, text in FORMULAS.items():
        assert (ooxml_unescape(first[column].value), first[column].data_type) == (text, "s")
    assert first["differentiator"].value == "_x000D_CR"   # what Excel reads as a carriage return
    assert (first["weight_g"].value, first["weight_g"].data_type) == (2900, "n")
    assert (first["gtin"].value, first["gtin"].data_type) == (GTIN_ZERO, "s")
    assert (first["cost"].value, first["cost"].data_type) == ("12345678901234567.89", "s")  # too many digits
    second_cost = by_column["cost"][3]
    assert (second_cost.value, second_cost.data_type, second_cost.number_format) == (152, "n", "0.00")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_control_characters_and_the_cell_limit(catalogue: Workspace, tmp_path: Path, suffix: str) -> None:
    with catalogue.session() as session:
        product = session.exec(select(Product).where(Product.code == "BARE-1")).one()
        # PostgreSQL text cannot hold NUL at all (a team workspace never has one): another C0 control there
        product.name_en = "Bell\x07Name" + ("\x1f" if catalogue.is_team else "\x00")
        product.description_en = "🧳" * 20_000   # 40,000 UTF-16 units
    report = export_catalogue(catalogue, tmp_path / f"out{suffix}")
    notes = {(n.product_code, n.column): n.message.en for n in report.notes}
    assert "removed" in notes[("BARE-1", "name_en")] and "cut" in notes[("BARE-1", "description_en")]
    target = fresh(tmp_path)
    commit_import(target, preview_import(target, report.path))
    with target.session() as session:
        product = session.exec(select(Product).where(Product.code == "BARE-1")).one()
        assert product.name_en == "BellName"
        assert len(product.description_en.encode("utf-16-le")) // 2 <= 32_767
        assert set(product.description_en) == {"🧳"}


# --- preview errors -----------------------------------------------------------------------------------------------

def test_per_row_errors_with_row_numbers_and_nothing_written(catalogue: Workspace, tmp_path: Path) -> None:
    header = ["product_code", "name_zh", "category", "sku", "gtin", "cost", "weight_g"]
    rows = [header,
            ["OK-1", "好", "luggage", "OK-1-A", complete_gtin("697054800200"), "¥1,234.50", "100"],   # row 2
            ["BAD-1", "x", "luggage", "BAD-1-A", "6970548001000", "", ""],                            # 3 check digit
            ["BAD-2", "x", "", "BAD-2-A", "", "-5", ""],                                               # 4 negative
            ["BAD-3", "x", "", "BAD-3-A", "", "NaN", ""],                                              # 5
            ["BAD-4", "x", "", "BAD-4-A", "", "abc", ""],                                              # 6
            ["", "no code", "", "", "", "", ""],                                                       # 7
            ["BAD-5", "x", "nonexistent", "BAD-5-A", "", "", ""],                                      # 8
            ["BAD-6", "x", "", "BAD-6-A", "", "", "-1"],                                               # 9
            ["BAD-7", "x", "", "BAD-7-A", "", "Infinity", ""],                                         # 10
            ["OK-1", "", "", "OK-1-A", "", "", ""],                                                    # 11 duplicate
            ["BAD-8", "x", "", "BAD 8", "", "", ""],                                                   # 12 bad code
            ["BAD-9", "x", "", "BAD-9-A", "12345678905", "", ""],                                      # 13 lost zeros
            ["BAD-10", "x", "", "BAD-10-A", "6.97055E+12", "", ""]]                                    # 14 Excel
    before = snapshot(catalogue)
    preview = preview_import(catalogue, write_csv(tmp_path / "bad.csv", rows))
    found = {(e.row, e.column) for e in preview.errors}
    assert found == {(3, "gtin"), (4, "cost"), (5, "cost"), (6, "cost"), (7, "product_code"), (8, "category"),
                     (9, "weight_g"), (10, "cost"), (11, "sku"), (12, "sku"), (13, "gtin"), (14, "gtin")}
    texts = {(e.row, e.column): e for e in preview.errors}
    assert "negative" in texts[(4, "cost")].message.en and "负数" in texts[(4, "cost")].message.zh
    assert "row 2" in texts[(11, "sku")].message.en
    assert "0012345678905" in texts[(13, "gtin")].message.en
    assert "scientific" in texts[(14, "gtin")].message.en
    assert texts[(8, "category")].text("zh").startswith("第 8 行，category：")
    with pytest.raises(ImportRefused):
        commit_import(catalogue, preview)
    assert snapshot(catalogue) == before


def test_money_and_numbers_in_friendly_forms(catalogue: Workspace, tmp_path: Path) -> None:
    rows = [["product_code", "sku", "cost", "weight_g"], ["M-1", "M-1-A", "¥1,234.50", "2,900"],
            ["M-1", "M-1-B", "１２３", "２９００"]]
    preview = preview_import(catalogue, write_csv(tmp_path / "m.csv", rows))
    assert preview.ok
    skus = {s.code: s.fields for s in next(preview.drafts()).skus}
    assert skus["M-1-A"] == {"cost": Decimal("1234.50"), "weight_g": 2900}
    assert skus["M-1-B"] == {"cost": Decimal("123"), "weight_g": 2900}


def test_status_and_currency_words(catalogue: Workspace, tmp_path: Path) -> None:
    rows = [["product_code", "status", "currency"], ["W-1", "已上架", "usd"], ["W-2", "Ready", ""],
            ["W-3", "bogus", "XYZ"]]
    preview = preview_import(catalogue, write_csv(tmp_path / "w.csv", rows))
    assert [(e.row, e.column) for e in preview.errors] == [(4, "currency"), (4, "status")]
    assert [(d.fields["status"], d.fields["currency"]) for d in list(preview.drafts())[:2]] == [("listed", "USD"),
                                                                                                ("ready", "")]


def test_duplicate_sku_is_reported_before_writing(catalogue: Workspace, tmp_path: Path) -> None:
    rows = [["product_code", "sku"], ["D-1", "D-1-A"], ["D-2", "D-1-A"]]
    before = snapshot(catalogue)
    preview = preview_import(catalogue, write_csv(tmp_path / "d.csv", rows))
    assert [(e.row, e.column) for e in preview.errors] == [(3, "sku")]
    with pytest.raises(ImportRefused):
        commit_import(catalogue, preview)
    assert snapshot(catalogue) == before


def test_workspace_conflicts_are_errors(catalogue: Workspace, tmp_path: Path) -> None:
    rows = [["product_code", "sku", "gtin"],
            ["SC-001", "XZ-LG-PC01-BLK-24", ""],          # a SKU of another product
            ["NEW-1", "NEW-1-A", GTIN_ZERO]]               # a GTIN XZ-LG-PC01-BLK-20 keeps
    preview = preview_import(catalogue, write_csv(tmp_path / "c.csv", rows))
    assert {(e.row, e.column) for e in preview.errors} == {(2, "sku"), (3, "gtin")}


def test_product_columns_may_be_left_blank_on_later_rows_but_not_contradict(catalogue: Workspace,
                                                                            tmp_path: Path) -> None:
    rows = [["product_code", "name_zh", "sku"], ["S-1", "名字", "S-1-A"], ["S-1", "", "S-1-B"],
            ["S-1", "别的名字", "S-1-C"]]
    preview = preview_import(catalogue, write_csv(tmp_path / "s.csv", rows))
    assert [(e.row, e.column) for e in preview.errors] == [(4, "name_zh")]
    assert "row 2" in preview.errors[0].message.en


def test_missing_columns_leave_fields_alone(catalogue: Workspace, tmp_path: Path) -> None:
    rows = [["product_code", "sku", "cost", "extra"], ["XZ-LG-PC01", "XZ-LG-PC01-WHT-20", "99.90", "?"]]
    preview = preview_import(catalogue, write_csv(tmp_path / "p.csv", rows))
    assert preview.ok and [w.column for w in preview.warnings] == ["extra"]
    commit_import(catalogue, preview)
    with catalogue.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "XZ-LG-PC01-WHT-20")).one()
        product = session.exec(select(Product).where(Product.code == "XZ-LG-PC01")).one()
        assert sku.cost == Decimal("99.90") and sku.options == {"colour": "白色", "size": "20寸"}
        assert product.name_zh == "行者 PC 拉杆箱 🧳 𠀀" and product.status == "ready" and product.version == 2


def test_a_huge_field_is_a_row_error_not_a_crash(catalogue: Workspace, tmp_path: Path) -> None:
    rows = [["product_code", "description_en"], ["H-1", "ok"], ["H-2", "x" * 140_000]]
    preview = preview_import(catalogue, write_csv(tmp_path / "h.csv", rows))
    assert [(e.row, e.column) for e in preview.errors] == [(3, "")]
    assert "131,072" in preview.errors[0].message.en


def test_a_file_that_is_not_a_catalogue(catalogue: Workspace, tmp_path: Path) -> None:
    preview = preview_import(catalogue, write_csv(tmp_path / "x.csv", [["name", "price"], ["a", "1"]]))
    assert not preview.ok and preview.errors[0].column == "product_code"


def test_xlsx_typed_by_a_person(catalogue: Workspace, tmp_path: Path) -> None:
    """Numbers typed in Excel: a float cost, a float weight, a GTIN stored as a number."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["product_code", "sku", "cost", "weight_g", "gtin", "name_en"])
    sheet.append(["X-1", "X-1-A", 12.5, 2900.0, int(complete_gtin("697054800300")), "=1+1"])
    workbook.save(tmp_path / "typed.xlsx")
    preview = preview_import(catalogue, tmp_path / "typed.xlsx")
    assert preview.ok, [e.text("en") for e in preview.errors]
    fields = next(preview.drafts()).skus[0].fields
    assert fields == {"cost": Decimal("12.5"), "weight_g": 2900, "gtin": complete_gtin("697054800300")}


# --- commit: all or nothing -------------------------------------------------------------------------------------

def changed_export(catalogue: Workspace, tmp_path: Path) -> Path:
    """The catalogue exported, with a renamed product and a new one."""
    path = export_catalogue(catalogue, tmp_path / "out.csv").path
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows:
        if row[0] == "XZ-LG-PC01":
            row[1] = "改过的名字"
    rows.append(["NEW-9", "全新商品"] + [""] * 10 + ["NEW-9-A"] + [""] * 13)
    return write_csv(tmp_path / "changed.csv", rows)


@pytest.mark.parametrize("where", ["_write_skus", "_record_audit"])
def test_a_failure_mid_commit_leaves_the_workspace_unchanged(catalogue: Workspace, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    preview = preview_import(catalogue, changed_export(catalogue, tmp_path))
    assert preview.ok
    before = snapshot(catalogue)

    def fail(*args, **kwargs):
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(catalogue_import, where, fail)
    with pytest.raises(RuntimeError):
        commit_import(catalogue, preview)
    assert snapshot(catalogue) == before
    assert catalogue_search.count_products(catalogue.engine, "全新商品") == 0
    assert catalogue_search.check_search_index(catalogue.engine)
    monkeypatch.undo()
    commit_import(catalogue, preview)
    assert catalogue_search.count_products(catalogue.engine, "全新商品") == 1
    assert catalogue_search.count_products(catalogue.engine, "改过的名字") == 1


def test_cancel_writes_nothing(catalogue: Workspace, tmp_path: Path) -> None:
    preview = preview_import(catalogue, changed_export(catalogue, tmp_path))
    before = snapshot(catalogue)
    with pytest.raises(Cancelled):
        commit_import(catalogue, preview, cancel=lambda: True)
    assert snapshot(catalogue) == before
    calls: list[tuple[int, int]] = []
    commit_import(catalogue, preview, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1] > 0


def test_preview_reports_progress_and_can_be_cancelled(catalogue: Workspace, tmp_path: Path) -> None:
    path = export_catalogue(catalogue, tmp_path / "out.csv").path
    calls: list[tuple[int, int]] = []
    preview_import(catalogue, path, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (1000, 1000) and [d for d, _t in calls] == sorted(d for d, _t in calls)
    with pytest.raises(Cancelled):
        preview_import(catalogue, path, cancel=lambda: True)


def test_one_audit_entry_and_a_fresh_index(catalogue: Workspace, tmp_path: Path) -> None:
    target = fresh(tmp_path)
    commit_import(target, preview_import(target, export_catalogue(catalogue, tmp_path / "o.xlsx").path))
    with target.session() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "catalogue")).all()
        assert len(entries) == 1 and entries[0].action == "import" and entries[0].details["skus_created"] == 4
    rows = catalogue_search.query_products(target.engine, "拉杆箱")
    assert [r.code for r in rows] == ["XZ-LG-PC01"] and rows[0].completeness is not None
    assert catalogue_search.query_products(target.engine, GTIN_ZERO)[0].sku_count == 3


def test_the_workspace_changing_after_the_preview_is_caught(catalogue: Workspace, tmp_path: Path) -> None:
    gtin = complete_gtin("697054800400")
    preview = preview_import(catalogue, write_csv(tmp_path / "n.csv", [["product_code", "sku", "gtin"],
                                                                        ["N-1", "N-1-A", gtin]]))
    assert preview.ok
    with catalogue.session() as session:
        session.add(Sku(product_id=session.exec(select(Product.id).where(Product.code == "BARE-1")).one(),
                        code="BARE-1-A", gtin=gtin))
    with pytest.raises(ImportRefused) as raised:
        commit_import(catalogue, preview)
    assert "preview again" in raised.value.message.en
    with catalogue.session() as session:
        assert session.exec(select(func.count()).select_from(Product).where(Product.code == "N-1")).one() == 0


# --- files ----------------------------------------------------------------------------------------------------------

def test_export_cancel_leaves_no_file(catalogue: Workspace, tmp_path: Path) -> None:
    with pytest.raises(Cancelled):
        export_catalogue(catalogue, tmp_path / "out.xlsx", cancel=lambda: True)
    assert list(tmp_path.glob("out*")) == [] and list(tmp_path.glob(".out*")) == []


def test_a_target_open_in_excel_gets_a_numbered_name(catalogue: Workspace, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    real_replace = files.os.replace

    def locked(source, destination):
        if Path(destination) == target:
            raise PermissionError(13, "file in use")
        return real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", locked)
    report = export_catalogue(catalogue, target, retry_delay=0)
    assert report.target_in_use and report.path == tmp_path / "out (1).csv"
    assert target.read_text(encoding="utf-8") == "old"
    assert report.path.read_bytes().startswith(b"\xef\xbb\xbfproduct_code")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".out", "out"))) == ["out (1).csv",
                                                                                                "out.csv"]


def test_export_refuses_other_formats(catalogue: Workspace, tmp_path: Path) -> None:
    with pytest.raises(catalogue_io.CatalogueFileError):
        export_catalogue(catalogue, tmp_path / "out.xls")


# --- streaming, limits, hostile text (issue #18; whole-file attacks are in tests/reliability) ------------------

def test_the_preview_keeps_a_sample_and_the_first_errors_and_counts_the_rest(catalogue: Workspace, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue_import, "SAMPLE_ROWS", 5)
    monkeypatch.setattr(catalogue_import, "MAX_ERRORS", 3)
    monkeypatch.setattr(catalogue_import, "CHUNK", 7)  # rows are checked against rows of earlier chunks too
    rows = [["product_code", "sku", "weight_g"]] + [[f"S-{n // 4}", f"S-{n}",
                                                     "-1" if n % 2 else "1"] for n in range(40)]
    preview = preview_import(catalogue, write_csv(tmp_path / "s.csv", [*rows, ["S-0", "S-0", "1"]]))
    assert (preview.row_count, len(preview.rows), preview.rows[-1].number) == (41, 5, 6)
    assert (preview.error_count, [(e.row, e.column) for e in preview.errors]) == (21, [(3, "weight_g"), (5, "weight_g"),
                                                                                      (7, "weight_g")])
    # the duplicate S-0 is a SKU of its own: counted, and an error
    assert (preview.product_count, preview.sku_count, preview.new_products, preview.new_skus) == (10, 21, 10, 21)
    good = preview_import(catalogue, write_csv(tmp_path / "g.csv", [r for r in rows if r[2] != "-1"]))
    assert good.ok and commit_import(catalogue, good).skus_created == 20


def test_a_closed_preview_leaves_no_scratch_file_and_cannot_be_committed(catalogue: Workspace, tmp_path: Path) -> None:
    preview = preview_import(catalogue, write_csv(tmp_path / "c.csv", [["product_code"], ["C-1"]]))
    assert preview.stage is not None and Path(preview.stage.path).is_file()
    preview.close()
    assert not Path(preview.stage.path).exists() and list(preview.drafts()) == []
    with pytest.raises(ImportRefused):
        commit_import(catalogue, preview)
    dropped = preview_import(catalogue, write_csv(tmp_path / "d.csv", [["product_code"], ["D-1"]]))
    scratch = Path(dropped.stage.path)
    del dropped
    import gc
    gc.collect()
    assert not scratch.exists()


def test_long_multiline_cells_are_not_taken_for_an_unmatched_quote(catalogue: Workspace, tmp_path: Path) -> None:
    """A swallowed row reads like rows; a long description, a list of selling points, does not."""
    description = "\n".join(f"Line {n}: steel, aluminium, plastic, glass." for n in range(250))
    rows = [["product_code", "name_en", "description_en", "selling_points_en"],
            ["M-1", "Case", description, "\n".join(f"point {n}" for n in range(30))]]
    preview = preview_import(catalogue, write_csv(tmp_path / "m.csv", rows))
    assert preview.ok, [e.text("en") for e in preview.errors]
    assert next(preview.drafts()).fields["description_en"] == description
    rows[1][3] += "\npoint 30"
    refused = preview_import(catalogue, write_csv(tmp_path / "n.csv", rows))
    assert [(e.row, e.column) for e in refused.errors] == [(2, "selling_points_en")]
    assert "30 selling points" in refused.errors[0].message.en


def test_cells_at_their_limit_pass_and_one_more_is_refused_with_the_limit(catalogue: Workspace, tmp_path: Path) -> None:
    header = ["product_code", "name_zh", "description_en", "sku", "axis1_name", "axis1_value", "weight_g", "length_mm"]
    rows = [header, ["L-1", "名" * 200, "d" * 20_000, "L-1-A", "颜色", "v" * 500, "100000000", "100000"],
            ["L-2", "名" * 201, "d" * 20_001, "L-2-A", "颜色", "v" * 501, "100000001", str(2**63)]]
    preview = preview_import(catalogue, write_csv(tmp_path / "l.csv", rows))
    assert {(e.row, e.column) for e in preview.errors} == {
        (3, "name_zh"), (3, "description_en"), (3, "axis1_value"), (3, "weight_g"), (3, "length_mm")}
    messages = {e.column: e.message for e in preview.errors}
    assert "at most 200 characters (this one has 201)" in messages["name_zh"].en
    assert "最多 200 个字符" in messages["name_zh"].zh
    assert "100,000,000" in messages["weight_g"].en and "100,000" in messages["length_mm"].en
