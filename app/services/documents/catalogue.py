"""The catalogue: a cover, a table of contents with page numbers, one page per product (grouped by
category), and an index of every product and SKU code with its page.

Page numbers come from ReportLab's multi-pass build: each pass records where every product landed, and the
contents and the index draw the previous pass's numbers until two passes agree. Since every product takes
exactly one page (its content is shrunk to fit when it must be), the numbers are predicted before the first
pass, so a catalogue usually builds in a single pass.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    Spacer,
)
from reportlab.platypus.tableofcontents import TableOfContents

from app.db import Workspace
from app.models.bilingual import Bilingual
from app.services.documents.codes import QrCode
from app.services.documents.document import (
    DocInfo,
    PrintDoc,
    PrintResult,
    bold_string,
    build_doc,
    write_pdf_atomically,
)
from app.services.documents.flowables import BoldParagraph, Label, Para, SectionTitle
from app.services.documents.fonts import FONT_NAME, TextGuard
from app.services.documents.grid import CellValue, Grid, GridLook
from app.services.documents.public_data import (
    ImageSizes,
    PublicFactory,
    PublicProduct,
    load_factory,
    load_products,
)
from app.services.documents.spec_sheet import CataloguePage
from app.services.documents.styles import (
    BRAND,
    INK,
    MUTED,
    RULE,
    WHITE,
    check_lang,
    check_paper,
    check_products,
    label,
    outline_text,
    plain_label,
    styles,
)
from app.services.documents.tables import text_cell
from app.services.kernel.jobs import CancelCheck, Progress

TITLE_ZH, TITLE_EN = "产品目录", "Product Catalogue"
#: Pictures on a catalogue page: the main one and two more, a little smaller than on a spec sheet.
CATALOGUE_IMAGES = ImageSizes(count=4, main_px=560, other_px=240)


class _Marker(Flowable):
    """An invisible flowable that puts its page into the contents and the index."""

    def __init__(self, toc_entry: tuple[int, str, str] | None, index_codes: Sequence[str] = (),
                 counts_as_progress: bool = False) -> None:
        super().__init__()
        self.toc_entry = toc_entry
        self.index_codes = list(index_codes)
        self.counts_as_progress = counts_as_progress
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class _ContentsEntry(Label):
    """One line of the contents: the entry's text (wrapping short of the page-number column), a dot leader
    (from `dots`), the page number at the right edge, and a link to the entry's bookmark."""

    def __init__(self, text: str, style: ParagraphStyle, page: int, key: str | None, dots: bool,
                 number_width: float) -> None:
        super().__init__([(text, style, None)])
        self.page, self.key, self.dots, self.number_width = page, key, dots, number_width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _width, height = super().wrap(available_width - self.number_width, available_height)
        self.width = available_width
        return self.width, height

    def draw(self) -> None:
        super().draw()
        canvas = self.canv
        last = self._laid[-1] if self._laid else None
        style = last.style if last else self.lines[0][1]
        baseline = style.leading - style.fontSize   # the last line's baseline (lines are drawn top down)
        page = str(self.page)
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawRightString(self.width, baseline, page)
        if self.dots and last is not None:
            start = style.leftIndent + canvas.stringWidth(last.text, style.fontName, style.fontSize) + 3
            end = self.width - canvas.stringWidth(page, style.fontName, style.fontSize) - 3
            count = int((end - start) / canvas.stringWidth(" .", style.fontName, style.fontSize))
            if count > 0:
                canvas.drawRightString(end, baseline, " ." * count)
        if self.key:
            canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)


class Contents(TableOfContents):
    """The table of contents, laid out with Labels in a Grid.

    ReportLab's own builds one Chinese-wrapping Paragraph per entry (with markup for the link and the page
    number) and re-wraps them on every pass: for 1,000 products that was a third of the catalogue's time.
    The multi-pass bookkeeping (entries recorded on one pass, drawn on the next) is ReportLab's.
    """

    # TableOfContents' private bookkeeping, which ReportLab's stubs leave out: (level, text, page, link key).
    _entries: list[tuple[int, str, int, str | None]]
    _lastEntries: list[tuple[int, str, int, str | None]]
    _table: Flowable | None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        entries = self._lastEntries or [(0, "…", 0, None)]
        rows = []
        for level, text, page, key in entries:
            style = self.getLevelStyle(level)
            dots = 0 <= self.dotsMinLevel <= level
            rows.append([_ContentsEntry(outline_text(text), style, page, key, dots, self.rightColumnWidth)])
        self._table = Grid(rows, [available_width], GridLook(styles().body, padding=(0, 0, 0, 0), valign="TOP"))
        self.width, self.height = self._table.wrapOn(self.canv, available_width, available_height)
        return self.width, self.height


class CodeIndex(TableOfContents):
    """The index by code: every product and SKU code, sorted, with the page it is on (two columns).

    Reuses TableOfContents' multi-pass bookkeeping, listening to "CodeIndexEntry" notifications
    (code, page) instead of TOC entries.
    """

    # TableOfContents' private bookkeeping (not in ReportLab's stubs), holding (code, page) here.
    _entries: list[tuple[str, int]]
    _lastEntries: list[tuple[str, int]]
    _table: Flowable | None

    def __init__(self, product_codes: set[str], guard: TextGuard) -> None:
        super().__init__(notifyKind="CodeIndexEntry")  # type: ignore[call-arg]  # read by ReportLab, not in its stubs
        self.product_codes = product_codes
        self.guard = guard

    def addEntry(self, code: str, page: int, key: str | None = None) -> None:  # type: ignore[override]  # noqa: N802
        self._entries.append((code, page))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        entries = sorted(set(self._lastEntries)) or [("—", 0)]
        sku_style, product_style = _index_styles()
        rows: list[list[CellValue]] = []
        for code, page in entries:
            shown, number = self.guard.plain(code, f"{code} code"), str(page) if page else ""
            if code in self.product_codes:   # products stand out; their SKUs follow in grey
                rows.append([Label([(shown, product_style, None)]), Label([(number, product_style, None)],
                                                                          align="RIGHT")])
            else:   # a very long SKU code wraps instead of running into the page number
                rows.append([text_cell(shown, available_width - 12 * mm, sku_style), number])
        look = GridLook(sku_style, padding=(0, 0, 0.8, 0.8), valign="TOP", row_rule=(0.25, RULE), right_from=1)
        self._table = Grid(rows, [available_width - 12 * mm, 12 * mm], look)
        self.width, self.height = self._table.wrapOn(self.canv, available_width, available_height)
        return self.width, self.height


@lru_cache(maxsize=1)
def _index_styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    """The index's SKU lines (grey) and product lines (ink, a little larger)."""
    cell = styles().cell
    return (ParagraphStyle("fd-index-sku", parent=cell, fontSize=8, leading=10.5, textColor=MUTED),
            ParagraphStyle("fd-index-product", parent=cell, fontSize=8.5, leading=10.5, textColor=INK))


def build_catalogue(workspace: Workspace, path: str | Path, *, lang: str = "both", paper: str = "A4",
                    codes: Sequence[str] | None = None, qr_url: str | None = None, today: date | None = None,
                    progress: Progress | None = None, cancelled: CancelCheck | None = None) -> PrintResult:
    """Write the catalogue of `codes` (every product when None) to `path`, atomically.

    `progress(done, total)` counts products loaded and then products laid out; `cancelled()` is asked
    throughout and raises Cancelled (the previous file at `path` is left as it was).
    """
    lang = check_lang(lang)
    check_paper(paper)
    day = today or date.today()
    factory = load_factory(workspace)
    ticker = _Ticker(progress)

    def loading(done: int, total: int) -> None:
        ticker.total = total * 2
        ticker.report(done)

    products = load_products(workspace, codes, images=CATALOGUE_IMAGES, today=day, progress=loading,
                             cancelled=cancelled)
    check_products(products)
    products.sort(key=lambda p: (p.category_en or p.category_zh or "~", p.code))
    guard = TextGuard()
    info = DocInfo(lang=lang, title_zh=TITLE_ZH, title_en=TITLE_EN, factory=factory, guard=guard, today=day,
                   subject=plain_label(lang, TITLE_ZH, TITLE_EN))
    url = factory.website if qr_url is None else qr_url
    notes: list[Bilingual] = []
    pages = 0

    def build(target: Path) -> None:
        nonlocal pages
        doc = PrintDoc(target, info, paper, cancelled=cancelled, progress=ticker.step, with_cover=True,
                       with_columns=True)
        doc.cover_painter = lambda canvas, d: _paint_cover(canvas, d, len(products), url)
        ticker.start_layout(len(products))
        story, contents, index = _story(products, factory, lang, guard, doc, notes)
        _predict(contents, index, products, doc, lang, guard)
        build_doc(doc, story, multi=True)
        pages = getattr(doc.canv, "pages_total", 0)

    written = write_pdf_atomically(path, build)
    ticker.finish()
    for product in products:
        notes.extend(product.notes)
    return PrintResult(written, pages, tuple(dict.fromkeys(notes + [w.message for w in guard.warnings])))


class _Ticker:
    """One progress count over loading and laying out (a second layout pass doesn't go backwards)."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.total = 0
        self.done = 0
        self._base = 0
        self._laid = 0

    def report(self, done: int) -> None:
        self.done = max(self.done, min(done, self.total - 1 if self.total else done))
        if self.progress is not None:
            self.progress(self.done, self.total)

    def start_layout(self, count: int) -> None:
        self._base = count
        self.total = count * 2
        self._laid = 0

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)

    def step(self) -> None:
        self._laid += 1
        self.report(self._base + self._laid)


def _story(products: Sequence[PublicProduct], factory: PublicFactory, lang: str, guard: TextGuard, doc: PrintDoc,
           notes: list[Bilingual]) -> tuple[list[Flowable], Contents, CodeIndex]:
    s = styles()
    story: list[Flowable] = [Spacer(1, 95 * mm)]
    story += _cover_text(factory, lang, guard)
    story += [NextPageTemplate("body"), PageBreak()]
    contents = Contents(levelStyles=list(s.toc), dotsMinLevel=1, rightColumnWidth=14 * mm)
    story += [BoldParagraph(label(lang, "目录", "Contents"), s.title), Spacer(1, 4 * mm), contents, PageBreak()]
    for (category_en, category_zh), group in groupby(products, key=lambda p: (p.category_en, p.category_zh)):
        first = True
        for product in group:
            page: list[Flowable] = []
            if first:
                name = plain_label(lang, category_zh, category_en, sep=" ") if (category_zh or category_en) \
                    else plain_label(lang, "其他", "Other")
                page.append(_Marker((0, guard.markup(name, "category"), f"cat-{product.code}")))
                first = False
            product_name = guard.markup(_toc_name(product, lang), f"{product.code} name")
            page.append(_Marker((1, f"{guard.markup(product.code, f'{product.code} code')}  {product_name}",
                                 f"p-{product.code}"), [product.code, *(sku.code for sku in product.skus)],
                                counts_as_progress=True))
            page.append(_ProductPage(product, factory, lang, guard, doc, notes))
            page.append(PageBreak())
            story += page
    index = CodeIndex({p.code for p in products}, guard)
    story += [NextPageTemplate("columns"), BoldParagraph(label(lang, "编码索引", "Index by code"), s.title),
              Spacer(1, 3 * mm), index]
    return story, contents, index


class _ProductPage(Flowable):
    """One product's page, laid out only when the frame reaches it and dropped once drawn: a catalogue of
    thousands of products never holds more than a page of laid-out flowables (it took 3.5 GB for 1,000
    products when the whole story was built up front)."""

    def __init__(self, product: PublicProduct, factory: PublicFactory, lang: str, guard: TextGuard, doc: PrintDoc,
                 notes: list[Bilingual]) -> None:
        super().__init__()
        self._args = (product, factory, lang, guard, doc, notes)
        self._inner: KeepInFrame | None = None

    def _content(self) -> KeepInFrame:
        if self._inner is None:
            doc = self._args[4]
            self._inner = KeepInFrame(doc.width, doc.height - 1, _fitted(*self._args), mode="shrink", hAlign="LEFT")
        return self._inner

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self._content().wrapOn(self.canv, available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []   # always fits a page: trimmed, or shrunk as the last resort

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 (ReportLab API)
        self._content().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # it takes _sW; its stubs don't
        self._inner = None


def _fitted(product: PublicProduct, factory: PublicFactory, lang: str, guard: TextGuard, doc: PrintDoc,
            notes: list[Bilingual]) -> list[Flowable]:
    """A product's page content that fits one page: the compact sheet, else without the extra pictures, or
    the description, or both (the caller shrinks it when even that is too tall: very many SKUs). Each piece
    is built and measured once; a try only adds up heights."""
    page = CataloguePage(product, factory, lang, guard, doc.width, notes)
    room = doc.height - 2
    fixed = _height([*page.head, *page.details], doc.width)
    full_hero, description = _height([page.hero], doc.width), _height(page.description, doc.width)
    if fixed + full_hero + description <= room:
        return page.story(0)
    small_hero = _height([page.hero_main_picture_only], doc.width)
    for trim, height in ((1, small_hero + description), (2, full_hero), (3, small_hero)):
        if fixed + height <= room:
            return page.story(trim)
    return page.story(3)


def _height(flowables: Sequence[Flowable], width: float) -> float:
    """The height `flowables` take in a frame `width` wide (spaces between them counted in full)."""
    canvas = _measuring_canvas()
    total = 0.0
    for flowable in flowables:
        total += flowable.wrapOn(canvas, width, 1e6)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


@lru_cache(maxsize=1)
def _measuring_canvas() -> Canvas:
    return Canvas(io.BytesIO())


def _toc_name(product: PublicProduct, lang: str) -> str:
    if lang == "both":
        return " / ".join(x for x in (product.name_zh, product.name_en) if x) or product.code
    return product.name(lang)


def _predict(contents: Contents, index: CodeIndex, products: Sequence[PublicProduct], doc: PrintDoc,
             lang: str, guard: TextGuard) -> None:
    """Fill the contents and index with the page numbers they will have, so the first pass is usually the
    last: cover (1), contents (n pages), then one page per product. If the guess is wrong, the multi-pass
    build simply takes another pass."""
    toc_pages = 1
    entries: list[tuple[int, str, int, str]] = []
    codes: list[tuple[str, int]] = []
    for _attempt in range(3):
        entries, codes = _expected(products, lang, guard, 2 + toc_pages)
        contents._lastEntries = list(entries)  # noqa: SLF001 (what wrap() draws)
        needed = _pages_needed(contents, doc)
        if needed == toc_pages:
            break
        toc_pages = needed
    # multiBuild's first pass moves these into _lastEntries and compares them with what it records.
    contents._entries = list(entries)  # noqa: SLF001
    index._entries = list(codes)  # noqa: SLF001


def _expected(products: Sequence[PublicProduct], lang: str, guard: TextGuard,
              first_page: int) -> tuple[list[tuple[int, str, int, str]], list[tuple[str, int]]]:
    entries: list[tuple[int, str, int, str]] = []
    codes: list[tuple[str, int]] = []
    page = first_page
    for (category_en, category_zh), group in groupby(products, key=lambda p: (p.category_en, p.category_zh)):
        first = True
        for product in group:
            if first:
                name = plain_label(lang, category_zh, category_en, sep=" ") if (category_zh or category_en) \
                    else plain_label(lang, "其他", "Other")
                entries.append((0, guard.markup(name, "category"), page, f"cat-{product.code}"))
                first = False
            product_name = guard.markup(_toc_name(product, lang), f"{product.code} name")
            entries.append((1, f"{guard.markup(product.code, f'{product.code} code')}  {product_name}", page,
                            f"p-{product.code}"))
            codes.append((product.code, page))
            codes.extend((sku.code, page) for sku in product.skus)
            page += 1
    return entries, codes


def _pages_needed(contents: Contents, doc: PrintDoc) -> int:
    """How many body pages the contents take (title included), splitting them as the frames will."""
    s = styles()
    canvas = Canvas(io.BytesIO())
    contents.canv = canvas
    title = BoldParagraph("X", s.title)
    _w, title_height = title.wrap(doc.width, doc.height)
    contents.wrap(doc.width, doc.height)
    del contents.canv
    laid_out = contents._table  # noqa: SLF001 (the laid-out grid the frames will split)
    assert laid_out is not None  # wrap() just built it
    remaining: Flowable = laid_out
    room = doc.height - title_height - title.getSpaceAfter() - 4 * mm
    pages = 1
    while remaining.wrapOn(canvas, doc.width, room)[1] > room:
        parts = remaining.splitOn(canvas, doc.width, room)
        if len(parts) == 2:
            remaining = parts[1]
        pages += 1
        room = doc.height
        if pages > 10_000:   # a row taller than a page: let the real build decide
            break
    return pages


def _cover_text(factory: PublicFactory, lang: str, guard: TextGuard) -> list[Flowable]:
    s = styles()
    flowables: list[Flowable] = []
    capabilities = factory.capabilities_zh if lang != "en" else factory.capabilities_en
    if capabilities:
        flowables += [SectionTitle(label(lang, "工厂能力", "What we make"), s.section),
                      Para(guard.markup(capabilities, "factory capabilities"), s.body)]
        if lang == "both" and factory.capabilities_en:
            flowables.append(Spacer(1, 2 * mm))
            flowables.append(Para(guard.markup(factory.capabilities_en, "factory capabilities"), s.muted))
    facts = []
    if factory.moq:
        facts.append(plain_label(lang, "起订量", "MOQ") + f" {factory.moq:,} " + plain_label(lang, "件", "pcs"))
    if factory.lead_time_days:
        facts.append(plain_label(lang, "交期", "Lead time") + f" {factory.lead_time_days} " +
                     plain_label(lang, "天", "days"))
    if facts:
        flowables += [Spacer(1, 3 * mm), Para(guard.markup("   ·   ".join(facts)), s.body)]
    return flowables


def _paint_cover(canvas: Canvas, doc: PrintDoc, count: int, url: str) -> None:
    """The cover: a brand-colour band with the brand and title, contact and a QR code at the foot."""
    info, guard, lang = doc.info, doc.info.guard, doc.info.lang
    factory = info.factory
    width, height = doc.pagesize
    band = 105 * mm
    left = doc.leftMargin
    canvas.saveState()
    canvas.setFillColor(BRAND)
    canvas.rect(0, height - band, width, band, stroke=0, fill=1)
    brand = " ".join(x for x in (factory.brand_zh if lang != "en" else "", factory.brand_en.upper()) if x)
    bold_string(canvas, left, height - 40 * mm, guard.plain(brand or factory.name_en, "factory brand"), 30, WHITE)
    canvas.setFillColor(WHITE)
    canvas.setFont(FONT_NAME, 11)
    name = plain_label(lang, factory.name_zh, factory.name_en, sep="  ")
    canvas.drawString(left, height - 50 * mm, guard.plain(name, "factory name")[:110])
    bold_string(canvas, left, height - 78 * mm, plain_label(lang, TITLE_ZH, TITLE_EN, sep="  "), 22, WHITE)
    canvas.setFont(FONT_NAME, 10)
    canvas.drawString(left, height - 88 * mm, f"{info.today.year}  ·  " + plain_label(
        lang, f"{count} 款产品", f"{count} products" if count != 1 else "1 product", sep=" "))
    # foot: contact and QR
    foot = 22 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(left, foot + 26 * mm, width - doc.rightMargin, foot + 26 * mm)
    canvas.setFillColor(INK)
    canvas.setFont(FONT_NAME, 8.5)
    lines = [plain_label(lang, factory.address_zh, factory.address_en, sep="  ") if lang != "both" else
             factory.address_zh, factory.address_en if lang == "both" else "",
             "  ·  ".join(x for x in (factory.contact_name, factory.phone, factory.email) if x), factory.website]
    y = foot + 19 * mm
    for line in (x for x in lines if x):
        canvas.drawString(left, y, guard.plain(line, "factory contact")[:130])
        canvas.setFillColor(MUTED)
        y -= 5 * mm
    if url:
        code = QrCode(url, 22 * mm)
        code.canv = canvas
        canvas.saveState()
        canvas.translate(width - doc.rightMargin - 22 * mm, foot)
        code.draw()
        canvas.restoreState()
    canvas.restoreState()


__all__ = ["TITLE_EN", "TITLE_ZH", "CodeIndex", "build_catalogue"]
