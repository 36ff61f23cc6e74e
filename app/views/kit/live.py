"""Other users' changes on a team workspace, delivered on the GUI thread (issue #14).

`LiveChanges` watches the socket of a `ChangeListener` (app.services.workspace.live) with a `QSocketNotifier`:
when the server sends a notification the socket becomes readable, Qt calls back on the GUI thread, and the
changed product ids are emitted. No thread, no polling timer, no `processEvents()`. A workspace file has no other
writers: `watch_changes` returns None for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from app.db import Workspace

log = logging.getLogger(__name__)


class LiveChanges(QObject):
    """Emits `products_changed(set of product ids)` within moments of another user's commit."""

    products_changed = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None,
                 on_lost: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(parent)
        from app.services.workspace.live import ChangeListener

        self._on_lost = on_lost
        self._listener = ChangeListener(workspace.engine)
        self._notifier = QSocketNotifier(self._listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self.destroyed.connect(self._listener.close)

    def _drain(self) -> None:
        try:
            changed = self._listener.changed_products()
        except Exception as error:  # noqa: BLE001 - a lost connection: live refresh stops until it is back
            log.warning("live changes stopped: the listening connection failed", exc_info=True)
            self._notifier.setEnabled(False)
            if self._on_lost is not None:  # the connection watch retries and restarts listening (`watch_changes`)
                self._on_lost(error)
            return
        if changed:
            self.products_changed.emit(changed)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        self._listener.close()


def watch_changes(workspace: Workspace, parent: QObject | None = None,
                  on_lost: Callable[[BaseException], None] | None = None) -> LiveChanges | None:
    """A watcher for a team workspace, or None (a file; or the listener could not connect: logged, and told to
    `on_lost`). `on_lost(error)` hears when the listening connection fails later."""
    if not workspace.is_team:
        return None
    try:
        return LiveChanges(workspace, parent, on_lost)
    except Exception as error:  # noqa: BLE001 - the page works without live refresh; a manual refresh still works
        log.warning("could not listen for changes on %s", workspace.url, exc_info=True)
        if on_lost is not None:
            on_lost(error)
        return None
