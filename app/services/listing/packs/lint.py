"""The compliance lint run over products and a workspace: the text and data rules of `compliance` on every
product, and — with a platform — the platform's checks on what its pack would hold (`packs.checks`), measured
on the pictures the pack would use. Sits above both, so neither knows the other."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.db import Workspace
from app.services.listing.findings import (
    AllowedFinding,
    Finding,
    LintResult,
    sort_findings,
)
from app.services.listing.packs.checks import pack_findings, platform_findings
from app.services.listing.packs.images import workspace_pixels
from app.services.listing.packs.options import PackOptions
from app.services.listing.packs.profiles import effective_profile
from app.services.listing.packs.source import (
    gtin_owners,
    load_factory,
    load_products,
)
from app.services.listing.rules import (
    AllowEntry,
    RuleSet,
    TextContext,
    data_findings,
    list_allowed,
    load_rules,
    own_brands,
    product_texts,
    text_findings,
)
from app.services.listing.text_cache import Findings, TextFindingsCache, context_key

__all__ = ["LintInputs", "ProductLint", "lint_product", "lint_workspace"]


@dataclass(frozen=True)
class LintInputs:
    """What the lint reads besides the product, the same for every platform: read once per build."""

    rules: RuleSet
    allow: tuple[AllowEntry, ...]
    factory_brands: tuple[str, ...]
    gtins: dict[str, list[str]]
    today: date

    @classmethod
    def read(cls, workspace: Workspace) -> LintInputs:
        return cls(load_rules(), tuple(list_allowed(workspace)), tuple(load_factory(workspace).brands()),
                   gtin_owners(workspace), date.today())


class ProductLint:
    """The platform-less part of each product's lint — its texts and data — made once and shared by every
    platform's pack of one build.

    Ten platforms used to lint the same description, selling points and attributes ten times over: half the
    time of a rebuild after a text edit. The platform checks (title length, pictures, required fields) differ
    per platform and are not kept here. With a `cache` (`for_workspace`), the texts' findings of earlier builds
    are reused too (`text_cache`): only the texts changed since are linted; `keep()` writes it back.
    """

    def __init__(self, inputs: LintInputs, cache: TextFindingsCache | None = None) -> None:
        self.inputs = inputs
        self.cache = cache
        self._done: dict[str, LintResult] = {}

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> ProductLint:
        """The lint inputs read from `workspace`, with its text findings cache in the user's cache folder."""
        inputs = LintInputs.read(workspace)
        return cls(inputs, TextFindingsCache.of_workspace(workspace.url or workspace.path, inputs.rules))

    def of(self, product: Any) -> LintResult:
        """The product's text and data findings in the order found (not sorted: the caller adds its own)."""
        done = self._done.get(product.code)
        if done is None:
            done = self._done[product.code] = _product_part(product, self.inputs, self.cache)
        return done

    def keep(self) -> None:
        """Write the text findings cache back (see `text_cache`): nothing without one."""
        if self.cache is not None:
            self.cache.save()


def _product_part(product: Any, inputs: LintInputs, cache: TextFindingsCache | None = None) -> LintResult:
    context = TextContext(own_brands(product, inputs.factory_brands), tuple(product.certificates), inputs.allow,
                          inputs.today)
    context_digest = context_key(context) if cache is not None else ""
    findings: list[Finding] = []
    allowed: list[AllowedFinding] = []
    for field_name, text, families in product_texts(product):
        def lint(text: str = text, field_name: str = field_name, families: Any = families) -> Findings:
            return text_findings(text, product=product.code, field=field_name, rules=inputs.rules,
                                 context=context, families=families)

        if cache is None:
            found, cleared = lint()
        else:
            found, cleared = cache.findings(product.code, field_name, text, families, context_digest, lint)
        findings += found
        allowed += cleared
    findings += data_findings(product, inputs.gtins)
    return LintResult(tuple(findings), tuple(allowed))


def lint_product(product: Any, *, rules: RuleSet | None = None, allow: Sequence[AllowEntry] = (),
                 factory_brands: Sequence[str] = (), gtins: dict[str, list[str]] | None = None,
                 profile: Any = None, blob: Callable[[int], bytes] | None = None,
                 today: date | None = None, pixel_cache: Any = None) -> LintResult:
    """Every rule on one `ListingProduct`; platform checks when `profile` is given. Image checks need the
    pictures: a `packs.images.PixelCache` (`pixel_cache`) or `blob`, a function returning stored bytes by id."""
    inputs = LintInputs(rules or load_rules(), tuple(allow), tuple(factory_brands), gtins or {},
                        today or date.today())
    return with_platform(_product_part(product, inputs), product, profile, blob=blob, pixel_cache=pixel_cache)


def with_platform(base: LintResult, product: Any, profile: Any, *, blob: Callable[[int], bytes] | None = None,
                  pixel_cache: Any = None, title: Any = None) -> LintResult:
    """A product's text and data findings (`base`) with the platform's checks added (none without `profile`),
    sorted. `title`: the product's title on the platform, when the caller made it already."""
    findings = list(base.findings)
    if profile is not None:
        findings += platform_findings(product, profile, blob=blob, cache=pixel_cache, title=title)
    return LintResult(sort_findings(findings), base.allowed)


def lint_workspace(workspace: Workspace, product_codes: Sequence[str] | None = None, platform: str | None = None,
                   *, progress: Callable[[int, int], None] | None = None, pack_options: Any = None) -> LintResult:
    """Lint products of a workspace (all when `product_codes` is None); with `platform`, the platform checks
    too, measured on the images the pack would use, and the checks on the pack's upload file as a whole
    (`packs.checks.pack_findings`, for a pack built with `pack_options`, a `PackOptions`; default options when
    None). Raises `UnknownProduct` / `UnknownPlatform`."""

    profile = effective_profile(workspace, platform) if platform else None
    products = load_products(workspace, product_codes)
    shared = ProductLint.for_workspace(workspace)
    pixels = workspace_pixels(workspace)
    findings: list[Finding] = []
    allowed: list[AllowedFinding] = []
    for done, product in enumerate(products, start=1):
        result = with_platform(shared.of(product), product, profile, pixel_cache=pixels)
        findings += result.findings
        allowed += result.allowed
        pixels.forget_pictures()  # one product's pictures in memory at a time
        if progress is not None:
            progress(done, len(products))
    shared.keep()
    if profile is not None:
        findings += pack_findings(products, profile, pack_options or PackOptions())
    return LintResult(sort_findings(findings), tuple(allowed))
