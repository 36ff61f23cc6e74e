"""The editor's state: one product as loaded, the saves that change it, and the undo commands they push.

Widgets never write: they call `EditorState` methods, which save through `ProductService` first and, when
the save succeeded, push an already-done `QUndoCommand` on the shared undo stack. Undo and redo re-apply
through the same methods, so every path goes through the service's validation and version checks.

After every save the state reloads the product and emits `changed`; the tabs then refresh their widgets
under `QSignalBlocker`, so a refresh never echoes back as an edit (architecture.md, two-way binding).

The state is deliberately not a child of the dialog: commands on the shared stack keep it alive after the
editor window is closed, and Edit → Undo in the main window still works (it just has no widgets to refresh).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoStack

from app.models import AttributeDef, ImageRole
from app.models.bilingual import UserFacingError
from app.services.catalogue.factory_profile import ValidationFailed
from app.services.catalogue.products import (
    DeletedSkus,
    EditConflict,
    ImageAddResult,
    ImageSnapshot,
    ProductDetail,
    ProductService,
    RecordGone,
    clean_sku_changes,
)
from app.views.kit.i18n import current_language
from app.views.products.editor import commands

log = logging.getLogger(__name__)
T = TypeVar("T")

#: "Add as" choice for dropped images: the first accepted file becomes the main image when there is none.
AUTO_ROLE = "auto"



class ConflictChoice(Enum):
    """What the user wants when someone else saved the product first."""

    RELOAD = "reload"        # discard my edit, show what is stored
    OVERWRITE = "overwrite"  # take the stored version and re-apply my edit on top


ConflictResolver = Callable[[EditConflict], ConflictChoice]
ErrorReporter = Callable[[BaseException], None]


class EditorState(QObject):
    """One product being edited: its detail, its category template, and every save."""

    #: After every save, reload or failed save: the tabs refresh from `detail` (under signal blockers).
    changed = Signal()
    #: ("saved" | "error" | "discarded", text in the UI language) for the dialog's status line.
    status = Signal(str, str)
    #: The product id, after any successful write (for the catalogue page to refresh its row).
    product_saved = Signal(int)
    #: Results of an image drop or pick: (added count, [(file name, reason text)]).
    images_done = Signal(int, list)

    def __init__(self, service: ProductService, undo_stack: QUndoStack, product_id: int) -> None:
        super().__init__()
        self.service = service
        self.undo_stack = undo_stack
        self.product_id = product_id
        self.detail: ProductDetail = service.load(product_id)
        self.template: list[AttributeDef] = service.attribute_template(self.detail.category_id)
        self._template_category = self.detail.category_id
        self.last_error: BaseException | None = None
        #: Asked when a save meets a newer version; the dialog installs one that asks the user.
        self.conflict_resolver: ConflictResolver = lambda _conflict: ConflictChoice.RELOAD
        #: Told about failures that aren't validation problems (those go to `status`).
        self.error_reporter: ErrorReporter | None = None

    # ----- reading -------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the product again (someone else changed it, or after a save)."""
        try:
            self.detail = self.service.load(self.product_id)
        except RecordGone as error:
            self._fail(error)
            return
        if self.detail.category_id != self._template_category:
            self.template = self.service.attribute_template(self.detail.category_id)
            self._template_category = self.detail.category_id
        self.changed.emit()

    @property
    def axis_template(self) -> list[AttributeDef]:
        return [attribute for attribute in self.template if attribute.is_axis]

    @property
    def attribute_fields(self) -> list[AttributeDef]:
        return [attribute for attribute in self.template if not attribute.is_axis]

    # ----- edits a user makes (save first, then push an already-done command) ------------------------
    def edit_product(self, changes: dict[str, Any] | Callable[[ProductDetail], dict[str, Any]], text: str,
                     merge_key: str | None = None) -> bool:
        """Save product field changes and push them as one undoable step.

        `changes` may be a function of the product (e.g. "this attribute set to 38" applied to the whole
        attributes dict): after a conflict resolved with Overwrite it is applied again to the newer
        version, so only this edit is re-applied and the other person's other changes survive.
        """
        make = changes if callable(changes) else (lambda _detail: dict(changes))
        edit: dict[str, dict[str, Any]] = {}

        def prepare() -> None:
            edit["after"] = make(self.detail)
            edit["before"] = {name: self.detail.value(name) for name in edit["after"]}

        prepare()
        saved = self._versioned(lambda version: self.service.update_product_fields(
            self.product_id, version, edit["after"]), on_overwrite=prepare)
        if saved is None:
            return False
        self.undo_stack.push(commands.ProductFieldsCommand(self, edit["before"], edit["after"], text, merge_key))
        return True

    def edit_sku(self, sku_id: int, field: str, raw: Any, text: str) -> bool:
        """Save one SKU cell and push it as an undoable step (merged with quick re-edits of that cell)."""
        sku = self.detail.sku(sku_id)
        if sku is None:
            self.reload()
            return False
        cleaned, problems = clean_sku_changes({field: raw})
        if problems:
            self.last_error = ValidationFailed(problems)
            self._report_status("error", self.last_error)
            return False
        before = {"value": sku.value(field)}

        def prepare() -> None:  # Overwrite: undo goes back to the version we overwrote
            current = self.detail.sku(sku_id)
            if current is not None:
                before["value"] = current.value(field)

        changes = {field: cleaned[field]}
        saved = self._versioned(lambda version: self.service.update_sku_fields(sku_id, version, changes),
                                sku.version, on_overwrite=prepare)
        if saved is None:
            return False
        self.undo_stack.push(commands.SkuFieldCommand(self, sku_id, field, before["value"], cleaned[field], text))
        return True

    def change_variants(self, axes: list[dict[str, Any]], pattern: str, text: str, *, add_missing: bool,
                        delete_missing: bool) -> bool:
        """Generate SKUs and/or delete the ones that no longer fit, as one undoable step."""
        before_axes, before_pattern = self.detail.value("axes"), self.detail.sku_pattern
        change = self._versioned(lambda version: self.service.apply_variant_plan(
            self.product_id, axes, pattern, version, add_missing=add_missing, delete_missing=delete_missing))
        if change is None:
            return False
        if change.added or change.deleted.skus or before_axes != axes or before_pattern != pattern:
            self.undo_stack.push(commands.VariantCommand(
                self, text, (before_axes, before_pattern), (axes, pattern), DeletedSkus(change.added), change.deleted))
        return True

    def delete_skus(self, sku_ids: Sequence[int]) -> bool:
        deleted = self.run(lambda: self.service.delete_skus(sku_ids))
        if deleted is None or not deleted.skus:
            return False
        self.undo_stack.push(commands.DeleteSkusCommand(self, deleted))
        return True

    def add_images_work(self, paths: Sequence[Path], role: str, sku_id: int | None) -> list[ImageAddResult]:
        """The image intake (runs off the GUI thread): with AUTO_ROLE the first accepted picture becomes the
        main image when the product has none, the others are detail images."""
        if role != AUTO_ROLE:
            return self.service.add_images(self.product_id, paths, role, sku_id)
        detail = self.service.load(self.product_id)
        results: list[ImageAddResult] = []
        remaining = list(paths)
        if not any(image.role == ImageRole.MAIN.value for image in detail.images):
            while remaining and not any(result.added for result in results):
                results += self.service.add_images(self.product_id, [remaining.pop(0)], ImageRole.MAIN.value)
        if remaining:
            results += self.service.add_images(self.product_id, remaining, ImageRole.DETAIL.value)
        return results

    def images_added(self, results: list[ImageAddResult]) -> None:
        """Back on the GUI thread: push the added images as one step, report the refused files."""
        added = tuple(result.image for result in results if result.added and result.image is not None)
        if added:
            self.undo_stack.push(commands.AddImagesCommand(self, added))
        refused = [(result.source, result.reason.text(current_language())) for result in results if result.reason]
        self.after_save()
        self.images_done.emit(len(added), refused)

    def images_failed(self, error: BaseException) -> None:
        self._fail(error)
        self.images_done.emit(0, [])

    def delete_images(self, image_ids: Sequence[int]) -> bool:
        removed = self.run(lambda: self.service.delete_images(image_ids))
        if not removed:
            return False
        self.undo_stack.push(commands.DeleteImagesCommand(self, removed))
        return True

    def set_image_role(self, image_id: int, role: str, sku_id: int | None) -> bool:
        before = self.run(lambda: self.service.set_image_role(image_id, role, sku_id))
        if before is None:
            return False
        self.undo_stack.push(commands.ImageRoleCommand(self, image_id, (before.role, before.sku_id), (role, sku_id)))
        return True

    def reorder_images(self, ordered_ids: Sequence[int]) -> bool:
        previous = self.run(lambda: self.service.reorder_images(self.product_id, ordered_ids))
        if previous is None or tuple(previous) == tuple(ordered_ids):
            return False
        self.undo_stack.push(commands.ReorderImagesCommand(self, tuple(previous), tuple(ordered_ids)))
        return True

    def set_certificate_linked(self, certificate_id: int, linked: bool) -> bool:
        if not self.save_certificate_link(certificate_id, linked):
            return False
        self.undo_stack.push(commands.CertificateLinkCommand(self, certificate_id, linked))
        return True

    # ----- saves (used by the edits above and by undo/redo) -------------------------------------------
    def save_product(self, changes: dict[str, Any]) -> bool:
        return self._versioned(lambda version: self.service.update_product_fields(
            self.product_id, version, changes)) is not None

    def save_sku(self, sku_id: int, changes: dict[str, Any]) -> bool:
        sku = self.detail.sku(sku_id)
        if sku is None:
            self.reload()
            return False
        return self._versioned(lambda version: self.service.update_sku_fields(sku_id, version, changes),
                               sku.version) is not None

    def save_variant_state(self, axes: list[dict[str, Any]], pattern: str, restore: DeletedSkus,
                           remove_ids: Iterable[int]) -> DeletedSkus | None:
        return self._versioned(lambda version: self.service.set_variant_state(
            self.product_id, version, axes, pattern, restore=restore, remove_ids=list(remove_ids)))

    def save_certificate_link(self, certificate_id: int, linked: bool) -> bool:
        if linked:
            return self.run(lambda: self.service.link_certificate(self.product_id, certificate_id)) is not None
        return self.run(lambda: self.service.unlink_certificate(self.product_id, certificate_id)) is not None

    def run(self, write: Callable[[], T]) -> T | None:
        """A write without a version check (images, evidence, SKU lists); None when it failed."""
        try:
            result = write()
        except Exception as error:  # noqa: BLE001 - reported to the user; bugs are logged by the reporter
            self._fail(error)
            return None
        self.after_save()
        return result

    def _versioned(self, write: Callable[[int], T], version: int | None = None, *,
                   on_overwrite: Callable[[], None] | None = None) -> T | None:
        """Run `write(expected_version)`; on a conflict ask the user: reload (discard) or overwrite.

        Overwrite loads the newer version first (quietly) and calls `on_overwrite`, so the edit can be
        recomputed against it, then writes against the version the conflict reported.
        """
        expected = self.detail.version if version is None else version
        while True:
            try:
                result = write(expected)
            except EditConflict as conflict:
                if self.conflict_resolver(conflict) is ConflictChoice.OVERWRITE:
                    expected = conflict.current_version
                    try:
                        self.detail = self.service.load(self.product_id)
                    except RecordGone as error:
                        self._fail(error)
                        return None
                    if on_overwrite is not None:
                        on_overwrite()
                    continue
                self.last_error = conflict
                self.reload()
                self.status.emit("discarded", QCoreApplication.translate(
                    "ProductEditor", "Your change was discarded; showing the saved version."))
                return None
            except Exception as error:  # noqa: BLE001 - validation, gone records, bugs: all reported
                self._fail(error)
                return None
            self.after_save()
            return result

    def after_save(self) -> None:
        self.last_error = None
        self.reload()
        self.status.emit("saved", QCoreApplication.translate("ProductEditor", "Saved"))
        self.product_saved.emit(self.product_id)

    def _fail(self, error: BaseException) -> None:
        self.last_error = error
        if not isinstance(error, UserFacingError):
            log.error("product editor: save failed", exc_info=(type(error), error, error.__traceback__))
        self._report_status("error", error)
        if self.error_reporter is not None and not isinstance(error, (ValidationFailed, RecordGone)):
            self.error_reporter(error)
        self.changed.emit()  # put the stored values back into the widgets

    def _report_status(self, kind: str, error: BaseException) -> None:
        if isinstance(error, UserFacingError):
            self.status.emit(kind, error.text(current_language()))
        else:
            self.status.emit(kind, QCoreApplication.translate(
                "ProductEditor", "Not saved: something unexpected went wrong (details in the log)."))

    def image_snapshot(self, image_id: int) -> ImageSnapshot | None:
        return self.detail.image(image_id)
