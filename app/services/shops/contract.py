"""What a shop connector takes and gives: the contract between the push job and the Shopify/WooCommerce code.

The job (`jobs.py`) builds shop-neutral payloads from the catalogue and persists every step; a connector turns a
payload into its API's calls. Both sides import this module and nothing of each other, so a new shop is one new
connector module that fills in `Connector`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from app.models.bilingual import Bilingual
from app.services.shops.http import ShopError, ShopHttp


@dataclass(frozen=True)
class PicturePayload:
    """One picture as the shop gets it, cut to the shop's size when it is uploaded (not before).

    `token` names the exact pixels (the stored original's sha256, the cut and its size), so a push can tell a
    picture it uploaded before from a new one without cutting anything; the file name carries the token, so the
    shop's copy can be found again after a crash (`fd-<token>.jpg`).
    """

    token: str
    alt: str
    load: Callable[[], bytes] = field(compare=False, repr=False)
    mime_type: str = "image/jpeg"

    @property
    def filename(self) -> str:
        return f"fd-{self.token}.jpg"


@dataclass(frozen=True)
class VariantPayload:
    """One SKU as a shop sees it; money in the shop's currency."""

    sku: str
    options: tuple[tuple[str, str], ...]
    price: Decimal
    compare_at: Decimal | None = None
    cost: Decimal | None = None
    barcode: str = ""
    weight_g: int | None = None
    dimensions_mm: tuple[int | None, int | None, int | None] = (None, None, None)
    #: The token of the SKU's own picture (one of the product's pictures), when it has one.
    picture: str | None = None


@dataclass(frozen=True)
class ProductPayload:
    """One product, shop-neutral: what every connector turns into its own API's shape."""

    code: str
    title: str
    description_html: str
    short_description_html: str
    vendor: str
    product_type: str
    currency: str
    options: tuple[tuple[str, tuple[str, ...]], ...]
    variants: tuple[VariantPayload, ...]
    #: The shop handle (`app.models.handles.shop_handle`), the same the pack's CSV writes.
    handle: str = ""
    #: The category's English leaf name: the shop category to find or create (the pack's CSV writes the same).
    category: str = ""
    #: The gallery in order (main picture first), each picture once; variant pictures are among them.
    pictures: tuple[PicturePayload, ...] = ()

    @property
    def simple(self) -> bool:
        """One SKU and no variant axes."""
        return len(self.variants) == 1 and not self.options


@dataclass(frozen=True)
class RemoteRef:
    """A product found in the shop, with what the connector learnt of it.

    `refs` is the connector's own memory of the product's parts, kept with the push item: variant ids by SKU
    (`"variants"`), picture ids by token (`"pictures"`). `status` is the shop's status word ("ACTIVE",
    "publish", "trash"…) when it was read. `duplicates` lists problems the shop has that the app did not make
    (the same SKU twice), for the report.
    """

    remote_id: str
    refs: Mapping[str, Any] = field(default_factory=dict)
    status: str = ""
    handle: str = ""
    duplicates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Drift:
    """How a product in the shop differs from what the workspace last confirmed there.

    `state`: "same" — nothing to repair; "changed" — edited in the shop (the push sends it again); "missing" —
    deleted in the shop (created again); "trashed" — in the shop's trash (restored as a draft and reported).
    """

    state: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShopInfo:
    """What a connection test learnt about the shop."""

    kind: str
    url: str
    name: str = ""
    currency: str | None = None
    #: Whether the credentials may write products (None: not known).
    can_write: bool | None = None
    weight_unit: str = ""
    dimension_unit: str = ""


@dataclass(frozen=True)
class PushUnit:
    """One item to send: the workspace's item id, the shop key, the payload and the known shop id."""

    item_id: int
    key: str
    payload: ProductPayload
    remote_id: str | None = None
    remote_refs: Mapping[str, Any] = field(default_factory=dict)
    #: Restore a product found in the shop's trash (WooCommerce) as a draft.
    restore: bool = False


@dataclass(frozen=True)
class ItemOutcome:
    """What the shop did with one item."""

    ok: bool
    remote_id: str = ""
    remote_refs: Mapping[str, Any] = field(default_factory=dict)
    error: ShopError | None = None
    action: str = ""
    #: Things the user should know although the item succeeded (duplicates found, pictures skipped…).
    notes: tuple[Bilingual, ...] = ()

    @classmethod
    def failed(cls, error: ShopError, remote_id: str = "", remote_refs: Mapping[str, Any] | None = None) -> ItemOutcome:
        return cls(False, remote_id, dict(remote_refs or {}), error)


class Connector(Protocol):
    """What `push_products` needs from a shop connector."""

    kind: str
    chunk_size: int
    http: ShopHttp
    #: Whether pictures are sent (the user may choose a push without them).
    send_pictures: bool
    #: What the whole push should tell the user about this connection (e.g. keys sent in the query string).
    notes: list[Bilingual]

    def key_for(self, payload: ProductPayload) -> str: ...
    def check(self, payload: ProductPayload) -> ShopError | None: ...
    def wire_body(self, payload: ProductPayload) -> dict[str, Any]: ...
    def lookup(self, payloads: Sequence[ProductPayload]) -> dict[str, RemoteRef]: ...
    def verify(self, units: Sequence[PushUnit]) -> dict[int, Drift]: ...
    def push(self, units: Sequence[PushUnit]) -> dict[int, ItemOutcome]: ...
    def shop_currency(self) -> str | None: ...
    def write_access(self) -> ShopError | None: ...
    def test_connection(self) -> ShopInfo: ...
    def plan_note(self, unit: PushUnit, remote: RemoteRef | None) -> Bilingual | None: ...
