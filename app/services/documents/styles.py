"""What every printed document shares in look and language: paper sizes, the brand colours and margins, the
paragraph styles, bilingual labels, and checking the language and paper a user asked for.

House style: one embedded font (see `fonts`), ink-dark text, the brand colour #0F766E used sparingly (the
letterhead rule, section titles, table header rules), hairline grey rules, zebra rows in long tables.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from app.models.bilingual import Bilingual, UserFacingError
from app.services.documents.fonts import register_fonts

Lang = Literal["zh", "en", "both"]
LANGS: tuple[str, ...] = ("zh", "en", "both")
PAPERS: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}


BRAND = colors.HexColor("#0F766E")
BRAND_TINT = colors.HexColor("#E8F3F1")
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#62707C")
RULE = colors.HexColor("#D3DAE0")
ZEBRA = colors.HexColor("#F5F7F8")
WHITE = colors.white

MARGIN_X = 16 * mm
MARGIN_TOP = 27 * mm       # room for the letterhead
MARGIN_BOTTOM = 18 * mm    # room for the footer


#: Chinese full-width punctuation that must not start a line. ReportLab's CJK line breaking knows the
#: Japanese marks (、。」) but not the Chinese ones, and put "，" at the start of a line.
CHINESE_CANNOT_START = "，；：？！）》〉」』】〕］｝％…—"


def tune_reportlab() -> None:
    """Faster output without changing what is drawn (no ASCII-85 encoding, no shape argument checks), and
    Chinese punctuation added to the characters CJK line breaking keeps off the start of a line."""
    rl_config.useA85 = 0
    rl_config.shapeChecking = 0
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):   # one-fragment paragraphs break in textsplit, others in paragraph
        names = vars(module)  # paragraph binds its own copy of the name, which reportlab's stubs don't list
        missing = "".join(c for c in CHINESE_CANNOT_START if c not in names["ALL_CANNOT_START"])
        if missing:
            names["ALL_CANNOT_START"] += missing


tune_reportlab()


class PrintInputError(UserFacingError):
    """A print request the user can correct (unknown language, paper or channel, missing rate…)."""


def check_products(products: Sequence[object]) -> None:
    """A catalogue or price list needs at least one product (an empty one would print only its frame)."""
    if not products:
        raise PrintInputError(Bilingual("工作区里还没有产品：请先添加产品再打印",
                                        "The workspace has no products yet: add products before printing"))


def check_lang(lang: str) -> Lang:
    match lang:
        case "zh" | "en" | "both":
            return lang
    raise PrintInputError(Bilingual(f"语言必须是 zh、en 或 both：{lang}",
                                    f"Language must be zh, en or both: {lang}"))


def check_paper(paper: str) -> tuple[float, float]:
    if paper not in PAPERS:
        raise PrintInputError(Bilingual(f"纸张必须是 A4 或 Letter：{paper}", f"Paper must be A4 or Letter: {paper}"))
    return PAPERS[paper]


def pick(lang: str, zh: str, en: str) -> str:
    """The text for a single-language document: zh for zh, en otherwise."""
    return zh if lang == "zh" else en


def label(lang: str, zh: str, en: str, *, sep: str = "  ") -> str:
    """A fixed label as markup: one language, or Chinese then the English in the muted colour."""
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return f'{zh}{sep}<font color="{MUTED.hexval()}">{en}</font>'


def plain_label(lang: str, zh: str, en: str, *, sep: str = " ") -> str:
    """A fixed label as plain text (canvas strings, bookmarks): one language, or both."""
    return zh if lang == "zh" else en if lang == "en" else f"{zh}{sep}{en}"


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of every document (all in the embedded font, Chinese line breaking)."""

    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    code: ParagraphStyle
    section: ParagraphStyle
    cell: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_head: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head_right: ParagraphStyle
    bullet: ParagraphStyle
    bullet_second: ParagraphStyle   # the English under a Chinese bullet point
    numbered: ParagraphStyle
    caption: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]


@lru_cache(maxsize=1)
def styles() -> Styles:
    """The shared styles, built once."""
    font = register_fonts()

    def style(name: str, size: float, leading: float, color: colors.Color = INK, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=color,
                              wordWrap="CJK", bulletFontName=font, **kw)

    return Styles(
        body=style("fd-body", 9, 13.5),
        small=style("fd-small", 8, 11.5),
        muted=style("fd-muted", 8, 11.5, MUTED),
        title=style("fd-title", 19, 25, INK, spaceAfter=1),
        subtitle=style("fd-subtitle", 11.5, 15.5, MUTED),
        code=style("fd-code", 8.5, 11, BRAND),
        section=style("fd-section", 10.5, 14, BRAND, spaceBefore=9, spaceAfter=4),
        cell=style("fd-cell", 8, 10.8),
        cell_muted=style("fd-cell-muted", 8, 10.8, MUTED),
        cell_head=style("fd-cell-head", 8, 10.8, INK),
        cell_right=style("fd-cell-right", 8, 10.8, alignment=TA_RIGHT),
        cell_head_right=style("fd-cell-head-right", 8, 10.8, INK, alignment=TA_RIGHT),
        bullet=style("fd-bullet", 9, 13.2, leftIndent=10, bulletIndent=0, spaceAfter=2.5, bulletFontSize=5.5,
                     bulletColor=BRAND, bulletOffsetY=1.7),
        bullet_second=style("fd-bullet-second", 8, 11.2, MUTED, leftIndent=10, spaceAfter=2.5),
        numbered=style("fd-numbered", 9, 13.2, leftIndent=14, bulletIndent=0, spaceAfter=3, bulletFontSize=9,
                       bulletColor=BRAND),
        caption=style("fd-caption", 7, 9, MUTED, alignment=TA_CENTER),
        toc=(style("fd-toc-0", 10, 15, INK, leftIndent=0, firstLineIndent=0),
             style("fd-toc-1", 8.5, 12, MUTED, leftIndent=14, firstLineIndent=0)),
    )


def outline_text(markup: str) -> str:
    """A bookmark title from paragraph markup: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))
