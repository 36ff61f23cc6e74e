"""What every printed document shares: paper, styles, the brand colour, page templates with letterhead and
footer, barcodes and QR codes, atomic writing, and batch generation of spec sheets.

House style: one embedded font (see `fonts`), ink-dark text, the brand colour #0F766E used sparingly (the
letterhead rule, section titles, table header rules), hairline grey rules, zebra rows in long tables.
Visual bold is drawn by stroking the glyph outlines (`BoldParagraph`) because the shipped font has no bold.

Speed (see shared/reference/environment.md): ASCII-85 stream encoding and shape checking are switched off
once, and QR codes are drawn as vector runs from the `qrcode` package's matrix.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import qrcode
from reportlab import rl_config
from reportlab.graphics.barcode import eanbc
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from app import __version__
from app.db import Workspace
from app.models.bilingual import Bilingual, UserFacingError
from app.models.gtin import is_valid_gtin
from app.services.catalogue_io import atomic_write
from app.services.printing.fonts import FONT_NAME, TextGuard, register_fonts
from app.services.printing.line_breaking import break_lines
from app.services.printing.public_data import PrintCancelled, PublicFactory

Lang = Literal["zh", "en", "both"]
LANGS: tuple[str, ...] = ("zh", "en", "both")
PAPERS: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

BRAND = colors.HexColor("#0F766E")
BRAND_TINT = colors.HexColor("#E8F3F1")
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#62707C")
RULE = colors.HexColor("#D3DAE0")
ZEBRA = colors.HexColor("#F5F7F8")
WHITE = colors.white

MARGIN_X = 16 * mm
MARGIN_TOP = 27 * mm       # room for the letterhead
MARGIN_BOTTOM = 18 * mm    # room for the footer


#: Chinese full-width punctuation that must not start a line. ReportLab's CJK line breaking knows the
#: Japanese marks (、。」) but not the Chinese ones, and put "，" at the start of a line.
CHINESE_CANNOT_START = "，；：？！）》〉」』】〕］｝％…—"


def tune_reportlab() -> None:
    """Faster output without changing what is drawn (no ASCII-85 encoding, no shape argument checks), and
    Chinese punctuation added to the characters CJK line breaking keeps off the start of a line."""
    rl_config.useA85 = 0
    rl_config.shapeChecking = 0
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):   # one-fragment paragraphs break in textsplit, others in paragraph
        missing = "".join(c for c in CHINESE_CANNOT_START if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


tune_reportlab()


class PrintInputError(UserFacingError):
    """A print request the user can correct (unknown language, paper or channel, missing rate…)."""


def check_products(products: Sequence[object]) -> None:
    """A catalogue or price list needs at least one product (an empty one would print only its frame)."""
    if not products:
        raise PrintInputError(Bilingual("工作区里还没有产品：请先添加产品再打印",
                                        "The workspace has no products yet: add products before printing"))


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise PrintInputError(Bilingual(f"语言必须是 zh、en 或 both：{lang}", f"Language must be zh, en or both: {lang}"))
    return lang  # type: ignore[return-value]


def check_paper(paper: str) -> tuple[float, float]:
    if paper not in PAPERS:
        raise PrintInputError(Bilingual(f"纸张必须是 A4 或 Letter：{paper}", f"Paper must be A4 or Letter: {paper}"))
    return PAPERS[paper]


def pick(lang: str, zh: str, en: str) -> str:
    """The text for a single-language document: zh for zh, en otherwise."""
    return zh if lang == "zh" else en


def label(lang: str, zh: str, en: str, *, sep: str = "  ") -> str:
    """A fixed label as markup: one language, or Chinese then the English in the muted colour."""
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return f'{zh}{sep}<font color="{MUTED.hexval()}">{en}</font>'


def plain_label(lang: str, zh: str, en: str, *, sep: str = " ") -> str:
    """A fixed label as plain text (canvas strings, bookmarks): one language, or both."""
    return zh if lang == "zh" else en if lang == "en" else f"{zh}{sep}{en}"


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of every document (all in the embedded font, Chinese line breaking)."""

    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    code: ParagraphStyle
    section: ParagraphStyle
    cell: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_head: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head_right: ParagraphStyle
    bullet: ParagraphStyle
    bullet_second: ParagraphStyle   # the English under a Chinese bullet point
    numbered: ParagraphStyle
    caption: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]


@lru_cache(maxsize=1)
def styles() -> Styles:
    """The shared styles, built once."""
    font = register_fonts()

    def style(name: str, size: float, leading: float, color: colors.Color = INK, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=color,
                              wordWrap="CJK", bulletFontName=font, **kw)

    return Styles(
        body=style("fd-body", 9, 13.5),
        small=style("fd-small", 8, 11.5),
        muted=style("fd-muted", 8, 11.5, MUTED),
        title=style("fd-title", 19, 25, INK, spaceAfter=1),
        subtitle=style("fd-subtitle", 11.5, 15.5, MUTED),
        code=style("fd-code", 8.5, 11, BRAND),
        section=style("fd-section", 10.5, 14, BRAND, spaceBefore=9, spaceAfter=4),
        cell=style("fd-cell", 8, 10.8),
        cell_muted=style("fd-cell-muted", 8, 10.8, MUTED),
        cell_head=style("fd-cell-head", 8, 10.8, INK),
        cell_right=style("fd-cell-right", 8, 10.8, alignment=TA_RIGHT),
        cell_head_right=style("fd-cell-head-right", 8, 10.8, INK, alignment=TA_RIGHT),
        bullet=style("fd-bullet", 9, 13.2, leftIndent=10, bulletIndent=0, spaceAfter=2.5, bulletFontSize=5.5,
                     bulletColor=BRAND, bulletOffsetY=1.7),
        bullet_second=style("fd-bullet-second", 8, 11.2, MUTED, leftIndent=10, spaceAfter=2.5),
        numbered=style("fd-numbered", 9, 13.2, leftIndent=14, bulletIndent=0, spaceAfter=3, bulletFontSize=9,
                       bulletColor=BRAND),
        caption=style("fd-caption", 7, 9, MUTED, alignment=TA_CENTER),
        toc=(style("fd-toc-0", 10, 15, INK, leftIndent=0, firstLineIndent=0),
             style("fd-toc-1", 8.5, 12, MUTED, leftIndent=14, firstLineIndent=0)),
    )


_HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_latin_styles: dict[str, ParagraphStyle] = {}


def _latin_style(style: ParagraphStyle) -> ParagraphStyle:
    latin = _latin_styles.get(style.name)
    if latin is None:
        latin = _latin_styles[style.name] = ParagraphStyle(f"{style.name}-latin", parent=style, wordWrap=None)
    return latin


class Para(Paragraph):
    """A Paragraph that remembers its last layout: tables, keep-together groups and frames ask the same
    paragraph to wrap at the same width several times, and CJK line breaking is the costliest step of a
    page. The result only depends on the width (and the style and text, which don't change)."""

    _wrapped_at: float | None = None

    def __init__(self, text: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        if style.wordWrap == "CJK" and not _HAN.search(text):
            style = _latin_style(style)   # Latin-only text: ordinary line breaking, ~2.5× faster
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        if self._wrapped_at == availWidth and getattr(self, "blPara", None) is not None:
            self.width = availWidth
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._wrapped_at = None   # splitting re-wraps and may change the lines
        return super().split(availWidth, availHeight)


class BoldParagraph(Para):
    """A paragraph drawn with its glyph outlines stroked as well as filled: bold from a font without one.

    Text render mode 2 (fill, then stroke) is part of the PDF text state, which ReportLab's text objects
    leave alone, so it applies to the whole paragraph; the text stays extractable.
    """

    weight = 0.028  # stroke width as a fraction of the font size

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 (ReportLab API)
        canvas.saveState()
        canvas.addLiteral("2 Tr")
        canvas.setLineWidth(self.style.fontSize * self.weight)
        canvas.setStrokeColor(self.style.textColor)
        canvas.setLineJoin(1)
        super().drawOn(canvas, x, y, _sW)
        canvas.restoreState()


@dataclass(frozen=True)
class _Line:
    """One laid-out line of a Label: its text and how it is drawn."""

    text: str
    style: ParagraphStyle
    color: colors.Color
    first: bool            # the first line of one of the label's texts (where a bullet goes)


class Label(Flowable):
    """Plain text in the embedded font drawn straight onto the canvas: table cells, captions, labels,
    selling points, descriptions — everything that needs no markup inside a line.

    Each item of `lines` is one text (it may hold "\n") with its paragraph style and colour (None: the
    style's); it wraps at the width given, breaking lines the Chinese way (`line_breaking`), and a Label
    taller than the space left on a page splits between lines. ReportLab's paragraph engine parses markup
    and makes one fragment per Chinese character, which made it the costliest part of a page; a Label
    measures each text once per width and draws each line with one text operation. `bullet` is drawn
    before the first text as the first style's bullet (font size, colour, indent, offset). Text must
    already be guarded (`TextGuard.plain`).
    """

    def __init__(self, lines: Sequence[tuple[str, ParagraphStyle, colors.Color | None]], *, bold: bool = False,
                 align: str = "LEFT", bullet: str | None = None) -> None:
        super().__init__()
        self.lines = [(text, style, color or style.textColor) for text, style, color in lines if text]
        self.bold = bold
        self.align = align
        self.bullet = bullet
        self._laid: list[_Line] = []
        self._laid_at: float | None = None
        styles_used = [style for _t, style, _c in self.lines]
        self.spaceBefore = styles_used[0].spaceBefore if styles_used else 0
        self.spaceAfter = styles_used[-1].spaceAfter if styles_used else 0

    @classmethod
    def _of_lines(cls, template: Label, laid: list[_Line]) -> Label:
        """A Label of already laid-out lines (one half of a split)."""
        part = cls([], bold=template.bold, align=template.align, bullet=template.bullet)
        # Its own texts, should it be laid out again at another width (a frame of another size): each text
        # is its lines joined by line breaks, so nothing is lost or repeated.
        for line in laid:
            if line.first or not part.lines:
                part.lines.append((line.text, line.style, line.color))
            else:
                text, style, color = part.lines[-1]
                part.lines[-1] = (f"{text}\n{line.text}", style, color)
        part._laid, part._laid_at = laid, template._laid_at
        part.spaceBefore, part.spaceAfter = template.spaceBefore, template.spaceAfter
        return part

    def _lay_out(self, width: float) -> list[_Line]:
        if self._laid_at == width:
            return self._laid
        laid: list[_Line] = []
        for text, style, color in self.lines:
            room = width - style.leftIndent - style.rightIndent
            measure = _measurer(style.fontName, style.fontSize)
            for number, line in enumerate(break_lines(text, room, measure)):
                laid.append(_Line(line, style, color, number == 0))
        self._laid, self._laid_at = laid, width
        return laid

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._laid_at is None or self._laid_at != available_width:
            self._lay_out(available_width)
        self.width = available_width
        self.height = sum(line.style.leading for line in self._laid)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        laid = self._lay_out(available_width)
        used, fits = 0.0, 0
        for line in laid:
            if used + line.style.leading > available_height + 1e-6:
                break
            used += line.style.leading
            fits += 1
        if fits == 0 or fits == len(laid):
            return []
        first, rest = Label._of_lines(self, laid[:fits]), Label._of_lines(self, laid[fits:])
        first.spaceAfter, rest.spaceBefore = 0, 0
        rest.bullet = None   # the bullet marks the start of the item, which is on the first part
        return [first, rest]

    def draw(self) -> None:
        # drawOn saves and restores the graphics state around this: no saveState of our own
        canvas = self.canv
        if self.bold and self._laid:
            canvas.setLineWidth(self._laid[0].style.fontSize * BoldParagraph.weight)
        text = canvas.beginText()
        self.emit(text, TextState(), 0.0, 0.0)
        canvas.drawText(text)

    def emit(self, text: Any, state: TextState, x: float, y: float) -> None:
        """Add the label's lines, with (x, y) its bottom left, to a text object that is drawn later.

        A table or a row of columns collects all its labels into one text object: each text object costs
        PDF operators and time, and a spec sheet has dozens of small labels. Font, colours and render mode
        are set only when they change from `state`. A bold label needs the line width set by whoever draws
        the text object (`BoldParagraph.weight` × font size).
        """
        if not self._laid:
            return
        top = y + self.height
        if self.bullet and self._laid[0].first:
            self._emit_bullet(text, state, x, top)
        mode = 2 if self.bold else 0
        if state.mode != mode:
            text.setTextRenderMode(mode)
            state.mode = mode
        for line in self._laid:
            style = line.style
            state.use(text, style.fontName, style.fontSize, line.color, stroke=self.bold)
            left = x + style.leftIndent
            if self.align != "LEFT":
                room = self.width - style.leftIndent - style.rightIndent
                spare = room - stringWidth(line.text, style.fontName, style.fontSize)
                left += spare / 2 if self.align == "CENTER" else spare
            text.setTextOrigin(left, top - style.fontSize)
            text.textOut(line.text)
            top -= style.leading

    def _emit_bullet(self, text: Any, state: TextState, x: float, top: float) -> None:
        style = self._laid[0].style
        if state.mode != 0:
            text.setTextRenderMode(0)
            state.mode = 0
        state.use(text, style.bulletFontName, style.bulletFontSize, style.bulletColor or style.textColor)
        text.setTextOrigin(x + style.bulletIndent, top - style.fontSize + style.bulletOffsetY)
        text.textOut(self.bullet or "")


class TextState:
    """What a text object currently draws with, so that Labels sharing it only emit changes."""

    __slots__ = ("font", "fill", "stroke", "mode")

    def __init__(self) -> None:
        self.font: tuple[str, float] | None = None
        self.fill: colors.Color | None = None
        self.stroke: colors.Color | None = None
        self.mode = 0

    def use(self, text: Any, font: str, size: float, color: colors.Color, *, stroke: bool = False) -> None:
        if self.font != (font, size):
            text.setFont(font, size)
            self.font = (font, size)
        if self.fill is not color:
            text.setFillColor(color)
            self.fill = color
        if stroke and self.stroke is not color:
            text.setStrokeColor(color)
            self.stroke = color


@lru_cache(maxsize=64)
def _measurer(font_name: str, size: float) -> Callable[[str], float]:
    """stringWidth for one font and size, remembered: the line breaker measures the same characters and
    words again and again (each Chinese character is a unit of its own)."""
    widths: dict[str, float] = {}

    def measure(text: str) -> float:
        width = widths.get(text)
        if width is None:
            if len(widths) > 50_000:   # a bound for very long batch jobs
                widths.clear()
            width = widths[text] = stringWidth(text, font_name, size)
        return width

    return measure


def label_cell(lang: str, zh: str, en: str, style: ParagraphStyle, *, bold: bool = False, align: str = "LEFT",
               second: colors.Color | None = None) -> Label:
    """A fixed bilingual label as a Label: one language, or Chinese over English (English in `second`)."""
    if lang == "zh":
        return Label([(zh, style, None)], bold=bold, align=align)
    if lang == "en":
        return Label([(en, style, None)], bold=bold, align=align)
    return Label([(zh, style, None), (en, style, second)], bold=bold, align=align)


class SectionTitle(Label):
    """A section title in the brand colour, faux bold, with a hairline rule under it; kept with what follows.

    `text` is a fixed label as `label()` makes it (markup is reduced to its text: one colour reads better
    in a title than Chinese and English in two)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__([(outline_text(text), style, None)], bold=True)
        self.keepWithNext = True

    def draw(self) -> None:
        super().draw()
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(0, -2.5, self.width, -2.5)
        canvas.restoreState()


class JpegImage(Flowable):
    """A JPEG drawn at a given size, its bytes embedded as they are (DCTDecode).

    ReportLab's `drawImage` with in-memory data decodes every picture to pixels only to name it by a
    checksum of those pixels, then embeds the original JPEG anyway; here the name is a hash of the JPEG's
    bytes and nothing is decoded. A picture used twice in one document is embedded once.
    """

    def __init__(self, data: bytes, width: float, height: float) -> None:
        super().__init__()
        self.data = data
        self.width, self.height = width, height
        self.key = "fdjpeg" + hashlib.blake2b(data, digest_size=12).hexdigest()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        document = canvas._doc
        registered = document.getXObjectName(self.key)
        if document.idToObject.get(registered) is None:
            picture = pdfdoc.PDFImageXObject(self.key)
            if not picture.loadImageFromJPEG(io.BytesIO(self.data)):   # not a JPEG ReportLab can pass on
                canvas.drawImage(ImageReader(io.BytesIO(self.data)), 0, 0, self.width, self.height)
                return
            picture.name = self.key
            canvas._setXObjects(picture)
            document.Reference(picture, registered)
            document.addForm(self.key, picture)
        canvas._currentPageHasImages = 1   # as drawImage does: the page's resources list images
        canvas.saveState()
        canvas.scale(self.width, self.height)
        canvas._code.append(f"/{registered} Do")
        canvas.restoreState()
        canvas._formsinuse.append(self.key)


# ---------------------------------------------------------------- tables


Cell = Flowable | Sequence[Flowable] | None


class Columns(Flowable):
    """Flowables side by side in columns of fixed widths, each column's flowables stacked from the top.

    What a one-row layout Table does, without its style machinery, which cost more than the content on a
    spec sheet. Spacing between stacked flowables follows their spaceBefore/spaceAfter as in a table cell;
    `align` per column ("LEFT" or "CENTER"); `indent` per column is left padding; `rule_before` draws a
    hairline on the left edge of those columns. Taller than the space left, the columns split each at the
    same height (see `split`) unless `splittable` is False (a barcode row: symbol and caption stay together).
    """

    def __init__(self, cells: Sequence[Cell], widths: Sequence[float], *, align: Sequence[str] | None = None,
                 indent: Sequence[float] | None = None, rule_before: Sequence[int] = (),
                 splittable: bool = True) -> None:
        super().__init__()
        self.splittable = splittable
        self.cells = [[] if c is None else list(c) if isinstance(c, (list, tuple)) else [c] for c in cells]
        self.widths = list(widths)
        self.align = list(align or ["LEFT"] * len(self.cells))
        self.indent = list(indent or [0.0] * len(self.cells))
        self.rule_before = tuple(rule_before)
        self._sizes: list[list[tuple[float, float]]] = []
        self._wrapped_at: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_at != available_width:
            self._sizes = [[item.wrapOn(self.canv, width - indent, available_height) for item in cell]
                           for cell, width, indent in zip(self.cells, self.widths, self.indent)]
            self._wrapped_at = available_width
            self.height = max((self._column_height(n) for n in range(len(self.cells))), default=0)
        self.width = sum(self.widths)
        return self.width, self.height

    def _column_height(self, number: int) -> float:
        cell, sizes = self.cells[number], self._sizes[number]
        if not cell:
            return 0
        total = sum(h + item.getSpaceBefore() + item.getSpaceAfter() for item, (_w, h) in zip(cell, sizes))
        return total - cell[0].getSpaceBefore() - cell[-1].getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Each column cut at `available_height` (between its flowables, or inside a splittable one such as a
        long Label): a description or a list of selling points taller than a page goes on over the next."""
        if not self.splittable:
            return []
        firsts: list[list[Flowable]] = []
        rests: list[list[Flowable]] = []
        for cell, width, indent in zip(self.cells, self.widths, self.indent):
            fitting, rest = split_stack(cell, width - indent, available_height, self.canv)
            firsts.append(fitting)
            rests.append(rest)
        if not any(firsts) or not any(rests):
            return []
        options = {"align": self.align, "indent": self.indent, "rule_before": self.rule_before}
        return [Columns(firsts, self.widths, **options), Columns(rests, self.widths, **options)]

    def draw(self) -> None:
        canvas = self.canv
        text, state = canvas.beginText(), TextState()   # the labels' lines, drawn in one go at the end
        bold_size = 0.0
        left = 0.0
        for number, (cell, width) in enumerate(zip(self.cells, self.widths)):
            if number in self.rule_before:
                canvas.saveState()
                canvas.setStrokeColor(RULE)
                canvas.setLineWidth(0.4)
                canvas.line(left, 0, left, self.height)
                canvas.restoreState()
            top = self.height + (cell[0].getSpaceBefore() if cell else 0)
            for item, (item_width, item_height) in zip(cell, self._sizes[number]):
                top -= item.getSpaceBefore() + item_height
                x = left + self.indent[number]
                if self.align[number] == "CENTER":
                    x = left + (width - item_width) / 2
                if type(item) is Label:   # noqa: E721 - exactly a Label: subclasses draw more than text
                    item.emit(text, state, x, top)
                    bold_size = max(bold_size, item.lines[0][1].fontSize if item.bold and item.lines else 0)
                else:
                    item.drawOn(canvas, x, top)
                top -= item.getSpaceAfter()
            left += width
        canvas.saveState()
        canvas.setLineWidth(bold_size * BoldParagraph.weight)
        canvas.drawText(text)
        canvas.restoreState()


def split_stack(items: list[Flowable], width: float, height: float,
                 canvas: Canvas | None) -> tuple[list[Flowable], list[Flowable]]:
    """`items` stacked in a column `width` wide, cut into what fits in `height` and what is left."""
    used = 0.0
    for index, item in enumerate(items):
        space = item.getSpaceBefore() if index else 0.0
        _w, item_height = item.wrapOn(canvas, width, height)
        if used + space + item_height <= height + 1e-6:
            used += space + item_height + item.getSpaceAfter()
            continue
        parts = item.splitOn(canvas, width, height - used - space) if height - used - space > 0 else []
        if len(parts) == 2:
            return items[:index] + [parts[0]], [parts[1], *items[index + 1:]]
        return items[:index], items[index:]
    return list(items), []


class Framed(Flowable):
    """`content` centred in a square of side `size` with a hairline frame (pictures on a spec sheet)."""

    def __init__(self, content: Flowable, size: float) -> None:
        super().__init__()
        self.content = content
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()
        width, height = self.content.wrapOn(canvas, self.width, self.height)
        self.content.drawOn(canvas, (self.width - width) / 2, (self.height - height) / 2)


class _Table(Table):
    """A Table that remembers its layout for a width it was already wrapped at, and draws its one-line text
    cells in one text object.

    Nested tables are wrapped again by every enclosing table, keep-together group and frame, and re-measured
    their cells each time; the layout depends only on the width (row heights come from the cells). ReportLab
    draws each text cell as a text object of its own (a data table has dozens); here one-line cells are
    collected into a single text object, drawn after the rules and backgrounds, so text stays on top.
    """

    _wrapped_at: float | None = None
    _text: Any = None                                   # the text object of the draw in progress
    _text_state: tuple[Any, ...] = ()                   # its current font, size and colour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        if self._wrapped_at == availWidth:
            return self._width, self._height
        result = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return result

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._wrapped_at = None
        return super().split(availWidth, availHeight)

    def setStyle(self, tblstyle: Any) -> None:  # noqa: N802, N803
        self._wrapped_at = None
        super().setStyle(tblstyle)

    def draw(self) -> None:
        self._text, self._text_state = None, ()
        super().draw()
        if self._text is not None:
            self.canv.drawText(self._text)
            self._text = None

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: tuple[float, float],  # noqa: N802 (ReportLab API)
                  size: tuple[float, float]) -> None:
        if not _one_line_text_cell(cellval, cellstyle):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        if not cellval:
            return
        (column, row), (width, height) = pos, size
        font, font_size = cellstyle.fontname, cellstyle.fontsize
        if self._text is None:
            self._text = self.canv.beginText()
        if self._text_state[:2] != (font, font_size):
            self._text.setFont(font, font_size, cellstyle.leading)
        if self._text_state[2:] != (cellstyle.color,):
            self._text.setFillColor(cellstyle.color)
        self._text_state = (font, font_size, cellstyle.color)
        x = column + cellstyle.leftPadding
        if cellstyle.alignment == "RIGHT":
            x = column + width - cellstyle.rightPadding - stringWidth(cellval, font, font_size)
        y = {"BOTTOM": row + cellstyle.bottomPadding + cellstyle.leading - font_size,
             "TOP": row + height - cellstyle.topPadding - font_size,
             }.get(cellstyle.valign, row + (cellstyle.bottomPadding + height - cellstyle.topPadding
                                            + cellstyle.leading) / 2.0 - font_size)
        self._text.setTextOrigin(x, y)
        self._text.textOut(cellval)


def _one_line_text_cell(value: Any, style: Any) -> bool:
    """A cell `_Table` draws itself: one line of text, left or right aligned, no link, no special shaping."""
    return (isinstance(value, str) and "\n" not in value and style.alignment in ("LEFT", "RIGHT")
            and style.valign in ("BOTTOM", "TOP", "MIDDLE") and not style.href and not style.destination
            and not style.direction and not style.shaping)


def table(data: Sequence[Sequence[Any]], widths: Sequence[float] | None, commands: Sequence[tuple[Any, ...]] = (),
          **kw: Any) -> Table:
    """A Table whose cell font is the embedded one (ReportLab's default cell style selects Helvetica,
    which would put a non-embedded font in the PDF even when every cell holds a Paragraph)."""
    kw.setdefault("hAlign", "LEFT")
    result = _Table(data, colWidths=widths, **kw)
    result.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), register_fonts(), 8), *commands]))
    return result


CELL_PADDING = 3  # left and right padding of data-table cells (see grid_style)


def text_cell(text: str, width: float, style: ParagraphStyle) -> str | Label:
    """A data-table cell: plain text (drawn directly by the table, the cheapest) when it fits on one line of
    the column, else a wrapping Label. `text` is already guarded; the table must set the cell's font size,
    leading and colour to the style's (grid_style does for 8 pt ink)."""
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width - 2 * CELL_PADDING - 0.5:
        return text
    return Label([(text, style, None)])


def grid_style(header_rows: int = 1, numeric_from: int | None = None) -> list[tuple[Any, ...]]:
    """Data tables: a brand-colour rule under the header, zebra rows, hairline at the end, no verticals."""
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("TOPPADDING", (0, 0), (-1, -1), 2.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.4), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10.8), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.9, BRAND),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [None, ZEBRA]),
    ]
    if numeric_from is not None:
        commands.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    return commands


# ---------------------------------------------------------------- barcodes and QR codes


def ean_value(gtin: str) -> str | None:
    """The 13 digits an EAN-13 symbol encodes for `gtin` (GTIN-12/UPC-A gets its leading 0), or None when
    the GTIN can't be printed as EAN-13 (GTIN-8 and GTIN-14 need other symbols; a bad check digit must not be
    silently "corrected" by the barcode widget)."""
    gtin = gtin.strip()
    if not is_valid_gtin(gtin):
        return None
    if len(gtin) == 12:
        return "0" + gtin
    return gtin if len(gtin) == 13 else None


#: Module width (X dimension): 0.27 mm is 82% of the nominal 0.33 mm, inside GS1's 80–200% range; bars
#: 14 mm high (truncated, as on small packs), ample for hand-held scanners reading a printed sheet.
EAN_MODULE = 0.27 * mm
EAN_BAR_HEIGHT = 14 * mm


@dataclass(frozen=True)
class _Symbol:
    """An EAN-13 symbol reduced to what is drawn: bar rectangles and the human-readable digits."""

    width: float
    height: float
    bars: tuple[tuple[float, float, float, float], ...]
    digits: tuple[tuple[float, float, str, str], ...]      # x, y, text, anchor


@lru_cache(maxsize=4096)
def _ean13_symbol(value: str, module: float, bar_height: float) -> _Symbol:
    """ReportLab's EAN-13 widget laid out once, its shapes kept as plain numbers."""
    from reportlab.graphics.shapes import Rect, String

    widget = eanbc.Ean13BarcodeWidget(
        value[:12], barWidth=module, barHeight=bar_height, fontName=register_fonts(), fontSize=8,
        quiet=1, lquiet=11 * module, rquiet=7 * module, textColor=INK, barFillColor=colors.black)
    bars, digits = [], []
    for shape in widget.draw().contents:
        if isinstance(shape, Rect) and shape.fillColor is not None:
            bars.append((shape.x, shape.y, shape.width, shape.height))
        elif isinstance(shape, String):
            digits.append((shape.x, shape.y, shape.text, shape.textAnchor))
    return _Symbol(widget.width, widget.barHeight, tuple(bars), tuple(digits))


class Ean13(Flowable):
    """An EAN-13 barcode (GS1 quiet zones: 11 modules left, 7 right; digits in the embedded font), drawn as
    one filled path — ReportLab's graphics renderer took ~10 ms per symbol, this takes well under 1 ms."""

    def __init__(self, value: str, module: float = EAN_MODULE, bar_height: float = EAN_BAR_HEIGHT) -> None:
        super().__init__()
        self.ean_value = value  # what the symbol encodes, for callers and tests
        self.symbol = _ean13_symbol(value, module, bar_height)
        self.width, self.height = self.symbol.width, self.symbol.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for x, y, w, h in self.symbol.bars:
            path.rect(x, y, w, h)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(register_fonts(), 8)
        for x, y, text, anchor in self.symbol.digits:
            if anchor == "middle":
                canvas.drawCentredString(x, y, text)
            else:
                canvas.drawString(x, y, text)
        canvas.restoreState()


def ean13_drawing(gtin: str, module: float = EAN_MODULE, bar_height: float = EAN_BAR_HEIGHT) -> Ean13 | None:
    """An EAN-13 symbol flowable for `gtin`, or None when `ean_value` refuses the GTIN."""
    value = ean_value(gtin)
    return None if value is None else Ean13(value, module, bar_height)


@lru_cache(maxsize=128)
def qr_matrix(data: str, border: int = 4) -> tuple[tuple[bool, ...], ...]:
    """The modules of a QR code for `data` (error correction M), quiet zone included; computed once per URL
    (choosing the mask pattern is most of the cost)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


class QrCode(Flowable):
    """A QR code for `data`, drawn as vector runs (crisp at any resolution), quiet zone included."""

    def __init__(self, data: str, size: float, border: int = 4) -> None:
        super().__init__()
        self.data = data
        self.matrix = qr_matrix(data, border)
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        count = len(self.matrix)
        cell = self.size / count
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for row_index, row in enumerate(self.matrix):
            y = self.size - (row_index + 1) * cell
            column = 0
            while column < count:
                if row[column]:
                    start = column
                    while column < count and row[column]:
                        column += 1
                    path.rect(start * cell, y, (column - start) * cell, cell)
                else:
                    column += 1
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


# ---------------------------------------------------------------- document template


@dataclass
class DocInfo:
    """What the letterhead, footer and PDF metadata say."""

    lang: Lang
    title_zh: str
    title_en: str
    factory: PublicFactory
    guard: TextGuard
    today: date = field(default_factory=date.today)
    version: str = ""          # e.g. "v3" for a spec sheet of product version 3
    subject: str = ""
    header_code: str = ""      # shown under the document title (a product code)

    @property
    def title(self) -> str:
        return plain_label(self.lang, self.title_zh, self.title_en, sep=" / ")


TOTAL_PAGES_FORM = "fdTotalPages"


class PrintCanvas(Canvas):
    """A canvas that fills in "of N pages" at the end: every footer draws the same form, defined on save."""

    footer_total: tuple[float, float, str, float] | None = None   # x, y, format ("{n}"), font size

    pages_total = 0

    def save(self) -> None:
        self.pages_total = self.getPageNumber() - 1
        if self.footer_total is not None:
            x, y, text, size = self.footer_total
            self.beginForm(TOTAL_PAGES_FORM)
            self.setFont(FONT_NAME, size)
            self.setFillColor(MUTED)
            self.drawString(x, y, text.format(n=self.getPageNumber() - 1))
            self.endForm()
        super().save()


class PrintDoc(BaseDocTemplate):
    """A4 or Letter with the letterhead and footer on body pages; optional cover and two-column pages.

    Flowables may carry `toc_entry = (level, text, key)` to appear in a table of contents and
    `index_codes = [code, …]` to appear in the index by code; `check_cancel` is asked after every flowable.
    """

    def __init__(self, target: str | Path, info: DocInfo, paper: str = "A4", *,
                 cancelled: Cancelled | None = None, progress: Callable[[], None] | None = None,
                 with_cover: bool = False, with_columns: bool = False) -> None:
        self.info = info
        self._cancelled = cancelled
        self._progress = progress
        size = check_paper(paper)
        super().__init__(
            str(target), pagesize=size, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            # Metadata is Unicode text in the PDF, shown by the viewer's own fonts: no glyph check needed.
            bottomMargin=MARGIN_BOTTOM, title=_meta(info.title), author=_meta(
                pick(info.lang, info.factory.name_zh, info.factory.name_en) or info.factory.name_en),
            subject=_meta(info.subject), creator=f"Factory Direct {__version__}",
            initialFontName=register_fonts(), initialFontSize=9, lang="zh-CN" if info.lang != "en" else "en",
        )
        body = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [PageTemplate("body", [body], onPage=self._letterhead)]
        if with_cover:
            cover = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="cover",
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            templates.insert(0, PageTemplate("cover", [cover], onPage=self._cover_page))
        if with_columns:
            gap = 8 * mm
            half = (self.width - gap) / 2
            columns = [Frame(self.leftMargin + i * (half + gap), self.bottomMargin, half, self.height, id=f"col{i}",
                             leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0) for i in (0, 1)]
            templates.append(PageTemplate("columns", columns, onPage=self._letterhead))
        self.addPageTemplates(templates)
        self.cover_painter: Callable[[Canvas, PrintDoc], None] | None = None
        self.page_of: dict[str, int] = {}

    # -- hooks

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if self._cancelled is not None and self._cancelled():
            raise PrintCancelled()
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab API)
        entry = getattr(flowable, "toc_entry", None)
        page = self.page
        if entry is not None:
            level, text, key = entry
            self.notify("TOCEntry", (level, text, page, key))
            if key:
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(outline_text(text), key, level=level, closed=level > 0)
        for code in getattr(flowable, "index_codes", ()):
            self.page_of.setdefault(code, page)
            self.notify("CodeIndexEntry", (code, page))
        if self._progress is not None and getattr(flowable, "counts_as_progress", False):
            self._progress()

    # -- pages

    def _cover_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if self.cover_painter is not None:
            self.cover_painter(canvas, self)

    def _letterhead(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        draw_letterhead(canvas, self)
        draw_footer(canvas, self)


def outline_text(markup: str) -> str:
    """A bookmark title from paragraph markup: tags removed, entities decoded."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _meta(text: str) -> str:
    return " ".join(text.split())


def draw_letterhead(canvas: Canvas, doc: PrintDoc) -> None:
    """Brand and factory name on the left, document title and code on the right, a brand-colour rule."""
    info, guard, lang = doc.info, doc.info.guard, doc.info.lang
    factory = info.factory
    width, height = doc.pagesize
    left, right = doc.leftMargin, width - doc.rightMargin
    top = height - 12 * mm
    canvas.saveState()
    brand = " ".join(x for x in (factory.brand_zh if lang != "en" else "", factory.brand_en.upper()) if x)
    name = plain_label(lang, factory.name_zh, factory.name_en, sep="  ")
    canvas.setFillColor(BRAND)
    canvas.rect(left, top - 6.2 * mm, 1.6 * mm, 7.4 * mm, stroke=0, fill=1)
    room = (right - left) * 0.62 - 3.8 * mm   # the left block; the document title has the rest
    _bold_string(canvas, left + 3.8 * mm, top - 2.3 * mm,
                 fit_text(guard.plain(brand or name, "factory brand"), 12.5, room), 12.5, BRAND)
    canvas.setFont(FONT_NAME, 7.2)
    canvas.setFillColor(MUTED)
    canvas.drawString(left + 3.8 * mm, top - 6.1 * mm, fit_text(guard.plain(name, "factory name"), 7.2, room))
    canvas.setFillColor(INK)
    canvas.setFont(FONT_NAME, 9.5)
    canvas.drawRightString(right, top - 2.3 * mm, plain_label(lang, info.title_zh, info.title_en, sep="  "))
    if info.header_code:
        canvas.setFont(FONT_NAME, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(right, top - 6.1 * mm,
                               fit_text(guard.plain(info.header_code, "code"), 7.5, (right - left) * 0.35))
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(0.9)
    canvas.line(left, top - 9.2 * mm, right, top - 9.2 * mm)
    canvas.restoreState()


def draw_footer(canvas: Canvas, doc: PrintDoc) -> None:
    """Factory contact on the left; date, version and "page n of N" on the right, under a hairline."""
    info, guard, lang = doc.info, doc.info.guard, doc.info.lang
    factory = info.factory
    width, _height = doc.pagesize
    left, right = doc.leftMargin, width - doc.rightMargin
    y = 10 * mm
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(left, y + 4.2 * mm, right, y + 4.2 * mm)
    canvas.setFont(FONT_NAME, 7)
    canvas.setFillColor(MUTED)
    contact = "  ·  ".join(x for x in (factory.website, factory.phone, factory.email) if x)
    canvas.drawString(left, y, fit_text(guard.plain(contact, "factory contact"), 7, (right - left) * 0.55))
    issued = plain_label(lang, "日期", "Date") + f" {info.today.isoformat()}"
    version = (plain_label(lang, "版本", "Version") + f" {info.version}") if info.version else ""
    page_label = plain_label(lang, "页", "Page")
    stamp = "   ".join(x for x in (issued, version) if x)
    reserve = 9 * mm  # room for the total page count drawn later by PrintCanvas
    page_text = f"{page_label} {canvas.getPageNumber()} / "
    page_x = right - reserve - canvas.stringWidth(page_text, FONT_NAME, 7)
    canvas.drawString(page_x, y, page_text)
    canvas.doForm(TOTAL_PAGES_FORM)
    canvas.drawRightString(page_x - 6 * mm, y, stamp)
    if isinstance(canvas, PrintCanvas):
        canvas.footer_total = (right - reserve, y, "{n}", 7)
    canvas.restoreState()


def fit_text(text: str, size: float, width: float, font: str = FONT_NAME) -> str:
    """`text` on one line no wider than `width`: cut with "…" when too long (letterheads and footers have a
    fixed place; the full text is printed in the document's contact block)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _bold_string(canvas: Canvas, x: float, y: float, text: str, size: float, color: colors.Color) -> None:
    canvas.saveState()
    text_object = canvas.beginText(x, y)
    text_object.setFont(FONT_NAME, size)
    text_object.setFillColor(color)
    text_object.setStrokeColor(color)
    text_object.setTextRenderMode(2)
    canvas.setLineWidth(size * BoldParagraph.weight)
    text_object.textOut(text)
    canvas.drawText(text_object)
    canvas.restoreState()


def bold_string(canvas: Canvas, x: float, y: float, text: str, size: float, color: colors.Color = INK) -> None:
    """Draw one line of faux-bold text directly on the canvas (covers, letterheads)."""
    _bold_string(canvas, x, y, text, size, color)


def build_doc(doc: PrintDoc, story: list[Flowable], *, multi: bool = False) -> None:
    """Build `doc` with the footer's page-count canvas; `multi` for documents with a TOC or index."""
    if multi:
        doc.multiBuild(story, canvasmaker=PrintCanvas, maxPasses=6)
    else:
        doc.build(story, canvasmaker=PrintCanvas)


# ---------------------------------------------------------------- writing


def write_pdf_atomically(path: str | Path, build: Callable[[Path], None]) -> Path:
    """Run `build(temp_path)` to write a PDF beside `path`, then move it into place.

    If `build` raises (a bug, a full disk, the user cancelling) the previous file at `path` is untouched
    and no temporary file is left. Returns where the PDF went: `path`, or "name (1).pdf" when `path` is
    held open by another program (a PDF viewer on Windows).
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise PrintInputError(Bilingual(f"找不到输出文件夹：{target.parent}", f"Output folder not found: {target.parent}"))
    written, _in_use = atomic_write(target, build)
    return written


@dataclass(frozen=True)
class PrintResult:
    """A written document: where it went, how many pages, and what the reader should know."""

    path: Path
    pages: int
    warnings: tuple[Bilingual, ...] = ()


def generate_sheets(
    workspace: Workspace,
    codes: Sequence[str] | None,
    folder: str | Path,
    lang: str = "both",
    progress: Progress | None = None,
    cancel: Cancelled | None = None,
    *,
    paper: str = "A4",
    qr_url: str | None = None,
    today: date | None = None,
) -> list[PrintResult]:
    """One spec sheet per product (all products when `codes` is None) into `folder`, named "CODE.pdf".

    Each file is written atomically. `progress(done, total)` after each sheet; `cancel()` is asked before
    each sheet and during it; a cancelled batch keeps the sheets already finished and raises PrintCancelled.
    """
    from app.services.printing import spec_sheet
    from app.services.printing.public_data import load_factory, load_products, product_codes

    check_lang(lang)
    check_paper(paper)
    folder = Path(folder)
    if not folder.is_dir():
        raise PrintInputError(Bilingual(f"找不到文件夹：{folder}", f"Folder not found: {folder}"))
    wanted = list(codes) if codes is not None else product_codes(workspace)
    factory = load_factory(workspace)
    results: list[PrintResult] = []
    for done, code in enumerate(wanted):
        if cancel is not None and cancel():
            raise PrintCancelled()
        product = load_products(workspace, [code], today=today)[0]
        target = folder / f"{_file_safe(code)}.pdf"
        results.append(spec_sheet.write_spec_sheet(
            product, factory, target, lang=lang, paper=paper, qr_url=qr_url, today=today, cancelled=cancel))
        if progress is not None:
            progress(done + 1, len(wanted))
    return results


def _file_safe(code: str) -> str:
    """A product code as a file name on Windows too."""
    cleaned = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in code).strip(" .")
    return cleaned or "product"


__all__ = [
    "BRAND", "LANGS", "PAPERS", "BoldParagraph", "check_products", "DocInfo", "PrintCanvas", "PrintDoc", "PrintInputError",
    "PrintResult", "QrCode", "SectionTitle", "Styles", "build_doc", "check_lang", "check_paper", "ean13_drawing",
    "ean_value", "generate_sheets", "label", "pick", "plain_label", "styles", "tune_reportlab",
    "write_pdf_atomically",
]
