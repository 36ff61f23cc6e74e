"""The Listing packs page: choose products and a platform, preview the listing roughly as a shopper sees it,
check it against the compliance rules, and build the pack in the background with progress and cancel — for
the chosen platform, or for every platform at once (`build_packs`: one pass over the products, each picture cut
once for all ten, all or nothing).

Everything is computed by services (`app.services.listing.packs.preview`, `compliance`, `packs.builder`) on the
task pools: the page only shows results. The build options (image web folder, WooCommerce units, Shopify CSV
dialect; `packs_options.PackOptionsBar`) go to both the check and the build, so the findings shown are the
pack's: a pack without picture URLs says so before it is built. Findings are listed with severity colours;
double-clicking one emits `field_requested(product code, field)` so the main window can open the product editor
at that field.
The allow-list (phrase + reason) is edited here; writes go through the single-thread write pool.
"""

from __future__ import annotations

import html
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services.kernel.jobs import Cancelled
from app.services.listing.findings import Finding
from app.services.listing.labels import field_label, rule_label
from app.services.listing.packs.builder import (
    PackBlocked,
    PackReport,
    build_pack,
    build_packs,
)
from app.services.listing.packs.lint import lint_workspace
from app.services.listing.packs.options import PackOptions
from app.services.listing.packs.preview import ListingPreview, preview_listing
from app.services.listing.packs.prices import NO_RATE
from app.services.listing.packs.profiles import PLATFORM_IDS, effective_profiles
from app.services.listing.rules import (
    AllowEntry,
    add_allowed,
    list_allowed,
    remove_allowed,
)
from app.services.pricing.exchange_rates import ExchangeRateError, new_rate, rate_in_force
from app.services.workspace.services import WorkspaceServices
from app.views.kit.errors import show_error
from app.views.kit.i18n import current_language, is_chinese, list_text
from app.views.kit.settings import AppSettings
from app.views.kit.tasks import BackgroundJob, Task, TaskRunner
from app.views.kit.widgets import title_labels, wrapping_list
from app.views.packs.options import PackOptionsBar

Index = QModelIndex | QPersistentModelIndex
# The currency the products are costed in; a pack in another currency converts at the workspace's rate.
HOME_CURRENCY = "CNY"
SEVERITY_COLOURS = {"error": ("#fde2e1", "#8a1c1c"), "warning": ("#fff4d6", "#7a5200"), "info": ("", "#5f6b7a")}


def _lang() -> str:
    return "zh" if is_chinese() else "en"


def _unique(findings: Any) -> list[Finding]:
    """Findings once each (with several platforms the same finding comes once per platform)."""
    return list(dict.fromkeys(findings))


class FindingColumn(IntEnum):
    SEVERITY = 0
    PRODUCT = 1
    FIELD = 2
    RULE = 3
    TEXT = 4
    MESSAGE = 5


class FindingsModel(QAbstractTableModel):
    """Lint findings as a table; severity shown with a colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        self.headers = {
            FindingColumn.SEVERITY: self.tr("Severity"), FindingColumn.PRODUCT: self.tr("Product"),
            FindingColumn.FIELD: self.tr("Field"), FindingColumn.RULE: self.tr("Rule"),
            FindingColumn.TEXT: self.tr("Words"), FindingColumn.MESSAGE: self.tr("What to do"),
        }
        self.severity_names = {"error": self.tr("Error"), "warning": self.tr("Warning"), "info": self.tr("Info")}
        self.whole_pack = self.tr("(whole pack)")

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = list(findings)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(FindingColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[FindingColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        finding = self.findings[index.row()]
        column = FindingColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = {
                FindingColumn.SEVERITY: self.severity_names[finding.severity.value],
                FindingColumn.PRODUCT: finding.product or self.whole_pack,
                FindingColumn.FIELD: field_label(finding.field).text(current_language()),
                FindingColumn.RULE: rule_label(finding.rule).text(current_language()), FindingColumn.TEXT: finding.text,
                FindingColumn.MESSAGE: finding.message.text(current_language()),
            }
            return values[column]
        background, foreground = SEVERITY_COLOURS[finding.severity.value]
        if role == Qt.ItemDataRole.BackgroundRole and background:
            return QColor(background)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(foreground)
        return None

    def finding(self, row: int) -> Finding:
        return self.findings[row]


class AllowListModel(QAbstractTableModel):
    """The workspace's allowed phrases with their reasons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[AllowEntry] = []
        self.headers = [self.tr("Phrase"), self.tr("Reason"), self.tr("Added by"), self.tr("Date")]

    def set_entries(self, entries: list[AllowEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        day = entry.created_at.date().isoformat() if entry.created_at else ""
        return (entry.phrase, entry.reason, entry.user, day)[index.column()]


class PacksPage(QWidget):
    """Preview, check and build listing packs."""

    field_requested = Signal(str, str)      # product code, field (e.g. "selling_points_zh[2]")
    lint_done = Signal(object)              # LintResult
    pack_done = Signal(object)              # PackReport
    packs_done = Signal(object)             # {platform: PackReport}, "Build for all platforms…"
    preview_done = Signal(object)           # ListingPreview

    def __init__(self, services: WorkspaceServices, tasks: TaskRunner, parent: QWidget | None = None, *,
                 settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.settings = settings or AppSettings()
        self.last_pack: Path | None = None
        self._build_job: BackgroundJob | None = None
        self._preview_task: Task | None = None
        self.findings = FindingsModel(self)
        #: The platform the findings in view were checked for (None: nothing checked yet).
        self.checked_platform: str | None = None
        self.allowed = AllowListModel(self)
        self._build()
        self.reload()

    # ----- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        title, subtitle = title_labels(
            self.tr("Listing packs"),
            self.tr("Everything a platform needs to put your products on sale, checked against advertising law, "
                    "other brands and the platform's rules."))

        self.platform = QComboBox()
        self.platform.currentIndexChanged.connect(self._selection_changed)
        self.platform.currentIndexChanged.connect(self._recheck_for_the_platform)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.clicked.connect(self.check)
        self.build_button = QPushButton(self.tr("Build pack…"))
        self.build_button.setObjectName("primary")
        self.build_button.clicked.connect(self.choose_folder_and_build)
        self.build_all_button = QPushButton(self.tr("Build for all platforms…"))
        self.build_all_button.setToolTip(self.tr("One pack per platform, each in its own folder, from one pass "
                                                 "over the products (faster than one platform at a time)"))
        self.build_all_button.clicked.connect(self.choose_folder_and_build_all)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_folder)
        self.override = QLineEdit()
        self.override.setPlaceholderText(self.tr("Reason to build despite errors (recorded in the pack)"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Platform")))
        bar.addWidget(self.platform)
        bar.addWidget(self.check_button)
        bar.addWidget(self.build_button)
        bar.addWidget(self.build_all_button)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        reason_row = QHBoxLayout()   # its own row: beside four buttons it would be squeezed to nothing
        reason_row.addWidget(self.override, 1)
        self.pack_options = PackOptionsBar(self.settings)

        self.products = wrapping_list("packProducts")
        self.products.itemSelectionChanged.connect(self._selection_changed)
        all_button, none_button = QPushButton(self.tr("All")), QPushButton(self.tr("None"))
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button.clicked.connect(lambda: self._check_all(False))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Products")))
        left_layout.addWidget(self.products, 1)
        choose = QHBoxLayout()
        choose.addWidget(all_button)
        choose.addWidget(none_button)
        left_layout.addLayout(choose)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._preview_tab(), self.tr("Preview"))
        self.tabs.addTab(self._findings_tab(), self.tr("Findings"))
        self.tabs.addTab(self._allow_tab(), self.tr("Allow-list"))
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 3)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.pack_options.problem_changed.connect(self._show_option_problem)
        # A pack that needs an exchange rate the workspace lacks stops with an error; the rate is typed here and
        # the same build (or check) runs again from one click, as the wizard's step 6 asks for it before it builds
        self.rate_label = QLabel()
        self.rate_field = QLineEdit()
        self.rate_field.setObjectName("packRate")
        self.rate_field.setPlaceholderText("7.20")
        self.rate_field.setMaximumWidth(120)
        self.rate_field.returnPressed.connect(self.save_rate_and_again)
        self.rate_button = QPushButton(self.tr("Save the rate and try again"))
        self.rate_button.setObjectName("primary")
        self.rate_button.clicked.connect(self.save_rate_and_again)
        self.rate_row = QWidget()
        rate_layout = QHBoxLayout(self.rate_row)
        rate_layout.setContentsMargins(0, 0, 0, 0)
        rate_layout.addWidget(self.rate_label)
        rate_layout.addWidget(self.rate_field)
        rate_layout.addWidget(self.rate_button)
        rate_layout.addStretch(1)
        self.rate_row.setVisible(False)
        self.rate_currency: str | None = None
        self._again: Any = None   # what to run once the rate is saved: the last build or check
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)

        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 20)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addLayout(bar)
        column.addLayout(reason_row)
        column.addWidget(self.pack_options)
        column.addWidget(splitter, 1)
        column.addWidget(self.rate_row)
        column.addLayout(bottom)

    def _preview_tab(self) -> QWidget:
        self.picture = QLabel()
        self.picture.setFixedSize(240, 240)
        self.picture.setScaledContents(True)
        self.listing = QTextBrowser()
        tab = QWidget()
        layout = QHBoxLayout(tab)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.listing, 1)
        return tab

    def _findings_tab(self) -> QWidget:
        self.findings_view = QTableView()
        self.findings_view.setModel(self.findings)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings_view.horizontalHeader().setSectionResizeMode(FindingColumn.MESSAGE,
                                                                   QHeaderView.ResizeMode.Stretch)
        self.findings_view.doubleClicked.connect(self._jump_to_field)
        allow_button = QPushButton(self.tr("Allow these words…"))
        allow_button.clicked.connect(self.allow_selected)
        allow_button.setVisible(self.services.workspace.may_write)  # a team's sales staff reads the list only
        self.no_findings = QLabel(self.tr("No problems found."))
        self.no_findings.setObjectName("hintLabel")
        self.no_findings.setVisible(False)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.no_findings)
        layout.addWidget(self.findings_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(allow_button)
        layout.addLayout(row)
        return tab

    def _allow_tab(self) -> QWidget:
        self.allow_view = QTableView()
        self.allow_view.setModel(self.allowed)
        self.allow_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.allow_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove_selected_phrase)
        remove.setVisible(self.services.workspace.may_write)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = QLabel(self.tr("Phrases allowed in this workspace's listings, with why (a registered trademark, a "
                              "standard's name, a true background fact, a comparison within your own brand)."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.allow_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(remove)
        layout.addLayout(row)
        return tab

    # ----- data -------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Products, platforms and the allow-list, read again."""
        chinese = is_chinese()
        profiles = effective_profiles(self.services.workspace)
        current = self.platform_id()
        self.platform.blockSignals(True)
        self.platform.clear()
        for pid in PLATFORM_IDS:
            self.platform.addItem(profiles[pid].name_zh if chinese else profiles[pid].name_en, pid)
        if current in PLATFORM_IDS:
            self.platform.setCurrentIndex(PLATFORM_IDS.index(current))
        self.platform.blockSignals(False)
        self.products.blockSignals(True)
        self.products.clear()
        for choice in self.services.pricing.products():
            item = QListWidgetItem(f"{choice.code}  {choice.name(current_language())}")
            item.setData(Qt.ItemDataRole.UserRole, choice.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.products.addItem(item)
        self.products.blockSignals(False)
        self.allowed.set_entries(list_allowed(self.services.workspace))
        if self.products.count():
            self.products.setCurrentRow(0)   # show a listing straight away, not an empty preview
        if self.checked_platform is not None:
            self.check()  # the catalogue may have changed: findings shown must be today's

    def platform_id(self) -> str:
        return str(self.platform.currentData() or PLATFORM_IDS[0])

    def chosen_codes(self) -> list[str]:
        return [str(self.products.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(self.products.count())
                if self.products.item(row).checkState() == Qt.CheckState.Checked]

    def _show_option_problem(self, problem: str) -> None:
        """A refused image address is said in the status line as soon as the user leaves the field."""
        if problem:
            self.status.setText(problem)

    def _options(self) -> PackOptions | None:
        """The build options, or None with the reason in the status line (an image URL that can't be used)."""
        options = self.pack_options.options()
        if options is None:
            self.status.setText(self.pack_options.problem)
        return options

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.products.count()):
            self.products.item(row).setCheckState(state)

    # ----- preview ----------------------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        items = self.products.selectedItems()
        if items:
            self.show_preview(str(items[0].data(Qt.ItemDataRole.UserRole)))

    def show_preview(self, code: str) -> None:
        workspace, platform = self.services.workspace, self.platform_id()
        task = Task(lambda _progress, _cancel: preview_listing(workspace, code, platform))
        task.signals.finished.connect(self._show_preview)
        task.signals.failed.connect(lambda error: show_error(self, error))
        self._preview_task = self.tasks.start(task)

    def _show_preview(self, preview: ListingPreview) -> None:
        if preview.main_image:
            pixmap = QPixmap()
            pixmap.loadFromData(preview.main_image)
            self.picture.setPixmap(pixmap)
        else:
            self.picture.clear()
        self.listing.setHtml(self._preview_html(preview))
        self.preview_done.emit(preview)

    def _preview_html(self, preview: ListingPreview) -> str:
        """The listing roughly as a shopper sees it: title, price, bullets, spec table, the findings count."""
        e = html.escape
        if preview.lowest_price is None:
            price = self.tr("No price yet")
        elif preview.lowest_price == preview.highest_price:
            price = f"{preview.currency} {preview.lowest_price}"
        else:
            price = f"{preview.currency} {preview.lowest_price} – {preview.highest_price}"
        budget = f" / {preview.title.budget}" if preview.title.budget else ""
        length_label, errors_label, warnings_label = self.tr("Title length"), self.tr("Errors"), self.tr("Warnings")
        parts = [f"<h2>{e(preview.title.text)}</h2>",
                 f"<p style='color:#5f6b7a'>{e(length_label)}: {preview.title.length}{budget}</p>",
                 f"<p style='font-size:18px;color:#c0392b'><b>{e(price)}</b></p>"]
        if preview.bullets:
            parts.append("<ul>" + "".join(f"<li>{e(b)}</li>" for b in preview.bullets) + "</ul>")
        if preview.specs:
            parts.append("<table cellpadding='3'>" + "".join(
                f"<tr><td style='color:#5f6b7a'>{e(n)}</td><td>{e(v)}</td></tr>" for n, v in preview.specs)
                + "</table>")
        errors = sum(1 for f in preview.findings if f.severity.value == "error")
        warnings = sum(1 for f in preview.findings if f.severity.value == "warning")
        parts.append(f"<p>{e(errors_label)}: {errors} · {e(warnings_label)}: {warnings}</p>")
        return "\n".join(parts)

    # ----- lint -------------------------------------------------------------------------------------------
    def check(self) -> None:
        """Lint the chosen products on the chosen platform (as a pack with the chosen options), off the GUI
        thread."""
        workspace, codes, platform = self.services.workspace, self.chosen_codes(), self.platform_id()
        options = self._options()
        if options is None:
            return
        task = Task(lambda progress, _cancel: lint_workspace(workspace, codes, platform, progress=progress,
                                                             pack_options=options))
        self._again = self.check
        task.signals.finished.connect(lambda result: self._show_lint(result, platform))
        task.signals.failed.connect(lambda error: show_error(self, error))
        self.status.setText(self.tr("Checking…"))
        self.tasks.start(task)

    def _recheck_for_the_platform(self) -> None:
        """Never leave another platform's findings in view: clear them, and check again for this one."""
        if self.checked_platform is None or self.checked_platform == self.platform_id():
            return
        self.findings.set_findings([])
        self.no_findings.setVisible(False)
        self.check()

    def _show_lint(self, result: Any, platform: str | None = None) -> None:
        if platform is not None and platform != self.platform_id():
            return  # a check for a platform the user has since left
        self.checked_platform = platform
        self.findings.set_findings(list(result.findings))
        self._offer_rate(result.findings, [platform or self.platform_id()])
        self.no_findings.setVisible(not result.findings)
        self.findings_view.resizeColumnsToContents()
        self.tabs.setCurrentIndex(1)
        self.status.setText(self.tr("%1 errors, %2 warnings, %3 notes.")
                            .replace("%1", str(result.count("error"))).replace("%2", str(result.count("warning")))
                            .replace("%3", str(result.count("info"))))
        self.lint_done.emit(result)

    def _jump_to_field(self, index: QModelIndex) -> None:
        finding = self.findings.finding(index.row())
        self.field_requested.emit(finding.product, finding.field)

    # ----- building ---------------------------------------------------------------------------------------
    def choose_folder_and_build(self) -> None:
        folders = AppSettings()
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where should the pack go?"),
                                                  folders.start_path("packs"))
        if folder and self._may_replace(Path(folder), [self.platform_id()]):
            folders.remember_folder("packs", folder)
            self.build_to(Path(folder))

    def build_to(self, folder: Path) -> None:
        """Build the pack for the chosen products and platform into `folder`/<platform>/ in the background."""
        codes, options = self.chosen_codes(), self._options()
        if not codes:
            self.status.setText(self.tr("Choose at least one product."))
            return
        if options is None:
            return
        workspace, platform, reason = self.services.workspace, self.platform_id(), self.override.text()

        self._again = lambda: self.build_to(folder)

        def work(progress: Any, cancel: Any) -> PackReport:
            return build_pack(workspace, codes, platform, folder, progress, cancel, lang=_lang(),
                              override_reason=reason or None, options=options)

        self._busy(True)
        self.status.setText(self.tr("Building the pack…"))
        self._build_job = BackgroundJob(self, self.tasks, work, bar=self.progress, writes=True)
        self._build_job.done.connect(self._built)
        self._build_job.failed.connect(self._build_failed)

    def choose_folder_and_build_all(self) -> None:
        folders = AppSettings()
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where should the packs go? (one folder per "
                                                                "platform is made in it)"),
                                                  folders.start_path("packs"))
        if folder and self._may_replace(Path(folder), list(PLATFORM_IDS)):
            folders.remember_folder("packs", folder)
            self.build_all_to(Path(folder))

    def _may_replace(self, folder: Path, platforms: list[str]) -> bool:
        """A platform's folder already there (an earlier pack, maybe edited by hand) is replaced only when the
        user says so, as in the wizard's step 6."""
        existing = [platform for platform in platforms if (folder / platform).exists()]
        if not existing:
            return True
        profiles = effective_profiles(self.services.workspace)
        names = [profiles[p].name_zh if is_chinese() else profiles[p].name_en for p in existing]
        answer = QMessageBox.question(
            self, self.tr("Replace the earlier packs?"),
            self.tr("%1 already holds a pack for: %2. Replace it with a new one?")
            .replace("%1", str(folder)).replace("%2", list_text(names)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def build_all_to(self, folder: Path) -> None:
        """Build the packs of every platform for the chosen products into `folder`/<platform>/ in the
        background, in one pass over the products; nothing is written if the lint blocks any platform."""
        codes, options = self.chosen_codes(), self._options()
        if not codes:
            self.status.setText(self.tr("Choose at least one product."))
            return
        if options is None:
            return
        workspace, reason, platforms = self.services.workspace, self.override.text(), list(PLATFORM_IDS)

        self._again = lambda: self.build_all_to(folder)

        def work(progress: Any, cancel: Any) -> dict[str, PackReport]:
            return build_packs(workspace, codes, platforms, folder, progress, cancel, lang=_lang(),
                               override_reason=reason or None, options=options)

        self._busy(True)
        self.status.setText(self.tr("Building the packs for all %1 platforms…").replace("%1", str(len(platforms))))
        self._build_job = BackgroundJob(self, self.tasks, work, bar=self.progress, writes=True)
        self._build_job.done.connect(lambda reports: self._built_all(folder, reports))
        self._build_job.failed.connect(lambda error: self._build_failed(error, every_platform=True))

    def cancel(self) -> None:
        if self._build_job is not None:
            self._build_job.cancel()

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        self.cancel_button.setVisible(busy)
        self.build_button.setEnabled(not busy)
        self.build_all_button.setEnabled(not busy)
        self.check_button.setEnabled(not busy)

    def _built(self, report: PackReport) -> None:
        self._busy(False)
        self._build_job = None
        self.last_pack = report.path
        self.open_button.setEnabled(True)
        self.findings.set_findings(list(report.findings))
        self._offer_rate(report.findings, [report.platform])
        self.status.setText(self.tr("Pack written to %1: %2 files, %3 errors, %4 warnings.")
                            .replace("%1", str(report.path)).replace("%2", str(len(report.files)))
                            .replace("%3", str(report.count("error"))).replace("%4", str(report.count("warning"))))
        self.pack_done.emit(report)

    def _built_all(self, folder: Path, reports: dict[str, PackReport]) -> None:
        self._busy(False)
        self._build_job = None
        self.last_pack = folder
        self.open_button.setEnabled(True)
        self.findings.set_findings(_unique(f for report in reports.values() for f in report.findings))
        self._offer_rate([f for report in reports.values() for f in report.findings], list(reports))
        files = sum(len(report.files) for report in reports.values())
        with_errors = [pid for pid, report in reports.items() if report.count("error")]
        text = (self.tr("Packs for %1 platforms written to %2 (one folder each): %3 files, %4 warnings.")
                .replace("%1", str(len(reports))).replace("%2", str(folder)).replace("%3", str(files))
                .replace("%4", str(sum(report.count("warning") for report in reports.values()))))
        if with_errors:
            text += " " + self.tr("Built despite errors on: %1.").replace("%1", ", ".join(with_errors))
        self.status.setText(text)
        self.packs_done.emit(reports)

    def _build_failed(self, error: BaseException, every_platform: bool = False) -> None:
        self._busy(False)
        self._build_job = None
        if isinstance(error, PackBlocked):
            findings = _unique(error.findings)
            self.findings.set_findings(findings)
            self._offer_rate(findings, list(PLATFORM_IDS) if every_platform else [self.platform_id()])
            self.tabs.setCurrentIndex(1)
            if every_platform:   # the builder's count has each error once per platform it blocks
                errors = sum(1 for f in findings if f.severity.value == "error")
                self.status.setText(self.tr("The compliance lint found %1 errors; no pack was written for any "
                                            "platform. Fix them, or give a reason to build despite them.")
                                    .replace("%1", str(errors)))
            else:
                self.status.setText(error.text(current_language()))
            return
        if isinstance(error, Cancelled):   # the user asked: a status line, not a dialog
            self.status.setText(error.text(current_language()))
            return
        self.status.setText(self.tr("No pack was written."))
        show_error(self, error)

    def _offer_rate(self, findings: Any, platforms: list[str]) -> None:
        """Show the rate question when a finding says a price needs an exchange rate the workspace lacks."""
        self.rate_currency = None
        if any(finding.rule == NO_RATE for finding in findings):
            pricing = self.services.pricing
            channels = {profile.channel_id for pid, profile in effective_profiles(self.services.workspace).items()
                        if pid in platforms}
            rates, today = pricing.rates(), pricing.today()
            self.rate_currency = next((p.currency for p in pricing.profiles() if p.id in channels
                                       and p.currency != HOME_CURRENCY
                                       and rate_in_force(rates, p.currency, HOME_CURRENCY, today) is None), None)
        if self.rate_currency is not None:
            self.rate_label.setText(self.tr("The prices need an exchange rate: 1 %1 = ? %2")
                                    .replace("%1", self.rate_currency).replace("%2", HOME_CURRENCY))
        self.rate_row.setVisible(self.rate_currency is not None)

    def save_rate_and_again(self) -> None:
        """Record the typed rate from today in the workspace's rate table, then run the last build or check
        again."""
        if self.rate_currency is None:
            return
        pricing = self.services.pricing
        try:
            rate = new_rate(pricing.today(), self.rate_currency, HOME_CURRENCY, self.rate_field.text())
            pricing.set_rate(rate.day, rate.source, rate.target, rate.rate)
        except ExchangeRateError as error:
            self.status.setText(error.message.text(current_language()))
            self.rate_field.setFocus()
            return
        self.rate_field.clear()
        self.rate_row.setVisible(False)
        self.rate_currency = None
        if self._again is not None:
            self._again()

    def open_folder(self) -> None:
        if self.last_pack is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_pack)))

    # ----- the allow-list ---------------------------------------------------------------------------------
    def allow_selected(self) -> None:
        rows = self.findings_view.selectionModel().selectedRows()
        if not rows:
            return
        finding = self.findings.finding(rows[0].row())
        phrase, ok = QInputDialog.getText(self, self.tr("Allow words"), self.tr("Phrase to allow:"),
                                          QLineEdit.EchoMode.Normal, finding.text)
        if not ok or not phrase.strip():
            return
        reason, ok = QInputDialog.getText(self, self.tr("Allow words"),
                                          self.tr("Why is it allowed? (trademark, standard name, true fact…)"))
        if ok:
            self.allow_phrase(phrase, reason)

    def allow_phrase(self, phrase: str, reason: str) -> None:
        workspace = self.services.workspace
        task = Task(lambda _progress, _cancel: add_allowed(workspace, phrase, reason))
        task.signals.finished.connect(lambda _entry: self.allowed.set_entries(list_allowed(workspace)))
        task.signals.failed.connect(lambda error: show_error(self, error))
        self.tasks.start(task, writes=True)

    def remove_selected_phrase(self) -> None:
        rows = self.allow_view.selectionModel().selectedRows()
        if not rows:
            return
        phrase = self.allowed.entries[rows[0].row()].phrase
        answer = QMessageBox.question(self, self.tr("Remove"), self.tr("Stop allowing “%1”?").replace("%1", phrase))
        if answer != QMessageBox.StandardButton.Yes:
            return
        workspace = self.services.workspace
        task = Task(lambda _progress, _cancel: remove_allowed(workspace, phrase))
        task.signals.finished.connect(lambda _removed: self.allowed.set_entries(list_allowed(workspace)))
        task.signals.failed.connect(lambda error: show_error(self, error))
        self.tasks.start(task, writes=True)

