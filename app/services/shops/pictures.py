"""The pictures a push sends to a shop: the same choice and cut as the platform's listing pack.

A shop gets a product's gallery as the pack would show it (`app.services.listing.packs.images.plan_images` with the
shop's platform profile: the main picture first, each picture once, up to the profile's count, cut square at
its size), and each SKU the picture of its colour. Nothing is cut here: a picture is named by a token — the
stored original's sha256, the cut and its size, the JPEG settings — so a push can tell a picture it already
uploaded from a new one by name alone, and the bytes are cut only for pictures that go up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import col, select

from app.db import Workspace
from app.models import Blob
from app.services.catalogue.images import DERIVED_JPEG_QUALITY
from app.services.listing.packs.images import (
    SQUARE,
    Cut,
    PixelCache,
    plan_images,
    workspace_pixels,
)
from app.services.listing.packs.profiles import PlatformProfile, effective_profile
from app.services.listing.packs.source import ListingProduct, load_products
from app.services.shops.contract import PicturePayload

#: The platform profile whose picture rules a shop's push follows.
PROFILE_FOR_SHOP = {"shopify": "shopify", "woocommerce": "woocommerce"}


@dataclass(frozen=True)
class ProductPictures:
    """A product's gallery for one shop, and the token of each SKU's own picture."""

    gallery: tuple[PicturePayload, ...]
    by_sku: Mapping[str, str]


def picture_token(blob_sha256: str, size: int) -> str:
    """The name of one cut: what it is made from and how (a new cut or JPEG setting is a new picture)."""
    recipe = f"{blob_sha256}|{SQUARE}|{size}|jpeg-q{DERIVED_JPEG_QUALITY}"
    return hashlib.sha256(recipe.encode("ascii")).hexdigest()[:24]


def shop_pictures(workspace: Workspace, codes: Sequence[str], shop_kind: str) -> dict[str, ProductPictures]:
    """{product code: its pictures for the shop}; products without pictures get an empty gallery."""
    profile = effective_profile(workspace, PROFILE_FOR_SHOP[shop_kind])
    products = load_products(workspace, codes) if codes else []
    blob_ids = {image.blob_id for product in products for image in product.images}
    shas = _blob_hashes(workspace, blob_ids)
    pixels = workspace_pixels(workspace)
    return {product.code: _pictures(workspace, product, profile, pixels, shas) for product in products}


def _pictures(workspace: Workspace, product: ListingProduct, profile: PlatformProfile, pixels: PixelCache,
              shas: Mapping[int, str]) -> ProductPictures:
    plan = plan_images(product, profile, pixels)
    gallery: dict[int, PicturePayload] = {}
    for image in list(plan.mains) + list(plan.variants.values()):
        if image.blob_id not in gallery:
            size = plan.square_size(image)   # as the pack: a small picture goes up at its own size
            alt = image.alt or product.name("en")
            gallery[image.blob_id] = PicturePayload(picture_token(shas[image.blob_id], size), alt,
                                                    _loader(workspace, image.blob_id, size))
    by_sku = {sku: gallery[image.blob_id].token for sku, image in plan.variants.items()}
    return ProductPictures(tuple(gallery.values()), by_sku)


def _loader(workspace: Workspace, blob_id: int, size: int) -> Callable[[], bytes]:
    """Cut the picture when it is needed (one picture's bytes in memory at a time): from the disk cache the
    listing packs share when a pack already made it, else from the stored original, then kept there. A
    `PixelCache` of its own per call: uploads may run on several threads."""
    def load() -> bytes:
        return workspace_pixels(workspace).cut(Cut(blob_id, SQUARE, size))
    return load


def _blob_hashes(workspace: Workspace, blob_ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    ids = sorted(blob_ids)
    with workspace.session() as session:
        for start in range(0, len(ids), 500):
            query = select(Blob.id, Blob.sha256).where(col(Blob.id).in_(ids[start:start + 500]))
            found.update({blob_id: sha for blob_id, sha in session.exec(query) if blob_id is not None})
    return found
