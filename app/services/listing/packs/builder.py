"""Build a listing pack: everything one platform needs to put products on sale, written atomically.

Layout — one folder per platform, one upload file for all the products in it (platforms import many products
from one file; a folder per product would mean one upload per product):

    <out_dir>/<platform>/
        <upload file>            shopify_products.csv | woocommerce_products.csv | amazon_flat_file.txt + .xlsx
                                 | <platform>_upload.xlsx (Chinese platforms) | odm_supply_sheet.xlsx
        <product code>/          one folder per product (unsafe file-name characters replaced by "_")
            title.txt            the title built within the platform's budget
            description.html     (Shopify, WooCommerce) or description.txt (the others)
            selling_points.txt   bullets.txt on Amazon (five, 10–255 characters), search_terms.txt too
            specs.csv            the spec table (UTF-8 with BOM, for Excel)
            size_chart.csv       when the category has a size chart
            images/              01_main.jpg…, white.jpg, variant_01.jpg…, detail_01.jpg…, detail_strip.jpg
        lint.json                every finding, the `lint --json` shape
        lint_report.txt          the same, readable, in the user's language, with what the allow-list cleared
        manifest.json            files with sizes and sha256, app version, profile versions, lint counts, and
                                 what a rebuild needs to keep files (`reuse.py`: the product folders' files'
                                 modification times, each folder's picture plan fingerprint)

Atomic: everything is written into `<out_dir>/.<platform>.<random>.partial/`, every file and folder in it is
fsynced, and only then is the folder renamed to `<out_dir>/<platform>`; an existing pack of that platform is
renamed away first and deleted afterwards. A failure or a cancel removes the temporary folder, so a half-written
pack never appears under the final name (the previous pack stays when the build fails). The fsyncs run in the
background as each product's folder is finished (`files.Flusher`), and the rename waits for all of them.

A rebuild into the same folder keeps the previous pack's files where they don't change: a product folder's
pictures when nothing they are made from changed (the manifest records each folder's picture plan), its text
files when the new bytes are the old ones. They are hard-linked into the temporary folder (`reuse.py`), not
cut, written, fsynced and hashed again; the old pack's deletion then only drops its links.

`build_packs` builds several platforms in one pass over the products, cutting each product's pictures once for
all of them (`images.PixelCache`); `build_pack` is the same with one platform.

The compliance lint runs first, on what the pack would contain, plus the checks on the upload file as a whole
(`checks.pack_findings`: shared Shopify handles, pictures a shop can't fetch, WooCommerce's import screen).
Errors block the pack unless the caller gives an `override_reason`, which is then recorded in the manifest and
the report. The build's `PackOptions` (image base URL, WooCommerce units, Shopify header dialect) shape the
upload file and are recorded in the manifest too. Private fields (costs,
the reference price, the OEM history) are never loaded by anything that writes (see `source.py`).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from app import APP_NAME, __version__
from app.db import Workspace, reopen_for_reading
from app.models import ImageRole
from app.models.bilingual import Bilingual
from app.models.listing import Severity
from app.partial_files import aside_name, hide, partial_name, remove_abandoned, remove_later
from app.services.catalogue.images import ImageRejected
from app.services.kernel.files import fsync_folder
from app.services.kernel.jobs import CancelCheck, Cancelled, Progress
from app.services.listing.findings import (
    AllowedFinding,
    Finding,
    LintResult,
    findings_to_json,
    sort_findings,
)
from app.services.listing.labels import field_label, rule_label
from app.services.listing.packs.checks import pack_findings
from app.services.listing.packs.content import LanguageParts, build_content, language_parts
from app.services.listing.packs.files import Flusher, csv_bytes, folder_name, text_bytes, walk_tree, write_text
from app.services.listing.packs.groups import BlockedElsewhere, TemporaryPacks, build_in_groups, worker_signals
from app.services.listing.packs.images import (
    Cut,
    ImagePlan,
    PixelCache,
    ProductImages,
    cut_picture,
    main_candidates,
    measure_picture,
    plan_images,
    render_images,
    workspace_pixels,
)
from app.services.listing.packs.lint import LintInputs, ProductLint, with_platform
from app.services.listing.packs.model import PackEntry
from app.services.listing.packs.options import DEFAULT_OPTIONS, PackOptions
from app.services.listing.packs.outcome import (  # what a build gives: importable from here
    ManifestFile as ManifestFile,
    PackBlocked as PackBlocked,
    PackError as PackError,
    PackReport as PackReport,
)
from app.services.listing.packs.pool import PicturePool, failed, pool_workers
from app.services.listing.packs.prices import AnyPackPricer, PriceSheet, ProductReads, pack_pricer
from app.services.listing.packs.profiles import (
    Family,
    PlatformProfile,
    ProfileError,
    effective_profile,
    is_overridden,
)
from app.services.listing.packs.reuse import (
    KeptFile,
    PictureRecord,
    PreviousPack,
    kept_images,
    picture_fingerprint,
)
from app.services.listing.packs.source import (
    ListingProduct,
    UnknownProduct,
    blob_shas,
    load_factory,
    load_products,
    product_codes as product_codes_of,
)
from app.services.listing.packs.titles import BuiltTitle, listing_title
from app.services.listing.rules import load_rules

#: The module writing each family's upload file (looked up when a pack is built).
WRITERS: dict[Family, str] = {
    Family.SHOPIFY: "app.services.listing.packs.shopify",
    Family.WOOCOMMERCE: "app.services.listing.packs.woocommerce",
    Family.AMAZON: "app.services.listing.packs.amazon",
    Family.CHINESE: "app.services.listing.packs.chinese",
    Family.ODM: "app.services.listing.packs.odm",
}
#: Threads resizing and encoding pictures (Pillow releases the GIL while it works).
IMAGE_WORKERS = max(1, min(4, os.cpu_count() or 1))


def _folders(products: Sequence[ListingProduct]) -> dict[str, str]:
    used: set[str] = set()
    result = {}
    for product in products:
        base = folder_name(product.code)
        name, number = base, 2
        while name.casefold() in used:  # Windows and macOS folders ignore case
            name = f"{base}_{number}"
            number += 1
        used.add(name.casefold())
        result[product.code] = name
    return result


def build_profile(profile: PlatformProfile, options: PackOptions) -> PlatformProfile:
    """The profile as this build writes it: Shopify's header dialect chosen, units filled into the headers
    ("Weight (lbs)"). Raises `ProfileError` when the profile lacks the dialect (an old workspace override)."""
    upload = profile.upload
    if profile.family is Family.SHOPIFY:
        try:
            upload = upload.in_dialect(options.shopify_dialect)
        except KeyError:
            raise ProfileError(Bilingual(
                f"{profile.name_zh} 的平台配置（版本 {profile.version}）没有 “{options.shopify_dialect}” 表头，"
                f"可用：{', '.join(upload.dialects)}。",
                f"The {profile.name_en} profile (version {profile.version}) has no '{options.shopify_dialect}' "
                f"header dialect; it has {', '.join(upload.dialects)}.")) from None
    return replace(profile, upload=upload.with_units(options.weight_unit, options.dimension_unit))


def lint_for_pack(workspace: Workspace, products: Sequence[ListingProduct], profile: PlatformProfile,
                  pixels: PixelCache, pricer: AnyPackPricer, options: PackOptions = DEFAULT_OPTIONS,
                  shared: ProductLint | None = None, titles: dict[str, BuiltTitle] | None = None,
                  ) -> tuple[LintResult, dict[str, PriceSheet]]:
    """The lint of what the pack would contain (with the checks on the upload file as a whole), and each
    product's prices (their notes become findings). `shared`: the products' text and data findings, kept
    across the platforms of one build (made here when None). `titles`, when given, gets each product's title
    on the platform by its code (the builder writes the titles the lint measured)."""

    shared = shared or ProductLint(LintInputs.read(workspace))
    findings: list[Finding] = []
    allowed: list[AllowedFinding] = []
    sheets = {}
    for product in products:
        with pictures_of(product):
            title = listing_title(product, profile)
            result = with_platform(shared.of(product), product, profile, pixel_cache=pixels, title=title)
        if titles is not None:
            titles[product.code] = title
        findings += result.findings
        allowed += result.allowed
        pixels.forget_pictures()
        sheet = pricer.price(product)
        sheets[product.code] = sheet
        findings += [Finding(product.code, f"skus.{note.sku}.price" if note.sku else "price", note.rule, "",
                             note.severity, note.message) for note in sheet.notes]
    findings += pack_findings(products, profile, options)
    return LintResult(sort_findings(findings), tuple(allowed)), sheets


def build_pack(workspace: Workspace, product_codes: Sequence[str] | None, platform: str, out_dir: Path,
               progress: Progress | None = None, cancel: CancelCheck | None = None, *, lang: str = "en",
               override_reason: str | None = None, options: PackOptions | None = None) -> PackReport:
    """Build `<out_dir>/<platform>/` for the products with `product_codes` (all when None); see the module
    docstring. Raises `UnknownPlatform`, `UnknownProduct`, `PackBlocked`, `Cancelled`."""
    return build_packs(workspace, product_codes, [platform], out_dir, progress, cancel, lang=lang,
                       override_reason=override_reason, options=options)[platform]


def build_packs(workspace: Workspace, product_codes: Sequence[str] | None, platforms: Sequence[str],
                out_dir: Path, progress: Progress | None = None, cancel: CancelCheck | None = None, *,
                lang: str = "en", override_reason: str | None = None,
                options: PackOptions | None = None) -> dict[str, PackReport]:
    """Build `<out_dir>/<platform>/` for several platforms in one pass over the products: {platform: report}.

    The same packs as `build_pack` one platform at a time, cheaper: each product's pictures are read, decoded
    and cut once for all the platforms (six of them want the same 800 px squares and 750 px details; see
    `images.PixelCache`), and the texts of every platform are made while its pictures are being cut. Memory
    holds one product's pictures at a time, as with one platform.

    All or nothing before writing: if the lint blocks any platform (errors, no `override_reason`),
    `PackBlocked` carries the errors of every blocked platform and nothing is written. Each pack is then
    written and moved into place atomically (module docstring); the packs are moved one after another once
    all are whole, so a failure before the moves leaves every previous pack as it was.

    A large rebuild of a workspace file is split by platform across processes (`platform_groups`,
    `groups.py`): the same packs, the same all-or-nothing, in about the time of its largest group.
    """
    platforms = list(dict.fromkeys(platforms))
    options = options or PackOptions()
    profiles = [build_profile(effective_profile(workspace, platform), options) for platform in platforms]
    reason = (override_reason or "").strip() or None
    out_dir = Path(out_dir)
    groups = platform_groups(workspace, _product_count(workspace, product_codes), profiles, out_dir)
    if len(groups) > 1:
        # chosen here, so this process can remove every group's temporary folder, a killed worker's too
        temps = {profile.id: partial_name(out_dir / profile.id) for profile in profiles}
        pictures = max(1, pool_workers() // len(groups))   # every group's picture pool: the cores shared out

        def build_here(progress: Progress, cancel: CancelCheck, blocked_elsewhere: BlockedElsewhere) -> TemporaryPacks:
            products = _load_products(workspace, product_codes)   # read while the workers start
            return build_temporary(workspace, products, groups[0], out_dir, progress, cancel, lang=lang,
                                   reason=reason, options=options, blocked_elsewhere=blocked_elsewhere,
                                   temp_names=temps, picture_workers=pictures)

        reports = build_in_groups([[p.id for p in group] for group in groups], build_here, build_group,
                                  (str(workspace.path), product_codes, out_dir, lang, reason, options, temps,
                                   pictures), list(temps.values()), move_into_place, progress, cancel)
        return {profile.id: reports[profile.id] for profile in profiles}
    products = _load_products(workspace, product_codes)
    built = build_temporary(workspace, products, profiles, out_dir, progress, cancel, lang=lang, reason=reason,
                            options=options)
    move_into_place([built])
    if progress is not None:   # the packs are in place: a Cancel arriving now must not say "nothing was written"
        progress(built.steps, built.steps)
    return built.reports


def _load_products(workspace: Workspace, product_codes: Sequence[str] | None) -> list[ListingProduct]:
    """The products to build for; a plain error when there are none (also when deleted since `_product_count`)."""
    products = load_products(workspace, product_codes)
    if not products:
        raise PackError(Bilingual("工作区里还没有产品。", "The workspace has no products yet."))
    return products


def _product_count(workspace: Workspace, product_codes: Sequence[str] | None) -> int:
    """How many products a build is for (all when `product_codes` is None); raises `UnknownProduct` naming the
    codes that aren't in the workspace, as `load_products` would — but before any worker process is started."""
    existing = product_codes_of(workspace)
    if product_codes is None:
        return len(existing)
    wanted = list(dict.fromkeys(product_codes))
    known = set(existing)
    missing = [code for code in wanted if code not in known]
    if missing:
        raise UnknownProduct(missing)
    return len(wanted)


#: A rebuild of at least this many (product, platform) packs folders is split across processes by platform
#: (`groups.py`); below it, starting a process (spawn, imports, reading the products) costs what it saves.
SPLIT_THRESHOLD = 2000


def platform_groups(workspace: Workspace, products: int, profiles: Sequence[PlatformProfile],
                    out_dir: Path) -> list[list[PlatformProfile]]:
    """The platforms in the groups one process each builds: one group (this process) unless this is a large
    rebuild of a workspace file on a machine with cores to spare.

    Only a rebuild — every platform's previous pack is in `out_dir` — is split: its pictures are kept or in
    the disk cache, and what is left (titles, lint, texts, prices, upload files, links) is per platform. A
    first build is mostly cutting pictures, which the picture pool already spreads across the cores, cut once
    for all the platforms; split by platform, the platforms sharing a size would each cut it. A team
    workspace is not split (another process would have to log in again), nor one open read-only (it may be
    open in a way another process can't repeat: immutable, on read-only media). The groups are consecutive
    runs of the platforms, so their findings join up in the platforms' order."""
    workers = min(pool_workers(), len(profiles))
    if (workers < 2 or workspace.is_team or workspace.read_only or products * len(profiles) < SPLIT_THRESHOLD
            or not all((out_dir / profile.id / "manifest.json").is_file() for profile in profiles)):
        return [list(profiles)]
    size, extra = divmod(len(profiles), workers)
    groups, start = [], 0
    for index in range(workers):
        end = start + size + (index < extra)
        groups.append(list(profiles[start:end]))
        start = end
    return groups


def build_temporary(workspace: Workspace, products: Sequence[ListingProduct], profiles: Sequence[PlatformProfile],
                    out_dir: Path, progress: Progress | None = None, cancel: CancelCheck | None = None, *,
                    lang: str, reason: str | None, options: PackOptions,
                    blocked_elsewhere: BlockedElsewhere | None = None, temp_names: Mapping[str, Path] | None = None,
                    picture_workers: int | None = None) -> TemporaryPacks:
    """`build_packs` up to the move into place: every pack written into its temporary folder (removed again
    when anything fails). Raises `PackBlocked` before writing anything when the lint blocks a platform, or
    when `blocked_elsewhere` says a platform built in another process is blocked (then with this process's
    blocked findings, maybe none): told right after the lint, it says whether to stop, and it is asked again
    at every step of the writing (see `groups.py`). `temp_names`: the temporary folder of each platform, when
    the caller chose them (`partial_files.partial_name` beside the final folder, else); `picture_workers`:
    the picture pool's size (`pool.pool_workers()`, else)."""
    # The pictures measured by the pool when it measures (one step per product); per platform: the lint (one step
    # per product), the products (one step each), the upload file; then one.
    pixels = workspace_pixels(workspace)
    pixels.know_shas(blob_shas(workspace, (image.blob_id for product in products for image in product.images)))
    with PicturePool(picture_workers) as pool:
        measures = _measures_wanted(products, profiles, pixels) if pool.workers > 1 else []
        measuring = pool.worth_it(sum(map(len, measures)))
        step = _Stepper(len(products) * measuring + len(profiles) * (2 * len(products) + 1) + 1, progress, cancel)
        if measuring:
            _measure_ahead(measures, pixels, pool, step)
        reads = ProductReads(workspace)
        reads.read_ahead(products)
        pricers = {profile.id: pack_pricer(workspace, profile, reads) for profile in profiles}
        lints: dict[str, tuple[LintResult, dict[str, PriceSheet]]] = {}
        titles: dict[str, dict[str, BuiltTitle]] = {profile.id: {} for profile in profiles}
        shared = ProductLint.for_workspace(workspace)
        for profile in profiles:
            lints[profile.id] = lint_for_pack(workspace, products, profile, pixels, pricers[profile.id], options,
                                              shared, titles[profile.id])
            step(len(products))
        shared.keep()
        blocked = [lint for lint, _sheets in lints.values() if lint.errors]
        stop = blocked_elsewhere is not None and blocked_elsewhere(bool(blocked and reason is None))
        if (blocked and reason is None) or stop:
            raise PackBlocked(tuple(f for lint in blocked for f in lint.findings))
        if blocked_elsewhere is not None:
            step.blocked = partial(blocked_elsewhere, False)
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_abandoned(out_dir)   # the temporary folders of a build that was killed (POSIX)
        finals = {profile.id: _final_folder(out_dir, profile.id) for profile in profiles}
        temps: dict[str, Path] = {}
        flusher = Flusher()
        try:
            for profile in profiles:
                temps[profile.id] = (temp_names or {}).get(profile.id) or partial_name(out_dir / profile.id)
                temps[profile.id].mkdir()
            folders = _folders(products)
            packs = [_Pack(profile, temps[profile.id], pricers[profile.id], *lints[profile.id], options,
                           titles[profile.id], PreviousPack.read(finals[profile.id]), folders)
                     for profile in profiles]
            entries = _write_products(products, packs, pixels, flusher, step, pool)
            reports = {}
            for pack in packs:
                reports[pack.profile.id] = _finish(workspace, pack, entries[pack.profile.id],
                                                   finals[pack.profile.id], products, reason, lang)
                step()
            for pack in packs:
                flusher.top(pack.temp)
            flusher.wait()
        except BaseException:
            flusher.wait(raise_errors=False)
            for temp in temps.values():
                shutil.rmtree(temp, ignore_errors=True)
            raise
    return TemporaryPacks(reports, [(temps[p.id], finals[p.id]) for p in profiles], step.total)


def build_group(platforms: Sequence[str], index: int, path: str, product_codes: Sequence[str] | None,
                out_dir: Path, lang: str, reason: str | None, options: PackOptions, temps: Mapping[str, Path],
                picture_workers: int) -> TemporaryPacks:
    """A worker process's group of a split rebuild (`groups.py`): its platforms' packs built into temporary
    folders, from the workspace file at `path` opened again read-only."""
    signals = worker_signals()
    workspace = reopen_for_reading(path)
    try:
        profiles = [build_profile(effective_profile(workspace, platform), options) for platform in platforms]
        products = load_products(workspace, product_codes)
        return build_temporary(workspace, products, profiles, out_dir, signals.progress_of(index),
                               signals.stop.is_set, lang=lang, reason=reason, options=options,
                               blocked_elsewhere=signals.blocked_elsewhere, temp_names=temps,
                               picture_workers=picture_workers)
    finally:
        workspace.close()


def move_into_place(built: Sequence[TemporaryPacks]) -> None:
    """Every pack of `built` moved into place, all or none (`_move_all_into_place`); the temporary folders are
    removed when the moves fail."""
    try:
        _move_all_into_place([move for packs in built for move in packs.moves])
    except BaseException:
        for packs in built:
            packs.remove()
        raise


def _final_folder(out_dir: Path, platform: str) -> Path:
    """Where the platform's pack goes; refuses a file in the way and a folder that isn't an earlier pack."""
    final = out_dir / platform
    if final.exists() and not final.is_dir():
        raise PackError(Bilingual(f"目标位置已有同名文件：{final}", f"A file is in the way: {final}"))
    if final.is_dir() and any(final.iterdir()) and not (final / "manifest.json").is_file():
        # Only an earlier pack (it has our manifest) is ever replaced: never someone's own folder.
        raise PackError(Bilingual(
            f"目标文件夹已存在且不是上架包，不会覆盖：{final}。请换一个输出文件夹。",
            f"The folder exists and is not a listing pack, so it was not replaced: {final}. "
            "Choose another output folder."))
    return final


class _Stepper:
    def __init__(self, total: int, progress: Progress | None, cancel: CancelCheck | None) -> None:
        self.done, self.total, self._progress, self._cancel = 0, total, progress, cancel
        self.blocked: Callable[[], bool] | None = None   # set once the lint passed, in a split build

    def __call__(self, steps: int = 1) -> None:
        self.done += steps
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)
        if self._cancel is not None and self._cancel():
            raise Cancelled()
        if self.blocked is not None and self.blocked():   # another group's lint blocked the build: stop writing
            raise PackBlocked(())


@dataclass(frozen=True)
class _Pack:
    """One platform's pack being written: its profile, temporary folder, pricing and lint."""

    profile: PlatformProfile
    temp: Path
    pricer: AnyPackPricer
    lint: LintResult
    sheets: dict[str, PriceSheet]
    options: PackOptions
    titles: dict[str, BuiltTitle]          # by product code, as the lint measured them
    previous: PreviousPack                 # the pack this one replaces: its unchanged files can be kept
    folders: dict[str, str]                # {product code: its folder}, the same in every pack of a build
    pictures: dict[str, PictureRecord] = field(default_factory=dict)   # by product folder, for the manifest
    linked: set[str] = field(default_factory=set)                      # pack-relative paths of linked files
    fingerprints: dict[str, str] = field(default_factory=dict)          # by product folder, made once

    def fingerprint(self, product: ListingProduct, plan: ImagePlan, pixels: PixelCache) -> str:
        """The fingerprint of the product's pictures on this platform (`reuse.picture_fingerprint`)."""
        folder = self.folders[product.code]
        if folder not in self.fingerprints:
            self.fingerprints[folder] = picture_fingerprint(plan, self.profile, pixels, folder)
        return self.fingerprints[folder]

    def kept(self, product: ListingProduct, plan: ImagePlan, pixels: PixelCache) -> PictureRecord | None:
        """The previous pack's pictures of the product, when made from the same plan (to be linked)."""
        return self.previous.pictures(self.folders[product.code], self.fingerprint(product, plan, pixels))


def _cuts_needed(product: ListingProduct, packs: Sequence[_Pack], plans: Sequence[ImagePlan],
                 pixels: PixelCache) -> list[Cut]:
    """The cuts the product's pictures need on the platforms where the previous pack's can't be kept."""
    return [cut for pack, plan in zip(packs, plans, strict=True)
            if pack.kept(product, plan, pixels) is None for cut in plan.cuts()]


@contextmanager
def pictures_of(product: ListingProduct) -> Iterator[None]:
    """A stored picture the pack can't use (a bomb or damaged blob written around intake) stops the build
    with one line naming the product, not just the picture's number."""
    try:
        yield
    except ImageRejected as error:
        raise PackError(Bilingual(f"产品 {product.code}：{error.message.zh}",
                                  f"Product {product.code}: {error.message.en}")) from error


def _measures_wanted(products: Sequence[ListingProduct], profiles: Sequence[PlatformProfile],
                     pixels: PixelCache) -> list[list[tuple[int, bool]]]:
    """Per product, the pictures the lint will measure that aren't measured yet, as (blob id, fill too): the
    white border of the first main candidate and of the first white-background one, the fill of the first
    where a platform wants it. (A later candidate, when the first isn't white, the lint measures itself.)"""
    white = any(p.images.white_background_main or p.images.white_background_image for p in profiles)
    fill = any(p.images.white_background_main and p.images.min_fill is not None for p in profiles)
    wanted: list[list[tuple[int, bool]]] = []
    for product in products:
        jobs: dict[int, bool] = {}
        candidates = main_candidates(product) if white else []
        preferred = sorted(candidates, key=lambda i: i.role != ImageRole.WHITE_BACKGROUND.value)
        for image in candidates[:1] + preferred[:1]:
            if pixels.unmeasured(image.blob_id, "white"):
                jobs[image.blob_id] = jobs.get(image.blob_id, False) or (fill and image is candidates[0])
        wanted.append(list(jobs.items()))
    return wanted


def _measure_ahead(wanted: Sequence[Sequence[tuple[int, bool]]], pixels: PixelCache, pool: PicturePool,
                   step: _Stepper) -> None:
    """Take the `_measures_wanted` in the worker processes, a step per product; the lint then finds them
    remembered."""
    pending: deque[tuple[int, Future[dict[str, float]]]] = deque()

    def settle() -> None:
        blob_id, future = pending.popleft()
        pixels.remember(blob_id, future.result())

    for product_jobs in wanted:
        for blob_id, with_fill in product_jobs:
            while len(pending) >= pool.in_flight:
                settle()
            try:
                data = pixels.checked_bytes(blob_id)
            except ImageRejected:
                continue   # the lint meets it again, and names the product
            pending.append((blob_id, pool.submit(measure_picture, data, with_fill)))
        step()
    while pending:
        settle()
    pixels.forget_pictures()


class _CutAhead:
    """The build's pictures cut in the worker processes, products ahead of the one being written (`pool.py`),
    when there are enough to pay for the pool; else nothing here, and each product's pictures are cut as it
    is written (threads)."""

    def __init__(self, products: Sequence[ListingProduct], packs: Sequence[_Pack], pixels: PixelCache,
                 pool: PicturePool) -> None:
        self._pixels, self._pool, self._packs = pixels, pool, packs
        self._plans: dict[str, list[ImagePlan]] = {}
        self._waiting: deque[ListingProduct] = deque()
        self._sent: dict[str, list[Future[dict[Any, Any]]]] = {}
        self._active = False
        if pool.workers < 2:
            return
        pictures = 0
        for product in products:
            with pictures_of(product):
                self._plans[product.code] = self.plans(product)
            pixels.forget_pictures()
            cuts = pixels.uncut(self.cuts(product))
            pictures += len({cut.blob_id for cut in cuts})
        self._active = pool.worth_it(pictures)
        self._waiting.extend(products)

    def plans(self, product: ListingProduct) -> list[ImagePlan]:
        """The product's picture plan on every platform (made once)."""
        known = self._plans.get(product.code)
        return known if known is not None else [plan_images(product, pack.profile, self._pixels)
                                                for pack in self._packs]

    def cuts(self, product: ListingProduct) -> list[Cut]:
        """The product's cuts on the platforms where the previous pack's pictures can't be kept."""
        return _cuts_needed(product, self._packs, self.plans(product), self._pixels)

    def take(self, product: ListingProduct) -> list[ImagePlan]:
        """The product's plans, its pictures cut by the workers kept in the pixel cache (waiting for them)."""
        plans = self.plans(product)
        if self._active:
            self._send(product)
            for future in self._sent.pop(product.code, []):
                self._pixels.keep(future.result())
        return plans

    def _send(self, current: ListingProduct) -> None:
        """Send products' pictures, in order, until enough are in flight (always up to `current`)."""
        while self._waiting and (current.code not in self._sent or self._in_flight() < self._pool.in_flight):
            product = self._waiting.popleft()
            self._sent[product.code] = list(self._submit(product))

    def _in_flight(self) -> int:
        return sum(map(len, self._sent.values()))

    def _submit(self, product: ListingProduct) -> Iterable[Future[dict[Any, Any]]]:
        by_blob: dict[int, list[Any]] = {}
        for cut in self._pixels.uncut(self.cuts(product)):
            by_blob.setdefault(cut.blob_id, []).append(cut)
        for blob_id, cuts in by_blob.items():
            try:
                data = self._pixels.checked_bytes(blob_id)
            except ImageRejected as error:
                yield failed(error)   # raised when the product's turn comes, under its name
                continue
            yield self._pool.submit(cut_picture, data, cuts)


def _write_products(products: Sequence[ListingProduct], packs: Sequence[_Pack], pixels: PixelCache,
                    flusher: Flusher, step: _Stepper, pool: PicturePool) -> dict[str, list[PackEntry]]:
    """Every product's folder in every pack, one product at a time: its pictures for all the platforms are
    cut first (by the worker processes, products ahead, in a large build; else started on the thread pool),
    the texts made meanwhile, then the files written. Each product's finished folders go to the flusher,
    which fsyncs them while the next product is cut."""
    entries: dict[str, list[PackEntry]] = {pack.profile.id: [] for pack in packs}
    ahead = _CutAhead(products, packs, pixels, pool)
    with ThreadPoolExecutor(max_workers=IMAGE_WORKERS) as threads:
        for product in products:
            with pictures_of(product):
                plans = ahead.take(product)
                _write_product(product, packs[0].folders[product.code], packs, pixels, threads, flusher,
                               entries, plans, _cuts_needed(product, packs, plans, pixels))
            pixels.forget_pictures()
            step(len(packs))
    return entries


def _write_product(product: ListingProduct, folder: str, packs: Sequence[_Pack], pixels: PixelCache,
                   pool: ThreadPoolExecutor, flusher: Flusher, entries: dict[str, list[PackEntry]],
                   plans: Sequence[ImagePlan], cuts: Sequence[Cut]) -> None:
    """One product's folder in every pack: the pictures the previous pack can't lend (`cuts`) started on the
    pool, texts made meanwhile, files written (kept pictures linked)."""
    pixels.prepare(cuts, pool)
    texts = []
    by_language: dict[str, LanguageParts] = {}
    for pack in packs:
        title = pack.titles.get(product.code) or listing_title(product, pack.profile)
        lang = pack.profile.language
        parts = by_language.get(lang) or by_language.setdefault(lang, language_parts(product, lang))
        texts.append((title, build_content(product, pack.profile, title.text, parts)))
    for pack, plan, (title, content) in zip(packs, plans, texts, strict=False):
        (pack.temp / folder).mkdir()
        pictures, linked = _pictures(product, folder, pack, plan, pixels, pool)
        entry = PackEntry(product, folder, title, content, pack.sheets[product.code], pictures)
        linked += _product_files(pack, entry)
        pack.linked.update(f"{folder}/{name}" for name in linked)
        entries[pack.profile.id].append(entry)
        flusher.tree(pack.temp / folder, durable=set(linked))


def _pictures(product: ListingProduct, folder: str, pack: _Pack, plan: ImagePlan, pixels: PixelCache,
              pool: ThreadPoolExecutor) -> tuple[ProductImages, list[str]]:
    """The product's pictures in the pack's folder — linked from the previous pack when it has them from the
    same plan, else written — and the files linked (already on disk for good), named inside the folder."""
    fingerprint = pack.fingerprint(product, plan, pixels)
    record = pack.previous.pictures(folder, fingerprint)
    if record is not None and pack.previous.link(record, pack.temp):
        images = kept_images(record, product, pack.profile, plan)
        linked = [path.removeprefix(f"{folder}/") for path in record.paths()]
    else:
        images = render_images(product, pack.profile, pixels, pack.temp, folder, pool, plan)
        linked = []
    pack.pictures[folder] = PictureRecord(fingerprint, images)
    return images, linked


def _finish(workspace: Workspace, pack: _Pack, entries: Sequence[PackEntry], final: Path,
            products: Sequence[ListingProduct], reason: str | None, lang: str) -> PackReport:
    """The pack's upload file, lint files and manifest, once its product folders are written."""
    profile, temp, lint = pack.profile, pack.temp, pack.lint
    factory = load_factory(workspace)
    writer = importlib.import_module(WRITERS[profile.family])
    writer.write_upload(temp, entries, profile, factory, pack.options)
    (temp / "lint.json").write_text(json.dumps(findings_to_json(lint.findings, lang), ensure_ascii=False,
                                               indent=2) + "\n", encoding="utf-8")
    write_text(temp / "lint_report.txt", lint_report(profile, entries, lint, reason, lang), bom=True)
    files = _manifest(workspace, pack, products, reason)
    return PackReport(profile.id, final, tuple(p.code for p in products), files, lint.findings, lint.allowed,
                      reason)


def _product_files(pack: _Pack, entry: PackEntry) -> list[str]:
    """The product's text files in the pack; the ones the previous pack has with the same bytes are linked
    from it (their names returned: already on disk for good), the others written."""
    folder = os.path.join(pack.temp, entry.folder)
    linked = []
    for name, data in _product_texts(entry, pack.profile):
        if pack.previous.link_same(f"{entry.folder}/{name}", data, pack.temp):
            linked.append(name)
        else:
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(data)
    return linked


def _product_texts(entry: PackEntry, profile: PlatformProfile) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the product folder's text files: title, description, selling points or bullets,
    search terms, specs and size chart."""
    content = entry.content
    files = [("title.txt", text_bytes(entry.title.text + "\n"))]
    if profile.description_format == "html":
        files.append(("description.html", text_bytes(content.description_html + "\n")))
    else:
        files.append(("description.txt", text_bytes(content.description_text)))
    if profile.bullets is not None:
        files.append(("bullets.txt", text_bytes("\n".join(content.bullets) + "\n")))
    else:
        files.append(("selling_points.txt", text_bytes("\n".join(content.selling_points) + "\n")))
    if profile.search_terms is not None:
        files.append(("search_terms.txt", text_bytes(content.search_terms + "\n")))
    headers = ["属性", "值"] if profile.chinese else ["Attribute", "Value"]
    files.append(("specs.csv", csv_bytes(headers, content.specs, encoding="utf-8-sig")))
    if content.size_chart is not None:
        files.append(("size_chart.csv", csv_bytes(list(content.size_chart.headers), content.size_chart.rows,
                                                  encoding="utf-8-sig")))
    return files


def lint_report(profile: PlatformProfile, entries: Sequence[PackEntry], lint: LintResult, reason: str | None,
                lang: str) -> str:
    """The readable lint report (plain text, the user's language)."""
    zh = lang.lower().startswith("zh")
    lines = [
        f"{'工厂直营 上架包合规检查' if zh else 'Factory Direct listing pack lint'} — {profile.name(lang)} "
        f"({profile.id}, {'配置版本' if zh else 'profile version'} {profile.version})",
        f"{'生成时间' if zh else 'Built'}: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"{'产品' if zh else 'Products'}: {len(entries)}",
        (f"错误 {lint.count('error')}，警告 {lint.count('warning')}，提示 {lint.count('info')}" if zh else
         f"Errors {lint.count('error')}, warnings {lint.count('warning')}, info {lint.count('info')}"),
    ]
    if reason:
        lines.append(f"{'强制生成，原因' if zh else 'Built despite errors; reason'}: {reason}")
    notes = profile.notes_zh if zh else profile.notes_en
    if notes:
        lines.append(f"{'平台说明' if zh else 'About this platform'}: {notes}")
    titles = {"error": ("错误", "Errors"), "warning": ("警告", "Warnings"), "info": ("提示", "Info")}
    for severity in Severity:
        chosen = [f for f in lint.findings if f.severity is severity]
        if not chosen:
            continue
        lines += ["", f"== {titles[severity.value][0 if zh else 1]} ({len(chosen)}) =="]
        for finding in chosen:
            quoted = f" «{finding.text}»" if finding.text else ""
            product = finding.product or ("（整个上架包）" if zh else "(whole pack)")
            lines.append(f"{product} · {field_label(finding.field).text(lang)} · {rule_label(finding.rule).text(lang)}"
                         f"{quoted}")
            lines.append(f"    {finding.message.text(lang)}")
    if lint.allowed:
        lines += ["", f"== {'允许列表已放行' if zh else 'Cleared by the allow-list or an authorisation'} "
                      f"({len(lint.allowed)}) =="]
        for item in lint.allowed:
            f = item.finding
            where = f"{field_label(f.field).text(lang)} · {rule_label(f.rule).text(lang)}"
            lines.append(f"{f.product} · {where} «{f.text}» — {item.phrase}: {item.reason}")
    lines += ["", f"== {'标题' if zh else 'Titles'} =="]
    for entry in entries:
        budget = f"/{entry.title.budget}" if entry.title.budget else ""
        lines.append(f"{entry.product.code}: {entry.title.text}  ({entry.title.length}{budget})")
    return "\n".join(lines) + "\n"


def _manifest_json(manifest: dict[str, Any]) -> str:
    """The manifest as JSON a person can read: indented, except that the long parts (the files, the reuse
    maps) have one entry per line — the indenting encoder is pure Python and would cost more than the rest of a
    rebuild's manifest (tens of thousands of entries in a large pack)."""
    compact = _compact_json

    def lines_of(value: Any, pad: str, inner: Any = compact) -> str:
        if isinstance(value, list) and value:
            return "[\n" + ",\n".join(f"{pad}  {inner(item)}" for item in value) + f"\n{pad}]"
        if isinstance(value, dict) and value:
            return "{\n" + ",\n".join(f"{pad}  {compact(key)}: {inner(item)}" for key, item in value.items()) \
                + f"\n{pad}}}"
        return compact(value)

    def part(key: str, value: Any) -> str:
        if key == "files":
            return lines_of(value, "  ")
        if key == "reuse":
            return lines_of(value, "  ", lambda item: lines_of(item, "    "))
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")

    return "{\n" + ",\n".join(f"  {compact(key)}: {part(key, value)}" for key, value in manifest.items()) + "\n}\n"


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode   # made once: C speed per entry


def _compact_json(value: Any) -> str:
    """`value` as compact JSON (`json.dumps` with its default separators), the manifest's entries faster: a
    string, a whole number, and a flat object of those (a file's path, size and sha256) are written here —
    tens of thousands per pack, where calling the encoder cost more than the text it made."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is int:
        return str(value)
    if kind is dict and all(type(key) is str and type(item) in (str, int) for key, item in value.items()):
        return "{" + ", ".join(f"{_encode_string(key)}: {_compact_json(item)}" for key, item in value.items()) + "}"
    return _ENCODE(value)


_encode_string = json.encoder.encode_basestring   # what the encoder itself uses for a str (ensure_ascii off)


def _hash_unless_known(path: str, status: os.stat_result, known: KeptFile | None) -> str:
    """The file's sha256: the previous manifest's for a file linked from it (same size and time), else read.
    Only linked files: a file written again with the same size within the same timestamp tick (FAT32 keeps
    2 s) must not take the old file's hash."""
    if known is not None and (status.st_size, status.st_mtime_ns) == (known.size, known.mtime_ns):
        return known.sha256
    return _sha256(path)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(workspace: Workspace, pack: _Pack, products: Sequence[ListingProduct],
              reason: str | None) -> tuple[ManifestFile, ...]:
    """Write manifest.json listing every other file of the pack with its size and sha256, and what the next
    build needs to keep this one's pictures (`reuse.py`)."""
    root, profile, channel, lint, options = pack.temp, pack.profile, pack.pricer.channel, pack.lint, pack.options
    stats = {name: (path, os.stat(path)) for name, path, is_folder in walk_tree(root) if not is_folder}
    known = {name: kept for name, kept in pack.previous.known().items() if name in pack.linked}
    files = tuple(ManifestFile(name, status.st_size, _hash_unless_known(path, status, known.get(name)))
                  for name, (path, status) in stats.items())
    manifest = {
        "app": APP_NAME, "app_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": profile.id,
        "profile": {"id": profile.id, "version": profile.version,
                    "source": "workspace" if is_overridden(workspace, profile.id) else "shipped"},
        "profile_versions": {
            "platform": {profile.id: profile.version},
            "channel": {channel.id: channel.version} if channel is not None else {},
            "compliance_rules": load_rules().versions,
        },
        "currency": channel.currency if channel is not None else None,
        "products": [p.code for p in products],
        "lint": {"error": lint.count("error"), "warning": lint.count("warning"), "info": lint.count("info"),
                 "allowed": len(lint.allowed)},
        "override_reason": reason,
        "options": {**options.as_json(), "upload_dialect": profile.upload.dialect},
        "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in files],
        "reuse": {"mtime_ns": {name: status.st_mtime_ns for name, (_path, status) in stats.items() if "/" in name},
                  "pictures": {folder: record.as_json() for folder, record in pack.pictures.items()}},
    }
    (root / "manifest.json").write_text(_manifest_json(manifest), encoding="utf-8")
    return files


def _move_all_into_place(moves: Sequence[tuple[Path, Path]]) -> None:
    """Rename each finished temporary folder to its final name: all of them or none.

    First every earlier pack is renamed aside, then every new one into place; if any rename fails (a file of
    the old pack open in Excel on Windows), what was done is undone, so every platform keeps its old pack
    and the error says what happened. The old packs are deleted only when all the new ones are in place, on a
    background thread (`remove_later`: deleting a thousand products' folders takes seconds nobody needs to
    wait for); a process killed meanwhile leaves them to the next build's `remove_abandoned`.
    """
    aside: list[tuple[Path, Path]] = []     # (final, old)
    placed: list[tuple[Path, Path]] = []    # (temp, final)
    try:
        for _temp, final in moves:
            if final.exists():
                old = aside_name(final)
                os.replace(final, old)
                aside.append((final, old))
        for temp, final in moves:
            os.replace(temp, final)
            placed.append((temp, final))
    except BaseException:
        for temp, final in reversed(placed):
            _undo_rename(final, temp)
        for final, old in reversed(aside):
            _undo_rename(old, final)
        raise
    for folder in {final.parent for _temp, final in moves}:
        fsync_folder(folder)
    for _final, old in aside:   # (not before: one renamed back by an undo must stay visible)
        hide(old)               # it stays for the seconds its deletion takes, and Explorer shows dot-names
    remove_later(old for _final, old in aside)   # the new packs are there: the user needn't wait for this


def _undo_rename(source: Path, target: Path) -> None:
    with contextlib.suppress(OSError):   # nothing more can be done; the error being raised says what went wrong
        os.replace(source, target)
