"""The onboarding wizard: a guided panel that renders `app.services.onboarding.flow.OnboardingFlow`.

The steps, their order, what each needs and what can be skipped live in the core; this window only shows the
step in view, embeds a compact form (or opens the existing editor) for it, and asks the flow where to go next.
Progress is derived from the workspace, so closing halfway and reopening resumes where the user stopped.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.bilingual import UserFacingError
from app.services.catalogue.factory_profile import ValidationFailed
from app.services.kernel.text import money_text
from app.services.listing.labels import field_label, rule_label
from app.services.listing.packs.builder import PackBlocked
from app.services.listing.packs.lint import lint_workspace
from app.services.listing.packs.profiles import PLATFORM_IDS, effective_profiles
from app.services.onboarding.flow import (
    STEP_ORDER,
    FirstPackResult,
    FlowState,
    OnboardingFlow,
    Status,
    StepId,
)
from app.services.pricing.plans import parse_money
from app.services.workspace.services import WorkspaceServices
from app.views.kit import screen
from app.views.kit.errors import message_for, show_error
from app.views.kit.i18n import is_chinese, list_text
from app.views.kit.screen import scrolled
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import BackgroundJob, Task, TaskRunner
from app.views.kit.widgets import wrapping_list
from app.views.pricing.chain_chart import ChainChart

LARGE_FONT_SCALE = 1.4
STEP_LIST_WIDTH = 280
PLATFORM_COLUMNS = 3
WIZARD_SIZE = QSize(900, 620)
PICTURE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})


class StepPage(QWidget):
    """One step's content: `refresh()` reads the workspace again, `commit()` saves what was typed."""

    changed = Signal()

    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__()
        self.wizard = wizard
        self.services: WorkspaceServices = wizard.services
        self.problem = QLabel()
        self.problem.setObjectName("errorLabel")
        self.problem.setWordWrap(True)

    def refresh(self) -> None:
        """Read the workspace again."""

    def commit(self) -> bool:
        """Save what the user typed; False (with a message shown) when it can't be saved."""
        return True

    def _fail(self, error: BaseException) -> bool:
        self.problem.setText(message_for(error))
        return False


class ProfileFieldsPage(StepPage):
    """A few profile fields (the factory's name and contact, or the brand), saved with the profile service."""

    keys: tuple[str, ...] = ()

    def __init__(self, wizard: OnboardingWizard, rows: list[tuple[str, str]]) -> None:
        super().__init__(wizard)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key, label in rows:
            edit = QLineEdit()
            self.fields[key] = edit
            form.addRow(label, edit)
        form.addRow(self.problem)

    def refresh(self) -> None:
        profile = self.services.factory.load_profile()
        for key, edit in self.fields.items():
            current = getattr(profile, key)
            edit.setText("" if current is None else str(current))
        self.problem.clear()

    def commit(self) -> bool:
        profile = self.services.factory.load_profile()
        values: dict[str, Any] = {key: edit.text().strip() for key, edit in self.fields.items()}
        if all(str(getattr(profile, key) if getattr(profile, key) is not None else "") == value
               for key, value in values.items()):
            return True
        values.setdefault("name_zh", profile.name_zh)
        try:
            self.services.factory.save_profile(values)
        except ValidationFailed as error:
            return self._fail(error)
        self.problem.clear()
        return True


class FactoryStep(ProfileFieldsPage):
    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__(wizard, [("name_zh", self.tr("Factory name (Chinese), required")),
                                  ("name_en", self.tr("Factory name (English)")),
                                  ("contact_name", self.tr("Contact person")),
                                  ("phone", self.tr("Phone")), ("email", self.tr("E-mail")),
                                  ("moq", self.tr("Minimum order quantity (pieces)")),
                                  ("lead_time_days", self.tr("Lead time (days)"))])


class BrandStep(ProfileFieldsPage):
    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__(wizard, [("brand_zh", self.tr("Brand (Chinese)")), ("brand_en", self.tr("Brand (English)"))])


class ProductStep(StepPage):
    """A first product in three inputs (code, name, category); variants and images in the product editor."""

    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__(wizard)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("e.g. XZ-01"))
        self.name_zh = QLineEdit()
        self.name_en = QLineEdit()  # Shopify and the other English platforms title the listing with it
        self.description = QLineEdit()  # Tmall, JD… require a description: one sentence is enough to start
        self.description.setPlaceholderText(self.tr("One sentence a buyer reads first"))
        self.main_image: Path | None = None
        self.image_button = QPushButton(self.tr("Choose the main image…"))
        self.image_button.clicked.connect(self.choose_image)
        self.image_name = QLabel(self.tr("or drop a picture onto this step"))
        self.image_name.setObjectName("hintLabel")
        self.setAcceptDrops(True)
        self.category = QComboBox()
        self.create_button = QPushButton(self.tr("Create product"))
        self.create_button.clicked.connect(self.create_product)
        self.editor_button = QPushButton(self.tr("Open in the product editor…"))
        self.editor_button.clicked.connect(self.open_editor)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Product code"), self.code)
        form.addRow(self.tr("Product name (Chinese)"), self.name_zh)
        form.addRow(self.tr("Product name (English)"), self.name_en)
        form.addRow(self.tr("Description"), self.description)
        image_row = QHBoxLayout()
        image_row.addWidget(self.image_button)
        image_row.addWidget(self.image_name, 1)
        form.addRow(self.tr("Main image"), image_row)
        form.addRow(self.tr("Category"), self.category)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.editor_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.summary)
        column.addWidget(self.problem)
        column.addStretch(1)

    def refresh(self) -> None:
        chinese = is_chinese()
        current = self.category.currentData()
        self.category.clear()
        for category in self.services.products.categories():
            self.category.addItem(category.name_zh if chinese else category.name_en, category.id)
        if current is not None and self.category.findData(current) >= 0:
            self.category.setCurrentIndex(self.category.findData(current))
        code = self.wizard.flow.first_product_code()
        has_product = code is not None
        for widget in (self.code, self.name_zh, self.name_en, self.description, self.image_button, self.category,
                       self.create_button):
            widget.setEnabled(not has_product)
        self.editor_button.setText(self.tr("Add variants and images in the product editor…") if has_product
                                   else self.tr("Open in the product editor…"))
        if code is not None:
            self.summary.setText(self.tr("First product: %1").replace("%1", code))
        else:
            self.summary.setText(self.tr("Give the product a code and a category; variants and images can follow "
                                         "in the product editor."))
        self.problem.clear()

    def create_product(self) -> bool:
        if not self.code.text().strip():
            self.problem.setText(self.tr("Enter a product code first."))
            return False
        try:
            self.wizard.flow.create_first_product(self.code.text().strip(), self.name_zh.text().strip(),
                                                  self.category.currentData(), self.name_en.text().strip(),
                                                  self.description.text().strip(), self.main_image)
        except UserFacingError as error:
            return self._fail(error)
        self.refresh()
        self.changed.emit()
        return True

    def choose_image(self) -> None:
        folders = self.wizard.settings
        chosen, _filter = QFileDialog.getOpenFileName(self, self.tr("Main image"), folders.start_path("images"),
                                                      self.tr("Images (*.jpg *.jpeg *.png *.webp)"))
        if chosen:
            folders.remember_folder("images", chosen)
            self.set_main_image(Path(chosen))

    def set_main_image(self, path: Path) -> None:
        self.main_image = path
        self.image_name.setText(path.name)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self.image_button.isEnabled() and _dropped_picture(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        picture = _dropped_picture(event.mimeData())
        if picture is not None and self.image_button.isEnabled():
            self.set_main_image(picture)
            event.acceptProposedAction()

    def commit(self) -> bool:
        if self.wizard.flow.first_product_code() is None and self.code.text().strip():
            return self.create_product()
        return True

    def open_editor(self, field: str = "") -> QDialog | None:
        """The product editor on the first product; at the tab holding `field` (a finding's field) when given."""
        from app.views.products.editor import ProductEditorDialog

        code = self.wizard.flow.first_product_code()
        product_id = self.services.products.product_id_for_code(code) if code else None
        try:
            dialog = ProductEditorDialog(self.services, self.wizard.undo_stack, product_id, self.wizard)
        except Exception as error:  # noqa: BLE001 - report, don't crash
            show_error(self, error)
            return None
        dialog.product_created.connect(lambda _id: self._after_edit())
        dialog.product_changed.connect(lambda _id: self._after_edit())
        dialog.finished.connect(lambda _result: self._after_edit())
        self.wizard.editor = dialog
        dialog.show()
        dialog.activateWindow()  # the editor the wizard sends the user to is the window in front
        if field:
            dialog.show_field(field)  # the field itself, focused on its tab (as the Packs page's double-click)
        return dialog

    def _after_edit(self) -> None:
        self.refresh()
        self.changed.emit()


def _dropped_picture(mime: QMimeData) -> Path | None:
    """The first local picture file among dropped URLs (the service checks the file itself)."""
    for url in mime.urls():
        path = Path(url.toLocalFile())
        if url.isLocalFile() and path.suffix.lower() in PICTURE_SUFFIXES:
            return path
    return None


class CostsStep(StepPage):
    """The ex-factory cost of the first product, and the price it needs on each channel."""

    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__(wizard)
        self.cost = QLineEdit()
        self.cost.setPlaceholderText("120.00")
        self.update_button = QPushButton(self.tr("Save and price"))
        self.update_button.clicked.connect(self.commit)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Channel"), self.tr("Price")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Ex-factory cost per unit")))
        row.addWidget(self.cost, 1)
        row.addWidget(self.update_button)
        column = QVBoxLayout(self)
        self.filled = QLabel()
        self.filled.setObjectName("hintLabel")
        self.filled.setWordWrap(True)
        column.addLayout(row)
        column.addWidget(self.filled)
        column.addWidget(self.table, 1)
        column.addWidget(self.problem)

    def _product_id(self) -> int | None:
        code = self.wizard.flow.first_product_code()
        return self.services.products.product_id_for_code(code) if code else None

    def refresh(self) -> None:
        product_id = self._product_id()
        self.setEnabled(product_id is not None)
        self.table.setRowCount(0)
        self.problem.clear()
        self.filled.clear()
        if product_id is None:
            return
        plan = self.services.pricing.load_plan(product_id)
        if self.services.pricing.has_saved_plan(product_id):
            self.cost.setText(str(plan.costs.materials))
            self._show(plan)

    def _show(self, plan: Any) -> None:
        evaluation = self.services.pricing.evaluate(plan)
        chinese = is_chinese()
        self.table.setRowCount(len(evaluation.rows))
        for row, channel in enumerate(evaluation.rows):
            profile = channel.profile
            result = channel.outcome.result
            price = channel.override if channel.override is not None else (result.price if result else None)
            self.table.setItem(row, 0, QTableWidgetItem(profile.name_zh if chinese else profile.name_en))
            text = money_text(price, profile.currency) if price is not None else self.tr("can't be priced")
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, item)

    def commit(self) -> bool:
        product_id = self._product_id()
        if product_id is None or not self.cost.text().strip():
            return True
        try:
            cost = parse_money(self.cost.text())
            plan = self.services.pricing.load_plan(product_id).with_cost("materials", Decimal(cost))
            self.services.pricing.save_plan(plan)
            filled = self.wizard.flow.fill_missing_sku_costs(product_id, Decimal(cost))
            self._show(plan)
        except UserFacingError as error:
            return self._fail(error)
        self.problem.clear()
        if filled:
            self.filled.setText(self.tr("This cost was also given to %n variant(s) that had none.", "", filled))
        self.changed.emit()
        return True


class ChainStep(StepPage):
    """The traditional chain against selling direct, drawn big enough for a projector."""

    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__(wizard)
        self.chart = ChainChart()
        self.chart.setMinimumHeight(320)
        column = QVBoxLayout(self)
        column.addWidget(self.chart, 1)
        column.addWidget(self.problem)

    def refresh(self) -> None:
        code = self.wizard.flow.first_product_code()
        product_id = self.services.products.product_id_for_code(code) if code else None
        if product_id is None or not self.services.pricing.has_saved_plan(product_id):
            self.chart.set_data(None)
            self.problem.setText(self.tr("Save the costs first: the picture is drawn from them."))
            return
        self.problem.clear()
        evaluation = self.services.pricing.evaluate(self.services.pricing.load_plan(product_id))
        self.chart.set_data(evaluation.chart)


class PackStep(StepPage):
    """The first listing pack and the spec sheet, written to a folder the user picks, off the GUI thread."""

    done = Signal(object)

    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__(wizard)
        #: One box per platform: the first session makes several packs (Tmall and Shopify) from one click.
        self.platform_boxes: dict[str, QCheckBox] = {}
        self.platform_grid = QGridLayout()
        #: Asked only when a ticked platform sells in a currency the workspace has no rate for (Shopify: USD).
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("7.20")
        self.rate_label = QLabel()
        self.folder = QLineEdit()
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.choose_folder)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Only when the checks find errors: why build it anyway"))
        self.make_button = QPushButton(self.tr("Make first pack and spec sheet"))
        self.make_button.setObjectName("primary")
        self.make_button.clicked.connect(self.make_pack)
        self.readiness_button = QPushButton(self.tr("Launch readiness report…"))
        self.readiness_button.clicked.connect(self.make_readiness_report)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # What blocks the pack, as the user calls it, each with 去修改 (fix it) opening the editor there.
        self.blocking = wrapping_list("blockingFindings")
        self.blocking.setVisible(False)
        self.blocking.setMaximumHeight(130)
        self.fix_button = QPushButton(self.tr("Fix it"))
        self.fix_button.setVisible(False)
        self.fix_button.clicked.connect(self.fix_selected)
        self.blocking.itemDoubleClicked.connect(lambda _item: self.fix_selected())
        self.recheck_task: Task | None = None
        self.task: BackgroundJob | None = None
        self.readiness_task: Task | None = None
        self.built_in: Path | None = None  # the folder of the packs being made
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Platforms"), self.platform_grid)
        form.addRow(self.rate_label, self.rate)
        form.addRow(self.tr("Folder"), folder_row)
        form.addRow(self.tr("Reason to override"), self.reason)
        column = QVBoxLayout(self)
        column.addLayout(form)
        action_row = QHBoxLayout()
        action_row.addWidget(self.make_button)
        action_row.addWidget(self.readiness_button)
        action_row.addStretch(1)
        column.addLayout(action_row)
        column.addWidget(self.progress)
        column.addWidget(self.result)
        column.addWidget(self.problem)
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.blocking, 1)
        fix_row.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(fix_row)
        column.addStretch(1)

    def show_blocking(self, findings: Any) -> None:
        """List the errors that block the pack (labels, not keys) with 去修改; hidden when there are none."""
        lang = "zh" if is_chinese() else "en"
        self.blocking.clear()
        for finding in findings:
            if getattr(finding.severity, "value", finding.severity) != "error":
                continue
            item = QListWidgetItem(f"{field_label(finding.field).text(lang)} · {rule_label(finding.rule).text(lang)}"
                                   f" — {finding.message.text(lang)}")
            item.setData(Qt.ItemDataRole.UserRole, finding.field)
            self.blocking.addItem(item)
        has_errors = self.blocking.count() > 0
        if has_errors:
            self.blocking.setCurrentRow(0)
        self.blocking.setVisible(has_errors)
        self.fix_button.setVisible(has_errors)

    def fix_selected(self) -> None:
        """Open the product editor at the selected finding's field; check again when it closes."""
        item = self.blocking.currentItem()
        product_step = self.wizard.pages[StepId.FIRST_PRODUCT]
        assert isinstance(product_step, ProductStep)
        dialog = product_step.open_editor(str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else "")
        if dialog is not None:
            dialog.finished.connect(lambda _result: self.recheck())

    def recheck(self) -> None:
        """Lint the first product again for the ticked platforms (off the GUI thread) and show what still blocks."""
        code, platforms = self.wizard.flow.first_product_code(), self.chosen_platforms()
        if code is None or not platforms:
            return
        workspace = self.services.workspace

        def job(_progress: Any, _cancel: Any) -> list[Any]:
            return [f for platform in platforms for f in lint_workspace(workspace, [code], platform).findings]

        task = Task(job)
        task.signals.finished.connect(self._rechecked)
        task.signals.failed.connect(lambda error: self._fail(error))
        self.recheck_task = self.wizard.tasks.start(task)

    def _rechecked(self, findings: list[Any]) -> None:
        self.recheck_task = None
        self.show_blocking(list(dict.fromkeys(findings)))
        if self.blocking.count() == 0:
            self.problem.setText(self.tr("Nothing blocks the packs any more: make them again."))

    def refresh(self) -> None:
        chinese = is_chinese()
        profiles = effective_profiles(self.services.workspace)
        for number, pid in enumerate(PLATFORM_IDS):
            if pid not in self.platform_boxes:
                self.platform_boxes[pid] = QCheckBox()
                self.platform_boxes[pid].toggled.connect(self.show_rate_question)
                self.platform_grid.addWidget(self.platform_boxes[pid], number // PLATFORM_COLUMNS,
                                             number % PLATFORM_COLUMNS)
            self.platform_boxes[pid].setText(profiles[pid].name_zh if chinese else profiles[pid].name_en)
        if not self.folder.text().strip():  # the folder of the last session's packs, when it is still there
            remembered = self.wizard.settings.remembered_folder("packs")
            if remembered is not None:
                self.folder.setText(str(remembered))
        self.make_button.setEnabled(self.wizard.flow.first_product_code() is not None and self.task is None)
        self.show_rate_question()

    def show_rate_question(self) -> None:
        """Ask "1 USD = ? CNY" while a ticked platform would otherwise get a pack without prices."""
        missing = self.wizard.flow.missing_rates(self.chosen_platforms())
        if missing:
            self.rate_label.setText(self.tr("Exchange rate: 1 %1 = ? CNY").replace("%1", missing[0]))
        for widget in (self.rate_label, self.rate):
            widget.setVisible(bool(missing))

    def _rates_ready(self, platforms: list[str]) -> bool:
        """Save the typed rate when one is missing; False (said on the step) when the pack would have no prices."""
        missing = self.wizard.flow.missing_rates(platforms)
        if not missing:
            return True
        if not self.rate.text().strip():
            self.problem.setText(self.tr("%1 prices need an exchange rate: type how many CNY one %1 is.")
                                 .replace("%1", missing[0]))
            self.rate.setFocus()
            return False
        try:
            self.wizard.flow.set_rate_today(missing[0], self.rate.text())
        except UserFacingError as error:
            return self._fail(error)
        self.rate.clear()
        self.show_rate_question()
        return self._rates_ready(platforms)  # another currency may still be missing

    def choose_folder(self) -> None:
        folders = self.wizard.settings
        start = self.folder.text().strip() or folders.start_path("packs")
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the first pack"), start)
        if folder:
            folders.remember_folder("packs", folder)
            self.folder.setText(folder)

    def make_pack(self) -> None:
        if not self.folder.text().strip():
            self.choose_folder()
        if not self.folder.text().strip():
            return
        platforms = self.chosen_platforms()
        if not platforms:
            self.problem.setText(self.tr("Tick at least one platform."))
            return
        if not self._rates_ready(platforms) or not self._may_replace(platforms):
            return
        flow, folder = self.wizard.flow, Path(self.folder.text().strip())
        self.built_in = folder
        reason, lang = self.reason.text().strip() or None, "zh" if is_chinese() else "en"
        self.make_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.problem.clear()
        self.result.clear()
        self.show_blocking([])
        self.task = BackgroundJob(self, self.wizard.tasks,
                                  lambda progress, cancel: flow.make_first_packs(platforms, folder, progress, cancel,
                                                                                 lang=lang, override_reason=reason),
                                  bar=self.progress, writes=True)
        self.task.done.connect(self._on_done)
        self.task.failed.connect(self._on_failed)

    def _may_replace(self, platforms: list[str]) -> bool:
        """A platform folder already in the chosen folder (an earlier pack, maybe edited by hand) is replaced only
        when the user says so."""
        folder = Path(self.folder.text().strip())
        existing = [platform for platform in platforms if (folder / platform).exists()]
        if not existing:
            return True
        answer = QMessageBox.question(
            self, self.tr("Replace the earlier packs?"),
            self.tr("%1 already holds a pack for: %2. Replace it with a new one?")
            .replace("%1", str(folder)).replace("%2", "、".join(existing) if is_chinese() else ", ".join(existing)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def chosen_platforms(self) -> list[str]:
        return [pid for pid, box in self.platform_boxes.items() if box.isChecked()]

    def make_readiness_report(self) -> None:
        """Ask where to save the launch readiness report, then build it in the background."""
        folders = self.wizard.settings
        folder = self.folder.text().strip() or str(folders.start_folder("documents"))
        start = str(Path(folder) / "launch-readiness.pdf")
        chosen, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the launch readiness report"), start,
                                                      self.tr("PDF files (*.pdf)"))
        if not chosen:
            return
        folders.remember_folder("documents", chosen)
        target = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        workspace, lang = self.services.workspace, "zh" if is_chinese() else "both"

        def job(_progress: Any, _cancel: Any) -> Any:
            from app.services.reports.readiness import build_readiness_report

            return build_readiness_report(workspace, target, lang=lang)

        task = Task(job)
        task.signals.finished.connect(self._on_readiness_done)
        task.signals.failed.connect(self._on_readiness_failed)
        self.readiness_task = task
        self.readiness_button.setEnabled(False)
        self.problem.clear()
        self.wizard.tasks.start(task)

    def _on_readiness_done(self, result: Any) -> None:
        self.readiness_task = None
        self.readiness_button.setEnabled(True)
        self.result.setText(self.tr("Launch readiness report: %1").replace("%1", str(result.path)))

    def _on_readiness_failed(self, error: BaseException) -> None:
        self.readiness_task = None
        self.readiness_button.setEnabled(True)
        self._fail(error)

    def _finish_task(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.make_button.setEnabled(True)

    def _on_done(self, results: list[FirstPackResult]) -> None:
        self._finish_task()
        if self.built_in is not None:  # typed or chosen, the folder now holding the packs opens the next session's
            self.wizard.settings.remember_folder("packs", self.built_in)  # step 6
        lines = [self.tr("Pack: %1").replace("%1", str(result.pack_folder)) for result in results]
        lines.append(self.tr("Spec sheet: %1").replace("%1", str(results[-1].sheet_path)))
        self.result.setText("\n".join(lines))
        self.changed.emit()
        for result in results:
            self.done.emit(result)

    def _on_failed(self, error: BaseException) -> None:
        self._finish_task()
        if isinstance(error, PackBlocked):
            self.show_blocking(error.findings)
            self.problem.setText(self.tr("The checks found %n error(s). Fix them in the product editor, or give a "
                                         "reason to build a draft anyway.", "", _error_count(error)))
            return
        self._fail(error)


def _error_count(blocked: PackBlocked) -> int:
    return sum(1 for f in blocked.findings if getattr(f.severity, "value", f.severity) == "error")


class OnboardingWizard(QDialog):
    """Walk a new workspace from the factory profile to its first listing pack."""

    def __init__(self, services: WorkspaceServices, tasks: TaskRunner, undo_stack: QUndoStack | None = None,
                 parent: QWidget | None = None, settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        # A plain window, not a dialog: window managers keep a dialog above its parent (or, with none, above the
        # whole app — X11 makes it transient for the app's group), and the wizard must not cover the pages and the
        # editor it sends the user to.
        self.setWindowFlags(Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Onboarding wizard"))
        self.setModal(False)
        self.settings = settings if settings is not None else AppSettings()
        self.services = services
        self.tasks = tasks
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.flow = OnboardingFlow(services)
        self.editor: QDialog | None = None
        self.large = False
        self.step_list = wrapping_list("wizardSteps")
        self.step_list.setFixedWidth(STEP_LIST_WIDTH)
        self.step_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.step_list.itemClicked.connect(self._on_step_clicked)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("pageSubtitle")
        self.needs = QLabel()
        self.needs.setWordWrap(True)
        self.pages: dict[StepId, StepPage] = {
            StepId.FACTORY_PROFILE: FactoryStep(self), StepId.BRAND: BrandStep(self),
            StepId.FIRST_PRODUCT: ProductStep(self), StepId.COSTS_AND_CHANNELS: CostsStep(self),
            StepId.CHAIN_PICTURE: ChainStep(self), StepId.FIRST_PACK_AND_SHEET: PackStep(self),
        }
        self.page_stack = QStackedWidget()
        for step in STEP_ORDER:
            self.page_stack.addWidget(self.pages[step])
            self.pages[step].changed.connect(self.show_flow)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("A note for this session: a decision, a next step…"))
        self.note_edit.returnPressed.connect(self.add_note)
        self.notes = wrapping_list("sessionNotes")
        self.notes.setMaximumHeight(90)
        self.add_note_button = QPushButton(self.tr("Add note"))
        self.add_note_button.clicked.connect(self.add_note)
        self.large_font = QCheckBox(self.tr("Large font (projector)"))
        self.large_font.toggled.connect(self.set_large_font)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.clicked.connect(self.go_back)
        self.skip_button = QPushButton(self.tr("Skip this step"))
        self.skip_button.clicked.connect(self.skip)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setObjectName("primary")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.go_next)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        self._layout()
        self.reload_notes()
        self.show_flow(refresh_pages=True)
        screen.fit_to_screen(self, self.wanted_size())

    def _layout(self) -> None:
        content = QVBoxLayout()
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(self.title)
        content.addWidget(self.explanation)
        content.addWidget(self.page_stack, 1)
        content.addWidget(self.needs)
        buttons = QHBoxLayout()
        buttons.addWidget(self.large_font)
        buttons.addStretch(1)
        for button in (self.back_button, self.skip_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        row = QHBoxLayout()
        row.addWidget(self.step_list)
        row.addWidget(scrolled(content), 1)  # the step scrolls; notes and Back/Next stay in view
        outer = QVBoxLayout(self)
        outer.addLayout(row, 1)
        notes_label = QLabel(self.tr("Session notes"))
        notes_label.setObjectName("sectionTitle")
        outer.addWidget(notes_label)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.add_note_button)
        outer.addLayout(note_row)
        outer.addWidget(self.notes)
        outer.addLayout(buttons)

    # ----- texts -----------------------------------------------------------------------------------------
    def step_titles(self) -> dict[StepId, str]:
        return {StepId.FACTORY_PROFILE: self.tr("Factory profile"), StepId.BRAND: self.tr("Brand"),
                StepId.FIRST_PRODUCT: self.tr("First product"),
                StepId.COSTS_AND_CHANNELS: self.tr("Costs and channels"),
                StepId.CHAIN_PICTURE: self.tr("Chain versus direct"),
                StepId.FIRST_PACK_AND_SHEET: self.tr("First pack and spec sheet")}

    def step_explanations(self) -> dict[StepId, str]:
        return {
            StepId.FACTORY_PROFILE: self.tr("Who makes the goods: the factory's name in Chinese is all that is "
                                            "required; the rest can be completed on the Factory page later."),
            StepId.BRAND: self.tr("The factory's own brand, as buyers will see it. You can skip this and decide "
                                  "on a brand later."),
            StepId.FIRST_PRODUCT: self.tr("One product to start with: its code and category template. Variants "
                                          "(colours, sizes) and images make the listing complete."),
            StepId.COSTS_AND_CHANNELS: self.tr("What one unit costs ex factory, and the price it needs on each "
                                               "channel to keep the margin."),
            StepId.CHAIN_PICTURE: self.tr("The traditional chain (agent, wholesaler, retailer) against selling "
                                          "direct: where the consumer's money goes."),
            StepId.FIRST_PACK_AND_SHEET: self.tr("The first listing packs, one for each platform you tick, and "
                                                 "a printable spec sheet, written to a folder you choose."),
        }

    def requirement_texts(self) -> dict[str, str]:
        return {"name_zh": self.tr("the factory's Chinese name"), "brand_name": self.tr("a brand name"),
                "product": self.tr("a product"), "category": self.tr("a category for it"),
                "variants": self.tr("variants (recommended)"), "images": self.tr("images (recommended)"),
                "pricing_plan": self.tr("a saved pricing plan"), "seen": self.tr("a look at the picture"),
                "pack_made": self.tr("the pack and spec sheet made")}

    def status_texts(self) -> dict[Status, str]:
        return {Status.DONE: self.tr("done"), Status.SKIPPED: self.tr("skipped"), Status.TODO: self.tr("to do")}

    # ----- rendering -------------------------------------------------------------------------------------
    def current_step(self) -> StepId | None:
        return self.flow.state().current_step

    def current_page(self) -> StepPage:
        page = self.page_stack.currentWidget()
        assert isinstance(page, StepPage)
        return page

    def show_flow(self, refresh_pages: bool = False) -> FlowState:
        """Show what the flow says: the step list with statuses, the step in view, the buttons."""
        state = self.flow.state()
        titles, statuses = self.step_titles(), self.status_texts()
        marks = {Status.DONE: "✓", Status.SKIPPED: "–", Status.TODO: "○"}
        self.step_list.clear()
        for number, step in enumerate(state.steps, start=1):
            text = f"{marks[step.status]}  " + (self.tr("%1. %2 (%3)").replace("%1", str(number))
                                                .replace("%2", titles[step.id]).replace("%3", statuses[step.status]))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, step.id.value)
            self.step_list.addItem(item)
        assert state.current_step is not None
        index = STEP_ORDER.index(state.current_step)
        self.step_list.setCurrentRow(index)
        here = state.step(state.current_step)
        changed_page = self.page_stack.currentIndex() != index
        self.page_stack.setCurrentIndex(index)
        if refresh_pages or changed_page:
            self.current_page().refresh()
        self.title.setText(self.tr("Step %1 of %2: %3").replace("%1", str(index + 1))
                           .replace("%2", str(len(STEP_ORDER))).replace("%3", titles[here.id]))
        self.explanation.setText(self.step_explanations()[here.id])
        requirement_texts = self.requirement_texts()
        missing = [requirement_texts[r.key] for r in here.requirements if not r.done]
        if here.status is Status.DONE:
            self.needs.setText(self.tr("This step is done."))
        elif not here.available:
            self.needs.setText(self.tr("This step needs the earlier steps first."))
        else:
            self.needs.setText(self.tr("Still needed: %1").replace("%1", list_text(missing)))
        last = index == len(STEP_ORDER) - 1
        self.back_button.setEnabled(state.can_go_back)
        self.skip_button.setEnabled(state.can_skip)
        self.next_button.setText(self.tr("Finish") if last else self.tr("Next"))
        self.next_button.setEnabled(True)
        return state

    # ----- actions -----------------------------------------------------------------------------------------
    def go_next(self) -> None:
        """Save the step's form, then go on when the flow allows (or finish on the last step)."""
        if not self.current_page().commit():
            return
        before = self.flow.state()
        if before.current_step is StepId.FIRST_PACK_AND_SHEET:
            self.close()
            return
        after = self.flow.next_step()
        if after.current_step == before.current_step:
            self.show_flow()
            self.needs.setText(self.needs.text() + "\n" + self.tr("Complete this step (or skip it) to go on."))
            return
        self.show_flow(refresh_pages=True)

    def go_back(self) -> None:
        self.current_page().commit()
        self.flow.back()
        self.show_flow(refresh_pages=True)

    def skip(self) -> None:
        try:
            self.flow.skip()
        except UserFacingError as error:
            show_error(self, error)
            return
        self.show_flow(refresh_pages=True)

    def _on_step_clicked(self, item: QListWidgetItem) -> None:
        self.flow.go_to(str(item.data(Qt.ItemDataRole.UserRole)))
        self.show_flow(refresh_pages=True)

    def add_note(self) -> None:
        text = self.note_edit.text().strip()
        if not text:
            return
        self.flow.add_note(text)
        self.note_edit.clear()
        self.reload_notes()

    def reload_notes(self) -> None:
        self.notes.clear()
        for note in self.flow.list_notes():
            self.notes.addItem(f"{note.at:%Y-%m-%d %H:%M}  {note.text}")
        self.notes.scrollToBottom()

    def set_large_font(self, large: bool) -> None:
        """Projector mode: the wizard's text 1.4 times larger (titles and tables included) and a taller picture.

        The app's stylesheet sets font sizes, which beat `setFont()`; a stylesheet on this window beats the
        app's, so the scaled sizes go there.
        """
        self.large = large
        with QSignalBlocker(self.large_font):  # called from code (a saved preference) as well as by the tick box
            self.large_font.setChecked(large)
        if not large:
            self.setStyleSheet("")
        else:
            sizes = {"QWidget": 10.0, "QLabel#pageTitle": 15.0, "QLabel#sectionTitle": 11.0,
                     "QLabel#pageSubtitle": 10.0, "QLabel#errorLabel": 9.0, "QLabel#hintLabel": 9.0}
            rules = []
            for selector, points in sizes.items():
                bold = " font-weight: 700;" if selector in ("QLabel#pageTitle", "QLabel#sectionTitle") else ""
                rules.append(f"{selector} {{ font-size: {points * LARGE_FONT_SCALE:.1f}pt;{bold} }}")
            self.setStyleSheet("\n".join(rules))
        self.step_list.setFixedWidth(round(STEP_LIST_WIDTH * (LARGE_FONT_SCALE if large else 1.0)))
        self.step_list.doItemsLayout()  # the rows were measured in the old font: a long one would be cut with "…"
        chain = self.pages[StepId.CHAIN_PICTURE]
        assert isinstance(chain, ChainStep)
        chain.chart.setMinimumHeight(round(320 * (LARGE_FONT_SCALE if large else 1.0)))
        screen.fit_to_screen(self, self.wanted_size())

    def wanted_size(self) -> QSize:
        """The size the wizard would like (larger in projector mode); `fit_to_screen` cuts it to the screen."""
        scale = LARGE_FONT_SCALE if self.large else 1.0
        return QSize(round(WIZARD_SIZE.width() * scale), round(WIZARD_SIZE.height() * scale))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.editor is not None:
            with contextlib.suppress(RuntimeError):  # already deleted
                self.editor.close()
            self.editor = None
        self.tasks.wait()
        super().closeEvent(event)
