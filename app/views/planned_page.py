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


def planned_pages() -> dict[str, PlannedPage]:
    """The journey steps not built yet, keyed by view name."""
    return {
        "products": PlannedPage(
            QCoreApplication.translate("PlannedPage", "Products"), QCoreApplication.translate("PlannedPage", "Step 2: define what you sell — products, variants, images, barcodes."),
            [QCoreApplication.translate("PlannedPage", "A catalogue table that stays fast at 100,000 SKUs, with search in Chinese and English."),
             QCoreApplication.translate("PlannedPage", "A product editor with the category's attribute template, zh and en side by side."),
             QCoreApplication.translate("PlannedPage", "A variant matrix (colour × size) that generates SKU codes and checks GTIN barcodes."),
             QCoreApplication.translate("PlannedPage", "Image checks, undo and redo, and CSV/XLSX import and export that Chinese Excel opens.")],
            "package"),
        "pricing": PlannedPage(
            QCoreApplication.translate("PlannedPage", "Pricing for value"), QCoreApplication.translate("PlannedPage", "Step 3: what the consumer pays through the old chain, and what it can cost direct."),
            [QCoreApplication.translate("PlannedPage", "Cost build-up per SKU and fee profiles for Tmall, JD, Pinduoduo, Douyin, 1688, Amazon, Shopify…"),
             QCoreApplication.translate("PlannedPage", "The floor and suggested price per channel, margin, contribution and break-even volume."),
             QCoreApplication.translate("PlannedPage", "A chart of ex-factory cost → each layer of the traditional chain → consumer price, beside the direct price.")],
            "calculator"),
        "packs": PlannedPage(
            QCoreApplication.translate("PlannedPage", "Listing packs"), QCoreApplication.translate("PlannedPage", "Step 4: everything a platform needs to put a product on sale."),
            [QCoreApplication.translate("PlannedPage", "Titles within each platform's limit, selling points, spec tables and images cut to size."),
             QCoreApplication.translate("PlannedPage", "The platform's bulk-upload file (Shopify, WooCommerce, Amazon, Tmall, JD…)."),
             QCoreApplication.translate("PlannedPage", "A compliance check for banned absolute terms, other brands' names and claims without evidence.")],
            "layers"),
        "print": PlannedPage(
            QCoreApplication.translate("PlannedPage", "Print"), QCoreApplication.translate("PlannedPage", "Step 5: documents sales staff hand to buyers."),
            [QCoreApplication.translate("PlannedPage", "Bilingual spec sheets with barcodes and a QR code."),
             QCoreApplication.translate("PlannedPage", "B2B price lists with quantity tiers, and a full catalogue with contents and index.")],
            "printer"),
        "export": PlannedPage(
            QCoreApplication.translate("PlannedPage", "Export"), QCoreApplication.translate("PlannedPage", "Step 6: push products to your own shop."),
            [QCoreApplication.translate("PlannedPage", "Shopify and WooCommerce over their real APIs, with keys kept in the system keyring."),
             QCoreApplication.translate("PlannedPage", "Resumable jobs that never create duplicates, with a dry run first.")],
            "upload-cloud"),
    }
