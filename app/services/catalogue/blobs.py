"""Files stored inside the workspace, deduplicated by SHA-256 so the workspace stays one file."""

from __future__ import annotations

import hashlib

from sqlmodel import Session, select

from app.models import Blob


def store_blob(session: Session, data: bytes, mime: str) -> Blob:
    """Store `data` once: return the existing blob with the same content, or a new one."""
    digest = hashlib.sha256(data).hexdigest()
    existing = session.exec(select(Blob).where(Blob.sha256 == digest)).first()
    if existing is not None:
        return existing
    blob = Blob(sha256=digest, mime=mime, size=len(data), data=data)
    session.add(blob)
    session.flush()
    return blob


def load_blob(session: Session, blob_id: int) -> Blob | None:
    return session.get(Blob, blob_id)
