"""The document itself: page templates with the letterhead and footer, "page n of N", document info, building
a story, and writing a PDF atomically (a temporary file beside the target, moved into place).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from app import __version__
from app.models.bilingual import Bilingual
from app.services.documents.flowables import BoldParagraph
from app.services.documents.fonts import FONT_NAME, TextGuard, register_fonts
from app.services.documents.public_data import PublicFactory
from app.services.documents.styles import (
    BRAND,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    RULE,
    Lang,
    PrintInputError,
    check_paper,
    outline_text,
    pick,
    plain_label,
)
from app.services.kernel.files import atomic_write
from app.services.kernel.jobs import CancelCheck, Cancelled

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
                 cancelled: CancelCheck | None = None, progress: Callable[[], None] | None = None,
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
            raise Cancelled()
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
        raise PrintInputError(Bilingual(f"找不到输出文件夹：{target.parent}",
                                        f"Output folder not found: {target.parent}"))
    written, _in_use = atomic_write(target, build)
    return written


@dataclass(frozen=True)
class PrintResult:
    """A written document: where it went, how many pages, and what the reader should know."""

    path: Path
    pages: int
    warnings: tuple[Bilingual, ...] = ()


