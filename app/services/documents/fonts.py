"""The one font every printed document uses, and the check that keeps missing glyphs visible.

ReportLab embeds only TrueType-outline fonts (see shared/reference/environment.md), so the shipped
WenQuanYi Zen Hei (`resources/fonts/wqy-zenhei.ttc`, sub-font 0) is registered once per process and used for
Chinese *and* Latin text: a PDF that names a second, non-embedded font (Helvetica, ReportLab's default)
would print differently, or as boxes, on a PC without that font. ReportLab subsets the font as it embeds it.

Zen Hei covers GBK Chinese, Latin and the symbols specs need (℃ ™ ® ≥ ΔE), but no character outside the
Basic Multilingual Plane (rare CJK such as 𠀀, emoji). Every piece of user text passes through a
`TextGuard`, which replaces a character the font cannot draw with a visible marker and records a warning,
so a document never shows a silent "tofu" box or drops a character unnoticed.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.frozen import resources_dir
from app.models.bilingual import Bilingual

#: The name the font is registered under in ReportLab.
FONT_NAME = "WQYZenHei"
#: The shipped font and the sub-font to use (0 = WenQuanYi Zen Hei, proportional).
FONT_FILE = Path("fonts") / "wqy-zenhei.ttc"
SUBFONT_INDEX = 0
#: What replaces a character the font has no glyph for: visible, extractable, understood in both languages.
MISSING_MARKER = "[?]"

_lock = threading.Lock()
_registered = False


def font_path() -> Path:
    """The shipped CJK font file (source checkout or PyInstaller bundle)."""
    return resources_dir() / FONT_FILE


def register_fonts() -> str:
    """Register the shipped font with ReportLab once (thread-safe); return its registered name.

    The same font is mapped as bold and italic too, so `<b>` in paragraph markup never makes ReportLab
    look for a font that isn't embedded; visual bold is drawn by `render.BoldParagraph` instead.
    """
    global _registered
    if _registered:
        return FONT_NAME
    with _lock:
        if not _registered:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=SUBFONT_INDEX))
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
            _registered = True
    return FONT_NAME


@lru_cache(maxsize=1)
def _code_points() -> frozenset[int]:
    """Every code point the font maps to a glyph."""
    register_fonts()
    font = pdfmetrics.getFont(FONT_NAME)
    assert isinstance(font, TTFont)  # register_fonts() registered it as one
    return frozenset(font.face.charToGlyph)


def has_glyph(char: str) -> bool:
    """True when the shipped font can draw `char`."""
    return ord(char) in _code_points()


def _invisible(char: str) -> bool:
    """Joiners, variation selectors, tags, keycap and skin-tone modifiers: they only shape a neighbour."""
    code = ord(char)
    return (unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
            or code == 0x20E3 or 0x1F3FB <= code <= 0x1F3FF)


@lru_cache(maxsize=16384)
def replace_missing(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` with each run of characters the font cannot draw replaced by one MISSING_MARKER.

    Returns the new text and the characters replaced (in order, without repeats). Line breaks are kept,
    tabs become spaces, other control characters are dropped. Invisible helpers that have no glyph
    (zero-width joiner, variation selectors, skin-tone modifiers) are dropped without a marker: they only
    ever shape the character beside them, so "👍🏽" or "❤️" give a single marker, or none when the base is drawn.
    Cached: batch jobs print the same labels, names and options again and again.
    """
    if not text:
        return "", ()
    points = _code_points()
    out: list[str] = []
    missing: list[str] = []
    in_run = False
    for char in text:
        code = ord(char)
        if char == "\n":
            out.append(char)
            in_run = False
        elif char == "\t":
            out.append(" ")
            in_run = False
        elif code < 32 or 0x7F <= code < 0xA0:
            continue
        elif code in points:
            out.append(char)
            in_run = False
        elif _invisible(char):
            continue  # no glyph and nothing to see: the marker of the character it shapes says it all
        else:
            if char not in missing:
                missing.append(char)
            if not in_run:
                out.append(MISSING_MARKER)
                in_run = True
    return "".join(out), tuple(missing)


@dataclass(frozen=True)
class TextWarning:
    """Characters of one field that the PDF shows as MISSING_MARKER."""

    where: str
    characters: tuple[str, ...]

    @property
    def message(self) -> Bilingual:
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in self.characters)
        return Bilingual(
            f"{self.where}：字体没有这些字符，PDF 中以 {MISSING_MARKER} 代替：{shown}",
            f"{self.where}: the font has no glyph for these characters; the PDF shows {MISSING_MARKER}: {shown}",
        )

    def text(self, lang: str) -> str:
        return self.message.text(lang)


class TextGuard:
    """Makes user text safe to print and remembers what it had to replace.

    `plain()` for text drawn directly on the canvas, `markup()` for Paragraphs (XML-escaped, line breaks
    as <br/>). `where` names the field for the warning, e.g. "XZ-LG-PC01 name_zh".
    """

    def __init__(self) -> None:
        self._warnings: dict[tuple[str, tuple[str, ...]], TextWarning] = {}

    def plain(self, text: object, where: str = "") -> str:
        raw = "" if text is None else str(text)
        safe, missing = replace_missing(raw)
        if missing:
            key = (where, missing)
            self._warnings.setdefault(key, TextWarning(where, missing))
        return safe

    def markup(self, text: object, where: str = "") -> str:
        return escape(self.plain(text, where)).replace("\n", "<br/>")

    @property
    def warnings(self) -> list[TextWarning]:
        """What was replaced, once per field and set of characters, in the order found."""
        return list(self._warnings.values())


__all__ = [
    "FONT_NAME", "MISSING_MARKER", "TextGuard", "TextWarning", "font_path", "has_glyph", "register_fonts",
    "replace_missing",
]
