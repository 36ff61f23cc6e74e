"""Texts every feature writes the same way: money and percentages for people, and the two languages of one value.

A value is often typed in both languages at once — "曜石黑 Obsidian Black", "建议干洗 / Dry clean",
"70% 羊毛 (70% wool)" — and a Chinese listing wants the first part, an English one the second, a bilingual sheet
all of it. `split_bilingual` is the one reading of such a value for packs, printed documents and pushes alike
(tests/core/test_text.py holds the table of cases it must keep).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from app.services.kernel.money import CURRENCY_SYMBOLS, pricing_context, quantize_money

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
HUNDRED = Decimal(100)


def is_zh(lang: str) -> bool:
    """True for any Chinese language tag (zh, zh_CN, zh-Hans…)."""
    return lang.lower().startswith("zh")


def has_cjk(text: str) -> bool:
    """Whether `text` holds a Chinese (CJK) character or full-width punctuation."""
    return bool(_CJK.search(text))


_IDEOGRAPH = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def space_around(text: str, word: str) -> str:
    """`text` with a space between `word` and a Chinese character beside it, as Chinese typesetting wants for a
    Latin name: "低于Shopify要求" → "低于 Shopify 要求". A Chinese `word` ("天猫") and the rest of `text` (a
    quoted title, the user's own words) are left exactly as they are."""
    if not word or has_cjk(word):
        return text

    def spaced(match: re.Match[str]) -> str:
        before, after = match.group(1) or "", match.group(2) or ""
        return (before + " " if before else "") + word + (" " + after if after else "")

    return re.sub(rf"({_IDEOGRAPH})?{re.escape(word)}({_IDEOGRAPH})?", spaced, text)


def money_text(amount: Decimal, currency: str, symbol: bool = True) -> str:
    """An amount rounded once for people, with thousands separators: '¥1,234.50' ('1,234.50' without symbol)."""
    rounded = quantize_money(amount, currency)
    return (CURRENCY_SYMBOLS.get(currency, currency + " ") if symbol else "") + f"{rounded:,f}"


def percent_text(rate: Decimal, places: int = 2, strip: bool = True) -> str:
    """A fraction as a percentage, half-up: 0.2 → '20%', 0.0065 → '0.65%' (`strip=False`: '20.00%' for columns)."""
    with pricing_context():
        value = (rate * HUNDRED).quantize(Decimal(1).scaleb(-places))
    text = f"{value:f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text) + "%"


def _balanced(text: str) -> bool:
    return text.count("(") + text.count("（") == text.count(")") + text.count("）")


@lru_cache(maxsize=65_536)   # a pure function asked again and again for the same attribute values
def split_bilingual(text: str) -> tuple[str, str] | None:
    """(Chinese, English) when `text` is clearly one value in both languages, else None.

    Three ways of writing it are read: "中文 / English", "中文 (English)" (full- or half-width brackets, the
    bracket holding Latin letters and the part before it none), and "中文 English" (a Chinese part, then a part
    starting with a Latin letter, brackets balanced on both sides)."""
    text = text.strip()
    halves = text.split(" / ")
    if len(halves) == 2 and has_cjk(halves[0]) and not has_cjk(halves[1]):
        return halves[0].strip(), halves[1].strip()
    inner = re.fullmatch(r"(.*?)\s*[（(]([^()（）]+)[)）]\s*", text)
    if (inner and has_cjk(inner.group(1)) and not re.search("[A-Za-z]", inner.group(1))
            and not has_cjk(inner.group(2)) and re.search("[A-Za-z]", inner.group(2))):
        return inner.group(1).strip(), inner.group(2).strip()
    for match in re.finditer(r"\s+", text):
        left, right = text[:match.start()], text[match.end():]
        if (has_cjk(left) and right[:1].isascii() and right[:1].isalpha() and not has_cjk(right)
                and _balanced(left) and _balanced(right)):
            return left.strip(), right.strip()
    return None


def in_language(text: str, lang: str) -> str:
    """The part of a bilingual value in `lang` ("zh…" or "en…"); all of it for "both", or when the value is
    not clearly in two languages."""
    text = text.strip()
    if not (is_zh(lang) or lang.lower().startswith("en")):
        return text
    pair = split_bilingual(text)
    if pair is None:
        return text
    return pair[0] if is_zh(lang) else pair[1]
