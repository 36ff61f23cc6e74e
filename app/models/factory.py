"""The factory profile (one per workspace) and its certificates and test reports."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.types import UTCDateTime, utc_now


class FactoryProfile(SQLModel, table=True):
    """Who makes the goods: the first step of the journey. One row per workspace."""

    __tablename__ = "factory_profile"

    id: int | None = Field(default=None, primary_key=True)
    name_zh: str = ""
    name_en: str = ""
    brand_zh: str = ""
    brand_en: str = ""
    address_zh: str = ""
    address_en: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    capabilities_zh: str = ""
    capabilities_en: str = ""
    capacity_per_month: int | None = None
    capacity_unit: str = "pcs"
    moq: int | None = None
    lead_time_days: int | None = None
    materials_partners: str = ""
    #: Brands the factory has made goods for. Private: never printed, exported or listed.
    oem_history: str = ""
    oem_history_private: bool = True
    updated_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))


class CertificateKind(str, Enum):
    """What a piece of evidence is."""

    QUALITY_SYSTEM = "quality_system"   # ISO 9001 and the like
    PRODUCT_CERT = "product_cert"       # CCC, CE, OEKO-TEX, FDA…
    TEST_REPORT = "test_report"         # SGS / CTI lab reports
    AUTHORISATION = "authorisation"     # a brand's written authorisation
    OTHER = "other"


class Certificate(SQLModel, table=True):
    """A certificate or test report that backs the factory's quality claims."""

    __tablename__ = "certificate"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default=CertificateKind.PRODUCT_CERT.value, max_length=40)
    name: str = Field(default="", max_length=200)          # e.g. "ISO 9001:2015", "OEKO-TEX Standard 100"
    number: str = Field(default="", max_length=100)
    issuer: str = Field(default="", max_length=200)
    issued_on: date | None = None
    expires_on: date | None = None
    scope: str = ""
    file_name: str = ""
    blob_id: int | None = Field(default=None, foreign_key="blob.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utc_now, sa_column=sa.Column(UTCDateTime, nullable=False))

    def is_expired(self, today: date) -> bool:
        """True when the certificate has an expiry date before `today`."""
        return self.expires_on is not None and self.expires_on < today
