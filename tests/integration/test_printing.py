"""Printed documents, read back with real tools: poppler's pdftotext/pdffonts/pdfinfo/pdftoppm and zbarimg.

One demo workspace and one set of documents per module (building them takes a few seconds). Every
document must: carry the names in Chinese and English, SKU codes and GTINs as extractable text; embed
(as a subset) the shipped CJK font and no other font; contain no private field; and the barcodes and QR
codes must decode from a rendered page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from app.db import Workspace, create_workspace
from app.models import Category, ExchangeRate, FactoryProfile, Product, Sku
from app.models.bilingual import UserFacingError
from app.models.gtin import complete_gtin
from app.services.catalogue.categories import (
    category_by_code,
    install_default_categories,
)
from app.services.documents import fonts
from app.services.documents.catalogue import build_catalogue
from app.services.documents.codes import ean13_drawing, ean_value
from app.services.documents.document import write_pdf_atomically
from app.services.documents.price_list import (
    PriceListOptions,
    TierSpec,
    UnknownChannel,
    build_price_list,
    default_tiers,
    price_table,
)
from app.services.documents.public_data import (
    PublicProduct,
    UnknownProduct,
    load_factory,
    load_products,
)
from app.services.documents.spec_sheet import build_spec_sheet, generate_sheets
from app.services.kernel.jobs import Cancelled
from app.services.kernel.text import money_text
from app.services.pricing import (
    Cliff,
    FxRate,
    FxTable,
    QuantityTier,
    TargetKind,
    load_profiles,
    quantity_cliffs,
)
from app.services.workspace import demo
from app.services.workspace.demo import create_demo_workspace

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

TODAY = date.today()
CODES = [spec.code for spec in demo.PRODUCTS]
SHOP_URL = "https://shop.xingzhe.example/p/XZ-LG-PC01?src=sheet"


# ---------------------------------------------------------------- reading PDFs back


def pdftotext(path: Path, *, page: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, check=True, text=True).stdout


def squeezed(text: str) -> str:
    """Text without any whitespace: a name wrapped over two lines still matches."""
    return "".join(text.split())


def fonts_of(path: Path) -> list[dict[str, str]]:
    """pdffonts rows: name, type, emb, sub, uni."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type… encoding emb sub uni object-id generation: read the flags from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def page_size(path: Path) -> str:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return next(line for line in out.splitlines() if line.startswith("Page size:"))


def pages_of(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(next(line for line in out.splitlines() if line.startswith("Pages:")).split()[1])


def render_page(path: Path, page: int, dpi: int, out_dir: Path) -> Path:
    prefix = out_dir / f"{path.stem}-{page}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile", str(path),
                    str(prefix)], check=True)
    return prefix.with_suffix(".png")


def zbar(png: Path) -> list[str]:
    result = subprocess.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Sean13.enable", "-Sqrcode.enable", str(png)],
                            capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line]


# ---------------------------------------------------------------- documents, built once


@dataclass
class Docs:
    workspace: Workspace
    folder: Path
    sheets: dict[tuple[str, str], Path]
    sheet_warnings: dict[tuple[str, str], tuple[object, ...]]
    price_list: Path
    price_list_zh: Path
    catalogue: Path
    catalogue_pages: int

    def all(self) -> list[Path]:
        return [*self.sheets.values(), self.price_list, self.price_list_zh, self.catalogue]


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Docs]:
    folder = tmp_path_factory.mktemp("printing")
    workspace = create_demo_workspace(folder / "demo.fdw")
    sheets: dict[tuple[str, str], Path] = {}
    warnings: dict[tuple[str, str], tuple[object, ...]] = {}
    for code in CODES:
        for lang in ("both", "zh", "en"):
            path = folder / f"{code}-{lang}.pdf"
            url = SHOP_URL if code == "XZ-LG-PC01" and lang == "both" else None
            result = build_spec_sheet(workspace, code, path, lang=lang, qr_url=url)
            assert result.path == path and result.pages >= 1
            sheets[(code, lang)] = path
            warnings[(code, lang)] = result.warnings
    price_list = build_price_list(workspace, folder / "prices.pdf", lang="both").path
    price_list_zh = build_price_list(workspace, folder / "prices-zh.pdf", lang="zh").path
    catalogue = build_catalogue(workspace, folder / "catalogue.pdf", lang="both")
    yield Docs(workspace, folder, sheets, warnings, price_list, price_list_zh, catalogue.path, catalogue.pages)
    workspace.close()


# ---------------------------------------------------------------- text, fonts, paper


@pytest.mark.parametrize("lang", ["both", "zh", "en"])
def test_spec_sheets_carry_names_skus_and_gtins_as_text(docs: Docs, lang: str) -> None:
    for spec in demo.PRODUCTS:
        text = squeezed(pdftotext(docs.sheets[(spec.code, lang)]))
        assert squeezed(spec.name_zh) in text and squeezed(spec.name_en) in text, (spec.code, lang)
        with docs.workspace.session() as session:
            skus = list(session.exec(select(Sku).join(Product).where(Product.code == spec.code)))
        assert skus
        for sku in skus:
            assert sku.code in text
            assert sku.gtin in text


def test_copy_paste_gives_the_right_characters(docs: Docs) -> None:
    """Symbols specs need survive extraction exactly (ToUnicode maps), in both languages."""
    suitcase = pdftotext(docs.sheets[("XZ-LG-PC01", "both")])
    assert "ΔE≤1.0" in suitcase
    scarf_zh = pdftotext(docs.sheets[("XZ-SC-CB01", "zh")])
    assert "30℃" in scarf_zh
    assert "曜石黑" in suitcase and "Obsidian Black" in suitcase


def test_one_language_sheets_keep_to_that_language(docs: Docs) -> None:
    spec = demo.SUITCASE
    zh = squeezed(pdftotext(docs.sheets[(spec.code, "zh")]))
    en = squeezed(pdftotext(docs.sheets[(spec.code, "en")]))
    both = squeezed(pdftotext(docs.sheets[(spec.code, "both")]))
    assert squeezed(spec.selling_points_zh[0]) in zh and squeezed(spec.selling_points_en[0]) not in zh
    assert squeezed(spec.selling_points_en[0]) in en and squeezed(spec.selling_points_zh[0]) not in en
    assert squeezed(spec.selling_points_zh[0]) in both and squeezed(spec.selling_points_en[0]) in both
    assert squeezed(spec.description_zh[:30]) in both and squeezed(spec.description_en[:30]) in both


def test_price_list_and_catalogue_carry_names_skus_and_gtins(docs: Docs) -> None:
    for path in (docs.price_list, docs.catalogue):
        text = squeezed(pdftotext(path))
        for spec in demo.PRODUCTS:
            assert squeezed(spec.name_zh) in text and squeezed(spec.name_en) in text, (path.name, spec.code)
        for item in range(100, 500, 100):
            assert demo.demo_gtin(item) in text


def test_every_font_is_the_embedded_cjk_subset(docs: Docs) -> None:
    for path in docs.all():
        rows = fonts_of(path)
        assert rows, path
        for row in rows:
            assert "WenQuanYiZenHei" in row["name"], (path.name, row)
            assert row["emb"] == "yes" and row["sub"] == "yes" and row["uni"] == "yes", (path.name, row)


def test_paper_sizes(docs: Docs, tmp_path: Path) -> None:
    assert "(A4)" in page_size(docs.sheets[("XZ-LG-PC01", "both")])
    assert "(A4)" in page_size(docs.catalogue)
    letter = build_spec_sheet(docs.workspace, "XZ-SC-CB01", tmp_path / "letter.pdf", paper="Letter").path
    assert "612 x 792 pts (letter)" in page_size(letter)
    with pytest.raises(UserFacingError):
        build_spec_sheet(docs.workspace, "XZ-SC-CB01", tmp_path / "x.pdf", paper="A3")
    with pytest.raises(UserFacingError):
        build_spec_sheet(docs.workspace, "XZ-SC-CB01", tmp_path / "x.pdf", lang="fr")


def test_page_one_is_not_blank_and_uses_the_brand_colour(docs: Docs, tmp_path: Path) -> None:
    for path in (docs.sheets[("XZ-LG-PC01", "both")], docs.price_list, docs.catalogue):
        image = Image.open(render_page(path, 1, 40, tmp_path)).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 20) or []
        not_white = sum(count for count, rgb in colours if min(rgb) < 235)
        assert not_white > image.width * image.height * 0.01, path.name
        brandish = sum(count for count, (r, g, b) in colours if g > r + 40 and b > r + 30 and g < 160)
        assert brandish > 20, path.name


# ---------------------------------------------------------------- nothing private, ever


def _private_patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns: list[tuple[str, re.Pattern[str]]] = []
    oem = demo.FACTORY["oem_history"]
    for piece in re.split(r"[；。，]", oem):
        if len(piece.strip()) >= 6:
            patterns.append(("oem_history", re.compile(re.escape(squeezed(piece)))))
    for spec in demo.PRODUCTS:
        patterns.append(("reference_label", re.compile(re.escape(squeezed(spec.reference_label)))))
        patterns.append(("differentiator", re.compile(re.escape(squeezed(spec.differentiator[:25])))))
        for value in {spec.reference_price, *(facts.cost for facts in spec.facts.values())}:
            amount = Decimal(value)
            shapes = {f"{amount:f}", f"{amount:,f}", f"{amount.normalize():f}"}
            for shape in shapes:
                patterns.append((f"amount {value}", re.compile(rf"(?<![\d.,]){re.escape(shape)}(?![\d])")))
    for word in ("参考价", "Reference price", "成本", "cost price", "OEM", "代工"):
        patterns.append(("label " + word, re.compile(re.escape(squeezed(word)), re.IGNORECASE)))
    return patterns


def test_no_document_contains_private_fields(docs: Docs) -> None:
    patterns = _private_patterns()
    for path in docs.all():
        text = squeezed(pdftotext(path))
        found = [(what, p.pattern) for what, p in patterns if p.search(text)]
        assert not found, (path.name, found)


def test_private_check_would_catch_a_leak(docs: Docs) -> None:
    """The patterns above do match the private values when they are present (the test is not vacuous)."""
    leaked = squeezed(f"{demo.FACTORY['oem_history']} {demo.SUITCASE.reference_label} ¥2,890.00 成本 152.00")
    patterns = _private_patterns()
    hits = {what for what, p in patterns if p.search(leaked)}
    assert {"oem_history", "reference_label", "amount 2890.00", "amount 152.00"} <= hits


# ---------------------------------------------------------------- the catalogue's pages


def test_catalogue_contents_and_index_point_at_the_right_pages(docs: Docs) -> None:
    assert pages_of(docs.catalogue) == docs.catalogue_pages
    contents = pdftotext(docs.catalogue, page=2, layout=True)
    assert "目录" in contents and "Contents" in contents
    listed: dict[str, int] = {}
    for line in contents.splitlines():
        match = re.match(r"\s*(XZ-[A-Z0-9-]+)\s.*?(\d+)\s*$", line)
        if match:
            listed[match.group(1)] = int(match.group(2))
    assert set(listed) == set(CODES)
    for spec in demo.PRODUCTS:
        page = squeezed(pdftotext(docs.catalogue, page=listed[spec.code]))
        assert spec.code in page and squeezed(spec.name_zh) in page and squeezed(spec.name_en) in page
    assert sorted(listed.values()) == list(range(3, 3 + len(CODES)))   # cover, contents, one page each
    last = docs.catalogue_pages
    index = pdftotext(docs.catalogue, page=last, layout=True)
    assert "Index by code" in index
    entries = dict((m.group(1), int(m.group(2))) for m in re.finditer(r"(XZ-[A-Z0-9-]+)\s+(\d+)", index))
    with docs.workspace.session() as session:
        skus = list(session.exec(select(Sku.code, Product.code).join(Product)))
    for sku_code, product_code in skus:
        assert entries[sku_code] == listed[product_code]
        assert sku_code in pdftotext(docs.catalogue, page=entries[sku_code])


@pytest.mark.parametrize("lang", ["both", "zh", "en"])
def test_a_catalogue_page_leaves_out_only_what_it_must(docs: Docs, tmp_path: Path, lang: str) -> None:
    """Each product's page is the compact sheet with the fewest pieces left out that fits the page (extra
    pictures first, then the description, then both): the page chosen from pieces measured once is the one
    found by laying out each whole variant in turn."""
    from app.services.documents.catalogue import _fitted, _height
    from app.services.documents.document import DocInfo, PrintDoc
    from app.services.documents.spec_sheet import CataloguePage

    factory = load_factory(docs.workspace)
    guard = fonts.TextGuard()
    doc = PrintDoc(tmp_path / "x.pdf", DocInfo(lang=lang, title_zh="目录", title_en="Catalogue", factory=factory,
                                               guard=guard), "A4")
    trims = []
    for product in load_products(docs.workspace):
        def variant(trim: int, product: PublicProduct = product) -> list[object]:
            return CataloguePage(product, factory, lang, guard, doc.width, []).story(trim)

        fitting = [t for t in (0, 1, 2, 3) if _height(variant(t), doc.width) <= doc.height - 2]
        expected = fitting[0] if fitting else 3
        chosen = _fitted(product, factory, lang, guard, doc, [])
        assert [type(f) for f in chosen] == [type(f) for f in variant(expected)], (product.code, expected)
        assert _height(chosen, doc.width) == pytest.approx(_height(variant(expected), doc.width))
        trims.append(expected)
    assert 0 in trims
    if lang == "both":   # side by side, two of the demo's products don't fit whole
        assert any(t > 0 for t in trims)


def test_catalogue_reports_progress_and_can_be_cancelled(docs: Docs, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    target = tmp_path / "cat.pdf"
    build_catalogue(docs.workspace, target, lang="en", progress=lambda d, t: calls.append((d, t)))
    assert calls[-1][0] == calls[-1][1] > 0
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    before = target.read_bytes()
    seen = []

    def cancel() -> bool:
        seen.append(1)
        return len(seen) > 12

    with pytest.raises(Cancelled):
        build_catalogue(docs.workspace, target, lang="zh", cancelled=cancel)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cat.pdf"]


# ---------------------------------------------------------------- barcodes and QR codes


def test_ean_value_refuses_what_it_cannot_print_honestly() -> None:
    assert ean_value("6970548001002") == "6970548001002"
    assert ean_value("036000291452") == "0036000291452"     # UPC-A as EAN-13
    assert ean_value("6970548001003") is None                 # bad check digit: never "corrected" silently
    assert ean_value("96385074") is None                      # GTIN-8 needs an EAN-8 symbol
    assert ean13_drawing("6970548001002").ean_value == "6970548001002"  # type: ignore[union-attr]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_barcodes_and_qr_decode_from_the_rendered_sheet(docs: Docs, tmp_path: Path) -> None:
    path = docs.sheets[("XZ-LG-PC01", "both")]
    with docs.workspace.session() as session:
        gtins = {s.gtin for s in session.exec(select(Sku).join(Product).where(Product.code == "XZ-LG-PC01"))}
    if shutil.which("zbarimg") is None:  # no reader: check what each drawn symbol encodes instead
        product = load_products(docs.workspace, ["XZ-LG-PC01"])[0]
        assert {ean13_drawing(s.gtin).ean_value for s in product.skus} == gtins  # type: ignore[union-attr]
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools): checked the encoded values only")
    decoded: list[str] = []
    for page in range(1, pages_of(path) + 1):
        decoded += zbar(render_page(path, page, 300, tmp_path))
    assert {d for d in decoded if d.isdigit()} == gtins
    assert SHOP_URL in decoded


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg is not installed")
def test_default_qr_opens_the_factory_website(docs: Docs, tmp_path: Path) -> None:
    path = docs.sheets[("XZ-CP-VT05", "zh")]
    decoded = [d for page in range(1, pages_of(path) + 1) for d in zbar(render_page(path, page, 300, tmp_path))]
    assert demo.FACTORY["website"] in decoded
    assert {d for d in decoded if d.isdigit()} == {demo.demo_gtin(400 + i) for i in range(4)}


# ---------------------------------------------------------------- the price list


def _cliffs(tiers: Sequence[TierSpec], prices: Sequence[Decimal] | None) -> tuple[Cliff, ...]:
    assert prices is not None
    return quantity_cliffs([QuantityTier(t.min_qty, p) for t, p in zip(tiers, prices, strict=True)])


def test_price_list_tiers_come_from_the_pricing_engine_with_real_discounts(docs: Docs) -> None:
    """By default every tier is the engine's price at that tier's margin: the upper tiers are real discounts."""
    from app.services.pricing import CostBuildUp, ProductPlan, Target, price_channel

    products = load_products(docs.workspace)
    profile = {p.id: p for p in load_profiles()}["1688"]
    tiers = default_tiers(demo.FACTORY["moq"])
    assert [t.min_qty for t in tiers] == [300, 900, 3000]
    table = price_table(docs.workspace, products, profile, tiers)
    text = pdftotext(docs.price_list)
    for spec in demo.PRODUCTS:
        cost = Decimal(next(iter(spec.facts.values())).cost)
        expected = [price_channel(ProductPlan(CostBuildUp("CNY", materials=cost),
                                              Target(TargetKind.MARGIN, tier.margin)), profile).price
                    for tier in tiers]
        first = table.rows[spec.code][0]
        assert first.prices is not None and list(first.prices) == expected
        for row in table.rows[spec.code]:
            assert row.prices is not None
            for lower, upper in zip(row.prices, row.prices[1:], strict=False):
                assert upper < lower * Decimal("0.99"), f"{row.sku}: {upper} is no real discount on {lower}"
            for price in row.prices:
                assert money_text(price, "CNY") in text
    assert "有效期至" in text and "Valid until" in text


def test_price_list_warns_about_quantity_cliffs_once_per_product(docs: Docs) -> None:
    """Every cliff is found; each product's warning shows its first one in full and counts the rest."""
    products = load_products(docs.workspace)
    profile = {p.id: p for p in load_profiles()}["1688"]
    tiers = default_tiers(demo.FACTORY["moq"])
    table = price_table(docs.workspace, products, profile, tiers)
    expected = []
    for rows in table.rows.values():
        found = []
        for row in rows:
            cliffs = _cliffs(tiers, row.prices)
            assert cliffs, f"{row.sku}: the default tiers have cliffs (a smaller order costs more in total)"
            found += [(row.sku, cliff) for cliff in cliffs]
        expected.append(found)
    cliff_warnings = [w for w in table.warnings if "costs more in total" in w.en]
    assert len(cliff_warnings) == len(table.rows)          # one per product, not one per SKU and tier
    for found, warning in zip(expected, cliff_warnings, strict=True):
        sku, cliff = found[0]
        assert warning.en.startswith(f"{sku}: Buying {cliff.first}–{cliff.last} units")
        assert warning.zh.startswith(f"{sku}：买 {cliff.first}–{cliff.last} 件的总价高于")
        if len(found) > 1:
            assert f"({len(found) - 1} more like this in " in warning.en and f"另有 {len(found) - 1} 处" in warning.zh
    result = build_price_list(docs.workspace, docs.folder / "warn.pdf", lang="en",
                              options=PriceListOptions(valid_until=date(2031, 1, 31)))
    assert [w for w in result.warnings if "costs more in total" in w.en] == cliff_warnings
    assert "2031-01-31" in pdftotext(result.path)


def test_price_list_can_smooth_out_cliffs(docs: Docs, tmp_path: Path) -> None:
    """cliffs="remove": each upper tier is raised to the cliff-free price, leaving (almost) no discount."""
    products = load_products(docs.workspace)
    profile = {p.id: p for p in load_profiles()}["1688"]
    tiers = default_tiers(demo.FACTORY["moq"])
    warned = price_table(docs.workspace, products, profile, tiers, cliffs="warn")
    smooth = price_table(docs.workspace, products, profile, tiers, cliffs="remove")
    assert not [w for w in smooth.warnings if "costs more in total" in w.en]
    for code, rows in smooth.rows.items():
        for row, margin_row in zip(rows, warned.rows[code], strict=True):
            assert row.prices is not None and margin_row.prices is not None
            assert not _cliffs(tiers, row.prices)
            assert row.prices[0] == margin_row.prices[0]
            assert all(s >= m for s, m in zip(row.prices, margin_row.prices, strict=True))
            assert list(row.prices) == sorted(row.prices, reverse=True)
    result = build_price_list(docs.workspace, tmp_path / "smooth.pdf", lang="en",
                              options=PriceListOptions(cliffs="remove"))
    assert not [w for w in result.warnings if "costs more in total" in w.en]
    with pytest.raises(ValueError, match="cliffs"):
        price_table(docs.workspace, products, profile, tiers, cliffs="ignore")


def test_price_list_refuses_unknown_channels(docs: Docs, tmp_path: Path) -> None:
    with pytest.raises(UnknownChannel):
        build_price_list(docs.workspace, tmp_path / "x.pdf", options=PriceListOptions(channel="nope"))
    assert not list(tmp_path.iterdir())


def _workspace_rates(workspace: Workspace) -> FxTable:
    """The workspace's rate table, read with SQL of its own (not through the service under test)."""
    with workspace.session() as session:
        rows = session.exec(select(ExchangeRate)).all()
    return FxTable(tuple(FxRate(r.day, r.source, r.target, r.rate) for r in rows))


def test_a_usd_price_list_converts_at_the_workspaces_rate(docs: Docs, tmp_path: Path) -> None:
    """CNY costs on a USD channel convert at the workspace's exchange rate (as the Pricing page does), as of the
    date printed — the demo enters its rate the day it is made, after the profile's date."""
    from app.services.pricing import CostBuildUp, ProductPlan, Target, price_channel

    shopify = {p.id: p for p in load_profiles()}["shopify"]
    rates = _workspace_rates(docs.workspace)
    assert [(r.source, r.target, r.rate) for r in rates.rates] == [("USD", "CNY", demo.DEMO_USD_RATE)]
    tiers = default_tiers(demo.FACTORY["moq"])
    result = build_price_list(docs.workspace, tmp_path / "usd.pdf", lang="en",
                              options=PriceListOptions(channel="shopify"))
    text = pdftotext(result.path)
    assert "Currency USD" in text and "¥" not in text
    table = price_table(docs.workspace, load_products(docs.workspace), shopify, tiers)
    for spec in demo.PRODUCTS:
        cost = Decimal(next(iter(spec.facts.values())).cost)
        plan = ProductPlan(CostBuildUp("CNY", materials=cost), Target(TargetKind.MARGIN, tiers[0].margin))
        expected = price_channel(plan, shopify, rates, TODAY).price
        first = table.rows[spec.code][0]
        assert first.prices is not None and first.prices[0] == expected and expected > 0
        assert money_text(expected, "USD") in text
    assert not [w for w in result.warnings if "exchange rate" in w.en]


def test_a_product_without_a_rate_is_on_request_and_none_at_all_is_refused(tmp_path: Path) -> None:
    """The workspace has a USD rate for CNY costs; a product costed in HKD has none, so it alone is "on request";
    with no rate at all the list is refused, naming the workspace's rate table."""
    from app.services.pricing.plans import PricingService

    workspace = create_demo_workspace(tmp_path / "demo.fdw")
    try:
        with workspace.session() as session:
            scarf = session.exec(select(Product).where(Product.code == "XZ-SC-CB01")).one()
            scarf.currency = "HKD"
            session.add(scarf)
        result = build_price_list(workspace, tmp_path / "some.pdf", lang="en",
                                  options=PriceListOptions(channel="amazon_us"))
        missing = [w for w in result.warnings if "exchange rate" in w.en]
        assert [w.en.split(":")[0] for w in missing] == ["XZ-SC-CB01"]
        assert "HKD→USD" in missing[0].en and "Settings → Exchange rates" in missing[0].en
        assert "设置 → 汇率" in missing[0].zh and "on request" in missing[0].en
        scarf = pdftotext(result.path, layout=True).split("XZ-SC-CB01-GRY", 1)[1].splitlines()[0]
        assert "On request" in scarf and "$" not in scarf
        assert "$" in pdftotext(result.path).split("XZ-SC-CB01")[0]          # the others are priced

        service = PricingService(workspace)
        for rate in service.rates():
            service.delete_rate(rate.day, rate.source, rate.target)
        with pytest.raises(UserFacingError, match="an exchange rate is needed") as refused:
            build_price_list(workspace, tmp_path / "none.pdf", options=PriceListOptions(channel="amazon_us"))
        assert "设置 → 汇率" in refused.value.message.zh and "every product" in refused.value.message.en
        assert not (tmp_path / "none.pdf").exists()
    finally:
        workspace.close()


def test_a_price_list_uses_the_workspaces_edited_fee_profile(tmp_path: Path) -> None:
    """The command line passes no profiles: the price list still prices on the channel's edited version, as
    the Pricing page and the Print page do."""
    from app.services.pricing.plans import PricingService

    workspace = create_demo_workspace(tmp_path / "demo.fdw")
    try:
        service = PricingService(workspace)
        shipped = service.profile("tmall")
        rule = max(shipped.rules, key=lambda r: r.rate)
        assert rule.rate > 0
        edited = service.edited_rule_profile("tmall", rule.id, rate=rule.rate + Decimal("0.05"))
        tiers = default_tiers(demo.FACTORY["moq"])
        products = load_products(workspace)
        before = price_table(workspace, products, shipped, tiers).rows["XZ-LG-PC01"][0].prices
        service.save_profile_version(edited)
        after = price_table(workspace, products, edited, tiers).rows["XZ-LG-PC01"][0].prices
        assert before is not None and after is not None and after[0] > before[0]
        printed = pdftotext(build_price_list(workspace, tmp_path / "edited.pdf", lang="en",
                                             options=PriceListOptions(channel="tmall")).path, layout=True)
        row = printed.split("XZ-LG-PC01-BLK-20", 1)[1].splitlines()[0]
        assert re.findall(r"¥[\d,.]+", row) == [money_text(p, "CNY") for p in after] != \
            [money_text(p, "CNY") for p in before]
    finally:
        workspace.close()


# ---------------------------------------------------------------- rare characters, emoji, size charts


@pytest.fixture
def odd(tmp_path: Path) -> Iterator[Workspace]:
    """A small workspace: a product whose name has a CJK Extension B character and an emoji, in a category
    with a size chart, plus one without a cost."""
    workspace = create_workspace(tmp_path / "odd.fdw")
    with workspace.session() as session:
        install_default_categories(session)
        session.add(FactoryProfile(name_zh="测试工厂", name_en="Test Factory", brand_zh="测", brand_en="Test",
                                   website="https://factory.example", moq=50, lead_time_days=20,
                                   oem_history="SECRET-OEM-CLIENT"))
        apparel = category_by_code(session, "apparel")
        assert isinstance(apparel, Category) and apparel.has_size_chart
        product = Product(code="T-01", name_zh="𠀀字纪念 T 恤 😀", name_en="Rare 𠀀 Tee 👍🏽", category_id=apparel.id,
                          selling_points_zh=["纯棉 ❤️"], selling_points_en=["Cotton"],
                          axes=[{"key": "size", "name_zh": "尺码", "name_en": "Size", "values": ["M", "L"]}],
                          reference_price=Decimal("999.00"), reference_label="SECRET-REFERENCE")
        session.add(product)
        session.flush()
        session.add(Sku(product_id=product.id, code="T-01-M", options={"size": "M"}, gtin=complete_gtin("697054800999"),
                        weight_g=180, length_mm=700, width_mm=520, height_mm=10, cost=Decimal("31.17")))
        session.add(Sku(product_id=product.id, code="T-01-L", options={"size": "L"}, gtin=complete_gtin("697054800998"),
                        weight_g=200, length_mm=720, width_mm=550, height_mm=10, cost=None))
    yield workspace
    workspace.close()


def test_rare_characters_and_emoji_are_replaced_visibly_with_a_warning(odd: Workspace, tmp_path: Path) -> None:
    results = [build_spec_sheet(odd, "T-01", tmp_path / "sheet.pdf", lang="both"),
               build_catalogue(odd, tmp_path / "cat.pdf", lang="both"),
               build_price_list(odd, tmp_path / "prices.pdf", lang="both")]
    for result in results:
        text = pdftotext(result.path)
        assert fonts.MISSING_MARKER in text, result.path.name
        assert "𠀀" not in text and "😀" not in text
        messages = " ".join(w.en for w in result.warnings)
        assert "U+20000" in messages and "U+1F600" in messages, result.path.name
        assert "SECRET" not in text and "31.17" not in text
        for row in fonts_of(result.path):
            assert row["emb"] == "yes" and "WenQuanYi" in row["name"]
    sheet = squeezed(pdftotext(results[0].path))
    assert squeezed(f"{fonts.MISSING_MARKER}字纪念 T 恤 {fonts.MISSING_MARKER}") in sheet
    assert squeezed(f"Rare {fonts.MISSING_MARKER} Tee {fonts.MISSING_MARKER}") in sheet


def test_size_chart_when_the_category_has_one(odd: Workspace, tmp_path: Path) -> None:
    text = pdftotext(build_spec_sheet(odd, "T-01", tmp_path / "sheet.pdf", lang="both").path, layout=True)
    assert "尺码表" in text and "Size chart" in text
    assert re.search(r"\bM\s+70\s+52\s+1\s+180\b", text), text


def test_a_sku_without_cost_is_on_request(odd: Workspace, tmp_path: Path) -> None:
    result = build_price_list(odd, tmp_path / "prices.pdf", lang="en")
    text = pdftotext(result.path)
    assert "On request" in text
    assert any("T-01-L" in w.en and "no ex-factory cost" in w.en for w in result.warnings)


def test_replace_missing_keeps_clusters_together() -> None:
    assert fonts.replace_missing("A👨‍👩‍👧B") == (f"A{fonts.MISSING_MARKER}B", ("👨", "👩", "👧"))
    assert fonts.replace_missing("耐温 -20℃ ΔE≤1.0 ™®") == ("耐温 -20℃ ΔE≤1.0 ™®", ())
    assert fonts.replace_missing("❤️") == (fonts.MISSING_MARKER, ("❤",))
    assert fonts.replace_missing("a\tb\x00c") == ("a bc", ())


# ---------------------------------------------------------------- certificates and dates


def test_expired_certificates_are_left_out_with_a_note(docs: Docs, tmp_path: Path) -> None:
    later = date(TODAY.year + 5, 1, 1)
    current = pdftotext(docs.sheets[("XZ-SC-CB01", "both")])
    assert "23.HCN.48215" in current and "00123Q35678R2M" in current
    result = build_spec_sheet(docs.workspace, "XZ-SC-CB01", tmp_path / "later.pdf", today=later)
    text = pdftotext(result.path)
    assert "23.HCN.48215" not in text and "00123Q35678R2M" not in text
    assert any("expired" in w.en for w in result.warnings)
    assert later.isoformat() in text                        # the footer's date


def test_footer_has_date_and_version(docs: Docs) -> None:
    text = pdftotext(docs.sheets[("XZ-LG-PC01", "en")])
    assert f"Date {TODAY.isoformat()}" in text
    assert "Version v1" in text and "Page 1 / 2" in text


# ---------------------------------------------------------------- writing safely, batches


def test_an_exception_mid_build_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"%PDF-previous")

    def failing(path: Path) -> None:
        path.write_bytes(b"%PDF-half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_pdf_atomically(target, failing)
    assert target.read_bytes() == b"%PDF-previous"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_a_cancelled_sheet_leaves_the_previous_file(docs: Docs, tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    build_spec_sheet(docs.workspace, "XZ-LG-PC01", target)
    before = target.read_bytes()
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 5   # partway through laying out the page

    with pytest.raises(Cancelled):
        build_spec_sheet(docs.workspace, "XZ-SC-CB01", target, cancelled=cancel)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_generate_sheets_batch_with_progress_and_cancel(docs: Docs, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    results = generate_sheets(docs.workspace, None, tmp_path, "en", progress=lambda d, t: calls.append((d, t)))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{c}.pdf" for c in CODES)
    assert calls == [(i, len(CODES)) for i in range(1, len(CODES) + 1)]
    assert all(r.pages >= 1 for r in results)
    folder = tmp_path / "cancelled"
    folder.mkdir()
    with pytest.raises(Cancelled):
        generate_sheets(docs.workspace, CODES, folder, "zh", cancel=lambda: len(list(folder.iterdir())) >= 1)
    assert [p.name for p in folder.iterdir()] == [f"{CODES[0]}.pdf"]
    with pytest.raises(UnknownProduct):
        generate_sheets(docs.workspace, ["NOPE"], folder, "zh")


def test_unknown_product(docs: Docs, tmp_path: Path) -> None:
    with pytest.raises(UnknownProduct):
        build_spec_sheet(docs.workspace, "NOPE", tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


def test_chinese_punctuation_never_starts_a_line() -> None:
    from app.services.documents.flowables import Para
    from app.services.documents.styles import CHINESE_CANNOT_START, styles

    text = demo.SUITCASE.description_zh + demo.THERMOS.description_zh + demo.SCARF.description_zh
    for width in range(120, 320, 7):
        paragraph = Para(text, styles().body)
        paragraph.wrap(width, 10_000)
        for line in paragraph.blPara.lines[1:]:
            words = line[1] if isinstance(line, tuple) else [w.text for w in line.words]
            first = "".join(str(w) for w in words).lstrip()[:1]
            assert first not in CHINESE_CANNOT_START, (width, "".join(str(w) for w in words))


def test_a_bare_new_product_still_gets_a_sheet(tmp_path: Path) -> None:
    """No MOQ, lead time, brand, variants or materials yet (the onboarding wizard's first product)."""
    from app.services.documents.spec_sheet import build_spec_sheet

    workspace = create_workspace(tmp_path / "bare.fdw")
    try:
        with workspace.session() as session:
            session.add(FactoryProfile(name_zh="新工厂"))
            session.add(Product(code="NEW-1", name_zh="新产品", name_en="New product"))
        result = build_spec_sheet(workspace, "NEW-1", tmp_path / "bare.pdf", lang="both")
        text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "NEW-1" in text and "新产品" in text
    finally:
        workspace.close()
