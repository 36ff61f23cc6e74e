"""Barcodes and QR codes: EAN-13 from the GTIN (drawn only for a valid code) and QR codes drawn as vector
runs from the `qrcode` package's matrix (much faster than ReportLab's own widget, environment.md §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import qrcode
from reportlab.graphics.barcode import eanbc
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.models.gtin import is_valid_gtin
from app.services.documents.fonts import register_fonts
from app.services.documents.styles import INK

# ---------------------------------------------------------------- barcodes and QR codes


def ean_value(gtin: str) -> str | None:
    """The 13 digits an EAN-13 symbol encodes for `gtin` (GTIN-12/UPC-A gets its leading 0), or None when
    the GTIN can't be printed as EAN-13 (GTIN-8 and GTIN-14 need other symbols; a bad check digit must not be
    silently "corrected" by the barcode widget)."""
    gtin = gtin.strip()
    if not is_valid_gtin(gtin):
        return None
    if len(gtin) == 12:
        return "0" + gtin
    return gtin if len(gtin) == 13 else None


#: Module width (X dimension): 0.27 mm is 82% of the nominal 0.33 mm, inside GS1's 80–200% range; bars
#: 14 mm high (truncated, as on small packs), ample for hand-held scanners reading a printed sheet.
EAN_MODULE = 0.27 * mm
EAN_BAR_HEIGHT = 14 * mm


@dataclass(frozen=True)
class _Symbol:
    """An EAN-13 symbol reduced to what is drawn: bar rectangles and the human-readable digits."""

    width: float
    height: float
    bars: tuple[tuple[float, float, float, float], ...]
    digits: tuple[tuple[float, float, str, str], ...]      # x, y, text, anchor


@lru_cache(maxsize=4096)
def _ean13_symbol(value: str, module: float, bar_height: float) -> _Symbol:
    """ReportLab's EAN-13 widget laid out once, its shapes kept as plain numbers."""
    from reportlab.graphics.shapes import Rect, String

    widget = eanbc.Ean13BarcodeWidget(
        value[:12], barWidth=module, barHeight=bar_height, fontName=register_fonts(), fontSize=8,
        quiet=1, lquiet=11 * module, rquiet=7 * module, textColor=INK, barFillColor=colors.black)
    bars, digits = [], []
    for shape in widget.draw().contents:
        if isinstance(shape, Rect) and shape.fillColor is not None:
            bars.append((shape.x, shape.y, shape.width, shape.height))
        elif isinstance(shape, String):
            digits.append((shape.x, shape.y, shape.text, shape.textAnchor))
    return _Symbol(widget.width, widget.barHeight, tuple(bars), tuple(digits))


class Ean13(Flowable):
    """An EAN-13 barcode (GS1 quiet zones: 11 modules left, 7 right; digits in the embedded font), drawn as
    one filled path — ReportLab's graphics renderer took ~10 ms per symbol, this takes well under 1 ms."""

    def __init__(self, value: str, module: float = EAN_MODULE, bar_height: float = EAN_BAR_HEIGHT) -> None:
        super().__init__()
        self.ean_value = value  # what the symbol encodes, for callers and tests
        self.symbol = _ean13_symbol(value, module, bar_height)
        self.width, self.height = self.symbol.width, self.symbol.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for x, y, w, h in self.symbol.bars:
            path.rect(x, y, w, h)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(register_fonts(), 8)
        for x, y, text, anchor in self.symbol.digits:
            if anchor == "middle":
                canvas.drawCentredString(x, y, text)
            else:
                canvas.drawString(x, y, text)
        canvas.restoreState()


def ean13_drawing(gtin: str, module: float = EAN_MODULE, bar_height: float = EAN_BAR_HEIGHT) -> Ean13 | None:
    """An EAN-13 symbol flowable for `gtin`, or None when `ean_value` refuses the GTIN."""
    value = ean_value(gtin)
    return None if value is None else Ean13(value, module, bar_height)


@lru_cache(maxsize=128)
def qr_matrix(data: str, border: int = 4) -> tuple[tuple[bool, ...], ...]:
    """The modules of a QR code for `data` (error correction M), quiet zone included; computed once per URL
    (choosing the mask pattern is most of the cost)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


class QrCode(Flowable):
    """A QR code for `data`, drawn as vector runs (crisp at any resolution), quiet zone included."""

    def __init__(self, data: str, size: float, border: int = 4) -> None:
        super().__init__()
        self.data = data
        self.matrix = qr_matrix(data, border)
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        count = len(self.matrix)
        cell = self.size / count
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for row_index, row in enumerate(self.matrix):
            y = self.size - (row_index + 1) * cell
            column = 0
            while column < count:
                if row[column]:
                    start = column
                    while column < count and row[column]:
                        column += 1
                    path.rect(start * cell, y, (column - start) * cell, cell)
                else:
                    column += 1
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


