"""One product's spec sheet: what a sales person hands a buyer, at a trade fair or with a quotation.

Layout (A4 or Letter, one or two pages): letterhead; code, category and names; the main picture with up to
three more beside the selling points and key order facts (MOQ, lead time); description; the spec table;
variants (SKU, options, GTIN, weight, dimensions); a size chart when the category has one; certificates
with numbers and expiry; an EAN-13 barcode per SKU; contact and a QR code to a URL; the footer carries the
date and the product's version.

Language "zh" or "en" prints one language (product names always in both, as buyers search by either);
"both" puts Chinese and English side by side (description) or stacked (lists and tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.db import Workspace
from app.models.bilingual import Bilingual
from app.services.documents.codes import QrCode, ean13_drawing
from app.services.documents.document import (
    DocInfo,
    PrintDoc,
    PrintResult,
    build_doc,
    write_pdf_atomically,
)
from app.services.documents.flowables import JpegImage, Label, SectionTitle, label_cell
from app.services.documents.fonts import TextGuard
from app.services.documents.grid import CellValue, Grid, GridLook
from app.services.documents.public_data import (
    PublicFactory,
    PublicImage,
    PublicProduct,
    PublicSku,
    load_factory,
    load_products,
    product_codes,
)
from app.services.documents.styles import (
    BRAND,
    INK,
    MUTED,
    RULE,
    ZEBRA,
    PrintInputError,
    Styles,
    check_lang,
    check_paper,
    label,
    pick,
    plain_label,
    styles,
)
from app.services.documents.tables import Columns, Framed, text_cell
from app.services.kernel.jobs import CancelCheck, Cancelled, Progress
from app.services.kernel.text import in_language, split_bilingual

TITLE_ZH, TITLE_EN = "产品规格书", "Product Specification"


def build_spec_sheet(workspace: Workspace, code: str, path: str | Path, *, lang: str = "both", paper: str = "A4",
                     qr_url: str | None = None, today: date | None = None,
                     cancelled: CancelCheck | None = None) -> PrintResult:
    """Write the spec sheet of product `code` to `path` (atomically). Raises UnknownProduct."""
    check_lang(lang)
    check_paper(paper)
    product = load_products(workspace, [code], today=today)[0]
    return write_spec_sheet(product, load_factory(workspace), path, lang=lang, paper=paper, qr_url=qr_url,
                            today=today, cancelled=cancelled)


def write_spec_sheet(product: PublicProduct, factory: PublicFactory, path: str | Path, *, lang: str = "both",
                     paper: str = "A4", qr_url: str | None = None, today: date | None = None,
                     cancelled: CancelCheck | None = None) -> PrintResult:
    """Write the spec sheet of an already loaded product (batch jobs load the factory once)."""
    lang = check_lang(lang)
    guard = TextGuard()
    info = DocInfo(lang=lang, title_zh=TITLE_ZH, title_en=TITLE_EN, factory=factory, guard=guard,
                   today=today or date.today(), version=f"v{product.version}",
                   subject=f"{product.code} {product.name(lang if lang != 'both' else 'zh')}",
                   header_code=product.code)
    url = factory.website if qr_url is None else qr_url
    notes: list[Bilingual] = list(product.notes)
    pages = 0

    def build(target: Path) -> None:
        nonlocal pages
        doc = PrintDoc(target, info, paper, cancelled=cancelled)
        story = spec_story(product, factory, lang, guard, doc.width, notes=notes, qr_url=url)
        build_doc(doc, story)
        pages = getattr(doc.canv, "pages_total", 0)

    written = write_pdf_atomically(path, build)
    if not url:
        notes.append(Bilingual(f"{product.code}：没有网址，未印二维码", f"{product.code}: no URL, so no QR code"))
    return PrintResult(written, pages, tuple(_dedupe(notes + [w.message for w in guard.warnings])))


def _dedupe(messages: Sequence[Bilingual]) -> list[Bilingual]:
    return list(dict.fromkeys(messages))


# ---------------------------------------------------------------- the story


def spec_story(product: PublicProduct, factory: PublicFactory, lang: str, guard: TextGuard, width: float, *,
               notes: list[Bilingual], qr_url: str = "") -> list[Flowable]:
    """The flowables of a spec sheet."""
    s = styles()
    story: list[Flowable] = [*_title_block(product, lang, guard, s), Spacer(1, 3 * mm),
                             _hero(product, factory, lang, guard, s, width, compact=False)]
    story += _description(product, lang, guard, s, width, compact=False)
    story += _details(product, lang, guard, s, width, notes)
    story += _barcodes(product, lang, guard, s, width, notes)
    story += _certificates(product, lang, guard, s, width)
    story += _contact(factory, lang, guard, s, width, qr_url)
    return story


def _details(product: PublicProduct, lang: str, guard: TextGuard, s: Styles, width: float,
             notes: list[Bilingual]) -> list[Flowable]:
    """The spec table, the variants and, when the category has one, the size chart."""
    details = _spec_table(product, lang, guard, s, width) + _variants(product, lang, guard, s, width)
    if product.has_size_chart:
        details += _size_chart(product, lang, guard, s, width, notes)
    return details


class CataloguePage:
    """A product's catalogue page (a compact sheet without barcodes, certificates or contact) in pieces, each
    built once: the catalogue leaves pieces out until the page fits (`story(trim)`) without laying the
    product out again for every try."""

    def __init__(self, product: PublicProduct, factory: PublicFactory, lang: str, guard: TextGuard, width: float,
                 notes: list[Bilingual]) -> None:
        s = styles()
        self._hero_args = (product, factory, lang, guard, s, width)
        self.head: list[Flowable] = [*_title_block(product, lang, guard, s), Spacer(1, 3 * mm)]
        self.hero: Flowable = _hero(product, factory, lang, guard, s, width, compact=True)
        self.description = _description(product, lang, guard, s, width, compact=True)
        self.details = _details(product, lang, guard, s, width, notes)
        self._main_picture_only: Flowable | None = None

    @property
    def hero_main_picture_only(self) -> Flowable:
        """The hero without the extra pictures under the main one (built when first asked for)."""
        if self._main_picture_only is None:
            self._main_picture_only = _hero(*self._hero_args, compact=True, extra_pictures=False)
        return self._main_picture_only

    def story(self, trim: int = 0) -> list[Flowable]:
        """The page's flowables; `trim` leaves out 1 the extra pictures, 2 the description, 3 both."""
        hero = self.hero_main_picture_only if trim in (1, 3) else self.hero
        description = self.description if trim not in (2, 3) else []
        return [*self.head, hero, *description, *self.details]


def _title_block(product: PublicProduct, lang: str, guard: TextGuard, s: Styles) -> list[Flowable]:
    where = product.code
    category = in_language(_both(lang, product.category_zh, product.category_en), lang)
    code_line = guard.plain(product.code, f"{where} code")
    if category:
        code_line += "  ·  " + guard.plain(category, f"{where} category")
    first, second = (product.name_en, product.name_zh) if lang == "en" else (product.name_zh, product.name_en)
    first_field, second_field = ("name_en", "name_zh") if lang == "en" else ("name_zh", "name_en")
    title = Label([(guard.plain(first or second or product.code, f"{where} {first_field}"), s.title, None)],
                  bold=True)
    flowables: list[Flowable] = [Label([(code_line, s.code, None)]), Spacer(1, 1.2 * mm), title]
    if first and second:
        flowables.append(Label([(guard.plain(second, f"{where} {second_field}"), s.subtitle, None)]))
    return flowables


def _both(lang: str, zh: str, en: str) -> str:
    if lang == "zh":
        return zh or en
    if lang == "en":
        return en or zh
    return " / ".join(x for x in (zh, en) if x)


def _image(picture: PublicImage, box: float) -> JpegImage:
    scale = min(box / picture.width, box / picture.height)
    return JpegImage(picture.data, picture.width * scale, picture.height * scale)


def _pictures(product: PublicProduct, lang: str, s: Styles, box: float, extra: bool = True) -> Flowable:
    """The main picture, and (`extra`) up to three more in a row under it, each in a hairline frame."""
    main = product.images[0] if product.images else None
    empty = Label([(plain_label(lang, "暂无图片", "No picture", sep="\n"), s.caption, None)], align="CENTER")
    stack: list[Flowable] = [Framed(_image(main, box - 3 * mm) if main else empty, box)]
    others = list(product.images[1:4]) if extra else []
    if others:
        gap = 2.5 * mm
        thumb = (box - 2 * gap) / 3
        frames = [Framed(_image(picture, thumb - 2 * mm), thumb) for picture in others]
        stack += [Spacer(1, gap), Columns(frames, [thumb + gap, thumb + gap, thumb])]
    return Columns([stack], [box])


def _hero(product: PublicProduct, factory: PublicFactory, lang: str, guard: TextGuard, s: Styles, width: float, *,
          compact: bool, extra_pictures: bool = True) -> Flowable:
    """Pictures on the left; selling points and key facts on the right."""
    box = 72 * mm if not compact else 66 * mm
    gap = 7 * mm
    right: list[Flowable] = [SectionTitle(label(lang, "产品卖点", "Selling points"), s.section)]
    right += _selling_points(product, lang, guard, s)
    right += [Spacer(1, 2 * mm), SectionTitle(label(lang, "订货信息", "Ordering"), s.section),
              _key_facts(product, factory, lang, guard, s, width - box - gap)]
    return Columns([_pictures(product, lang, s, box, extra=extra_pictures), right], [box + gap, width - box - gap])


BULLET = "■"


def _selling_points(product: PublicProduct, lang: str, guard: TextGuard, s: Styles) -> list[Flowable]:
    zh, en = product.selling_points_zh, product.selling_points_en
    where = product.code
    points: list[Flowable] = []
    if lang == "both":
        for index in range(max(len(zh), len(en))):
            first = zh[index] if index < len(zh) else ""
            second = en[index] if index < len(en) else ""
            lines: list[tuple[str, ParagraphStyle, Color | None]] = [
                (guard.plain(first or second, f"{where} selling_points"), s.bullet, None)]
            if first and second:
                lines.append((guard.plain(second, f"{where} selling_points_en"), s.bullet_second, MUTED))
            points.append(Label(lines, bullet=BULLET))
    else:
        chosen = (zh or en) if lang == "zh" else (en or zh)
        for point in chosen:
            points.append(Label([(guard.plain(point, f"{where} selling_points_{lang}"), s.bullet, None)],
                                bullet=BULLET))
    if not points:
        points.append(Label([("—", s.muted, None)]))
    return points


def _data_look(s: Styles, numeric_from: int | None = None, muted_columns: tuple[int, ...] = ()) -> GridLook:
    """The house data table: a brand-colour rule under the header, zebra rows, a hairline at the end."""
    return GridLook(s.cell, header_rows=1, header_rule=(0.9, BRAND), last_rule=(0.5, RULE), zebra=ZEBRA,
                    right_from=numeric_from, muted_columns=muted_columns, muted=MUTED)


def _fact_table(rows: list[tuple[Flowable, Flowable]], width: float, label_width: float, s: Styles) -> Flowable:
    if not rows:  # a bare new product: nothing to list
        return Spacer(1, 0)
    look = GridLook(s.cell, padding=(0, 3, 2.2, 2.2), valign="TOP", row_rule=(0.4, RULE))
    return Grid([[name, value] for name, value in rows], [label_width, width - label_width], look)


def _key_facts(product: PublicProduct, factory: PublicFactory, lang: str, guard: TextGuard, s: Styles,
               width: float) -> Flowable:
    rows: list[tuple[Flowable, Flowable]] = []

    def value(*lines: tuple[str, Color | None]) -> Label:
        return Label([(text, s.cell, color) for text, color in lines])

    if factory.moq:
        rows.append((label_cell(lang, "起订量", "MOQ", s.cell_muted), value((_count(lang, factory.moq, "件", "pcs"),
                                                                              None))))
    if factory.lead_time_days:
        rows.append((label_cell(lang, "交期", "Lead time", s.cell_muted),
                     value((_count(lang, factory.lead_time_days, "天", "days"), None))))
    if product.brand:
        rows.append((label_cell(lang, "品牌", "Brand", s.cell_muted),
                     value((guard.plain(in_language(product.brand, lang), f"{product.code} brand"), None))))
    if product.skus:
        rows.append((label_cell(lang, "款式", "Variants", s.cell_muted),
                     value((_count(lang, len(product.skus), "个 SKU", "SKUs"), None))))
    if product.materials:
        where = f"{product.code} materials"
        pair = split_bilingual(product.materials) if lang == "both" else None
        if pair:
            shown = value((guard.plain(pair[0], where), None), (guard.plain(pair[1], where), MUTED))
        else:
            shown = value((guard.plain(in_language(product.materials, lang), where), None))
        rows.append((label_cell(lang, "材质", "Materials", s.cell_muted), shown))
    return _fact_table(rows, width, 22 * mm if lang != "both" else 24 * mm, s)


def _count(lang: str, number: int, unit_zh: str, unit_en: str) -> str:
    shown = f"{number:,}"
    if lang == "zh":
        return f"{shown} {unit_zh}"
    if lang == "en":
        return f"{shown} {unit_en}"
    return f"{shown} {unit_zh} / {unit_en}"


def _description(product: PublicProduct, lang: str, guard: TextGuard, s: Styles, width: float,
                 compact: bool) -> list[Flowable]:
    zh, en = product.description_zh, product.description_en
    if not (zh or en):
        return []
    where = product.code
    head = SectionTitle(label(lang, "产品介绍", "Description"), s.section)
    style = s.body if not compact else s.small
    if lang == "both" and zh and en:
        gap = 6 * mm
        half = (width - gap) / 2
        side_by_side = Columns([Label([(guard.plain(zh, f"{where} description_zh"), style, None)]), None,
                                Label([(guard.plain(en, f"{where} description_en"), style, None)])],
                               [half, gap / 2, half + gap / 2], indent=[0, 0, gap / 2], rule_before=[2])
        return [head, side_by_side]
    text = (zh or en) if lang == "zh" else (en or zh)
    return [head, Label([(guard.plain(text, f"{where} description"), style, None)])]


def _pair_cell(lang: str, guard: TextGuard, zh: str, en: str, where: str, first: ParagraphStyle,
               second: ParagraphStyle) -> Label:
    """A table cell in one language, or Chinese over English when they differ."""
    if lang == "zh" or (lang == "both" and (zh == en or not en)):
        return Label([(guard.plain(zh or en, where), first, None)])
    if lang == "en":
        return Label([(guard.plain(en or zh, where), first, None)])
    return Label([(guard.plain(zh, where), first, None), (guard.plain(en, where), second, None)])


def _spec_table(product: PublicProduct, lang: str, guard: TextGuard, s: Styles, width: float) -> list[Flowable]:
    if not product.attributes:
        return []
    where = f"{product.code} attributes"
    cells = [(_pair_cell(lang, guard, a.name_zh, a.name_en, where, s.cell_muted, s.cell_muted),
              _pair_cell(lang, guard, a.value_zh, a.value_en, where, s.cell, s.cell_muted)) for a in product.attributes]
    half = (len(cells) + 1) // 2
    gap = 6 * mm
    name_width = 24 * mm if lang != "both" else 27 * mm
    value_width = (width - gap) / 2 - name_width
    rows: list[list[CellValue]] = []
    for index in range(half):
        left = cells[index]
        right = cells[half + index] if half + index < len(cells) else ("", "")
        rows.append([left[0], left[1], "", right[0], right[1]])
    look = GridLook(s.cell, padding=(2, 3, 2.6, 2.6), valign="TOP", row_rule=(0.4, RULE),
                    row_rule_spans=((0, 1), (3, 4)))
    specs = Grid(rows, [name_width, value_width, gap, name_width, value_width], look)
    return [SectionTitle(label(lang, "规格参数", "Specifications"), s.section), specs]


def _header_cells(lang: str, s: Styles, heads: Sequence[tuple[str, str]],
                  right_from: int | None = None) -> list[CellValue]:
    return [label_cell(lang, zh, en, s.cell_head, bold=True,
                       align="RIGHT" if right_from is not None and index >= right_from else "LEFT")
            for index, (zh, en) in enumerate(heads)]


def _dims(length: int | None, width: int | None, height: int | None) -> str:
    if not (length and width and height):
        return ""
    return f"{length} × {width} × {height}"


def _variants(product: PublicProduct, lang: str, guard: TextGuard, s: Styles, width: float) -> list[Flowable]:
    if not product.skus:
        return []
    where = f"{product.code} SKU"
    axes = list(product.axes) or []
    axis_keys = [a.key for a in axes]
    for sku in product.skus:
        for key, _value in sku.options:
            if key not in axis_keys:
                axis_keys.append(key)
    axis_names = {a.key: (a.name_zh or a.key, a.name_en or a.key) for a in axes}
    heads = [("SKU 编码", "SKU")] + [axis_names.get(k, (k, k)) for k in axis_keys] + \
            [("条码 GTIN", "GTIN"), ("重量 g", "Weight g"), ("尺寸 mm", "Size mm")]
    numeric_from = 1 + len(axis_keys) + 1
    fixed = [38 * mm, 26 * mm, 17 * mm, 27 * mm]   # SKU, GTIN, weight, size
    rest = max(width - sum(fixed), 20 * mm)
    option_widths = [rest / max(len(axis_keys), 1)] * len(axis_keys)
    widths = [fixed[0], *option_widths, fixed[1], fixed[2], fixed[3]]
    if not axis_keys:
        widths[0] += rest
    rows: list[list[CellValue]] = [_header_cells(lang, s, heads, right_from=numeric_from)]
    for sku in product.skus:
        options = dict(sku.options)
        row: list[CellValue] = [text_cell(guard.plain(sku.code, where), widths[0], s.cell)]
        for column, key in enumerate(axis_keys, start=1):
            value = options.get(key, "")
            shown = in_language(value, lang) if lang != "both" else value
            row.append(text_cell(guard.plain(shown, where), widths[column], s.cell))
        row += [text_cell(guard.plain(sku.gtin, where), widths[-3], s.cell),
                f"{sku.weight_g:,}" if sku.weight_g else "", _dims(sku.length_mm, sku.width_mm, sku.height_mm)]
        rows.append(row)
    variants = Grid(rows, widths, _data_look(s, numeric_from))
    return [SectionTitle(label(lang, "款式", "Variants"), s.section), variants]


def _size_chart(product: PublicProduct, lang: str, guard: TextGuard, s: Styles, width: float,
                notes: list[Bilingual]) -> list[Flowable]:
    """Sizes and their measurements, one row per size (from the first SKU of each size)."""
    seen: dict[str, PublicSku] = {}
    for sku in product.skus:
        size = dict(sku.options).get("size")
        if size and size not in seen:
            seen[size] = sku
    if not seen:
        notes.append(Bilingual(f"{product.code}：该品类需要尺码表，但商品没有尺码", f"{product.code}: the category "
                               "needs a size chart but the product has no sizes"))
        return []
    heads = [("尺码", "Size"), ("长 cm", "Length cm"), ("宽 cm", "Width cm"), ("高 cm", "Height cm"),
             ("重量 g", "Weight g")]
    rows: list[list[CellValue]] = [_header_cells(lang, s, heads, right_from=1)]
    for size, sku in seen.items():
        values = [getattr(sku, name) for name in ("length_mm", "width_mm", "height_mm")]
        cm = [f"{v / 10:g}" if v else "" for v in values]
        rows.append([text_cell(guard.plain(size, f"{product.code} size"), width - 4 * 30 * mm, s.cell), *cm,
                     f"{sku.weight_g:,}" if sku.weight_g else ""])
    chart = Grid(rows, [width - 4 * 30 * mm] + [30 * mm] * 4, _data_look(s, numeric_from=1))
    return [SectionTitle(label(lang, "尺码表", "Size chart"), s.section), chart]


def _barcodes(product: PublicProduct, lang: str, guard: TextGuard, s: Styles, width: float,
              notes: list[Bilingual]) -> list[Flowable]:
    cells: list[list[Flowable]] = []
    for sku in product.skus:
        if not sku.gtin:
            continue
        drawing = ean13_drawing(sku.gtin)
        if drawing is None:
            notes.append(Bilingual(f"{product.code}：SKU {sku.code} 的条码 {sku.gtin} 不是有效的 EAN-13/UPC-A，"
                                   "未印条码",
                                   f"{product.code}: SKU {sku.code} GTIN {sku.gtin} is not a valid EAN-13/UPC-A; "
                                   "no barcode printed"))
            continue
        options = " · ".join(in_language(v, lang) if lang != "both" else v for _k, v in sku.options)
        caption = Label([(guard.plain(sku.code, f"{product.code} SKU"), s.caption, INK),
                         (guard.plain(options, f"{product.code} SKU"), s.caption, MUTED)], align="CENTER")
        cells.append([drawing, caption])
    if not cells:
        return []
    per_row = max(3, int(width // (35 * mm)))
    column = width / per_row
    rows: list[Flowable] = []
    for start in range(0, len(cells), per_row):   # one flowable per row, kept whole: pages break between rows
        chunk = [[Spacer(1, 4), *cell, Spacer(1, 5)] for cell in cells[start:start + per_row]]
        rows.append(Columns(chunk, [column] * len(chunk), align=["CENTER"] * len(chunk), splittable=False))
    head = SectionTitle(label(lang, "商品条码 EAN-13", "Barcodes (EAN-13)"), s.section)
    return [head, *rows]


def _certificates(product: PublicProduct, lang: str, guard: TextGuard, s: Styles, width: float) -> list[Flowable]:
    if not product.certificates:
        return []
    where = f"{product.code} certificates"
    heads = [("证书 / 报告", "Certificate / report"), ("编号", "Number"), ("签发机构", "Issued by"),
             ("有效期至", "Valid until")]
    rows: list[list[CellValue]] = [_header_cells(lang, s, heads)]
    widths = [width * 0.36, width * 0.18, width * 0.32, width * 0.14]
    for c in product.certificates:
        pair = split_bilingual(c.name) if lang == "both" else None
        name = Label([(guard.plain(pair[0], where), s.cell, None), (guard.plain(pair[1], where), s.cell, MUTED)]
                     if pair else [(guard.plain(in_language(c.name, lang), where), s.cell, None)])
        issuer = in_language(c.issuer, lang) if lang != "both" else c.issuer
        rows.append([name, text_cell(guard.plain(c.number, where), widths[1], s.cell),
                     text_cell(guard.plain(issuer, where), widths[2], s.cell_muted),
                     c.expires_on.isoformat() if c.expires_on else "—"])
    certificates = Grid(rows, widths, _data_look(s, muted_columns=(2,)))
    return [SectionTitle(label(lang, "认证与检测", "Certificates and test reports"), s.section), certificates]


def _contact(factory: PublicFactory, lang: str, guard: TextGuard, s: Styles, width: float,
             url: str) -> list[Flowable]:
    lines: list[str] = []
    name = _both(lang, factory.name_zh, factory.name_en) if lang != "both" else factory.name_zh
    lines.append(name)
    if lang == "both":
        lines.append(factory.name_en)
    lines.append(pick(lang, factory.address_zh, factory.address_en) if lang != "both" else factory.address_zh)
    if lang == "both":
        lines.append(factory.address_en)
    lines.append("  ·  ".join(x for x in (in_language(factory.contact_name, lang), factory.phone, factory.email) if x))
    lines.append(factory.website)
    if url and url != factory.website:
        lines.append(plain_label(lang, "商品页", "Product page") + " " + url)
    contact = Label([(guard.plain(line, "factory contact"), s.small, None) for line in lines if line])
    qr_cell: list[Flowable] = []
    qr_width = 30 * mm
    if url:
        qr_cell = [QrCode(url, 24 * mm), label_cell(lang, "扫码访问", "Scan to visit", s.caption, align="CENTER")]
    block = Columns([contact, qr_cell], [width - qr_width, qr_width], align=["LEFT", "CENTER"])
    head = SectionTitle(label(lang, "联系我们", "Contact"), s.section)
    return [KeepTogether([head, block])]




def generate_sheets(
    workspace: Workspace,
    codes: Sequence[str] | None,
    folder: str | Path,
    lang: str = "both",
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    *,
    paper: str = "A4",
    qr_url: str | None = None,
    today: date | None = None,
) -> list[PrintResult]:
    """One spec sheet per product (all products when `codes` is None) into `folder`, named "CODE.pdf".

    Each file is written atomically. `progress(done, total)` after each sheet; `cancel()` is asked before
    each sheet and during it; a cancelled batch keeps the sheets already finished and raises Cancelled.
    """
    from app.services.documents.public_data import load_factory, load_products

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
            raise Cancelled()
        product = load_products(workspace, [code], today=today)[0]
        target = folder / f"{_file_safe(code)}.pdf"
        results.append(write_spec_sheet(
            product, factory, target, lang=lang, paper=paper, qr_url=qr_url, today=today, cancelled=cancel))
        if progress is not None:
            progress(done + 1, len(wanted))
    return results


def _file_safe(code: str) -> str:
    """A product code as a file name on Windows too."""
    cleaned = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in code).strip(" .")
    return cleaned or "product"


__all__ = ["TITLE_EN", "TITLE_ZH", "CataloguePage", "build_spec_sheet", "generate_sheets", "spec_story",
           "write_spec_sheet"]
