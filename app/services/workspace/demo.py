"""The demo workspace: a realistic Shanghai OEM factory for travel goods and textiles.

`python main.py demo W`, the welcome page's "demo" button and many tests build it, so it must be
complete (profile, certificates with scans, categories, products, SKUs, costs, GTINs, images),
deterministic (same codes and GTINs every time) and offline (pictures drawn by `demo_images`).

The listing text is written to pass the app's own compliance rules: no advertising-law absolute
terms, no other brands' names. The OEM history is kept in the private profile field only.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache, partial
from itertools import product as cartesian
from pathlib import Path
from typing import Any

from PIL import Image
from sqlmodel import Session

from app.db import Workspace, create_workspace
from app.models import (
    Certificate,
    CertificateKind,
    FactoryProfile,
    ImageRole,
    Product,
    ProductCertificate,
    ProductImage,
    ProductStatus,
    Sku,
)
from app.models.gtin import complete_gtin
from app.models.validation import validate_certificate, validate_factory_profile
from app.services.catalogue.blobs import store_blob
from app.services.catalogue.categories import (
    category_by_code,
    install_default_categories,
)
from app.services.kernel import audit
from app.services.workspace import demo_images

Progress = Callable[[int, int], None]
RGB = demo_images.RGB

#: The demo's GS1 company prefix (China, 690–699 range) — 7 digits, leaving 5 for the item reference.
GTIN_COMPANY_PREFIX = "6970548"


# --- the data ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class AxisValue:
    """One value of a variant axis: what Sku.options stores, the token in SKU codes, a colour to draw."""

    value: str
    token: str
    rgb: RGB | None = None


@dataclass(frozen=True)
class Axis:
    key: str
    name_zh: str
    name_en: str
    values: tuple[AxisValue, ...]


@dataclass(frozen=True)
class SkuFacts:
    """Weight (g), dimensions (mm: length × width × height) and ex-factory cost (CNY, exact text)."""

    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int
    cost: str


@dataclass(frozen=True)
class ProductSpec:
    """Everything the demo needs to create one product with its SKUs and pictures."""

    code: str
    category: str
    picture: str                      # which drawing: suitcase / carry_on / scarf / thermos
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    selling_points_zh: tuple[str, ...]
    selling_points_en: tuple[str, ...]
    materials: str
    differentiator: str
    status: str
    attributes: dict[str, Any]
    axes: tuple[Axis, ...]
    sku_pattern: str
    facts: dict[str, SkuFacts]        # by size token; "" for every SKU
    reference_price: str
    reference_label: str
    gtin_item_base: int
    certificates: tuple[str, ...] = field(default=())


COLOUR = ("colour", "颜色", "Colour")
BLACK = AxisValue("曜石黑 Obsidian Black", "BLK", (38, 40, 44))
HAZE_BLUE = AxisValue("雾霾蓝 Haze Blue", "BLU", (92, 121, 150))
OAT_WHITE = AxisValue("燕麦白 Oat White", "WHT", (226, 220, 206))
SUITCASE_SIZES = Axis("size", "尺寸", "Size", (AxisValue('20"', "20"), AxisValue('24"', "24"), AxisValue('28"', "28")))

SUITCASE = ProductSpec(
    code="XZ-LG-PC01", category="luggage", picture="suitcase",
    name_zh="行者轻量 PC 硬壳拉杆箱", name_en="Xingzhe Lightweight PC Hard-Shell Spinner Suitcase",
    description_zh=(
        "外壳采用 PC 聚碳酸酯原生料热压成型，竖纹加强筋分散冲击，受压后可回弹。铝合金三节拉杆，四轮静音万向轮，"
        "内置 TSA 海关锁。20 寸约 38 L，可登机；24 寸约 65 L，适合一周出行；28 寸约 98 L，适合长途托运。"
        "外壳颜色与材料厂联合调色，批次色差用分光仪检测，控制在 ΔE≤1.0。"),
    description_en=(
        "A shell of virgin polycarbonate, heat-pressed, with vertical ribs that spread impacts and flex back after "
        "pressure. Three-stage aluminium trolley, four silent spinner wheels and a built-in TSA lock. 20\" holds "
        "about 38 L and goes in the cabin; 24\" about 65 L for a week away; 28\" about 98 L for long trips. "
        "Shell colours were developed together with the resin supplier and every batch is checked with a "
        "spectrophotometer to ΔE≤1.0."),
    selling_points_zh=(
        "PC 聚碳酸酯原生料外壳，不掺回收料，受压可回弹",
        "静音万向轮通过 SGS 行走耐久测试（报告见资质页）",
        "内置 TSA 海关锁，海关可用专用钥匙开检而不损坏锁具",
        "内衬可拆洗，配压缩隔板和湿物袋",
        "与材料厂联合调色，批次色差 ΔE≤1.0",
    ),
    selling_points_en=(
        "Virgin polycarbonate shell with no recycled filler; flexes back after pressure",
        "Silent spinner wheels passed an SGS walking durability test (report on file)",
        "Built-in TSA lock: customs can open it with their key without breaking it",
        "Removable, washable lining with a compression divider and a wet-items bag",
        "Colours developed with the resin supplier; batch colour difference ΔE≤1.0",
    ),
    materials=("外壳 PC 聚碳酸酯原生料；拉杆 6063 铝合金；内衬 210D 涤纶提花；PU 静音轮带轴承 / "
               "Shell: virgin polycarbonate; trolley: 6063 aluminium; lining: 210D polyester jacquard; "
               "PU wheels with bearings"),
    differentiator=("外壳颜色与材料厂联合调色三个月，批次色差受控；脚轮有第三方耐久测试报告；"
                    "同一套模具覆盖 20/24/28 寸，"
                    "小批量也能成套供货。 / Shell colours developed with the resin supplier over three months, "
                    "batch colour held to ΔE≤1.0; wheel durability backed by a third-party report; one tool family "
                    "covers 20/24/28\" so even small orders ship as matched sets."),
    status=ProductStatus.READY.value,
    # Capacity differs by size, so it is given per size in the description rather than as one number.
    attributes={"shell_material": "PC 聚碳酸酯", "wheels": "四轮万向静音轮", "opening": "拉链", "tsa_lock": True,
                "warranty": 5},
    axes=(Axis(*COLOUR, (BLACK, HAZE_BLUE, OAT_WHITE)), SUITCASE_SIZES),
    sku_pattern="{product}-{colour}-{size}",
    facts={"20": SkuFacts(2900, 550, 380, 230, "152.00"), "24": SkuFacts(3700, 650, 440, 270, "186.00"),
           "28": SkuFacts(4600, 760, 510, 310, "228.00")},
    reference_price="2890.00", reference_label="同类国际品牌 24 寸 PC 硬壳拉杆箱",
    gtin_item_base=100, certificates=("iso9001", "sgs_wheels"),
)

SCARF = ProductSpec(
    code="XZ-SC-CB01", category="scarf", picture="scarf",
    name_zh="行者羊绒混纺格纹围巾", name_en="Xingzhe Cashmere-Blend Check Scarf",
    description_zh=(
        "18.5 微米细支羊毛与羊绒混纺，梭织后双面拉毛，再经低温柔软整理，手感蓬松、贴颈不扎。同色系暗格纹，"
        "穗子手工捻制。180 × 70 cm，可作围巾，也可作披肩。"),
    description_en=(
        "Fine 18.5-micron wool blended with cashmere, woven, brushed on both sides and finished at low "
        "temperature for a soft, airy hand that does not itch. A tone-on-tone check and hand-twisted fringe. "
        "180 × 70 cm: a scarf or a light wrap."),
    selling_points_zh=(
        "70% 细支羊毛 + 30% 羊绒，保暖而轻，约 190 g",
        "双面拉毛、低温柔软整理，贴颈不扎",
        "通过 OEKO-TEX Standard 100 认证（证书见资质页）",
        "手工捻穗，洗后不易散开",
        "180 × 70 cm，围巾披肩两用",
    ),
    selling_points_en=(
        "70% fine wool and 30% cashmere: warm and light at about 190 g",
        "Brushed on both sides and softened at low temperature, gentle on the neck",
        "OEKO-TEX Standard 100 certified (certificate on file)",
        "Hand-twisted fringe that keeps its shape after washing",
        "180 × 70 cm, worn as a scarf or a wrap",
    ),
    materials="70% 羊毛 30% 羊绒；穗子同料手工捻制 / 70% wool, 30% cashmere; fringe twisted by hand from the same yarn",
    differentiator=("沿用工厂多年高端围巾出口的织造与后整理工艺，同样的纱线与工序，以工厂自有品牌直供。 / "
                    "The same yarns, weaving and finishing the factory has used for years on high-end export "
                    "scarves, sold direct under the factory's own brand."),
    status=ProductStatus.READY.value,
    attributes={"composition": "70% 羊毛 / 30% 羊绒 (70% wool / 30% cashmere)", "length": 180, "width": 70,
                "weight": 190, "weave": "梭织", "oeko_tex": True,
                "care": "建议干洗，或 30℃ 以下冷水手洗，平铺阴干 / Dry clean, or hand wash below 30 °C and "
                        "dry flat in shade"},
    axes=(Axis(*COLOUR, (AxisValue("烟灰 Smoke Grey", "GRY", (128, 128, 130)),
                         AxisValue("驼色 Camel", "CML", (176, 132, 92)),
                         AxisValue("藏青 Navy", "NVY", (44, 56, 86)),
                         AxisValue("酒红 Burgundy", "BUR", (118, 38, 52)))),),
    sku_pattern="{product}-{colour}",
    facts={"": SkuFacts(190, 300, 220, 40, "80.00")},
    reference_price="3900.00", reference_label="同类欧洲奢侈品牌羊绒混纺围巾",
    gtin_item_base=200, certificates=("iso9001", "oeko_tex"),
)

CARRY_ON = ProductSpec(
    code="XZ-LG-FO20", category="luggage", picture="carry_on",
    name_zh="行者前开口商务登机箱 20 寸", name_en="Xingzhe Front-Opening Business Carry-On 20\"",
    description_zh=(
        "在 PC 硬壳箱的基础上增加前开口电脑仓，可放 15.6 寸笔记本，过安检不用开主箱。箱体 55 × 40 × 23 cm，"
        "约 36 L，符合多数航空公司的登机尺寸。四轮静音万向轮，内置 TSA 海关锁。"),
    description_en=(
        "Our PC hard-shell case with a front-opening laptop compartment for a 15.6\" notebook, so the main case "
        "stays closed at security. 55 × 40 × 23 cm, about 36 L, within most airlines' cabin limits. Four silent "
        "spinner wheels and a built-in TSA lock."),
    selling_points_zh=(
        "前开口电脑仓，放得下 15.6 寸笔记本",
        "55 × 40 × 23 cm，符合多数航空公司登机尺寸",
        "PC 外壳与静音万向轮，与 PC 硬壳箱同一品质标准",
        "内置 TSA 海关锁",
    ),
    selling_points_en=(
        "Front laptop compartment for a 15.6\" notebook",
        "55 × 40 × 23 cm, within most airlines' cabin limits",
        "PC shell and silent spinner wheels built to the same standard as our hard-shell range",
        "Built-in TSA lock",
    ),
    materials="外壳 PC 聚碳酸酯；前仓 1680D 防泼水尼龙；拉杆 6063 铝合金 / Shell: polycarbonate; front pocket: "
              "1680D water-repellent nylon; trolley: 6063 aluminium",
    differentiator=("商务出差一只箱子解决：电脑仓单独开合，主箱不必在安检口打开。 / One case for business "
                    "trips: the laptop "
                    "compartment opens on its own, so the main case stays shut at security."),
    status=ProductStatus.DRAFT.value,
    attributes={"shell_material": "PC 聚碳酸酯", "capacity": 36, "wheels": "四轮万向静音轮", "opening": "前开口",
                "tsa_lock": True, "warranty": 5},
    axes=(Axis(*COLOUR, (BLACK, HAZE_BLUE)),),
    sku_pattern="{product}-{colour}",
    facts={"": SkuFacts(3200, 550, 400, 230, "168.00")},
    reference_price="2190.00", reference_label="同类国际品牌 20 寸前开口登机箱",
    gtin_item_base=300, certificates=("iso9001", "sgs_wheels"),
)

THERMOS = ProductSpec(
    code="XZ-CP-VT05", category="thermos", picture="thermos",
    name_zh="行者 316 不锈钢茶水分离保温杯 500 ml", name_en="Xingzhe 316 Stainless Tea-Infuser Vacuum Bottle 500 ml",
    description_zh=(
        "316 不锈钢内胆，双层真空，保温约 12 小时、保冷约 24 小时。杯盖内置可拆滤仓，泡茶时茶水分离。"
        "杯身哑光粉体喷涂，手感细腻、不易留指纹，颜色与行者行李箱同色系。"),
    description_en=(
        "A 316 stainless-steel inner wall and double-wall vacuum keep drinks hot for about 12 hours and cold for "
        "about 24. A removable strainer in the cap keeps tea leaves apart from the tea. Matte powder-coated body "
        "that resists fingerprints, in colours that match Xingzhe luggage."),
    selling_points_zh=(
        "316 不锈钢内胆，SGS 按 GB 4806.9 检测（报告见资质页）",
        "杯盖内置可拆滤仓，茶水分离",
        "双层真空，保温约 12 小时、保冷约 24 小时",
        "哑光粉体喷涂，防滑、不易留指纹",
    ),
    selling_points_en=(
        "316 stainless inner wall, tested by SGS to GB 4806.9 (report on file)",
        "Removable strainer in the cap keeps leaves apart from the tea",
        "Double-wall vacuum: about 12 hours hot, 24 hours cold",
        "Matte powder coat: good grip, few fingerprints",
    ),
    materials="内胆 316 不锈钢；外壳 304 不锈钢粉体喷涂；杯盖 PP + 硅胶密封圈 / Inner: 316 stainless; outer: 304 "
              "stainless, powder-coated; cap: PP with silicone seal",
    differentiator=("不是又一只同质化保温杯：滤仓与杯盖一体、单手可拆洗，配色与行李箱成套，可组合为旅行礼盒。 / "
                    "Not another look-alike bottle: the strainer is part of the cap and comes apart with one hand, "
                    "and the colours match the luggage for a travel gift set."),
    status=ProductStatus.DRAFT.value,
    attributes={"capacity": 500, "liner_material": "316 不锈钢", "insulation_hours": 12, "cold_hours": 24,
                "lid": "带滤网旋盖"},
    axes=(Axis(*COLOUR, (AxisValue("雾白 Mist White", "WHT", (232, 230, 224)),
                         AxisValue("松石绿 Pine Green", "GRN", (62, 98, 84)),
                         AxisValue("曜石黑 Obsidian Black", "BLK", (40, 42, 46)),
                         AxisValue("暖沙 Warm Sand", "SND", (200, 172, 138)))),),
    sku_pattern="{product}-{colour}",
    facts={"": SkuFacts(340, 72, 72, 235, "36.80")},
    reference_price="329.00", reference_label="同类日本品牌 500 ml 保温杯",
    gtin_item_base=400, certificates=("iso9001", "sgs_food_contact"),
)

PRODUCTS: tuple[ProductSpec, ...] = (SUITCASE, SCARF, CARRY_ON, THERMOS)

FACTORY: dict[str, Any] = {
    "name_zh": "上海行者箱包织品有限公司",
    "name_en": "Shanghai Xingzhe Luggage & Textiles Co., Ltd.",
    "brand_zh": "行者",
    "brand_en": "Xingzhe",
    "address_zh": "上海市松江区新桥镇民益路 88 号 3 号厂房",
    "address_en": "Building 3, 88 Minyi Road, Xinqiao Town, Songjiang District, Shanghai 201612, China",
    "contact_name": "王静 Wang Jing",
    "phone": "+86 21 5768 2300",
    "email": "sales@xingzhe.example",
    "website": "https://www.xingzhe.example",
    "capabilities_zh": ("PC/ABS 硬壳箱热压成型与装配（3 条线）；羊毛、羊绒混纺围巾的梭织、提花、拉毛与手工捻穗；"
                        "不锈钢真空杯喷涂与组装；自有打样间，7 天出样；出货前全检与落箱测试。"),
    "capabilities_en": ("PC/ABS hard-shell luggage pressing and assembly (3 lines); weaving, jacquard, brushing and "
                        "hand-twisted fringes for wool and cashmere-blend scarves; powder coating and assembly of "
                        "stainless vacuum bottles; in-house sampling room, samples in 7 days; full inspection and "
                        "drop tests before shipping."),
    "capacity_per_month": 60000,
    "capacity_unit": "pcs",
    "moq": 300,
    "lead_time_days": 35,
    "materials_partners": ("Covestro（科思创，原拜耳材料科技）Makrolon® 聚碳酸酯：行李箱外壳原料，联合调色；"
                           "内蒙古羊绒纱线合作纱厂；宁波万向轮配套厂 / Covestro (formerly Bayer MaterialScience) "
                           "Makrolon® polycarbonate for luggage shells, colours developed together; partner cashmere "
                           "spinning mill in Inner Mongolia; Ningbo spinner-wheel supplier"),
    "oem_history": ("2009 年起多年为欧洲奢侈品牌代工羊绒及羊毛混纺围巾；2015 年起为国际旅行箱品牌代工 PC 拉杆箱。"
                    "仅供内部参考，不用于任何对外宣传。"),
    "oem_history_private": True,
}


@dataclass(frozen=True)
class CertificateSpec:
    key: str
    kind: str
    name: str
    number: str
    issuer: str
    issued_days_ago: int
    valid_days: int
    scope: str


CERTIFICATES: tuple[CertificateSpec, ...] = (
    CertificateSpec("iso9001", CertificateKind.QUALITY_SYSTEM.value, "ISO 9001:2015", "00123Q35678R2M",
                    "中国质量认证中心 China Quality Certification Centre (CQC)", 410, 3 * 365,
                    "拉杆箱、围巾及保温杯的设计与生产 / Design and manufacture of luggage, scarves and vacuum bottles"),
    # Renewed yearly; left to run out soon so the demo shows the expiry warning.
    CertificateSpec("oeko_tex", CertificateKind.PRODUCT_CERT.value, "OEKO-TEX Standard 100", "23.HCN.48215",
                    "Hohenstein HTTI (Shanghai)", 320, 365,
                    "产品级别 II：羊毛/羊绒混纺梭织围巾 / Product class II: woven wool and cashmere-blend scarves"),
    CertificateSpec("sgs_wheels", CertificateKind.TEST_REPORT.value,
                    "SGS 测试报告：拉杆箱脚轮耐久性 / Luggage wheel durability",
                    "SHHG2405013871", "SGS-CSTC Standards Technical Services (Shanghai) Co., Ltd.", 150, 2 * 365,
                    "按 QB/T 2155-2018 负重行走测试，脚轮转动灵活、无破损：合格 / Loaded walking test per "
                    "QB/T 2155-2018, wheels turn freely with no damage: pass"),
    CertificateSpec("sgs_food_contact", CertificateKind.TEST_REPORT.value,
                    "SGS 测试报告：食品接触用金属材料 / Food-contact metals", "SHHG2403021146",
                    "SGS-CSTC Standards Technical Services (Shanghai) Co., Ltd.", 200, 2 * 365,
                    "GB 4806.9-2016 316 不锈钢内胆迁移量测试：合格 / Migration test of the 316 stainless inner "
                    "wall per GB 4806.9-2016: pass"),
)


# --- building the workspace ---------------------------------------------------------------------

@dataclass(frozen=True)
class PictureJob:
    """One picture a product needs: its role, colour and file name, and what to draw.

    `drawing` names the drawing ((kind, colour)); jobs with the same drawing share one render
    (a product's main picture is also its first colour's variant picture).
    """

    product: str
    role: str
    drawing: tuple[str, RGB]
    render: Callable[[], bytes]
    colour: str = ""
    file_name: str = ""


class DemoCancelled(Exception):
    """The user cancelled the build; the half-made file has been removed."""


class _Ticker:
    """Counts finished steps, reports them, and stops the build when the user cancels."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.done, self.total = 0, total
        self._progress, self._cancelled = progress, cancelled

    def __call__(self, steps: int = 1) -> None:
        self.done += steps
        if self._progress is not None:
            self._progress(self.done, self.total)
        if self._cancelled is not None and self._cancelled():
            raise DemoCancelled()


def create_demo_workspace(path: Path, progress: Progress | None = None, *,
                          cancelled: Callable[[], bool] | None = None) -> Workspace:
    """Create the demo workspace at `path` and return it open; raises WorkspaceExists, never overwrites.

    `progress(done, total)` is called after each step; `cancelled()` is asked after each step and
    True stops the build (DemoCancelled). Pictures are drawn first, in threads (Pillow releases the
    GIL while it resizes and encodes), then everything is written in one transaction. The workspace is
    built beside `path` and renamed into place only when complete (`create_workspace`): a failed, cancelled
    or killed build leaves nothing at `path`, and two builds of one path never delete each other's file.
    """
    path = Path(path)

    def fill(workspace: Workspace) -> None:
        _fill(workspace, path.name, progress, cancelled)
        _add_pricing_plans(workspace)

    return create_workspace(path, fill)


def _fill(workspace: Workspace, name: str, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
    """Render the pictures, then write profile, categories, certificates and products."""
    jobs = _picture_jobs()
    drawings = {job.drawing: job.render for job in jobs}
    tick = _Ticker(len(drawings) + len(CERTIFICATES) + len(PRODUCTS) + 1, progress, cancelled)
    rendered = _render(drawings, tick)
    with workspace.session() as session:
        _add_profile(session)
        install_default_categories(session)
        tick()
        certificates = {}
        for certificate in CERTIFICATES:
            certificates[certificate.key] = _add_certificate(session, certificate)
            tick()
        for spec in PRODUCTS:
            pictures = [(job, rendered[job.drawing]) for job in jobs if job.product == spec.code]
            _add_product(session, spec, certificates, pictures)
            tick()
        audit.record(session, "workspace", name, "create", {"source": "demo"})


#: A dated CNY per USD rate for the demo's cross-border channels (Amazon, Shopify, WooCommerce price in
#: USD). An assumption for the demo, entered in the workspace's rate table as a user enters it.
DEMO_USD_RATE = Decimal("7.10")


def _add_pricing_plans(workspace: Workspace) -> None:
    """A saved pricing plan per product and today's USD rate, so every channel prices out of the box."""
    from app.services.pricing.plans import PricingService

    pricing = PricingService(workspace)
    pricing.set_rate(date.today(), "USD", "CNY", DEMO_USD_RATE)
    for choice in pricing.products():
        pricing.save_plan(pricing.default_plan(choice.id))


#: Pictures already drawn in this process: a second demo (tests, the welcome page) costs no drawing.
_drawn: dict[tuple[str, RGB], bytes] = {}


def _render(drawings: dict[tuple[str, RGB], Callable[[], bytes]], tick: _Ticker) -> dict[tuple[str, RGB], bytes]:
    """Draw every distinct picture once, a few at a time, reusing pictures drawn earlier in this process."""
    rendered: dict[tuple[str, RGB], bytes] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {key: pool.submit(render) for key, render in drawings.items() if key not in _drawn}
        try:
            for key in drawings:
                if key in futures:
                    _drawn[key] = futures[key].result()
                rendered[key] = _drawn[key]
                tick()
        except BaseException:
            for future in futures.values():  # cancelled or failed: don't wait for the rest
                future.cancel()
            raise
    return rendered


def _add_profile(session: Session) -> FactoryProfile:
    """The factory profile, checked by the same rules as the Factory page."""
    problems = validate_factory_profile(FACTORY)
    assert not problems, problems
    profile = FactoryProfile(**FACTORY)
    session.add(profile)
    session.flush()
    audit.record(session, "factory_profile", profile.id, "create", {"source": "demo"})
    return profile


def _add_certificate(session: Session, spec: CertificateSpec) -> Certificate:
    """A certificate with dates around today and a drawn "scan" attached."""
    issued = date.today() - timedelta(days=spec.issued_days_ago)
    expires = issued + timedelta(days=spec.valid_days)
    certificate = Certificate(kind=spec.kind, name=spec.name, number=spec.number, issuer=spec.issuer,
                              issued_on=issued, expires_on=expires, scope=spec.scope)
    assert not validate_certificate(certificate.model_dump())
    blob = store_blob(session, _certificate_scan(spec, issued, expires), "image/png")
    certificate.blob_id, certificate.file_name = blob.id, f"{spec.key}-scan.png"
    session.add(certificate)
    session.flush()
    audit.record(session, "certificate", certificate.id, "create", {"name": spec.name, "source": "demo"})
    return certificate


def _certificate_scan(spec: CertificateSpec, issued: date, expires: date) -> bytes:
    """The picture of the paper certificate; Chinese lines only where a Chinese font exists."""
    return _draw_scan(spec, issued, expires, demo_images.cjk_font_path() is not None)


@lru_cache(maxsize=16)
def _draw_scan(spec: CertificateSpec, issued: date, expires: date, chinese: bool) -> bytes:
    """Draw (once per process) the scan of `spec` with these dates, in Chinese and English or English only."""
    lines = [
        f"{'证书/报告编号 ' if chinese else ''}No.: {spec.number}",
        FACTORY["name_zh"] if chinese else FACTORY["name_en"],
        FACTORY["name_en"] if chinese else FACTORY["address_en"],
        *(spec.scope.split(" / ") if chinese else [_scan_text(spec.scope, chinese)]),
        f"{'签发日期 ' if chinese else ''}Issued: {issued.isoformat()}",
        f"{'有效期至 ' if chinese else ''}Valid until: {expires.isoformat()}",
        _scan_text(spec.issuer, chinese),
    ]
    return demo_images.certificate_scan(_scan_text(spec.name, chinese), lines, "检验专用章" if chinese else "CERTIFIED")


def _scan_text(text: str, chinese: bool) -> str:
    """`text` as the scan can show it: all of it with a Chinese font; else the English part, ASCII only."""
    if chinese:
        return text
    english = text.split(" / ")[-1]
    return english.encode("ascii", "ignore").decode().strip()


def _picture_jobs() -> list[PictureJob]:
    """Every picture the demo products need, in a stable order."""
    jobs: list[PictureJob] = []
    for spec in PRODUCTS:
        jobs.extend(_jobs_for(spec))
    return jobs


def _jobs_for(spec: ProductSpec) -> list[PictureJob]:
    """Main, white-background, detail and one variant picture per colour for one product."""
    colours = spec.axes[0].values
    first, second, last = colours[0], colours[min(1, len(colours) - 1)], colours[-1]
    draw_main, draw_detail, draw_mirror = _drawers(spec.picture)
    code = spec.code
    kind = spec.picture
    jobs = [
        PictureJob(code, ImageRole.MAIN.value, (kind, _rgb(first)), lambda: draw_main(_rgb(first)), first.value,
                   f"{code}-main.png"),
        PictureJob(code, ImageRole.WHITE_BACKGROUND.value, (_white_drawing(kind), _rgb(second)),
                   lambda: draw_mirror(_rgb(second)), second.value, f"{code}-white.png"),
        PictureJob(code, ImageRole.DETAIL.value, (f"{kind}-detail", _rgb(last)), lambda: draw_detail(_rgb(last)),
                   last.value, f"{code}-detail.png"),
    ]
    for value in colours:
        jobs.append(PictureJob(code, ImageRole.VARIANT.value, (kind, _rgb(value)), partial(draw_main, _rgb(value)),
                               value.value, f"{code}-{value.token}.png"))
    return jobs


def _white_drawing(kind: str) -> str:
    """The suitcases' white-background shot is a mirrored view; the others reuse the main drawing."""
    return f"{kind}-mirrored" if kind in ("suitcase", "carry_on") else kind


def _rgb(value: AxisValue) -> RGB:
    assert value.rgb is not None
    return value.rgb


def _drawers(picture: str) -> tuple[Callable[[RGB], bytes], Callable[[RGB], bytes], Callable[[RGB], bytes]]:
    """(main, detail, white-background) drawing functions for a kind of picture."""
    if picture in ("suitcase", "carry_on"):
        pocket = picture == "carry_on"
        return (lambda c: demo_images.suitcase_main(c, front_pocket=pocket),
                lambda c: demo_images.suitcase_lifestyle(c, front_pocket=pocket),
                lambda c: demo_images.suitcase_main(c, front_pocket=pocket, mirrored=True))
    if picture == "scarf":
        return demo_images.scarf_main, demo_images.scarf_detail, demo_images.scarf_main
    if picture == "thermos":
        return demo_images.thermos_main, demo_images.thermos_lifestyle, demo_images.thermos_main
    raise ValueError(f"no drawing for {picture!r}")


def _add_product(session: Session, spec: ProductSpec, certificates: dict[str, Certificate],
                 pictures: list[tuple[PictureJob, bytes]]) -> Product:
    """One product with its SKUs, pictures and evidence links, plus an audit entry."""
    category = category_by_code(session, spec.category)
    assert category is not None, spec.category
    product = Product(
        code=spec.code, name_zh=spec.name_zh, name_en=spec.name_en, category_id=category.id,
        brand=f"{FACTORY['brand_zh']} {FACTORY['brand_en']}", description_zh=spec.description_zh,
        description_en=spec.description_en, selling_points_zh=list(spec.selling_points_zh),
        selling_points_en=list(spec.selling_points_en), materials=spec.materials, differentiator=spec.differentiator,
        status=spec.status, attributes=dict(spec.attributes), axes=[_axis_json(axis) for axis in spec.axes],
        sku_pattern=spec.sku_pattern, reference_price=Decimal(spec.reference_price),
        reference_label=spec.reference_label, currency="CNY",
    )
    session.add(product)
    session.flush()
    assert product.id is not None
    skus = _add_skus(session, spec, product.id)
    _add_images(session, product.id, spec, skus, pictures)
    for key in spec.certificates:
        certificate_id = certificates[key].id
        assert certificate_id is not None
        session.add(ProductCertificate(product_id=product.id, certificate_id=certificate_id))
    audit.record(session, "product", spec.code, "create",
                 {"skus": len(skus), "images": len(pictures), "source": "demo"})
    return product


def _axis_json(axis: Axis) -> dict[str, Any]:
    return {"key": axis.key, "name_zh": axis.name_zh, "name_en": axis.name_en,
            "values": [value.value for value in axis.values]}


def _add_skus(session: Session, spec: ProductSpec, product_id: int) -> list[Sku]:
    """The SKU matrix: every combination of axis values, codes from the pattern, deterministic GTINs."""
    skus = []
    for position, combination in enumerate(cartesian(*(axis.values for axis in spec.axes))):
        chosen = dict(zip((axis.key for axis in spec.axes), combination, strict=False))
        facts = spec.facts.get(chosen["size"].token if "size" in chosen else "", spec.facts.get(""))
        assert facts is not None, spec.code
        sku = Sku(
            product_id=product_id, position=position,
            code=spec.sku_pattern.format(product=spec.code, **{key: value.token for key, value in chosen.items()}),
            options={key: value.value for key, value in chosen.items()},
            gtin=demo_gtin(spec.gtin_item_base + position),
            weight_g=facts.weight_g, length_mm=facts.length_mm, width_mm=facts.width_mm, height_mm=facts.height_mm,
            cost=Decimal(facts.cost),
        )
        session.add(sku)
        skus.append(sku)
    session.flush()
    return skus


def demo_gtin(item_reference: int) -> str:
    """An EAN-13 under the demo's Chinese company prefix: prefix + 5-digit item reference + check digit."""
    return complete_gtin(f"{GTIN_COMPANY_PREFIX}{item_reference:05d}")


def _add_images(session: Session, product_id: int, spec: ProductSpec, skus: list[Sku],
                pictures: list[tuple[PictureJob, bytes]]) -> None:
    """Store each picture once (blobs dedupe identical bytes) and link it to the product.

    A variant picture is linked to the first SKU of its colour; exporters find the others by colour.
    """
    first_of_colour: dict[str, int | None] = {}
    for sku in skus:
        first_of_colour.setdefault(sku.options.get("colour", ""), sku.id)
    for position, (job, data) in enumerate(pictures):
        width, height = Image.open(io.BytesIO(data)).size
        blob = store_blob(session, data, "image/png")
        assert blob.id is not None
        sku_id = first_of_colour.get(job.colour) if job.role == ImageRole.VARIANT.value else None
        alt = f"{spec.name_zh} {spec.name_en}" + (f" – {job.colour}" if job.colour else "")
        session.add(ProductImage(product_id=product_id, blob_id=blob.id, sku_id=sku_id, role=job.role,
                                 position=position, width=width, height=height, alt=alt, file_name=job.file_name))
