"""The layout pieces printed documents are made of, checked against oracles computed here and read back
from real PDFs with poppler (pdftotext -bbox, pdfimages, pdftoppm):

- `line_breaking.break_lines` (properties over random mixed Chinese/Latin text, with a fake and the real
  font measure, and worked examples);
- `flowables.Label` (height, splitting, bullets, alignment, text in a real multi-page document);
- `grid.Grid` (page splits with repeated headers, zebra across a split, right-aligned numbers, hairlines);
- `flowables.JpegImage` (JPEG bytes embedded as they are, once per document; other data falls back);
- `tables._Table` one-line text cells;
- a spec sheet full of long mixed text and URLs: nothing is printed outside the page's margins.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import string
import subprocess
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from app.models.gtin import complete_gtin
from app.services.catalogue.images import derived_image
from app.services.documents import flowables, styles as print_styles
from app.services.documents.flowables import JpegImage, Label, SectionTitle, TextState
from app.services.documents.fonts import FONT_NAME, register_fonts
from app.services.documents.grid import Grid, GridLook
from app.services.documents.line_breaking import CANNOT_END, CANNOT_START, break_lines
from app.services.documents.public_data import (
    PublicAttribute,
    PublicAxis,
    PublicCertificate,
    PublicFactory,
    PublicImage,
    PublicProduct,
    PublicSku,
)
from app.services.documents.spec_sheet import write_spec_sheet
from app.services.documents.styles import BRAND, MARGIN_X, RULE, ZEBRA, styles
from app.services.documents.tables import CELL_PADDING, Columns, grid_style, table

register_fonts()
S = styles()
PAGE_W, PAGE_H = A4
EPS = 1e-6

# ---------------------------------------------------------------- measures


def fake_measure(text: str) -> float:
    """Wide (CJK, full-width) characters 2, everything else 1: independent of the module's character classes."""
    return float(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))


def real_measure(size: float = 9) -> Callable[[str], float]:
    return lambda text: stringWidth(text, FONT_NAME, size)


# ---------------------------------------------------------------- reading PDFs back


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def pdftotext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page is not None else []
    return run("pdftotext", "-enc", "UTF-8", *pages, str(path), "-")


def squeezed(text: str) -> str:
    return "".join(text.split())


def pages_of(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(path)), re.M).group(1))  # type: ignore[union-attr]


@dataclass(frozen=True)
class Box:
    page: int
    x_min: float
    y_min: float     # from the top of the page, as poppler gives it
    x_max: float
    y_max: float
    text: str


_BOX = {kind: re.compile(rf'<{kind} xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</{kind}>',
                          re.S)
        for kind in ("word", "line")}


def boxes(path: Path, kind: str = "word") -> list[Box]:
    """Every word (or line) of the PDF with its bounding box, per page (pdftotext -bbox-layout)."""
    out = run("pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-")
    found: list[Box] = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        for x0, y0, x1, y1, inner in _BOX[kind].findall(page):
            words = re.findall(r">([^<]*)</word>", inner) if kind == "line" else [inner]
            found.append(Box(number, float(x0), float(y0), float(x1), float(y1),
                             " ".join(html.unescape(w) for w in words)))
    return found


class RecordingCanvas(Canvas):
    """A canvas that remembers filled rectangles and lines, in page coordinates, with their page and colour."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filled: list[tuple[int, float, float, float, float, Any]] = []   # page, x, y, w, h, colour
        self.lines: list[tuple[int, float, float, float, float]] = []

    def _to_page(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._currentMatrix
        return a * x + c * y + e, b * x + d * y + f

    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        if fill:
            (x0, y0), (x1, y1) = self._to_page(x, y), self._to_page(x + width, y + height)
            self.filled.append((self.getPageNumber(), x0, y0, x1 - x0, y1 - y0, self._fillColorObj))
        super().rect(x, y, width, height, stroke, fill)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        (a, b), (c, d) = self._to_page(x1, y1), self._to_page(x2, y2)
        self.lines.append((self.getPageNumber(), a, b, c, d))
        super().line(x1, y1, x2, y2)


def build_pdf(path: Path, story: list[Flowable], *, frames: Sequence[tuple[float, float, float, float]] = (),
              canvasmaker: type[Canvas] = Canvas) -> BaseDocTemplate:
    """A plain A4 document (no letterhead or footer: its text is only the story's), one page template per
    frame (x, y, width, height; padding 0), the first one used first."""
    frames = list(frames) or [(50.0, 60.0, PAGE_W - 100, PAGE_H - 120)]
    doc = BaseDocTemplate(str(path), pagesize=A4)
    doc.addPageTemplates([PageTemplate(f"t{i}", [Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0,
                                                       bottomPadding=0, id=f"f{i}")])
                          for i, (x, y, w, h) in enumerate(frames)])
    doc.build(story, canvasmaker=canvasmaker)
    return doc


# ---------------------------------------------------------------- break_lines: oracles


def locate(text: str, lines: list[str]) -> list[tuple[int, int]]:
    """Where each line sits in `text`, asserting that only whitespace lies between lines (and before the
    first and after the last): the lines are the text with nothing lost but spaces at the breaks."""
    spans, position = [], 0
    for line in lines:
        start = text.find(line, position)
        assert start >= 0 and not text[position:start].strip(), (text, lines, line)
        spans.append((start, start + len(line)))
        position = start + len(line)
    assert not text[position:].strip(), (text, lines)
    return spans


def check_universal(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """What holds for any text at any width."""
    lines = break_lines(text, width, measure)
    paragraphs = text.split("\n")
    per_paragraph = [break_lines(p, width, measure) for p in paragraphs]
    assert lines == [line for part in per_paragraph for line in part]      # "\n" is a forced break
    assert len(lines) >= len(paragraphs)
    for paragraph, part in zip(paragraphs, per_paragraph, strict=False):
        assert part, paragraph
        if not paragraph.strip():
            assert part == [""], (paragraph, part)
        else:
            assert all(line.strip() for line in part), (paragraph, width, part)   # wrapping makes no blank lines
        if measure(paragraph) <= width:
            assert part == [paragraph.rstrip()]                              # what fits is left alone
        locate(paragraph, part)
    assert squeezed("".join(lines)) == squeezed(text)
    for line in lines:
        assert "\n" not in line and line == line.rstrip(), (text, width, lines)
        assert measure(line) <= width + EPS or len(line) == 1, (text, width, line, measure(line))
    return lines


CJK = "中文产品规格说明书不锈钢保温杯真空双层容量工厂直营"
PUNCTUATION = "".join(sorted(CANNOT_START | CANNOT_END))
latin_word = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=12)
url = st.text(alphabet=string.ascii_lowercase + string.digits + "/:.-_?=&%", min_size=15, max_size=70).map(
    lambda tail: "https://" + tail)
any_text = st.lists(st.one_of(
    st.sampled_from(CJK), latin_word, url, st.sampled_from(PUNCTUATION),
    st.sampled_from([" ", " ", "  ", "\n", "\t", "\u3000"]),
), max_size=50).map("".join)


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


@dataclass(frozen=True)
class Sample:
    """Text made of tokens (optional opening punctuation, a core, optional closing punctuation); Latin cores
    are words that must never be split at the widths used with it."""

    text: str
    latin: tuple[tuple[int, int], ...]    # spans of Latin words in `text`
    tokens: tuple[str, ...]


cjk_token = st.tuples(st.sampled_from(["", "（", "《", "「", "【", "“"]), st.text(alphabet=CJK, min_size=1, max_size=3),
                      st.sampled_from(["", "，", "。", "、", "；", "：", "？", "！", "）", "》", "」", "】", "”",
                                       "……"]))
latin_token = st.tuples(st.sampled_from(["", "(", "[", "“", "‘"]), latin_word,
                        st.sampled_from(["", ",", ".", ";", ":", "?", "!", ")", "]", "%", "”", "’"]))


@st.composite
def samples(draw: st.DrawFn) -> Sample:
    text, latin, tokens = "", [], []
    for _ in range(draw(st.integers(1, 30))):
        opening, core, closing = draw(st.one_of(cjk_token, latin_token))
        token = opening + core + closing
        if text and not text.endswith("\n"):
            joined_tightly = is_wide(text[-1]) and is_wide(token[0])     # Chinese runs on without spaces
            text += draw(st.sampled_from(["", " "] if joined_tightly else [" ", "  "]))
        if core[0] in string.ascii_letters + string.digits:
            start = len(text) + len(opening)
            latin.append((start, start + len(core)))
        text += token
        tokens.append(token)
        if draw(st.integers(0, 9)) == 0:
            text += "\n"
    return Sample(text, tuple(latin), tuple(tokens))


def check_kinsoku(sample: Sample, width: float, measure: Callable[[str], float]) -> None:
    """At a width where every token fits, punctuation rules always hold and no Latin word is split."""
    lines = check_universal(sample.text, width, measure)
    offset, spans = 0, []
    for paragraph in sample.text.split("\n"):
        part = break_lines(paragraph, width, measure)
        spans += [(offset + a, offset + b) for a, b in locate(paragraph, part)]
        for before, after in itertools.pairwise(part):
            assert after[0] not in CANNOT_START, (paragraph, width, part)
            assert before[-1] not in CANNOT_END, (paragraph, width, part)
        offset += len(paragraph) + 1
    for start, end in sample.latin:
        assert any(a <= start and end <= b for a, b in spans), (sample.text[start:end], width, lines)


# ---------------------------------------------------------------- break_lines: properties


@settings(max_examples=300, deadline=None)
@given(any_text, st.integers(1, 40))
def test_break_lines_any_text_fake_measure(text: str, width: int) -> None:
    check_universal(text, width, fake_measure)


@settings(max_examples=150, deadline=None)
@given(any_text, st.floats(4, 300))
def test_break_lines_any_text_real_font(text: str, width: float) -> None:
    check_universal(text, width, real_measure())
    check_universal(text, width, flowables._measurer(FONT_NAME, 9))    # the cached measure Labels use agrees


@settings(max_examples=300, deadline=None)
@given(samples(), st.integers(0, 30))
def test_kinsoku_and_whole_words_when_they_fit_fake_measure(sample: Sample, extra: int) -> None:
    width = max(fake_measure(token) for token in sample.tokens) + extra
    check_kinsoku(sample, width, fake_measure)


@settings(max_examples=150, deadline=None)
@given(samples(), st.floats(0, 200))
def test_kinsoku_and_whole_words_when_they_fit_real_font(sample: Sample, extra: float) -> None:
    measure = real_measure()
    width = max(measure(token) for token in sample.tokens) + extra
    check_kinsoku(sample, width, measure)


# ---------------------------------------------------------------- break_lines: worked examples


def test_break_lines_examples() -> None:
    m = fake_measure
    assert break_lines("", 10, m) == [""]
    assert break_lines("  ", 1, m) == [""]
    assert break_lines("a\nb", 10, m) == ["a", "b"]
    assert break_lines("a\n\nb", 10, m) == ["a", "", "b"]
    assert break_lines("alpha beta gamma", 10, m) == ["alpha beta", "gamma"]
    assert break_lines("alpha   beta", 7, m) == ["alpha", "beta"]               # break spaces dropped
    # Chinese breaks anywhere, but "，" stays with the character before it and "（" with the one after
    assert break_lines("一二三，四五", 6, m) == ["一二", "三，四", "五"]
    assert break_lines("一二（三四", 6, m) == ["一二", "（三四"]
    # a word longer than the line is cut into pieces that fit; one that fits on its own line is moved whole
    assert break_lines("ab abcdefghij", 4, m) == ["ab", "abcd", "efgh", "ij"]
    assert break_lines("abc defgh", 6, m) == ["abc", "defgh"]


def test_a_url_longer_than_the_line_is_split_into_pieces_that_fit() -> None:
    link = "https://shop.example.com/products/XZ-LG-PC01/stainless-steel-vacuum-flask?lang=zh&src=spec-sheet"
    measure = real_measure()
    width = 120.0
    lines = break_lines(f"网址 {link} 结束", width, measure)
    assert len(lines) >= 3
    assert all(measure(line) <= width + EPS for line in lines)
    assert squeezed("".join(lines)) == squeezed(f"网址{link}结束")
    assert any(line.startswith("https://") for line in lines)


def test_a_latin_word_is_not_split_when_it_fits_on_a_line_of_its_own() -> None:
    measure = real_measure()
    word = "Pneumonoultramicroscopic"
    width = measure(word) + 1
    text = f"一个很长的中文句子里有 {word} 这个词，还有 {word} 和 more English words like {word}."
    lines = check_universal(text, width, measure)
    assert sum(line.count(word) for line in lines) == 3


def test_leading_spaces_never_make_an_empty_line() -> None:
    # an indent followed by a word that only fits on a line of its own: the indent goes, not a blank line
    assert break_lines("   abcd efgh", 5, fake_measure) == ["abcd", "efgh"]


def test_lines_cut_inside_a_long_unit_have_no_trailing_spaces() -> None:
    # "hello ，" is kept together (no "，" at a line start) but is wider than the line, so it is cut
    lines = break_lines("hello ，world", 6, fake_measure)
    assert all(line == line.rstrip() for line in lines), lines
    assert squeezed("".join(lines)) == "hello，world"


# ---------------------------------------------------------------- Label


LONG_ZH = ("这款保温杯采用食品级304不锈钢内胆，真空双层结构，保温12小时以上；杯盖为一键弹开设计，单手即可操作。"
           "适用于办公室、户外运动、旅行等多种场景（含礼盒包装）。详情请访问 https://shop.example.com/p/XZ-LG-PC01 "
           "或扫码。")
LONG_EN = ("A double-wall vacuum flask in food-grade 304 stainless steel keeps drinks hot for twelve hours; the "
           "one-touch lid opens with one hand. See https://shop.example.com/products/XZ-LG-PC01?lang=en for details.")


def canvas_for(tmp_path: Path) -> Canvas:
    return Canvas(str(tmp_path / "scratch.pdf"))


def laid_texts(label: Label) -> list[str]:
    return [line.text for line in label._laid]


@pytest.mark.parametrize("width", [90.0, 160.5, 300.0])
def test_label_height_is_the_sum_of_its_line_leadings(tmp_path: Path, width: float) -> None:
    label = Label([(LONG_ZH + "\n" + LONG_ZH[:20], S.bullet, None), (LONG_EN, S.bullet_second, None)], bullet="■")
    _w, height = label.wrapOn(canvas_for(tmp_path), width, 10_000)
    expected = 0.0
    for text, style in ((LONG_ZH + "\n" + LONG_ZH[:20], S.bullet), (LONG_EN, S.bullet_second)):
        room = width - style.leftIndent - style.rightIndent
        expected += len(break_lines(text, room, real_measure(style.fontSize))) * style.leading
    assert height == pytest.approx(expected)
    assert height > 3 * S.bullet.leading


def test_label_split_keeps_every_line_once_and_the_first_part_fits(tmp_path: Path) -> None:
    canvas = canvas_for(tmp_path)
    width = 150.0
    whole = Label([(LONG_ZH, S.bullet, None), (LONG_EN, S.bullet_second, None)], bullet="■")
    _w, total = whole.wrapOn(canvas, width, 10_000)
    all_lines = laid_texts(whole)
    split_somewhere = 0
    for available in [h * 4.3 for h in range(0, int(total / 4.3) + 3)]:
        parts = whole.splitOn(canvas, width, available)
        if available < S.bullet.leading or available >= total:
            assert parts == [], available            # nothing fits, or everything does: no split
            continue
        first, rest = parts
        first_height = first.wrapOn(canvas, width, available)[1]
        rest_height = rest.wrapOn(canvas, width, 10_000)[1]
        assert first_height <= available + EPS
        assert first_height + rest_height == pytest.approx(total)
        assert laid_texts(first) + laid_texts(rest) == all_lines
        assert first.spaceAfter == 0 and rest.spaceBefore == 0
        split_somewhere += 1
    assert split_somewhere >= 5


def test_a_bullet_is_drawn_on_the_first_part_only(tmp_path: Path) -> None:
    """Wherever the split falls — inside the Chinese, or exactly where the English line begins."""
    canvas = canvas_for(tmp_path)
    width = 150
    bullet_font = f"{S.bullet.bulletFontSize:g} Tf"

    def code(part: Label) -> str:
        part.wrapOn(canvas, width, 10_000)
        text = canvas.beginText()
        part.emit(text, TextState(), 0, 0)
        return text.getCode()  # type: ignore[no-any-return]

    whole = Label([(LONG_ZH, S.bullet, None), (LONG_EN, S.bullet_second, None)], bullet="■")
    whole.wrapOn(canvas, width, 10_000)
    assert code(whole).count(bullet_font) == 1
    chinese_lines = len(break_lines(LONG_ZH, width - S.bullet.leftIndent, real_measure(S.bullet.fontSize)))
    heights = [n * S.bullet.leading for n in range(1, chinese_lines + 1)] + [
        chinese_lines * S.bullet.leading + S.bullet_second.leading]
    for available in heights:
        first, rest = whole.splitOn(canvas, width, available + EPS)
        assert code(first).count(bullet_font) == 1 and bullet_font not in code(rest), available


def test_a_long_label_reads_back_from_a_multi_page_pdf(tmp_path: Path) -> None:
    """A bullet point of Chinese then English, far taller than a frame: every character comes back once, in
    order, over several pages, and the bullet only on the first."""
    zh, en = LONG_ZH * 3, LONG_EN * 3
    path = tmp_path / "label.pdf"
    story = [SectionTitle(print_styles.label("both", "产品卖点", "Selling points"), S.section),
             Label([(zh, S.bullet, None), (en, S.bullet_second, None)], bullet="■")]
    build_pdf(path, story, frames=[(60, 300, 220, 180)])
    pages = pages_of(path)
    assert pages >= 3
    texts = [squeezed(pdftotext(path, page)) for page in range(1, pages + 1)]
    assert all(texts)
    assert "".join(texts) == squeezed("产品卖点 Selling points" + "■" + zh + en)   # no markup, nothing twice
    assert texts[0].startswith("产品卖点Sellingpoints■")
    assert all("■" not in text for text in texts[1:])


def test_a_split_label_continued_in_a_narrower_frame_does_not_repeat_itself(tmp_path: Path) -> None:
    """The rest of a split Label laid out again at another width (the next page uses another template)
    must hold only the rest of the text."""
    text = "开头START " + LONG_ZH * 2 + LONG_EN + " 结尾END"
    path = tmp_path / "narrow.pdf"
    build_pdf(path, [NextPageTemplate("t1"), Label([(text, S.body, None)])],
              frames=[(50, 600, 400, 100), (50, 60, 200, PAGE_H - 120)])
    assert pages_of(path) >= 2
    assert squeezed(pdftotext(path)) == squeezed(text)


@pytest.mark.parametrize("align", ["RIGHT", "CENTER"])
def test_label_alignment(tmp_path: Path, align: str) -> None:
    left, width = 80.0, 250.0
    path = tmp_path / f"{align}.pdf"
    build_pdf(path, [Label([(LONG_ZH, S.body, None), (LONG_EN, S.small, None)], align=align)],
              frames=[(left, 60, width, PAGE_H - 120)])
    lines = boxes(path, "line")
    assert len(lines) >= 8
    for line in lines:
        if align == "RIGHT":
            assert line.x_max == pytest.approx(left + width, abs=0.05), line
        else:
            assert (line.x_min + line.x_max) / 2 == pytest.approx(left + width / 2, abs=0.05), line


def test_columns_put_flowables_side_by_side_and_stack_them(tmp_path: Path) -> None:
    left = 50.0
    widths = [200.0, 20.0, 250.0]
    path = tmp_path / "columns.pdf"
    columns = Columns([[Label([("左上 LEFT-TOP", S.body, None)]), Label([("左下 LEFT-BOTTOM", S.body, None)])], None,
                       [Label([(LONG_EN, S.body, None)])]], widths, indent=[0, 0, 6], rule_before=[2])
    build_pdf(path, [columns], frames=[(left, 60, sum(widths), PAGE_H - 120)])
    words = {w.text: w for w in boxes(path)}
    assert words["LEFT-TOP"].y_max <= words["LEFT-BOTTOM"].y_min + EPS        # stacked, first on top
    assert words["左上"].x_min == pytest.approx(left, abs=0.05)
    right_start = min(w.x_min for w in boxes(path) if w.text == LONG_EN.split()[0])
    assert right_start == pytest.approx(left + widths[0] + widths[1] + 6, abs=0.05)
    right_words = [w for w in boxes(path) if w.x_min > left + widths[0]]
    assert max(w.x_max for w in right_words) <= left + sum(widths) + 0.05
    assert squeezed(" ".join(w.text for w in right_words)) == squeezed(LONG_EN)


# ---------------------------------------------------------------- Grid


def grid_rows(count: int) -> list[list[str]]:
    header = ["编号 Code", "名称 Name", "数量 Qty", "金额 Amount"]
    return [header] + [[f"R{i:03d}", f"商品{i:03d}号", f"{i * 37 + 1000:,}", f"{i * 1234.5 + 0.25:,.2f}"]
                       for i in range(count)]


WIDTHS = [90.0, 180.0, 90.0, 120.0]
LOOK = GridLook(S.cell, header_rows=1, header_rule=(0.9, BRAND), last_rule=(0.5, RULE), zebra=ZEBRA, right_from=2)


def build_grid_pdf(path: Path, rows: list[list[str]], before: float) -> RecordingCanvas:
    doc = build_pdf(path, [Spacer(1, before), Grid(rows, WIDTHS, LOOK)], canvasmaker=RecordingCanvas)
    return doc.canv  # type: ignore[no-any-return]


def test_a_long_grid_splits_repeats_its_header_and_keeps_zebra_and_alignment(tmp_path: Path) -> None:
    rows = grid_rows(60)
    first_page_rows = []
    for before in (300.0, 300.0 + S.cell.leading + 4.8):     # one body row fewer on page 1 the second time
        path = tmp_path / f"grid-{before:g}.pdf"
        canvas = build_grid_pdf(path, rows, before)
        pages = pages_of(path)
        assert pages >= 2
        full = pdftotext(path)
        for row in rows[1:]:
            assert full.count(row[0]) == 1 and full.count(row[1]) == 1, row
        for page in range(1, pages + 1):
            text = pdftotext(path, page)
            assert "编号" in text and "Amount" in text, page                   # the header on every page
        words = boxes(path)
        codes = [w for w in words if re.fullmatch(r"R\d{3}", w.text)]
        first_page_rows.append(sum(1 for w in codes if w.page == 1))

        # right-aligned columns: every number (and the header) ends at the column's right edge less padding
        edges = [50 + sum(WIDTHS[:i + 1]) - LOOK.padding[1] for i in range(len(WIDTHS))]
        expected_end = {row[2]: edges[2] for row in rows[1:]} | {row[3]: edges[3] for row in rows[1:]}
        expected_end |= {"Qty": edges[2], "Amount": edges[3]}
        checked = 0
        for word in words:
            if word.text in expected_end:
                assert word.x_max == pytest.approx(expected_end[word.text], abs=0.05), word
                checked += 1
        assert checked == 2 * 60 + 2 * pages
        # left-aligned columns start at the column's left edge plus padding
        for word in codes:
            assert word.x_min == pytest.approx(50 + LOOK.padding[0], abs=0.05), word

        # zebra: every second body row, counted over the whole table, is shaded, across the split too
        zebra = [r for r in canvas.filled if r[5] == ZEBRA]
        shaded = set()
        for page, x, y, w, h, _colour in zebra:
            assert x == pytest.approx(50) and w == pytest.approx(sum(WIDTHS))
            top, bottom = PAGE_H - (y + h), PAGE_H - y
            shaded |= {c.text for c in codes if c.page == page and top < (c.y_min + c.y_max) / 2 < bottom}
        assert shaded == {f"R{i:03d}" for i in range(1, 60, 2)}
        assert len(zebra) == 30
    assert {n % 2 for n in first_page_rows} == {0, 1}    # one of the two splits would show a restarted zebra


def test_grid_split_parts(tmp_path: Path) -> None:
    canvas = canvas_for(tmp_path)
    rows = grid_rows(20)
    grid = Grid(rows, WIDTHS, LOOK)
    _w, total = grid.wrapOn(canvas, sum(WIDTHS), 10_000)
    row_height = S.cell.leading + LOOK.padding[2] + LOOK.padding[3]
    assert total == pytest.approx(21 * row_height)
    assert grid.splitOn(canvas, sum(WIDTHS), 1.5 * row_height) == []        # the header alone is no split
    assert grid.splitOn(canvas, sum(WIDTHS), total) == []
    first, rest = grid.splitOn(canvas, sum(WIDTHS), 8.5 * row_height)
    assert first.rows == rows[:8] and rest.rows == [rows[0], *rows[8:]]
    assert first.wrapOn(canvas, sum(WIDTHS), 10_000)[1] <= 8.5 * row_height
    assert (first.zebra_from, rest.zebra_from) == (0, 7)
    again_first, again_rest = rest.splitOn(canvas, sum(WIDTHS), 4 * row_height)
    assert again_rest.rows == [rows[0], *rows[11:]]
    assert (again_first.zebra_from, again_rest.zebra_from) == (7, 10)


class CountingLabel(Label):
    """A Label that counts how often it is measured."""

    measured = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        CountingLabel.measured += 1
        return super().wrap(available_width, available_height)


def test_a_long_grid_measures_each_row_once_however_often_it_splits(tmp_path: Path) -> None:
    """The catalogue's index is one grid of thousands of codes split once per column: the parts keep the
    heights already measured (measuring every remaining row again at each split made it quadratic), in
    frames whose width differs in the last decimal place too."""
    rows = [[CountingLabel([(f"XZ-{i:04d}", S.cell, None)]), str(i)] for i in range(400)]
    widths = [150.0, 30.0]
    grid = Grid(rows, widths, GridLook(S.cell, valign="TOP"))
    canvas = canvas_for(tmp_path)
    CountingLabel.measured = 0
    _w, total = grid.wrapOn(canvas, 180.0, 10_000)
    parts, rest = [], grid
    while True:
        pieces = rest.splitOn(canvas, 180.0 + len(parts) * 1e-13, 200.0)
        if not pieces:
            break
        first, rest = pieces
        parts.append(first)
    parts.append(rest)
    assert CountingLabel.measured == len(rows)
    assert len(parts) > 10 and [r for part in parts for r in part.rows] == rows
    assert sum(part.wrapOn(canvas, 180.0, 10_000)[1] for part in parts) == pytest.approx(total)
    assert CountingLabel.measured == len(rows)


def test_grid_hairlines_follow_column_spans_and_skip_empty_halves(tmp_path: Path) -> None:
    look = GridLook(S.cell, row_rule=(0.4, RULE), row_rule_spans=((0, 1), (3, 4)))
    widths = [40.0, 60.0, 10.0, 40.0, 60.0]
    rows = [["a", "1", "", "b", "2"],
            ["c", "3", "", "", ""],      # right half empty: no hairline under it
            ["", "", "", "", ""],        # a blank row: none at all
            ["", "", "", "d", "4"]]      # left half empty
    path = tmp_path / "rules.pdf"
    doc = build_pdf(path, [Grid(rows, widths, look)], frames=[(0, 60, 300, PAGE_H - 120)],
                    canvasmaker=RecordingCanvas)
    lines = sorted(doc.canv.lines, key=lambda r: -r[2])   # type: ignore[attr-defined]
    spans_by_y: dict[float, list[tuple[float, float]]] = {}
    for _page, x1, y1, x2, y2 in lines:
        assert y1 == pytest.approx(y2)
        spans_by_y.setdefault(round(y1, 3), []).append((x1, x2))
    assert list(spans_by_y.values()) == [[(0, 100), (110, 210)], [(0, 100)], [(110, 210)]]


# ---------------------------------------------------------------- JpegImage


def jpeg(colour: tuple[int, int, int], size: tuple[int, int]) -> bytes:
    """A picture as the print pipeline makes them (app.services.catalogue.images.derived_image)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return derived_image(buffer.getvalue(), max(size)).data


def png(colour: tuple[int, int, int], size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def image_list(path: Path) -> list[dict[str, str]]:
    lines = run("pdfimages", "-list", str(path)).splitlines()
    names = lines[0].split()
    return [dict(zip(names, line.split(), strict=False)) for line in lines[2:]]


def test_jpegs_are_embedded_as_they_are_once_per_document(tmp_path: Path) -> None:
    red, green = jpeg((200, 30, 30), (160, 120)), jpeg((30, 160, 60), (90, 150))
    path = tmp_path / "pictures.pdf"
    story = [JpegImage(red, 100, 75), JpegImage(green, 60, 100), JpegImage(red, 40, 30), PageBreak(),
             JpegImage(red, 200, 150)]
    build_pdf(path, story)
    listed = image_list(path)
    assert len(listed) == 4
    assert {row["enc"] for row in listed} == {"jpeg"}
    reds = [row for row in listed if (row["width"], row["height"]) == ("160", "160")]
    assert len(reds) == 3 and len({row["object"] for row in reds}) == 1 and {r["page"] for r in reds} == {"1", "2"}
    assert len({row["object"] for row in listed}) == 2
    subprocess.run(["pdfimages", "-j", str(path), str(tmp_path / "out")], check=True)
    assert {p.read_bytes() for p in tmp_path.glob("out-*.jpg")} == {red, green}      # the very same bytes


def test_jpegs_are_not_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Embedding a JPEG needs none of its pixels (decoding them was the cost JpegImage removes)."""
    from PIL import ImageFile

    picture = jpeg((200, 30, 30), (160, 120))

    def refuse(self: Any, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("a JPEG was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    path = tmp_path / "undecoded.pdf"
    build_pdf(path, [JpegImage(picture, 100, 100), JpegImage(picture, 50, 50)])
    assert [row["enc"] for row in image_list(path)] == ["jpeg", "jpeg"]


def test_a_png_falls_back_to_drawing_it(tmp_path: Path) -> None:
    path = tmp_path / "png.pdf"
    picture = png((20, 40, 220), (40, 30))
    build_pdf(path, [JpegImage(picture, 200, 150), JpegImage(picture, 20, 15)])
    listed = image_list(path)
    assert listed and all(row["enc"] != "jpeg" for row in listed)
    assert {(row["width"], row["height"]) for row in listed} == {("40", "30")}
    subprocess.run(["pdftoppm", "-r", "36", "-png", "-singlefile", str(path), str(tmp_path / "png")], check=True)
    rendered = Image.open(tmp_path / "png.png").convert("RGB")
    blue = sum(count for count, (r, g, b) in rendered.getcolors(1 << 20) or [] if b > 180 and r < 60 and g < 80)
    assert blue >= 0.8 * (200 / 2) * (150 / 2)         # the picture is drawn at its size (36 dpi: half a point)


# ---------------------------------------------------------------- _Table one-line text cells


def test_table_text_cells(tmp_path: Path) -> None:
    left, widths = 50.0, [150.0, 100.0, 120.0]
    data = [["名称 Name", "数量 Qty", "金额 Amount"],
            ["第一行 ALPHA", "1,250", "3,456.78"],
            ["两行单元格\nsecond-line", "12\n345", "9.99"],
            ["最后 OMEGA", "7", "0.50"]]
    path = tmp_path / "table.pdf"
    build_pdf(path, [table(data, widths, grid_style(numeric_from=1))], frames=[(left, 60, sum(widths), 700)])
    text = pdftotext(path)
    for row in data:
        for cell in row:
            for part in cell.split("\n"):
                assert squeezed(part) in squeezed(text), part
    words = {w.text: w for w in boxes(path)}
    right_edge = [left + sum(widths[:i + 1]) - CELL_PADDING for i in range(3)]
    for value in ("1,250", "12", "345", "7", "Qty"):            # one-line cells and the fallback's lines
        assert words[value].x_max == pytest.approx(right_edge[1], abs=0.05), value
    for value in ("3,456.78", "9.99", "0.50", "Amount"):
        assert words[value].x_max == pytest.approx(right_edge[2], abs=0.05), value
    for value in ("第一行", "两行单元格", "second-line", "最后"):
        assert words[value].x_min == pytest.approx(left + CELL_PADDING, abs=0.05), value
    assert words["second-line"].y_min >= words["两行单元格"].y_max - EPS       # "\n": two lines, one under the other
    assert words["345"].y_min >= words["12"].y_max - EPS
    # the shared text object is drawn after the zebra backgrounds, so the text stays on top
    from pypdf import PdfReader

    stream = PdfReader(str(path)).pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    zebra = " ".join(f"{c:.6f}".rstrip("0").lstrip("0") for c in ZEBRA.rgb()) + " rg"
    assert zebra in stream
    assert stream.rindex(zebra) < stream.index("(3,456.78) Tj")


# ---------------------------------------------------------------- a spec sheet never overflows


LONG_URL = ("https://www.xingzhe-factory.example.com/catalogue/2026/drinkware/XZ-LG-PC01-vacuum-flask-500ml"
            "?utm_source=spec")
MIXED_ZH = ("采用食品级304不锈钢（SUS304）内胆与真空双层结构，保温保冷12小时以上；详见" + LONG_URL +
            "。Supercalifragilisticexpialidocious-compatible 杯盖，一键弹开、单手操作！适用于办公室、户外、旅行等场景，"
            "订购请联系我们：sales@xingzhe-factory.example.com。")
MIXED_EN = ("Food-grade 304 stainless steel (SUS304) inner wall and a double-wall vacuum keep drinks hot or cold for "
            "12+ hours; details at " + LONG_URL + ". The one-touch lid is "
            "Pneumonoultramicroscopicsilicovolcanoconiosis-"
            "proof and opens with one hand.")


def long_product() -> PublicProduct:
    pictures = [PublicImage(jpeg(colour, (200, 160)), 200, 200, "main") for colour in
                ((200, 30, 30), (30, 160, 60), (30, 60, 200), (220, 180, 20))]
    skus = tuple(PublicSku(code=f"XZ-LG-PC01-{colour}-500ML-EXPORT-VERSION-2026-{n}",
                           options=(("color", f"{zh} {colour}-with-a-very-long-finish-name"),),
                           gtin=complete_gtin(f"69705480{n:04d}"), weight_g=380 + n, length_mm=75, width_mm=75,
                           height_mm=240)
                 for n, (zh, colour) in enumerate((("曜石黑", "ObsidianBlack"), ("珍珠白", "PearlWhite"),
                                                   ("薄荷绿", "MintGreen"))))
    return PublicProduct(
        code="XZ-LG-PC01", name_zh="超长名称真空保温杯" * 4, name_en="Extra Long Name Vacuum Flask " * 3,
        brand="行者 Xingzhe", category_zh="水杯", category_en="Drinkware", has_size_chart=False,
        description_zh=MIXED_ZH * 2, description_en=MIXED_EN * 2,
        selling_points_zh=(MIXED_ZH, "真空双层" + LONG_URL, "一键弹开"),
        selling_points_en=(MIXED_EN, "Double wall " + LONG_URL, "One-touch lid"),
        materials="不锈钢 304（" + LONG_URL + "） / Stainless steel 304 " + LONG_URL,
        attributes=tuple(PublicAttribute(f"参数{i}名称很长很长", f"Parameter {i} with a long name",
                                         MIXED_ZH[: 20 + 9 * i], MIXED_EN[: 30 + 11 * i]) for i in range(5)),
        axes=(PublicAxis("color", "颜色", "Colour"),), skus=skus,
        certificates=(PublicCertificate("食品接触材料检测报告 / Food contact materials test report " * 2,
                                        "SGS-" + "0123456789" * 4, "SGS 通标标准技术服务有限公司 " + LONG_URL,
                                        date(2025, 1, 1), date(2099, 1, 1), "all"),),
        images=tuple(pictures), currency="CNY", version=3)


@pytest.mark.parametrize("lang", ["both", "zh", "en"])
def test_nothing_on_a_spec_sheet_overflows_its_margins(tmp_path: Path, lang: str) -> None:
    factory = PublicFactory(name_zh="行者工厂", name_en="Xingzhe Factory", brand_en="Xingzhe",
                            address_zh="浙江省永康市" + "经济开发区工业大道" * 6, address_en="Industrial Avenue " * 8,
                            phone="+86 579 0000 0000", email="sales@xingzhe.example", website="https://xingzhe.example",
                            moq=500, lead_time_days=25)
    result = write_spec_sheet(long_product(), factory, tmp_path / "sheet.pdf", lang=lang,
                              qr_url=LONG_URL + "&page=" + "x" * 40)
    path = result.path
    right, left = PAGE_W - MARGIN_X, MARGIN_X
    words = boxes(path)
    assert len(words) > 200
    outside = [w for w in words if w.x_max > right + 0.05 or w.x_min < left - 0.05]
    assert not outside, outside[:5]
    text = squeezed(pdftotext(path))
    for expected in {"zh": [MIXED_ZH], "en": [MIXED_EN], "both": [MIXED_ZH, MIXED_EN]}[lang]:
        assert squeezed(expected) in text                                  # the long texts are all there
    # and on the rendered pages, nothing at all is drawn in the side margins (1 px = 1 pt at 72 dpi)
    for page in range(1, result.pages + 1):
        prefix = tmp_path / f"page-{page}"
        subprocess.run(["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-png", "-singlefile",
                        str(path), str(prefix)], check=True)
        image = Image.open(prefix.with_suffix(".png")).convert("L")
        margin_right = image.crop((int(right) + 2, 0, image.width, image.height))
        margin_left = image.crop((0, 0, int(left) - 2, image.height))
        assert margin_right.getextrema()[0] >= 250 and margin_left.getextrema()[0] >= 250, page


def test_no_break_spaces_keep_a_number_with_its_unit() -> None:
    from app.services.documents.line_breaking import break_lines

    def measure(text: str) -> float:
        return float(len(text))

    lines = break_lines("weight 100\u00a0mm and 2\u202fkg", 10, measure)
    assert any("100\u00a0mm" in line for line in lines) and any("2\u202fkg" in line for line in lines)
    assert not any(line.endswith("100") for line in lines)


def test_a_barcode_row_is_never_split_from_its_captions() -> None:
    import io

    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Spacer

    from app.services.documents.flowables import Label
    from app.services.documents.styles import styles
    from app.services.documents.tables import Columns

    canvas = Canvas(io.BytesIO())
    caption = Label([("SKU-1", styles().caption, None)])
    row = Columns([[Spacer(1, 40), caption]], [100], splittable=False)
    row.wrapOn(canvas, 100, 1000)
    assert row.splitOn(canvas, 100, 45) == []
    ordinary = Columns([[Spacer(1, 40), Label([("SKU-1", styles().caption, None)])]], [100])
    ordinary.wrapOn(canvas, 100, 1000)
    assert len(ordinary.splitOn(canvas, 100, 45)) == 2   # an ordinary row of columns does split


@pytest.mark.parametrize("lang", ["both", "en"])
def test_text_longer_than_a_page_flows_on_in_every_block(tmp_path: Path, lang: str) -> None:
    """An attribute value, a description or selling points taller than a whole page go on over the next pages
    (a Grid row is cut between its lines; side-by-side columns split each at the same height)."""
    from dataclasses import replace

    huge_zh, huge_en = "很长的参数值，" * 1500, "a very long attribute value " * 700
    product = long_product()
    attribute = replace(product.attributes[0], value_zh=huge_zh, value_en=huge_en)
    product = replace(product, attributes=(attribute, *product.attributes[1:]),
                      description_zh="很长的介绍。" * 1500, description_en="A long description. " * 800,
                      selling_points_zh=("很长的卖点，" * 300,) * 4, selling_points_en=("long point " * 150,) * 4)
    factory = PublicFactory(name_zh="行者工厂", name_en="Xingzhe Factory", website="https://xingzhe.example")
    result = write_spec_sheet(product, factory, tmp_path / "long.pdf", lang=lang)
    assert result.pages > 5
    text = squeezed(pdftotext(result.path))
    # every repetition is printed (page breaks put letterheads between pieces, so count, don't match whole)
    assert text.count("attribute") == 700
    if lang == "both":
        assert text.count("参数值") >= 1500 - result.pages   # at most one cut by a page break per page
