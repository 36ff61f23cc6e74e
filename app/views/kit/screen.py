"""Windows that fit the screen they open on: a 1366×768 laptop, or 1920×1080 at 150 % (1280×720 logical).

A window's wanted size is a wish; the screen's available geometry (the desktop minus the task bar) is the limit.
Windows ask here for their size and position instead of calling `resize()` with fixed numbers, so their footers
(Close, Back/Next) can never end up below the bottom of the screen. Tests replace `available_geometry` with a
small fake screen.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QWidget

#: Room the window manager's frame takes around a window that is not shown yet (title bar and borders on
#: Windows 10/11 at 100 %); once a window is shown its real frame is used instead.
FRAME_ALLOWANCE = QSize(16, 39)
#: Used only when Qt knows no screen at all (never on a desktop).
FALLBACK_AREA = QRect(0, 0, 1366, 728)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable desktop area of the screen `widget` is on (the primary screen when it has none yet)."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(FALLBACK_AREA)


def frame_allowance(window: QWidget) -> QSize:
    """What the window frame adds to the window's own size."""
    if window.isVisible():
        frame, inner = window.frameGeometry(), window.geometry()
        if frame.size() != inner.size():
            return frame.size() - inner.size()
    return QSize(FRAME_ALLOWANCE)


def largest_size(window: QWidget) -> QSize:
    """The biggest client size that, frame included, still fits the available area."""
    area = available_geometry(window)
    return area.size() - frame_allowance(window)


def fit_to_screen(window: QWidget, wanted: QSize | None = None) -> None:
    """Give `window` the `wanted` size (else its present size) cut to the screen, and keep it on the screen.

    Its minimum size is lowered to fit too: a minimum taller than the screen would push the footer off it.
    """
    limit = largest_size(window)
    minimum = window.minimumSize().boundedTo(limit)
    window.setMinimumSize(minimum)
    size = (wanted if wanted is not None else window.size()).boundedTo(limit).expandedTo(minimum)
    window.resize(size)
    if not window.isVisible() and not window.testAttribute(Qt.WidgetAttribute.WA_Moved):
        place_centred(window)  # else Qt centres it on show, on whatever screen or parent, possibly off-screen
    keep_on_screen(window)


def place_centred(window: QWidget) -> None:
    """Centre the window (frame included) in the available area of its screen."""
    area = available_geometry(window)
    outer = window.size() + frame_allowance(window)
    window.move(area.left() + max(0, (area.width() - outer.width()) // 2),
                area.top() + max(0, (area.height() - outer.height()) // 2))


def keep_on_screen(window: QWidget) -> None:
    """Move the window (its frame included) inside the available area, e.g. after restoring a saved geometry
    taken on a bigger monitor; shrink it first when it is bigger than the area."""
    limit = largest_size(window)
    if window.width() > limit.width() or window.height() > limit.height():
        window.resize(window.size().boundedTo(limit))
    area = available_geometry(window)
    extra = frame_allowance(window)
    outer = QRect(window.pos(), window.size() + extra)
    x = min(max(outer.left(), area.left()), area.right() + 1 - outer.width())
    y = min(max(outer.top(), area.top()), area.bottom() + 1 - outer.height())
    if (x, y) != (outer.left(), outer.top()):
        window.move(x, y)


def fits_on_screen(window: QWidget) -> bool:
    """Whether the window, frame included, lies wholly inside the available area (for tests and checks)."""
    outer = QRect(window.pos(), window.size() + frame_allowance(window))
    return available_geometry(window).contains(outer)


def scrolled(content: QLayout | QWidget) -> QScrollArea:
    """`content` in a frameless scroll area, so a window can be shorter than its content while the parts
    outside it (a footer with Close, Back/Next) stay pinned and visible."""
    if isinstance(content, QLayout):
        holder = QWidget()
        holder.setLayout(content)
        content = holder
    area = QScrollArea()
    area.setObjectName("fitScroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(content)
    return area
