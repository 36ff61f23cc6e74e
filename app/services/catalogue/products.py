"""Products: create, load, edit with optimistic locking, variants, images and evidence links.

The product editor drives this service; the command line and the import can too. Every write is one
transaction that also records an audit entry and refreshes the product's catalogue stats
(`catalogue_search.refresh_product_stats`), so the catalogue's completeness column is current the moment
the transaction commits.

Optimistic locking. Products and SKUs carry a `version` (SQLAlchemy's `version_id_col`). An edit names
the version it was made against; when the stored version differs (another window or user saved since),
the edit raises `EditConflict` and nothing is written. The check is made twice: explicitly after
loading the row, and by the ORM itself (`UPDATE … WHERE version = ?` raising `StaleDataError`) for a
writer that slips in between. The editor then offers to reload or to overwrite — never silently.

SKU, image and certificate writes don't bump the product's version (an unrelated SKU edit in another
window must not make this editor's next name edit a "conflict"); they only touch `product.updated_at`.

Undo support. Deleting SKUs or images returns snapshots that `restore_skus` / `restore_images` put back
with the same ids (when still free), so undo commands that name those ids keep working. Image blobs are
never deleted here: an undone "add image" must be redoable; unreferenced blobs are a compaction job.

What users type is checked by `product_input` (pure; the editor uses it as you type) before any write.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from app.db import Workspace
from app.models import (
    AttributeDef,
    Blob,
    Category,
    Certificate,
    ImageRole,
    Product,
    ProductCertificate,
    ProductImage,
    ProductStatus,
    Sku,
    field_limits,
)
from app.models.bilingual import Bilingual, UserFacingError
from app.models.types import utc_now
from app.models.validation import FieldProblem
from app.services.catalogue import completeness as completeness_rules, variants as variant_rules
from app.services.catalogue.factory_profile import ValidationFailed
from app.services.catalogue.images import (
    DerivedImage,
    ImageRejected,
    IntakeLimits,
    add_product_image,
    derived_image,
    reorder_images as _reorder_images,
)
from app.services.catalogue.product_input import (
    PRODUCT_FIELDS,
    SKU_FIELDS,
    clean_axes,
    clean_product_changes,
    clean_sku_changes,
    parse_attribute_input,
    pattern_problems,
)
from app.services.catalogue.search import ensure_search_index, refresh_product_stats
from app.services.kernel import audit

__all__ = [
    "PRODUCT_FIELDS",
    "SKU_FIELDS",
    "DeletedSkus",
    "EditConflict",
    "FieldConflict",
    "ImageAddResult",
    "ImageSnapshot",
    "ProductDetail",
    "ProductService",
    "RecordGone",
    "SkuSnapshot",
    "ValidationFailed",
    "VariantChange",
    "clean_product_changes",
    "clean_sku_changes",
    "parse_attribute_input",
]

_CHUNK = 500


# --- errors ----------------------------------------------------------------------------------------

_ENTITY_WORDS = {"product": ("商品", "The product"), "sku": ("SKU", "The SKU")}


class EditConflict(UserFacingError):
    """Someone else saved the record after this editor loaded it; nothing was written.

    `current_version` is the stored version now: re-apply the edit against it to overwrite. `fields` shows
    the conflict field by field, {field: FieldConflict(theirs, mine)}, for every field this edit changes
    whose stored value is not what the edit would write (empty when the row was not readable).
    """

    fields: dict[str, FieldConflict]

    def __init__(self, entity: str, entity_id: int, label: str, expected_version: int, current_version: int) -> None:
        zh, en = _ENTITY_WORDS.get(entity, (entity, entity))
        super().__init__(Bilingual(
            f"{zh}“{label}”已在其他窗口或由其他人修改（你编辑的是第 {expected_version} 版，现在是第 "
            f"{current_version} 版）。你的修改没有保存。",
            f"{en} “{label}” was changed in another window or by someone else (you edited version "
            f"{expected_version}; it is now version {current_version}). Your change was not saved."))
        self.entity = entity
        self.entity_id = entity_id
        self.label = label
        self.expected_version = expected_version
        self.current_version = current_version
        self.fields = {}

    def show_fields(self, fields: dict[str, FieldConflict]) -> None:
        """Attach the field-by-field conflict and say it in the message (what the editor's question shows)."""
        self.fields = fields
        if not fields:
            return
        lines_zh = [f"{field_limits.label(name).zh}：对方保存的是“{_shown(c.theirs)}”，你的是“{_shown(c.mine)}”"
                    for name, c in fields.items()]
        lines_en = [f"{field_limits.label(name).en}: they saved “{_shown(c.theirs)}”, yours is “{_shown(c.mine)}”"
                    for name, c in fields.items()]
        self.message = Bilingual("\n".join([self.message.zh, *lines_zh]), "\n".join([self.message.en, *lines_en]))
        self.args = (self.message.en,)


def _shown(value: Any, limit: int = 60) -> str:
    """A stored value as a conflict line shows it: plain, one line, cut with … when long."""
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class FieldConflict:
    """One field of a lost save: the value stored now (theirs) and the value this editor tried to save (mine)."""

    theirs: Any
    mine: Any


class RecordGone(UserFacingError):
    """The product, SKU or image was deleted (perhaps in another window)."""


def _gone(entity: str, entity_id: int) -> RecordGone:
    zh, en = _ENTITY_WORDS.get(entity, ("记录", "The record"))
    return RecordGone(Bilingual(f"{zh}已被删除（编号 {entity_id}）。", f"{en} was deleted (id {entity_id})."))


def _problem(field_name: str, code: str, zh: str, en: str) -> FieldProblem:
    return FieldProblem(field_name, code, Bilingual(zh, en))


# --- snapshots ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SkuSnapshot:
    """One SKU as stored: enough to show it, edit it against its version, or restore it after a delete."""

    id: int
    product_id: int
    code: str
    options: Mapping[str, str]
    gtin: str
    weight_g: int | None
    length_mm: int | None
    width_mm: int | None
    height_mm: int | None
    cost: Decimal | None
    position: int
    version: int

    @classmethod
    def of(cls, sku: Sku) -> SkuSnapshot:
        assert sku.id is not None
        return cls(sku.id, sku.product_id, sku.code, dict(sku.options or {}), sku.gtin or "", sku.weight_g,
                   sku.length_mm, sku.width_mm, sku.height_mm, sku.cost, sku.position, sku.version)

    def value(self, name: str) -> Any:
        return getattr(self, name)


@dataclass(frozen=True)
class ImageSnapshot:
    """One product image's metadata (its bytes stay in the blob)."""

    id: int
    product_id: int
    blob_id: int
    sku_id: int | None
    role: str
    position: int
    width: int
    height: int
    alt: str
    file_name: str

    @classmethod
    def of(cls, image: ProductImage) -> ImageSnapshot:
        assert image.id is not None
        return cls(image.id, image.product_id, image.blob_id, image.sku_id, image.role, image.position,
                   image.width, image.height, image.alt, image.file_name)


@dataclass(frozen=True)
class ProductDetail:
    """What the editor shows: the product's fields, its SKUs, images, linked certificates, and its version."""

    id: int
    code: str
    name_zh: str
    name_en: str
    category_id: int | None
    brand: str
    status: str
    description_zh: str
    description_en: str
    selling_points_zh: tuple[str, ...]
    selling_points_en: tuple[str, ...]
    materials: str
    differentiator: str
    attributes: Mapping[str, Any]
    axes: tuple[Mapping[str, Any], ...]
    sku_pattern: str
    reference_price: Decimal | None
    reference_label: str
    currency: str
    version: int
    updated_at: datetime
    skus: tuple[SkuSnapshot, ...] = ()
    images: tuple[ImageSnapshot, ...] = ()
    certificate_ids: frozenset[int] = frozenset()

    def value(self, name: str) -> Any:
        """A field's value in the shape `update_product_fields` takes (lists, not tuples)."""
        current = getattr(self, name)
        if name in ("selling_points_zh", "selling_points_en"):
            return list(current)
        if name == "axes":
            return copy.deepcopy([dict(axis) for axis in current])
        if name == "attributes":
            return dict(current)
        return current

    def sku(self, sku_id: int) -> SkuSnapshot | None:
        return next((sku for sku in self.skus if sku.id == sku_id), None)

    def image(self, image_id: int) -> ImageSnapshot | None:
        return next((image for image in self.images if image.id == image_id), None)

    @property
    def variant_axes(self) -> tuple[variant_rules.VariantAxis, ...]:
        return variant_rules.axes_from_json(self.axes)


@dataclass(frozen=True)
class DeletedSkus:
    """SKUs removed by a delete, with the images that pointed at them: what `restore_skus` puts back."""

    skus: tuple[SkuSnapshot, ...] = ()
    image_links: Mapping[int, int] = field(default_factory=dict)  # image id -> SKU id

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(sku.id for sku in self.skus)


@dataclass(frozen=True)
class VariantChange:
    """What `apply_variant_plan` did: the plan, the SKUs it added and deleted, the product's new version."""

    plan: variant_rules.VariantPlan
    added: tuple[SkuSnapshot, ...]
    deleted: DeletedSkus
    version: int


@dataclass(frozen=True)
class ImageAddResult:
    """One file of `add_images`: added (or already there), or refused with a reason in both languages."""

    source: str
    image: ImageSnapshot | None = None
    reason: Bilingual | None = None
    duplicate: bool = False

    @property
    def added(self) -> bool:
        return self.image is not None and not self.duplicate


# --- the service -------------------------------------------------------------------------------------

class ProductService:
    """What the product editor (and the command line) do with products, SKUs, images and evidence."""

    def __init__(self, workspace: Workspace, *, image_limits: IntakeLimits | None = None) -> None:
        self._workspace = workspace
        self._image_limits = image_limits
        # The catalogue stats refreshed after each write live in derived tables; cheap when present.
        ensure_search_index(workspace.engine, refresh_stats=False)

    @property
    def workspace(self) -> Workspace:
        return self._workspace

    # ----- reading -------------------------------------------------------------------------------------
    def load(self, product_id: int) -> ProductDetail:
        """The product with its SKUs, images' metadata, linked certificates and version."""
        with self._workspace.session() as session:
            product = session.get(Product, product_id)
            if product is None:
                raise _gone("product", product_id)
            return _detail(session, product)

    def product_id_for_code(self, code: str) -> int | None:
        with self._workspace.session() as session:
            return session.exec(select(Product.id).where(Product.code == code)).first()

    def categories(self) -> list[Category]:
        with self._workspace.session() as session:
            return list(session.exec(select(Category).order_by(col(Category.id))))

    def attribute_template(self, category_id: int | None) -> list[AttributeDef]:
        """The category's attributes in display order (axes included); [] without a category."""
        if category_id is None:
            return []
        with self._workspace.session() as session:
            return _template(session, category_id)

    def list_certificates(self) -> list[Certificate]:
        """The factory's certificates, to link as evidence."""
        with self._workspace.session() as session:
            return list(session.exec(select(Certificate).order_by(col(Certificate.id))))

    def completeness(self, product_id: int) -> completeness_rules.Completeness:
        """Score and what is missing, per platform (the rules of `completeness.assess`)."""
        with self._workspace.session() as session:
            product = session.get(Product, product_id)
            if product is None:
                raise _gone("product", product_id)
            skus = list(session.exec(select(Sku).where(Sku.product_id == product_id).order_by(col(Sku.position))))
            roles = session.exec(select(ProductImage.role).where(ProductImage.product_id == product_id)).all()
            template = _template(session, product.category_id) if product.category_id is not None else []
            facts = completeness_rules.facts_from_models(product, skus, roles, template)
        return completeness_rules.assess(facts)

    def thumbnail(self, image_id: int, size: int = 160) -> DerivedImage:
        """A square thumbnail on white, made on demand from the stored original (never stored)."""
        return derived_image(self.image_bytes(image_id), size, pad_white=True)

    def image_bytes(self, image_id: int) -> bytes:
        with self._workspace.session() as session:
            image = session.get(ProductImage, image_id)
            if image is None:
                raise _gone("image", image_id)
            blob = session.get(Blob, image.blob_id)
            assert blob is not None
            return blob.data

    def preview_variant_plan(self, product_id: int, axes: Any, pattern: str) -> variant_rules.VariantPlan:
        """What applying `axes` and `pattern` would add, keep and delete, with platform warnings (no write)."""
        with self._workspace.session() as session:
            product = session.get(Product, product_id)
            if product is None:
                raise _gone("product", product_id)
            return self._plan(session, product, _axes(axes), pattern)

    # ----- products ------------------------------------------------------------------------------------
    def create_product(self, code: str, name_zh: str = "", name_en: str = "",
                       category_id: int | None = None) -> ProductDetail:
        """A new draft product; the code is validated and must be unused."""
        cleaned, problems = clean_product_changes(
            {"code": code, "name_zh": name_zh, "name_en": name_en, "category_id": category_id})
        if problems:
            raise ValidationFailed(problems)
        with self._workspace.session() as session:
            self._check_product_code_free(session, cleaned["code"], None)
            self._check_category(session, cleaned["category_id"])
            product = Product(**cleaned, status=ProductStatus.DRAFT.value)
            session.add(product)
            self._flush(session)
            assert product.id is not None
            audit.record(session, "product", product.id, "create", {"code": product.code})
            refresh_product_stats(session, [product.id])
            return _detail(session, product)

    def update_product_fields(self, product_id: int, expected_version: int, changes: Mapping[str, Any]) -> int:
        """Save field changes made against `expected_version`; returns the new version.

        Raises ValidationFailed (nothing saved), EditConflict (someone saved since), RecordGone.
        """
        cleaned, problems = clean_product_changes(changes)
        if problems:
            raise ValidationFailed(problems)
        with self._conflicts_by_field(Product, product_id, cleaned), self._write(product_id) as session:
            product = self._product_for_update(session, product_id, expected_version)
            changed = {name: value for name, value in cleaned.items() if _differs(getattr(product, name), value)}
            if "code" in changed:
                self._check_product_code_free(session, changed["code"], product_id)
            if "category_id" in changed:
                self._check_category(session, changed["category_id"])
            if not changed:
                return product.version
            for name, value in changed.items():
                setattr(product, name, value)
            product.updated_at = utc_now()
            session.add(product)
            self._flush_versioned(session, "product", product_id, product.code, expected_version)
            audit.record(session, "product", product_id, "update",
                         {"fields": sorted(changed), "version": product.version})
            return product.version

    # ----- SKUs --------------------------------------------------------------------------------------------
    def update_sku_fields(self, sku_id: int, expected_version: int, changes: Mapping[str, Any]) -> int:
        """Save SKU field changes made against `expected_version`; returns the SKU's new version."""
        cleaned, problems = clean_sku_changes(changes)
        if problems:
            raise ValidationFailed(problems)
        with self._conflicts_by_field(Sku, sku_id, cleaned), self._workspace.session() as session:
            sku = session.get(Sku, sku_id)
            if sku is None:
                raise _gone("sku", sku_id)
            if sku.version != expected_version:
                raise EditConflict("sku", sku_id, sku.code, expected_version, sku.version)
            changed = {name: value for name, value in cleaned.items() if _differs(getattr(sku, name), value)}
            if "code" in changed:
                self._check_sku_code_free(session, changed["code"], sku_id)
            if changed.get("gtin"):
                self._check_gtin_free(session, changed["gtin"], sku_id)
            if not changed:
                return sku.version
            for name, value in changed.items():
                setattr(sku, name, value)
            session.add(sku)
            self._flush_versioned(session, "sku", sku_id, sku.code, expected_version)
            audit.record(session, "sku", sku_id, "update",
                         {"code": sku.code, "fields": sorted(changed), "version": sku.version})
            self._after_write(session, sku.product_id)
            return sku.version

    def apply_variant_plan(self, product_id: int, axes: Any, pattern: str, expected_version: int | None = None, *,
                           add_missing: bool = True, delete_missing: bool = False) -> VariantChange:
        """Save the axes and pattern, add the SKUs the matrix lacks (existing SKUs are never touched).

        SKUs that no longer fit the axes are deleted only with `delete_missing` (ask the user first:
        `preview_variant_plan(...).to_delete` lists them). Raises ValidationFailed when the plan has problems.
        """
        axes_json, problems = clean_axes(_axes_json(axes))
        problems += pattern_problems(pattern)
        if problems:
            raise ValidationFailed(problems)
        with self._write(product_id) as session:
            product = self._product_for_update(session, product_id, expected_version)
            plan = self._plan(session, product, variant_rules.axes_from_json(axes_json), pattern)
            if not plan.ok:
                raise ValidationFailed([FieldProblem("sku_pattern", "plan", message) for message in plan.problems])
            before = product.version
            if _differs(product.axes, axes_json) or product.sku_pattern != pattern:
                product.axes, product.sku_pattern, product.updated_at = axes_json, pattern, utc_now()
                session.add(product)
                self._flush_versioned(session, "product", product_id, product.code, before)
            added: list[Sku] = []
            if add_missing:
                for planned in plan.to_add:
                    sku = Sku(product_id=product_id, code=planned.code, options=dict(planned.options),
                              position=planned.position)
                    session.add(sku)
                    added.append(sku)
                self._flush(session)
            deleted = _delete_skus(session, [sku.id for sku in plan.to_delete if sku.id is not None]) \
                if delete_missing else DeletedSkus()
            audit.record(session, "product", product_id, "variants",
                         {"added": [sku.code for sku in added], "deleted": [sku.code for sku in deleted.skus],
                          "axes": [axis["key"] for axis in axes_json], "pattern": pattern})
            return VariantChange(plan, tuple(SkuSnapshot.of(sku) for sku in added), deleted, product.version)

    def set_variant_state(self, product_id: int, expected_version: int | None, axes: Any, pattern: str, *,
                          restore: DeletedSkus | None = None, remove_ids: Sequence[int] = ()) -> DeletedSkus:
        """Undo/redo of a variant change in one transaction: axes and pattern as given, SKUs `remove_ids`
        deleted, the SKUs of `restore` put back. Returns what was deleted (to restore it in turn)."""
        axes_json, problems = clean_axes(_axes_json(axes))
        problems += pattern_problems(pattern)
        if problems:
            raise ValidationFailed(problems)
        with self._write(product_id) as session:
            product = self._product_for_update(session, product_id, expected_version)
            before = product.version
            if _differs(product.axes, axes_json) or product.sku_pattern != pattern:
                product.axes, product.sku_pattern, product.updated_at = axes_json, pattern, utc_now()
                session.add(product)
                self._flush_versioned(session, "product", product_id, product.code, before)
            removed = _delete_skus(session, [i for i in remove_ids if session.get(Sku, i) is not None])
            restored = _restore_skus(session, product_id, restore) if restore else []
            audit.record(session, "product", product_id, "variants",
                         {"restored": restored, "deleted": [sku.code for sku in removed.skus],
                          "axes": [axis["key"] for axis in axes_json], "pattern": pattern})
            return removed

    def delete_skus(self, sku_ids: Iterable[int]) -> DeletedSkus:
        """Delete SKUs (any that are already gone are skipped); returns what `restore_skus` needs."""
        ids = list(dict.fromkeys(sku_ids))
        with self._workspace.session() as session:
            product_ids = {sku.product_id for sku in (session.get(Sku, i) for i in ids) if sku is not None}
            deleted = _delete_skus(session, ids)
            for product_id in product_ids:
                audit.record(session, "sku", product_id, "delete",
                             {"skus": [sku.code for sku in deleted.skus if sku.product_id == product_id]})
                self._after_write(session, product_id)
            return deleted

    def restore_skus(self, deleted: DeletedSkus) -> list[str]:
        """Put deleted SKUs back (same ids when still free) and re-link their images; returns their codes."""
        if not deleted.skus:
            return []
        product_id = deleted.skus[0].product_id
        with self._workspace.session() as session:
            if session.get(Product, product_id) is None:
                raise _gone("product", product_id)
            codes = _restore_skus(session, product_id, deleted)
            audit.record(session, "sku", product_id, "create", {"skus": codes, "source": "restore"})
            self._after_write(session, product_id)
            return codes

    # ----- images --------------------------------------------------------------------------------------
    def add_images(self, product_id: int, paths: Iterable[str | Path], role: str,
                   sku_id: int | None = None) -> list[ImageAddResult]:
        """Check and add each file (see `images.intake_image`); one result per file, in order.

        A refused file (too big, not an image, a decompression bomb…) doesn't stop the others. The same
        picture dropped again with the same role comes back as a duplicate, not a second copy.
        """
        _check_role(role)
        results: list[ImageAddResult] = []
        with self._write(product_id) as session:
            if session.get(Product, product_id) is None:
                raise _gone("product", product_id)
            if sku_id is not None:
                self._check_sku_of(session, sku_id, product_id)
            known = set(session.exec(select(ProductImage.id).where(ProductImage.product_id == product_id)).all())
            for path in paths:
                name = Path(path).name
                try:
                    image = add_product_image(session, product_id, Path(path), role, sku_id,
                                              limits=self._image_limits, file_name=name)
                except ImageRejected as error:
                    results.append(ImageAddResult(name, reason=error.message))
                    continue
                results.append(ImageAddResult(name, ImageSnapshot.of(image), duplicate=image.id in known))
                known.add(image.id)
            if any(result.added for result in results):
                self._touch(session, product_id)
        return results

    def delete_images(self, image_ids: Iterable[int]) -> tuple[ImageSnapshot, ...]:
        """Remove images from their product (the blobs stay, so undo can restore); returns snapshots."""
        removed: list[ImageSnapshot] = []
        with self._workspace.session() as session:
            for image_id in dict.fromkeys(image_ids):
                image = session.get(ProductImage, image_id)
                if image is None:
                    continue
                removed.append(ImageSnapshot.of(image))
                session.delete(image)
            self._flush(session)
            for product_id in {snapshot.product_id for snapshot in removed}:
                audit.record(session, "product_image", product_id, "delete",
                             {"images": [s.id for s in removed if s.product_id == product_id]})
                self._after_write(session, product_id)
        return tuple(removed)

    def delete_image(self, image_id: int) -> ImageSnapshot | None:
        removed = self.delete_images([image_id])
        return removed[0] if removed else None

    def restore_images(self, snapshots: Sequence[ImageSnapshot]) -> list[int]:
        """Put removed images back (same ids when free; a SKU that is gone leaves the image unassigned)."""
        restored: list[int] = []
        with self._workspace.session() as session:
            for snapshot in snapshots:
                if session.get(Product, snapshot.product_id) is None or session.get(Blob, snapshot.blob_id) is None:
                    continue
                taken = session.get(ProductImage, snapshot.id) is not None
                sku_ok = snapshot.sku_id is not None and session.get(Sku, snapshot.sku_id) is not None
                image = ProductImage(
                    id=None if taken else snapshot.id, product_id=snapshot.product_id, blob_id=snapshot.blob_id,
                    sku_id=snapshot.sku_id if sku_ok else None, role=snapshot.role, position=snapshot.position,
                    width=snapshot.width, height=snapshot.height, alt=snapshot.alt, file_name=snapshot.file_name)
                session.add(image)
                self._flush(session)
                assert image.id is not None
                restored.append(image.id)
            for product_id in {snapshot.product_id for snapshot in snapshots}:
                audit.record(session, "product_image", product_id, "create", {"images": restored, "source": "restore"})
                self._after_write(session, product_id)
        return restored

    def set_image_role(self, image_id: int, role: str, sku_id: int | None = None) -> ImageSnapshot:
        """Give an image a role (and, for a variant image, its SKU); returns the image as it was."""
        _check_role(role)
        with self._workspace.session() as session:
            image = session.get(ProductImage, image_id)
            if image is None:
                raise _gone("image", image_id)
            before = ImageSnapshot.of(image)
            if sku_id is not None:
                self._check_sku_of(session, sku_id, image.product_id)
            image.role = role
            image.sku_id = sku_id if role == ImageRole.VARIANT.value else None
            session.add(image)
            self._flush(session)
            audit.record(session, "product_image", image.product_id, "update",
                         {"image": image_id, "role": role, "sku": image.sku_id})
            self._after_write(session, image.product_id)
            return before

    def reorder_images(self, product_id: int, ordered_ids: Sequence[int]) -> tuple[int, ...]:
        """Put the product's images in `ordered_ids` order; returns the previous order."""
        with self._write(product_id) as session:
            previous = tuple(session.exec(select(ProductImage.id).where(ProductImage.product_id == product_id)
                                          .order_by(col(ProductImage.position), col(ProductImage.id))).all())
            _reorder_images(session, product_id, list(ordered_ids))  # records its own audit entry
            self._touch(session, product_id)
            return tuple(int(i) for i in previous if i is not None)

    # ----- evidence ----------------------------------------------------------------------------------
    def link_certificate(self, product_id: int, certificate_id: int) -> bool:
        """Link a factory certificate to the product as evidence; False when it was already linked."""
        with self._write(product_id) as session:
            if session.get(Product, product_id) is None:
                raise _gone("product", product_id)
            if session.get(Certificate, certificate_id) is None:
                raise RecordGone(Bilingual("证书已被删除。", "The certificate was deleted."))
            if session.get(ProductCertificate, (product_id, certificate_id)) is not None:
                return False
            session.add(ProductCertificate(product_id=product_id, certificate_id=certificate_id))
            audit.record(session, "product_certificate", product_id, "create", {"certificate": certificate_id})
            self._touch(session, product_id)
            return True

    def unlink_certificate(self, product_id: int, certificate_id: int) -> bool:
        """Remove the evidence link; False when there was none."""
        with self._write(product_id) as session:
            link = session.get(ProductCertificate, (product_id, certificate_id))
            if link is None:
                return False
            session.delete(link)
            audit.record(session, "product_certificate", product_id, "delete", {"certificate": certificate_id})
            self._touch(session, product_id)
            return True

    # ----- helpers -----------------------------------------------------------------------------------
    @contextmanager
    def _write(self, product_id: int) -> Iterator[Session]:
        """One transaction for a write to `product_id`; its catalogue stats are refreshed before commit."""
        with self._workspace.session() as session:
            yield session
            self._after_write(session, product_id)

    def _after_write(self, session: Session, product_id: int) -> None:
        if session.get(Product, product_id) is not None:
            refresh_product_stats(session, [product_id])

    @staticmethod
    def _touch(session: Session, product_id: int) -> None:
        """Move `updated_at` without bumping the version (a Core UPDATE bypasses version_id_col)."""
        table = Product.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass, not declared
        session.execute(sa.update(table).where(table.c.id == product_id).values(updated_at=utc_now()))

    def _product_for_update(self, session: Session, product_id: int, expected_version: int | None) -> Product:
        product = session.get(Product, product_id)
        if product is None:
            raise _gone("product", product_id)
        if expected_version is not None and product.version != expected_version:
            raise EditConflict("product", product_id, product.code, expected_version, product.version)
        return product

    def _flush_versioned(self, session: Session, entity: str, entity_id: int, label: str, expected: int) -> None:
        """Flush; a writer that got in since the check makes the ORM raise StaleDataError -> EditConflict."""
        try:
            self._flush(session)
        except StaleDataError as error:
            raise EditConflict(entity, entity_id, label, expected, self._stored_version(entity, entity_id)) from error

    @contextmanager
    def _conflicts_by_field(self, model: type[Product] | type[Sku], row_id: int,
                            mine: Mapping[str, Any]) -> Iterator[None]:
        """An EditConflict leaving the block gets `fields`: the stored values (read after the losing transaction
        rolled back, so they are the winner's) against the ones this edit tried to save."""
        try:
            yield
        except EditConflict as conflict:
            with self._workspace.session() as session:
                stored = session.get(model, row_id)
                if stored is not None:
                    conflict.show_fields({name: FieldConflict(getattr(stored, name), value)
                                          for name, value in mine.items() if _differs(getattr(stored, name), value)})
            raise

    def _stored_version(self, entity: str, entity_id: int) -> int:
        model: type[Product] | type[Sku] = Product if entity == "product" else Sku
        with self._workspace.engine.connect() as connection:
            version = connection.execute(sa.select(col(model.version)).where(col(model.id) == entity_id)).scalar()
        if version is None:
            raise _gone(entity, entity_id)
        return int(version)

    @staticmethod
    def _flush(session: Session) -> None:
        """Flush, turning a unique-constraint race (two windows taking one code) into a user-facing error."""
        try:
            session.flush()
        except IntegrityError as error:
            raise UserFacingError(Bilingual(
                "没有保存：编码已被占用（可能刚在其他窗口中使用）。", "Not saved: a code is already taken "
                "(perhaps just now, in another window).")) from error

    @staticmethod
    def _check_product_code_free(session: Session, code: str, product_id: int | None) -> None:
        other = session.exec(select(Product.id).where(sa.func.upper(Product.code) == code.upper())).first()
        if other is not None and other != product_id:
            raise ValidationFailed([_problem("code", "taken", f"商品编码 {code} 已被使用。",
                                             f"The product code {code} is already used.")])

    @staticmethod
    def _check_sku_code_free(session: Session, code: str, sku_id: int) -> None:
        other = session.exec(select(Sku.id).where(sa.func.upper(Sku.code) == code.upper())).first()
        if other is not None and other != sku_id:
            raise ValidationFailed([_problem("code", "taken", f"SKU 编码 {code} 已被使用。",
                                             f"The SKU code {code} is already used.")])

    @staticmethod
    def _check_gtin_free(session: Session, gtin: str, sku_id: int) -> None:
        other = session.exec(select(Sku.code).where(Sku.gtin == gtin, Sku.id != sku_id)).first()
        if other is not None:
            raise ValidationFailed([_problem("gtin", "taken", f"条码 {gtin} 已用于 SKU {other}。",
                                             f"The barcode {gtin} is already used by SKU {other}.")])

    @staticmethod
    def _check_category(session: Session, category_id: int | None) -> None:
        if category_id is not None and session.get(Category, category_id) is None:
            raise ValidationFailed([_problem("category_id", "category", "类目不存在。", "The category doesn't exist.")])

    @staticmethod
    def _check_sku_of(session: Session, sku_id: int, product_id: int) -> None:
        sku = session.get(Sku, sku_id)
        if sku is None or sku.product_id != product_id:
            raise RecordGone(Bilingual("所选 SKU 不属于这个商品或已被删除。",
                                       "The chosen SKU isn't one of this product's SKUs, or was deleted."))

    def _plan(self, session: Session, product: Product, axes: Sequence[variant_rules.VariantAxis],
              pattern: str) -> variant_rules.VariantPlan:
        """Plan against the product's SKUs; codes used by other products are avoided (looked up, not listed)."""
        assert product.id is not None
        existing = [variant_rules.ExistingSku(sku.code, dict(sku.options or {}), sku.id, sku.position)
                    for sku in session.exec(select(Sku).where(Sku.product_id == product.id)
                                            .order_by(col(Sku.position), col(Sku.id)))]
        taken: set[str] = set()
        while True:
            plan = variant_rules.plan_variants(product.code, pattern, axes, existing, taken_codes=taken)
            clash = _codes_used_elsewhere(session, [sku.code for sku in plan.to_add], product.id) - taken
            if not clash:
                return plan
            taken |= clash


# --- module helpers -----------------------------------------------------------------------------------

def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, Decimal) and isinstance(new, Decimal):
        return current != new or str(current) != str(new)  # 1.0 vs 1.00: keep what the user typed
    return bool(current != new)


def _axes(axes: Any) -> tuple[variant_rules.VariantAxis, ...]:
    return variant_rules.axes_from_json(_axes_json(axes))


def _axes_json(axes: Any) -> list[dict[str, Any]]:
    """Axes as Product.axes JSON, from JSON or from `VariantAxis` objects."""
    items = list(axes)
    if items and isinstance(items[0], variant_rules.VariantAxis):
        return variant_rules.axes_to_json(items)
    return [dict(item) for item in items]


def _check_role(role: str) -> None:
    if role not in {item.value for item in ImageRole}:
        raise ValueError(f"unknown image role {role!r}")


def _template(session: Session, category_id: int) -> list[AttributeDef]:
    return list(session.exec(select(AttributeDef).where(AttributeDef.category_id == category_id)
                             .order_by(col(AttributeDef.position), col(AttributeDef.id))))


def _codes_used_elsewhere(session: Session, codes: Sequence[str], product_id: int) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(codes), _CHUNK):
        chunk = [code.upper() for code in codes[start:start + _CHUNK]]
        found |= {code.upper() for code in session.exec(select(Sku.code).where(
            sa.func.upper(Sku.code).in_(chunk), Sku.product_id != product_id)).all()}
    return found


def _detail(session: Session, product: Product) -> ProductDetail:
    assert product.id is not None
    skus = session.exec(select(Sku).where(Sku.product_id == product.id).order_by(col(Sku.position), col(Sku.id)))
    images = session.exec(select(ProductImage).where(ProductImage.product_id == product.id)
                          .order_by(col(ProductImage.position), col(ProductImage.id)))
    certificates = session.exec(select(ProductCertificate.certificate_id)
                                .where(ProductCertificate.product_id == product.id)).all()
    return ProductDetail(
        id=product.id, code=product.code, name_zh=product.name_zh, name_en=product.name_en,
        category_id=product.category_id, brand=product.brand, status=product.status,
        description_zh=product.description_zh, description_en=product.description_en,
        selling_points_zh=tuple(product.selling_points_zh or ()),
        selling_points_en=tuple(product.selling_points_en or ()),
        materials=product.materials, differentiator=product.differentiator,
        attributes=dict(product.attributes or {}), axes=tuple(copy.deepcopy(list(product.axes or []))),
        sku_pattern=product.sku_pattern, reference_price=product.reference_price,
        reference_label=product.reference_label, currency=product.currency, version=product.version,
        updated_at=product.updated_at, skus=tuple(SkuSnapshot.of(sku) for sku in skus),
        images=tuple(ImageSnapshot.of(image) for image in images), certificate_ids=frozenset(certificates),
    )


def _delete_skus(session: Session, sku_ids: Sequence[int]) -> DeletedSkus:
    """Delete SKUs in the caller's transaction, remembering which images pointed at them."""
    skus = [sku for sku in (session.get(Sku, i) for i in sku_ids) if sku is not None]
    if not skus:
        return DeletedSkus()
    ids = [sku.id for sku in skus]
    links = {image.id: image.sku_id for image in session.exec(
        select(ProductImage).where(col(ProductImage.sku_id).in_(ids))) if image.id is not None and image.sku_id}
    snapshots = tuple(SkuSnapshot.of(sku) for sku in skus)
    for sku in skus:
        session.delete(sku)
    session.flush()
    return DeletedSkus(snapshots, links)


def _restore_skus(session: Session, product_id: int, deleted: DeletedSkus) -> list[str]:
    """Re-insert SKUs with their ids (when free) and data, then re-link their images."""
    new_ids: dict[int, int] = {}
    codes = []
    for snapshot in deleted.skus:
        taken = session.get(Sku, snapshot.id) is not None
        sku = Sku(id=None if taken else snapshot.id, product_id=product_id, code=snapshot.code,
                  options=dict(snapshot.options), gtin=snapshot.gtin, weight_g=snapshot.weight_g,
                  length_mm=snapshot.length_mm, width_mm=snapshot.width_mm, height_mm=snapshot.height_mm,
                  cost=snapshot.cost, position=snapshot.position)
        session.add(sku)
        ProductService._flush(session)
        assert sku.id is not None
        new_ids[snapshot.id] = sku.id
        codes.append(sku.code)
    for image_id, sku_id in deleted.image_links.items():
        image = session.get(ProductImage, image_id)
        if image is not None and image.sku_id is None and sku_id in new_ids:
            image.sku_id = new_ids[sku_id]
            session.add(image)
    session.flush()
    return codes
