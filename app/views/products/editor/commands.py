"""Undo commands of the product editor, one per kind of edit, on the app's shared `QUndoStack`.

Each command is pushed after its save succeeded (`done=True`), so the stack's first `redo()` is skipped;
later undo/redo calls save again through `EditorState` (validation, version checks, conflict questions).
When an undo or redo can't be applied — the user chose "Reload" after a conflict, or the record is gone —
the command marks itself obsolete and Qt drops it from the stack instead of leaving a step that lies.

Merging: consecutive edits of the same field (or the same SKU cell) within `MERGE_SECONDS` become one
step, so a description saved while typing undoes in one go, not keystroke by keystroke.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from app.services.catalogue.products import DeletedSkus, ImageSnapshot, ProductService

T = TypeVar("T")


class EditorState(Protocol):
    """What an undo command needs from the editor's state (`state.EditorState`): the product, the service,
    and the state's writes, which report a failure to the user and answer None/False."""

    product_id: int
    service: ProductService

    def run(self, write: Callable[[], T]) -> T | None: ...
    def save_product(self, changes: dict[str, Any]) -> bool: ...
    def save_sku(self, sku_id: int, changes: dict[str, Any]) -> bool: ...
    def save_variant_state(self, axes: list[dict[str, Any]], pattern: str, restore: DeletedSkus,
                           remove_ids: Iterable[int]) -> DeletedSkus | None: ...
    def save_certificate_link(self, certificate_id: int, linked: bool) -> bool: ...

#: Edits of one field closer together than this merge into one undo step.
MERGE_SECONDS = 3.0
#: QUndoCommand ids (commands with the same id are offered to `mergeWith`).
MERGE_PRODUCT_FIELD = 0x5044_0001
MERGE_SKU_CELL = 0x5044_0002




class EditorCommand(QUndoCommand):
    """A command whose first redo is skipped (the edit was saved before the push)."""

    def __init__(self, state: EditorState, text: str) -> None:
        super().__init__(text)
        self.state = state
        self._pushed = True

    def redo(self) -> None:
        if self._pushed:
            self._pushed = False
            return
        if not self.apply_redo():
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.apply_undo():
            self.setObsolete(True)

    def apply_redo(self) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def apply_undo(self) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError


class _Mergeable(EditorCommand):
    """Merges with the next command of the same id and key when it follows within MERGE_SECONDS."""

    merge_id = -1

    def __init__(self, state: EditorState, text: str, merge_key: object) -> None:
        super().__init__(state, text)
        self.merge_key = merge_key
        self._last = time.monotonic()

    def id(self) -> int:
        return self.merge_id if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Mergeable) or other.state is not self.state or other.merge_key != self.merge_key:
            return False
        if other._last - self._last > MERGE_SECONDS:
            return False
        self._take_after(other)
        self._last = other._last
        if self._is_no_op():
            self.setObsolete(True)  # typed and typed back: nothing to undo
        return True

    def _take_after(self, other: _Mergeable) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _is_no_op(self) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError


class ProductFieldsCommand(_Mergeable):
    """Product fields changed (name, description, attributes, axes…)."""

    merge_id = MERGE_PRODUCT_FIELD

    def __init__(self, state: EditorState, before: dict[str, Any], after: dict[str, Any], text: str,
                 merge_key: str | None = None) -> None:
        super().__init__(state, text, merge_key)
        self.before = before
        self.after = after

    def apply_redo(self) -> bool:
        return self.state.save_product(self.after)

    def apply_undo(self) -> bool:
        return self.state.save_product(self.before)

    def _take_after(self, other: _Mergeable) -> None:
        assert isinstance(other, ProductFieldsCommand)
        self.after = {**self.after, **other.after}

    def _is_no_op(self) -> bool:
        return self.before == self.after


class SkuFieldCommand(_Mergeable):
    """One SKU cell changed (code, GTIN, weight, a dimension, cost)."""

    merge_id = MERGE_SKU_CELL

    def __init__(self, state: EditorState, sku_id: int, field: str, before: Any, after: Any, text: str) -> None:
        super().__init__(state, text, (sku_id, field))
        self.sku_id = sku_id
        self.field = field
        self.before = before
        self.after = after

    def apply_redo(self) -> bool:
        return self.state.save_sku(self.sku_id, {self.field: self.after})

    def apply_undo(self) -> bool:
        return self.state.save_sku(self.sku_id, {self.field: self.before})

    def _take_after(self, other: _Mergeable) -> None:
        assert isinstance(other, SkuFieldCommand)
        self.after = other.after

    def _is_no_op(self) -> bool:
        return bool(self.before == self.after)


class VariantCommand(EditorCommand):
    """Axes/pattern changed with SKUs generated and/or deleted, as one step."""

    def __init__(self, state: EditorState, text: str, before: tuple[list[dict[str, Any]], str],
                 after: tuple[list[dict[str, Any]], str], added: DeletedSkus, deleted: DeletedSkus) -> None:
        super().__init__(state, text)
        self.before = before
        self.after = after
        self.added = added      # the SKUs the step created (as snapshots, to put back on redo)
        self.deleted = deleted  # the SKUs the step deleted (to put back on undo)

    def apply_undo(self) -> bool:
        removed = self.state.save_variant_state(*self.before, restore=self.deleted, remove_ids=self.added.ids)
        if removed is None:
            return False
        self.added = removed  # their latest data (and image links), for redo
        return True

    def apply_redo(self) -> bool:
        removed = self.state.save_variant_state(*self.after, restore=self.added, remove_ids=self.deleted.ids)
        if removed is None:
            return False
        self.deleted = removed
        return True


class DeleteSkusCommand(EditorCommand):
    def __init__(self, state: EditorState, deleted: DeletedSkus) -> None:
        super().__init__(state, QCoreApplication.translate("ProductEditor", "Delete %n SKU(s)", None,
                                                           len(deleted.skus)))
        self.deleted = deleted

    def apply_undo(self) -> bool:
        return self.state.run(lambda: self.state.service.restore_skus(self.deleted)) is not None

    def apply_redo(self) -> bool:
        deleted = self.state.run(lambda: self.state.service.delete_skus(self.deleted.ids))
        if deleted is None:
            return False
        self.deleted = deleted
        return True


class AddImagesCommand(EditorCommand):
    """Images added by a drop or a pick; undo removes them (their blobs stay, so redo can restore)."""

    def __init__(self, state: EditorState, added: tuple[ImageSnapshot, ...]) -> None:
        super().__init__(state, QCoreApplication.translate("ProductEditor", "Add %n image(s)", None, len(added)))
        self.images = added

    def apply_undo(self) -> bool:
        removed = self.state.run(lambda: self.state.service.delete_images([image.id for image in self.images]))
        if removed is None:
            return False
        self.images = removed or self.images
        return True

    def apply_redo(self) -> bool:
        restored = self.state.run(lambda: self.state.service.restore_images(self.images))
        return restored is not None


class DeleteImagesCommand(EditorCommand):
    def __init__(self, state: EditorState, removed: tuple[ImageSnapshot, ...]) -> None:
        super().__init__(state, QCoreApplication.translate("ProductEditor", "Delete %n image(s)", None,
                                                           len(removed)))
        self.images = removed

    def apply_undo(self) -> bool:
        return self.state.run(lambda: self.state.service.restore_images(self.images)) is not None

    def apply_redo(self) -> bool:
        removed = self.state.run(lambda: self.state.service.delete_images([image.id for image in self.images]))
        if removed is None:
            return False
        self.images = removed or self.images
        return True


class ImageRoleCommand(EditorCommand):
    def __init__(self, state: EditorState, image_id: int, before: tuple[str, int | None],
                 after: tuple[str, int | None]) -> None:
        super().__init__(state, QCoreApplication.translate("ProductEditor", "Change image role"))
        self.image_id = image_id
        self.before = before
        self.after = after

    def _set(self, role: str, sku_id: int | None) -> bool:
        return self.state.run(lambda: self.state.service.set_image_role(self.image_id, role, sku_id)) is not None

    def apply_undo(self) -> bool:
        return self._set(*self.before)

    def apply_redo(self) -> bool:
        return self._set(*self.after)


class ReorderImagesCommand(EditorCommand):
    def __init__(self, state: EditorState, before: tuple[int, ...], after: tuple[int, ...]) -> None:
        super().__init__(state, QCoreApplication.translate("ProductEditor", "Reorder images"))
        self.before = before
        self.after = after

    def _order(self, ids: tuple[int, ...]) -> bool:
        product_id = self.state.product_id
        return self.state.run(lambda: self.state.service.reorder_images(product_id, ids)) is not None

    def apply_undo(self) -> bool:
        return self._order(self.before)

    def apply_redo(self) -> bool:
        return self._order(self.after)


class CertificateLinkCommand(EditorCommand):
    def __init__(self, state: EditorState, certificate_id: int, linked: bool) -> None:
        text = (QCoreApplication.translate("ProductEditor", "Link certificate") if linked
                else QCoreApplication.translate("ProductEditor", "Unlink certificate"))
        super().__init__(state, text)
        self.certificate_id = certificate_id
        self.linked = linked

    def apply_undo(self) -> bool:
        return self.state.save_certificate_link(self.certificate_id, not self.linked)

    def apply_redo(self) -> bool:
        return self.state.save_certificate_link(self.certificate_id, self.linked)
