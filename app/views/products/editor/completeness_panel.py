"""The completeness panel beside the tabs: the score, a score per platform, and what is still missing."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.services.catalogue.completeness import Completeness
from app.views.kit.i18n import current_language, list_text
from app.views.products.editor.widgets import clear_layout, hint_label, scrolling


def platform_names() -> dict[str, str]:
    return {
        "tmall": QCoreApplication.translate("CompletenessPanel", "Tmall"),
        "taobao": QCoreApplication.translate("CompletenessPanel", "Taobao"),
        "jd": QCoreApplication.translate("CompletenessPanel", "JD"),
        "pinduoduo": QCoreApplication.translate("CompletenessPanel", "Pinduoduo"),
        "douyin": QCoreApplication.translate("CompletenessPanel", "Douyin"),
        "1688": "1688",
        "odm": QCoreApplication.translate("CompletenessPanel", "ODM buyers"),
        "amazon": QCoreApplication.translate("CompletenessPanel", "Amazon"),
        "shopify": "Shopify",
        "woocommerce": "WooCommerce",
    }


class CompletenessPanel(QFrame):
    """Score 0–100 and the missing items, per platform (the same rules as the catalogue's column)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFixedWidth(264)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 14)
        outer.setSpacing(8)
        title = QLabel(self.tr("Completeness"))
        title.setObjectName("sectionTitle")
        outer.addWidget(title)
        self.score = QLabel("–")
        self.score.setObjectName("pageTitle")
        outer.addWidget(self.score)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        outer.addWidget(self.bar)
        outer.addWidget(hint_label(self.tr("Ready to list when the score for your platforms reaches 100.")))
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 4, 4, 0)
        column.setSpacing(8)
        heading = QLabel(self.tr("By platform"))
        heading.setObjectName("pageSubtitle")
        column.addWidget(heading)
        self.platforms = QGridLayout()
        self.platforms.setHorizontalSpacing(8)
        self.platforms.setVerticalSpacing(6)
        column.addLayout(self.platforms)
        heading = QLabel(self.tr("Still missing"))
        heading.setObjectName("pageSubtitle")
        column.addWidget(heading)
        self.missing = QLabel()
        self.missing.setObjectName("missingList")
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.RichText)
        self.missing.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.missing)
        column.addStretch(1)
        outer.addWidget(scrolling(body), 1)

    def show_result(self, result: Completeness) -> None:
        self.score.setText(self.tr("%1 / 100").replace("%1", str(result.score)))
        self.bar.setValue(result.score)
        names = platform_names()
        clear_layout(self.platforms)
        groups: dict[tuple[int, tuple[str, ...]], list[str]] = {}
        for platform, score in result.platform_scores.items():
            keys = tuple(sorted(item.item_key for item in result.missing_for(platform)))
            groups.setdefault((score, keys), []).append(platform)
        for row, ((score, _keys), platforms) in enumerate(sorted(groups.items(), key=lambda g: -len(g[1]))):
            label = QLabel(list_text(names.get(p, p) for p in platforms))
            label.setWordWrap(True)
            value = QLabel(f"{score}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value.setObjectName("sectionTitle" if score < 100 else "pageSubtitle")
            self.platforms.addWidget(label, row, 0)
            self.platforms.addWidget(value, row, 1)
        self.platforms.setColumnStretch(0, 1)
        lang = current_language()
        everyone = set(result.platform_scores)
        lines = []
        for missing in result.missing:
            text = escape(missing.message.text(lang))
            if set(missing.platforms) != everyone:
                only = self.tr("for %1").replace("%1", list_text(names.get(p, p) for p in missing.platforms))
                text += f"<br><span style='color:#94A3B8'>{escape(only)}</span>"
            lines.append(f"<li style='margin-bottom:6px'>{text}</li>")
        self.missing.setText(f"<ul style='margin-left:-24px'>{''.join(lines)}</ul>" if lines
                             else escape(self.tr("Nothing: every platform has what it needs.")))
