"""The text lint's findings kept on disk between builds (`listing/text_cache.py`, issue #17): a rebuild lints
only the texts that changed, and a cached finding is never one the rules would not give now — every input of
a text's findings changes its key, and a damaged or unwritable cache only costs time."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from app.db import Workspace
from app.frozen import resources_dir
from app.models import Product
from app.services.catalogue.picture_cache import workspace_cache_folder
from app.services.listing import text_cache
from app.services.listing.packs import lint as pack_lint
from app.services.listing.packs.builder import build_packs
from app.services.listing.packs.lint import LintInputs, ProductLint, _product_part
from app.services.listing.packs.source import LinkedCertificate, ListingProduct, ListingSku
from app.services.listing.rules import AllowEntry, load_rules, product_texts
from app.services.listing.text_cache import TextFindingsCache

TODAY = date(2026, 11, 25)
CERTIFICATE = LinkedCertificate(1, "product_cert", "OEKO-TEX Standard 100", "", "", "", None, TODAY + timedelta(days=2))


def scarf(**changes: Any) -> ListingProduct:
    """A product whose texts give findings of every family, one cleared by the allow-list, one by a certificate."""
    base = ListingProduct(
        id=1, code="P1", name_zh="行者围巾 最佳礼物", name_en="Xingzhe Scarf", brand="行者 Xingzhe",
        description_zh="国家级非遗传承人亲手缝制，大牌同款，OEKO-TEX 认证，通过3C认证",
        description_en="Best scarf, like Gucci",
        selling_points_zh=("第一品牌", "柔软"), selling_points_en=("Number one",), materials="100% 羊毛",
        status="draft", currency="CNY", category=None, attributes=(), axes=(),
        skus=(ListingSku(1, "P1-A", (), "6970548002009", 190, None, None, None, 0),), images=(),
        certificates=(CERTIFICATE,))
    return replace(base, **changes)


def inputs(*, allow: tuple[AllowEntry, ...] = (AllowEntry(None, "国家级非遗传承人", "传承人证书 2019-01"),),
           today: date = TODAY, rules_folder: Path | None = None) -> LintInputs:
    return LintInputs(load_rules(rules_folder), allow, ("行者",), {}, today)


def lint_with(cache_file: Path, product: ListingProduct, given: LintInputs) -> tuple[Any, TextFindingsCache]:
    """The product's text and data findings through a cache read from `cache_file`, which is then written."""
    cache = TextFindingsCache(cache_file, given.rules, today=given.today)
    shared = ProductLint(given, cache)
    result = shared.of(product)
    shared.keep()
    return result, cache


def test_cached_findings_are_the_ones_linting_gives(tmp_path: Path) -> None:
    product, given = scarf(), inputs()
    fresh = _product_part(product, given)
    assert {f.rule.split(".")[0] for f in fresh.findings} >= {"absolute_term", "brand", "evidence"}
    assert fresh.allowed, "the allow-list clears one: its reason must come back from the cache too"

    first, cache = lint_with(tmp_path / "c.json", product, given)
    assert cache.misses > 0 and cache.hits == 0
    again, cache = lint_with(tmp_path / "c.json", product, given)

    assert cache.misses == 0 and cache.hits == len(product_texts(product))   # every text read from the cache
    assert first == fresh and again == fresh


def changed_rules(tmp_path: Path) -> Path:
    """The shipped compliance rules with one more absolute term ("柔软")."""
    folder = tmp_path / "rules"
    shutil.copytree(resources_dir() / "compliance", folder)
    terms = json.loads((folder / "absolute_terms.json").read_text(encoding="utf-8"))
    terms["terms"].append({"term": "柔软", "severity": "error"})
    (folder / "absolute_terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
    return folder


CHANGES = {
    "a text": lambda tmp: (scarf(name_zh="行者围巾 顶级礼物"), inputs()),
    "an allow-list reason": lambda tmp: (scarf(), inputs(allow=(AllowEntry(None, "国家级非遗传承人", "新的原因"),))),
    "an allow-list phrase": lambda tmp: (scarf(), inputs(allow=())),
    "a certificate expiring": lambda tmp: (scarf(), inputs(today=TODAY + timedelta(days=3))),
    "a certificate removed": lambda tmp: (scarf(certificates=()), inputs()),
    "the product's brand": lambda tmp: (scarf(brand="Gucci"), inputs()),
    "the rules": lambda tmp: (scarf(), inputs(rules_folder=changed_rules(tmp))),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_input_of_a_texts_findings_is_in_its_key(change: str, tmp_path: Path) -> None:
    before = _product_part(scarf(), inputs())
    lint_with(tmp_path / "c.json", scarf(), inputs())
    product, given = CHANGES[change](tmp_path)
    after = _product_part(product, given)
    assert after != before, "the change must change the findings, or a stale cache would go unnoticed"

    cached, cache = lint_with(tmp_path / "c.json", product, given)

    assert cached == after and cache.misses > 0


def test_a_certificate_valid_yesterday_and_today_is_still_a_hit(tmp_path: Path) -> None:
    lint_with(tmp_path / "c.json", scarf(), inputs())
    next_day = inputs(today=TODAY + timedelta(days=1))
    cached, cache = lint_with(tmp_path / "c.json", scarf(), next_day)
    assert cache.misses == 0 and cached == _product_part(scarf(), next_day)


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1, "rules": "x", "entries": []}', b"\xff\xfe"])
def test_a_damaged_cache_file_is_linted_again_and_rewritten(damage: bytes, tmp_path: Path) -> None:
    cache_file = tmp_path / "c.json"
    cache_file.write_bytes(damage)
    cached, cache = lint_with(cache_file, scarf(), inputs())
    assert cached == _product_part(scarf(), inputs()) and cache.hits == 0
    assert json.loads(cache_file.read_text(encoding="utf-8"))["entries"], "written whole again"


def test_entries_of_another_shape_are_linted_again(tmp_path: Path) -> None:
    cache_file = tmp_path / "c.json"
    lint_with(cache_file, scarf(), inputs())
    document = json.loads(cache_file.read_text(encoding="utf-8"))
    for entry in document["entries"].values():
        entry[1] = [[["only-a-rule"]], "not a list"]
    cache_file.write_text(json.dumps(document), encoding="utf-8")

    cached, cache = lint_with(cache_file, scarf(), inputs())

    assert cached == _product_part(scarf(), inputs()) and cache.hits == 0


def test_a_cache_that_cant_be_written_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / "in-the-way").write_text("a file where the cache folder would be", encoding="utf-8")
    cached, _cache = lint_with(tmp_path / "in-the-way" / "c.json", scarf(), inputs())
    assert cached == _product_part(scarf(), inputs())


def test_entries_not_used_for_long_are_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_file = tmp_path / "c.json"
    lint_with(cache_file, scarf(code="OLD"), inputs())
    later = inputs(today=TODAY + timedelta(days=text_cache.KEEP_DAYS + 1))
    lint_with(cache_file, scarf(code="NEW"), later)
    _cached, cache = lint_with(cache_file, scarf(code="OLD"), later)
    assert cache.hits == 0, "the product not linted for KEEP_DAYS was dropped"

    monkeypatch.setattr(text_cache, "MAX_ENTRIES", 3)
    lint_with(cache_file, scarf(code="CAPPED"), later)
    assert len(json.loads(cache_file.read_text(encoding="utf-8"))["entries"]) == 3


def names_to(workspace: Workspace, zh: str, en: str) -> str:
    with workspace.session() as session:
        product = session.exec(select(Product).order_by(Product.id)).first()
        assert product is not None
        product.name_zh, product.name_en = zh, en
        session.add(product)
        return product.code


def test_a_rebuild_lints_only_the_edited_texts(demo_copy: Workspace, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "packs"
    build_packs(demo_copy, None, ["taobao", "amazon"], out, override_reason="test")
    cache_file = workspace_cache_folder(demo_copy.path, "lint") / text_cache.FILE_NAME
    assert cache_file.is_file(), "kept in the user's cache folder, beside the workspace's pictures"
    linted: list[tuple[str, str]] = []
    real = pack_lint.text_findings

    def counting(text: str, **kwargs: Any) -> Any:
        linted.append((kwargs["product"], kwargs["field"]))
        return real(text, **kwargs)

    monkeypatch.setattr(pack_lint, "text_findings", counting)
    code = names_to(demo_copy, "改名后的围巾 最佳", "Renamed Scarf")

    reports = build_packs(demo_copy, None, ["taobao", "amazon"], out, override_reason="test")

    assert sorted(linted) == [(code, "name_en"), (code, "name_zh")]
    assert any(f.product == code and f.field == "name_zh" and f.text == "最佳" for f in reports["taobao"].findings)
