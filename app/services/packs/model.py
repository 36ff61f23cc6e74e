"""What the builder hands each platform writer: one entry per product, already priced, titled, worded and with
its pictures written (pack-relative paths). Writers only format; they never read the workspace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.services.packs.content import Content
from app.services.packs.images import ProductImages
from app.services.packs.prices import PriceSheet
from app.services.packs.profiles import PlatformProfile
from app.services.packs.source import FactoryFacts, ListingProduct
from app.services.packs.titles import BuiltTitle


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
                 factory: FactoryFacts) -> list[Path]: ...


def image_url(profile: PlatformProfile, path: str) -> str:
    """A pack-relative picture path as the upload file writes it: a URL under `upload.image_base_url` when
    the seller has set one (after uploading the pictures), else the relative path."""
    base = profile.upload.image_base_url
    if not base:
        return path
    return base.rstrip("/") + "/" + path.lstrip("/")


def joined(paths: Sequence[str], profile: PlatformProfile, separator: str = ";") -> str:
    return separator.join(image_url(profile, p) for p in paths)
