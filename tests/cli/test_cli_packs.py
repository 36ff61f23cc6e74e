"""`main.py lint` and `main.py pack` as a user runs them (shared/reference/cli.md): JSON shape, languages,
exit codes (0 ran / written, 1 blocked by lint errors, 2 unknown product or platform) and one-line reasons."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from app.models import Product
from app.services.workspace.demo import create_demo_workspace

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"product", "field", "rule", "text", "severity", "message"}


def run(*args: str | Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "en_US.UTF-8" if lang == "en" else "zh_CN.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A demo workspace whose scarf's Chinese description says 全网最佳 (an absolute term)."""
    path = tmp_path_factory.mktemp("cli") / "demo.fdw"
    workspace = create_demo_workspace(path)
    with workspace.session() as session:
        scarf = session.exec(select(Product).where(Product.code == "XZ-SC-CB01")).one()
        scarf.description_zh = "全网最佳。" + scarf.description_zh
    workspace.close()
    yield path


def test_lint_json_prints_findings_and_exits_0(demo_path: Path) -> None:
    result = run("lint", demo_path, "--json")
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert isinstance(findings, list) and findings
    assert all(set(f) == FIELDS for f in findings)
    assert {(f["product"], f["field"], f["rule"], f["text"], f["severity"]) for f in findings} == {
        ("XZ-SC-CB01", "description_zh", "absolute_term", "最佳", "error")}
    assert "Advertising-law" in findings[0]["message"]
    assert "1 errors" in result.stderr


def test_lint_one_product_with_a_platform_in_chinese(demo_path: Path) -> None:
    result = run("--lang", "zh_CN", "lint", demo_path, "--product", "XZ-LG-PC01", "--platform", "taobao", "--json")
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert findings and {f["product"] for f in findings} == {"XZ-LG-PC01"}
    assert {f["severity"] for f in findings} == {"info"}          # title parts dropped within the 60-byte budget
    assert all(any("\u4e00" <= c <= "\u9fff" for c in f["message"]) for f in findings)


def test_lint_unknown_product_or_platform_exits_2_with_one_line(demo_path: Path) -> None:
    for args in (("--product", "NOPE"), ("--platform", "ebay")):
        result = run("lint", demo_path, *args, "--json")
        assert result.returncode == 2
        assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "NOPE" in run("lint", demo_path, "--product", "NOPE").stderr


def test_pack_writes_the_platform_folder_and_prints_it(demo_path: Path, tmp_path: Path) -> None:
    result = run("pack", demo_path, "--product", "XZ-LG-PC01", "--platform", "tmall", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip())
    assert folder == tmp_path / "tmall"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["products"] == ["XZ-LG-PC01"] and manifest["platform"] == "tmall"
    assert (folder / "tmall_upload.xlsx").is_file() and (folder / "XZ-LG-PC01" / "images" / "01_main.jpg").is_file()


def test_pack_with_lint_errors_exits_1_unless_overridden(demo_path: Path, tmp_path: Path) -> None:
    blocked = run("pack", demo_path, "--all", "--platform", "pinduoduo", "-o", tmp_path)
    assert blocked.returncode == 1
    assert "absolute_term" in blocked.stderr and "no pack was written" in blocked.stderr
    assert not (tmp_path / "pinduoduo").exists()
    forced = run("pack", demo_path, "--product", "XZ-SC-CB01", "--platform", "pinduoduo", "-o", tmp_path,
                 "--override-reason", "wording fixed in the next upload")
    assert forced.returncode == 0, forced.stderr
    manifest = json.loads((tmp_path / "pinduoduo" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["override_reason"] == "wording fixed in the next upload"


def test_pack_unknown_product_or_platform_exits_2_with_one_line(demo_path: Path, tmp_path: Path) -> None:
    unknown_platform = run("pack", demo_path, "--all", "--platform", "ebay", "-o", tmp_path)
    assert unknown_platform.returncode == 2
    assert unknown_platform.stderr.strip().splitlines() == [
        "Unknown platform: ebay (known: tmall, taobao, jd, pinduoduo, douyin, 1688, odm, amazon, shopify, woocommerce)"]
    unknown_product = run("pack", demo_path, "--product", "NOPE", "--platform", "taobao", "-o", tmp_path)
    assert unknown_product.returncode == 2
    assert unknown_product.stderr.strip().splitlines() == ["Unknown product: NOPE"]
    assert list(tmp_path.iterdir()) == []


ALL_PLATFORMS = ["tmall", "taobao", "jd", "pinduoduo", "douyin", "1688", "odm", "amazon", "shopify", "woocommerce"]


def test_pack_for_all_platforms_writes_the_ten_folders_in_one_run(demo_path: Path, tmp_path: Path) -> None:
    result = run("pack", demo_path, "--product", "XZ-LG-PC01", "--platform", "all", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / platform) for platform in ALL_PLATFORMS]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ALL_PLATFORMS)   # no temporary folder left
    for platform in ALL_PLATFORMS:
        manifest = json.loads((tmp_path / platform / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["platform"] == platform and manifest["products"] == ["XZ-LG-PC01"]
    summary = [line for line in result.stderr.splitlines() if "Pack written" in line]
    assert [line.split(":")[0] for line in summary] == ALL_PLATFORMS


def test_pack_for_a_list_of_platforms_writes_exactly_those(demo_path: Path, tmp_path: Path) -> None:
    result = run("pack", demo_path, "--product", "XZ-LG-PC01", "--platform", "tmall,jd", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / "tmall"), str(tmp_path / "jd")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jd", "tmall"]
    assert (tmp_path / "tmall" / "tmall_upload.xlsx").is_file() and (tmp_path / "jd" / "jd_upload.xlsx").is_file()
    assert json.loads((tmp_path / "jd" / "manifest.json").read_text(encoding="utf-8"))["platform"] == "jd"


def test_pack_with_an_unknown_platform_in_a_list_exits_2_naming_it(demo_path: Path, tmp_path: Path) -> None:
    result = run("pack", demo_path, "--all", "--platform", "tmall,ebay,jd", "-o", tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Unknown platform: ebay (known: tmall, taobao, jd, pinduoduo, douyin, 1688, odm, amazon, shopify, woocommerce)"]
    assert list(tmp_path.iterdir()) == []


def test_pack_for_several_platforms_blocked_on_one_writes_none(demo_path: Path, tmp_path: Path) -> None:
    """All or nothing: the scarf's absolute term blocks every platform; its error is listed once."""
    result = run("pack", demo_path, "--all", "--platform", "tmall,jd", "-o", tmp_path)
    assert result.returncode == 1
    assert len([line for line in result.stderr.splitlines() if "absolute_term" in line]) == 1, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_error_that_blocks_every_platform_is_counted_once() -> None:
    from app.models.bilingual import Bilingual
    from app.services.listing.findings import Finding, Severity
    from app.services.listing.packs.builder import PackBlocked

    error = Finding("P1", "name_zh", "absolute", "最", Severity.ERROR, Bilingual("绝对化用语", "absolute term"))
    warning = Finding("P1", "title", "budget", "", Severity.WARNING, Bilingual("长", "long"))
    blocked = PackBlocked([error, warning] * 10)   # the same findings from ten platforms
    assert "found 1 error;" in blocked.text("en") and "1 个错误" in blocked.text("zh") and len(blocked.findings) == 2


def test_pack_options_shape_the_shop_files(demo_path: Path, tmp_path: Path) -> None:
    """--image-base-url links the pictures, --weight-unit/--dimension-unit are the shop's units, and
    --shopify-csv-dialect picks the header names; the manifest records them."""
    result = run("pack", demo_path, "--product", "XZ-CP-VT05", "--platform", "shopify,woocommerce", "-o", tmp_path,
                 "--image-base-url", "https://cdn.example.com/packs/", "--weight-unit", "lbs",
                 "--dimension-unit", "in", "--shopify-csv-dialect", "legacy")
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "shopify" / "shopify_products.csv", encoding="utf-8", newline="") as handle:
        shopify = list(csv.DictReader(handle))
    assert shopify[0]["Handle"] == "xz-cp-vt05"
    assert shopify[0]["Image Src"] == "https://cdn.example.com/packs/shopify/XZ-CP-VT05/images/01_main.jpg"
    with open(tmp_path / "woocommerce" / "woocommerce_products.csv", encoding="utf-8", newline="") as handle:
        woo = {row["SKU"]: row for row in csv.DictReader(handle)}
    assert (woo["XZ-CP-VT05-WHT"]["Weight (lbs)"], woo["XZ-CP-VT05-WHT"]["Height (in)"]) == ("0.75", "9.25")
    assert woo["XZ-CP-VT05-WHT"]["Images"].startswith("https://cdn.example.com/packs/woocommerce/XZ-CP-VT05/")
    manifest = json.loads((tmp_path / "woocommerce" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"] == {"image_base_url": "https://cdn.example.com/packs", "weight_unit": "lbs",
                                   "dimension_unit": "in", "shopify_dialect": "legacy", "upload_dialect": "default"}


def test_a_base_url_that_is_not_https_exits_2_before_writing(demo_path: Path, tmp_path: Path) -> None:
    result = run("pack", demo_path, "--all", "--platform", "shopify", "-o", tmp_path,
                 "--image-base-url", "http://cdn.example.com/packs")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "The image base URL 'http://cdn.example.com/packs' can't be used: it must start with https://."]
    assert list(tmp_path.iterdir()) == []
    bad_unit = run("pack", demo_path, "--all", "--platform", "woocommerce", "-o", tmp_path, "--weight-unit", "lb")
    assert bad_unit.returncode == 2 and "lbs" in bad_unit.stderr


def test_lint_says_what_the_shop_pack_lacks_and_takes_the_base_url(demo_path: Path) -> None:
    plain = json.loads(run("lint", demo_path, "--platform", "woocommerce", "--json").stdout)
    assert [(f["product"], f["severity"]) for f in plain if f["rule"] == "images.no_url"] == [("", "warning")]
    assert [f["text"] for f in plain if f["rule"] == "import.gtin_mapping"] == ["GTIN, UPC, EAN, or ISBN"]
    linked = run("lint", demo_path, "--platform", "woocommerce", "--json", "--image-base-url", "https://x.example")
    assert linked.returncode == 0, linked.stderr
    rules = {f["rule"] for f in json.loads(linked.stdout)}
    assert "images.url" in rules and "images.no_url" not in rules
