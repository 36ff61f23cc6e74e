"""The compliance lint's platform checks: what one platform's profile asks of a product's listing.

Measured on what the pack would actually use: the title `titles.listing_title` builds, the bullets
`content.bullets` makes, the main pictures `images.choose_mains` picks (white background from the pixels).
Called by `lint.lint_product` when a platform is given; every limit comes from the profile, with the
severity the profile gives it (a hard limit is an error, a reported or recommended one a warning or info).

`pack_findings` checks what concerns the upload file as a whole rather than one product: Shopify handles that
two products share, picture columns a shop can't fetch, and what the seller must do in WooCommerce's import
screen. Findings about the whole pack have an empty `product`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from app.models.bilingual import Bilingual
from app.models.handles import handle_clashes
from app.models.listing import Severity
from app.services.kernel.text import space_around
from app.services.listing.findings import Finding
from app.services.listing.packs.files import folder_name
from app.services.listing.packs.images import as_cache, choose_mains
from app.services.listing.packs.options import DEFAULT_OPTIONS, PackOptions, image_url
from app.services.listing.packs.profiles import Family, PlatformProfile
from app.services.listing.packs.source import ListingProduct
from app.services.listing.packs.titles import BuiltTitle, listing_title


def platform_findings(product: ListingProduct, profile: PlatformProfile, *,
                      blob: Callable[[int], bytes] | None = None, cache: Any = None,
                      title: BuiltTitle | None = None) -> list[Finding]:
    """Every platform check for one product (image checks only when pictures can be read). `title`: the
    product's `listing_title` on this platform when the caller has it already."""
    pixels = as_cache(cache, blob)
    findings = _title(product, profile, title or listing_title(product, profile))
    findings += _required(product, profile, pixels) + _bullets(product, profile)
    findings += _variants(product, profile) + _size_chart(product)
    if pixels is not None:
        findings += _images(product, profile, pixels)
    return findings


def _finding(product: ListingProduct, field: str, rule: str, text: str, severity: Severity, zh: str,
             en: str, platform: str = "") -> Finding:
    """`platform`: the platform's Chinese name when `zh` names it — a Latin one is spaced from the Chinese
    around it ("Shopify 要求…", not "Shopify要求…"); nothing else of the message is touched."""
    return Finding(product.code, field, rule, text, severity, Bilingual(space_around(zh, platform), en))


def _title(product: ListingProduct, profile: PlatformProfile, built: BuiltTitle) -> list[Finding]:
    rule = profile.title
    name = profile.name_zh, profile.name_en
    findings = []
    for limit in rule.limits:
        if built.length > limit.max:
            findings.append(_finding(
                product, "title", f"title.{limit.id}", built.text, limit.severity,
                f"{name[0]}标题为 {built.length}，超过 {limit.max} 的限制（{limit.provenance.source}）。",
                f"The {name[1]} title is {built.length}, over the limit of {limit.max} ({limit.provenance.source}).",
                platform=profile.name_zh))
    for dropped in built.dropped:
        findings.append(Finding(product.code, dropped.part.key or "title", "title.part_dropped", dropped.part.text,
                                Severity.INFO, dropped.reason))
    if built.shortened:
        findings.append(_finding(
            product, f"name_{'zh' if profile.chinese else 'en'}", "title.shortened", built.text, Severity.WARNING,
            f"产品名称超出{name[0]}标题的限制，已在词语边界处缩短为“{built.text}”。请写一个更短的名称。",
            f"The product name is over the {name[1]} title budget and was shortened at a word boundary to "
            f"'{built.text}'. Write a shorter name.", platform=profile.name_zh))
    source = product.name(profile.language)
    forbidden = sorted({c for c in source if c in rule.forbidden_chars})
    if forbidden:
        chars = "".join(forbidden)
        findings.append(_finding(
            product, f"name_{'zh' if profile.chinese else 'en'}", "title.forbidden_chars", chars, Severity.INFO,
            f"{name[0]}标题不允许这些字符：{chars}，已从标题中去掉。",
            f"{name[1]} titles refuse these characters: {chars}; they were removed from the title.",
            platform=profile.name_zh))
    if rule.max_word_repeats is not None:
        words = Counter(w.casefold() for w in re.findall(r"[^\W_]+", built.text) if len(w) > 2)
        repeated = sorted(w for w, n in words.items() if n > rule.max_word_repeats)
        if repeated:
            findings.append(_finding(
                product, "title", "title.repeated_word", ", ".join(repeated), Severity.WARNING,
                f"标题中这些词出现超过 {rule.max_word_repeats} 次：{', '.join(repeated)}。",
                f"Words used more than {rule.max_word_repeats} times in the title: {', '.join(repeated)}."))
    return findings


_REQUIRED_NAMES = {
    "title": ("标题（产品名称）", "title (product name)"), "brand": ("品牌", "brand"), "category": ("类目", "category"),
    "description": ("描述", "description"), "selling_points": ("卖点", "selling points"),
    "main_image": ("主图", "main image"), "gtin": ("条形码", "GTIN"), "weight": ("重量", "weight"),
    "price": ("价格", "price"), "white_background_image": ("白底图", "white-background image"),
}


def _required(product: ListingProduct, profile: PlatformProfile, pixels: Any) -> list[Finding]:
    lang = profile.language
    missing: list[tuple[str, str]] = []   # (required key, field)
    for key in profile.required.fields:
        if key == "title" and not product.name(lang).strip():
            missing.append((key, f"name_{'zh' if profile.chinese else 'en'}"))
        elif key == "brand" and not product.brand.strip():
            missing.append((key, "brand"))
        elif key == "category" and product.category is None:
            missing.append((key, "category"))
        elif key == "description" and not product.description(lang).strip():
            missing.append((key, f"description_{'zh' if profile.chinese else 'en'}"))
        elif key == "selling_points" and not product.selling_points(lang):
            missing.append((key, f"selling_points_{'zh' if profile.chinese else 'en'}"))
        elif key == "main_image" and not choose_mains(product, profile, None).images:
            missing.append((key, "images.main"))
        elif key == "gtin":
            missing += [(key, f"skus.{s.code}.gtin") for s in product.skus if not s.gtin]
        elif key == "weight":
            missing += [(key, f"skus.{s.code}.weight_g") for s in product.skus if not s.weight_g]
        elif (key == "white_background_image" and pixels is not None
              and choose_mains(product, profile, pixels).white_image is None):
            missing.append((key, "images.white_background"))
    findings = []
    for key, field in missing:
        zh, en = _REQUIRED_NAMES[key]
        findings.append(_finding(product, field, f"required.{key}", "", Severity.ERROR,
                                 f"{profile.name_zh}要求填写{zh}。", f"{profile.name_en} requires the {en}.",
                                 platform=profile.name_zh))
    return findings


def _bullets(product: ListingProduct, profile: PlatformProfile) -> list[Finding]:
    rule = profile.bullets
    if rule is None:
        return []
    findings = []
    points = product.selling_points(profile.language)
    suffix = "zh" if profile.chinese else "en"
    for index, point in enumerate(points[:rule.count]):
        length = len(" ".join(point.split()))
        field = f"selling_points_{suffix}[{index}]"
        if length < rule.min_chars:
            findings.append(_finding(product, field, "bullets.too_short", point, Severity.WARNING,
                                     f"要点只有 {length} 个字符，少于 {rule.min_chars}：不会用作要点。",
                                     f"The bullet has {length} characters, under {rule.min_chars}: not used."))
        elif length > rule.max_chars:
            findings.append(_finding(product, field, "bullets.too_long", point[:40] + "…", Severity.WARNING,
                                     f"要点有 {length} 个字符，超过 {rule.max_chars}：已在词语边界处缩短。",
                                     f"The bullet has {length} characters, over {rule.max_chars}: shortened at a "
                                     "word boundary."))
    if len(points) > rule.count:
        findings.append(_finding(product, f"selling_points_{suffix}", "bullets.extra", "", Severity.INFO,
                                 f"{profile.name_zh}只用前 {rule.count} 条卖点。",
                                 f"{profile.name_en} takes the first {rule.count} selling points only.",
                                 platform=profile.name_zh))
    return findings


def _variants(product: ListingProduct, profile: PlatformProfile) -> list[Finding]:
    rule = profile.variants
    findings = []
    if rule.max_options is not None and len(product.axes) > rule.max_options:
        findings.append(_finding(product, "axes", "variants.options", str(len(product.axes)), Severity.ERROR,
                                 f"{profile.name_zh}每个商品最多 {rule.max_options} 个规格维度，这里有 "
                                 f"{len(product.axes)} 个。",
                                 f"{profile.name_en} allows {rule.max_options} options per product; this one has "
                                 f"{len(product.axes)}.", platform=profile.name_zh))
    if rule.max_variants is not None and len(product.skus) > rule.max_variants:
        findings.append(_finding(product, "skus", "variants.count", str(len(product.skus)), Severity.ERROR,
                                 f"{profile.name_zh}每个商品最多 {rule.max_variants} 个 SKU，这里有 "
                                 f"{len(product.skus)} 个。",
                                 f"{profile.name_en} allows {rule.max_variants} variants per product; this one has "
                                 f"{len(product.skus)}.", platform=profile.name_zh))
    return findings


def _size_chart(product: ListingProduct) -> list[Finding]:
    from app.services.listing.packs.content import size_chart

    if product.category is None or not product.category.has_size_chart or size_chart(product, "en") is not None:
        return []
    return [_finding(product, "attributes.size_chart", "size_chart.missing", "", Severity.WARNING,
                     "该类目需要尺码表，但产品没有尺码规格或尺码数据。",
                     "The category needs a size chart, but the product has no size axis or size data.")]


def _images(product: ListingProduct, profile: PlatformProfile, pixels: Any) -> list[Finding]:
    rule = profile.images
    choice = choose_mains(product, profile, pixels)
    findings = []
    if len(choice.images) > rule.main_max_count:
        findings.append(_finding(product, "images.main", "images.count", str(len(choice.images)), Severity.INFO,
                                 f"有 {len(choice.images)} 张主图候选，{profile.name_zh}只用前 "
                                 f"{rule.main_max_count} 张。",
                                 f"{len(choice.images)} main-image candidates; {profile.name_en} takes the first "
                                 f"{rule.main_max_count}.", platform=profile.name_zh))
    if choice.white_ok is False:
        ratio = pixels.white_ratio(choice.images[0].blob_id) if choice.images else 0.0
        findings.append(_finding(product, "images.main[0]", "images.white_background", f"{ratio:.0%}",
                                 Severity.ERROR,
                                 f"{profile.name_zh}要求主图为纯白背景，但没有一张图片的边缘像素足够白（仅 {ratio:.0%} "
                                 "达到 RGB≥250，需要 97%）。",
                                 f"{profile.name_en} requires a pure-white main image, and no picture's border is "
                                 f"white enough (only {ratio:.0%} of border pixels ≥ 250; 97% needed).",
                                 platform=profile.name_zh))
    used = choice.images[:rule.main_max_count]
    for index, image in enumerate(used):
        long_side = max(image.width, image.height)
        if rule.min_long_side is not None and 0 < long_side < rule.min_long_side:
            findings.append(_finding(product, f"images.main[{index}]", "images.too_small",
                                     f"{image.width}×{image.height}",
                                     Severity.WARNING,
                                     f"图片长边 {long_side} px，低于{profile.name_zh}要求的 {rule.min_long_side} px："
                                     "放大后会模糊，请换更大的原图。",
                                     f"The picture's long side is {long_side} px, under {profile.name_en}'s "
                                     f"{rule.min_long_side} px: upscaled it looks soft; use a larger original.",
                                     platform=profile.name_zh))
    if rule.min_fill is not None and used and choice.white_ok:
        fill = pixels.fill(used[0].blob_id)
        if fill < rule.min_fill:
            findings.append(_finding(product, "images.main[0]", "images.fill", f"{fill:.0%}", Severity.WARNING,
                                     f"主图中商品只占画面的 {fill:.0%}，"
                                     f"{profile.name_zh}要求至少 {rule.min_fill:.0%}。",
                                     f"The product fills {fill:.0%} of the main image; {profile.name_en} asks for "
                                     f"at least {rule.min_fill:.0%}.", platform=profile.name_zh))
    return findings


#: The families whose upload file takes pictures by web address only.
URL_FAMILIES = frozenset({Family.SHOPIFY, Family.WOOCOMMERCE, Family.AMAZON})


def pack_findings(products: Sequence[ListingProduct], profile: PlatformProfile,
                  options: PackOptions = DEFAULT_OPTIONS) -> list[Finding]:
    """The checks on the upload file as a whole (module docstring), for the products in the pack."""
    findings = _handle_clashes(products) if profile.family is Family.SHOPIFY else []
    if profile.family in URL_FAMILIES:
        findings += _picture_urls(products, profile, options)
    if profile.family is Family.WOOCOMMERCE:
        findings += _woocommerce_import(products, profile, options)
    return findings


def _handle_clashes(products: Sequence[ListingProduct]) -> list[Finding]:
    """Codes that make the same handle (`shop_handle`): Shopify would merge them into one product."""
    findings = []
    for handle, codes in handle_clashes(p.code for p in products).items():
        for code in codes:
            others = ", ".join(c for c in codes if c != code)
            findings.append(Finding(code, "code", "handle.clash", handle, Severity.ERROR, Bilingual(
                f"产品编码 {code} 与 {others} 生成同一个 Shopify 网址别名（{handle}）：导入或推送时会合并成一个商品。"
                "请修改其中一个编码。",
                f"Product codes {code} and {others} make the same Shopify URL handle ({handle}): importing or "
                "pushing them would merge them into one product. Change one of the codes.")))
    return findings


def _first_picture(products: Sequence[ListingProduct]) -> str:
    """Where the first product's first main picture lands in the pack (for the example URL)."""

    return f"{folder_name(products[0].code)}/images/01_main.jpg" if products else "images/01_main.jpg"


def _picture_urls(products: Sequence[ListingProduct], profile: PlatformProfile,
                  options: PackOptions) -> list[Finding]:
    name_zh, name_en = profile.name_zh, profile.name_en
    if options.image_base_url:
        example = image_url(options.image_base_url, profile.id, _first_picture(products))
        return [Finding("", "images", "images.url", example, Severity.INFO, Bilingual(
            f"图片以网址写入 {name_zh} 文件，网址前缀为 {options.image_base_url}。"
            "导入前请先把输出文件夹上传到那里（保留文件夹），"
            f"并在浏览器中打开 {example} 确认能看到图片。",
            f"The {name_en} file links its pictures under {options.image_base_url}. Upload the output folder there "
            f"(keeping its folders) before importing, and check that {example} opens in a browser."))]
    push_zh = "也可以在“导出”页直接推送，图片会自动上传。" if profile.family is Family.SHOPIFY else ""
    push_en = " Or push from the Export page, which uploads the pictures itself." \
        if profile.family is Family.SHOPIFY else ""
    return [Finding("", "images", "images.no_url", "", Severity.WARNING, Bilingual(
        f"没有填写图片网址，{name_zh} 文件的图片列留空：网店无法读取这台电脑上的图片文件。"
        "请把输出文件夹（保留文件夹结构）"
        f"上传到网站或云存储，再填写它的 https:// 地址作为图片网址，重新生成上架包。{push_zh}",
        f"No image base URL, so the picture columns of the {name_en} file are empty: the shop can't fetch files "
        "from this computer. Upload the output folder (keeping its folders) to a web server or cloud storage, "
        f"then build again with its https:// address as the image base URL.{push_en}"))]


def _woocommerce_import(products: Sequence[ListingProduct], profile: PlatformProfile,
                        options: PackOptions) -> list[Finding]:
    """What to do in WooCommerce's column-mapping screen: units that match the shop, the GTIN mapped by hand."""
    weight, size = options.weight_unit, options.dimension_unit
    findings = [Finding("", "skus.weight_g", "import.units", f"{weight}, {size}", Severity.INFO, Bilingual(
        f"重量以 {weight}、尺寸以 {size} 写入：网店的单位必须相同（WooCommerce → 设置 → 商品）。"
        f"单位一致时，导入程序才会自动映射“Weight ({weight})”等列。",
        f"Weights are written in {weight} and sizes in {size}: the shop must use the same units (WooCommerce → "
        f"Settings → Products); only then does the importer map 'Weight ({weight})' and the size columns itself."))]
    gtin = next((c.header for c in profile.upload.columns if c.key == "gtin"), None)
    if gtin and any(sku.gtin for product in products for sku in product.skus):
        findings.append(Finding("", "skus.gtin", "import.gtin_mapping", gtin, Severity.INFO, Bilingual(
            f"在 WooCommerce 导入的“列映射”页面，请把“{gtin}”列手动映射到“GTIN, UPC, EAN, or ISBN”字段："
            "WooCommerce 不会自动映射这一列（需要 WooCommerce 9.5 或更新版本），否则条形码不会导入。",
            f"In WooCommerce's import screen (Products → Import, the column-mapping step), map the '{gtin}' column "
            "to the 'GTIN, UPC, EAN, or ISBN' field by hand: WooCommerce doesn't map it automatically (and imports "
            "it from version 9.5), so without that the barcodes are not imported.")))
    return findings
