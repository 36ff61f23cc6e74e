"""The chain-versus-direct picture: PNGs of the requested size in Chinese and English, bars that add up exactly
to the prices shown, and geometry that puts each bar's top at its price."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from app.db import open_workspace
from app.services.demo import create_demo_workspace
from app.services.pricing import Returns, Target, TargetKind
from app.services.pricing_plans import ChartBar, ChartData, ChartSegment, PricingService, SegmentKind
from app.views.chain_chart import (
    ChainChart, chart_layout, chart_texts, headline_texts, render_chart_image, render_chart_png, short_money,
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
