"""Render a written PDF's pages to images (pypdfium2, no Qt): the Print page's preview and its printing.

We ship PySide6-Essentials, which has no QtPdf; pypdfium2 (PDFium, the engine in Chrome) is a small wheel on
Windows and Linux. The views turn the returned PIL images into QImages.

PDFium is not thread-safe: every call into it (open, count, render, close) holds one lock, so previews and
print jobs from the task pool never call it at the same time. The lock is held per call, never across a
`yield`: `iter_pages` hands a page to a caller that may spend seconds on it (a printer driver, a spooler, a
PDF printer compressing 26 MB of pixels), and holding the lock meanwhile would freeze every preview for the
whole print. Keeping a document open between calls is safe; only concurrent calls are not. The lock is
re-entrant so that an abandoned `iter_pages` generator, closed by the garbage collector on a thread that
already holds the lock, closes its document instead of deadlocking.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from contextlib import closing
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

_LOCK = threading.RLock()
POINTS_PER_INCH = 72


def page_count(path: str | Path) -> int:
    """How many pages the PDF at `path` has."""
    with _LOCK:
        document = pdfium.PdfDocument(str(path))
        try:
            return len(document)
        finally:
            document.close()


def _render(document: pdfium.PdfDocument, number: int, scale: float) -> Image.Image:
    """Page `number` as an RGB image that owns its pixels (call with the lock held)."""
    page = document[number]
    try:
        bitmap = page.render(scale=scale)
        try:
            image: Image.Image = bitmap.to_pil().convert("RGB")  # pypdfium2 has no type hints
            return image
        finally:
            bitmap.close()
    finally:
        page.close()


def iter_pages(path: str | Path, dpi: float = 96, *, first: int = 0, last: int | None = None,
               cancelled: Callable[[], bool] | None = None) -> Generator[Image.Image]:
    """Pages `first`..`last` (inclusive; all when None) of the PDF at `path`, one RGB image at a time.

    Only the page being handed out is held here: drop it before asking for the next one and a 1,000-page
    document never has more than one page in memory (an A4 page at 300 dpi is 2480 × 3508 × 3 = 26 MB).
    `cancelled()` is asked before each page and ends the iteration early. The lock is taken per page and
    released before each `yield` (see the module docstring). Close the iterator when stopping early
    (`contextlib.closing`, or let it go out of scope) so the document is closed at once.
    """
    scale = dpi / POINTS_PER_INCH
    with _LOCK:
        document = pdfium.PdfDocument(str(path))
    try:
        with _LOCK:
            count = len(document)
        end = count - 1 if last is None else min(last, count - 1)
        for number in range(first, end + 1):
            if cancelled is not None and cancelled():
                return
            with _LOCK:
                image = _render(document, number, scale)
            yield image
            del image   # not kept alive by this frame while the next page renders
    finally:
        with _LOCK:
            document.close()


def render_pages(path: str | Path, dpi: float = 96, *, first: int = 0, last: int | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> list[Image.Image]:
    """Pages `first`..`last` (inclusive; all when None) of the PDF at `path` as RGB images at `dpi`, all at once
    (the preview, which shows a few dozen pages at most; printing uses `iter_pages`).

    An A4 page at 96 dpi is 794 × 1123 pixels. `progress(done, total)` after each page; `cancelled()` is
    asked before each page and stops early, returning the pages rendered so far.
    """
    count = page_count(path)
    end = count - 1 if last is None else min(last, count - 1)
    total = max(end - first + 1, 0)
    images: list[Image.Image] = []
    with closing(iter_pages(path, dpi, first=first, last=last, cancelled=cancelled)) as pages:
        for image in pages:
            images.append(image)
            if progress is not None:
                progress(len(images), total)
    return images


def render_page(path: str | Path, number: int = 0, dpi: float = 96) -> Image.Image:
    """One page (0-based) of the PDF at `path` as an RGB image at `dpi`."""
    pages = render_pages(path, dpi, first=number, last=number)
    if not pages:
        raise IndexError(f"{path} has no page {number + 1}")
    return pages[0]
