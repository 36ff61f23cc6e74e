"""Tables and column layouts of the printed documents: `Columns`, `Framed`, `split_stack`, the data table with
one-line text cells, and the grid style every data table shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from app.services.documents.flowables import BoldParagraph, Label, TextState
from app.services.documents.fonts import register_fonts
from app.services.documents.styles import BRAND, INK, RULE, ZEBRA

# ---------------------------------------------------------------- tables


Cell = Flowable | Sequence[Flowable] | None


class Columns(Flowable):
    """Flowables side by side in columns of fixed widths, each column's flowables stacked from the top.

    What a one-row layout Table does, without its style machinery, which cost more than the content on a
    spec sheet. Spacing between stacked flowables follows their spaceBefore/spaceAfter as in a table cell;
    `align` per column ("LEFT" or "CENTER"); `indent` per column is left padding; `rule_before` draws a
    hairline on the left edge of those columns. Taller than the space left, the columns split each at the
    same height (see `split`) unless `splittable` is False (a barcode row: symbol and caption stay together).
    """

    def __init__(self, cells: Sequence[Cell], widths: Sequence[float], *, align: Sequence[str] | None = None,
                 indent: Sequence[float] | None = None, rule_before: Sequence[int] = (),
                 splittable: bool = True) -> None:
        super().__init__()
        self.splittable = splittable
        self.cells = [_stacked(cell) for cell in cells]
        self.widths = list(widths)
        self.align = list(align or ["LEFT"] * len(self.cells))
        self.indent = list(indent or [0.0] * len(self.cells))
        self.rule_before = tuple(rule_before)
        self._sizes: list[list[tuple[float, float]]] = []
        self._wrapped_at: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_at != available_width:
            self._sizes = [[item.wrapOn(self.canv, width - indent, available_height) for item in cell]
                           for cell, width, indent in zip(self.cells, self.widths, self.indent, strict=False)]
            self._wrapped_at = available_width
            self.height = max((self._column_height(n) for n in range(len(self.cells))), default=0)
        self.width = sum(self.widths)
        return self.width, self.height

    def _column_height(self, number: int) -> float:
        cell, sizes = self.cells[number], self._sizes[number]
        if not cell:
            return 0
        total = sum(h + item.getSpaceBefore() + item.getSpaceAfter()
                    for item, (_w, h) in zip(cell, sizes, strict=False))
        return total - cell[0].getSpaceBefore() - cell[-1].getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Each column cut at `available_height` (between its flowables, or inside a splittable one such as a
        long Label): a description or a list of selling points taller than a page goes on over the next."""
        if not self.splittable:
            return []
        firsts: list[list[Flowable]] = []
        rests: list[list[Flowable]] = []
        for cell, width, indent in zip(self.cells, self.widths, self.indent, strict=False):
            fitting, rest = split_stack(cell, width - indent, available_height, self.canv)
            firsts.append(fitting)
            rests.append(rest)
        if not any(firsts) or not any(rests):
            return []
        return [self._with_cells(firsts), self._with_cells(rests)]

    def _with_cells(self, cells: Sequence[Cell]) -> Columns:
        """Columns laid out as these, holding `cells`."""
        return Columns(cells, self.widths, align=self.align, indent=self.indent, rule_before=self.rule_before)

    def draw(self) -> None:
        canvas = self.canv
        text, state = canvas.beginText(), TextState()   # the labels' lines, drawn in one go at the end
        bold_size = 0.0
        left = 0.0
        for number, (cell, width) in enumerate(zip(self.cells, self.widths, strict=False)):
            if number in self.rule_before:
                canvas.saveState()
                canvas.setStrokeColor(RULE)
                canvas.setLineWidth(0.4)
                canvas.line(left, 0, left, self.height)
                canvas.restoreState()
            top = self.height + (cell[0].getSpaceBefore() if cell else 0)
            for item, (item_width, item_height) in zip(cell, self._sizes[number], strict=False):
                top -= item.getSpaceBefore() + item_height
                x = left + self.indent[number]
                if self.align[number] == "CENTER":
                    x = left + (width - item_width) / 2
                if type(item) is Label:
                    item.emit(text, state, x, top)
                    bold_size = max(bold_size, item.lines[0][1].fontSize if item.bold and item.lines else 0)
                else:
                    item.drawOn(canvas, x, top)
                top -= item.getSpaceAfter()
            left += width
        canvas.saveState()
        canvas.setLineWidth(bold_size * BoldParagraph.weight)
        canvas.drawText(text)
        canvas.restoreState()


def _stacked(cell: Cell) -> list[Flowable]:
    """A column's flowables, top to bottom: none, one, or the sequence given."""
    if cell is None:
        return []
    if isinstance(cell, Flowable):
        return [cell]
    return list(cell)


def split_stack(items: list[Flowable], width: float, height: float,
                canvas: Canvas) -> tuple[list[Flowable], list[Flowable]]:
    """`items` stacked in a column `width` wide, cut into what fits in `height` and what is left."""
    used = 0.0
    for index, item in enumerate(items):
        space = item.getSpaceBefore() if index else 0.0
        _w, item_height = item.wrapOn(canvas, width, height)
        if used + space + item_height <= height + 1e-6:
            used += space + item_height + item.getSpaceAfter()
            continue
        parts = item.splitOn(canvas, width, height - used - space) if height - used - space > 0 else []
        if len(parts) == 2:
            return [*items[:index], parts[0]], [parts[1], *items[index + 1:]]
        return items[:index], items[index:]
    return list(items), []


class Framed(Flowable):
    """`content` centred in a square of side `size` with a hairline frame (pictures on a spec sheet)."""

    def __init__(self, content: Flowable, size: float) -> None:
        super().__init__()
        self.content = content
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()
        width, height = self.content.wrapOn(canvas, self.width, self.height)
        self.content.drawOn(canvas, (self.width - width) / 2, (self.height - height) / 2)


class _Table(Table):
    """A Table that remembers its layout for a width it was already wrapped at, and draws its one-line text
    cells in one text object.

    Nested tables are wrapped again by every enclosing table, keep-together group and frame, and re-measured
    their cells each time; the layout depends only on the width (row heights come from the cells). ReportLab
    draws each text cell as a text object of its own (a data table has dozens); here one-line cells are
    collected into a single text object, drawn after the rules and backgrounds, so text stays on top.
    """

    _wrapped_at: float | None = None
    _text: Any = None                                   # the text object of the draw in progress
    _text_state: tuple[Any, ...] = ()                   # its current font, size and colour
    _width: float                                       # Table's private layout, set by its wrap() (and
    _height: float                                      # not listed in ReportLab's stubs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        if self._wrapped_at == availWidth:
            return self._width, self._height
        result = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return result

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._wrapped_at = None
        return super().split(availWidth, availHeight)

    def setStyle(self, tblstyle: Any) -> None:  # noqa: N802, N803
        self._wrapped_at = None
        super().setStyle(tblstyle)

    def draw(self) -> None:
        self._text, self._text_state = None, ()
        super().draw()
        if self._text is not None:
            self.canv.drawText(self._text)
            self._text = None

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: tuple[float, float],  # noqa: N802 (ReportLab API)
                  size: tuple[float, float]) -> None:
        if not _one_line_text_cell(cellval, cellstyle):
            super()._drawCell(cellval, cellstyle, pos, size)  # type: ignore[misc]  # private: not in the stubs
            return
        if not cellval:
            return
        (column, row), (width, height) = pos, size
        font, font_size = cellstyle.fontname, cellstyle.fontsize
        if self._text is None:
            self._text = self.canv.beginText()
        if self._text_state[:2] != (font, font_size):
            self._text.setFont(font, font_size, cellstyle.leading)
        if self._text_state[2:] != (cellstyle.color,):
            self._text.setFillColor(cellstyle.color)
        self._text_state = (font, font_size, cellstyle.color)
        x = column + cellstyle.leftPadding
        if cellstyle.alignment == "RIGHT":
            x = column + width - cellstyle.rightPadding - stringWidth(cellval, font, font_size)
        y = {"BOTTOM": row + cellstyle.bottomPadding + cellstyle.leading - font_size,
             "TOP": row + height - cellstyle.topPadding - font_size,
             }.get(cellstyle.valign, row + (cellstyle.bottomPadding + height - cellstyle.topPadding
                                            + cellstyle.leading) / 2.0 - font_size)
        self._text.setTextOrigin(x, y)
        self._text.textOut(cellval)


def _one_line_text_cell(value: Any, style: Any) -> bool:
    """A cell `_Table` draws itself: one line of text, left or right aligned, no link, no special shaping."""
    return (isinstance(value, str) and "\n" not in value and style.alignment in ("LEFT", "RIGHT")
            and style.valign in ("BOTTOM", "TOP", "MIDDLE") and not style.href and not style.destination
            and not style.direction and not style.shaping)


def table(data: Sequence[list[Any] | tuple[Any, ...]], widths: Sequence[float] | None,
          commands: Sequence[tuple[Any, ...]] = (), **kw: Any) -> Table:
    """A Table whose cell font is the embedded one (ReportLab's default cell style selects Helvetica,
    which would put a non-embedded font in the PDF even when every cell holds a Paragraph)."""
    kw.setdefault("hAlign", "LEFT")
    result = _Table(data, colWidths=widths, **kw)
    result.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), register_fonts(), 8), *commands]))
    return result


CELL_PADDING = 3  # left and right padding of data-table cells (see grid_style)


def text_cell(text: str, width: float, style: ParagraphStyle) -> str | Label:
    """A data-table cell: plain text (drawn directly by the table, the cheapest) when it fits on one line of
    the column, else a wrapping Label. `text` is already guarded; the table must set the cell's font size,
    leading and colour to the style's (grid_style does for 8 pt ink)."""
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width - 2 * CELL_PADDING - 0.5:
        return text
    return Label([(text, style, None)])


def grid_style(header_rows: int = 1, numeric_from: int | None = None) -> list[tuple[Any, ...]]:
    """Data tables: a brand-colour rule under the header, zebra rows, hairline at the end, no verticals."""
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("TOPPADDING", (0, 0), (-1, -1), 2.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.4), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10.8), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.9, BRAND),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [None, ZEBRA]),
    ]
    if numeric_from is not None:
        commands.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    return commands


