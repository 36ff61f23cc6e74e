"""The factory profile and its certificates: read, validate, save (with an audit entry)."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from app.db import Workspace
from app.models import Blob, Certificate, FactoryProfile, ProductCertificate
from app.models.bilingual import Bilingual, UserFacingError
from app.models.public_fields import public_copy, public_only
from app.models.types import utc_now
from app.models.validation import (
    FieldProblem,
    validate_certificate,
    validate_factory_profile,
)
from app.services.catalogue.blobs import store_blob
from app.services.kernel import audit

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
ATTACHMENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}

PROFILE_TEXT_FIELDS = (
    "name_zh", "name_en", "brand_zh", "brand_en", "address_zh", "address_en", "contact_name", "phone", "email",
    "website", "capabilities_zh", "capabilities_en", "capacity_unit", "materials_partners", "oem_history",
)
PROFILE_INT_FIELDS = ("capacity_per_month", "moq", "lead_time_days")
CERTIFICATE_FIELDS = ("kind", "name", "number", "issuer", "issued_on", "expires_on", "scope")


class ValidationFailed(UserFacingError):
    """The form has problems; nothing was saved."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        first = problems[0].message
        super().__init__(Bilingual(f"没有保存：{first.zh}", f"Not saved: {first.en}"))
        self.problems = problems


@dataclass(frozen=True)
class Attachment:
    """A file attached to a certificate."""

    name: str
    mime: str
    data: bytes


class FactoryProfileService:
    """What the Factory page and the command line do with the profile."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    @property
    def editable(self) -> bool:
        """Whether this login may change the profile and the certificates (not a team's sales staff)."""
        return self._workspace.may_write

    @property
    def shows_private(self) -> bool:
        """Whether this login may read the private fields (OEM history, materials partners, certificate scans)."""
        return self._workspace.sees_costs

    def load_profile(self) -> FactoryProfile:
        """The profile, or an empty one for a new workspace (public fields only for a login without the right to
        the private ones: the server would refuse the rest)."""
        with self._workspace.session() as session:
            if not self.shows_private:
                row = session.exec(select(FactoryProfile).options(*public_only(FactoryProfile))).first()
                return public_copy(row) if row is not None else FactoryProfile()
            profile = session.exec(select(FactoryProfile)).first()
            return profile if profile is not None else FactoryProfile()

    def save_profile(self, values: dict[str, Any]) -> FactoryProfile:
        """Validate and save the profile fields in `values`; raises ValidationFailed."""
        problems = validate_factory_profile(values)
        if problems:
            raise ValidationFailed(problems)
        with self._workspace.session() as session:
            profile = session.exec(select(FactoryProfile)).first() or FactoryProfile()
            changed = _apply_profile_values(profile, values)
            profile.updated_at = utc_now()
            session.add(profile)
            session.flush()
            audit.record(session, "factory_profile", profile.id, "update", {"fields": changed})
            return profile

    def list_certificates(self) -> list[Certificate]:
        with self._workspace.session() as session:
            if not self.shows_private:
                query = select(Certificate).options(*public_only(Certificate)).order_by(col(Certificate.id))
                return [public_copy(row) for row in session.exec(query)]
            return list(session.exec(select(Certificate).order_by(col(Certificate.id))))

    def save_certificate(self, values: dict[str, Any], certificate_id: int | None = None,
                         attachment_path: Path | None = None) -> Certificate:
        """Create or update a certificate, optionally attaching a file (PDF/JPG/PNG)."""
        problems = validate_certificate(values)
        if problems:
            raise ValidationFailed(problems)
        attachment = read_attachment(attachment_path) if attachment_path else None
        with self._workspace.session() as session:
            certificate = session.get(Certificate, certificate_id) if certificate_id else Certificate()
            if certificate is None:
                raise UserFacingError(Bilingual("证书已被删除。", "The certificate was deleted."))
            for field in CERTIFICATE_FIELDS:
                if field in values:
                    setattr(certificate, field, values[field])
            if attachment is not None:
                certificate.blob_id = store_blob(session, attachment.data, attachment.mime).id
                certificate.file_name = attachment.name
            session.add(certificate)
            session.flush()
            audit.record(session, "certificate", certificate.id, "update" if certificate_id else "create",
                         {"name": certificate.name})
            return certificate

    def delete_certificate(self, certificate_id: int) -> None:
        with self._workspace.session() as session:
            certificate = session.get(Certificate, certificate_id)
            if certificate is None:
                return
            links = select(ProductCertificate).where(ProductCertificate.certificate_id == certificate_id)
            for link in session.exec(links):
                session.delete(link)
            session.delete(certificate)
            audit.record(session, "certificate", certificate_id, "delete", {"name": certificate.name})

    def attachment(self, certificate_id: int) -> Attachment | None:
        """The file attached to a certificate, to open or save elsewhere."""
        with self._workspace.session() as session:
            certificate = session.get(Certificate, certificate_id)
            if certificate is None or certificate.blob_id is None:
                return None
            blob = session.get(Blob, certificate.blob_id)
            assert blob is not None
            return Attachment(certificate.file_name, blob.mime, blob.data)

    def expiring_certificates(self, today: date, within_days: int = 60) -> list[Certificate]:
        """Certificates already expired or expiring soon: a listing must not rely on them."""
        return [c for c in self.list_certificates()
                if c.expires_on is not None and (c.expires_on - today).days <= within_days]


def _apply_profile_values(profile: FactoryProfile, values: dict[str, Any]) -> list[str]:
    changed = []
    for field in PROFILE_TEXT_FIELDS:
        if field in values and getattr(profile, field) != str(values[field]).strip():
            setattr(profile, field, str(values[field]).strip())
            changed.append(field)
    for field in PROFILE_INT_FIELDS:
        if field in values:
            raw = values[field]
            number = None if raw in (None, "") else int(str(raw).strip())
            if getattr(profile, field) != number:
                setattr(profile, field, number)
                changed.append(field)
    if "oem_history_private" in values:
        profile.oem_history_private = bool(values["oem_history_private"])
    return changed


def read_attachment(path: Path) -> Attachment:
    """Read a certificate file, refusing what isn't a PDF or image, or is too big."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise UserFacingError(Bilingual(f"只能附加 PDF、JPG 或 PNG 文件：{path.name}",
                                        f"Only PDF, JPG or PNG files can be attached: {path.name}"))
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise UserFacingError(Bilingual(f"文件太大（{size // 1048576} MB），上限 25 MB：{path.name}",
                                            f"The file is too big ({size // 1048576} MB; limit 25 MB): {path.name}"))
        data = path.read_bytes()
    except OSError as error:
        raise UserFacingError(Bilingual(f"无法读取文件 {path.name}：{error.strerror}",
                                        f"Can't read {path.name}: {error.strerror}")) from error
    mime = ATTACHMENT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Attachment(path.name, mime, data)
