"""The one reading of a value typed in both languages (kernel.text), used by packs, printed documents and pushes:
one table of cases, so a pack and a sheet can no longer disagree ("70% 羊毛 (70% wool)" used to be "70% wool" in a
pack and printed whole on the English sheet)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.services.kernel.text import (
    in_language,
    money_text,
    percent_text,
    split_bilingual,
)

#: (typed, Chinese part, English part); None when the value is not clearly in two languages.
CASES: list[tuple[str, str | None, str | None]] = [
    ("曜石黑 Obsidian Black", "曜石黑", "Obsidian Black"),
    ("建议干洗 / Dry clean only", "建议干洗", "Dry clean only"),
    ("70% 羊毛 (70% wool)", "70% 羊毛", "70% wool"),
    ("70% 羊毛（70% wool）", "70% 羊毛", "70% wool"),
    ("深空灰 Space Grey (matte)", "深空灰", "Space Grey (matte)"),
    ("羊绒混纺", None, None),
    ("Obsidian Black", None, None),
    ("500 ml", None, None),
    ("PC 外壳", None, None),                     # Latin first: not a Chinese value with its translation
    ("100% 棉 / 100% cotton", "100% 棉", "100% cotton"),
    ("𠀀字 Rare", "𠀀字", "Rare"),               # CJK Extension B counts as Chinese
    ("耐温 -20℃ (heat resistant)", "耐温 -20℃", "heat resistant"),
]


@pytest.mark.parametrize(("typed", "zh", "en"), CASES)
def test_one_reading_of_a_bilingual_value(typed: str, zh: str | None, en: str | None) -> None:
    pair = split_bilingual(typed)
    assert pair == ((zh, en) if zh is not None else None)
    assert in_language(typed, "zh") == (zh or typed.strip())
    assert in_language(typed, "zh_CN") == (zh or typed.strip())
    assert in_language(typed, "en") == (en or typed.strip())
    assert in_language(typed, "both") == typed.strip()


def test_money_and_percent_for_people() -> None:
    assert money_text(Decimal("1234.505"), "CNY") == "¥1,234.51"
    assert money_text(Decimal("1234.5"), "USD", symbol=False) == "1,234.50"
    assert money_text(Decimal("99.5"), "JPY") == "JP¥100"
    assert money_text(Decimal("-0.001"), "USD") == "$0.00"
    assert percent_text(Decimal("0.2")) == "20%" and percent_text(Decimal("0.0065")) == "0.65%"
    assert percent_text(Decimal("0.2"), strip=False) == "20.00%"


def test_space_around_spaces_a_latin_name_from_the_chinese_beside_it_and_nothing_else():
    from app.services.kernel.text import space_around

    assert space_around("Shopify要求填写品牌。", "Shopify") == "Shopify 要求填写品牌。"
    assert space_around("低于Amazon要求的 1000 px", "Amazon") == "低于 Amazon 要求的 1000 px"
    # the user's own words quoted in the message stay exactly as written
    assert (space_around("超出Shopify标题的限制，缩短为“XZ行者Pro保温杯500ml”。", "Shopify")
            == "超出 Shopify 标题的限制，缩短为“XZ行者Pro保温杯500ml”。")
    assert space_around("天猫要求填写品牌。", "天猫") == "天猫要求填写品牌。"
    assert space_around("要求填写品牌。", "") == "要求填写品牌。"
