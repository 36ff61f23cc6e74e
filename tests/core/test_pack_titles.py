"""Titles within a platform's budget: measured the platform's way, never cut inside a word or a character,
whole parts dropped in priority order with the reason."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from app.models.text_budget import Measure, char_weight, text_length
from app.services.listing.packs.titles import (
    TitlePart,
    build_title,
    clusters,
    fit_text,
    strip_forbidden,
    tokens,
)

MIXED = "行者轻量 PC 硬壳拉杆箱 Hard-Shell 🧳 静音万向轮 👨‍👩‍👧 TSA 海关锁 🇨🇳 e\u0301tude 铝合金拉杆"


def _is_prefix_of_clusters(cut: str, text: str) -> bool:
    """`cut` ends exactly at a cluster boundary of `text` (after trailing separators are stripped)."""
    built = ""
    for cluster in clusters(text):
        if built == cut:
            return True
        built += cluster
    return built == cut


@pytest.mark.parametrize("budget", range(1, 70))
def test_cjk_double_budget_never_cuts_a_character(budget: int) -> None:
    cut = fit_text(MIXED, budget, Measure.CJK_DOUBLE)
    assert text_length(cut, Measure.CJK_DOUBLE) <= budget
    assert MIXED.startswith(cut)
    assert _is_prefix_of_clusters(cut, MIXED), repr(cut)
    # the UTF-8 bytes of the cut are a prefix of the original's: no half of a multi-byte character
    assert MIXED.encode("utf-8").startswith(cut.encode("utf-8"))
    cut.encode("utf-8").decode("utf-8")  # and they decode cleanly
    assert not cut.endswith((" ", "\u200d")) and "\ufe0f" not in cut[-1:]


def test_cjk_counts_two_and_ascii_one() -> None:
    assert text_length("行者PC", Measure.CJK_DOUBLE) == 6
    assert text_length("ＰＣ", Measure.CJK_DOUBLE) == 4      # full-width counts 2
    assert text_length("🧳", Measure.CJK_DOUBLE) == 2
    assert fit_text("行者轻量拉杆箱", 5, Measure.CJK_DOUBLE) == "行者"   # 4 of 5: the third character would be 6


def test_sixty_byte_title_of_thirty_characters_fits_exactly() -> None:
    thirty = "轻" * 30
    assert fit_text(thirty, 60, Measure.CJK_DOUBLE) == thirty
    assert fit_text(thirty + "箱", 60, Measure.CJK_DOUBLE) == thirty


@pytest.mark.parametrize("budget", range(1, 60))
def test_latin_text_is_never_cut_mid_word(budget: int) -> None:
    text = "Xingzhe Lightweight Hard-Shell Spinner Suitcase, 20\" Carry-On, TSA lock"
    cut = fit_text(text, budget, Measure.CHARS)
    assert len(cut) <= budget
    words = text.replace(",", " ").split()
    for word in cut.replace(",", " ").split():
        assert word in words, f"{word!r} is not a whole word of the text (budget {budget})"
    assert not cut.endswith((" ", ",", "-"))


def test_hyphenated_words_and_numbers_stay_whole() -> None:
    assert tokens("Hard-Shell No.1 3.5 kg") == ["Hard-Shell", " ", "No.1", " ", "3.5", " ", "kg"]
    assert fit_text("Hard-Shell case", 8, Measure.CHARS) == ""     # the first word alone is over: nothing


def test_emoji_sequences_and_combining_marks_are_one_cluster() -> None:
    assert clusters("👨‍👩‍👧x") == ["👨‍👩‍👧", "x"]
    assert clusters("🇨🇳🇺🇸") == ["🇨🇳", "🇺🇸"]
    assert clusters("e\u0301a") == ["e\u0301", "a"]
    assert clusters("❤\ufe0f!") == ["❤\ufe0f", "!"]


def test_utf8_byte_budget_for_search_terms() -> None:
    text = "suitcase 行李箱 spinner"
    cut = fit_text(text, 15, Measure.UTF8_BYTES)
    assert len(cut.encode("utf-8")) <= 15
    assert cut == "suitcase 行李"   # 9 + 6 bytes, stopped before 箱 (3 more)


def _parts() -> list[TitlePart]:
    return [
        TitlePart("brand", "行者", 5),
        TitlePart("name", "行者轻量 PC 硬壳拉杆箱", 1, required=True),
        TitlePart("attribute", "四轮万向静音轮", 10),
        TitlePart("attribute", "TSA 海关锁", 11),
        TitlePart("attribute", "保修期 5 年", 30),
        TitlePart("selling_point", "静音万向轮通过 SGS 行走耐久测试", 50),
    ]


def test_whole_parts_are_dropped_least_important_first_with_reasons() -> None:
    built = build_title(_parts(), 40, Measure.CJK_DOUBLE)
    assert built.length <= 40 == built.budget
    assert built.text == "行者轻量 PC 硬壳拉杆箱 四轮万向静音轮"
    dropped = {d.part.text: d.reason for d in built.dropped}
    assert set(dropped) == {"行者", "TSA 海关锁", "保修期 5 年", "静音万向轮通过 SGS 行走耐久测试"}
    assert "already in the title" in dropped["行者"].en            # the name starts with the brand
    assert "over the budget of 40" in dropped["TSA 海关锁"].en
    assert "超出 40 的限制" in dropped["TSA 海关锁"].zh
    assert not built.shortened
    assert len(built.reasons) == 4


def test_a_smaller_later_part_still_fits_after_a_bigger_one_is_dropped() -> None:
    parts = [TitlePart("name", "Suitcase", 1, True), TitlePart("attribute", "with a very long attribute", 10),
             TitlePart("attribute", "TSA", 11)]
    built = build_title(parts, 14, Measure.CHARS)
    assert built.text == "Suitcase TSA"
    assert [d.part.text for d in built.dropped] == ["with a very long attribute"]


def test_parts_keep_their_display_order() -> None:
    parts = [TitlePart("brand", "Xingzhe", 0, True), TitlePart("name", "Scarf", 1, True),
             TitlePart("attribute", "Wool", 40), TitlePart("attribute", "Grey", 10)]
    assert build_title(parts, 100, Measure.CHARS).text == "Xingzhe Scarf Wool Grey"


def test_a_name_over_the_budget_is_shortened_at_a_word_boundary() -> None:
    parts = [TitlePart("brand", "Xingzhe", 0, True),
             TitlePart("name", "Lightweight Polycarbonate Hard-Shell Spinner Suitcase", 1, True),
             TitlePart("attribute", "TSA lock", 10)]
    built = build_title(parts, 40, Measure.CHARS)
    assert built.shortened
    assert built.text == "Xingzhe Lightweight Polycarbonate"
    assert built.length <= 40
    assert any("shortened at a word boundary" in r.en for r in built.reasons)


def test_no_budget_keeps_every_part() -> None:
    built = build_title(_parts(), None, Measure.CJK_DOUBLE)
    assert "静音万向轮通过 SGS 行走耐久测试" in built.text
    assert [d.part.text for d in built.dropped] == ["行者"]   # only the duplicate brand


def test_forbidden_characters_are_removed() -> None:
    assert strip_forbidden("Suitcase! Best? {20\"}", "!$?_{}^¬¦") == "Suitcase Best 20\""


@given(st.text(st.characters(exclude_categories=("Cs",))), st.sampled_from(list(Measure)))
def test_text_length_is_the_sum_of_the_characters_weights(text: str, measure: Measure) -> None:
    """The counted-at-once shortcuts (all ASCII, characters, UTF-8 bytes) agree with weighing each character."""
    assert text_length(text, measure) == sum(char_weight(char, measure) for char in text)


@pytest.mark.parametrize(("text", "cjk_double", "utf8"), [
    ("", 0, 0), ("abc", 3, 3), ("保温杯", 6, 9), ("500 ml 保温杯", 13, 16), ("Ｂ", 2, 3), ("😀", 2, 4),
    ("é", 2, 2),   # East Asian "ambiguous" width: counted wide
])
def test_text_length_on_known_strings(text: str, cjk_double: int, utf8: int) -> None:
    assert (text_length(text, Measure.CHARS), text_length(text, Measure.CJK_DOUBLE),
            text_length(text, Measure.UTF8_BYTES)) == (len(text), cjk_double, utf8)
