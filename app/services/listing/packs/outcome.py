"""What a pack build gives: the report of a pack built, or the error that says why none was (the builder's,
and what every part of a build split across processes, `groups.py`, hands back)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.models.bilingual import Bilingual, UserFacingError
from app.models.listing import Severity
from app.services.listing.findings import AllowedFinding, Finding


class PackError(UserFacingError):
    """A pack that can't be built; the message says why."""


class PackBlocked(PackError):
    """The lint found errors and no override reason was given; nothing was written."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        findings = list(dict.fromkeys(findings))   # the same problem blocks every platform: count it once
        errors = [f for f in findings if f.severity is Severity.ERROR]
        super().__init__(Bilingual(
            f"合规检查发现 {len(errors)} 个错误，没有生成上架包。请修改，或写明原因后强制生成。",
            f"The compliance lint found {len(errors)} error{'' if len(errors) == 1 else 's'}; no pack was written. "
            "Fix them, or override with a reason."))
        self.findings = tuple(findings)


@dataclass(frozen=True)
class ManifestFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PackReport:
    """What was built: where, for which products, every file, every finding."""

    platform: str
    path: Path
    products: tuple[str, ...]
    files: tuple[ManifestFile, ...]
    findings: tuple[Finding, ...]
    allowed: tuple[AllowedFinding, ...]
    override_reason: str | None

    def count(self, severity: Severity | str) -> int:
        wanted = Severity(severity)
        return sum(1 for f in self.findings if f.severity is wanted)
