"""Compliance lint: what would get a listing removed or the factory fined, found before anything is uploaded.

Rule families (data in `resources/compliance/`, editable, each entry with source, date and status):
- `absolute_term` — Advertising Law Art. 9(3) absolute terms, matched as exact phrases (最佳, 国家级, 顶级, 极品…;
  never bare 最 or 第一, so 最近 and 第一步 are fine), with the legal exemptions: inside a standard's or a law's
  name (《…》, "GB/T … 标准"), inside the product's or factory's own brand (a registered trademark), inside a
  known official or technical phrase (国家级非物质文化遗产, 万能轮…). After a self-comparison cue in the same clause
  (本品牌, 本系列…) the finding is a warning: a comparison within one brand is exempt when it is true.
- `brand.*` — other companies' brands (Valentino, 新秀丽, Dyson…). Ambiguous names (苹果, 小米, Coach) count only
  next to brand words; a compatibility statement (适用于 iPhone) is a warning. An `authorisation` certificate
  linked to the product that names the brand clears the finding.
- `borrowed_brand` — 代工, 同款, 大牌同款, 原单, 一比一, 1:1, 同厂同线, 平替, "made by X's factory"…
- `evidence.*` — claims that need evidence (食品级, 3C, 抗菌, 防水 IPX7, OEKO-TEX, 100%, 医用…), cleared when a
  certificate or test report of the right kind, not expired, whose name/number/issuer/scope matches, is linked
  to the product (`ProductCertificate`).
- data checks — invalid and duplicate GTINs (across the workspace), missing required category attributes;
- platform checks (with a platform profile) — title budget and forbidden characters on the title the pack would
  use, title parts dropped (info), required fields, image count and size, the main image's white background
  measured from the pixels (`is_white_background`: the border ≥ 250 in every channel for ≥ 97% of its pixels),
  the share of the frame the product fills, bullet lengths, variant limits.

The per-workspace allow-list (`LintAllowEntry`: phrase + reason) clears any text finding whose matched words
lie inside an allowed phrase; cleared findings are returned separately (`LintResult.allowed`) with the reason,
so reports can show what was allowed and why.

A finding is `{"product", "field", "rule", "text", "severity", "message"}` (`Finding.to_json`, the `lint --json`
contract in cli.md); `field` names the product field ("description_zh", "selling_points_en[2]",
"attributes.care", "skus.XZ-01-BLK.gtin", "title", "images.main[0]"…) so the GUI can jump to it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from app.db import Workspace
from app.frozen import resources_dir
from app.models.bilingual import Bilingual, UserFacingError
from app.models.gtin import gtin_problem
from app.models.listing import LintAllowEntry, Severity
from app.models.types import utc_now
from app.services.kernel import audit
from app.services.listing.findings import AllowedFinding, Finding

__all__ = [
    "AllowEntry", "AllowListError", "RuleSet", "TextContext", "add_allowed", "data_findings", "list_allowed",
    "load_rules", "product_texts", "remove_allowed", "text_findings",
]

_CLAUSE_END = re.compile(r"[，。；;！!？?\n、]")


# ---------------------------------------------------------------- rule data


class RulesError(UserFacingError):
    """A compliance rule file that can't be used."""


def _normal_key(text: str) -> str:
    """Case, width, spaces, hyphens and slashes ignored: for matching certificate keywords."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\-‐‑–—_/·]+", "", text)


#: Before a word starting with a Latin letter or digit: no Latin letter or digit (a whole word there).
_LATIN_BEFORE = r"(?<![A-Za-z0-9])"


def _latin_start(text: str) -> bool:
    return text[:1].isascii() and text[:1].isalnum()


def _latin_end_bounded(text: str) -> str:
    """A regex for `text` ending as a whole word when it ends with a Latin letter or digit (CJK ends need no
    boundary); the start's boundary is `_alternation`'s."""
    escaped = re.escape(text)
    if text[-1:].isascii() and text[-1:].isalnum():
        escaped += r"(?![A-Za-z0-9])"
    return escaped


def _alternation(texts: Iterable[str]) -> re.Pattern[str] | None:
    """One regex finding any of `texts` as a whole word at its Latin ends, the longest first at each place.

    The words starting with a Latin letter or digit share one look-behind instead of one each: Python's
    regex engine tries every branch at every character, and a look-behind per branch made the brand list
    (≈ 200 names) cost ≈ 0.5 ms per text — the lint's largest cost. At any place only one of the two groups
    can match (their first characters differ), so what is found is the same (property-tested); a list with a
    word whose first letter matches a Latin one only ignoring case is built the slow way."""
    unique = sorted(set(texts), key=lambda t: (-len(t), t))
    if not unique:
        return None
    if any(not _latin_start(t) and _LATIN_IGNORING_CASE.match(t) for t in unique):
        # U+0130, U+0131, U+017F, U+212A (dotted I, dotless i, long s, Kelvin) match Latin letters ignoring
        # case: one look-behind per word keeps the longest-first order across both kinds of word
        return re.compile("|".join(_latin_start_bound(t) + _latin_end_bounded(t) for t in unique), re.IGNORECASE)
    latin = [_latin_end_bounded(t) for t in unique if _latin_start(t)]
    other = [_latin_end_bounded(t) for t in unique if not _latin_start(t)]
    groups = ([_LATIN_BEFORE + "(?:" + "|".join(latin) + ")"] if latin else []) + other
    return re.compile("|".join(groups), re.IGNORECASE)


_LATIN_IGNORING_CASE = re.compile(r"[A-Za-z0-9]", re.IGNORECASE)


def _latin_start_bound(text: str) -> str:
    return _LATIN_BEFORE if _latin_start(text) else ""


@dataclass(frozen=True)
class _Term:
    term: str
    severity: Severity


@dataclass(frozen=True)
class _Exemption:
    phrase: str
    reason: Bilingual


@dataclass(frozen=True)
class _Brand:
    id: str
    names: tuple[str, ...]
    ambiguous: frozenset[str]


@dataclass(frozen=True)
class _Borrowed:
    id: str
    regex: re.Pattern[str]
    severity: Severity
    message: Bilingual


@dataclass(frozen=True)
class _Claim:
    id: str
    regex: re.Pattern[str]
    severity: Severity
    kinds: frozenset[str]
    keywords: tuple[str, ...]
    message: Bilingual


@dataclass(frozen=True)
class RuleSet:
    """The compliance data, compiled once."""

    terms: dict[str, _Term]
    term_regex: re.Pattern[str] | None
    term_exemptions: tuple[_Exemption, ...]
    term_contexts: tuple[tuple[re.Pattern[str], Bilingual], ...]
    self_cues: tuple[str, ...]
    brands: dict[str, _Brand]
    brand_regex: re.Pattern[str] | None
    brand_cues: tuple[str, ...]
    compatibility_cues: tuple[str, ...]
    borrowed: tuple[_Borrowed, ...]
    borrowed_exemptions: tuple[_Exemption, ...]
    claims: tuple[_Claim, ...]
    versions: dict[str, str] = field(default_factory=dict)
    #: A digest of the rules' data as read: what a cache of their findings is keyed by (`text_cache`).
    fingerprint: str = ""


def _read(folder: Path, name: str) -> dict[str, Any]:
    path = folder / f"{name}.json"
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RulesError(Bilingual(f"无法读取合规规则 {path}：{error}",
                                   f"Can't read the compliance rules {path}: {error}")) from error
    if not isinstance(data, dict) or data.get("schema") != 1:
        raise RulesError(Bilingual(f"合规规则 {path} 格式不对（schema 必须是 1）",
                                   f"The compliance rules {path} have the wrong format (schema must be 1)"))
    return data


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise RulesError(Bilingual(f"{where}：未知的严重程度 {value!r}",
                                   f"{where}: unknown severity {value!r}")) from None


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise RulesError(Bilingual(f"{where}：正则表达式有误（{error}）",
                                   f"{where}: bad regular expression ({error})")) from error


def _exemptions(items: Iterable[dict[str, Any]]) -> tuple[_Exemption, ...]:
    return tuple(_Exemption(item["phrase"], Bilingual(item.get("reason_zh", ""), item.get("reason_en", "")))
                 for item in items)


@lru_cache(maxsize=4)
def load_rules(folder: Path | None = None) -> RuleSet:
    """The compliance rules from `resources/compliance/` (or `folder`), validated and compiled."""
    base = Path(folder) if folder is not None else resources_dir() / "compliance"
    absolute = _read(base, "absolute_terms")
    brands_doc = _read(base, "brands")
    borrowed_doc = _read(base, "borrowed_brand_patterns")
    evidence = _read(base, "evidence_claims")
    terms = {}
    for index, item in enumerate(absolute["terms"]):
        term = str(item["term"]).strip()
        if not term:
            raise RulesError(Bilingual(f"absolute_terms[{index}] 为空", f"absolute_terms[{index}] is empty"))
        terms[term.casefold()] = _Term(term, _severity(item["severity"], f"absolute_terms[{index}]"))
    contexts = tuple((_compile(c["pattern"], "absolute_terms.exempt_contexts"),
                      Bilingual(c.get("reason_zh", ""), c.get("reason_en", "")))
                     for c in absolute.get("exempt_contexts", []))
    brands: dict[str, _Brand] = {}
    by_name: dict[str, _Brand] = {}
    for item in brands_doc["brands"]:
        brand = _Brand(item["id"], tuple(item.get("names", [])) + tuple(item.get("ambiguous_names", [])),
                       frozenset(n.casefold() for n in item.get("ambiguous_names", [])))
        if not brand.names:
            raise RulesError(Bilingual(f"品牌 {brand.id} 没有名称", f"brand {brand.id} has no names"))
        brands[brand.id] = brand
        for name in brand.names:
            by_name[name.casefold()] = brand
    borrowed = tuple(_Borrowed(p["id"], _compile(p["pattern"], f"borrowed_brand_patterns.{p['id']}"),
                               _severity(p["severity"], f"borrowed_brand_patterns.{p['id']}"),
                               Bilingual(p["message_zh"], p["message_en"])) for p in borrowed_doc["patterns"])
    claims = tuple(_Claim(c["id"], _compile("|".join(f"(?:{p})" for p in c["patterns"]), f"evidence_claims.{c['id']}"),
                          _severity(c["severity"], f"evidence_claims.{c['id']}"),
                          frozenset(c["cleared_by"]["kinds"]), tuple(c["cleared_by"]["keywords"]),
                          Bilingual(c["message_zh"], c["message_en"])) for c in evidence["claims"])
    return RuleSet(
        terms=terms, term_regex=_alternation(t.term for t in terms.values()),
        term_exemptions=_exemptions(absolute.get("exempt_phrases", [])), term_contexts=contexts,
        self_cues=tuple(absolute.get("self_comparison_cues", [])),
        brands={name: brand for name, brand in by_name.items()}, brand_regex=_alternation(
            name for brand in brands.values() for name in brand.names),
        brand_cues=tuple(brands_doc.get("brand_cues", [])),
        compatibility_cues=tuple(brands_doc.get("compatibility_cues", [])),
        borrowed=borrowed, borrowed_exemptions=_exemptions(borrowed_doc.get("exempt_phrases", [])),
        claims=claims,
        versions={name: str(doc.get("date", "")) for name, doc in (
            ("absolute_terms", absolute), ("brands", brands_doc), ("borrowed_brand_patterns", borrowed_doc),
            ("evidence_claims", evidence))},
        fingerprint=hashlib.sha256(json.dumps([absolute, brands_doc, borrowed_doc, evidence], sort_keys=True,
                                              ensure_ascii=False).encode("utf-8")).hexdigest(),
    )


# ---------------------------------------------------------------- the allow-list


@dataclass(frozen=True)
class AllowEntry:
    id: int | None
    phrase: str
    reason: str
    user: str = ""
    created_at: datetime | None = None


class AllowListError(UserFacingError):
    pass


def list_allowed(workspace: Workspace) -> list[AllowEntry]:
    """The allow-list by phrase; who allowed a phrase and when is for logins that may read private columns."""
    with workspace.session() as session:
        if not workspace.sees_costs:
            query = select(LintAllowEntry.id, LintAllowEntry.phrase, LintAllowEntry.reason)
            return [AllowEntry(*row) for row in session.exec(query.order_by(col(LintAllowEntry.phrase)))]
        rows = session.exec(select(LintAllowEntry).order_by(col(LintAllowEntry.phrase))).all()
        return [AllowEntry(r.id, r.phrase, r.reason, r.user, r.created_at) for r in rows]


def add_allowed(workspace: Workspace, phrase: str, reason: str, user: str | None = None) -> AllowEntry:
    """Allow `phrase` in this workspace's listings, for `reason` (required). An existing phrase gets the new reason."""
    phrase, reason = " ".join(phrase.split()), reason.strip()
    if not phrase:
        raise AllowListError(Bilingual("允许的词语不能为空。", "The allowed phrase can't be empty."))
    if not reason:
        raise AllowListError(Bilingual("请写明允许的原因（如注册商标、标准名称、真实背景事实）。",
                                       "Give the reason (a registered trademark, a standard's name, a true fact…)."))
    with workspace.session() as session:
        who = user if user is not None else audit.user_of(session)
        row = session.exec(select(LintAllowEntry).where(LintAllowEntry.phrase == phrase)).first()
        action = "update" if row is not None else "create"
        row = row or LintAllowEntry(phrase=phrase, reason=reason)
        row.reason, row.user, row.created_at = reason, who, utc_now()
        session.add(row)
        session.flush()
        audit.record(session, "lint_allow", phrase, action, {"reason": reason})
        return AllowEntry(row.id, row.phrase, row.reason, row.user, row.created_at)


def remove_allowed(workspace: Workspace, phrase: str) -> bool:
    """Take `phrase` off the allow-list; False when it wasn't on it."""
    with workspace.session() as session:
        row = session.exec(select(LintAllowEntry).where(LintAllowEntry.phrase == phrase)).first()
        if row is None:
            return False
        session.delete(row)
        audit.record(session, "lint_allow", phrase, "delete", {})
        return True


# ---------------------------------------------------------------- text rules


@dataclass(frozen=True)
class TextContext:
    """What clears a text finding for one product."""

    own_brands: tuple[str, ...] = ()
    certificates: tuple[Any, ...] = ()     # LinkedCertificate-like: kind, name, number, issuer, scope, expires_on
    allow: tuple[AllowEntry, ...] = ()
    today: date = field(default_factory=date.today)


def _spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int, str]]:
    folded = text.casefold()
    found = []
    for phrase in phrases:
        needle = phrase.casefold()
        if not needle:
            continue
        start = folded.find(needle)
        while start != -1:
            found.append((start, start + len(needle), phrase))
            start = folded.find(needle, start + 1)
    return found


def _inside(start: int, end: int, spans: Iterable[tuple[int, int, Any]]) -> Any:
    for span_start, span_end, payload in spans:
        if span_start <= start and end <= span_end:
            return payload
    return None


def _clause_before(text: str, start: int, limit: int = 24) -> str:
    head = text[max(0, start - limit):start]
    pieces = _CLAUSE_END.split(head)
    return pieces[-1] if pieces else ""


class _Collector:
    """Gathers findings for one text, routing allowed ones aside."""

    def __init__(self, product: str, field_name: str, text: str, allow: Sequence[AllowEntry]) -> None:
        self.product, self.field, self.text = product, field_name, text
        self.allow_spans = _spans(text, [a.phrase for a in allow])
        self.reasons = {a.phrase: a.reason for a in allow}
        self.findings: list[Finding] = []
        self.allowed: list[AllowedFinding] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, start: int, end: int, rule: str, severity: Severity, message: Bilingual) -> None:
        matched = self.text[start:end]
        finding = Finding(self.product, self.field, rule, matched, severity, message)
        phrase = _inside(start, end, self.allow_spans)
        if phrase is not None:
            self.allowed.append(AllowedFinding(finding, phrase, self.reasons[phrase]))
        elif (rule, matched.casefold()) not in self._seen:  # the same words twice in one field: one finding
            self._seen.add((rule, matched.casefold()))
            self.findings.append(finding)

    def clear(self, start: int, end: int, rule: str, severity: Severity, message: Bilingual, why: str) -> None:
        """Record a finding something other than the allow-list cleared (an authorisation)."""
        finding = Finding(self.product, self.field, rule, self.text[start:end], severity, message)
        self.allowed.append(AllowedFinding(finding, self.text[start:end], why))


def text_findings(text: str, *, product: str, field: str, rules: RuleSet | None = None,
                  context: TextContext | None = None, families: Sequence[str] | None = None,
                  ) -> tuple[list[Finding], list[AllowedFinding]]:
    """Every text rule on one piece of text. `families` limits the rules ("absolute", "brand", "borrowed",
    "evidence"); returns (findings, allowed findings)."""
    rules = rules or load_rules()
    context = context or TextContext()
    wanted = set(families or ("absolute", "brand", "borrowed", "evidence"))
    collector = _Collector(product, field, text, context.allow)
    if not text.strip():
        return [], []
    own = _spans(text, context.own_brands)
    if "absolute" in wanted:
        _absolute_terms(text, rules, own, collector)
    if "borrowed" in wanted:
        _borrowed(text, rules, collector)
    if "brand" in wanted:
        _brands(text, rules, context, own, collector)
    if "evidence" in wanted:
        _claims(text, rules, context, collector)
    return collector.findings, collector.allowed


def _absolute_terms(text: str, rules: RuleSet, own: list[tuple[int, int, str]], out: _Collector) -> None:
    if rules.term_regex is None:
        return
    exempt = _spans(text, [e.phrase for e in rules.term_exemptions])
    contexts = [(m.start(), m.end(), reason) for regex, reason in rules.term_contexts for m in regex.finditer(text)]
    for match in rules.term_regex.finditer(text):
        start, end = match.span()
        if _inside(start, end, exempt) or _inside(start, end, contexts) or _inside(start, end, own):
            continue
        term = rules.terms[match.group(0).casefold()]
        clause = _clause_before(text, start).casefold()
        if any(cue.casefold() in clause for cue in rules.self_cues):
            out.add(start, end, "absolute_term.self_comparison", Severity.WARNING, Bilingual(
                f"绝对化用语“{match.group(0)}”用于本品牌内部比较：仅当属实时可豁免，请核实，或加入允许列表并写明原因。",
                f"Absolute term '{match.group(0)}' in a comparison within your own brand: exempt only if true — "
                "check it, or add it to the allow-list with the reason."))
            continue
        out.add(start, end, "absolute_term", term.severity, Bilingual(
            f"广告法禁止的绝对化用语“{match.group(0)}”（第九条第三项，罚款 20 万至 100 万元）：请删除或改写。",
            f"Advertising-law absolute term '{match.group(0)}' (Art. 9(3); fines of 200k–1M CNY): remove or "
            "rephrase it."))


def _borrowed(text: str, rules: RuleSet, out: _Collector) -> None:
    exempt = _spans(text, [e.phrase for e in rules.borrowed_exemptions])
    matches = []
    for pattern in rules.borrowed:
        for match in pattern.regex.finditer(text):
            if match.end() > match.start() and not _inside(match.start(), match.end(), exempt):
                matches.append((match.start(), match.end(), pattern))
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    last_end = -1
    for start, end, pattern in matches:
        if start < last_end:
            continue  # overlaps a longer match already reported (同款 inside 大牌同款)
        last_end = end
        out.add(start, end, "borrowed_brand", pattern.severity, Bilingual(
            f"借用他人品牌的说法“{text[start:end]}”：{pattern.message.zh}",
            f"Borrowed-brand wording '{text[start:end]}': {pattern.message.en}"))


def _near(text: str, start: int, end: int, cues: Iterable[str], before: int, after: int) -> bool:
    window = (text[max(0, start - before):start] + " " + text[end:end + after]).casefold()
    return any(cue.casefold() in window for cue in cues)


def _brands(text: str, rules: RuleSet, context: TextContext, own: list[tuple[int, int, str]],
            out: _Collector) -> None:
    if rules.brand_regex is None:
        return
    own_folded = [b.casefold() for b in context.own_brands if b.strip()]
    for match in rules.brand_regex.finditer(text):
        start, end = match.span()
        name = match.group(0)
        brand = rules.brands[name.casefold()]
        if _inside(start, end, own) or name.casefold() in own_folded:
            continue
        ambiguous = name.casefold() in brand.ambiguous
        if ambiguous and not _near(text, start, end, rules.brand_cues, 8, 8):
            continue
        authorisation = _authorisation(brand, context)
        compatible = _near(text, start, end, rules.compatibility_cues, 6, 0)
        if compatible:
            rule, severity, message = "brand.compatibility", Severity.WARNING, Bilingual(
                f"提到其他品牌“{name}”（说明适配/兼容）：一般允许，但不得暗示品牌关系，请核实写法。",
                f"Mentions another brand '{name}' to describe compatibility: usually allowed, but it must not "
                "imply a connection with the brand — check the wording.")
        elif ambiguous:
            rule, severity, message = "brand.needs_review", Severity.WARNING, Bilingual(
                f"“{name}”可能指其他品牌，需要人工确认：若是品牌，请删除；若不是，请加入允许列表并写明原因。",
                f"'{name}' may refer to another brand and needs review: remove it if it is the brand, or add it to "
                "the allow-list with the reason.")
        else:
            rule, severity, message = "brand.other", Severity.ERROR, Bilingual(
                f"商品信息中出现其他品牌“{name}”：未经授权使用他人商标会被下架并可能被追责。请删除，或关联品牌授权书。",
                f"Another company's brand '{name}' in the listing: using another's trademark without "
                "authorisation gets listings removed and can be prosecuted. Remove it, or link the brand's "
                "authorisation.")
        if authorisation is not None:
            out.clear(start, end, rule, severity, message, authorisation)
        else:
            out.add(start, end, rule, severity, message)


def _authorisation(brand: _Brand, context: TextContext) -> str | None:
    """The name of a valid authorisation certificate that names `brand`, if one is linked."""
    names = [_normal_key(n) for n in brand.names]
    for cert in context.certificates:
        if cert.kind != "authorisation" or (cert.expires_on is not None and cert.expires_on < context.today):
            continue
        haystack = _normal_key(" ".join((cert.name, cert.number, cert.issuer, cert.scope)))
        if any(name and name in haystack for name in names):
            return f"authorisation: {cert.name}"
    return None


def _claims(text: str, rules: RuleSet, context: TextContext, out: _Collector) -> None:
    for claim in rules.claims:
        for match in claim.regex.finditer(text):
            start, end = match.span()
            if end <= start:
                continue
            keys = [_normal_key(match.group(0)) if k == "$match" else _normal_key(k) for k in claim.keywords]
            valid, expired = _evidence(claim, keys, context)
            if valid:
                continue
            if expired is not None:
                out.add(start, end, "evidence.expired", claim.severity, Bilingual(
                    f"“{match.group(0)}”的证明材料“{expired.name}”已于 "
                    f"{expired.expires_on} 过期：请更新证书或删除该说法。",
                    f"The evidence for '{match.group(0)}', '{expired.name}', expired on {expired.expires_on}: "
                    "renew it or remove the claim."))
                continue
            out.add(start, end, f"evidence.{claim.id}", claim.severity, Bilingual(
                f"“{match.group(0)}”需要证明：{claim.message.zh} 请在资质页上传并关联到该产品，或删除该说法。",
                f"'{match.group(0)}' needs evidence: {claim.message.en} Upload it on the factory page and link it "
                "to this product, or remove the claim."))


def _evidence(claim: _Claim, keys: list[str], context: TextContext) -> tuple[bool, Any]:
    expired = None
    for cert in context.certificates:
        if cert.kind not in claim.kinds:
            continue
        haystack = _normal_key(" ".join((cert.name, cert.number, cert.issuer, cert.scope)))
        if not any(key and key in haystack for key in keys):
            continue
        if cert.expires_on is not None and cert.expires_on < context.today:
            expired = cert
            continue
        return True, None
    return False, expired


# ---------------------------------------------------------------- products


def own_brands(product: Any, factory_brands: Sequence[str]) -> tuple[str, ...]:
    brands = {b.strip() for b in factory_brands if b.strip()}
    if product.brand.strip():
        brands.add(product.brand.strip())
        brands.update(part for part in re.split(r"\s+|/", product.brand) if len(part) >= 2)
    return tuple(sorted(brands, key=len, reverse=True))


def product_texts(product: Any) -> list[tuple[str, str, tuple[str, ...] | None]]:
    """(field, text, rule families or None for all) for every listing text of a product."""
    texts: list[tuple[str, str, tuple[str, ...] | None]] = [
        ("name_zh", product.name_zh, None), ("name_en", product.name_en, None),
        ("description_zh", product.description_zh, None), ("description_en", product.description_en, None),
        ("materials", product.materials, None),
    ]
    texts += [(f"selling_points_zh[{i}]", t, None) for i, t in enumerate(product.selling_points_zh)]
    texts += [(f"selling_points_en[{i}]", t, None) for i, t in enumerate(product.selling_points_en)]
    for attribute in product.attributes:
        if attribute.is_axis or not attribute.filled:
            continue
        if attribute.kind == "yes_no":
            if attribute.value is True:
                texts.append((f"attributes.{attribute.key}", f"{attribute.name_zh} {attribute.name_en}", ("evidence",)))
        else:
            texts.append((f"attributes.{attribute.key}", str(attribute.value), None))
    for axis in product.axes:
        texts += [(f"axes.{axis.key}", value, None) for value in axis.values]
    return [(f, t, fam) for f, t, fam in texts if t and t.strip()]


def data_findings(product: Any, gtins: dict[str, list[str]]) -> list[Finding]:
    findings = []
    for sku in product.skus:
        if not sku.gtin:
            continue
        problem = gtin_problem(sku.gtin)
        if problem is not None:
            reason = {"not_digits": Bilingual("只能是数字", "digits only"),
                      "bad_length": Bilingual("长度必须是 8、12、13 或 14 位", "must be 8, 12, 13 or 14 digits"),
                      "bad_check_digit": Bilingual("校验位不对", "wrong check digit")}[problem]
            findings.append(Finding(product.code, f"skus.{sku.code}.gtin", "gtin.invalid", sku.gtin, Severity.ERROR,
                                    Bilingual(f"SKU {sku.code} 的条形码 {sku.gtin} 无效：{reason.zh}。",
                                              f"SKU {sku.code}: the GTIN {sku.gtin} is invalid: {reason.en}.")))
        others = [code for code in gtins.get(sku.gtin, []) if code != sku.code]
        if others:
            findings.append(Finding(product.code, f"skus.{sku.code}.gtin", "gtin.duplicate", sku.gtin, Severity.ERROR,
                                    Bilingual(f"条形码 {sku.gtin} 重复：SKU {sku.code} 与 {', '.join(others)} 相同。",
                                              f"Duplicate GTIN {sku.gtin}: SKU {sku.code} shares it with "
                                              f"{', '.join(others)}.")))
    for attribute in product.attributes:
        if attribute.required and not attribute.is_axis and not attribute.filled:
            findings.append(Finding(product.code, f"attributes.{attribute.key}", "attribute.missing", "",
                                    Severity.WARNING, Bilingual(
                                        f"类目必填属性“{attribute.name_zh}”没有填写。",
                                        f"The category's required attribute '{attribute.name_en or attribute.key}' "
                                        "is empty.")))
    return findings


