"""Line breaking for plain text in one font: Chinese and Latin mixed, the way a Chinese reader expects.

ReportLab's paragraph engine handles any markup, but its CJK mode makes one fragment per character and
was the single costliest step of a spec sheet. Printed documents mostly draw plain text of one size and
colour, so this module breaks such text itself, fast, with the rules that matter:

- a line may break between any two Chinese characters (ideographs, kana, full-width forms), and at a
  space in Latin text; a Latin word is never broken unless it is longer than the whole line;
- Chinese closing punctuation (，。、；：？！）》」…) never starts a line and opening punctuation (（《「“)
  never ends one (禁则 / kinsoku): they stay with their neighbour;
- explicit line breaks (\\n) are kept; spaces at the end of a line are dropped.

Widths come from a `measure(text) -> float` function, so this module knows nothing of fonts or PDFs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Measure = Callable[[str], float]

#: Characters that may stand alone on either side of a break: CJK ideographs (and extensions), kana,
#: Hangul, CJK symbols and punctuation, full-width forms.
_BREAKABLE = (
    "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
#: Spaces a line may break at. Not the no-break spaces (U+00A0, U+2007, U+202F): "100\u00a0mm" stays whole.
_SPACES = " \t\r\f\v\u3000"   # \u3000: the ideographic (full-width) space
#: One unit of text that is never broken inside: a CJK character, or a run of anything else up to a space
#: or a CJK character; each with the spaces that follow it.
_UNITS = re.compile(rf"(?:[{_BREAKABLE}]|[^{_SPACES}\n{_BREAKABLE}]+|(?=[{_SPACES}]))[{_SPACES}]*")

#: Closing punctuation that must not start a line (Chinese and Japanese, full- and half-width).
CANNOT_START = frozenset("，。、；：？！）》〉」』】〕］｝％…—‐～・ー’”,.;:?!)]}%")
#: Opening punctuation that must not end a line.
CANNOT_END = frozenset("（《〈「『【〔［｛‘“([{")


def _units(text: str) -> list[str]:
    """`text` (one line, no \\n) cut into unbreakable units, with kinsoku pairs kept together."""
    units: list[str] = []
    glue_next = False
    for unit in _UNITS.findall(text):
        if not unit:
            continue
        if units and (glue_next or unit[0] in CANNOT_START):
            units[-1] += unit
        else:
            units.append(unit)
        glue_next = unit.rstrip()[-1:] in CANNOT_END if unit.strip() else glue_next
    return units


def _split_long(unit: str, width: float, measure: Measure) -> list[str]:
    """A unit wider than a whole line, cut into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for char in unit:
        if current and measure(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def break_lines(text: str, width: float, measure: Measure) -> list[str]:
    """The lines `text` wraps into at `width`, each line's trailing spaces removed.

    Joining the lines (with the original spaces at the breaks) gives the text back: nothing is dropped
    except spaces where a line was broken. An empty text is one empty line.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _break_paragraph(paragraph, width, measure)
    return lines


def _break_paragraph(text: str, width: float, measure: Measure) -> list[str]:
    if measure(text) <= width:
        return [text.rstrip()]
    lines: list[str] = []
    line, line_width = "", 0.0
    for unit in _units(text):
        core = unit.rstrip()
        core_width = measure(core)
        if line and line_width + core_width > width:
            if line.strip():   # a line of nothing but leading spaces is dropped, not printed blank
                lines.append(line.rstrip())
            line, line_width = "", 0.0
        if not line and core_width > width:
            *full, core = _split_long(core, width, measure) or [""]
            lines += [piece.rstrip() for piece in full if piece.strip()]   # cut at a space: drop it
            unit, core_width = core + unit[len(unit.rstrip()):], measure(core)
        line += unit
        line_width += core_width if len(core) == len(unit) else measure(unit)
    lines.append(line.rstrip())
    return lines


__all__ = ["CANNOT_END", "CANNOT_START", "break_lines"]
