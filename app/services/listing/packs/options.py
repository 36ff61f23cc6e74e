"""What the seller chooses for one build, as opposed to a platform's rules (those are in the profiles):

- `image_base_url` — the https:// address of the web folder the seller uploads the output folder to. Shopify's
  and WooCommerce's CSV importers and Amazon's flat file take pictures by URL only: they cannot read the
  pack's own files. WooCommerce fails the *whole row* for a picture it can't fetch (see `woocommerce.py`), so
  without this address the image columns are left empty and the pack carries a warning saying so.
  A picture at `<output folder>/<platform>/<product>/images/01_main.jpg` is written as
  `<image_base_url>/<platform>/<product>/images/01_main.jpg`, every path segment percent-encoded: uploading the
  output folder as it is (or just the platform folders in it) keeps every link right, for one platform or all.
- `weight_unit`, `dimension_unit` — the units the WooCommerce shop is set to (WooCommerce stores the number it
  is given in the shop's unit and converts nothing).
- `shopify_dialect` — which Shopify CSV header set to write: "current" (Shopify's template today, the default)
  or "legacy" (the older names, which Shopify still reads).

Options are checked once (`pack_options`), so a typo fails before anything is read or written. They are not
stored in the workspace: the command line takes them per run and the Packs page remembers them for the user.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from app.models.bilingual import Bilingual, UserFacingError
from app.models.units import DIMENSION_UNITS, WEIGHT_UNITS

SHOPIFY_DIALECTS: tuple[str, ...] = ("current", "legacy")
_SPACE = re.compile(r"\s")


class PackOptionError(UserFacingError):
    """An option that can't be used; the message says which and why."""


@dataclass(frozen=True)
class PackOptions:
    """One build's choices (see the module docstring); the defaults are a pack without picture URLs."""

    image_base_url: str = ""
    weight_unit: str = "kg"
    dimension_unit: str = "cm"
    shopify_dialect: str = "current"

    def as_json(self) -> dict[str, str]:
        """What the manifest records."""
        return {"image_base_url": self.image_base_url, "weight_unit": self.weight_unit,
                "dimension_unit": self.dimension_unit, "shopify_dialect": self.shopify_dialect}


#: A pack without picture URLs, in kg and cm, with Shopify's current headers.
DEFAULT_OPTIONS = PackOptions()


def pack_options(image_base_url: str = "", weight_unit: str = "kg", dimension_unit: str = "cm",
                 shopify_dialect: str = "current") -> PackOptions:
    """Checked options (raises `PackOptionError`); the URL is normalised by `check_image_base_url`."""
    _choice(weight_unit, WEIGHT_UNITS, Bilingual("重量单位", "weight unit"))
    _choice(dimension_unit, DIMENSION_UNITS, Bilingual("尺寸单位", "dimension unit"))
    _choice(shopify_dialect, SHOPIFY_DIALECTS, Bilingual("Shopify CSV 表头", "Shopify CSV dialect"))
    return PackOptions(check_image_base_url(image_base_url), weight_unit, dimension_unit, shopify_dialect)


def _choice(value: str, allowed: Sequence[str], name: Bilingual) -> None:
    if value not in allowed:
        raise PackOptionError(Bilingual(f"{name.zh}只能是 {', '.join(allowed)}，而不是 “{value}”。",
                                        f"The {name.en} must be one of {', '.join(allowed)}, not '{value}'."))


def check_image_base_url(text: str) -> str:
    """The image base URL without a trailing slash ("" stays ""), or `PackOptionError` saying what is wrong.

    Only https:// (shops fetch over the internet, and a shop on https may refuse plain http), a host name,
    no user name or password (it would be written into every row of the CSV), no query or fragment (the
    picture paths are appended). Spaces, non-ASCII and reserved characters in the path are percent-encoded
    (as a browser does when the address is pasted), existing %XX escapes are kept."""
    text = text.strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if _SPACE.search(parts.netloc):
        raise _bad_url(text, "网站地址不能包含空格。", "the host name contains a space.")
    if parts.scheme.lower() != "https":
        raise _bad_url(text, "必须以 https:// 开头。", "it must start with https://.")
    if not parts.hostname or "@" in parts.netloc:
        raise _bad_url(text, "缺少网站地址，或包含用户名/密码。",
                       "it has no host name, or has a user name or password in it.")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise _bad_url(text, "不能包含 ? 或 # 之后的部分。", "it must not have a ?query or #fragment.")
    try:
        host = parts.netloc.encode("idna").decode("ascii")
    except UnicodeError:
        raise _bad_url(text, "网站地址无效。", "the host name is not valid.") from None
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~").rstrip("/")
    return f"https://{host.lower()}{path}"


def _bad_url(text: str, zh: str, en: str) -> PackOptionError:
    return PackOptionError(Bilingual(f"图片网址 “{text}” 无法使用：{zh}",
                                     f"The image base URL '{text}' can't be used: {en}"))


def image_url(base: str, platform: str, path: str) -> str:
    """The web address of the pack picture at `path` (relative to the platform's pack folder), or "" when no
    base URL is set. Each segment is percent-encoded (a code with a space or a Chinese folder name still makes
    a valid URL, and a comma becomes %2C, so it never splits a WooCommerce list)."""
    if not base:
        return ""
    segments = [platform, *(part for part in path.split("/") if part)]
    return base + "/" + "/".join(quote(part, safe="") for part in segments)


def image_urls(base: str, platform: str, paths: Sequence[str]) -> list[str]:
    """`image_url` of each path; empty when no base URL is set (never a list of empty strings)."""
    return [image_url(base, platform, path) for path in paths] if base else []
