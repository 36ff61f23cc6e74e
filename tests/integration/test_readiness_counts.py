"""The readiness PDF counts the errors that stop a pack as the wizard does (#16).

The wizard's step 6 (and the packs page, and `pack`) says "the checks found N error(s)" from `build_pack`'s
`PackBlocked`; the report used to show only the platform-less lint, so a first session read 2 errors in the
wizard and 0 in the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.models.listing import Severity
from app.services.catalogue.products import ProductService
from app.services.listing.packs.builder import PackBlocked, build_pack
from app.services.reports.readiness import build_readiness_report, pack_blocking_counts
from app.services.workspace.services import demo_services


@pytest.fixture
def demo_without_a_brand(tmp_path: Path):  # type: ignore[no-untyped-def]
    services = demo_services(tmp_path / "demo.fdw")
    products = ProductService(services.workspace)
    bottle = products.load(products.product_id_for_code("XZ-CP-VT05"))
    products.update_product_fields(bottle.id, bottle.version, {"brand": ""})
    yield services
    services.close()


def _wizard_count(blocked: PackBlocked) -> int:
    """What the wizard's step 6 shows: the errors among the blocked build's findings."""
    return sum(1 for finding in blocked.findings if finding.severity is Severity.ERROR)


def test_the_report_counts_what_stops_the_pack(demo_without_a_brand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workspace = demo_without_a_brand.workspace
    with pytest.raises(PackBlocked) as blocked:
        build_pack(workspace, None, "tmall", tmp_path / "packs")
    errors = _wizard_count(blocked.value)
    assert errors > 0
    assert dict(pack_blocking_counts(workspace, ["tmall"])) == {"tmall": errors}
    pdf = tmp_path / "readiness.pdf"
    build_readiness_report(workspace, pdf, lang="zh")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert re.search(rf"天猫\s*{errors}\b", text), text[-1500:]


def test_the_report_never_says_nothing_is_open_while_errors_stop_a_pack(demo_without_a_brand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The platform-less lint finds nothing here while every platform's pack is stopped: the report said
    "错误: 0 … 没有未解决的问题。" under a table of blocked platforms, so the owner read two answers."""
    workspace = demo_without_a_brand.workspace
    assert any(errors for _platform, errors in pack_blocking_counts(workspace))
    for lang in ("zh", "en"):
        pdf = tmp_path / f"readiness-{lang}.pdf"
        build_readiness_report(workspace, pdf, lang=lang)
        text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "没有未解决的问题" not in text and "No open findings" not in text
        assert not re.search(r"(错误|Errors): 0", text), "a bare 0 errors beside the blocked platforms"
    zh = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "readiness-zh.pdf").pages)
    assert re.search(r"不分平台的检查：错误\s*0", zh), zh[-1500:]
    assert "各平台阻止生成上架包的错误见上表" in zh


def test_a_product_without_a_cost_shows_no_prices_rather_than_zero(tmp_path: Path) -> None:
    """A first session that skipped the wizard's cost step priced the new product at ¥0.00 in the report:
    a number a salesperson could quote. Its rows say "—" and one line says the cost is missing."""
    services = demo_services(tmp_path / "demo.fdw")
    try:
        from decimal import Decimal

        from app.services.pricing.plans import PricingService

        products = ProductService(services.workspace)
        created = products.create_product("NEW-01", name_zh="无成本新品", name_en="Uncosted")
        pricing = PricingService(services.workspace)
        pricing.save_plan(pricing.load_plan(created.id).with_override("tmall", Decimal("88.80")))
        for lang, missing in (("zh", "还没有出厂成本"), ("en", "No ex-factory cost yet")):
            pdf = tmp_path / f"readiness-{lang}.pdf"
            build_readiness_report(services.workspace, pdf, lang=lang)
            text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
            section = text[text.index("NEW-01"):]
            section = section[:section.index("XZ-", 1)] if "XZ-" in section else section
            assert missing in section, section[:800]
            assert not re.search(r"[¥$]\s*0\.00", section), section[:800]
            assert "¥88.80" in section, "a price the user set is known without a cost"
            costed = text[text.index("XZ-CP-VT05"):]
            assert re.search(r"[¥$]\s*[1-9]", costed), "the demo's costed products still show prices"
    finally:
        services.close()
