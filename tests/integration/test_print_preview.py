"""The print preview renderer (pypdfium2, no Qt): a generated spec sheet's first page becomes a real image."""

from __future__ import annotations

import threading
from contextlib import closing
from pathlib import Path

import pytest
from PIL import Image

from app.services.documents import preview
from app.services.documents.preview import (
    iter_pages,
    page_count,
    render_page,
    render_pages,
)
from app.services.documents.spec_sheet import build_spec_sheet
from app.services.workspace import demo
from app.services.workspace.demo import create_demo_workspace

A4_MM = (210, 297)


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("preview")
    workspace = create_demo_workspace(folder / "demo.fdw")
    try:
        result = build_spec_sheet(workspace, demo.PRODUCTS[0].code, folder / "sheet.pdf", lang="both")
    finally:
        workspace.close()
    return result.path


def _expected(dpi: float) -> tuple[int, int]:
    return tuple(round(mm / 25.4 * dpi) for mm in A4_MM)  # type: ignore[return-value]


def test_page_one_renders_at_the_asked_resolution_and_is_not_blank(sheet: Path) -> None:
    image = render_page(sheet, 0, dpi=72)
    assert isinstance(image, Image.Image)
    assert image.mode == "RGB"
    width, height = image.size
    expected_w, expected_h = _expected(72)
    assert abs(width - expected_w) <= 2 and abs(height - expected_h) <= 2
    extrema = image.convert("L").getextrema()
    assert extrema[0] < 128, "page 1 is blank"
    dark = sum(image.convert("L").histogram()[:200])
    assert dark > width * height * 0.005, "page 1 has almost no ink"


def test_resolution_scales_the_image(sheet: Path) -> None:
    small, large = render_page(sheet, 0, dpi=50), render_page(sheet, 0, dpi=100)
    assert abs(large.size[0] - 2 * small.size[0]) <= 2


def test_every_page_is_rendered_with_progress_and_cancel(sheet: Path) -> None:
    total = page_count(sheet)
    assert total >= 1
    seen: list[tuple[int, int]] = []
    pages = render_pages(sheet, 30, progress=lambda done, count: seen.append((done, count)))
    assert len(pages) == total and seen[-1] == (total, total)
    assert render_pages(sheet, 30, cancelled=lambda: True) == []
    with pytest.raises(IndexError):
        render_page(sheet, total, dpi=30)


def test_iter_pages_hands_out_one_page_at_a_time_without_holding_the_lock(sheet: Path) -> None:
    total = page_count(sheet)
    assert total >= 2
    pages = iter_pages(sheet, 30)
    first = next(pages)
    assert first.mode == "RGB" and first.size == render_page(sheet, 0, dpi=30).size
    # Suspended between pages, the iterator holds no lock: another thread (a preview) renders meanwhile.
    counted: list[int] = []
    other = threading.Thread(target=lambda: counted.append(page_count(sheet)))
    other.start()
    other.join(10)
    assert counted == [total], "the PDFium lock was held across a yield"
    rest = list(pages)
    assert len(rest) == total - 1
    assert [image.size for image in rest] == [image.size for image in render_pages(sheet, 30)[1:]]


def test_iter_pages_stops_on_cancel_and_closes_early(sheet: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = iter([False, True])
    assert len(list(iter_pages(sheet, 30, cancelled=lambda: next(asked)))) == 1
    assert list(iter_pages(sheet, 30, first=1, last=1)) and not list(iter_pages(sheet, 30, first=99))
    closed: list[object] = []
    real = preview.pdfium.PdfDocument

    class Watched(real):  # type: ignore[misc, valid-type]
        def close(self) -> None:
            closed.append(self)
            super().close()

    monkeypatch.setattr(preview.pdfium, "PdfDocument", Watched)
    with closing(iter_pages(sheet, 30)) as pages:
        next(pages)
        assert not closed
    assert len(closed) == 1, "closing the iterator early closes the document"
