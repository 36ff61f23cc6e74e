"""How long a product's texts may be and how big its numbers, and which invisible characters never belong in
them — in one place, so the editor, `ProductService`, bulk edit and the CSV/XLSX import refuse the same
things in the same words (no Qt, no I/O).

Why limits at all (issue #18): a 9.7 KB workbook stored a 1,000,000-character name, after which printing a
spec sheet or the catalogue ran past 300 s, and a 92 KB file grew a workspace from 2.4 to 143 MB. SQLite
ignores `VARCHAR(n)`, so nothing below the app would have stopped either.

The limits are far above anything a real catalogue holds and far below what hurts (characters are Unicode
code points; an emoji counts one):

| field                                   | at most        | for scale                                       |
|-----------------------------------------|----------------|-------------------------------------------------|
| name_zh, name_en                        | 200            | the longest platform title (Amazon) is 200      |
| brand, reference_label                  | 200            |                                                 |
| description_zh, description_en          | 20,000         | about ten printed pages                         |
| materials, differentiator               | 2,000          | a long paragraph                                |
| selling points                          | 30 × 500       | platforms show 5                                |
| attribute value (text), option value    | 500            | what a spec table cell can show                 |
| option name                             | 60             | "颜色", "Size"                                   |
| weight_g                                | 100,000,000    | 100 t                                           |
| length_mm, width_mm, height_mm          | 100,000        | 100 m                                           |
| any other whole number                  | 10^15          | well inside SQLite's 2^63                       |

Product and SKU codes keep their own rule (`validation.CODE`: 60 characters of letters, digits, . - _).

Invisible characters: C0/C1 control characters (tab and line breaks excepted), bidirectional controls
(U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: they can make "ABC" display as "CBA"), and
zero-width characters (U+200B, U+200C, U+2060–U+2064, U+FEFF) are removed from texts; a zero-width joiner is
kept only between two emoji, where it builds one picture (👨‍👩‍👧). In codes nothing is removed: a code with
an invisible character is refused, naming it, because two codes that look alike must not be different codes.
"""

from __future__ import annotations

import re
import unicodedata

from app.models.bilingual import Bilingual

#: Text fields: the most characters each may hold.
TEXT_LIMITS: dict[str, int] = {
    "name_zh": 200, "name_en": 200, "brand": 200, "reference_label": 200,
    "description_zh": 20_000, "description_en": 20_000, "materials": 2_000, "differentiator": 2_000,
    "selling_point": 500, "attribute_value": 500, "option_value": 500, "option_name": 60,
}
#: Selling points per language.
MAX_SELLING_POINTS = 30
#: Whole-number fields: the largest value each may hold.
WHOLE_LIMITS: dict[str, int] = {
    "weight_g": 100_000_000, "length_mm": 100_000, "width_mm": 100_000, "height_mm": 100_000,
}
#: Any other whole number (factory capacity, MOQ…): far below SQLite's 2^63 - 1.
MAX_WHOLE = 10**15

_LABELS: dict[str, Bilingual] = {
    "name_zh": Bilingual("中文名称", "The Chinese name"), "name_en": Bilingual("英文名称", "The English name"),
    "brand": Bilingual("品牌", "The brand"), "reference_label": Bilingual("参照品描述", "The generic label"),
    "description_zh": Bilingual("中文描述", "The Chinese description"),
    "description_en": Bilingual("英文描述", "The English description"),
    "materials": Bilingual("材质", "Materials"), "differentiator": Bilingual("差异点", "The differentiator"),
    "selling_point": Bilingual("每条卖点", "A selling point"),
                                 "attribute_value": Bilingual("属性值", "An attribute value"),
    "option_value": Bilingual("规格值", "An option value"), "option_name": Bilingual("规格名", "An option name"),
    "weight_g": Bilingual("重量（克）", "The weight (g)"), "length_mm": Bilingual("长（毫米）", "The length (mm)"),
    "width_mm": Bilingual("宽（毫米）", "The width (mm)"), "height_mm": Bilingual("高（毫米）", "The height (mm)"),
}

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b\u200c\u2060-\u2064\ufeff"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = re.compile(f"[{_CONTROL}{_BIDI}{_ZERO_WIDTH}]")
_LONE_JOINER = re.compile("\u200d")
_ANY_INVISIBLE = re.compile(f"[{_CONTROL}{_BIDI}{_ZERO_WIDTH}\u200d\t\n\r\u2028\u2029]")


def label(field: str) -> Bilingual:
    """The field's name in a sentence, in both languages."""
    return _LABELS.get(field, Bilingual(field, field))


def strip_invisible(text: str) -> str:
    """`text` without control, bidirectional and zero-width characters (tab and line breaks stay; a joiner
    stays between two emoji). Cheap when there is nothing to remove, which is nearly always."""
    if text.isprintable() and "\u200d" not in text:  # the C-speed test: no control, format or bidi character
        return text
    text = _INVISIBLE.sub("", text)
    if "\u200d" in text:
        text = _LONE_JOINER.sub(lambda match: _keep_joiner(match.string, match.start()), text)
    return text


def _keep_joiner(text: str, at: int) -> str:
    """A zero-width joiner builds one emoji out of two (👨‍👩‍👧); anywhere else it only hides things."""
    before, after = text[at - 1:at], text[at + 1:at + 2]
    return "\u200d" if before and after and _is_emoji(before) and _is_emoji(after) else ""


def _is_emoji(char: str) -> bool:
    return char == "\ufe0f" or (ord(char) > 0x2000 and unicodedata.category(char) in ("So", "Sk"))


def invisible_character(text: str) -> str | None:
    """The first invisible or line-break character in `text` as "U+200B", or None (for refusing codes)."""
    match = _ANY_INVISIBLE.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def text_limit(field: str) -> int | None:
    """The most characters `field` may hold, or None when it has no limit here."""
    return TEXT_LIMITS.get(field)


def too_long(field: str, text: str) -> Bilingual | None:
    """Why `text` is too long for `field` (naming the limit and the length), or None when it fits."""
    limit = TEXT_LIMITS.get(field)
    if limit is None or len(text) <= limit:
        return None
    return length_message(label(field), limit, len(text))


def length_message(what: Bilingual, limit: int, length: int) -> Bilingual:
    """"X holds at most N characters (this one has M)" in both languages."""
    return Bilingual(f"{what.zh}最多 {limit:,} 个字符（现在 {length:,} 个）。",
                     f"{what.en} holds at most {limit:,} characters (this one has {length:,}).")


def too_many_points(count: int) -> Bilingual | None:
    """Why a list of selling points is too long, or None."""
    if count <= MAX_SELLING_POINTS:
        return None
    return Bilingual(f"卖点最多 {MAX_SELLING_POINTS} 条（现在 {count:,} 条）。",
                     f"At most {MAX_SELLING_POINTS} selling points (there are {count:,}).")


def whole_limit(field: str) -> int:
    """The largest whole number `field` may hold."""
    return WHOLE_LIMITS.get(field, MAX_WHOLE)


def too_big(field: str, number: int) -> Bilingual | None:
    """Why `number` is too big for `field` (naming the limit), or None."""
    limit = whole_limit(field)
    if number <= limit:
        return None
    what = label(field)
    return Bilingual(f"{what.zh}最大为 {limit:,}。", f"{what.en} can be at most {limit:,}.")
