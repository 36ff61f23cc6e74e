"""The Export page: push products to the factory's own Shopify or WooCommerce shop.

Shops list (add / test / forget a connection — secrets go to the OS keyring, never the workspace), products to
choose, a dry run that shows what would be created, updated or skipped, the push itself with progress and a
cancel button, per-item status, "retry failed", and the log of past jobs. Every shop call runs in the task pool
(`app.views.kit.tasks`), so the window stays responsive while a shop is slow or never answers; all the work is
`app.services.shops` (through `ShopService`), the same code the `push` command runs.

Texts are English `tr()` / `QCoreApplication.translate("ExportPage", ...)` strings with the Chinese in
`resources/i18n/factory_direct_zh_CN.ts`; messages the services return as `Bilingual` pairs (errors, notes) are
shown in the UI language as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.shops.connections import JobSummary
from app.services.shops.contract import ShopInfo
from app.services.shops.reports import ItemReport, PushReport
from app.services.shops.secrets import SecretKind
from app.services.shops.service import ShopService
from app.views.kit.errors import message_for, show_error
from app.views.kit.i18n import current_language
from app.views.kit.table_model import ListTableModel
from app.views.kit.tasks import BackgroundJob, CancelToken, TaskRunner
from app.views.kit.widgets import title_labels, wrapping_list

STATE_COLOURS = {"confirmed": "#15803D", "skipped": "#6B7280", "failed": "#B91C1C", "sent": "#B45309",
                 "pending": "#B45309", "fail": "#B91C1C"}


STATE_TEXT = {
    "confirmed": QT_TRANSLATE_NOOP("ExportPage", "confirmed"),
    "skipped": QT_TRANSLATE_NOOP("ExportPage", "unchanged"),
    "failed": QT_TRANSLATE_NOOP("ExportPage", "failed"),
    "sent": QT_TRANSLATE_NOOP("ExportPage", "sent, unconfirmed"),
    "pending": QT_TRANSLATE_NOOP("ExportPage", "pending"),
    "create": QT_TRANSLATE_NOOP("ExportPage", "create"),
    "update": QT_TRANSLATE_NOOP("ExportPage", "update"),
    "skip": QT_TRANSLATE_NOOP("ExportPage", "unchanged"),
    "fail": QT_TRANSLATE_NOOP("ExportPage", "would fail"),
    "created": QT_TRANSLATE_NOOP("ExportPage", "created"),
    "updated": QT_TRANSLATE_NOOP("ExportPage", "updated"),
    "adopted": QT_TRANSLATE_NOOP("ExportPage", "adopted and updated"),
    "restored": QT_TRANSLATE_NOOP("ExportPage", "restored from the Trash (draft)"),
    "running": QT_TRANSLATE_NOOP("ExportPage", "running"),
    "done": QT_TRANSLATE_NOOP("ExportPage", "done"),
    "cancelled": QT_TRANSLATE_NOOP("ExportPage", "cancelled"),
    "interrupted": QT_TRANSLATE_NOOP("ExportPage", "interrupted (resumed)"),
}


def state_text(state: str) -> str:
    text = STATE_TEXT.get(state)  # QT_TRANSLATE_NOOP hands back its text; PySide's stubs call it an object
    return QCoreApplication.translate("ExportPage", str(text)) if text else state


class Column(IntEnum):
    STATE = 0
    PRODUCT = 1
    KEY = 2
    REMOTE = 3
    MESSAGE = 4


class PushItemsModel(ListTableModel[ItemReport]):
    """The items of a push, a dry run or a past job (replaced whole: at most a catalogue's products)."""

    def __init__(self) -> None:
        super().__init__(Column, self._column_headers)
        self.dry_run = False

    def _column_headers(self) -> dict[Column, str]:
        return {Column.STATE: self.tr("Status"), Column.PRODUCT: self.tr("Product"),
                Column.KEY: self.tr("Shop SKU / handle"), Column.REMOTE: self.tr("Shop id"),
                Column.MESSAGE: self.tr("Details")}

    def set_items(self, items: Sequence[ItemReport], dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self.set_rows(items)

    def items(self) -> list[ItemReport]:
        return self.rows()

    def _state(self, item: ItemReport) -> str:
        if self.dry_run:
            return item.action
        if item.state == "confirmed" and item.action in ("created", "updated", "adopted", "restored"):
            return item.action
        return item.state

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self._rows[index.row()], Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {Column.STATE: state_text(self._state(item)), Column.PRODUCT: item.product_code,
                    Column.KEY: item.key, Column.REMOTE: item.remote_id, Column.MESSAGE: self._details(item),
                    }[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATE:
            colour = STATE_COLOURS.get(self._state(item) if self.dry_run else item.state)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.MESSAGE:
            return self._details(item) + (f"\n({item.error_code})" if item.error_code else "")
        return None

    @staticmethod
    def _details(item: ItemReport) -> str:
        """The error when there is one, then what the push does or did beyond its action (the dry run's plan,
        a repaired change, duplicates found in the shop)."""
        language = current_language()
        parts = [item.message.text(language) if item.message else item.error_code,
                 item.note.text(language) if item.note else ""]
        return " ".join(p for p in parts if p)


class ConnectionDialog(QDialog):
    """Add a shop: kind, address, name and the secrets (which go to the keyring only), each field saying where
    in the shop's admin it is found."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a shop"))
        self.kind = QComboBox()
        self.kind.addItem("Shopify", "shopify")
        self.kind.addItem("WooCommerce", "woocommerce")
        self.url = QLineEdit()
        self.name = QLineEdit()
        self.legacy = QCheckBox(self.tr("I have an admin API access token from an app made before 2026"))
        self.fields: dict[SecretKind, QLineEdit] = {}
        self.labels: dict[SecretKind, QLabel] = {}
        form = QFormLayout()
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Shop address"), self.url)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.legacy)
        for kind in (SecretKind.SHOPIFY_CLIENT_ID, SecretKind.SHOPIFY_CLIENT_SECRET, SecretKind.SHOPIFY_TOKEN,
                     SecretKind.WOO_KEY, SecretKind.WOO_SECRET, SecretKind.WP_USER, SecretKind.WP_APP_PASSWORD):
            field = QLineEdit()
            if kind not in (SecretKind.WP_USER, SecretKind.SHOPIFY_CLIENT_ID):
                field.setEchoMode(QLineEdit.EchoMode.Password)
            self.fields[kind], self.labels[kind] = field, QLabel()
            form.addRow(self.labels[kind], field)
        self.query_string_auth = QCheckBox(self.tr("Send the keys in the address (only if the server drops the "
                                                   "Authorization header)"))
        self.send_pictures = QCheckBox(self.tr("Upload the products' pictures"))
        self.send_pictures.setChecked(True)
        form.addRow("", self.query_string_auth)
        form.addRow("", self.send_pictures)
        self.help = QLabel()
        self.help.setObjectName("hintLabel")
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.help)
        layout.addWidget(buttons)
        self._form = form
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.legacy.toggled.connect(self._kind_changed)
        self.query_string_auth.toggled.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        woo = self.kind.currentData() == "woocommerce"
        shown = self._shown_secrets()
        for kind, field in self.fields.items():
            self._form.setRowVisible(field, kind in shown)
        self._form.setRowVisible(self.legacy, not woo)
        self._form.setRowVisible(self.query_string_auth, woo)
        self.url.setPlaceholderText("https://shop.example.com" if woo else "https://your-store.myshopify.com")
        texts = {
            SecretKind.SHOPIFY_CLIENT_ID: self.tr("Client ID"),
            SecretKind.SHOPIFY_CLIENT_SECRET: self.tr("Client secret"),
            SecretKind.SHOPIFY_TOKEN: self.tr("Admin API access token"),
            SecretKind.WOO_KEY: self.tr("Consumer key"),
            SecretKind.WOO_SECRET: self.tr("Consumer secret"),
            SecretKind.WP_USER: self.tr("WordPress user (for pictures)"),
            SecretKind.WP_APP_PASSWORD: self.tr("Application password"),
        }
        for kind, label in self.labels.items():
            label.setText(texts[kind])
        self.help.setText(self._help_text(woo))

    def _help_text(self, woo: bool) -> str:
        keyring_note = self.tr("Keys are kept only in the system keyring, never in the workspace file.")
        if woo:
            text = self.tr(
                "WooCommerce → Settings → Advanced → REST API → Add key, with Read/Write permission: copy the consumer "
                "key and secret. WooCommerce accepts keys only over https://. For pictures: WordPress admin → Users "
                "→ Profile → Application Passwords → add one, for a user who may upload files.")
            if self.query_string_auth.isChecked():
                text += " " + self.tr("Keys in the address end up in the web server's access log: use this only if "
                                      "the push is refused otherwise.")
            return f"{text} {keyring_note}"
        if self.legacy.isChecked():
            text = self.tr("Admin API access tokens (shpat_…) come from custom apps made in the store admin before "
                           "2026; since 1 January 2026 new apps are made in the Dev Dashboard.")
        else:
            text = self.tr("Shopify Dev Dashboard (dev.shopify.com) → Apps → create an app with the write_products "
                           "scope and install it on your store → Settings: copy the Client ID and the secret. The app "
                           "fetches a fresh access token for every push.")
        return f"{text} {keyring_note}"

    def _shown_secrets(self) -> tuple[SecretKind, ...]:
        if self.kind.currentData() == "woocommerce":
            return SecretKind.WOO_KEY, SecretKind.WOO_SECRET, SecretKind.WP_USER, SecretKind.WP_APP_PASSWORD
        if self.legacy.isChecked():
            return (SecretKind.SHOPIFY_TOKEN,)
        return SecretKind.SHOPIFY_CLIENT_ID, SecretKind.SHOPIFY_CLIENT_SECRET

    def secrets(self) -> dict[SecretKind, str]:
        """The secrets typed for the chosen kind (hidden fields are not sent anywhere)."""
        return {kind: self.fields[kind].text() for kind in self._shown_secrets()}

    def options(self) -> dict[str, Any]:
        """The connection's options (no secret): how keys are sent, whether pictures go up."""
        options: dict[str, Any] = {"send_pictures": self.send_pictures.isChecked()}
        if self.kind.currentData() == "woocommerce":
            options["query_string_auth"] = self.query_string_auth.isChecked()
        return options

    def clear_secrets(self) -> None:
        for field in self.fields.values():
            field.clear()


class ExportPage(QWidget):
    """Shops, products, dry run, push with progress and cancel, per-item status and the job log."""

    #: Emitted with each finished report (push or dry run): tests and the status bar listen.
    finished = Signal(object)

    def __init__(self, shops: ShopService, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shops = shops
        self.tasks = tasks
        self.connections: list[Any] = []
        self.running: BackgroundJob | None = None
        self.last_report: PushReport | None = None
        self.items_model = PushItemsModel()
        self._build()
        self.reload()

    # ----- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        title, subtitle = title_labels(
            self.tr("Push to your own shop"),
            self.tr("Step 6: push products to Shopify or WooCommerce. Dry-run first, then push; an interrupted push "
                    "resumes next time and never creates duplicates."))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._left_column())
        splitter.addWidget(self._right_column())
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 28)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(splitter, 1)

    def _card(self, title: str) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame()
        frame.setObjectName("card")
        layout = QVBoxLayout(frame)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        return frame, layout

    def _left_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        shops, shops_layout = self._card(self.tr("Shops"))
        self.shop_list = wrapping_list("shopList")
        self.shop_list.currentRowChanged.connect(self._shop_selected)
        self.add_button = QPushButton(self.tr("Add…"))
        self.test_button = QPushButton(self.tr("Test"))
        self.forget_button = QPushButton(self.tr("Forget"))
        self.add_button.clicked.connect(self.add_connection)
        self.test_button.clicked.connect(self.test_connection)
        self.forget_button.clicked.connect(self.forget_connection)
        row = QHBoxLayout()
        for button in (self.add_button, self.test_button, self.forget_button):
            row.addWidget(button)
        self.no_shops = QLabel(self.tr(
            "No shop connected yet. Click Add… to connect your Shopify or WooCommerce shop; its keys are kept in "
            "the system keyring, never in the workspace."))
        self.no_shops.setObjectName("hintLabel")
        self.no_shops.setWordWrap(True)
        self.no_shops.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)   # where the list goes
        self.no_shops.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        shops_layout.addWidget(self.no_shops)
        shops_layout.addWidget(self.shop_list)
        shops_layout.addLayout(row)
        products, products_layout = self._card(self.tr("Products"))
        self.product_list = wrapping_list("exportProducts")
        all_button, none_button = QPushButton(self.tr("All")), QPushButton(self.tr("None"))
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button.clicked.connect(lambda: self._check_all(False))
        row = QHBoxLayout()
        row.addWidget(all_button)
        row.addWidget(none_button)
        products_layout.addWidget(self.product_list)
        products_layout.addLayout(row)
        layout.addWidget(shops, 1)
        layout.addWidget(products, 2)
        return column

    def _right_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        actions, actions_layout = self._card(self.tr("Push"))
        self.dry_run_button = QPushButton(self.tr("Dry run"))
        self.push_button = QPushButton(self.tr("Push"))
        self.push_button.setObjectName("primary")
        self.retry_button = QPushButton(self.tr("Retry failed"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.dry_run_button.clicked.connect(lambda: self.start_push(dry_run=True))
        self.push_button.clicked.connect(lambda: self.start_push(dry_run=False))
        self.retry_button.clicked.connect(self.retry_failed)
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        for button in (self.dry_run_button, self.push_button, self.retry_button, self.cancel_button):
            row.addWidget(button)
        row.addStretch(1)
        self.force = QCheckBox(self.tr("Send unchanged products again"))
        self.force.setToolTip(self.tr("Every product is sent even when neither the workspace nor the shop changed "
                                      "it (changes made in the shop are found and repaired anyway)."))
        self.pictures = QCheckBox(self.tr("Include pictures"))
        self.pictures.setChecked(True)
        self.pictures.setToolTip(self.tr("Without pictures, the shop's pictures are left as they are."))
        options = QHBoxLayout()
        options.addWidget(self.force)
        options.addWidget(self.pictures)
        options.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setObjectName("hintLabel")
        self.status.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.items_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for section in (Column.STATE, Column.PRODUCT, Column.KEY, Column.REMOTE):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        actions_layout.addLayout(row)
        actions_layout.addLayout(options)
        actions_layout.addWidget(self.progress)
        actions_layout.addWidget(self.status)
        actions_layout.addWidget(self.table, 1)
        history, history_layout = self._card(self.tr("Past pushes"))
        self.history = wrapping_list("pushHistory")
        self.history.itemActivated.connect(self._show_job)
        self.history.itemClicked.connect(self._show_job)
        history_layout.addWidget(self.history)
        layout.addWidget(actions, 3)
        layout.addWidget(history, 1)
        return column

    # ----- data ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Refill the shops and products lists from the workspace."""
        selected = self.current_connection()
        self.connections = self.shops.connections()
        self.shop_list.blockSignals(True)
        self.shop_list.clear()
        for connection in self.connections:
            ref = connection.credential_ref or self.tr("no keys")
            self.shop_list.addItem(f"{connection.name or connection.url}  ·  {connection.kind}  ·  {ref}")
        self.shop_list.blockSignals(False)
        self.no_shops.setVisible(not self.connections)
        self.shop_list.setVisible(bool(self.connections))
        ids = [c.id for c in self.connections]
        self.shop_list.setCurrentRow(ids.index(selected.id) if selected is not None and selected.id in ids else
                                     (0 if ids else -1))
        checked = self.checked_codes()
        self.product_list.clear()
        for code, name_zh, name_en in self.shops.product_choices():
            name = (name_zh or name_en) if current_language().startswith("zh") else (name_en or name_zh)
            item = QListWidgetItem(f"{code}  {name}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in checked or not checked else Qt.CheckState.Unchecked)
            self.product_list.addItem(item)
        self._shop_changed()

    def current_connection(self) -> Any:
        row = self.shop_list.currentRow() if hasattr(self, "shop_list") else -1
        return self.connections[row] if 0 <= row < len(self.connections) else None

    def checked_codes(self) -> list[str]:
        return [self.product_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.product_list.count())
                if self.product_list.item(i).checkState() == Qt.CheckState.Checked]

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.product_list.count()):
            self.product_list.item(i).setCheckState(state)

    def _shop_selected(self, *_: object) -> None:
        """Another shop was chosen: "Retry failed" belongs to the shop it failed on, never to the next one."""
        self.last_report = None
        self._shop_changed()

    def _shop_changed(self, *_: object) -> None:
        self.history.clear()
        connection = self.current_connection()
        if connection is not None and connection.id is not None:
            for summary in self.shops.job_history(connection.id):
                item = QListWidgetItem(self._job_line(summary))
                item.setData(Qt.ItemDataRole.UserRole, summary.id)
                self.history.addItem(item)
        self._update_buttons()

    @staticmethod
    def _job_line(summary: JobSummary) -> str:
        counts = summary.counts
        when = summary.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        line = QCoreApplication.translate("ExportPage", "%1 confirmed, %2 unchanged, %3 failed")
        line = (line.replace("%1", str(counts.get("confirmed", 0))).replace("%2", str(counts.get("skipped", 0)))
                .replace("%3", str(counts.get("failed", 0))))
        return f"#{summary.id}  {when}  {state_text(summary.status)}  —  {line}"

    def _show_job(self, item: QListWidgetItem) -> None:
        job_id = item.data(Qt.ItemDataRole.UserRole)
        self.items_model.set_items(self.shops.job_items(job_id))
        self.status.setText(self.tr("Items of push job #%1.").replace("%1", str(job_id)))

    def _update_buttons(self) -> None:
        busy = self.running is not None
        has_shop = self.current_connection() is not None
        for button in (self.dry_run_button, self.push_button):
            button.setEnabled(has_shop and not busy)
        failed = bool(self.last_report and not self.last_report.dry_run and self.last_report.count(state="failed"))
        self.retry_button.setEnabled(has_shop and not busy and failed)
        self.cancel_button.setEnabled(busy)
        for button in (self.add_button, self.test_button, self.forget_button):
            button.setEnabled(not busy and (button is self.add_button or has_shop))

    # ----- shops --------------------------------------------------------------------------------------
    def add_connection(self, dialog: ConnectionDialog | None = None) -> bool:
        """Ask for a shop and its keys; store the keys in the keyring (refused without one)."""
        dialog = dialog or ConnectionDialog(self)
        if dialog.result() != QDialog.DialogCode.Accepted and dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            self.shops.save_connection(dialog.kind.currentData(), dialog.url.text(), dialog.secrets(),
                                 name=dialog.name.text().strip(), options=dialog.options())
        except Exception as error:  # noqa: BLE001 - expected failures are typed; show_error logs bugs
            show_error(self, error)
            return False
        finally:
            dialog.clear_secrets()
        self.reload()
        self.shop_list.setCurrentRow(len(self.connections) - 1)
        return True

    def test_connection(self) -> None:
        connection = self.current_connection()
        if connection is None:
            return

        shops = self.shops

        def work(progress: Callable[[int, int], None], cancel: CancelToken) -> ShopInfo:
            return shops.test_connection(connection)

        self._run(work, self._tested, self.tr("Testing the connection…"))

    def _tested(self, info: ShopInfo) -> None:
        currency = info.currency or "?"
        text = self.tr("Connected: %1 (currency %2).").replace("%2", currency).replace("%1", info.name or info.url)
        if info.weight_unit:
            text += " " + self.tr("Weights in %1, sizes in %2.").replace("%1", info.weight_unit).replace(
                "%2", info.dimension_unit)
        if info.can_write is False:
            text += " " + self.tr("These keys can only read: pushing needs write permission.")
        self.status.setText(text)

    def forget_connection(self) -> None:
        connection = self.current_connection()
        if connection is None or connection.id is None:
            return
        answer = QMessageBox.question(self, self.tr("Forget keys"),
                                      self.tr("Remove this shop's keys from the system keyring? The push log is kept."))
        if answer == QMessageBox.StandardButton.Yes:
            self.shops.forget_connection(connection.id)
            self.reload()

    # ----- pushing ------------------------------------------------------------------------------------
    def start_push(self, dry_run: bool, codes: list[str] | None = None) -> BackgroundJob | None:
        """Dry-run or push the checked products (or `codes`) in the background; returns the job."""
        connection = self.current_connection()
        codes = self.checked_codes() if codes is None else codes
        if connection is None or self.running is not None:
            return None
        if not codes:
            self.status.setText(self.tr("Tick the products to push first."))
            return None
        shops, force, pictures = self.shops, self.force.isChecked(), self.pictures.isChecked()

        def work(progress: Callable[[int, int], None], cancel: CancelToken) -> PushReport:
            return shops.push(connection, codes, dry_run=dry_run, force=force, send_pictures=pictures,
                              progress=progress, cancelled=cancel)

        busy = self.tr("Dry run…") if dry_run else self.tr("Pushing…")
        return self._run(work, self._pushed, busy)

    def retry_failed(self) -> BackgroundJob | None:
        if self.last_report is None:
            return None
        failed = [item.product_code for item in self.last_report.items if item.state == "failed"]
        return self.start_push(dry_run=False, codes=failed)

    def cancel(self) -> None:
        if self.running is not None:
            self.running.cancel()
            self.status.setText(self.tr("Cancelling: stops after the current batch; unsent products resume on the next "
                                        "push."))

    def _pushed(self, report: PushReport) -> None:
        self.last_report = report
        self.items_model.set_items(report.items, dry_run=report.dry_run)
        self.status.setText(self._summary(report))
        self._shop_changed()
        self.finished.emit(report)

    def _summary(self, report: PushReport) -> str:
        notes = " ".join(n.text(current_language()) for n in report.notes)
        stopped = (self.tr("The push stopped: %1").replace("%1", report.fatal.text(current_language())) + " ") \
            if report.fatal is not None else ""
        if report.dry_run:
            counts = [report.count(action=a) for a in ("create", "update", "skip", "fail")]
            text = self.tr("Dry run: %1 to create, %2 to update, %3 unchanged, %4 would fail.")
        else:
            counts = [report.count(state=s) for s in ("confirmed", "skipped", "failed")]
            text = self.tr("Push finished: %1 confirmed, %2 unchanged, %3 failed.")
        for number, count in enumerate(counts, start=1):
            text = text.replace(f"%{number}", str(count))
        if report.cancelled and not report.dry_run:
            text += " " + self.tr("Cancelled; the rest resume on the next push.")
        return f"{stopped}{text} {notes}".strip()

    # ----- background tasks ---------------------------------------------------------------------------
    def _run(self, work: Callable[[Callable[[int, int], None], CancelToken], Any], done: Callable[[Any], None],
             busy: str) -> BackgroundJob:
        self.progress.setRange(0, 0)  # busy until the first progress report
        self.status.setText(busy)
        # Pushes record job rows: one writer at a time.
        job = BackgroundJob(self, self.tasks, work, bar=self.progress, writes=True)
        job.done.connect(lambda result: self._task_done(done, result))
        job.failed.connect(self._task_failed)
        self.running = job
        self._update_buttons()
        return job

    def _task_done(self, done: Callable[[Any], None], result: Any) -> None:
        self.running = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self._update_buttons()
        done(result)

    def _task_failed(self, error: BaseException) -> None:
        self.running = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(message_for(error))
        self._update_buttons()
        self.finished.emit(error)
