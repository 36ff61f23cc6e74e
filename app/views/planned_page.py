"""A journey step that later releases fill: it says what it will do instead of showing a blank screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.views.resources import icon


class PlannedPage(QWidget):
    """Title, what this step is for, and the list of what it will do."""

    def __init__(self, title: str, purpose: str, points: list[str], icon_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 28)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        subtitle = QLabel(purpose)
        subtitle.setObjectName("pageSubtitle")
        subtitle.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(subtitle)
        frame = QFrame()
        frame.setObjectName("card")
        inner = QVBoxLayout(frame)
        badge = QLabel()
        badge.setPixmap(icon(icon_name).pixmap(48, 48))
        inner.addWidget(badge, 0, Qt.AlignmentFlag.AlignLeft)
        coming = QLabel(self.tr("Coming in the next release. This step will:"))
        coming.setObjectName("sectionTitle")
        inner.addWidget(coming)
        for point in points:
            item = QLabel("•  " + point)
            item.setWordWrap(True)
            inner.addWidget(item)
        layout.addWidget(frame)
        layout.addStretch(1)


def planned_pages(exclude: tuple[str, ...] = ()) -> dict[str, PlannedPage]:
    """The journey steps not built yet, keyed by view name (minus those in `exclude`)."""
    factories = {
        "print": lambda: PlannedPage(
            QCoreApplication.translate("PlannedPage", "Print"),
            QCoreApplication.translate("PlannedPage", "Step 5: documents sales staff hand to buyers."),
            [QCoreApplication.translate("PlannedPage", "Bilingual spec sheets with barcodes and a QR code."),
             QCoreApplication.translate("PlannedPage", "B2B price lists with quantity tiers, and a full catalogue with contents and index.")],
            "printer"),
    }
    return {name: make() for name, make in factories.items() if name not in exclude}
