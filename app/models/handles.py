"""A product's handle in a shop (Shopify's URL handle): one rule for the pack's CSV and for the push.

The handle comes from the product code, not from the English name: the code is the product's identity in the
workspace and is unique, while names get corrected. A handle made from the name would change with a typo fix,
and Shopify keys both its CSV import and the app's push on the handle — a renamed product would arrive as a
second product. Codes hold letters, digits, dot, dash and underscore (`validation.check_code`); the handle keeps
lower-case letters and digits and turns every run of anything else into one dash ("XZ-LG_PC.01" → "xz-lg-pc-01").
Two codes that differ only in punctuation or case map to the same handle: `handle_clashes` finds them so the
pack and the push can refuse them instead of merging two products.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Shopify's limit for a handle.
MAX_HANDLE = 255


def shop_handle(code: str) -> str:
    """The shop handle of the product with this code: lower-case ASCII letters, digits and single dashes."""
    handle = re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")
    return handle[:MAX_HANDLE].strip("-") or "product"


def handle_clashes(codes: Iterable[str]) -> dict[str, list[str]]:
    """{handle: [codes]} for every handle that two or more of `codes` share."""
    by_handle: dict[str, list[str]] = {}
    for code in codes:
        by_handle.setdefault(shop_handle(code), []).append(code)
    return {handle: found for handle, found in by_handle.items() if len(found) > 1}
