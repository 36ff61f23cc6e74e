"""The launch readiness report: the document a consultant leaves behind with the factory owner.

Cover (factory name, date); the factory (profile, certificates with expiry warnings); per product the prices
per channel (floor, suggested, margin on net, markup, break-even) and the chain-versus-direct comparison with a
vector bar chart (ReportLab graphics, no Qt); the open lint findings by severity with the first few listed; the
onboarding checklist, the dated session notes and the next steps (the checklist steps not done yet).

Written for the factory owner, so costs and margins may appear; shop credentials and other secrets are never
read. Factory fields come from `public_data` (its allow-list keeps the OEM history out).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Spacer,
)
from sqlmodel import col, select

from app.db import Workspace
from app.models import Certificate
from app.services.documents.document import (
    DocInfo,
    PrintDoc,
    PrintResult,
    build_doc,
    write_pdf_atomically,
)
from app.services.documents.flowables import (
    BoldParagraph,
    Para,
    SectionTitle,
    label_cell,
)
from app.services.documents.fonts import FONT_NAME, TextGuard
from app.services.documents.public_data import PublicFactory, load_factory
from app.services.documents.styles import (
    BRAND,
    BRAND_TINT,
    MUTED,
    RULE,
    Styles,
    check_lang,
    label,
    plain_label,
    styles,
)
from app.services.documents.tables import grid_style, table
from app.services.pricing.plans import ChartData, Evaluation
from app.services.pricing.result import PriceResult

TITLE_ZH, TITLE_EN = "上线准备报告", "Launch readiness report"
TOP_FINDINGS = 10
EXPIRY_WARNING_DAYS = 60

STEP_NAMES: dict[str, tuple[str, str]] = {
    "factory_profile": ("工厂资料", "Factory profile"),
    "brand": ("品牌", "Brand"),
    "first_product": ("第一个产品", "First product"),
    "costs_and_channels": ("成本与渠道", "Costs and channels"),
    "chain_picture": ("传统链路对比图", "Chain-versus-direct picture"),
    "first_pack_and_sheet": ("首个上架包与规格书", "First listing pack and spec sheet"),
}
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "done": ("已完成", "Done"), "skipped": ("已跳过", "Skipped"), "todo": ("待完成", "To do"),
}
SEVERITY_NAMES: dict[str, tuple[str, str]] = {
    "error": ("错误", "Errors"), "warning": ("警告", "Warnings"), "info": ("提示", "Info"),
}


def build_readiness_report(workspace: Workspace, path: str | Path, lang: str = "both",
                           today: date | None = None) -> PrintResult:
    """Write the launch readiness report of `workspace` to `path` (atomically)."""
    lang = check_lang(lang)
    today = today or date.today()
    factory = load_factory(workspace)
    guard = TextGuard()
    info = DocInfo(lang=lang, title_zh=TITLE_ZH, title_en=TITLE_EN, factory=factory, guard=guard, today=today,
                   subject=plain_label(lang, TITLE_ZH, TITLE_EN, sep=" / "))
    story = readiness_story(workspace, factory, lang, guard, today)
    pages = 0

    def build(target: Path) -> None:
        nonlocal pages
        doc = PrintDoc(target, info, "A4", with_cover=True)
        doc.cover_painter = lambda canvas, d: _paint_cover(canvas, d, factory, lang, guard, today)
        build_doc(doc, [Spacer(1, 1), NextPageTemplate("body"), PageBreak(), *story])
        pages = getattr(doc.canv, "pages_total", 0)

    written = write_pdf_atomically(path, build)
    warnings = tuple(dict.fromkeys(w.message for w in guard.warnings))
    return PrintResult(written, pages, warnings)


def _paint_cover(canvas: Canvas, doc: PrintDoc, factory: PublicFactory, lang: str, guard: TextGuard,
                 today: date) -> None:
    from app.services.documents.document import bold_string

    width, height = doc.pagesize
    left = doc.leftMargin
    c = canvas
    c.saveState()
    c.setFillColor(BRAND)
    c.rect(0, height - 70 * mm, width, 70 * mm, stroke=0, fill=1)
    bold_string(c, left, height - 40 * mm, plain_label(lang, TITLE_ZH, TITLE_EN, sep="  "), 24,
                colors.white)
    y = height - 100 * mm
    names = [factory.name_zh, factory.name_en] if lang == "both" else [
        (factory.name_zh or factory.name_en) if lang == "zh" else (factory.name_en or factory.name_zh)]
    for index, name in enumerate(n for n in names if n):
        size = 20 if index == 0 else 13
        bold_string(c, left, y, guard.plain(name, "factory name"), size)
        y -= 11 * mm
    c.setFont(FONT_NAME, 11)
    c.setFillColor(MUTED)
    c.drawString(left, y - 4 * mm,
                 plain_label(lang, "日期", "Date") + f" {today.isoformat()}")
    c.restoreState()


# ---------------------------------------------------------------- the story


def readiness_story(workspace: Workspace, factory: PublicFactory, lang: str, guard: TextGuard,
                    today: date) -> list[Flowable]:
    from reportlab.lib.pagesizes import A4

    from app.services.pricing.plans import PricingService

    width = A4[0] - 32 * mm
    s = styles()
    story: list[Flowable] = []
    story += _factory_section(workspace, factory, lang, guard, s, width, today)
    pricing = PricingService(workspace)
    for product in pricing.products():
        story += _product_section(pricing, product, lang, guard, s, width)
    story += _lint_section(workspace, lang, guard, s, width)
    story += _session_section(workspace, lang, guard, s, width)
    return story


def _factory_section(workspace: Workspace, factory: PublicFactory, lang: str, guard: TextGuard, s: Styles,
                     width: float, today: date) -> list[Flowable]:
    story: list[Flowable] = [SectionTitle(label(lang, "工厂概况", "Factory"), s.section)]
    rows: list[tuple[str, str, str]] = [
        ("名称", "Name", " / ".join(x for x in (factory.name_zh, factory.name_en) if x)),
        ("品牌", "Brand", " / ".join(x for x in (factory.brand_zh, factory.brand_en) if x)),
        ("地址", "Address", factory.address_zh if lang == "zh" else (factory.address_en or factory.address_zh)),
        ("联系人", "Contact", "  ·  ".join(x for x in (factory.contact_name, factory.phone, factory.email) if x)),
        ("网站", "Website", factory.website),
        ("能力", "Capabilities", factory.capabilities_zh if lang == "zh" else
         (factory.capabilities_en or factory.capabilities_zh)),
        ("起订量", "MOQ", f"{factory.moq:,}" if factory.moq else ""),
        ("交期（天）", "Lead time (days)", str(factory.lead_time_days or "")),
    ]
    data = [[label_cell(lang, zh, en, s.cell_muted), Para(guard.markup(value, f"factory {en}"), s.cell)]
            for zh, en, value in rows if value]
    if data:
        story.append(table(data, [38 * mm, width - 38 * mm], grid_style(header_rows=0)))
    with workspace.session() as session:
        certificates = list(session.exec(select(Certificate).order_by(col(Certificate.expires_on))))
        certs = [(c.name, c.number, c.issuer, c.expires_on) for c in certificates]
    story.append(SectionTitle(label(lang, "证书", "Certificates"), s.section))
    if not certs:
        story.append(Para(label(lang, "还没有登记证书。", "No certificates recorded yet."), s.muted))
        return story
    heads = [("证书", "Certificate"), ("编号", "Number"), ("签发机构", "Issued by"), ("有效期至", "Valid until"),
             ("状态", "Status")]
    table_rows: list[list[object]] = [[label_cell(lang, zh, en, s.cell_head, bold=True) for zh, en in heads]]
    warn_rows: list[int] = []
    for name, number, issuer, expires in certs:
        if expires is None:
            status = ("", "")
        elif expires < today:
            status = ("已过期", "Expired")
        elif expires <= today + timedelta(days=EXPIRY_WARNING_DAYS):
            status = ("即将到期", "Expires soon")
        else:
            status = ("有效", "Valid")
        if status[1] in ("Expired", "Expires soon"):
            warn_rows.append(len(table_rows))
        table_rows.append([Para(guard.markup(name, "certificate"), s.cell), Para(guard.markup(number, "certificate"),
                           s.cell), Para(guard.markup(issuer, "certificate"), s.cell_muted),
                           expires.isoformat() if expires else "—",
                           label_cell(lang, *status, s.cell) if status[1] else "—"])
    commands = grid_style() + [("TEXTCOLOR", (0, r), (-1, r), colors.HexColor("#B42318")) for r in warn_rows]
    story.append(table(table_rows, [width * 0.3, width * 0.17, width * 0.25, width * 0.13, width * 0.15], commands,
                       repeatRows=1))
    return story


def _break_even(result: PriceResult) -> str:
    """Units to sell before fixed costs are paid back; "—" when there are no fixed costs (as on the Pricing page)."""
    if result.break_even_units is None or result.fixed_costs <= 0:
        return "—"
    return f"{result.break_even_units:,}"


def _money(amount: Decimal | None, currency: str) -> str:
    from app.services.kernel.text import money_text

    return "—" if amount is None else money_text(amount, currency)


def _percent(rate: Decimal | None) -> str:
    from app.services.kernel.text import percent_text

    return "—" if rate is None else percent_text(rate, 1)


def _product_section(pricing: object, product: object, lang: str, guard: TextGuard, s: Styles,
                     width: float) -> list[Flowable]:
    from app.services.pricing.plans import PricingService, ProductChoice

    assert isinstance(pricing, PricingService) and isinstance(product, ProductChoice)
    code = product.code
    names = [x for x in (product.name_zh, product.name_en) if x]
    title = guard.markup(f"{code}  " + " / ".join(names), f"{code} name")
    story: list[Flowable] = [CondPageBreak(90 * mm), Spacer(1, 4 * mm), BoldParagraph(title, s.subtitle)]
    try:
        evaluation = pricing.evaluate(pricing.load_plan(product.id))
    except Exception as error:  # noqa: BLE001 - one product's broken plan must not sink the report
        story.append(Para(guard.markup(label(lang, "无法计算价格：", "Prices could not be worked out: ", sep="")
                                       + str(error), f"{code} pricing"), s.muted))
        return story
    currency = evaluation.plan.currency
    story.append(SectionTitle(label(lang, "各渠道价格", "Prices per channel"), s.section))
    # A product whose cost was never entered (the wizard's step 4 skipped) would price at ¥0.00 plus fees: a
    # number nobody should quote. Its rows say "—" and one line says what is missing.
    costed = evaluation.plan.costs.ex_factory > 0
    if not costed:
        story.append(Para(label(lang, "还没有出厂成本：在定价页或产品编辑器的 SKU 表填写成本后才有建议价和毛利；"
                                      "已手动设定的价格照列。",
                                "No ex-factory cost yet: enter it on the Pricing page or in the product's SKU "
                                "table to see suggested prices and margins; prices you set are listed as set."),
                          s.muted))
    heads = [("渠道", "Channel"), ("底价", "Floor"), ("建议价", "Suggested"), ("净收入毛利率", "Margin on net"),
             ("成本加成", "Markup"), ("保本销量", "Break-even")]
    rows: list[list[object]] = [[label_cell(lang, zh, en, s.cell_head, bold=True, align="LEFT" if i == 0 else "RIGHT")
                                 for i, (zh, en) in enumerate(heads)]]
    for row in evaluation.rows:
        p = row.profile
        name = label_cell(lang, p.name_zh, p.name_en, s.cell)
        result = row.outcome.result
        if not costed:   # a price the user set is known without a cost; what it earns is not
            shown = "—" if row.override is None else _money(row.override, p.currency)
            rows.append([name, "—", shown, "—", "—", "—"])
            continue
        if result is None:
            reason = str(row.outcome.error or "")
            rows.append([name, Para(guard.markup(reason, f"{code} pricing"), s.cell_muted), "", "", "", ""])
            continue
        rows.append([name, _money(result.floor_price, result.currency), _money(result.price, result.currency),
                     _percent(result.margin_on_net), _percent(result.markup_on_cost),
                     _break_even(result)])
    if len(rows) > 1:
        story.append(table(rows, [width * 0.3] + [width * 0.14] * 5, grid_style(numeric_from=1), repeatRows=1))
    else:
        story.append(Para(label(lang, "还没有选择渠道。", "No channels chosen yet."), s.muted))
    story += _chain_section(evaluation, currency, lang, guard, s, width)
    return story


def _chain_section(evaluation: Evaluation, currency: str, lang: str, guard: TextGuard, s: Styles,
                   width: float) -> list[Flowable]:
    chart = evaluation.chart
    chain = evaluation.chain
    story: list[Flowable] = [SectionTitle(label(lang, "传统链路与直销对比", "Traditional chain versus direct"),
                                          s.section)]
    if chain is None:
        story.append(Para(label(lang, "没有出厂价或链路层级，无法对比。",
                                "No ex-factory cost or chain layers, so no comparison."), s.muted))
        return story
    heads = [("渠道", "Channel"), ("传统链路零售价", "Chain price"), ("直销价", "Direct price"), ("节省", "Saving"),
             ("节省比例", "Saving %")]
    rows: list[list[object]] = [[label_cell(lang, zh, en, s.cell_head, bold=True, align="LEFT" if i == 0 else "RIGHT")
                                 for i, (zh, en) in enumerate(heads)]]
    for bar in chart.channel_bars:
        saving = bar.saving if bar.saving is not None else chain.price - bar.total
        rate = bar.saving_rate if bar.saving_rate is not None else (saving / chain.price if chain.price else None)
        rows.append([label_cell(lang, bar.label_zh, bar.label_en, s.cell), _money(chain.price, currency),
                     _money(bar.total, currency), _money(saving, currency), _percent(rate)])
    headline = chart.headline
    if headline is not None:
        text = label(lang, f"{headline.channel_zh}直销价 {_money(headline.direct_price, currency)}，"
                           f"比传统链路 {_money(headline.chain_price, currency)} 省 "
                           f"{_money(headline.saving, currency)}（{_percent(headline.saving_rate)}）",
                     f"{headline.channel_en} direct {_money(headline.direct_price, currency)} against the chain's "
                     f"{_money(headline.chain_price, currency)}: {_money(headline.saving, currency)} "
                     f"({_percent(headline.saving_rate)}) less", sep="<br/>")
        story.append(Para(guard.markup("", "") + text, s.body))
        story.append(Spacer(1, 2 * mm))
    if len(rows) > 1:
        story.append(table(rows, [width * 0.32] + [width * 0.17] * 4, grid_style(numeric_from=1), repeatRows=1))
    story.append(Spacer(1, 3 * mm))
    story.append(chain_drawing(chart, lang, guard, width))
    return story


def chain_drawing(chart: ChartData, lang: str, guard: TextGuard, width: float, height: float = 62 * mm) -> Drawing:
    """Vector bars: the chain's waterfall from ex-factory up to its consumer price, then each direct price."""
    bars = [*chart.chain_bars, *chart.channel_bars]
    drawing = Drawing(width, height)
    highest = float(chart.highest) or 1.0
    top_pad, bottom_pad = 8 * mm, 14 * mm
    scale = (height - top_pad - bottom_pad) / highest
    count = max(len(bars), 1)
    slot = width / count
    bar_width = min(slot * 0.62, 22 * mm)
    drawing.add(Line(0, bottom_pad, width, bottom_pad, strokeColor=RULE, strokeWidth=0.6))
    chain_colour, total_colour = colors.HexColor("#9AA5B1"), colors.HexColor("#52606D")
    for index, bar in enumerate(bars):
        x = index * slot + (slot - bar_width) / 2
        start = float(bar.start)
        total = float(bar.total)
        kind = bar.kind
        colour = BRAND if kind not in ("chain", "chain_total") else (total_colour if kind == "chain_total"
                                                                     else chain_colour)
        low = bottom_pad + start * scale
        drawing.add(_bar(x, low, bar_width, max((total - start) * scale, 0.5), colour))
        if kind == "chain" and start > 0:
            drawing.add(_bar(x, bottom_pad, bar_width, start * scale, BRAND_TINT))
        drawing.add(String(x + bar_width / 2, bottom_pad + total * scale + 1.5 * mm, _short_money(bar.total),
                           fontName=FONT_NAME, fontSize=6.5, fillColor=colors.black, textAnchor="middle"))
        name = bar.label_zh if lang == "zh" else (bar.label_en if lang == "en" else bar.label_zh or bar.label_en)
        drawing.add(String(x + bar_width / 2, bottom_pad - 4 * mm,
                           _fit(guard.plain(name, "chart label"), 6.5, slot - 1),
                           fontName=FONT_NAME, fontSize=6.5, fillColor=MUTED, textAnchor="middle"))
        if lang == "both" and bar.label_en and bar.label_en != bar.label_zh:
            drawing.add(String(x + bar_width / 2, bottom_pad - 7.5 * mm,
                               _fit(guard.plain(bar.label_en, "chart label"), 5.5, slot - 1),
                               fontName=FONT_NAME, fontSize=5.5, fillColor=MUTED, textAnchor="middle"))
    return drawing


def _fit(text: str, size: float, room: float) -> str:
    """`text` cut (with an ellipsis) to fit `room` points at `size`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, FONT_NAME, size) <= room:
        return text
    while text and stringWidth(text + "…", FONT_NAME, size) > room:
        text = text[:-1]
    return text + "…"


def _bar(x: float, y: float, width: float, height: float, colour: colors.Color) -> Rect:
    """A filled bar without an outline. The colours are set after construction because reportlab's stubs type
    Rect's style keywords as one dict (`**kw: _SolidShapeKwArgs`, not `Unpack[...]`); the drawing is the same."""
    bar = Rect(x, y, width, height)
    bar.fillColor, bar.strokeColor = colour, None
    return bar


def _short_money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _lint_section(workspace: Workspace, lang: str, guard: TextGuard, s: Styles, width: float) -> list[Flowable]:
    from app.models.listing import Severity
    from app.services.listing.packs.lint import lint_workspace

    story: list[Flowable] = [CondPageBreak(50 * mm), SectionTitle(label(lang, "合规检查：未解决的问题",
                                                                         "Open lint findings"), s.section)]
    try:
        result = lint_workspace(workspace)
    except Exception as error:  # noqa: BLE001
        story.append(Para(guard.markup(str(error), "lint"), s.muted))
        return story
    counts = [(SEVERITY_NAMES[sev.value], result.count(sev)) for sev in (Severity.ERROR, Severity.WARNING,
                                                                          Severity.INFO)]
    # The lint without a platform is not what stops a pack: said as such, beside the per-platform table
    summary_zh = "不分平台的检查：" + "，".join(f"{zh} {n}" for (zh, _en), n in counts)
    summary_en = "Checks for every platform: " + ", ".join(f"{en.lower()} {n}" for (_zh, en), n in counts)
    story.append(Para(guard.markup(plain_label(lang, summary_zh, summary_en, sep="   "), "lint"), s.body))
    blocking = pack_blocking_counts(workspace)
    story += _blocking_table(workspace, blocking, lang, s, width)
    if not result.findings:
        if any(errors for _platform, errors in blocking):
            story.append(Para(label(lang, "不分平台的检查没有发现问题；各平台阻止生成上架包的错误见上表。",
                                    "The checks for every platform found nothing; the errors that stop each "
                                    "platform's pack are counted above."), s.muted))
        else:
            story.append(Para(label(lang, "没有未解决的问题。", "No open findings."), s.muted))
        return story
    heads = [("商品", "Product"), ("级别", "Severity"), ("字段", "Field"), ("问题", "Finding")]
    rows: list[list[object]] = [[label_cell(lang, zh, en, s.cell_head, bold=True) for zh, en in heads]]
    for finding in result.findings[:TOP_FINDINGS]:
        severity = SEVERITY_NAMES.get(finding.severity.value, (finding.severity.value,) * 2)
        message = finding.message.text("zh" if lang == "zh" else "en")
        rows.append([Para(guard.markup(finding.product, "lint"), s.cell), label_cell(lang, *severity, s.cell),
                     field_cell(lang, finding.field, s.cell_muted),
                     Para(guard.markup(message, "lint"), s.cell)])
    story.append(table(rows, [width * 0.16, width * 0.14, width * 0.16, width * 0.54], grid_style(), repeatRows=1))
    if len(result.findings) > TOP_FINDINGS:
        more = len(result.findings) - TOP_FINDINGS
        story.append(Para(label(lang, f"另有 {more} 项未列出。", f"{more} more not listed."), s.muted))
    return story


def pack_blocking_counts(workspace: Workspace, platforms: Sequence[str] | None = None) -> list[tuple[str, int]]:
    """Per platform, the errors that stop its pack: the same check `build_pack` (the wizard's step 6, the packs
    page, `pack`) runs before it writes anything — platform rules, prices, the upload file — counted as its
    `PackBlocked` counts them, so this report and the wizard give the same number."""
    from app.models.listing import Severity
    from app.services.listing.packs.builder import build_profile, lint_for_pack
    from app.services.listing.packs.images import PixelCache
    from app.services.listing.packs.lint import ProductLint
    from app.services.listing.packs.options import PackOptions
    from app.services.listing.packs.prices import PackPricer, ProductReads
    from app.services.listing.packs.profiles import PLATFORM_IDS, effective_profile
    from app.services.listing.packs.source import load_blob, load_products

    products = load_products(workspace, None)
    if not products:
        return []
    pixels = PixelCache(lambda blob_id: load_blob(workspace, blob_id))
    shared = ProductLint.for_workspace(workspace)   # the texts linted once, not once per platform, nor per build
    reads = ProductReads(workspace)                 # and the costs and plans read once
    reads.read_ahead(products)
    counts = []
    for platform in platforms or PLATFORM_IDS:
        profile = build_profile(effective_profile(workspace, platform), PackOptions())
        lint, _sheets = lint_for_pack(workspace, products, profile, pixels, PackPricer(workspace, profile, reads),
                                      shared=shared)
        errors = dict.fromkeys(f for f in lint.findings if f.severity is Severity.ERROR)
        counts.append((platform, len(errors)))
    shared.keep()
    return counts


def _blocking_table(workspace: Workspace, counts: Sequence[tuple[str, int]], lang: str, s: Styles,
                    width: float) -> list[Flowable]:
    """Errors that stop each platform's pack (`pack_blocking_counts`), as the wizard and the packs page count
    them."""
    from app.services.listing.packs.profiles import effective_profile

    if not counts:
        return []
    heads = [("平台", "Platform"), ("阻止生成上架包的错误", "Errors that stop the pack")]
    rows: list[list[object]] = [[label_cell(lang, zh, en, s.cell_head, bold=True) for zh, en in heads]]
    for platform, errors in counts:
        profile = effective_profile(workspace, platform)
        rows.append([label_cell(lang, profile.name_zh, profile.name_en, s.cell), Para(str(errors), s.cell)])
    return [table(rows, [width * 0.5, width * 0.5], grid_style(), repeatRows=1)]


def field_cell(lang: str, field: str, style: ParagraphStyle) -> Flowable:
    """A finding's field as the user calls it (容量, 中文卖点第 1 条), never its key."""
    from app.services.listing.labels import field_label

    name = field_label(field)
    return label_cell(lang, name.zh, name.en, style)


def _session_section(workspace: Workspace, lang: str, guard: TextGuard, s: Styles, width: float) -> list[Flowable]:
    from app.services.catalogue.factory_profile import FactoryProfileService
    from app.services.onboarding.flow import OnboardingFlow, Status
    from app.services.workspace.services import WorkspaceServices

    services = WorkspaceServices(workspace=workspace, factory=FactoryProfileService(workspace))
    flow = OnboardingFlow(services)
    checklist = flow.checklist()
    notes = flow.list_notes()
    story: list[Flowable] = [CondPageBreak(50 * mm), SectionTitle(label(lang, "上线清单", "Onboarding checklist"),
                                                                  s.section)]
    heads = [("步骤", "Step"), ("状态", "Status")]
    rows: list[list[object]] = [[label_cell(lang, zh, en, s.cell_head, bold=True) for zh, en in heads]]
    for step, status in checklist:
        rows.append([label_cell(lang, *STEP_NAMES.get(step.value, (step.value, step.value)), s.cell),
                     label_cell(lang, *STATUS_NAMES[status.value], s.cell)])
    story.append(table(rows, [width * 0.6, width * 0.4], grid_style(), repeatRows=1))
    story.append(SectionTitle(label(lang, "会议记录", "Session notes"), s.section))
    if notes:
        for note in notes:
            text = f"{note.at:%Y-%m-%d %H:%M}  {note.text}"
            story.append(Para(guard.markup(text, "session note"), s.bullet, bulletText="■"))
    else:
        story.append(Para(label(lang, "没有记录。", "No notes."), s.muted))
    story.append(SectionTitle(label(lang, "下一步", "Next steps"), s.section))
    pending = [step for step, status in checklist if status is not Status.DONE]
    if pending:
        for number, step in enumerate(pending, start=1):
            story.append(Para(label(lang, *STEP_NAMES.get(step.value, (step.value, step.value))), s.numbered,
                              bulletText=f"{number}."))
    else:
        story.append(Para(label(lang, "清单已全部完成，可以上线。", "Every step is done: ready to launch."), s.body))
    return story


__all__ = ["TITLE_EN", "TITLE_ZH", "build_readiness_report", "chain_drawing", "readiness_story"]
