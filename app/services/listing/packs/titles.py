"""Titles built within a platform's budget, measured the platform's way, never cut inside a word or a character.

A title is made of parts: the brand, the product's name, key attributes and short selling points, in that
order on screen. When everything does not fit, whole parts are dropped, least important first (selling points,
then optional attributes, then required attributes, then the brand where the platform doesn't ask for it
first), and each dropped part comes back with the reason. Only when the name alone (with a required brand) is
over the budget is the name itself shortened, at a word boundary (Latin) or between characters (CJK), never
inside a multi-byte character, a surrogate pair, an emoji sequence or a combining mark.

`Measure.CJK_DOUBLE` counts a CJK/full-width character as 2 and ASCII as 1 (Taobao/Tmall's "60 bytes");
`Measure.CHARS` counts code points (Amazon, Shopify); `Measure.UTF8_BYTES` counts UTF-8 bytes (Amazon search terms).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.models.bilingual import Bilingual
from app.models.text_budget import Measure, text_length
from app.services.listing.packs.profiles import Family, PlatformProfile
from app.services.listing.packs.source import ListingAttribute, ListingProduct

#: Punctuation that may join the letters of one Latin word ("Hard-Shell", "don't", "No.1", "3.5", "R&D").
_JOINERS = frozenset("-'’./&+_")
#: Marks that belong to the number before them (20", 70%, 30°C).
_UNIT_MARKS = frozenset("\"'″′%°℃℉")
#: Characters a shortened text must not end with.
_TRAILING = " \t\u3000,，、;；:：-–—/|·(（[【{《<"
_ZWJ = "\u200d"


def _is_extender(char: str) -> bool:
    """Characters that belong to the cluster before them: combining marks, variation selectors, emoji
    modifiers, ZWJ and its follower, tag characters."""
    code = ord(char)
    return (unicodedata.combining(char) != 0 or unicodedata.category(char) in ("Mn", "Me", "Mc")
            or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F
            or 0xE0100 <= code <= 0xE01EF or char == _ZWJ)


def clusters(text: str) -> list[str]:
    """`text` split into user-perceived characters (close enough to UAX #29 for titles): a base character
    with its combining marks, variation selectors and skin-tone modifiers; ZWJ emoji sequences and
    regional-indicator flag pairs stay whole."""
    result: list[str] = []
    index = 0
    while index < len(text):
        cluster = text[index]
        index += 1
        is_flag = 0x1F1E6 <= ord(cluster) <= 0x1F1FF
        if is_flag and index < len(text) and 0x1F1E6 <= ord(text[index]) <= 0x1F1FF:
            cluster += text[index]
            index += 1
        while index < len(text) and _is_extender(text[index]):
            cluster += text[index]
            index += 1
            if cluster.endswith(_ZWJ) and index < len(text):  # the joined emoji belongs here too
                cluster += text[index]
                index += 1
        result.append(cluster)
    return result


def _is_word_char(cluster: str) -> bool:
    """A letter or digit of a spaced script (Latin, Cyrillic…), not a CJK or other wide character."""
    char = cluster[0]
    if not (char.isalnum() or unicodedata.category(char).startswith("L")):
        return False
    return unicodedata.east_asian_width(char) not in ("W", "F")


def tokens(text: str) -> list[str]:
    """Cut points for shortening: Latin words (with inner joiners) stay whole; every other cluster
    (a CJK character, an emoji, a space, punctuation) is a token of its own."""
    parts = clusters(text)
    result: list[str] = []
    index = 0
    while index < len(parts):
        if not _is_word_char(parts[index]):
            result.append(parts[index])
            index += 1
            continue
        word = parts[index]
        index += 1
        while index < len(parts):
            if _is_word_char(parts[index]):
                word += parts[index]
                index += 1
            elif (parts[index] in _JOINERS and index + 1 < len(parts) and _is_word_char(parts[index + 1])):
                word += parts[index] + parts[index + 1]
                index += 2
            else:
                break
        while index < len(parts) and parts[index] in _UNIT_MARKS:
            word += parts[index]
            index += 1
        result.append(word)
    return result


def fit_text(text: str, budget: int, measure: Measure) -> str:
    """The longest start of `text` within `budget` that ends at a token boundary, without trailing
    separators or an opening bracket. May be empty when the first word alone is over the budget."""
    if text_length(text, measure) <= budget:
        return text
    kept: list[str] = []
    used = 0
    for token in tokens(text):
        weight = text_length(token, measure)
        if used + weight > budget:
            break
        kept.append(token)
        used += weight
    return "".join(kept).rstrip(_TRAILING)


# ---------------------------------------------------------------- parts and the builder


@dataclass(frozen=True)
class TitlePart:
    """One piece of a title. Lower `priority` is more important (kept longer); a `required` part is never
    dropped (the name is shortened instead)."""

    kind: str          # brand / name / attribute / selling_point
    text: str
    priority: int
    required: bool = False
    key: str = ""      # the attribute key or the selling point's index, for the GUI to jump to

    def label(self) -> Bilingual:
        names = {"brand": ("品牌", "brand"), "name": ("名称", "name"), "attribute": ("属性", "attribute"),
                 "selling_point": ("卖点", "selling point")}
        zh, en = names.get(self.kind, (self.kind, self.kind))
        return Bilingual(zh, en)


@dataclass(frozen=True)
class DroppedPart:
    part: TitlePart
    reason: Bilingual


@dataclass(frozen=True)
class BuiltTitle:
    """A title and how it was made: the parts kept, the parts dropped (with reasons), whether the name had
    to be shortened."""

    text: str
    length: int
    budget: int | None
    measure: Measure
    kept: tuple[TitlePart, ...]
    dropped: tuple[DroppedPart, ...]
    shortened: bool

    @property
    def reasons(self) -> tuple[Bilingual, ...]:
        notes = [d.reason for d in self.dropped]
        if self.shortened:
            notes.append(Bilingual(
                f"名称本身超出 {self.budget} 的限制，已在词语边界处缩短。",
                f"The name alone is over the budget of {self.budget}; it was shortened at a word boundary."))
        return tuple(notes)


@lru_cache(maxsize=1 << 14)   # a product's title parts are compared on every platform of a build
def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _compose(parts: Sequence[TitlePart], separator: str) -> str:
    return separator.join(part.text for part in parts if part.text)


def build_title(parts: Sequence[TitlePart], budget: int | None, measure: Measure, *,
                separator: str = " ") -> BuiltTitle:
    """Fit `parts` (in display order) into `budget` under `measure`; see the module docstring."""
    cleaned = [TitlePart(p.kind, " ".join(p.text.split()), p.priority, p.required, p.key) for p in parts]
    normals = [_normal(part.text) for part in cleaned]   # each part compared with every other: normalised once
    dropped: list[DroppedPart] = []
    candidates: list[tuple[int, TitlePart]] = []
    for index, part in enumerate(cleaned):
        if not part.text:
            continue
        if not part.required and any(normals[index] in normals[other_index]
                                      for other_index, other in enumerate(cleaned)
                                      if other is not part and other.text
                                      and (other.required or other.priority < part.priority)):
            dropped.append(DroppedPart(part, Bilingual(f"{part.label().zh}“{part.text}”已包含在标题中，未重复。",
                                                       f"The {part.label().en} “{part.text}” is already in the "
                                                       "title and was not repeated.")))
            continue
        candidates.append((index, part))
    required = [(i, p) for i, p in candidates if p.required]
    shortened = False
    if budget is not None and text_length(_compose([p for _, p in required], separator), measure) > budget:
        required, shortened = _shorten_required(required, budget, measure, separator)
    kept = list(required)
    optional = sorted(((i, p) for i, p in candidates if not p.required), key=lambda item: (item[1].priority, item[0]))
    for index, part in optional:
        trial = sorted([*kept, (index, part)], key=lambda item: item[0])
        length = text_length(_compose([p for _, p in trial], separator), measure)
        if budget is None or length <= budget:
            kept = trial
        else:
            dropped.append(DroppedPart(part, Bilingual(
                f"去掉了{part.label().zh}“{part.text}”：加上后标题为 {length}，超出 {budget} 的限制。",
                f"Dropped the {part.label().en} “{part.text}”: with it the title would be {length}, "
                f"over the budget of {budget}.")))
    final = [p for _, p in sorted(kept, key=lambda item: item[0])]
    text = _compose(final, separator)
    return BuiltTitle(text, text_length(text, measure), budget, measure, tuple(final), tuple(dropped), shortened)


def _shorten_required(required: list[tuple[int, TitlePart]], budget: int, measure: Measure,
                      separator: str) -> tuple[list[tuple[int, TitlePart]], bool]:
    """Shorten the name so the required parts fit (or, when the other required parts alone are over,
    keep only the first of them, shortened)."""
    others = [(i, p) for i, p in required if p.kind != "name"]
    name = next(((i, p) for i, p in required if p.kind == "name"), None)
    if name is None:
        first_index, first = required[0]
        return [(first_index, _cut(first, budget, measure))], True
    fixed = text_length(_compose([p for _, p in others], separator), measure)
    room = budget - fixed - (text_length(separator, measure) if others else 0)
    if room <= 0:
        first_index, first = others[0]
        return [(first_index, _cut(first, budget, measure))], True
    result = [(i, _cut(p, room, measure)) if (i, p) == name else (i, p) for i, p in required]
    return [(i, p) for i, p in result if p.text], True


def _cut(part: TitlePart, budget: int, measure: Measure) -> TitlePart:
    return TitlePart(part.kind, fit_text(part.text, budget, measure), part.priority, part.required, part.key)


# ---------------------------------------------------------------- a product's title on a platform

#: Longest attribute value (in characters) still used as a title keyword; longer text (care instructions)
#: belongs in the description.
MAX_ATTRIBUTE_CHARS = 16
#: Longest selling-point clause used as a title keyword (characters, per language).
MAX_POINT_CHARS = {"zh": 14, "en": 40}
#: Units that read well on their own in a title ("500 ml", "36 L"); other numbers get their name ("长度 180 cm").
BARE_UNITS = frozenset({"L", "l", "ml", "mL", "mAh", "W", "V", "Wh"})
_CLAUSE = re.compile(r"[，,;；。:：!！?？（(]")


def _attribute_text(attribute: ListingAttribute, lang: str) -> str:
    """An attribute as a title keyword: the value, with the attribute's name for yes/no and bare numbers."""
    if not attribute.filled:
        return ""
    if attribute.kind == "yes_no":
        return attribute.name(lang) if attribute.value is True else ""
    text = attribute.display(lang)
    if attribute.kind == "number" and attribute.unit not in BARE_UNITS:
        text = f"{attribute.name(lang)} {text}"
    if attribute.kind == "text" and len(text) > MAX_ATTRIBUTE_CHARS:
        return ""
    return text


def _point_keyword(point: str, lang: str) -> str:
    """The first clause of a selling point, if it is short enough to be a keyword."""
    clause = _CLAUSE.split(point.strip(), maxsplit=1)[0].strip()
    limit = MAX_POINT_CHARS["zh" if lang.startswith("zh") else "en"]
    return clause if 0 < len(clause) <= limit else ""


def title_parts(product: ListingProduct, profile: PlatformProfile) -> list[TitlePart]:
    """The parts a platform's title is built from, in display order, with their priorities."""
    lang = profile.language
    kinds = profile.title.parts
    parts: list[TitlePart] = []
    brand_first = profile.family is Family.AMAZON
    name = product.name(lang)
    if "brand" in kinds:
        brand = product.brand_text(lang)
        if brand and _normal(brand) not in _normal(name):
            parts.append(TitlePart("brand", brand, 0 if brand_first else 5, required=brand_first, key="brand"))
    parts.append(TitlePart("name", name, 1, required=True, key=f"name_{'zh' if lang.startswith('zh') else 'en'}"))
    if "attributes" in kinds:
        keywords = [(a, text) for a in product.product_attributes() if (text := _attribute_text(a, lang))]
        ordered = sorted(keywords, key=lambda keyword: (not keyword[0].required, keyword[0].position))
        for rank, (attribute, text) in enumerate(ordered):
            priority = (10 if attribute.required else 30) + rank
            parts.append(TitlePart("attribute", text, priority, key=f"attributes.{attribute.key}"))
    if "selling_points" in kinds:
        suffix = "zh" if lang.startswith("zh") else "en"
        for index, point in enumerate(product.selling_points(lang)):
            keyword = _point_keyword(point, lang)
            if keyword:
                parts.append(TitlePart("selling_point", keyword, 50 + index,
                                       key=f"selling_points_{suffix}[{index}]"))
    return parts


def strip_forbidden(text: str, forbidden: str) -> str:
    """`text` without the characters a platform refuses in titles (spaces closed up)."""
    if not forbidden:
        return text
    cleaned = "".join(" " if char in forbidden else char for char in text)
    return " ".join(cleaned.split())


def listing_title(product: ListingProduct, profile: PlatformProfile) -> BuiltTitle:
    """The title a pack for `profile` uses for `product`."""
    rule = profile.title
    parts = [TitlePart(p.kind, strip_forbidden(p.text, rule.forbidden_chars), p.priority, p.required, p.key)
             for p in title_parts(product, profile)]
    return build_title(parts, rule.build_budget, rule.measure, separator=rule.separator)
