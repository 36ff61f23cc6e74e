"""The text lint's findings kept on disk between builds: a rebuild after one edit lints that product's texts
again, not every product's (issue #17: linting 1,000 products' texts was ≈ 2 s of every pack rebuild).

A text's findings (`rules.text_findings`) are a function of the text and of what the rules read besides it,
so an entry is kept under a key made of all of it (`TextFindingsCache.key`):
- the rules: their data (`RuleSet.fingerprint`) and the code that applies them (`rules.py` itself; the app's
  version where the source isn't there, as in a frozen build);
- the product's code and the field (both are in every finding), the rule families asked for, the text;
- the product's context (`context_key`): its own brands, the allow-list (phrases and reasons, in order), and
  each linked certificate's fields with whether it has expired today — not the date itself, so an entry
  lasts from one day to the next unless a certificate expired in between.
Anything else changes the key: a miss, linted again. A change to the code that reads the context (a new
field of the certificates read) must be in `context_key`: the tests lint with and without the cache and
compare.

Where: one JSON file per workspace in the user's cache folder, beside the workspace's derived pictures
(`workspace_cache_folder`), so deleting it only costs time. It is read once per build and written once at
its end (`save`) through a temporary file renamed into place: a reader sees a whole file or none, a kill
mid-write leaves a temporary file the next writer removes. The processes of a split build each write the
same entries; the last rename wins. A file that can't be read (damaged, from another version) is an empty
cache; one that can't be written (disk full, read-only) only makes the next build slower. Entries not used
for `KEEP_DAYS` days are dropped when the file is written, and the oldest beyond `MAX_ENTRIES`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from app import __version__
from app.models.bilingual import Bilingual
from app.models.listing import Severity
from app.partial_files import partial_name, remove_abandoned
from app.services.catalogue.picture_cache import workspace_cache_folder
from app.services.listing import rules
from app.services.listing.findings import AllowedFinding, Finding
from app.services.listing.rules import RuleSet, TextContext

log = logging.getLogger(__name__)

FORMAT = 1
FILE_NAME = "text-findings.json"
#: An entry not used by any build for this many days is dropped (a product deleted, a text long changed).
KEEP_DAYS = 60
#: At most this many entries in one workspace's file (≈ 25 texts per product: 20,000 products' worth).
MAX_ENTRIES = 500_000

Findings = tuple[list[Finding], list[AllowedFinding]]


def _code_identity() -> str:
    """What identifies the rules' code: the bytes of `rules.py` when they can be read, else the app's version."""
    try:
        return hashlib.sha256(Path(rules.__file__).read_bytes()).hexdigest()
    except (OSError, TypeError):
        return __version__


_CODE = _code_identity()


def context_key(context: TextContext) -> str:
    """A digest of everything in `context` that a text's findings depend on (see the module docstring)."""
    certificates = [[str(getattr(cert, name)) for name in ("kind", "name", "number", "issuer", "scope",
                                                           "expires_on")]
                    + [cert.expires_on is not None and cert.expires_on < context.today]
                    for cert in context.certificates]
    parts = [list(context.own_brands), [[a.phrase, a.reason] for a in context.allow], certificates]
    return _digest(json.dumps(parts, ensure_ascii=False))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class TextFindingsCache:
    """The text findings of earlier builds by key, loaded from `path` (None: in memory only, nothing kept)."""

    def __init__(self, path: Path | None, rule_set: RuleSet, today: date | None = None) -> None:
        self.path = path
        self._rules = f"{_CODE}|{rule_set.fingerprint}"
        self._today = (today or date.today()).toordinal()
        self._entries: dict[str, list[Any]] = self._load() if path is not None else {}
        self.hits = self.misses = 0
        self._changed = False

    @classmethod
    def of_workspace(cls, workspace_path: Path | str, rule_set: RuleSet) -> TextFindingsCache:
        return cls(workspace_cache_folder(workspace_path, "lint") / FILE_NAME, rule_set)

    def key(self, product: str, field: str, text: str, families: Sequence[str] | None, context: str) -> str:
        """The entry's key; `context` is the product's `context_key`."""
        return _digest("\x1f".join((self._rules, context, product, field, repr(families), text)))

    def findings(self, key: str, product: str, field: str, lint: Callable[[], Findings]) -> Findings:
        """The findings kept under `key`, or `lint()`'s (then kept)."""
        entry = self._entries.get(key)
        if entry is not None:
            try:
                found = _decode(entry[1], product, field)
            except (TypeError, ValueError, IndexError, KeyError):
                found = None   # an entry of another shape (a damaged file): lint again
            if found is not None:
                self.hits += 1
                self._changed = self._changed or entry[0] != self._today
                entry[0] = self._today
                return found
        self.misses += 1
        self._changed = True
        found = lint()
        self._entries[key] = [self._today, _encode(found)]
        return found

    def save(self) -> None:
        """Write the file when this build linted a text or used an entry first on another day (see the module
        docstring); errors are logged, never raised."""
        if self.path is not None and self._changed:
            self._write()

    def _write(self) -> None:
        assert self.path is not None
        oldest = self._today - KEEP_DAYS
        kept = sorted(((entry[0], key) for key, entry in self._entries.items()
                       if isinstance(entry, list) and entry and isinstance(entry[0], int) and entry[0] >= oldest),
                      reverse=True)[:MAX_ENTRIES]
        document = {"format": FORMAT, "rules": self._rules, "entries": {key: self._entries[key] for _d, key in kept}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            remove_abandoned(self.path.parent)
            temp = partial_name(self.path)
            try:
                temp.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
                os.replace(temp, self.path)
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
        except OSError as error:
            log.info("text findings not kept (%s): %s", self.path, error)

    def _load(self) -> dict[str, list[Any]]:
        assert self.path is not None
        try:
            document = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.info("text findings cache ignored (%s): %s", self.path, error)
            return {}
        if (not isinstance(document, dict) or document.get("format") != FORMAT
                or document.get("rules") != self._rules or not isinstance(document.get("entries"), dict)):
            return {}   # other rules (or another version): every key would miss anyway
        entries: dict[str, list[Any]] = document["entries"]
        return entries


def _encode(found: Findings) -> list[Any]:
    findings, allowed = found
    return [[_finding(f) for f in findings], [[*_finding(a.finding), a.phrase, a.reason] for a in allowed]]


def _finding(finding: Finding) -> list[str]:
    return [finding.rule, finding.text, finding.severity.value, finding.message.zh, finding.message.en]


def _decode(stored: list[Any], product: str, field: str) -> Findings:
    def finding(row: list[Any]) -> Finding:
        rule, text, severity, zh, en = (str(value) for value in row[:5])
        return Finding(product, field, rule, text, Severity(severity), Bilingual(zh, en))

    findings, allowed = stored
    return ([finding(row) for row in findings],
            [AllowedFinding(finding(row), str(row[5]), str(row[6])) for row in allowed])
