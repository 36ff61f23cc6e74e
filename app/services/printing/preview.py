"""Render a written PDF's pages to images (pypdfium2, no Qt): the Print page's preview and its printing.

We ship PySide6-Essentials, which has no QtPdf; pypdfium2 (PDFium, the engine in Chrome) is a small wheel on
Windows and Linux. The views turn the returned PIL images into QImages. PDFium is not thread-safe, so every
call here holds one lock: previews and print jobs from the task pool never render at the same time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

_LOCK = threading.Lock()
POINTS_PER_INCH = 72


def page_count(path: str | Path) -> int:
    """How many pages the PDF at `path` has."""
    with _LOCK:
        document = pdfium.PdfDocument(str(path))
        try:
            return len(document)
        finally:
            document.close()


def render_pages(path: str | Path, dpi: float = 96, *, first: int = 0, last: int | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> list[Image.Image]:
    """Pages `first`..`last` (inclusive; all when None) of the PDF at `path` as RGB images at `dpi`.

    An A4 page at 96 dpi is 794 × 1123 pixels. `progress(done, total)` after each page; `cancelled()` is
    asked before each page and stops early, returning the pages rendered so far.
    """
    scale = dpi / POINTS_PER_INCH
    images: list[Image.Image] = []
    with _LOCK:
        document = pdfium.PdfDocument(str(path))
        try:
            end = len(document) - 1 if last is None else min(last, len(document) - 1)
            total = max(end - first + 1, 0)
            for number in range(first, end + 1):
                if cancelled is not None and cancelled():
                    break
                page = document[number]
                try:
                    bitmap = page.render(scale=scale)
                    try:
                        images.append(bitmap.to_pil().convert("RGB"))
                    finally:
                        bitmap.close()
                finally:
                    page.close()
                if progress is not None:
                    progress(len(images), total)
        finally:
            document.close()
    return images


def render_page(path: str | Path, number: int = 0, dpi: float = 96) -> Image.Image:
    """One page (0-based) of the PDF at `path` as an RGB image at `dpi`."""
    pages = render_pages(path, dpi, first=number, last=number)
    if not pages:
        raise IndexError(f"{path} has no page {number + 1}")
    return pages[0]
