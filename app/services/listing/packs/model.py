"""What the builder hands each platform writer: one entry per product, already priced, titled, worded and with
its pictures written (pack-relative paths). Writers only format; they never read the workspace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.services.listing.packs.content import Content
from app.services.listing.packs.images import ProductImages
from app.services.listing.packs.options import PackOptions
from app.services.listing.packs.prices import PriceSheet
from app.services.listing.packs.profiles import PlatformProfile
from app.services.listing.packs.source import FactoryFacts, ListingProduct
from app.services.listing.packs.titles import BuiltTitle


@dataclass(frozen=True)
class PackEntry:
    product: ListingProduct
    folder: str
    title: BuiltTitle
    content: Content
    prices: PriceSheet
    images: ProductImages


class UploadWriter(Protocol):
    def __call__(self, pack_root: Path, entries: Sequence[PackEntry], profile: PlatformProfile,
                 factory: FactoryFacts, options: PackOptions) -> list[Path]: ...


def joined(paths: Sequence[str], separator: str = ";") -> str:
    """Pack-relative picture paths in one cell, for the sheets a person reads (the Chinese platforms' and the
    ODM sheet): the seller uploads those pictures by hand, so the paths say which file is which. The shops'
    CSVs take web addresses instead (`options.image_url`)."""
    return separator.join(paths)
