"""The chain-versus-direct picture: PNGs of the requested size in Chinese and English, vector PDFs read back with
poppler (text, embedded fonts, a painted page), bars that add up exactly to the prices shown, and geometry that
puts each bar's top at its price."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QImage

from app.db import open_workspace
from app.models.bilingual import UserFacingError
from app.services.pricing import Returns, Target, TargetKind
from app.services.pricing.plans import (
    ChartBar,
    ChartData,
    ChartSegment,
    PricingService,
    SegmentKind,
)
from app.services.workspace.demo import create_demo_workspace
from app.views.pricing import chain_chart
from app.views.pricing.chain_chart import (
    ChainChart,
    chart_layout,
    chart_texts,
    headline_texts,
    render_chart_image,
    render_chart_pdf,
    render_chart_png,
    short_money,
)

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ChartData]]:
    """Chart data for every demo product, plus variants with discount, returns, overrides and a markup target."""
    folder = tmp_path_factory.mktemp("chart")
    source = folder / "demo.fdw"
    create_demo_workspace(source).close()
    path = folder / "copy.fdw"
    shutil.copyfile(source, path)
    workspace = open_workspace(path)
    service = PricingService(workspace, today=lambda: TODAY)
    data: dict[str, ChartData] = {}
    for product in service.products():
        plan = service.load_plan(product.id).with_cost("packaging", D("6.5")).with_cost("parcel", D("12"))
        data[product.code] = service.evaluate(plan).chart
        data[product.code + "/discount"] = service.evaluate(
            replace(plan, discount=D("0.12"), returns=Returns(D("0.3"), D("18")))).chart
        data[product.code + "/override"] = service.evaluate(plan.with_override("tmall", D("59"))).chart
        data[product.code + "/markup"] = service.evaluate(replace(plan, target=Target(TargetKind.MARKUP,
                                                                                      D("0.35")))).chart
    yield data
    workspace.close()


def non_white_share(image: QImage) -> float:
    """Share of sampled pixels that are not white (a blank image gives 0)."""
    step = 7
    total = painted = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            total += 1
            if image.pixelColor(x, y).name() != "#ffffff":
                painted += 1
    return painted / total


@pytest.mark.parametrize("lang, width, height", [("zh_CN", 1920, 1080), ("en", 1920, 1080), ("zh_CN", 1200, 900),
                                                 ("en", 800, 450)])
def test_png_has_the_requested_size_in_each_language(qapp, charts, tmp_path: Path, lang: str, width: int,
                                                     height: int) -> None:
    target = tmp_path / f"chart-{lang}-{width}.png"
    written = render_chart_png(charts["XZ-LG-PC01"], target, width, height, lang)
    assert written == target
    image = QImage(str(target))
    assert not image.isNull()
    assert (image.width(), image.height()) == (width, height)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 0.08 < non_white_share(image) < 0.8, "bars, text and grid are drawn; the picture is not a blot"
    assert not list(tmp_path.glob(".*partial*")), "written through a temporary file"


def test_the_two_languages_draw_different_labels(qapp, charts) -> None:
    data = charts["XZ-SC-CB01"]
    zh = render_chart_image(data, 1200, 700, "zh_CN")
    en = render_chart_image(data, 1200, 700, "en")
    assert zh.size() == en.size()
    assert zh != en, "product and channel names follow the language"


def test_bar_segments_add_up_exactly_to_the_prices_shown(charts) -> None:
    for name, data in charts.items():
        assert data.channel_bars, name
        for bar in (*data.chain_bars, *data.channel_bars):
            shown = bar.start + sum((s.amount for s in bar.segments), D(0))
            assert shown == bar.total, f"{name} {bar.key}: {shown} != {bar.total}"
            assert all(s.amount == s.amount.quantize(D("0.01")) for s in bar.segments), "to the cent"
        total = data.chain_bars[-1]
        assert total.key == "chain_total"
        assert sum((s.amount for s in total.segments), D(0)) == total.total
        steps = data.chain_bars[1:-1]
        assert steps[-1].total == total.total, "the last layer's price is the consumer price"


def test_each_bar_reaches_its_price_in_the_layout(qapp, charts) -> None:
    data = charts["XZ-LG-PC01/discount"]
    layout = chart_layout(data, QRectF(60, 80, 1000, 500))
    assert len(layout.bars) == len(data.chain_bars) + len(data.channel_bars)
    for box in layout.bars:
        top = min(s.rect.top() for s in box.segments)
        assert abs(top - layout.y(float(box.bar.total))) < 0.01
        bottom = max(s.rect.bottom() for s in box.segments)
        assert abs(bottom - layout.y(float(box.bar.start))) < 0.01
        heights = sum(s.rect.height() for s in box.segments)
        assert abs(heights - (layout.y(float(box.bar.start)) - layout.y(float(box.bar.total)))) < 0.01
    assert layout.reference_off_scale, "a ¥2,890 branded reference is drawn at the top, marked off the scale"
    assert layout.divider_x is not None


def test_a_loss_is_drawn_above_the_price() -> None:
    data = ChartData("CNY", "测试", "Test", "T-1", (), (
        ChartBar("tmall", "天猫", "Tmall", D("50.00"), (
            ChartSegment(SegmentKind.EX_FACTORY, D("60.00"), D("60")),
            ChartSegment(SegmentKind.MARGIN, D("-10.00"), D("-10"))), kind="retail"),))
    layout = chart_layout(data, QRectF(0, 0, 400, 300))
    box = layout.bars[0]
    assert box.loss is not None and box.loss.height() > 0
    assert abs(box.loss.bottom() - layout.y(50.0)) < 0.01


def test_texts_headline_and_money(qapp, charts) -> None:
    assert chart_texts("en")["consumer"] == "Consumer price"
    assert set(chart_texts("zh_CN")) == set(chart_texts("en"))
    big, detail = headline_texts(charts["XZ-LG-PC01"], "en") or ("", "")
    assert big.startswith("Save ¥") and "%" in big
    assert detail.startswith("Tmall ") and "through the chain" in detail
    assert short_money(D("209.00"), "CNY") == "¥209" and short_money(D("1234.5"), "CNY") == "¥1,234.50"


def test_empty_picture_and_widget(qtbot, charts, tmp_path: Path) -> None:
    blank = render_chart_image(None, 400, 300, "en")
    assert blank.width() == 400 and 0 < non_white_share(blank) < 0.1, "an explanation, not a blank"
    widget = ChainChart()
    qtbot.addWidget(widget)
    widget.resize(700, 360)
    widget.set_data(charts["XZ-CP-VT05"])
    widget.show()
    qtbot.waitExposed(widget)
    grabbed = widget.grab().toImage()
    assert non_white_share(grabbed) > 0.05
    path = widget.export_png(tmp_path / "widget.png", "en")
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1920, 1080), "16:9 for slides, drawn at 2×"


def test_exported_picture_leaves_the_private_reference_off(qtbot, charts, tmp_path: Path) -> None:
    """On screen the owner sees the reference line; the PNG handed to buyers doesn't carry it."""
    from dataclasses import replace

    data = charts["XZ-CP-VT05"]
    assert data.reference is not None, "the demo thermos has a private reference price"
    widget = ChainChart()
    qtbot.addWidget(widget)
    widget.set_data(data)
    exported = QImage(str(widget.export_png(tmp_path / "export.png", "en")))
    with_reference = render_chart_image(data, exported.width(), exported.height(), "en")
    without_reference = render_chart_image(replace(data, reference=None), exported.width(), exported.height(), "en")
    assert exported == without_reference.convertToFormat(exported.format())
    assert exported != with_reference.convertToFormat(exported.format())


# ---------------------------------------------------------------- the vector PDF, read back with poppler


def pdf_text(path: Path) -> str:
    """The PDF's text without whitespace (pdftotext breaks wrapped labels and orders columns its own way)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                         text=True).stdout
    return "".join(out.split())


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts rows: name and the emb / uni flags (read from the right: the type has spaces)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return [{"name": parts[0], "emb": parts[-5], "uni": parts[-3]}
            for parts in (line.split() for line in out.splitlines()[2:])]


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(path)], capture_output=True, check=True, text=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def pdf_page_image(path: Path, dpi: int = 50) -> QImage:
    """Page 1 rasterised by poppler (not by Qt, so the test sees what a PDF viewer shows)."""
    prefix = path.with_name(f"{path.stem}-page")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", str(path),
                    str(prefix)], check=True)
    return QImage(str(prefix.with_suffix(".png")))


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_pdf_keeps_the_labels_and_figures_as_text(qapp, charts, tmp_path: Path, lang: str) -> None:
    data = charts["XZ-LG-PC01"]
    target = tmp_path / f"chart-{lang}.pdf"
    assert render_chart_pdf(data, target, lang) == target
    assert target.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(target)
    texts = chart_texts(lang)
    big, detail = headline_texts(data, lang) or ("", "")
    expected = [data.title_zh if lang == "zh_CN" else data.title_en, texts["subtitle"], texts["chain_group"],
                texts["direct_group"], texts["ex_factory"], texts["margin"], big, detail]
    expected += [short_money(bar.total, data.currency) for bar in (data.chain_bars[0], *data.channel_bars)]
    expected += ["+" + short_money(bar.total - bar.start, data.currency) for bar in data.chain_bars[1:-1]]
    missing = [label for label in expected if squeezed(label) not in text]
    assert not missing, f"not found as text in the PDF: {missing}"
    assert ("天猫" if lang == "zh_CN" else "Tmall") in text
    assert not list(tmp_path.glob(".*partial*")), "written through a temporary file"


def test_pdf_embeds_every_font_and_draws_chinese_with_the_shipped_one(qapp, charts, tmp_path: Path) -> None:
    target = render_chart_pdf(charts["XZ-SC-CB01"], tmp_path / "chart.pdf", "zh_CN")
    fonts = pdf_fonts(target)
    assert fonts, "text is drawn as text, with fonts, not as outlines"
    assert all(font["emb"] == "yes" for font in fonts), f"a font is not embedded: {fonts}"
    assert all(font["uni"] == "yes" for font in fonts), "every font maps back to Unicode (copy and search work)"
    assert any("WenQuanYi" in font["name"] for font in fonts), f"the shipped CJK font draws the text: {fonts}"



def test_pdf_text_uses_the_shipped_font_whatever_the_ui_font(qapp, tmp_path: Path) -> None:
    """On Windows the UI draws with Microsoft YaHei (which may forbid embedding); the PDF must not follow it."""
    ui_font = next(f for f in ("DejaVu Sans", "Segoe UI", "Arial", "Helvetica") if f in QFontDatabase.families())
    original = QGuiApplication.font()
    QGuiApplication.setFont(QFont(ui_font))
    try:
        latin_only = render_chart_pdf(None, tmp_path / "empty.pdf", "en")
    finally:
        QGuiApplication.setFont(original)
    assert [font["name"] for font in pdf_fonts(latin_only)] == ["WenQuanYiZenHei"]


def test_pdf_page_is_painted_with_the_chart_and_titled(qapp, charts, tmp_path: Path) -> None:
    data = charts["XZ-LG-PC01/discount"]
    target = render_chart_pdf(data, tmp_path / "chart.pdf", "en")
    page = pdf_page_image(target)
    assert not page.isNull()
    assert 0.08 < non_white_share(page) < 0.8, "bars, text and grid are drawn; the page is not blank"
    colours = {page.pixelColor(x, y).name() for x in range(0, page.width(), 3) for y in range(0, page.height(), 3)}
    assert "#0f766e" in colours, "teal direct bars are drawn"
    info = pdf_info(target)
    assert info["Pages"] == "1"
    width, _, height = info["Page size"].partition(" x ")
    assert abs(float(width) / float(height.split()[0]) - 16 / 9) < 0.01, "the PNG's 16:9 shape"
    assert abs(float(width) - chain_chart.PDF_PAGE_WIDTH_MM / 25.4 * 72) < 1
    assert data.title_en in info["Title"] and "factory direct" in info["Title"]
    assert "Factory Direct" in info["Creator"]


def test_widget_pdf_leaves_the_private_reference_off(qtbot, charts, tmp_path: Path) -> None:
    data = charts["XZ-CP-VT05"]
    assert data.reference is not None
    on_screen = tmp_path / "with-reference.pdf"
    render_chart_pdf(data, on_screen, "en")
    assert squeezed(data.reference.label) in pdf_text(on_screen), "the check below can see a reference"
    widget = ChainChart()
    qtbot.addWidget(widget)
    widget.set_data(data)
    exported = widget.export_pdf(tmp_path / "export.pdf", "en")
    text = pdf_text(exported)
    assert squeezed(data.reference.label) not in text and "Reference" not in text
    assert squeezed(chart_texts("en")["direct_group"]) in text


def test_pdf_to_a_missing_folder_fails_plainly_and_leaves_nothing(qapp, charts, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "chart.pdf"
    with pytest.raises(UserFacingError) as raised:
        render_chart_pdf(charts["XZ-LG-PC01"], target, "en")
    assert str(target) in raised.value.text("en") and "无法写入" in raised.value.text("zh_CN")
    assert not target.parent.exists() and list(tmp_path.iterdir()) == []


def test_a_failed_pdf_export_keeps_the_previous_file(qapp, charts, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = render_chart_pdf(charts["XZ-LG-PC01"], tmp_path / "chart.pdf", "en")
    good = target.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("painting failed half-way")

    monkeypatch.setattr(chain_chart, "paint_chart", broken)
    with pytest.raises(RuntimeError):
        render_chart_pdf(charts["XZ-SC-CB01"], target, "en")
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["chart.pdf"], "no partial file left behind"


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("plot_width", [360, 420, 480, 1000])
def test_the_reference_label_covers_no_chain_bar_and_keeps_its_price(qapp, charts, plot_width: int,
                                                                     lang: str) -> None:
    """At the wizard's width the label's white box hid the chain's tallest figure ("¥765.02" read "¥76"); kept
    to the direct group, it must then shorten the generic name, never the price it is there to show."""
    from PySide6.QtGui import QFontMetricsF

    from app.views.pricing.chain_chart import ON_SCREEN_UNIT, chart_texts, make_fonts, reference_label, short_money

    for code in ("XZ-LG-PC01", "XZ-CP-VT05", "XZ-SC-CB01"):
        data = charts[code]
        assert data.reference is not None
        layout = chart_layout(data, QRectF(60, 80, plot_width, 260))
        fonts = make_fonts((plot_width + 120, 420), ON_SCREEN_UNIT)   # as the widget paints it
        metrics = QFontMetricsF(fonts.small)
        box, label = reference_label(layout, data, chart_texts(lang), metrics, fonts.unit)
        for bar in (b for b in layout.bars if b.bar in data.chain_bars):
            assert box.left() >= bar.slot.right(), f"the label at {box} covers {bar.bar.label_en} at {bar.slot}"
        assert box.right() <= layout.plot.right() + 0.01 and box.width() > 0
        assert short_money(data.reference.price, data.currency) in label, label
        assert metrics.horizontalAdvance(label) <= box.width() + 0.01, f"{label!r} would be cut again"
