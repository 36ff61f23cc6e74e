"""The documents feature as one object for the Print page: built once per open workspace (`WorkspaceServices`),
handed to the page by its constructor, and replaced by a stand-in in tests (a refusing writer, a page counter)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from app.db import Workspace
from app.services.documents import preview
from app.services.documents.catalogue import build_catalogue
from app.services.documents.document import PrintResult
from app.services.documents.price_list import PriceListOptions, build_price_list
from app.services.documents.spec_sheet import build_spec_sheet, generate_sheets
from app.services.kernel.jobs import CancelCheck, Progress
from app.services.pricing import ChannelProfile

SPEC_SHEET, PRICE_LIST, CATALOGUE = "spec_sheet", "price_list", "catalogue"


@dataclass(frozen=True)
class DocumentRequest:
    """What to write: the document, its products (spec sheet: the first), language, paper, QR URL, channel,
    and (price lists) whether upper tiers are raised so that no quantity cliff is left."""

    document: str
    codes: tuple[str, ...]
    lang: str
    paper: str
    qr_url: str
    channel: str
    smooth_cliffs: bool = False


class DocumentService:
    """Spec sheets, price lists and catalogues of one workspace, and their pages as pictures."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def write(self, request: DocumentRequest, path: Path, profiles: Sequence[ChannelProfile],
              progress: Progress, cancelled: CancelCheck) -> PrintResult:
        """Write the document to `path`, atomically (runs in the task pool). Price lists price on `profiles`
        (the workspace's edited fee profiles)."""
        if request.document == SPEC_SHEET:
            return build_spec_sheet(self.workspace, request.codes[0], path, lang=request.lang, paper=request.paper,
                                    qr_url=request.qr_url, cancelled=cancelled)
        if request.document == PRICE_LIST:
            options = PriceListOptions(channel=request.channel, codes=request.codes,
                                       cliffs="remove" if request.smooth_cliffs else "warn")
            return build_price_list(self.workspace, path, lang=request.lang, paper=request.paper, options=options,
                                    profiles=profiles, progress=progress, cancelled=cancelled)
        return build_catalogue(self.workspace, path, lang=request.lang, paper=request.paper, codes=request.codes,
                               qr_url=request.qr_url, progress=progress, cancelled=cancelled)

    def write_sheets(self, codes: Sequence[str], folder: Path, lang: str, progress: Progress, cancelled: CancelCheck,
                     *, paper: str, qr_url: str | None) -> list[PrintResult]:
        """One spec sheet per product into `folder`."""
        return generate_sheets(self.workspace, codes, folder, lang, progress, cancelled, paper=paper, qr_url=qr_url)

    @staticmethod
    def page_count(path: Path) -> int:
        return preview.page_count(path)

    @staticmethod
    def render(path: Path, dpi: float, *, last: int, cancelled: Callable[[], bool]) -> list[Image.Image]:
        """The first pages as pictures (the preview)."""
        return preview.render_pages(path, dpi, last=last, cancelled=cancelled)

    @staticmethod
    def pages(path: Path, dpi: float, cancelled: Callable[[], bool]) -> Iterator[Image.Image]:
        """Every page as a picture, one at a time (printing holds one page in memory)."""
        return preview.iter_pages(path, dpi, cancelled=cancelled)
