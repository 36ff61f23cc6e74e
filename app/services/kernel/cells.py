"""Spreadsheet cells that stay data: text Excel or WPS would run as a formula is guarded (OWASP's CSV
injection: `=`, `+`, `-`, `@`, tab, CR and their full-width forms), control characters openpyxl refuses are
dropped, text is cut to Excel's 32,767-unit limit without splitting an emoji, and OOXML's `_xHHHH_` escapes are
written and read as Excel does. Used by every CSV/XLSX the app writes (catalogue exports, listing packs) and reads.
"""

from __future__ import annotations

import re

EXCEL_CELL_LIMIT = 32_767
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def guard_formula(text: str) -> str:
    """CSV: prefix ' to text Excel would run as a formula; also to text that already starts with ' before
    such a character (or another '), so `unguard_formula` gives back exactly the original."""
    if text.startswith(FORMULA_TRIGGERS) or (text[:1] == "'" and text[1:2] in (*FORMULA_TRIGGERS, "'")
                                               and len(text) > 1):
        return "'" + text
    return text


def unguard_formula(text: str) -> str:
    """Undo `guard_formula` on text read from a CSV."""
    if text[:1] == "'" and len(text) > 1 and text[1:2] in (*FORMULA_TRIGGERS, "'"):
        return text[1:]
    return text


def clean_cell_text(text: str) -> tuple[str, bool, bool]:
    """(text without C0 control characters other than tab/CR/LF, cut to Excel's limit; stripped?; cut?).

    The limit counts UTF-16 units, as Excel does (an emoji is two); a surrogate pair is never split.
    """
    cleaned = _C0.sub("", text)
    stripped = len(cleaned) != len(text)
    if len(cleaned) <= EXCEL_CELL_LIMIT // 2 or _utf16_length(cleaned) <= EXCEL_CELL_LIMIT:
        return cleaned, stripped, False
    units, end = 0, 0
    for end, char in enumerate(cleaned):  # noqa: B007 - where the limit was passed is used after the loop
        units += 2 if ord(char) > 0xFFFF else 1
        if units > EXCEL_CELL_LIMIT:
            break
    return cleaned[:end], stripped, True


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_OOXML_LITERAL = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_OOXML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_escape(text: str) -> str:
    """XLSX text with CR written as `_x000D_` (an XML reader turns a raw CR into LF) and a literal
    `_xHHHH_` protected as `_x005F_xHHHH_`, as Excel writes them."""
    if "_x" in text:
        text = _OOXML_LITERAL.sub("_x005F_", text)
    return text.replace("\r", "_x000D_")


def ooxml_unescape(text: str) -> str:
    """Undo OOXML's `_xHHHH_` escapes in text read from an XLSX (Excel writes them too)."""
    return _OOXML_ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text
