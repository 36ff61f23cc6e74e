"""The Pricing page's approved-prices line (issue #15): whether the channel shown has approved prices — the dated
version sales staff print price lists and build listing packs from — and whether they are older than the
current plan (on a workspace file, which has no sales logins, the line stays empty until something is
approved), with "Approve prices…" (asks first) and, when they are older, "Re-approve now" (one step).

The work is `ApprovalService`'s (app/services/workspace/approvals.py): approving prices every SKU of the
channel with the price list's and the packs' own pricing paths, so it runs in the single-thread write pool
(`kit.tasks.BackgroundJob`) when the page has a task runner. Whether the approved prices are older than the plan
is a fingerprint of the costs, plans, fee profile and rates, compared with the one stored at approval: measured
on the demo (19 SKUs) at about 6 ms, so it is checked on the GUI thread, once per burst of changes (a short
timer gathers a plan edit's events into one check).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from app.services.workspace.approvals import Approval, ApprovalService, ApprovalStatus
from app.views.kit.errors import message_for
from app.views.kit.i18n import is_chinese
from app.views.kit.tasks import BackgroundJob, TaskRunner

log = logging.getLogger(__name__)

# How long a burst of plan, fee and rate events is gathered before the status is checked again.
REFRESH_DELAY_MS = 150


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class ApprovalLine(QWidget):
    """One line under the pickers: the shown channel's approved prices, and the one-step re-approve."""

    # (text, is_error) for the page's message line.
    message = Signal(str, bool)
    # The approvals just stored.
    approved = Signal(object)

    def __init__(self, service: ApprovalService, channel: Callable[[], str | None], tasks: TaskRunner | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.channel = channel
        self.tasks = tasks
        self.status: ApprovalStatus | None = None
        self.job: BackgroundJob | None = None
        self.note = QLabel()
        self.note.setObjectName("hintLabel")
        self.note.setWordWrap(True)
        self.reapprove_button = QPushButton(translate("PricingPage", "Re-approve now"))
        self.reapprove_button.setObjectName("reapproveButton")
        self.reapprove_button.setToolTip(translate(
            "PricingPage", "Approve today's prices of this channel as a new version, in one step."))
        self.reapprove_button.clicked.connect(lambda: self.approve(ask=False))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.note, 1)
        row.addWidget(self.reapprove_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh_now)
        self.reapprove_button.setVisible(False)

    def refresh(self) -> None:
        """Check the status again soon (many events in a row make one check)."""
        self._timer.start()

    def refresh_now(self) -> None:
        self._timer.stop()
        channel = self.channel()
        if channel is None:
            self.status = None
            self.note.setText("")
            self.reapprove_button.setVisible(False)
            return
        try:
            self.status = self.service.status(channel)
        except Exception as error:  # noqa: BLE001 - a refusal or a lost connection: said on the line, not raised
            _log_if_bug(error)
            self.status = None
            self.note.setText(message_for(error))
            self.reapprove_button.setVisible(False)
            return
        quiet = self.status.latest is None and not self.service.is_team  # a file's owner needs no reminder
        self.note.setText("" if quiet else self._describe(self.status, self._name(channel)))
        self.note.setVisible(not quiet)
        self.note.setObjectName("warningLabel" if self.status.stale else "hintLabel")
        self.note.style().unpolish(self.note)
        self.note.style().polish(self.note)
        self.reapprove_button.setVisible(self.status.stale)
        self.reapprove_button.setEnabled(self.job is None)

    def _name(self, channel_id: str) -> str:
        profile = next((p for p in self.service.profiles() if p.id == channel_id), None)
        if profile is None:
            return channel_id
        return profile.name_zh if is_chinese() else profile.name_en

    @staticmethod
    def _describe(status: ApprovalStatus, name: str) -> str:
        latest = status.latest
        if latest is None:
            return translate("PricingPage", "%1: no approved prices yet. Sales staff print price lists and build "
                             "packs only from approved prices.").replace("%1", name)
        day = latest.approved_at.date().isoformat()
        if status.stale:
            return (translate("PricingPage", "The approved prices are older than the current plan and need "
                              "approving again (%1, version %2, approved on %3).")
                    .replace("%1", name).replace("%2", str(latest.version)).replace("%3", day))
        return (translate("PricingPage",
                          "%1: approved prices version %2, approved on %3 by %4; sales staff print from them.")
                .replace("%1", name).replace("%2", str(latest.version)).replace("%3", day)
                .replace("%4", latest.approved_by or "?"))

    def approve(self, ask: bool = True) -> None:
        """Approve the shown channel's prices (after a question when `ask`), off the GUI thread when possible."""
        channel = self.channel()
        if channel is None or self.job is not None:
            return
        name = self._name(channel)
        if ask:
            answer = QMessageBox.question(
                self, translate("PricingPage", "Approve prices"),
                translate("PricingPage", "Approve today's prices of %1 as the price list sales staff print from? "
                          "A new version is added; earlier versions are kept.").replace("%1", name))
            if answer != QMessageBox.StandardButton.Yes:
                return
        service = self.service

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[Approval]:
            return service.approve(channel, progress=progress, cancelled=cancelled)

        if self.tasks is None:
            try:
                result = work(lambda _done, _total: None, lambda: False)
            except Exception as error:  # noqa: BLE001 - expected refusals and bugs alike become a message
                _log_if_bug(error)
                self._failed(error)
            else:
                self._done(result)
            return
        self.reapprove_button.setEnabled(False)
        label = translate("PricingPage", "Approving prices…")
        self.job = BackgroundJob(self, self.tasks, work, label=label, writes=True)
        self.job.ended.connect(self._ended)
        self.job.done.connect(self._done)
        self.job.failed.connect(self._failed)

    def _ended(self) -> None:
        self.job = None
        self.reapprove_button.setEnabled(True)

    def _done(self, result: Any) -> None:
        approvals: list[Approval] = list(result)
        for item in approvals:
            self.message.emit(
                translate("PricingPage", "Approved the prices of %1 as version %2: %3 of %4 SKUs priced.")
                .replace("%1", item.name_zh if is_chinese() else item.name_en).replace("%2", str(item.version))
                .replace("%3", str(item.priced)).replace("%4", str(item.skus)), False)
        self.approved.emit(approvals)
        self.refresh_now()

    def _failed(self, error: object) -> None:
        if isinstance(error, BaseException):
            self.message.emit(message_for(error), True)
        self.refresh_now()


def _log_if_bug(error: BaseException) -> None:
    """Expected failures are said in words; anything else is a bug and goes to the log with its traceback."""
    from app.models.bilingual import UserFacingError

    if not isinstance(error, (UserFacingError, OSError)):
        log.error("approved prices: unexpected error", exc_info=(type(error), error, error.__traceback__))
