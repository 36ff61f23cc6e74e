"""The words of a listing: selling points / bullets, the description (HTML for Shopify/WooCommerce, text for the
others), the spec table, a size chart where the category has one, and Amazon's backend search terms.

Everything comes from the product's listing data (`ListingProduct`), in the platform's language; nothing
private is available here. The differentiator (the seller's positioning note) is not listing copy and is
left out. Lengths are cut at word boundaries (`titles.fit_text`), never inside a word or a character.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from app.models.text_budget import Measure, text_length
from app.services.kernel.text import in_language
from app.services.listing.packs.profiles import PlatformProfile
from app.services.listing.packs.source import ListingProduct
from app.services.listing.packs.titles import fit_text

#: Words that add nothing to search terms (Amazon ignores them too).
STOP_WORDS = frozenset(["a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "for", "from", "has",
                        "have", "in", "into", "is", "it", "its", "no", "not", "of", "on", "or", "our", "out", "over",
                        "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
                        "to", "too", "up", "very", "was", "we", "were", "what", "when", "which", "while", "who", "will",
                        "with", "without", "you", "your", "about", "after", "back", "before", "file", "more", "most",
                        "other", "same", "such", "only", "each", "years", "year"])
SEO_TITLE_CHARS = 70
SEO_DESCRIPTION_CHARS = 320
AMAZON_DESCRIPTION_CHARS = 2000


def _zh(lang: str) -> bool:
    return lang.lower().startswith("zh")


def _label(lang: str, zh: str, en: str) -> str:
    return zh if _zh(lang) else en


@dataclass(frozen=True)
class SizeChart:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Content:
    """What a product's listing says on one platform."""

    selling_points: tuple[str, ...]
    bullets: tuple[str, ...]
    description_text: str
    description_html: str
    specs: tuple[tuple[str, str], ...]
    size_chart: SizeChart | None
    search_terms: str
    seo_title: str
    seo_description: str


# ---------------------------------------------------------------- pieces


def spec_rows(product: ListingProduct, lang: str) -> list[tuple[str, str]]:
    """The spec table: brand, category, the category's attributes, materials, the variant axes, weight."""
    rows: list[tuple[str, str]] = []
    if product.brand:
        rows.append((_label(lang, "品牌", "Brand"), product.brand_text(lang)))
    if product.category is not None:
        rows.append((_label(lang, "类目", "Category"), product.category.name(lang)))
    for attribute in product.product_attributes():
        if attribute.filled and not (attribute.kind == "yes_no" and attribute.value is not True):
            rows.append((attribute.name(lang), attribute.display(lang)))
    if product.materials:
        rows.append((_label(lang, "材质", "Materials"), in_language(product.materials, lang)))
    for axis in product.axes:
        if axis.values:
            rows.append((axis.name(lang), " / ".join(in_language(v, lang) for v in axis.values)))
    weights = sorted({s.weight_g for s in product.skus if s.weight_g})
    if weights:
        rows.append((_label(lang, "重量", "Weight"),
                     f"{weights[0]} g" if len(weights) == 1 else f"{weights[0]}–{weights[-1]} g"))
    dimensions = sorted({s.dimensions_text() for s in product.skus if s.dimensions_text()})
    if len(dimensions) == 1:
        rows.append((_label(lang, "尺寸（长×宽×高）", "Dimensions (L × W × H)"), f"{dimensions[0]} mm"))
    return [(name, value) for name, value in rows if value]


def size_chart(product: ListingProduct, lang: str) -> SizeChart | None:
    """A size chart for categories that have one: the product's own table (attribute `size_chart`, a list of
    {column: value} rows) when given, else one row per size from the SKUs' dimensions and weights. None when
    the category has no size chart or the product has nothing to put in one."""
    if product.category is None or not product.category.has_size_chart:
        return None
    given = next((a.value for a in product.attributes if a.key == "size_chart"), None)
    if isinstance(given, list) and given and all(isinstance(row, dict) for row in given):
        headers = tuple(dict.fromkeys(str(k) for row in given for k in row))
        return SizeChart(headers, tuple(tuple(str(row.get(h, "")) for h in headers) for row in given))
    axis = next((a for a in product.axes if a.key == "size"), None)
    if axis is None:
        return None
    rows = []
    for value in axis.values:
        sku = next((s for s in product.skus if s.option("size") == value), None)
        if sku is None:
            continue
        rows.append((in_language(value, lang), sku.dimensions_text() or "—",
                     str(sku.weight_g) if sku.weight_g else "—"))
    if not rows:
        return None
    headers = (axis.name(lang), _label(lang, "长×宽×高（mm）", "L × W × H (mm)"),
               _label(lang, "重量（g）", "Weight (g)"))
    return SizeChart(headers, tuple(rows))


def bullets(product: ListingProduct, profile: PlatformProfile) -> tuple[str, ...]:
    """Amazon-style bullets: the selling points, then spec lines to make up the count, each within the
    length rule (shortened at a word boundary; too-short lines are skipped)."""
    rule = profile.bullets
    lang = profile.language
    points = list(product.selling_points(lang))
    if rule is None:
        return tuple(points)
    candidates = points + [f"{name}: {value}" for name, value in spec_rows(product, lang)
                           if name not in (_label(lang, "品牌", "Brand"), _label(lang, "类目", "Category"))]
    result: list[str] = []
    for text in candidates:
        text = " ".join(text.split())
        if len(text) > rule.max_chars:
            text = fit_text(text, rule.max_chars, Measure.CHARS)
        if len(text) < rule.min_chars or text in result:
            continue
        result.append(text)
        if len(result) == rule.count:
            break
    return tuple(result)


def description_text(product: ListingProduct, lang: str, points: tuple[str, ...],
                     specs: list[tuple[str, str]], chart: SizeChart | None) -> str:
    """The plain-text description: the product's description, its selling points, the spec table."""
    blocks = [product.description(lang).strip()]
    if points:
        blocks.append(_label(lang, "卖点", "Highlights") + "\n" + "\n".join(f"• {p}" for p in points))
    if specs:
        colon = "：" if _zh(lang) else ": "
        blocks.append(_label(lang, "规格参数", "Specifications") + "\n" +
                      "\n".join(f"{name}{colon}{value}" for name, value in specs))
    if chart is not None:
        lines = [" | ".join(chart.headers)] + [" | ".join(row) for row in chart.rows]
        blocks.append(_label(lang, "尺码表", "Size chart") + "\n" + "\n".join(lines))
    return "\n\n".join(block for block in blocks if block) + "\n"


def description_html(product: ListingProduct, lang: str, points: tuple[str, ...],
                     specs: list[tuple[str, str]], chart: SizeChart | None) -> str:
    """The HTML description (Shopify's Body (HTML), WooCommerce's Description): escaped, no scripts, no styles."""
    e = html.escape
    parts = [f"<p>{e(paragraph)}</p>" for paragraph in re.split(r"\n\s*\n", product.description(lang).strip())
             if paragraph.strip()]
    if points:
        parts.append("<ul>" + "".join(f"<li>{e(p)}</li>" for p in points) + "</ul>")
    if specs:
        parts.append(f"<h3>{e(_label(lang, '规格参数', 'Specifications'))}</h3>")
        parts.append("<table>" + "".join(f"<tr><th>{e(n)}</th><td>{e(v)}</td></tr>" for n, v in specs) + "</table>")
    if chart is not None:
        parts.append(f"<h3>{e(_label(lang, '尺码表', 'Size chart'))}</h3>")
        head = "<tr>" + "".join(f"<th>{e(h)}</th>" for h in chart.headers) + "</tr>"
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in chart.rows)
        parts.append(f"<table>{head}{body}</table>")
    return "\n".join(parts)


def short_html(points: tuple[str, ...]) -> str:
    """WooCommerce's short description: the selling points as a list."""
    return "<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in points) + "</ul>" if points else ""


def search_terms(product: ListingProduct, profile: PlatformProfile, title: str) -> str:
    """Amazon's backend search terms: words from attributes, category, axes and selling points that are not
    already in the title or the brand, lower-case, space-separated, within the byte limit, never cut in a word."""
    rule = profile.search_terms
    if rule is None:
        return ""
    lang = profile.language
    seen = {w.casefold() for w in re.findall(r"\w+", title)}
    seen |= {w.casefold() for w in re.findall(r"\w+", product.brand)}
    sources = [product.category.name(lang) if product.category else ""]
    sources += [a.display(lang) for a in product.product_attributes() if a.filled and a.kind != "yes_no"]
    sources += [in_language(v, lang) for axis in product.axes for v in axis.values]
    sources += list(product.selling_points(lang))
    words: list[str] = []
    for source in sources:
        for word in re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", source):
            folded = word.casefold()
            if folded in seen or len(folded) < 3 or folded.isdigit() or folded in STOP_WORDS:
                continue
            seen.add(folded)
            words.append(folded)
    return fit_text(" ".join(words), rule.max_bytes, Measure.UTF8_BYTES)


def seo_text(text: str, limit: int) -> str:
    one_line = " ".join(text.split())
    return fit_text(one_line, limit, Measure.CHARS)


@dataclass(frozen=True)
class LanguageParts:
    """The parts of a product's listing that depend on the language alone, not on the platform: made once per
    language for every platform of a build (the five Chinese platforms used to make the same spec table and
    descriptions five times over)."""

    selling_points: tuple[str, ...]
    specs: tuple[tuple[str, str], ...]
    size_chart: SizeChart | None
    description_text: str
    description_html: str


def language_parts(product: ListingProduct, lang: str) -> LanguageParts:
    """The product's selling points, spec table, size chart and descriptions in `lang`."""
    points = product.selling_points(lang)
    specs = spec_rows(product, lang)
    chart = size_chart(product, lang)
    return LanguageParts(points, tuple(specs), chart, description_text(product, lang, points, specs, chart),
                         description_html(product, lang, points, specs, chart))


def build_content(product: ListingProduct, profile: PlatformProfile, title: str,
                  parts: LanguageParts | None = None) -> Content:
    """All the words of one product's listing on one platform; `parts`: the product's `language_parts` in the
    platform's language, when the caller made them already."""
    parts = parts or language_parts(product, profile.language)
    description = parts.description_text
    if profile.bullets is not None and text_length(description, Measure.CHARS) > AMAZON_DESCRIPTION_CHARS:
        description = fit_text(description, AMAZON_DESCRIPTION_CHARS, Measure.CHARS)
    return Content(
        selling_points=parts.selling_points,
        bullets=bullets(product, profile),
        description_text=description,
        description_html=parts.description_html,
        specs=parts.specs,
        size_chart=parts.size_chart,
        search_terms=search_terms(product, profile, title),
        seo_title=seo_text(title, SEO_TITLE_CHARS),
        seo_description=seo_text(product.description(profile.language), SEO_DESCRIPTION_CHARS),
    )


__all__ = ["Content", "LanguageParts", "SizeChart", "build_content", "bullets", "description_html",
           "description_text", "language_parts", "search_terms", "short_html", "size_chart", "spec_rows"]
