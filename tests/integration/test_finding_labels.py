"""A finding's field and rule as a person reads them (#16): labels, never keys, in the table, PDF and lint_report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.services.listing.labels import field_label, rule_label
from app.services.listing.packs.builder import build_pack
from app.services.listing.packs.lint import lint_workspace
from app.services.listing.packs.profiles import PLATFORM_IDS
from app.services.workspace.services import demo_services

#: What a key looks like (`attributes.capacity`, `title.part_dropped`): never shown to a user.
KEY = re.compile(r"[a-z_]+\.[a-z_]+")
#: An ASCII list comma between Chinese items ("天猫, 淘宝"): Chinese lists use 、 or ，.
ASCII_COMMA_IN_CHINESE = re.compile(r"[\u4e00-\u9fff], ?[\u4e00-\u9fff]")


def test_the_issues_examples():
    assert field_label("attributes.capacity").zh == "容量"
    assert field_label("selling_points_zh[0]").zh == "中文卖点第 1 条"
    assert rule_label("title.part_dropped").zh == "标题放不下"
    assert rule_label("required.brand").zh == "必填：品牌"
    assert rule_label("required.brand").en == "Required: Brand"
    assert field_label("skus.XZ-LG-PC01-BK-20.gtin").zh == "SKU XZ-LG-PC01-BK-20 的条码"


def test_a_key_nobody_named_reads_as_words():
    assert not KEY.search(rule_label("new_rule.some_case").zh)
    assert not KEY.search(field_label("some_group.new_field").en)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    services = demo_services(tmp_path_factory.mktemp("labels") / "demo.fdw")
    yield services
    services.close()


@pytest.mark.parametrize("platform", sorted(PLATFORM_IDS))
def test_every_finding_of_the_demo_has_a_label_in_both_languages(demo, platform):
    findings = lint_workspace(demo.workspace, platform=platform).findings
    assert findings, "the demo workspace has findings to label"
    for finding in findings:
        for label in (field_label(finding.field), rule_label(finding.rule)):
            for text in (label.zh, label.en):
                assert text and not KEY.search(text), f"{finding.field} / {finding.rule} reads {text!r}"
            assert not ASCII_COMMA_IN_CHINESE.search(label.zh), label.zh


def test_lint_report_shows_labels_not_keys(demo, tmp_path: Path):
    report = build_pack(demo.workspace, ["XZ-LG-PC01"], "tmall", tmp_path, lang="zh", override_reason="labels test")
    text = (report.path / "lint_report.txt").read_text(encoding="utf-8-sig")
    finding_lines = [line for line in text.splitlines() if line.startswith("XZ-LG-PC01 · ")]
    assert finding_lines, text
    for line in finding_lines:
        _product, field, rest = line.split(" · ", 2)
        assert not KEY.search(field) and not KEY.search(rest.split(" «")[0]), line


#: A Latin word glued to a Chinese character ("Shopify要求"): Chinese typesetting puts a space between them.
LATIN_GLUED_TO_CHINESE = re.compile(r"[\u4e00-\u9fff][A-Za-z]|[A-Za-z][\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo_with_a_bare_product(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from app.services.catalogue.products import ProductService

    services = demo_services(tmp_path_factory.mktemp("bare") / "demo.fdw")
    ProductService(services.workspace).create_product("NEW-01", name_zh="新品", name_en="New cup")
    yield services
    services.close()


def test_a_latin_platform_name_is_spaced_from_the_chinese_around_it(demo_with_a_bare_product):
    """A product without a picture: "Shopify要求填写主图。" read as one glued word; now "Shopify 要求填写主图。"."""
    findings = lint_workspace(demo_with_a_bare_product.workspace, platform="shopify").findings
    messages = [finding.message.zh for finding in findings]
    assert any(finding.rule == "required.main_image" for finding in findings), messages
    for message in messages:
        assert not LATIN_GLUED_TO_CHINESE.search(message), message
