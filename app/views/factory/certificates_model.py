"""The certificates table on the Factory page."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.models import Certificate
from app.views.kit.table_model import ListTableModel


class Column(IntEnum):
    NAME = 0
    KIND = 1
    NUMBER = 2
    ISSUER = 3
    EXPIRES = 4
    FILE = 5


def headers() -> dict[Column, str]:
    return {
        Column.NAME: QCoreApplication.translate("CertificateTableModel", "Certificate"),
        Column.KIND: QCoreApplication.translate("CertificateTableModel", "Type"),
        Column.NUMBER: QCoreApplication.translate("CertificateTableModel", "Number"),
        Column.ISSUER: QCoreApplication.translate("CertificateTableModel", "Issuer"),
        Column.EXPIRES: QCoreApplication.translate("CertificateTableModel", "Expires"),
        Column.FILE: QCoreApplication.translate("CertificateTableModel", "Attached file"),
    }


def kind_labels() -> dict[str, str]:
    return {
        "quality_system": QCoreApplication.translate("CertificateTableModel", "Quality system"),
        "product_cert": QCoreApplication.translate("CertificateTableModel", "Product certificate"),
        "test_report": QCoreApplication.translate("CertificateTableModel", "Test report"),
        "authorisation": QCoreApplication.translate("CertificateTableModel", "Brand authorisation"),
        "other": QCoreApplication.translate("CertificateTableModel", "Other"),
    }


class CertificateTableModel(ListTableModel[Certificate]):
    """Adapts a list of certificates; replaced whole after each save (a handful of rows)."""

    def __init__(self, today: date | None = None) -> None:
        super().__init__(Column, headers)
        self._today = today or date.today()

    def set_certificates(self, certificates: list[Certificate]) -> None:
        self.set_rows(certificates)

    def certificate_at(self, row: int) -> Certificate:
        return self.row_at(row)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        certificate = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(certificate, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.EXPIRES and certificate.is_expired(self._today):
            return QBrush(QColor("#B91C1C"))
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.EXPIRES and certificate.is_expired(self._today):
            return QCoreApplication.translate("CertificateTableModel",
                                              "Expired: renew it before relying on it in a listing.")
        return None

    def _display(self, certificate: Certificate, column: Column) -> str:
        if column == Column.NAME:
            return certificate.name
        if column == Column.KIND:
            return kind_labels().get(certificate.kind, certificate.kind)
        if column == Column.NUMBER:
            return certificate.number
        if column == Column.ISSUER:
            return certificate.issuer
        if column == Column.EXPIRES:
            return certificate.expires_on.isoformat() if certificate.expires_on else "—"
        return certificate.file_name or "—"
