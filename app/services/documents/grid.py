"""A lean data table for printed documents: rows of cells in fixed-width columns, split between rows.

ReportLab's `Table` does far more (spans, per-cell style commands, nested tables, rounded corners) and
pays for it on every table: a spec sheet's five small tables cost about as much as all its text. A `Grid`
does what the house style needs and no more:

- cells are one-line strings (drawn in `look.text`; the caller keeps them within the column, see
  `tables.text_cell`) or flowables such as `flowables.Label` (wrapped at the column's inner width);
- padding, vertical alignment (body rows; header rows sit on their bottom), right-aligned columns from
  `look.right_from`;
- zebra body rows, a rule under the header, hairlines under body rows (optionally only some column spans),
  a hairline under the last row;
- a grid taller than the space left splits between rows and repeats its header rows on the next page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.services.documents.flowables import BoldParagraph, Label, TextState
from app.services.documents.tables import split_stack

CellValue = str | Flowable | Sequence[Flowable]
#: A row taller than this (points) is cut between its lines when it doesn't fit; shorter rows move whole.
TALL_ROW = 150.0
Rule = tuple[float, colors.Color]


@dataclass(frozen=True)
class GridLook:
    """How a grid looks; see the module docstring."""

    text: ParagraphStyle                         # font, size, leading and colour of string cells
    padding: tuple[float, float, float, float] = (3, 3, 2.4, 2.4)   # left, right, top, bottom
    valign: str = "MIDDLE"                       # "TOP" or "MIDDLE", for body rows
    header_rows: int = 0
    header_rule: Rule | None = None
    row_rule: Rule | None = None                 # under every body row …
    row_rule_spans: tuple[tuple[int, int], ...] = ()   # … only under these (first, last) columns; () = all
    last_rule: Rule | None = None
    zebra: colors.Color | None = None            # background of every second body row
    right_from: int | None = None                # columns from this one on are right-aligned
    muted_columns: tuple[int, ...] = ()          # string cells of these body columns in `muted`
    muted: colors.Color | None = None


class Grid(Flowable):
    """Rows of cells in columns of `widths`; see the module docstring."""

    def __init__(self, rows: Sequence[Sequence[CellValue]], widths: Sequence[float], look: GridLook,
                 *, zebra_from: int = 0) -> None:
        super().__init__()
        self.rows = [list(row) for row in rows]
        self.widths = list(widths)
        self.look = look
        self.zebra_from = zebra_from     # body rows already printed before this part (keeps the stripes)
        self._heights: list[float] | None = None   # measured once: rows depend on `widths`, not on the frame

    def _part(self, rows: list[list[CellValue]], heights: list[float] | None, zebra_from: int) -> Grid:
        """A piece of this grid after a split. `heights`: its rows' heights, already measured at the same
        width — a long grid (the catalogue's index of thousands of codes) is split once per page, and
        measuring every remaining row again at each split made it quadratic."""
        part = Grid(rows, self.widths, self.look, zebra_from=zebra_from)
        part._heights = heights
        return part

    # -- measuring

    def _cell_height(self, value: CellValue, width: float) -> float:
        if isinstance(value, str):
            return self.look.text.leading if value else 0.0
        items = [value] if isinstance(value, Flowable) else list(value)
        inner = width - self.look.padding[0] - self.look.padding[1]
        return sum(item.wrapOn(self.canv, inner, 0xFFFFFF)[1] for item in items)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = sum(self.widths), sum(self._row_heights())
        return self.width, self.height

    def _row_heights(self) -> list[float]:
        if self._heights is None:
            vertical = self.look.padding[2] + self.look.padding[3]
            self._heights = [max((self._cell_height(v, w) for v, w in zip(row, self.widths, strict=False)),
                                 default=0) + vertical
                             for row in self.rows]
        return self._heights

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        heights = self._row_heights()
        head = self.look.header_rows
        used, fits = 0.0, 0
        for height in heights:
            if used + height > available_height + 1e-6:
                break
            used += height
            fits += 1
        if fits >= len(self.rows) or fits < head:
            return []
        if heights[fits] > TALL_ROW:   # a row that may not fit any page: cut inside it
            halves = self._split_row(self.rows[fits], available_height - used)
            if halves is not None:   # the cut row's halves are new: measure these parts afresh
                first = self._part([*self.rows[:fits], halves[0]], None, self.zebra_from)
                rest = self._part([*self.rows[:head], halves[1], *self.rows[fits + 1:]], None,
                                  self.zebra_from + fits - head)
                return [first, rest]
        if fits == head:
            return []
        first = self._part(self.rows[:fits], heights[:fits], self.zebra_from)
        rest = self._part(self.rows[:head] + self.rows[fits:], heights[:head] + heights[fits:],
                          self.zebra_from + fits - head)
        return [first, rest]

    def _split_row(self, row: list[CellValue], room: float) -> tuple[list[CellValue], list[CellValue]] | None:
        """The row cut at `room` (padding included): each cell's flowables split at the same height (a long
        attribute value goes on over the next page), one-line strings kept on the first part. None when nothing
        of the row fits in `room`."""
        inner_height = room - self.look.padding[2] - self.look.padding[3]
        if inner_height < self.look.text.leading:
            return None
        first: list[CellValue] = []
        rest: list[CellValue] = []
        for value, width in zip(row, self.widths, strict=False):
            if isinstance(value, str):
                first.append(value)
                rest.append("")
                continue
            items = [value] if isinstance(value, Flowable) else list(value)
            inner_width = width - self.look.padding[0] - self.look.padding[1]
            fitting, left = split_stack(items, inner_width, inner_height, self.canv)
            first.append(fitting)
            rest.append(left)
        if not any(first) or not any(rest):
            return None
        return first, rest

    # -- drawing

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        tops = self._row_tops()
        self._draw_backgrounds(tops)
        self._draw_rules(tops)
        text, state = canvas.beginText(), TextState()
        for number, (row, top, height) in enumerate(zip(self.rows, tops, self._row_heights(), strict=False)):
            left = 0.0
            for column, (value, width) in enumerate(zip(row, self.widths, strict=False)):
                if isinstance(value, str):
                    self._draw_string(text, state, value, number, column, left, width, top, height)
                else:
                    self._draw_flowables(text, state, value, number, column, left, width, top, height)
                left += width
        canvas.setLineWidth(self.look.text.fontSize * BoldParagraph.weight)   # for bold labels (headings)
        canvas.drawText(text)
        canvas.restoreState()

    def _row_tops(self) -> list[float]:
        tops, top = [], self.height
        for height in self._row_heights():
            tops.append(top)
            top -= height
        return tops

    def _is_header(self, number: int) -> bool:
        return number < self.look.header_rows

    def _draw_backgrounds(self, tops: list[float]) -> None:
        if self.look.zebra is None:
            return
        canvas = self.canv
        canvas.setFillColor(self.look.zebra)
        for number, (top, height) in enumerate(zip(tops, self._row_heights(), strict=False)):
            body_index = self.zebra_from + number - self.look.header_rows
            if not self._is_header(number) and body_index % 2 == 1:
                canvas.rect(0, top - height, self.width, height, stroke=0, fill=1)

    def _draw_rules(self, tops: list[float]) -> None:
        look = self.look
        head = look.header_rows
        edges = [sum(self.widths[:i]) for i in range(len(self.widths) + 1)]
        spans = [(edges[a], edges[b + 1]) for a, b in look.row_rule_spans] or [(0.0, self.width)]
        for number, (top, height) in enumerate(zip(tops, self._row_heights(), strict=False)):
            bottom = top - height
            if number == head - 1 and look.header_rule:
                self._line(look.header_rule, [(0.0, self.width)], bottom)
            elif number >= head and look.row_rule and not self._blank_row(number):
                self._line(look.row_rule, spans, bottom, row=self.rows[number], edges=edges)
        if look.last_rule and len(self.rows) > head:
            self._line(look.last_rule, [(0.0, self.width)], 0.0)

    def _blank_row(self, number: int) -> bool:
        return all(value == "" for value in self.rows[number])

    def _line(self, rule: Rule, spans: list[tuple[float, float]], y: float, *, row: list[CellValue] | None = None,
              edges: list[float] | None = None) -> None:
        canvas = self.canv
        canvas.setStrokeColor(rule[1])
        canvas.setLineWidth(rule[0])
        for start, end in spans:
            if row is not None and edges is not None and self._span_empty(row, edges, start, end):
                continue   # no hairline under an empty half of a two-column spec table
            canvas.line(start, y, end, y)

    @staticmethod
    def _span_empty(row: list[CellValue], edges: list[float], start: float, end: float) -> bool:
        cells = [v for v, left in zip(row, edges, strict=False) if start <= left < end]
        return all(v == "" for v in cells)

    def _draw_string(self, text: Any, state: TextState, value: str, number: int, column: int, left: float,
                     width: float, top: float, height: float) -> None:
        if not value:
            return
        look = self.look
        style = look.text
        color = look.muted if (column in look.muted_columns and not self._is_header(number)) else style.textColor
        if state.mode != 0:
            text.setTextRenderMode(0)
            state.mode = 0
        state.use(text, style.fontName, style.fontSize, color or style.textColor)
        x = left + look.padding[0]
        if look.right_from is not None and column >= look.right_from:
            x = left + width - look.padding[1] - stringWidth(value, style.fontName, style.fontSize)
        text.setTextOrigin(x, self._content_top(number, top, height, style.leading) - style.fontSize)
        text.textOut(value)

    def _content_top(self, number: int, top: float, height: float, content: float) -> float:
        look = self.look
        if self._is_header(number):
            return top - height + look.padding[3] + content
        if look.valign == "TOP":
            return top - look.padding[2]
        inner_top, inner_bottom = top - look.padding[2], top - height + look.padding[3]
        return (inner_top + inner_bottom + content) / 2

    def _draw_flowables(self, text: Any, state: TextState, value: Flowable | Sequence[Flowable], number: int,
                        column: int, left: float, width: float, top: float, height: float) -> None:
        items = [value] if isinstance(value, Flowable) else list(value)
        look = self.look
        inner = width - look.padding[0] - look.padding[1]
        sizes = [item.wrapOn(self.canv, inner, 0xFFFFFF) for item in items]
        y = self._content_top(number, top, height, sum(h for _w, h in sizes))
        for item, (item_width, item_height) in zip(items, sizes, strict=False):
            y -= item_height
            x = left + look.padding[0]
            if look.right_from is not None and column >= look.right_from:
                x = left + width - look.padding[1] - item_width
            if type(item) is Label:
                item.emit(text, state, x, y)
            else:
                item.drawOn(self.canv, x, y)


__all__ = ["Grid", "GridLook"]
