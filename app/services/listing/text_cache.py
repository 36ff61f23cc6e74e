"""The text lint's findings kept on disk between builds: a rebuild after one edit lints that product's texts
again, not every product's (issue #17: linting 1,000 products' texts was ≈ 2 s of every pack rebuild).

A text's findings (`rules.text_findings`) are a function of the text and of what the rules read besides it,
so an entry is kept under a key made of all of it:
- the rules: their data (`RuleSet.fingerprint`) and the code that applies them (`rules.py`'s compiled code, as
  loaded — a frozen build's too — with Python's version and its Unicode tables, which `casefold`, NFKC and
  `re` follow). When the code can't be identified, nothing is kept on disk at all;
- the product (one file per product, named by its code), the field, the rule families asked for, the text;
- the product's context (`context_key`): its own brands, the allow-list (phrases and reasons, in order), and
  each linked certificate's fields with whether it has expired today — not the date itself, so an entry
  lasts from one day to the next unless a certificate expired in between.
Anything else changes the key: a miss, linted again. A change to what the rules read from the context (a new
field of the certificates) must be added to `context_key`: the tests lint with and without the cache after
changing each input and compare.

Where: the user's cache folder, beside the workspace's derived pictures (`workspace_cache_folder`), one small
JSON file per product, so linting one product reads one file and a rebuild rewrites only the files of the
products whose texts changed (with exactly the entries used: a file never holds more than its product's
current texts). Each file is written through a temporary file renamed into place: a reader sees a whole file or
none, a kill mid-write leaves a temporary file the next writer removes. The processes of a split build write
the same entries; the last rename wins. A file that can't be read (damaged, from another version) is a miss;
one that can't be written (disk full, read-only) only makes the next build slower. A product's file not
rewritten for `KEEP_DAYS` days is removed (a deleted product); one still read after half that time is
written again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
import types
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.models.bilingual import Bilingual
from app.models.listing import Severity
from app.partial_files import remove_abandoned, write_whole
from app.services.catalogue.picture_cache import workspace_cache_folder
from app.services.listing import rules
from app.services.listing.findings import AllowedFinding, Finding
from app.services.listing.rules import RuleSet, TextContext

log = logging.getLogger(__name__)

FORMAT = 1
SUFFIX = ".json"
#: A product's file not rewritten for this many days is removed when the folder is next written to.
KEEP_DAYS = 60

Findings = tuple[list[Finding], list[AllowedFinding]]
_Stored = list[Any]   # [findings, allowed], each a list of rows (`_encode`)


def _code_identity() -> str | None:
    """A digest of the code that applies the rules, as this process loaded it (the same in every process that
    loaded the same code); None when it can't be read."""
    try:
        code = rules.__spec__.loader.get_code(rules.__name__)  # type: ignore[union-attr]
        text = _stable_text(code)
    except Exception:  # noqa: BLE001 - any loader that can't say: keep nothing rather than guess
        return None
    parts = [hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), sys.version,
             unicodedata.unidata_version]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def _stable_text(value: object) -> str:
    """`value` (a code object and its constants) as text that is the same in every process: not `marshal`,
    whose bytes depend on reference counts, nor `repr` of a frozenset, whose order depends on hashing."""
    if isinstance(value, types.CodeType):
        signature = (value.co_argcount, value.co_posonlyargcount, value.co_kwonlyargcount, value.co_flags)
        return "<code " + "|".join((value.co_name, repr(signature), value.co_code.hex(),
                                    getattr(value, "co_exceptiontable", b"").hex(), _stable_text(value.co_consts),
                                    repr(value.co_names), repr(value.co_varnames), repr(value.co_freevars),
                                    repr(value.co_cellvars))) + ">"
    if isinstance(value, tuple):
        return "(" + ",".join(_stable_text(item) for item in value) + ")"
    if isinstance(value, frozenset):
        return "{" + ",".join(sorted(_stable_text(item) for item in value)) + "}"
    return repr(value)


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
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class TextFindingsCache:
    """The text findings of earlier builds, one file per product in `folder` (None: nothing kept on disk)."""

    def __init__(self, folder: Path | None, rule_set: RuleSet) -> None:
        # rules not read by `load_rules` have no fingerprint: they could not be told apart, so nothing is kept
        self.folder = folder if _CODE is not None and rule_set.fingerprint else None
        self._rules = f"{_CODE}|{rule_set.fingerprint}"
        self._stored: dict[str, dict[str, _Stored]] = {}   # {product code: its file's entries}
        self._used: dict[str, dict[str, _Stored]] = {}     # {product code: the entries this build used}
        self._changed: set[str] = set()                    # products whose file is to be written
        self._ageing: set[str] = set()                     # products whose file is to be written again soon
        self.hits = self.misses = 0

    @classmethod
    def of_workspace(cls, workspace_path: Path | str, rule_set: RuleSet) -> TextFindingsCache:
        return cls(workspace_cache_folder(workspace_path, "lint"), rule_set)

    def findings(self, product: str, field: str, text: str, families: Sequence[str] | None, context: str,
                 lint: Callable[[], Findings]) -> Findings:
        """The findings of `text` in `product`'s `field` kept from an earlier build, or `lint()`'s (then
        kept); `context` is the product's `context_key`."""
        key = _digest("\x1f".join((context, field, repr(families), text)))
        stored = self._entries_of(product).get(key)
        found = _decode(stored, product, field) if stored is not None else None
        if stored is None or found is None:
            self.misses += 1
            found = lint()
            stored = _encode(found)
            self._changed.add(product)
        else:
            self.hits += 1
        self._used.setdefault(product, {})[key] = stored
        return found

    def save(self) -> None:
        """Write the file of every product whose texts were linted or whose file holds entries no longer used
        (see the module docstring); errors are logged, never raised."""
        if self.folder is None:
            return
        stale = {code for code, used in self._used.items() if len(used) != len(self._stored.get(code, {}))}
        written = 0
        for code in sorted(self._changed | stale | (self._ageing & set(self._used))):
            written += self._write(code, self._used.get(code, {}))
        self._changed.clear()
        self._used = {}
        if written:
            self._prune()

    def _entries_of(self, product: str) -> dict[str, _Stored]:
        entries = self._stored.get(product)
        if entries is None:
            entries = self._stored[product] = self._read(product)
        return entries

    def _path(self, product: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{_digest(product)}{SUFFIX}"

    def _read(self, product: str) -> dict[str, _Stored]:
        if self.folder is None:
            return {}
        path = self._path(product)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
                if time.time() - os.fstat(handle.fileno()).st_mtime > KEEP_DAYS * 86_400 / 2:
                    self._ageing.add(product)   # still used: written again, so pruning doesn't take it
            document = json.loads(data)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError) as error:
            log.info("text findings file ignored (%s): %s", path, error)
            return {}
        if (not isinstance(document, dict) or document.get("format") != FORMAT or document.get("rules") != self._rules
                or document.get("product") != product or not isinstance(document.get("entries"), dict)):
            return {}   # other rules, another version, or another product's file: every key would be wrong
        entries: dict[str, _Stored] = document["entries"]
        return entries

    def _write(self, product: str, entries: dict[str, _Stored]) -> int:
        path = self._path(product)
        document = {"format": FORMAT, "rules": self._rules, "product": product, "entries": entries}
        try:
            data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
            path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(path, data)
        except (OSError, ValueError, RecursionError) as error:
            log.info("text findings not kept (%s): %s", path, error)
            return 0
        self._stored[product] = entries
        return 1

    def _prune(self) -> None:
        """Remove the files not rewritten for `KEEP_DAYS` days, and what killed writers left (once per folder
        and process: listing thousands of files is not free)."""
        assert self.folder is not None
        if self.folder in _PRUNED:
            return
        _PRUNED.add(self.folder)
        remove_abandoned(self.folder)
        oldest = time.time() - KEEP_DAYS * 86_400
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            try:
                if entry.name.endswith(SUFFIX) and entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
            except OSError:
                continue   # removed by another process meanwhile, or read-only


_PRUNED: set[Path] = set()


def _encode(found: Findings) -> _Stored:
    findings, allowed = found
    return [[_finding(f) for f in findings], [[*_finding(a.finding), a.phrase, a.reason] for a in allowed]]


def _finding(finding: Finding) -> list[str]:
    return [finding.rule, finding.text, finding.severity.value, finding.message.zh, finding.message.en]


def _decode(stored: Any, product: str, field: str) -> Findings | None:
    """The findings of a stored entry, None when it is not of the shape `_encode` writes (a damaged file)."""
    try:
        findings, allowed = stored
        return ([_row(row, product, field) for row in findings],
                [AllowedFinding(_row(row, product, field), _text(row[5]), _text(row[6])) for row in allowed])
    except (TypeError, ValueError, IndexError, KeyError):
        return None


def _row(row: Any, product: str, field: str) -> Finding:
    rule, text, severity, zh, en = (_text(value) for value in row[:5])
    return Finding(product, field, rule, text, Severity(severity), Bilingual(zh, en))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value
