"""The text and picture flowables of the printed documents: `Para`/`BoldParagraph` (visual bold is drawn by
stroking the glyph outlines because the shipped font has no bold), `Label` (wrapped the Chinese way by
`line_breaking`, measured once), `SectionTitle` and `JpegImage` (JPEG bytes embedded as they are).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, cast

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from app.services.documents.line_breaking import break_lines
from app.services.documents.styles import RULE, outline_text

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
        super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # ReportLab's drawOn has _sW; its stubs don't
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

    __slots__ = ("fill", "font", "mode", "stroke")

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


class _CanvasInternals(Protocol):
    """What JpegImage does with a Canvas beyond its public API: the same private steps as `drawImage`."""

    _doc: pdfdoc.PDFDocument
    _code: list[str]
    _formsinuse: list[str]
    _currentPageHasImages: int

    def _setXObjects(self, thing: pdfdoc.PDFImageXObject) -> None: ...
    def drawImage(self, image: ImageReader, x: float, y: float, width: float, height: float) -> object: ...
    def saveState(self) -> None: ...
    def restoreState(self) -> None: ...
    def scale(self, x: float, y: float) -> None: ...


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
        canvas = cast(_CanvasInternals, self.canv)  # the private parts drawImage uses, which the stubs don't list
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


