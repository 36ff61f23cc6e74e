"""The B2B price list: products × SKUs with quantity tiers for one channel, a valid-until date and terms.

Every price comes from the pricing engine (`app.services.pricing`): for each SKU and tier, the SKU's
ex-factory cost is priced on the chosen channel's fee profile with that tier's target margin, exactly as the
Pricing page prices a plan: the prices of `price_channel`, through its batch path (`ChannelPricer`, each tier's
fee model compiled once for the whole list). Nothing here computes a price formula.

Documented defaults (`PriceListOptions`):
- channel: the 1688 wholesale profile;
- tiers: three, starting at the factory's MOQ (100 when it has none), at 1×, 3× and 10× that quantity,
  with target margins (on net revenue) of 30%, 25% and 20%;
- cliffs: quantity tiers apply to the whole quantity of a SKU, so a cheaper upper tier makes some smaller
  orders cost more in total than the tier's first quantity (49 × 160 = 7,840 > 50 × 150 = 7,500). With
  `cliffs="warn"` (the default, as shared/reference/pricing.md asks for 1688-style tiers) each tier's margin
  price is printed and each cliff is returned as a bilingual warning (the `pricelist` command prints them on
  stderr, the Print page lists them under the preview). With `cliffs="remove"` (the Print page's "Smooth out
  quantity cliffs", the command's `--no-cliffs`) an upper tier's price is raised to the engine's
  `cliff_free_price`, (q − 1) ÷ q × the tier below, so the list has no cliffs but its upper tiers give
  almost no discount (899 ÷ 900 of the first tier's price at the default 1×/3× MOQ);
- valid for 30 days from the date printed;
- the channel's current fee profile (the workspace's edited version, as the Pricing page shows it); costs in
  another currency (CNY costs on a USD channel) convert at the workspace's exchange rates
  (`app.services.pricing.exchange_rates`, the table the Pricing page uses) as of the date printed.

Sales logins of a team workspace can read no cost (issue #15): for them the list prints the newest approved
version of the channel's prices (`app.services.pricing.approved`, approved by an owner or editor with these very
functions) — its tiers and prices, whatever the options ask — and says the approval date ("价格批准于
2026-12-04"); with no approved version, `NoApprovedPrices` says an owner or editor must approve prices first.

Private fields never reach the page: costs are read here, used as the engine's input and dropped; the
products come from `public_data`, which doesn't copy reference prices, OEM history or differentiators.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Literal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlmodel import col, select

from app.db import Workspace
from app.models import Product, Sku
from app.models.bilingual import Bilingual
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
from app.services.documents.fonts import TextGuard
from app.services.documents.public_data import (
    ImageSizes,
    PublicFactory,
    PublicProduct,
    load_factory,
    load_products,
)
from app.services.documents.styles import (
    BRAND_TINT,
    MUTED,
    RULE,
    PrintInputError,
    check_lang,
    check_paper,
    check_products,
    label,
    plain_label,
    styles,
)
from app.services.documents.tables import grid_style, table, text_cell
from app.services.kernel.jobs import CancelCheck, Progress
from app.services.kernel.text import in_language, money_text
from app.services.pricing import (
    ChannelPricer,
    ChannelProfile,
    Cliff,
    CostBuildUp,
    FxRateMissing,
    FxTable,
    InfeasibleTarget,
    ProductPlan,
    QuantityTier,
    Target,
    TargetKind,
    approved,
    cliff_free_price,
    load_profiles,
    pricer_cache,
    quantity_cliffs,
)
from app.services.pricing.approved import ApprovedList
from app.services.pricing.exchange_rates import WHERE_EN, WHERE_ZH, fx_table
from app.services.pricing.plans import PricingService

TITLE_ZH, TITLE_EN = "批发价目表", "Wholesale Price List"
DEFAULT_CHANNEL = "1688"
DEFAULT_TIER_MULTIPLES = (1, 3, 10)
DEFAULT_TIER_MARGINS = (Decimal("0.30"), Decimal("0.25"), Decimal("0.20"))
DEFAULT_BASE_QUANTITY = 100   # the first tier when the factory has no MOQ
DEFAULT_VALID_DAYS = 30

#: The compiled pricer for a plan's shape on the list's channel (`pricer_cache`).
Pricers = Callable[[ProductPlan], ChannelPricer]


@dataclass(frozen=True)
class TierSpec:
    """From `min_qty` units of a SKU on, price at `margin` (target margin on net revenue)."""

    min_qty: int
    margin: Decimal


def default_tiers(moq: int | None) -> tuple[TierSpec, ...]:
    """Three tiers at 1×, 3× and 10× the MOQ (or 100), with margins 30%, 25%, 20%."""
    base = moq if moq and moq > 0 else DEFAULT_BASE_QUANTITY
    return tuple(TierSpec(base * k, m) for k, m in zip(DEFAULT_TIER_MULTIPLES, DEFAULT_TIER_MARGINS, strict=True))


@dataclass(frozen=True)
class PriceListOptions:
    """What the price list prints; every field has the documented default."""

    channel: str = DEFAULT_CHANNEL
    tiers: tuple[TierSpec, ...] | None = None            # None: default_tiers(factory MOQ)
    cliffs: Literal["warn", "remove"] = "warn"           # see the module docstring
    valid_until: date | None = None                        # None: the date printed + DEFAULT_VALID_DAYS
    terms: tuple[Bilingual, ...] | None = None             # None: default_terms(...)
    codes: tuple[str, ...] | None = None                   # None: every product
    customer: str = ""                                     # "Prepared for …", optional
    fx: FxTable | None = None                              # None: the workspace's exchange rates


@dataclass(frozen=True)
class SkuPrices:
    """One SKU's tier prices (None: not priced, see the warnings)."""

    sku: str
    prices: tuple[Decimal, ...] | None


@dataclass(frozen=True)
class PriceTable:
    """The priced list before it is drawn: also what the GUI preview and tests read."""

    profile: ChannelProfile
    currency: str
    tiers: tuple[TierSpec, ...]
    rows: dict[str, tuple[SkuPrices, ...]]    # by product code
    warnings: tuple[Bilingual, ...] = field(default=())


class UnknownChannel(PrintInputError):
    def __init__(self, channel: str, known: Sequence[str]) -> None:
        super().__init__(Bilingual(f"未知渠道 {channel}（可用：{', '.join(known)}）",
                                   f"Unknown channel {channel} (known: {', '.join(known)})"))


def channel_profile(channel: str, profiles: Sequence[ChannelProfile] | None = None) -> ChannelProfile:
    """The fee profile of `channel` (shipped defaults unless `profiles` is given); UnknownChannel."""
    available = tuple(profiles) if profiles is not None else load_profiles()
    for profile in available:
        if profile.id == channel:
            return profile
    raise UnknownChannel(channel, [p.id for p in available])


def _costs(workspace: Workspace, codes: Sequence[str]) -> dict[str, tuple[Decimal | None, str]]:
    """{SKU code: (ex-factory cost, product currency)} — private, used only as the engine's input."""
    costs: dict[str, tuple[Decimal | None, str]] = {}
    with workspace.session() as session:
        for start in range(0, len(codes), 500):
            query = (select(Sku.code, col(Sku.cost), Product.currency).join(Product, col(Product.id) == Sku.product_id)
                     .where(col(Product.code).in_(list(codes[start:start + 500]))))
            for code, cost, currency in session.exec(query):
                costs[code] = (cost, currency)
    return costs


def price_table(workspace: Workspace, products: Sequence[PublicProduct], profile: ChannelProfile,
                tiers: Sequence[TierSpec], *, cliffs: str = "warn", fx: FxTable | None = None,
                on: date | None = None) -> PriceTable:
    """Price every SKU of `products` at every tier on `profile` with the pricing engine; `cliffs` "warn" or
    "remove" (see the module docstring). Costs in another currency than the channel's convert at `fx` when
    given, else at the workspace's exchange rates (those the Pricing page uses), as of `on` (default today).
    A product whose currency has no rate is listed "on request" with a warning; when no product can be
    converted, PrintInputError says a rate is needed."""
    if cliffs not in ("warn", "remove"):
        raise ValueError(f"cliffs must be 'warn' or 'remove', not {cliffs!r}")
    if not tiers or any(b.min_qty <= a.min_qty for a, b in itertools.pairwise(tiers)):
        raise PrintInputError(Bilingual("阶梯起订量必须递增", "Tier quantities must rise"))
    day = on or date.today()
    costs = _costs(workspace, [p.code for p in products])
    rates = _exchange_rates(workspace, products, profile, fx)
    pricer = pricer_cache(profile, rates, day)  # each tier's fee model compiled once for the whole list
    warnings: list[Bilingual] = []
    rows: dict[str, tuple[SkuPrices, ...]] = {}
    without_rate: list[FxRateMissing] = []
    for product in products:
        product_cliffs: list[tuple[str, Cliff]] = []
        try:
            priced = [_sku_row(sku.code, costs, product, profile, tiers, cliffs, pricer, warnings,
                               product_cliffs) for sku in product.skus]
        except FxRateMissing as error:
            without_rate.append(error)
            warnings.append(_no_rate_warning(product, profile))
            priced = [SkuPrices(sku.code, None) for sku in product.skus]
        if product_cliffs:
            warnings.append(_cliff_warning(product.code, product_cliffs, profile.currency))
        rows[product.code] = tuple(priced)
    if without_rate and len(without_rate) == len(products):
        raise _rates_needed(products[0].currency, profile, without_rate[0])
    return PriceTable(profile, profile.currency, tuple(tiers), rows, tuple(dict.fromkeys(warnings)))


def approved_table(listed: ApprovedList, products: Sequence[PublicProduct]) -> PriceTable:
    """The price table of an approved version for `products`: its tiers and tier prices as approved (a SKU the
    version doesn't price is listed "on request" with a warning). Nothing is computed."""
    tiers = tuple(TierSpec(quantity, Decimal(0)) for quantity in listed.tiers)  # the margins stay private
    warnings: list[Bilingual] = []
    rows: dict[str, tuple[SkuPrices, ...]] = {}
    for product in products:
        priced = []
        for sku in product.skus:
            found = listed.prices.get(sku.code)
            prices = found.tier_prices if found is not None else None
            if prices is not None and len(prices) != len(tiers):
                prices = None
            if prices is None:
                warnings.append(Bilingual(f"{sku.code}：没有已批准的价格，价目表显示“询价”",
                                          f"{sku.code}: no approved price; the list says \"on request\""))
            priced.append(SkuPrices(sku.code, prices))
        rows[product.code] = tuple(priced)
    return PriceTable(listed.channel, listed.currency, tiers, rows, tuple(warnings))


def _exchange_rates(workspace: Workspace, products: Sequence[PublicProduct], profile: ChannelProfile,
                    fx: FxTable | None) -> FxTable | None:
    """The rates costs convert at — the workspace's, read only when some product needs converting."""
    if fx is not None or all(p.currency == profile.currency for p in products):
        return fx
    return fx_table(workspace)


def _no_rate_warning(product: PublicProduct, profile: ChannelProfile) -> Bilingual:
    pair = f"{product.currency}→{profile.currency}"
    return Bilingual(f"{product.code}：工作区没有 {pair} 汇率（在{WHERE_ZH}添加），价目表显示“询价”",
                     f"{product.code}: the workspace has no {pair} exchange rate (add one in {WHERE_EN}); "
                     "the list says \"on request\"")


def _rates_needed(currency: str, profile: ChannelProfile, error: FxRateMissing) -> PrintInputError:
    return PrintInputError(Bilingual(
        f"渠道 {profile.id} 以 {profile.currency} 报价，商品成本为 {currency}：需要汇率，请在{WHERE_ZH}添加一条，"
        f"所有产品共用（{error.message.zh}）",
        f"Channel {profile.id} prices in {profile.currency} but costs are in {currency}: an exchange rate is needed; "
        f"add one in {WHERE_EN} — it applies to every product ({error.message.en})"))


def _sku_row(code: str, costs: dict[str, tuple[Decimal | None, str]], product: PublicProduct,
             profile: ChannelProfile, tiers: Sequence[TierSpec], cliffs: str, pricer: Pricers,
             warnings: list[Bilingual], found_cliffs: list[tuple[str, Cliff]]) -> SkuPrices:
    """One SKU's tier prices, or "on request" with a warning when it has no cost; raises FxRateMissing."""
    cost, currency = costs.get(code, (None, product.currency))
    if cost is None:
        warnings.append(Bilingual(f"{code}：没有出厂成本，价目表显示“询价”",
                                  f"{code}: no ex-factory cost; the list says \"on request\""))
        return SkuPrices(code, None)
    return SkuPrices(code, _sku_prices(code, cost, currency, profile, tiers, cliffs, pricer, warnings, found_cliffs))


def _cliff_warning(product: str, found: Sequence[tuple[str, Cliff]], currency: str) -> Bilingual:
    """One warning per product: its first cliff in full, and how many more its SKUs have (a list of 1,000
    products would otherwise print thousands of near-identical lines)."""
    sku, first = found[0]
    message = first.message(currency)
    more = len(found) - 1
    if not more:
        return Bilingual(f"{sku}：{message.text('zh')}", f"{sku}: {message.text('en')}")
    return Bilingual(f"{sku}：{message.text('zh')}（{product} 另有 {more} 处同类情况）",
                     f"{sku}: {message.text('en')} ({more} more like this in {product})")


def _sku_prices(code: str, cost: Decimal, currency: str, profile: ChannelProfile, tiers: Sequence[TierSpec],
                cliffs: str, pricer: Pricers, warnings: list[Bilingual],
                found_cliffs: list[tuple[str, Cliff]]) -> tuple[Decimal, ...] | None:
    """The SKU's price at each tier's margin through the batch path (`ChannelPricer`: the same prices as
    `price_channel`, to the cent, without building a full breakdown per tier); raises FxRateMissing."""
    quantity_tiers: list[QuantityTier] = []
    costs = CostBuildUp(currency, materials=cost)
    for spec in tiers:
        plan = ProductPlan(costs=costs, target=Target(TargetKind.MARGIN, spec.margin))
        try:
            price = pricer(plan).price(costs).price
        except InfeasibleTarget as error:
            warnings.append(Bilingual(f"{code}：{error.message.zh}", f"{code}: {error.message.en}"))
            return None
        if quantity_tiers and price > quantity_tiers[-1].unit_price:
            price = quantity_tiers[-1].unit_price   # a bigger order never pays more per unit
        if quantity_tiers and cliffs == "remove":
            lowest = cliff_free_price(quantity_tiers[-1], QuantityTier(spec.min_qty, price), profile.currency)
            price = max(price, lowest)
        quantity_tiers.append(QuantityTier(spec.min_qty, price))
    found_cliffs += [(code, cliff) for cliff in quantity_cliffs(quantity_tiers)]
    return tuple(t.unit_price for t in quantity_tiers)


def default_terms(profile: ChannelProfile, factory: PublicFactory, valid_until: date) -> tuple[Bilingual, ...]:
    """The standard terms under the table (see the module docstring)."""
    currency = profile.currency
    vat = f"{profile.vat_rate * 100:.0f}%"
    terms = [
        Bilingual(f"价格为每件单价（{currency}）" + (f"，含 {vat} 增值税，可开具发票。" if profile.prices_include_vat
                                                 else "，不含增值税。"),
                  f"Prices are per unit in {currency}" + (f", including {vat} VAT; invoices issued."
                                                          if profile.prices_include_vat else ", excluding VAT.")),
        Bilingual("阶梯价按同一 SKU 的订购数量计算，整单适用所达到的阶梯单价。",
                  "Tier prices apply to the quantity ordered of each SKU; the whole quantity is charged at the "
                  "tier it reaches."),
        Bilingual("出厂价，不含运费、保险及目的地关税。",
                  "Ex-works prices; freight, insurance and import duties are not included."),
    ]
    if factory.moq or factory.lead_time_days:
        zh, en = [], []
        if factory.moq:
            zh.append(f"每个 SKU 起订量 {factory.moq:,} 件")
            en.append(f"minimum order {factory.moq:,} pcs per SKU")
        if factory.lead_time_days:
            zh.append(f"交期为确认订单后 {factory.lead_time_days} 天")
            en.append(f"lead time {factory.lead_time_days} days from order confirmation")
        sentence = "; ".join(en)
        terms.append(Bilingual("，".join(zh) + "。", sentence[:1].upper() + sentence[1:] + "."))
    terms.append(Bilingual(f"本价目表有效期至 {valid_until.isoformat()}，逾期请索取最新报价。",
                           f"Valid until {valid_until.isoformat()}; after that date, please ask for a current "
                           "quotation."))
    return tuple(terms)


# ---------------------------------------------------------------- the document


def build_price_list(workspace: Workspace, path: str | Path, *, lang: str = "both", paper: str = "A4",
                     options: PriceListOptions = PriceListOptions(), profiles: Sequence[ChannelProfile] | None = None,
                     today: date | None = None, progress: Progress | None = None,
                     cancelled: CancelCheck | None = None) -> PrintResult:
    """Write the price list to `path` (atomically). Raises UnknownChannel, UnknownProduct, PrintInputError.

    `profiles`: the channel profiles to choose from; None: the workspace's current ones (its edited versions,
    else the shipped defaults), as the Pricing page shows them.
    """
    lang = check_lang(lang)
    check_paper(paper)
    listed = approved.require_newest(workspace, options.channel) if approved.cost_blind(workspace) else None
    if listed is not None:
        profile = listed.channel
    else:
        profile = channel_profile(options.channel,
                                  PricingService(workspace).profiles() if profiles is None else profiles)
    day = today or date.today()
    valid_until = options.valid_until or day + timedelta(days=DEFAULT_VALID_DAYS)
    factory = load_factory(workspace)
    products = load_products(workspace, options.codes, images=ImageSizes(count=0), today=day,
                             progress=progress, cancelled=cancelled)
    check_products(products)
    if listed is not None:
        priced = approved_table(listed, products)
    else:
        tiers = options.tiers or default_tiers(factory.moq)
        priced = price_table(workspace, products, profile, tiers, cliffs=options.cliffs, fx=options.fx, on=day)
    terms = options.terms or default_terms(profile, factory, valid_until)
    guard = TextGuard()
    info = DocInfo(lang=lang, title_zh=TITLE_ZH, title_en=TITLE_EN, factory=factory, guard=guard, today=day,
                   subject=f"{profile.name_zh} {profile.name_en}",
                   header_code=f"{profile.name_zh if lang != 'en' else profile.name_en}")
    pages = 0

    def build(target: Path) -> None:
        nonlocal pages
        doc = PrintDoc(target, info, paper, cancelled=cancelled)
        story = _story(products, priced, terms, lang, guard, doc.width, valid_until, options.customer, factory,
                       listed.approved_on if listed is not None else None)
        build_doc(doc, story)
        pages = getattr(doc.canv, "pages_total", 0)

    written = write_pdf_atomically(path, build)
    clipped_names = [note for product in products for name, note in product.clipped if name.startswith("name_")]
    notes = list(priced.warnings) + clipped_names + [w.message for w in guard.warnings]
    return PrintResult(written, pages, tuple(dict.fromkeys(notes)))


def _story(products: Sequence[PublicProduct], priced: PriceTable, terms: Sequence[Bilingual], lang: str,
           guard: TextGuard, width: float, valid_until: date, customer: str,
           factory: PublicFactory, approved_on: date | None = None) -> list[Flowable]:
    s = styles()
    profile = priced.profile
    story: list[Flowable] = [BoldParagraph(label(lang, TITLE_ZH, TITLE_EN), s.title), Spacer(1, 1 * mm)]
    vat = (label(lang, "含税", "VAT included", sep=" ") if profile.prices_include_vat
           else label(lang, "不含税", "excluding VAT", sep=" "))
    facts = [
        (label(lang, "渠道", "Channel", sep=" "), guard.markup(_both(lang, profile.name_zh, profile.name_en))),
        (label(lang, "币种", "Currency", sep=" "), f"{priced.currency}, {vat}" if lang == "en" else
         f"{priced.currency}，{vat}"),
        (label(lang, "有效期至", "Valid until", sep=" "), valid_until.isoformat()),
    ]
    if approved_on is not None:
        facts.append((label(lang, "价格批准于", "Prices approved on", sep=" "), approved_on.isoformat()))
    if customer:
        facts.insert(0, (label(lang, "客户", "Prepared for", sep=" "), guard.markup(customer, "customer")))
    for name, value in facts:
        story.append(Para(f'<font color="{MUTED.hexval()}">{name}</font>   {value}', s.body))
    story.append(Spacer(1, 4 * mm))
    story.append(_price_grid(products, priced, lang, guard, width))
    story.append(SectionTitle(label(lang, "条款", "Terms"), s.section))
    for number, term in enumerate(terms, start=1):
        text = guard.markup(term.zh if lang == "zh" else term.en) if lang != "both" else (
            f'{guard.markup(term.zh)}<br/><font color="{MUTED.hexval()}">{guard.markup(term.en)}</font>')
        story.append(Para(text, s.numbered, bulletText=f"{number}."))
    contact = [x for x in (in_language(factory.contact_name, lang), factory.phone, factory.email) if x]
    if contact:
        story += [Spacer(1, 3 * mm), Para(label(lang, "联系：", "Contact: ", sep="") + " " +
                                               guard.markup("  ·  ".join(contact), "factory contact"), s.small)]
    return story


def _both(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en if lang == "en" else f"{zh} {en}"


def _price_grid(products: Sequence[PublicProduct], priced: PriceTable, lang: str, guard: TextGuard,
                width: float) -> Flowable:
    s = styles()
    tiers = priced.tiers
    unit_zh, unit_en = "件", "pcs"
    heads: list[str | Flowable] = [label_cell(lang, "SKU 编码", "SKU", s.cell_head, bold=True),
                                   label_cell(lang, "款式", "Options", s.cell_head, bold=True),
                                   label_cell(lang, "条码", "GTIN", s.cell_head, bold=True)]
    for tier in tiers:
        heads.append(label_cell(lang, f"≥ {tier.min_qty:,} {unit_zh}", f"≥ {tier.min_qty:,} {unit_en}", s.cell_head,
                                bold=True, align="RIGHT"))
    rows: list[list[str | Flowable]] = [heads]
    commands: list[tuple[object, ...]] = grid_style(numeric_from=3)
    commands = [c for c in commands if c[0] != "ROWBACKGROUNDS"]

    tier_width = 24 * mm
    option_width = max(width - 40 * mm - 27 * mm - tier_width * len(tiers), 25 * mm)
    widths = [40 * mm, option_width, 27 * mm] + [tier_width] * len(tiers)
    commands.append(("TEXTCOLOR", (2, 1), (2, -1), MUTED))
    for product in products:
        name = _both(lang, product.name_zh, product.name_en)
        title = f'{guard.markup(product.code, f"{product.code} code")}  ' \
                f'{guard.markup(name, f"{product.code} name")}'
        index = len(rows)
        rows.append([BoldParagraph(title, s.cell), *[""] * (2 + len(tiers))])
        commands += [("SPAN", (0, index), (-1, index)), ("BACKGROUND", (0, index), (-1, index), BRAND_TINT),
                     ("TOPPADDING", (0, index), (-1, index), 3.5), ("BOTTOMPADDING", (0, index), (-1, index), 3.5)]
        by_code = {p.sku: p for p in priced.rows.get(product.code, ())}
        for sku in product.skus:
            options = " · ".join(in_language(v, lang) if lang != "both" else v for _k, v in sku.options)
            prices = by_code.get(sku.code)
            cells: list[str | Flowable] = [
                text_cell(guard.plain(sku.code, f"{product.code} SKU"), widths[0], s.cell),
                text_cell(guard.plain(options, f"{product.code} SKU"), widths[1], s.cell),
                text_cell(guard.plain(sku.gtin, f"{product.code} SKU"), widths[2], s.cell_muted)]
            if prices is None or prices.prices is None:
                cells += [plain_label(lang, "询价", "On request")] + [""] * (len(tiers) - 1)
                commands.append(("SPAN", (3, len(rows)), (-1, len(rows))))
            else:
                cells += [money_text(p, priced.currency) for p in prices.prices]
            rows.append(cells)
            commands.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.3, RULE))
    return table(rows, widths, commands, repeatRows=1)


__all__ = [
    "DEFAULT_CHANNEL", "DEFAULT_TIER_MARGINS", "DEFAULT_TIER_MULTIPLES", "DEFAULT_VALID_DAYS", "PriceListOptions",
    "PriceTable", "SkuPrices", "TierSpec", "UnknownChannel", "approved_table", "build_price_list", "channel_profile",
    "default_terms", "default_tiers", "money_text", "price_table",
]
