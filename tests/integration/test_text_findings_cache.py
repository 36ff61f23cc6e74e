"""The text lint's findings kept on disk between builds (`listing/text_cache.py`, issue #17): a rebuild lints
only the texts that changed, and a cached finding is never one the rules would not give now — every input of
a text's findings changes its key, and a damaged or unwritable cache only costs time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
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
from app.services.listing.packs.source import LinkedCertificate, ListingProduct, ListingSku, product_codes
from app.services.listing.rules import AllowEntry, load_rules, product_texts
from app.services.listing.text_cache import TextFindingsCache

ROOT = Path(__file__).resolve().parents[2]
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


def lint_with(folder: Path, product: ListingProduct, given: LintInputs) -> tuple[Any, TextFindingsCache]:
    """The product's text and data findings through a cache in `folder`, which is then written."""
    cache = TextFindingsCache(folder, given.rules)
    shared = ProductLint(given, cache)
    result = shared.of(product)
    shared.keep()
    return result, cache


def product_file(folder: Path) -> Path:
    """The one product's file in `folder`."""
    [path] = folder.glob("*.json")
    return path


def test_cached_findings_are_the_ones_linting_gives(tmp_path: Path) -> None:
    product, given = scarf(), inputs()
    fresh = _product_part(product, given)
    assert {f.rule.split(".")[0] for f in fresh.findings} >= {"absolute_term", "brand", "evidence"}
    assert fresh.allowed, "the allow-list clears one: its reason must come back from the cache too"

    first, cache = lint_with(tmp_path / "c", product, given)
    assert cache.misses > 0 and cache.hits == 0
    again, cache = lint_with(tmp_path / "c", product, given)

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
    lint_with(tmp_path / "c", scarf(), inputs())
    product, given = CHANGES[change](tmp_path)
    after = _product_part(product, given)
    assert after != before, "the change must change the findings, or a stale cache would go unnoticed"

    cached, cache = lint_with(tmp_path / "c", product, given)

    assert cached == after and cache.misses > 0


def test_a_certificate_valid_yesterday_and_today_is_still_a_hit(tmp_path: Path) -> None:
    lint_with(tmp_path / "c", scarf(), inputs())
    next_day = inputs(today=TODAY + timedelta(days=1))
    cached, cache = lint_with(tmp_path / "c", scarf(), next_day)
    assert cache.misses == 0 and cached == _product_part(scarf(), next_day)


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1, "rules": "x", "entries": []}', b"\xff\xfe",
                                    b"[" * 100_000])
def test_a_damaged_cache_file_is_linted_again_and_rewritten(damage: bytes, tmp_path: Path) -> None:
    lint_with(tmp_path / "c", scarf(), inputs())
    product_file(tmp_path / "c").write_bytes(damage)
    cached, cache = lint_with(tmp_path / "c", scarf(), inputs())
    assert cached == _product_part(scarf(), inputs()) and cache.hits == 0
    assert json.loads(product_file(tmp_path / "c").read_text(encoding="utf-8"))["entries"], "written whole again"


def test_entries_of_another_shape_are_linted_again(tmp_path: Path) -> None:
    lint_with(tmp_path / "c", scarf(), inputs())
    document = json.loads(product_file(tmp_path / "c").read_text(encoding="utf-8"))
    for index, entry in enumerate(document["entries"].values()):
        entry[:] = [[["only-a-rule"]], []] if index % 2 else [[], [[1, 2, 3, 4, 5, 6, 7]]]
    product_file(tmp_path / "c").write_text(json.dumps(document), encoding="utf-8")

    cached, cache = lint_with(tmp_path / "c", scarf(), inputs())

    assert cached == _product_part(scarf(), inputs()) and cache.hits == 0


def test_another_products_file_is_not_read_as_this_ones(tmp_path: Path) -> None:
    """Two products with the same texts and context have the same keys: each file says whose it is."""
    lint_with(tmp_path / "c", scarf(code="A"), inputs())
    [path] = (tmp_path / "c").glob("*.json")
    _result, cache = lint_with(tmp_path / "c", scarf(code="B"), inputs())
    other = next(p for p in (tmp_path / "c").glob("*.json") if p != path)
    other.write_bytes(path.read_bytes())   # B's file now holds A's findings
    cached, cache = lint_with(tmp_path / "c", scarf(code="B"), inputs())
    assert cache.hits == 0 and all(f.product == "B" for f in cached.findings)


def test_texts_unsafe_for_a_file_are_kept_safely(tmp_path: Path) -> None:
    odd = scarf(name_en="Scarf \ud800 最佳 \x00", description_en="\u2028 \"quoted\" {json}")
    first, _cache = lint_with(tmp_path / "c", odd, inputs())
    again, cache = lint_with(tmp_path / "c", odd, inputs())
    assert first == again == _product_part(odd, inputs()) and cache.misses <= 1   # a lone surrogate: a miss


def test_a_cache_that_cant_be_written_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / "in-the-way").write_text("a file where the cache folder would be", encoding="utf-8")
    cached, _cache = lint_with(tmp_path / "in-the-way" / "c", scarf(), inputs())
    assert cached == _product_part(scarf(), inputs())


def test_a_products_file_holds_only_its_current_texts_and_old_files_go(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "c"
    lint_with(folder, scarf(selling_points_zh=("第一品牌", "柔软", "保暖")), inputs())
    lint_with(folder, scarf(), inputs())                 # a selling point removed since
    entries = json.loads(product_file(folder).read_text(encoding="utf-8"))["entries"]
    assert len(entries) == len(product_texts(scarf()))

    old = time.time() - (text_cache.KEEP_DAYS + 1) * 86_400
    os.utime(product_file(folder), (old, old))
    monkeypatch.setattr(text_cache, "_PRUNED", set())
    lint_with(folder, scarf(code="NEW"), inputs())       # a write: the folder is pruned
    assert [json.loads(p.read_text(encoding="utf-8"))["product"] for p in folder.glob("*.json")] == ["NEW"]


def test_nothing_is_kept_on_disk_when_the_rules_code_cant_be_identified(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A frozen build whose loader can't give the rules' code: a cache keyed by the app's version alone could
    serve an older release's findings after an update, so there is none."""
    monkeypatch.setattr(text_cache, "_CODE", None)
    cached, _cache = lint_with(tmp_path / "c", scarf(), inputs())
    assert cached == _product_part(scarf(), inputs()) and not (tmp_path / "c").exists()


def test_the_rules_code_is_identified_alike_in_every_process() -> None:
    """The identity is part of every key: it must be the same in the processes of a split build and after a
    restart (marshal's bytes or a frozenset's order would not be), and change with the code."""
    script = "from app.services.listing import text_cache; print(text_cache._CODE)"
    environment = {**os.environ, "PYTHONHASHSEED": "random"}
    others = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT,
                             env=environment).stdout.strip() for _ in range(2)}
    assert others == {text_cache._CODE} and text_cache._code_identity() == text_cache._CODE is not None

    def identity(word: str) -> str:
        return text_cache._stable_text(compile(f"def found(text):\n    return text == {word!r}\n", "rules.py", "exec"))

    assert identity("最佳") == identity("最佳") != identity("最好"), "a constant deep inside a function counts"

    def signature(parameters: str) -> str:
        source = f"def near(text, {parameters}):\n    return text in cues\n"
        return text_cache._stable_text(compile(source, "rules.py", "exec"))

    assert signature("cues") != signature("*cues") != signature("*, cues"), "how it is called counts too"


def test_rules_without_a_fingerprint_keep_nothing(tmp_path: Path) -> None:
    """Rules made some other way than `load_rules` could not be told apart from each other."""
    given = inputs()
    unnamed = replace(given, rules=replace(given.rules, fingerprint=""))
    cached, _cache = lint_with(tmp_path / "c", scarf(), unnamed)
    assert cached == _product_part(scarf(), given) and not (tmp_path / "c").exists()


def test_a_file_still_read_is_written_again_before_pruning_could_take_it(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    lint_with(folder, scarf(), inputs())
    half_life = time.time() - (text_cache.KEEP_DAYS / 2 + 1) * 86_400
    os.utime(product_file(folder), (half_life, half_life))
    _cached, cache = lint_with(folder, scarf(), inputs())
    assert cache.misses == 0 and product_file(folder).stat().st_mtime > half_life + 86_400


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
    kept = list(workspace_cache_folder(demo_copy.path, "lint").glob("*.json"))
    assert len(kept) == len(product_codes(demo_copy)), "a file per product, in the user's cache folder"
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
