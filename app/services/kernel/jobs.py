"""Long work, the same way everywhere: a `progress(done, total)` callback, a `cancelled()` check asked between
steps, and one exception when the user stops — so the GUI's background jobs, the command line and the tests drive
an import, a pack build, a print run or a push alike."""

from __future__ import annotations

from collections.abc import Callable

from app.models.bilingual import Bilingual, UserFacingError

#: Told after each step: (steps done, steps in all).
Progress = Callable[[int, int], None]
#: Asked between steps: True when the user asked to stop.
CancelCheck = Callable[[], bool]

NOTHING_WRITTEN = Bilingual("已取消，没有写入任何内容。", "Cancelled; nothing was written.")


class Cancelled(UserFacingError):
    """The user stopped the work. Each job says what stays (usually nothing; a batch of sheets keeps the sheets
    already finished)."""

    def __init__(self, message: Bilingual = NOTHING_WRITTEN) -> None:
        super().__init__(message)


def stop_if_cancelled(cancelled: CancelCheck | None, message: Bilingual = NOTHING_WRITTEN) -> None:
    """Raise `Cancelled` when the user asked to stop."""
    if cancelled is not None and cancelled():
        raise Cancelled(message)


def tell(progress: Progress | None, done: int, total: int) -> None:
    """Report progress when someone listens."""
    if progress is not None:
        progress(done, total)
