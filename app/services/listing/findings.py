"""What every check of a listing reports: a finding (product, field, rule, matched words, severity, message in
both languages), the findings an allow-list entry cleared, and their order (errors first). The `lint --json`
contract of cli.md is `Finding.to_json`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.models.bilingual import Bilingual
from app.models.listing import Severity

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


# ---------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One problem: which product and field, which rule, the words matched, how bad, and what to do."""

    product: str
    field: str
    rule: str
    text: str
    severity: Severity
    message: Bilingual

    def to_json(self, lang: str) -> dict[str, str]:
        """The `lint --json` shape, with the message in `lang`."""
        return {"product": self.product, "field": self.field, "rule": self.rule, "text": self.text,
                "severity": self.severity.value, "message": self.message.text(lang)}


@dataclass(frozen=True)
class AllowedFinding:
    """A finding the workspace's allow-list (or an authorisation) cleared, and why."""

    finding: Finding
    phrase: str
    reason: str


@dataclass(frozen=True)
class LintResult:
    findings: tuple[Finding, ...]
    allowed: tuple[AllowedFinding, ...] = ()

    def count(self, severity: Severity | str) -> int:
        wanted = Severity(severity)
        return sum(1 for f in self.findings if f.severity is wanted)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    def merged(self, other: LintResult) -> LintResult:
        return LintResult(self.findings + other.findings, self.allowed + other.allowed)


def findings_to_json(findings: Iterable[Finding], lang: str) -> list[dict[str, str]]:
    return [f.to_json(lang) for f in findings]


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Errors first, then warnings, then info; by product and field within each."""
    return tuple(sorted(findings, key=lambda f: (_SEVERITY_ORDER[f.severity], f.product, f.field, f.rule)))


