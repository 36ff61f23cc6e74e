"""The chain-versus-direct picture: ex-factory cost → each traditional layer → consumer price, beside
ex-factory → costs / fees / VAT / returns / margin → direct price for every channel, with the saving written big.

Drawn with QPainter, not QtCharts: QtCharts lives in `pyside6-addons`, which adds about 160 MB to every
install (shared/reference/environment.md §2) for one chart; a waterfall and stacked bars are a few hundred
lines of painting, and owning the drawing lets the same code render the widget, the PNG export and the
vector PDF export at any size and language.

The numbers come from `app.services.pricing.plans.ChartData` (the service sums the engine's exact parts and
rounds them so each bar's segments add up to the price shown); this module only lays them out and paints.
`render_chart_png(data, path, width, height, lang)` draws off-screen in any of the app's languages;
`render_chart_pdf(data, path, lang, width, height)` paints the same layout onto a PDF page, as vectors and
real (embedded, searchable) text, for print and for documents that scale it.
"""

from __future__ import annotations

import math
import os
import re
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QFile,
    QFileDevice,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTranslator,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app import APP_NAME, APP_NAME_ZH
from app.models.bilingual import Bilingual, UserFacingError
from app.services.kernel.files import atomic_write
from app.services.kernel.text import money_text, percent_text
from app.services.pricing.plans import ChartBar, ChartData, SegmentKind
from app.views.kit.i18n import compiled_catalogue, current_language
from app.views.kit.resources import register_fonts

CONTEXT = "ChainChart"

# Every fixed text of the picture, marked for lupdate (which reads only the QT_TRANSLATE_NOOP calls themselves).
_MARKED = {
    "subtitle": QT_TRANSLATE_NOOP("ChainChart", "Traditional chain vs factory direct"),
    "chain_group": QT_TRANSLATE_NOOP("ChainChart", "Traditional chain (assumptions)"),
    "direct_group": QT_TRANSLATE_NOOP("ChainChart", "Factory direct"),
    "ex_factory": QT_TRANSLATE_NOOP("ChainChart", "Ex-factory"),
    "consumer": QT_TRANSLATE_NOOP("ChainChart", "Consumer price"),
    "layer": QT_TRANSLATE_NOOP("ChainChart", "Chain markups"),
    "costs": QT_TRANSLATE_NOOP("ChainChart", "Other costs"),
    "fees": QT_TRANSLATE_NOOP("ChainChart", "Platform fees"),
    "vat": QT_TRANSLATE_NOOP("ChainChart", "VAT"),
    "returns": QT_TRANSLATE_NOOP("ChainChart", "Returns"),
    "margin": QT_TRANSLATE_NOOP("ChainChart", "Your margin"),
    "loss": QT_TRANSLATE_NOOP("ChainChart", "Loss"),
    "save": QT_TRANSLATE_NOOP("ChainChart", "Save %1 (%2)"),
    "versus": QT_TRANSLATE_NOOP("ChainChart", "%1 %2 vs %3 through the chain"),
    "dearer": QT_TRANSLATE_NOOP("ChainChart", "Direct is not cheaper"),
    "reference": QT_TRANSLATE_NOOP("ChainChart", "Reference: %1 %2"),
    "off_scale": QT_TRANSLATE_NOOP("ChainChart", "(off the scale)"),
    "supply": QT_TRANSLATE_NOOP("ChainChart", "supply price"),
    "assumed": QT_TRANSLATE_NOOP("ChainChart", "assumed"),
    "not_shown": QT_TRANSLATE_NOOP("ChainChart", "Not shown (other currency or no price): %1"),
    "empty": QT_TRANSLATE_NOOP("ChainChart", "Enter an ex-factory cost and pick channels to see the picture."),
}
#: The picture's fixed texts in English, translated per render language by `chart_texts`. (The marker hands
#: back its text; PySide's stubs type it as object, hence str().)
TEXTS: dict[str, str] = {key: str(text) for key, text in _MARKED.items()}

# The app palette (resources/style/app.qss): teal for direct, slate and amber for the chain.
INK = QColor("#0F172A")
SECONDARY = QColor("#475569")
MUTED = QColor("#94A3B8")
GRID = QColor("#E2E8F0")
TEAL = QColor("#0F766E")
SURFACE = QColor("#FFFFFF")
DANGER = QColor("#B91C1C")
SEGMENT_COLOURS: dict[SegmentKind, QColor] = {
    SegmentKind.EX_FACTORY: QColor("#334155"),
    SegmentKind.LAYER: QColor("#D97706"),
    SegmentKind.COSTS: QColor("#94A3B8"),
    SegmentKind.FEES: QColor("#5EEAD4"),
    SegmentKind.VAT: QColor("#CBD5E1"),
    SegmentKind.RETURNS: QColor("#FDA4AF"),
    SegmentKind.MARGIN: TEAL,
}
LAYER_SHADES = (QColor("#FCD34D"), QColor("#FBBF24"), QColor("#F59E0B"), QColor("#D97706"), QColor("#B45309"))
LEGEND_ORDER = (SegmentKind.EX_FACTORY, SegmentKind.LAYER, SegmentKind.COSTS, SegmentKind.FEES, SegmentKind.VAT,
                SegmentKind.RETURNS, SegmentKind.MARGIN)
#: The smallest text unit on screen (logical px): the widget never draws smaller than the UI's own text.
ON_SCREEN_UNIT = 12.0
#: The smallest layout width of an exported picture (logical px; the PNG is twice as many pixels).
EXPORT_WIDTH = 960
#: A reference price above this multiple of the tallest bar is drawn at the top, marked off the scale.
REFERENCE_SCALE_LIMIT = 1.35
#: The shipped CJK font (resources/fonts/wqy-zenhei.ttc), which every install has and whose licence allows
#: embedding: the PDF export draws with it first.
SHIPPED_FAMILY = "WenQuanYi Zen Hei"
#: The PDF page's width: inside the printable area of landscape A4 (297 mm) and Letter (279 mm) at 100 %.
PDF_PAGE_WIDTH_MM = 257.0
#: Dots per inch of the PDF's coordinate space: fine enough that rounding to it never shows, even on a poster.
PDF_RESOLUTION = 1200


# ---------------------------------------------------------------- texts in the render language


@lru_cache(maxsize=8)
def _translator(lang: str) -> QTranslator | None:
    """A translator for `lang` that is not installed (so a PNG can be drawn in another language than the UI)."""
    catalogue = compiled_catalogue(lang)
    translator = QTranslator()
    return translator if catalogue is not None and translator.load(str(catalogue)) else None


def chart_texts(lang: str) -> dict[str, str]:
    """The picture's fixed texts in `lang` (the UI's translator when it speaks `lang`, else the catalogue)."""
    if lang == current_language():
        return {key: QCoreApplication.translate(CONTEXT, text) for key, text in TEXTS.items()}
    translator = None if lang == "en" else _translator(lang)
    return {key: (translator.translate(CONTEXT, text) if translator else "") or text for key, text in TEXTS.items()}


def _fill(template: str, *values: str) -> str:
    for number, value in enumerate(values, start=1):
        template = template.replace(f"%{number}", value)
    return template


def short_money(amount: Decimal, currency: str) -> str:
    """A price as shown on a bar: whole units when there are no cents ('¥209'), else with cents."""
    text = money_text(amount, currency)
    return text[:-3] if text.endswith(".00") else text


# ---------------------------------------------------------------- layout


@dataclass(frozen=True)
class SegmentBox:
    """Where one segment of a bar is painted."""

    kind: SegmentKind
    rect: QRectF
    colour: QColor
    amount: Decimal


@dataclass(frozen=True)
class BarBox:
    """Where one bar is painted: its slot (for labels), its segments, and the y of its price."""

    bar: ChartBar
    slot: QRectF
    segments: tuple[SegmentBox, ...]
    top_y: float
    loss: QRectF | None


@dataclass(frozen=True)
class ChartLayout:
    """The picture's geometry for one size: the plot area, the value→y mapping and the bars."""

    plot: QRectF
    maximum: float
    bars: tuple[BarBox, ...]
    reference_y: float | None
    reference_off_scale: bool
    divider_x: float | None

    def y(self, value: float) -> float:
        if self.maximum <= 0:
            return self.plot.bottom()
        return self.plot.bottom() - (value / self.maximum) * self.plot.height()


@dataclass(frozen=True)
class Fonts:
    """Pixel fonts scaled to the picture's size, so it stays legible from a laptop to a projector."""

    title: QFont
    big: QFont
    normal: QFont
    bold: QFont
    small: QFont
    unit: float


def _font(base: QFont, pixels: float, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(8, round(pixels)))
    font.setBold(bold)
    return font


def make_fonts(size: QSize | tuple[float, float], min_unit: float = 9.0, base_font: QFont | None = None) -> Fonts:
    """Fonts for a picture of `size`; `min_unit` keeps on-screen text at the UI's size or larger.

    `base_font` picks the families (the app's UI fonts when None); the sizes always come from `size`.
    """
    width, height = (size.width(), size.height()) if isinstance(size, QSize) else size
    unit = max(min_unit, min(height / 34.0, width / 58.0))
    base = base_font if base_font is not None else _base_font()
    return Fonts(_font(base, unit * 1.25, True), _font(base, unit * 2.3, True), _font(base, unit),
                 _font(base, unit, True), _font(base, unit * 0.85), unit)


@lru_cache(maxsize=1)
def _font_families() -> tuple[str, ...]:
    """The app's font families with the shipped CJK font as a fallback (registered once)."""
    if SHIPPED_FAMILY not in QFontDatabase.families():
        register_fonts()
    return ("Microsoft YaHei UI", "PingFang SC", "Noto Sans CJK SC", SHIPPED_FAMILY, "sans-serif")


def _base_font() -> QFont:
    font = QFont(QGuiApplication.font())
    font.setFamilies([*QGuiApplication.font().families(), *_font_families()])
    return font


def document_font() -> QFont:
    """The font for a picture that leaves the app as a document (PDF): the shipped CJK font first.

    A PDF embeds the fonts it draws with, so its text must come from a font that every install has and that may
    be embedded; the UI's first choice (Microsoft YaHei, PingFang) differs per PC and may forbid embedding, in
    which case Qt draws the text as outlines and it can no longer be searched or copied. The app's families
    stay behind it for the few glyphs Zen Hei lacks (U+2212 "−" in a channel's saving).
    """
    font = _base_font()
    font.setFamilies([SHIPPED_FAMILY, *(f for f in font.families() if f != SHIPPED_FAMILY)])
    return font


def _nice_step(maximum: float, ticks: int = 5) -> float:
    """A round grid step (1, 2, 2.5 or 5 × 10^n) giving about `ticks` lines up to `maximum`."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power: float = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def chart_layout(data: ChartData, plot: QRectF) -> ChartLayout:
    """Bars and the reference line inside `plot` (chain group, a gap, then the direct group)."""
    highest = float(data.highest)
    reference = float(data.reference.price) if data.reference is not None else None
    off_scale = reference is not None and highest > 0 and reference > highest * REFERENCE_SCALE_LIMIT
    top = max(highest, reference if reference is not None and not off_scale else 0.0)
    maximum = top * 1.12 if top > 0 else 1.0
    layout = ChartLayout(plot, maximum, (), None, False, None)
    chain, direct = data.chain_bars, data.channel_bars
    slots = len(chain) + len(direct) + (0.6 if chain and direct else 0)
    if slots == 0:
        return layout
    slot_width = plot.width() / slots
    boxes: list[BarBox] = []
    x = plot.left()
    for index, bar in enumerate(chain):
        boxes.append(_bar_box(layout, bar, QRectF(x, plot.top(), slot_width, plot.height()), index))
        x += slot_width
    divider = None
    if chain and direct:
        divider = x + slot_width * 0.3
        x += slot_width * 0.6
    for bar in direct:
        boxes.append(_bar_box(layout, bar, QRectF(x, plot.top(), slot_width, plot.height()), 0))
        x += slot_width
    reference_y = None
    if reference is not None:
        reference_y = plot.top() if off_scale else layout.y(reference)
    return ChartLayout(plot, maximum, tuple(boxes), reference_y, off_scale, divider)


def _bar_box(layout: ChartLayout, bar: ChartBar, slot: QRectF, index: int) -> BarBox:
    width = min(slot.width() * 0.62, layout.plot.height() * 0.5)
    left = slot.center().x() - width / 2
    level = float(bar.start)
    segments: list[SegmentBox] = []
    layer_count = 0
    for segment in bar.segments:
        amount = float(segment.amount)
        if amount <= 0:
            continue
        colour = SEGMENT_COLOURS[segment.kind]
        if segment.kind is SegmentKind.LAYER:
            shade = index - 1 if bar.key.startswith("layer:") else layer_count
            colour = LAYER_SHADES[shade % len(LAYER_SHADES)]
            layer_count += 1
        y_low, y_high = layout.y(level), layout.y(level + amount)
        segments.append(SegmentBox(segment.kind, QRectF(left, y_high, width, y_low - y_high), colour, segment.amount))
        level += amount
    top_y = layout.y(float(bar.total))
    loss = None
    if level > float(bar.total) + 1e-9:  # costs stack above the price: the difference is a loss
        loss = QRectF(left, layout.y(level), width, top_y - layout.y(level))
    return BarBox(bar, slot, tuple(segments), min(top_y, layout.y(level)), loss)


# ---------------------------------------------------------------- painting


def headline_texts(data: ChartData | None, lang: str) -> tuple[str, str] | None:
    """The saving as the picture writes it: ('Save ¥487 (63.7%)', 'Tmall ¥278 vs ¥765.02 through the chain')."""
    if data is None or data.headline is None:
        return None
    texts = chart_texts(lang)
    headline = data.headline
    channel = headline.channel_zh if lang.startswith("zh") else headline.channel_en
    big = _fill(texts["save"], short_money(headline.saving, data.currency), percent_text(headline.saving_rate, 1)) \
        if headline.saving > 0 else texts["dearer"]
    detail = _fill(texts["versus"], channel, short_money(headline.direct_price, data.currency),
                   short_money(headline.chain_price, data.currency))
    return big, detail


def paint_chart(painter: QPainter, rect: QRectF, data: ChartData | None, lang: str, *, header: bool = True,
                min_unit: float = 9.0, base_font: QFont | None = None) -> None:
    """Paint the picture into `rect` (logical pixels) in `lang`.

    `header=False` leaves out the title and the saving (the page shows them as labels above the widget);
    `base_font` replaces the UI's font families (see `document_font`).
    """
    texts = chart_texts(lang)
    fonts = make_fonts((rect.width(), rect.height()), min_unit, base_font)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(rect, SURFACE)
    if data is None or not (data.chain_bars or data.channel_bars):
        painter.setFont(fonts.normal)
        painter.setPen(SECONDARY)
        painter.drawText(rect.adjusted(20, 20, -20, -20), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         texts["empty"])
        painter.restore()
        return
    u = fonts.unit
    pad = u * 1.3
    top = _paint_header(painter, rect, data, fonts, texts, lang, pad) + u * 3.4 if header else \
        rect.top() + pad * 0.4 + u * 2.6
    legend_height = u * 2.2 + (u * 1.4 if data.left_out_en else 0)
    label_height = u * 4.3
    widest = short_money(Decimal(int(data.highest * Decimal("1.12")) + 1), data.currency)
    axis_width = QFontMetricsF(fonts.small).horizontalAdvance(widest) + u
    plot = QRectF(rect.left() + pad + axis_width, top, 0, 0)
    plot.setRight(rect.right() - pad)
    plot.setBottom(rect.bottom() - pad - legend_height - label_height)
    layout = chart_layout(data, plot)
    _paint_grid(painter, layout, data.currency, fonts)
    _paint_groups(painter, layout, data, fonts, texts)
    for box in layout.bars:
        _paint_bar(painter, box, data, fonts, texts, lang)
    _paint_reference(painter, layout, data, fonts, texts)
    _paint_legend(painter, rect, plot.bottom() + label_height, data, fonts, texts, lang, pad)
    painter.restore()


def _paint_header(painter: QPainter, rect: QRectF, data: ChartData, fonts: Fonts, texts: dict[str, str],
                  lang: str, pad: float) -> float:
    """Title at the left, the saving big at the right; returns the header's bottom."""
    u = fonts.unit
    headline = data.headline
    right_width = rect.width() * 0.36 if headline is not None else 0
    title_rect = QRectF(rect.left() + pad, rect.top() + pad, rect.width() - 2 * pad - right_width, u * 1.8)
    painter.setPen(INK)
    painter.setFont(fonts.title)
    title = data.title_zh if lang.startswith("zh") else data.title_en
    painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     QFontMetricsF(fonts.title).elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()))
    painter.setFont(fonts.normal)
    painter.setPen(SECONDARY)
    subtitle = texts["subtitle"] + (f"  ·  {data.detail}" if data.detail else "")
    painter.drawText(title_rect.translated(0, u * 1.8), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     QFontMetricsF(fonts.normal).elidedText(subtitle, Qt.TextElideMode.ElideRight, title_rect.width()))
    bottom = title_rect.bottom() + u * 1.8
    if headline is None:
        return bottom
    box = QRectF(rect.right() - pad - right_width, rect.top() + pad, right_width, u * 4.6)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#F0FDFA"))
    painter.drawRoundedRect(box, u * 0.6, u * 0.6)
    inner = box.adjusted(u * 0.9, u * 0.3, -u * 0.9, -u * 0.3)
    cheaper = headline.saving > 0
    big, detail = headline_texts(data, lang) or ("", "")
    painter.setPen(TEAL if cheaper else DANGER)
    big_rect = QRectF(inner.left(), inner.top(), inner.width(), inner.height() * 0.62)
    painter.setFont(_fitting_font(fonts.big, big, big_rect, Qt.AlignmentFlag.AlignRight, smallest=0.5))
    painter.drawText(big_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     painter.fontMetrics().elidedText(big, Qt.TextElideMode.ElideRight, int(big_rect.width())))
    painter.setFont(fonts.small)
    painter.setPen(SECONDARY)
    detail_rect = QRectF(inner.left(), big_rect.bottom(), inner.width(), inner.height() - big_rect.height())
    painter.drawText(detail_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     QFontMetricsF(fonts.small).elidedText(detail, Qt.TextElideMode.ElideRight, detail_rect.width()))
    return max(bottom, box.bottom())


def _paint_grid(painter: QPainter, layout: ChartLayout, currency: str, fonts: Fonts) -> None:
    plot = layout.plot
    step = _nice_step(layout.maximum / 1.12)
    painter.setFont(fonts.small)
    metrics = QFontMetricsF(fonts.small)
    value = 0.0
    while value <= layout.maximum + 1e-9:
        y = layout.y(value)
        painter.setPen(QPen(GRID if value else MUTED, 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(SECONDARY)
        label = short_money(Decimal(str(round(value, 2))), currency)
        painter.drawText(QRectF(plot.left() - metrics.horizontalAdvance(label) - fonts.unit * 0.5,
                                y - metrics.height() / 2, metrics.horizontalAdvance(label), metrics.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        value += step


def _paint_groups(painter: QPainter, layout: ChartLayout, data: ChartData, fonts: Fonts,
                  texts: dict[str, str]) -> None:
    """Captions over the chain group and the direct group, and a divider between them."""
    u = fonts.unit
    painter.setFont(fonts.bold)
    chain_boxes = layout.bars[:len(data.chain_bars)]
    direct_boxes = layout.bars[len(data.chain_bars):]
    for boxes, text, colour in ((chain_boxes, texts["chain_group"], QColor("#B45309")),
                                (direct_boxes, texts["direct_group"], TEAL)):
        if not boxes:
            continue
        area = QRectF(boxes[0].slot.left(), layout.plot.top() - u * 2.6, boxes[-1].slot.right() - boxes[0].slot.left(),
                      u * 1.6)
        painter.setPen(colour)
        painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetricsF(fonts.bold).elidedText(text, Qt.TextElideMode.ElideRight, area.width()))
        painter.setPen(QPen(colour, max(1.0, u * 0.15)))
        painter.drawLine(QPointF(area.left() + u * 0.3, area.bottom() + u * 0.2),
                         QPointF(area.right() - u * 0.3, area.bottom() + u * 0.2))
    if layout.divider_x is not None:
        painter.setPen(QPen(GRID, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(layout.divider_x, layout.plot.top() - u * 2.6),
                         QPointF(layout.divider_x, layout.plot.bottom()))


def _bar_name(box: BarBox, texts: dict[str, str], lang: str) -> str:
    bar = box.bar
    if bar.key == "ex_factory":
        return texts["ex_factory"]
    if bar.key == "chain_total":
        return texts["consumer"]
    name = re.sub(r"\s*[(（][^)）]*[)）]", "", bar.label(lang)) or bar.label(lang)  # "(Yanxuan/Youpin)" off
    if bar.kind == "odm":
        name += f"\n{texts['supply']}"
    if bar.note:
        name += f" {bar.note}"
    return name + ("*" if bar.is_assumption else "")


def _paint_bar(painter: QPainter, box: BarBox, data: ChartData, fonts: Fonts, texts: dict[str, str],
               lang: str) -> None:
    u = fonts.unit
    painter.setPen(Qt.PenStyle.NoPen)
    for segment in box.segments:
        painter.setBrush(segment.colour)
        painter.drawRect(segment.rect)
    if box.loss is not None:
        painter.setBrush(QBrush(DANGER, Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(DANGER, 1))
        painter.drawRect(box.loss)
    # above the bar: a layer's increment, or a price (and a direct channel's saving against the chain)
    is_step = box.bar.key.startswith("layer:")
    shown = "+" + short_money(box.bar.total - box.bar.start, data.currency) if is_step else \
        short_money(box.bar.total, data.currency)
    fit = QRectF(0, 0, box.slot.width() - 6, u * 3)
    painter.setFont(_fitting_font(fonts.small if is_step else fonts.bold, shown, fit, Qt.AlignmentFlag.AlignLeft))
    painter.setPen(QColor("#B45309") if is_step else INK)
    metrics = QFontMetricsF(painter.font())
    price_rect = QRectF(box.slot.left(), box.top_y - metrics.height() - u * 0.2, box.slot.width(), metrics.height())
    inside = box.segments[0].rect if is_step and box.segments else None
    if inside is not None and inside.height() > metrics.height() * 1.6 and \
            inside.width() > metrics.horizontalAdvance(shown) + 4:
        painter.setPen(INK)
        painter.drawText(inside, Qt.AlignmentFlag.AlignCenter, shown)  # tall enough: the increment inside
    else:
        painter.drawText(price_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, shown)
    if box.bar.saving_rate is not None and box.bar.kind != "chain":
        painter.setFont(fonts.small)
        painter.setPen(TEAL if box.bar.saving_rate > 0 else DANGER)
        sign = "−" if box.bar.saving_rate > 0 else "+"
        painter.drawText(price_rect.translated(0, -metrics.height()),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                         sign + percent_text(abs(box.bar.saving_rate), 0))
    # the name below, wrapped (and made smaller when a word would not fit the slot)
    painter.setPen(INK)
    name_rect = QRectF(box.slot.left() + 1, box.slot.bottom() + u * 0.3, box.slot.width() - 2, u * 3.9)
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    name = _bar_name(box, texts, lang)
    painter.setFont(_fitting_font(fonts.small, name, name_rect, flags))
    painter.drawText(name_rect, flags, name)


def _fitting_font(font: QFont, text: str, rect: QRectF, flags: Qt.AlignmentFlag | Qt.TextFlag,
                  smallest: float = 0.7) -> QFont:
    """`font`, or a smaller one (down to `smallest` of it), so that `text` fits `rect` without cutting a word."""
    size = font.pixelSize()
    lowest = max(8, int(size * smallest))
    for pixels in range(size, lowest - 1, -1):
        candidate = QFont(font)
        candidate.setPixelSize(pixels)
        bounds = QFontMetricsF(candidate).boundingRect(rect, int(flags), text)
        if bounds.width() <= rect.width() + 0.5 and bounds.height() <= rect.height() + 0.5:
            return candidate
    candidate = QFont(font)
    candidate.setPixelSize(lowest)
    return candidate


def _paint_reference(painter: QPainter, layout: ChartLayout, data: ChartData, fonts: Fonts,
                     texts: dict[str, str]) -> None:
    """The private reference price as a dashed line with its generic label (at the top when off the scale)."""
    if data.reference is None or layout.reference_y is None:
        return
    u = fonts.unit
    y = layout.reference_y
    painter.setPen(QPen(QColor("#7C2D12"), max(1.2, u * 0.14), Qt.PenStyle.DashLine))
    painter.drawLine(QPointF(layout.plot.left(), y), QPointF(layout.plot.right(), y))
    if layout.reference_off_scale:
        painter.setPen(QPen(QColor("#7C2D12"), 1.5))
        for dx in (0.0, u * 0.5):  # the axis-break mark
            x = layout.plot.left() - u * 0.25 + dx
            painter.drawLine(QPointF(x - u * 0.3, y + u * 0.5), QPointF(x + u * 0.3, y - u * 0.1))
    painter.setFont(fonts.small)
    metrics = QFontMetricsF(fonts.small)
    box, label = reference_label(layout, data, texts, metrics, u)
    painter.fillRect(box, QColor(255, 255, 255, 225))
    painter.setPen(QColor("#7C2D12"))
    painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, box.width()))


def reference_label(layout: ChartLayout, data: ChartData, texts: dict[str, str], metrics: QFontMetricsF,
                    u: float) -> tuple[QRectF, str]:
    """Where the reference price's label goes and what it says.

    At the right, over the direct group only (its bars are the low ones): across the whole plot, a long label
    painted its white box over the chain's tallest figure at a narrow size ("¥765.02" read "¥76"). When the
    label is too long for that room, the generic name gives way ("同类国际品牌 24…"), never the price; then the
    "off the scale" note; the price is cut only when nothing else is left.
    """
    assert data.reference is not None
    y = layout.reference_y if layout.reference_y is not None else layout.plot.top()
    left = layout.plot.left() if layout.divider_x is None else layout.divider_x + u * 0.3
    room = layout.plot.right() - left - u
    price = short_money(data.reference.price, data.currency)
    notes = [" " + texts["off_scale"], ""] if layout.reference_off_scale else [""]
    label = ""
    for note in notes:
        label = _fill(texts["reference"], data.reference.label, price) + note
        if metrics.horizontalAdvance(label) <= room:
            break
        name_room = room - metrics.horizontalAdvance(_fill(texts["reference"], "", price) + note)
        name = metrics.elidedText(data.reference.label, Qt.TextElideMode.ElideRight, name_room)
        if name.strip("…"):   # some of the name is left, not only the ellipsis
            label = _fill(texts["reference"], name, price) + note
            break
    width = min(metrics.horizontalAdvance(label) + u, room + u)
    top = y + u * 0.3 if layout.reference_off_scale else y - metrics.height() - u * 0.3
    return QRectF(layout.plot.right() - width, top, width, metrics.height() + u * 0.1), label


def _paint_legend(painter: QPainter, rect: QRectF, top: float, data: ChartData, fonts: Fonts,
                  texts: dict[str, str], lang: str, pad: float) -> None:
    u = fonts.unit
    painter.setFont(fonts.small)
    metrics = QFontMetricsF(fonts.small)
    kinds = [k for k in LEGEND_ORDER if k is not SegmentKind.LAYER or data.chain_bars]
    labels = [texts[k.value] for k in kinds]
    total = sum(metrics.horizontalAdvance(t) + u * 2.2 for t in labels)
    x = rect.left() + max(pad, (rect.width() - total) / 2)
    y = top + u * 0.6
    for kind, label in zip(kinds, labels, strict=False):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(LAYER_SHADES[2] if kind is SegmentKind.LAYER else SEGMENT_COLOURS[kind])
        painter.drawRoundedRect(QRectF(x, y + (metrics.height() - u * 0.8) / 2, u * 0.8, u * 0.8), 2, 2)
        painter.setPen(INK)
        painter.drawText(QPointF(x + u * 1.1, y + metrics.ascent()), label)
        x += metrics.horizontalAdvance(label) + u * 2.2
    left_out = data.left_out_zh if lang.startswith("zh") else data.left_out_en
    if left_out:
        painter.setPen(SECONDARY)
        note = _fill(texts["not_shown"], "、".join(left_out) if lang.startswith("zh") else ", ".join(left_out))
        painter.drawText(QRectF(rect.left() + pad, y + u * 1.4, rect.width() - 2 * pad, metrics.height()),
                         Qt.AlignmentFlag.AlignHCenter, metrics.elidedText(note, Qt.TextElideMode.ElideRight,
                                                                           rect.width() - 2 * pad))


# ---------------------------------------------------------------- off-screen rendering


def render_chart_image(data: ChartData | None, width: int, height: int, lang: str, scale: float = 2.0) -> QImage:
    """The picture as an image of exactly `width` × `height` pixels, laid out at 1/`scale` (crisp text)."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(SURFACE)
    painter = QPainter(image)
    try:
        paint_chart(painter, QRectF(0, 0, width / scale, height / scale), data, lang)
    finally:
        painter.end()
    return image


def render_chart_png(data: ChartData | None, path: str | Path, width: int = 1920, height: int = 1080,
                     lang: str | None = None) -> Path:
    """Write the picture as a PNG of `width` × `height` pixels in `lang` (drawn at 2× for crisp text).

    Written through a temporary file beside `path`, so a failure never leaves half an image. Raises OSError.
    """
    target = Path(path)
    image = render_chart_image(data, width, height, lang or current_language())
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial.png")
    try:
        if not image.save(str(temp)):  # PNG, from the temporary file's .png suffix
            raise OSError(f"cannot write {target}")
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def render_chart_pdf(data: ChartData | None, path: str | Path, lang: str | None = None, width: int = EXPORT_WIDTH,
                     height: int = round(EXPORT_WIDTH * 9 / 16)) -> Path:
    """Write the picture as a one-page vector PDF in `lang`; returns the file written.

    The layout is the one a `width` × `height` (logical px) PNG gets, scaled onto a page of the same shape
    PDF_PAGE_WIDTH_MM wide, so the PDF shows the PNG's chart. Bars and lines stay vectors and the text stays text,
    in the shipped font (`document_font`), embedded: it prints sharp at any size, can be searched and copied, and
    shows Chinese on a PC without Chinese fonts.

    Written through `atomic_write`, so a failure never leaves half a PDF or replaces a good one. When the target
    is held open (a PDF viewer on Windows), the PDF goes to "name (1).pdf": use the path returned.
    Raises UserFacingError (folder missing or not writable, file in use) or OSError.
    """
    target = Path(path)
    render_lang = lang or current_language()

    def write(temp: Path) -> None:
        if not _paint_pdf(data, temp, render_lang, width, height):
            raise UserFacingError(Bilingual(
                f"无法写入 PDF：{target}（请检查文件夹是否存在、可以写入、空间足够）",
                f"Can't write the PDF {target}: check that the folder exists, can be written to and has space."))

    return atomic_write(target, write)[0]


def pdf_title(data: ChartData | None, lang: str) -> str:
    """The PDF's title (shown by viewers and search): the product and what the chart compares, in `lang`."""
    subtitle = chart_texts(lang)["subtitle"]
    if data is None:
        return subtitle
    return f"{data.title_zh if lang.startswith('zh') else data.title_en} — {subtitle}"


def _paint_pdf(data: ChartData | None, file: Path, lang: str, width: int, height: int) -> bool:
    """Paint the picture onto a fresh one-page PDF at `file`; False when the file can't be created or written.

    The file is opened here rather than by QPdfWriter, which would only warn on the console and paint nowhere,
    and whose write errors (a full disk) would otherwise go unnoticed.
    """
    output = QFile(str(file))
    if not output.open(QIODevice.OpenModeFlag.WriteOnly):
        return False
    try:
        _paint_pdf_page(QPdfWriter(output), data, lang, width, height)
    finally:
        output.close()
    return output.error() == QFileDevice.FileError.NoError


def _paint_pdf_page(writer: QPdfWriter, data: ChartData | None, lang: str, width: int, height: int) -> None:
    """One page of the picture's shape, titled, with the chart painted over all of it."""
    writer.setResolution(PDF_RESOLUTION)
    page = QSizeF(PDF_PAGE_WIDTH_MM, PDF_PAGE_WIDTH_MM * height / width)
    writer.setPageSize(QPageSize(page, QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.ExactMatch))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setTitle(pdf_title(data, lang))
    writer.setCreator(f"{APP_NAME_ZH} {APP_NAME}")
    painter = QPainter(writer)
    try:
        scale = min(writer.width() / width, writer.height() / height)  # logical px → 1/1200 in
        painter.scale(scale, scale)
        paint_chart(painter, QRectF(0, 0, width, height), data, lang, base_font=document_font())
    finally:
        painter.end()


class ChainChart(QWidget):
    """The picture on the Pricing page; repaints when `set_data` gets new figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ChartData | None = None
        self.setObjectName("chainChart")
        self.setMinimumSize(480, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def chart_data(self) -> ChartData | None:
        return self._data

    def set_data(self, data: ChartData | None) -> None:
        self._data = data
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            paint_chart(painter, QRectF(self.rect()), self._data, current_language(), header=False,
                        min_unit=ON_SCREEN_UNIT)
        finally:
            painter.end()

    def export_png(self, path: str | Path, lang: str | None = None) -> Path:
        """Save the picture for slides: 16:9, laid out at least 960 px wide and drawn at 2× (1920 × 1080 and up)."""
        width, height = self._export_size()
        return render_chart_png(self._public_data(), path, width * 2, height * 2, lang)

    def export_pdf(self, path: str | Path, lang: str | None = None) -> Path:
        """Save the picture as a vector PDF for print: the same layout as `export_png`, text kept as text.

        Returns the file written (another name when the target is open in a viewer on Windows).
        """
        width, height = self._export_size()
        return render_chart_pdf(self._public_data(), path, lang, width, height)

    def _export_size(self) -> tuple[int, int]:
        """The exported layout: 16:9 for slides, at least EXPORT_WIDTH wide, wider when the widget is."""
        width = max(self.width(), EXPORT_WIDTH)
        return width, round(width * 9 / 16)

    def _public_data(self) -> ChartData | None:
        """The figures without the private reference price: an export is handed to buyers, and the reference
        is another brand's product."""
        return replace(self._data, reference=None) if self._data is not None else None
