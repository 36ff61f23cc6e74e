"""How a product's listing on one platform would roughly look to a shopper, for the Listing packs page.

The same title, price, bullets, spec table and first main picture a pack would carry (`titles`, `prices`,
`content`, `images`), plus that product's lint findings on the platform, computed in one call so the page
never works anything out itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.db import Workspace
from app.models.listing import Severity
from app.services.catalogue.images import derived_image
from app.services.listing.findings import Finding
from app.services.listing.packs.content import build_content
from app.services.listing.packs.images import PixelCache, choose_mains
from app.services.listing.packs.lint import LintInputs, ProductLint, with_platform
from app.services.listing.packs.prices import PriceNote, PriceSheet, pack_pricer
from app.services.listing.packs.profiles import PlatformProfile, effective_profile
from app.services.listing.packs.source import (
    ListingProduct,
    load_blob,
    load_products,
)
from app.services.listing.packs.titles import BuiltTitle, listing_title
from app.services.pricing.approved import NoApprovedPrices

THUMBNAIL = 360


@dataclass(frozen=True)
class ListingPreview:
    platform: str
    product: str
    title: BuiltTitle
    currency: str
    lowest_price: Decimal | None
    highest_price: Decimal | None
    bullets: tuple[str, ...]
    specs: tuple[tuple[str, str], ...]
    description: str
    main_image: bytes | None      # a JPEG thumbnail of the first main picture
    findings: tuple[Finding, ...]


def preview_listing(workspace: Workspace, product_code: str, platform: str) -> ListingPreview:
    """One product on one platform (raises `UnknownProduct` / `UnknownPlatform`)."""
    profile = effective_profile(workspace, platform)
    [product] = load_products(workspace, [product_code])
    pixels = PixelCache(lambda blob_id: load_blob(workspace, blob_id))
    title = listing_title(product, profile)
    content = build_content(product, profile, title.text)
    sheet = _prices(workspace, profile, product)
    prices = [p.sale_price if p.sale_price is not None else p.price for p in sheet.by_sku.values()]
    known = sorted(p for p in prices if p is not None)
    mains = choose_mains(product, profile, pixels).images
    thumbnail = derived_image(pixels.data(mains[0].blob_id), THUMBNAIL).data if mains else None
    lint = with_platform(ProductLint(LintInputs.read(workspace)).of(product), product, profile, pixel_cache=pixels)
    price_findings = tuple(Finding(product.code, "price", n.rule, "", n.severity, n.message) for n in sheet.notes)
    return ListingPreview(
        platform=profile.id, product=product.code, title=title, currency=sheet.currency,
        lowest_price=known[0] if known else None, highest_price=known[-1] if known else None,
        bullets=content.bullets if profile.bullets is not None else content.selling_points, specs=content.specs,
        description=content.description_text, main_image=thumbnail, findings=lint.findings + price_findings,
    )


def _prices(workspace: Workspace, profile: PlatformProfile, product: ListingProduct) -> PriceSheet:
    """The preview's prices. A sales login before anyone approved prices sees the listing without them and a
    finding saying who must approve (building the pack is where a missing price list stops it)."""
    try:
        return pack_pricer(workspace, profile).price(product)
    except NoApprovedPrices as missing:
        return PriceSheet(product.currency, {}, (PriceNote("price.not_approved", Severity.WARNING, "",
                                                           missing.message),))
