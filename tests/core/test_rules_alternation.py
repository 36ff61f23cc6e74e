"""The compliance lint's word lists as one regex: sharing one look-behind among the Latin words (for speed)
finds exactly what one look-behind per word found — same places, same words, longest first."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from app.services.listing import rules
from app.services.listing.rules import load_rules

SHIPPED = load_rules()
BRANDS = sorted(SHIPPED.brands)
TERMS = sorted(SHIPPED.terms)
MIXED_WORDS = ["\u0130nci Deri", "Inci", "\u017fony Ericsson", "Sony",
               "AB", "ab c", "Abc", "9X", "x9", "小米", "小米手机", "Apple", "Apple Watch", "é牌", "&Co", "Co", "C",
               "超", "超级", "No.1", "第一"]


def per_word_regex(words: list[str]) -> re.Pattern[str]:
    """How the lint's regex was built before: every word with its own boundaries, longest first."""
    def bounded(word: str) -> str:
        escaped = re.escape(word)
        if word[:1].isascii() and word[:1].isalnum():
            escaped = r"(?<![A-Za-z0-9])" + escaped
        if word[-1:].isascii() and word[-1:].isalnum():
            escaped += r"(?![A-Za-z0-9])"
        return escaped

    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile("|".join(bounded(w) for w in ordered), re.IGNORECASE)


def found(regex: re.Pattern[str] | None, text: str) -> list[tuple[int, int, str]]:
    assert regex is not None
    return [(m.start(), m.end(), m.group(0)) for m in regex.finditer(text)]


def texts_from(words: list[str]) -> st.SearchStrategy[str]:
    """Texts made of the words (in any case), pieces of them, Latin letters and digits next to them, CJK
    characters, spaces and punctuation: where word boundaries decide what is found."""
    word = st.sampled_from(words)
    piece = st.one_of(
        word, word.map(str.upper), word.map(str.lower), word.map(lambda w: w[: max(1, len(w) // 2)]),
        st.sampled_from(["İ", "ı", "ſ", "a", "Z", "0", "7", " ", "-", "，", "。", "的", "款", "\u212a", "é", "_"]),
        st.text(alphabet="abcXYZ019 中文·'", max_size=4))
    return st.lists(piece, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=texts_from(BRANDS))
def test_the_brand_list_finds_what_one_boundary_per_brand_found(text: str) -> None:
    assert found(SHIPPED.brand_regex, text) == found(per_word_regex(BRANDS), text)


@settings(max_examples=300, deadline=None)
@given(text=texts_from(TERMS))
def test_the_absolute_terms_find_what_one_boundary_per_term_found(text: str) -> None:
    assert found(SHIPPED.term_regex, text) == found(per_word_regex(TERMS), text)


@settings(max_examples=300, deadline=None)
@given(text=texts_from(MIXED_WORDS))
def test_latin_and_other_words_mixed_find_the_same(text: str) -> None:
    """Words starting with Latin, CJK, an accented letter or a symbol; words inside longer words."""
    assert found(rules._alternation(MIXED_WORDS), text) == found(per_word_regex(MIXED_WORDS), text)


def test_a_latin_word_inside_a_longer_latin_word_is_not_found_and_the_longest_wins() -> None:
    regex = rules._alternation(["Apple", "Apple Watch", "小米"])
    text = "Pineapple 配 apple watch 表带，小米"
    watch, mi = text.index("apple watch"), text.index("小米")
    assert found(regex, text) == [(watch, watch + 11, "apple watch"), (mi, mi + 2, "小米")]


def test_no_words_no_regex() -> None:
    assert rules._alternation([]) is None


def test_a_word_whose_first_letter_matches_a_latin_one_ignoring_case_keeps_the_longest_first() -> None:
    regex = rules._alternation(["Inci", "İnci Deri"])
    assert found(regex, "Bag by İnci Deri") == [(7, 16, "İnci Deri")]
