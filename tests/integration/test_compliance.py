"""The compliance lint: every rule family, its exemptions and false-positive guards, the allow-list, evidence
cleared by linked certificates, brand authorisations, and the white background measured from the pixels."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PIL import Image, ImageDraw

from app.db import Workspace
from app.models import Certificate, Product, ProductCertificate, Sku
from app.services.listing.packs.lint import lint_product, lint_workspace
from app.services.listing.packs.source import (
    LinkedCertificate,
    ListingProduct,
    ListingSku,
)
from app.services.listing.picture_checks import (
    border_white_ratio,
    fill_ratio,
    is_white_background,
)
from app.services.listing.rules import (
    AllowEntry,
    AllowListError,
    TextContext,
    add_allowed,
    list_allowed,
    load_rules,
    remove_allowed,
    text_findings,
)

TODAY = date(2026, 11, 25)


def found(text: str, **kwargs: object) -> list[tuple[str, str, str]]:
    findings, _ = text_findings(text, product="P1", field="description_zh", **kwargs)  # type: ignore[arg-type]
    return [(f.rule, f.text, f.severity.value) for f in findings]


def rules_of(text: str, **kwargs: object) -> set[str]:
    return {rule for rule, _, _ in found(text, **kwargs)}


def certificate(kind: str, name: str, scope: str = "", issuer: str = "", expires: date | None = None,
                number: str = "") -> LinkedCertificate:
    return LinkedCertificate(1, kind, name, number, issuer, scope, None, expires)


def product(**changes: object) -> ListingProduct:
    base = ListingProduct(
        id=1, code="P1", name_zh="行者围巾", name_en="Xingzhe Scarf", brand="行者 Xingzhe", description_zh="",
        description_en="", selling_points_zh=(), selling_points_en=(), materials="", status="draft",
        currency="CNY", category=None, attributes=(), axes=(),
        skus=(ListingSku(1, "P1-A", (), "6970548002009", 190, None, None, None, 0),), images=(), certificates=())
    return replace(base, **changes)  # type: ignore[arg-type]


# ---------------------------------------------------------------- absolute terms


@pytest.mark.parametrize("term",
                         ["最佳", "最好", "国家级", "顶级", "极品", "独家", "首选", "万能", "第一品牌", "最高级",
                                  "驰名商标"])
def test_absolute_terms_are_found_exactly(term: str) -> None:
    text = f"这款围巾{term}，送礼合适"
    assert found(text) == [("absolute_term", term, "error")]


@pytest.mark.parametrize("text", ["最近很多客人回购", "第一步：打开拉链", "最大承重 20 kg", "最高温度 90℃",
                                  "第一次使用前请清洗", "最后一步，扣好搭扣"])
def test_bare_zui_and_diyi_are_not_flagged(text: str) -> None:
    assert found(text) == []


def test_latin_absolute_terms_match_whole_words_only() -> None:
    assert ("absolute_term", "NO.1", "error") in found("销量NO.1的行李箱")
    assert ("absolute_term", "Best seller", "warning") in found("Best seller of the year")
    assert found("bestsellers.example.com lists it") == []       # inside another word
    assert found("No. 10 cotton thread") == []                   # not "No. 1"


def test_terms_inside_standard_names_and_known_phrases_are_exempt() -> None:
    assert found("参照《最佳实践指南》生产") == []
    assert found("执行 GB/T 12345 最佳包装规范", families=["absolute"]) == []
    assert found("国家级非物质文化遗产 苏绣技艺") == []
    assert found("四轮万能轮，转向顺滑") == []
    assert found("最佳赏味期 12 个月") == []


def test_a_term_inside_the_own_brand_is_exempt() -> None:
    context = TextContext(own_brands=("顶级家纺",))
    assert found("顶级家纺 纯棉四件套", context=context) == []
    assert found("顶级品质", context=context) == [("absolute_term", "顶级", "error")]


def test_self_comparison_within_the_brand_is_a_warning() -> None:
    assert found("本品牌最好的一款拉杆箱") == [("absolute_term.self_comparison", "最好", "warning")]
    assert found("本系列最佳配色") == [("absolute_term.self_comparison", "最佳", "warning")]
    # the cue must be in the same clause
    assert found("本品牌新款。最好用的箱子") == [("absolute_term", "最好", "error")]


# ---------------------------------------------------------------- brands and borrowed-brand patterns


def test_other_brands_and_borrowed_patterns() -> None:
    result = found("为 Valentino、Armani、MUJI 代工的同款围巾")
    assert ("borrowed_brand", "代工", "error") in result
    assert ("borrowed_brand", "同款", "error") in result
    for brand in ("Valentino", "Armani", "MUJI"):
        assert ("brand.other", brand, "error") in result
    assert ("brand.other", "新秀丽", "error") in found("新秀丽同厂同线")
    assert ("borrowed_brand", "同厂同线", "error") in found("新秀丽同厂同线")
    assert ("brand.other", "无印良品", "error") in found("无印良品风收纳")
    assert ("brand.other", "samsonite", "error") in found("same shell as samsonite")   # any case


@pytest.mark.parametrize("pattern", ["大牌同款", "原单", "一比一", "同厂同线", "平替", "高仿"])
def test_borrowed_brand_patterns_are_errors(pattern: str) -> None:
    assert found(f"{pattern}羊绒围巾") == [("borrowed_brand", pattern, "error")]


def test_the_longest_borrowed_match_is_reported_once() -> None:
    assert found("大牌同款") == [("borrowed_brand", "大牌同款", "error")]


def test_made_by_another_brands_factory() -> None:
    assert ("borrowed_brand", "made by Armani's factory", "error") in found("Scarves made by Armani's factory")
    assert rules_of("Made in the same factory as the big names") == {"borrowed_brand"}


def test_everyday_phrases_are_not_borrowed_brands() -> None:
    assert found("情侣同款 亲子同款 男女同款") == []
    assert found("1:1 配比的粘合剂") == [("borrowed_brand", "1:1", "warning")]   # a ratio: warning, allow-list it


def test_ambiguous_brand_names_need_brand_words_nearby() -> None:
    assert found("苹果绿 拉杆箱") == []
    assert found("apple green scarf") == []
    assert found("小米粥保温桶") == []
    assert ("brand.needs_review", "苹果", "warning") in found("苹果同款充电宝")
    assert ("brand.needs_review", "小米", "warning") in found("小米手机充电宝")


def test_compatibility_statements_are_warnings() -> None:
    assert found("适用于 iPhone 15 的手机壳") == [("brand.compatibility", "iPhone", "warning")]


def test_own_brand_is_not_another_brand() -> None:
    context = TextContext(own_brands=("Tiger Travel",))
    assert found("Tiger Travel 拉杆箱同款配色", context=context, families=["brand"]) == []


def test_an_authorisation_certificate_clears_a_brand() -> None:
    authorised = TextContext(certificates=(certificate("authorisation", "Disney 品牌授权书", "迪士尼 Disney 授权"),),
                             today=TODAY)
    findings, allowed = text_findings("Disney 联名款", product="P1", field="name_zh", context=authorised)
    assert findings == []
    assert [a.finding.rule for a in allowed] == ["brand.other"] and "authorisation" in allowed[0].reason
    expired = TextContext(certificates=(certificate("authorisation", "Disney 授权", expires=TODAY - timedelta(1)),),
                          today=TODAY)
    assert found("Disney 联名款", context=expired) == [("brand.other", "Disney", "error")]
    wrong_brand = TextContext(certificates=(certificate("authorisation", "Hello Kitty 授权"),), today=TODAY)
    assert found("Disney 联名款", context=wrong_brand) == [("brand.other", "Disney", "error")]


# ---------------------------------------------------------------- evidence claims


def test_claims_needing_evidence_are_flagged_without_a_certificate() -> None:
    rules = rules_of("食品级硅胶，防水 IPX7，抗菌 99%，通过 OEKO-TEX 认证，100% 羊绒，医用级")
    assert {"evidence.food_grade", "evidence.waterproof", "evidence.antibacterial", "evidence.oeko_tex",
            "evidence.hundred_percent", "evidence.medical"} <= rules


def test_a_linked_certificate_whose_scope_matches_clears_the_claim() -> None:
    oeko = TextContext(certificates=(certificate("product_cert", "OEKO-TEX Standard 100", "产品级别 II 围巾"),),
                       today=TODAY)
    assert found("通过 OEKO-TEX 认证", context=oeko) == []
    food = TextContext(certificates=(certificate("test_report", "SGS 测试报告", "GB 4806.9-2016 食品接触用金属材料"),),
                       today=TODAY)
    assert found("食品级 316 不锈钢", context=food) == []
    assert found("符合 GB 4806.9 要求", context=food) == []
    # a report on something else clears nothing
    assert rules_of("抗菌面料", context=food) == {"evidence.antibacterial"}


def test_the_wrong_kind_of_evidence_does_not_clear() -> None:
    # a quality-system certificate is not a product's OEKO-TEX certificate
    iso = TextContext(certificates=(certificate("quality_system", "ISO 9001 OEKO-TEX 管理"),), today=TODAY)
    assert rules_of("OEKO-TEX 认证", context=iso) == {"evidence.oeko_tex"}


def test_an_expired_certificate_is_reported_as_expired() -> None:
    old = TextContext(certificates=(certificate("product_cert", "OEKO-TEX Standard 100",
                                                expires=TODAY - timedelta(days=3)),), today=TODAY)
    assert found("OEKO-TEX 认证", context=old) == [("evidence.expired", "OEKO-TEX", "warning")]


def test_category_words_are_not_3c_claims() -> None:
    assert rules_of("3C数码配件收纳包") == set()
    assert rules_of("通过3C认证") == {"evidence.ccc"}


# ---------------------------------------------------------------- the allow-list


def test_allow_list_clears_matches_inside_the_phrase_with_the_reason() -> None:
    allow = (AllowEntry(None, "国家级非遗传承人", "真实背景事实：传承人证书编号 2019-01"),)
    findings, allowed = text_findings("国家级非遗传承人亲手缝制，国家级品质", product="P1", field="description_zh",
                                      context=TextContext(allow=allow))
    assert [(f.rule, f.text) for f in findings] == [("absolute_term", "国家级")]   # the second one stays
    assert len(allowed) == 1 and allowed[0].reason.startswith("真实背景事实")


def test_allow_list_persists_per_workspace_and_needs_a_reason(workspace: Workspace) -> None:
    with pytest.raises(AllowListError):
        add_allowed(workspace, "1:1", "   ")
    entry = add_allowed(workspace, "1:1 配比", "a mixing ratio, not a copy", user="tester")
    assert entry.id is not None and entry.user == "tester"
    add_allowed(workspace, "1:1 配比", "a mixing ratio (updated)", user="tester")
    assert [(e.phrase, e.reason) for e in list_allowed(workspace)] == [("1:1 配比", "a mixing ratio (updated)")]
    with workspace.session() as session:
        session.add(Product(code="GLUE", name_zh="胶水", description_zh="1:1 配比，调和即用"))
    result = lint_workspace(workspace)
    assert result.findings == ()
    assert [a.finding.text for a in result.allowed] == ["1:1"]
    assert remove_allowed(workspace, "1:1 配比") and not remove_allowed(workspace, "1:1 配比")
    assert [f.rule for f in lint_workspace(workspace).findings] == ["borrowed_brand"]


# ---------------------------------------------------------------- products in a workspace


def test_evidence_linked_in_the_workspace_clears_only_that_product(workspace: Workspace) -> None:
    with workspace.session() as session:
        cert = Certificate(kind="test_report", name="SGS 抗菌性能测试报告", issuer="SGS", scope="GB/T 20944.3 抗菌")
        with_report = Product(code="A", name_zh="抗菌毛巾", brand="行者")
        without = Product(code="B", name_zh="抗菌浴巾", brand="行者")
        session.add_all([cert, with_report, without])
        session.flush()
        session.add(ProductCertificate(product_id=with_report.id, certificate_id=cert.id))
    findings = lint_workspace(workspace).findings
    assert [(f.product, f.field, f.rule, f.text) for f in findings] == [("B", "name_zh", "evidence.antibacterial",
                                                                         "抗菌")]
    assert [f.product for f in lint_workspace(workspace, ["A"]).findings] == []


def test_duplicate_and_invalid_gtins_are_errors(workspace: Workspace) -> None:
    with workspace.session() as session:
        first, second = Product(code="A", name_zh="甲"), Product(code="B", name_zh="乙")
        session.add_all([first, second])
        session.flush()
        session.add_all([Sku(product_id=first.id, code="A-1", gtin="6970548001002", cost=Decimal("1")),
                         Sku(product_id=second.id, code="B-1", gtin="6970548001002"),
                         Sku(product_id=second.id, code="B-2", gtin="6970548001003")])
    findings = {(f.product, f.field, f.rule) for f in lint_workspace(workspace).findings}
    assert findings == {("A", "skus.A-1.gtin", "gtin.duplicate"), ("B", "skus.B-1.gtin", "gtin.duplicate"),
                        ("B", "skus.B-2.gtin", "gtin.invalid")}


def test_findings_have_exactly_the_cli_fields_and_the_users_language() -> None:
    result = lint_product(product(description_zh="全网最佳"), rules=load_rules(), today=TODAY)
    [finding] = result.findings
    as_json = finding.to_json("zh_CN")
    assert set(as_json) == {"product", "field", "rule", "text", "severity", "message"}
    assert as_json["product"] == "P1" and as_json["field"] == "description_zh" and as_json["text"] == "最佳"
    assert "广告法" in as_json["message"]
    assert "Advertising-law" in finding.to_json("en")["message"]


def test_listing_fields_are_all_linted_with_their_names() -> None:
    result = lint_product(product(selling_points_en=("Fine wool", "Best seller in Europe"), materials="100% 羊绒"),
                          today=TODAY)
    fields = {(f.field, f.rule) for f in result.findings}
    assert ("selling_points_en[1]", "absolute_term") in fields
    assert ("materials", "evidence.hundred_percent") in fields


# ---------------------------------------------------------------- pixels


def picture(background: tuple[int, int, int], size: tuple[int, int] = (400, 400), product_box: float = 0.9,
            mode: str = "RGB") -> bytes:
    image = Image.new(mode, size, background if mode == "RGB" else (*background, 0))
    draw = ImageDraw.Draw(image)
    width, height = size
    margin_x, margin_y = width * (1 - product_box) / 2, height * (1 - product_box) / 2
    draw.rectangle((margin_x, margin_y, width - margin_x, height - margin_y), fill=(30, 60, 90, 255)[:len(mode)])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_white_background_is_measured_from_the_border_pixels() -> None:
    assert is_white_background(picture((255, 255, 255)))
    assert is_white_background(picture((251, 252, 250)))              # ≥ 250 in every channel
    assert not is_white_background(picture((249, 255, 255)))          # one channel under 250
    assert not is_white_background(picture((200, 210, 220)))          # a grey studio backdrop
    assert border_white_ratio(picture((255, 255, 255), product_box=1.0)) < 0.1   # the product touches the edges


def test_white_background_tolerates_a_little_and_no_more() -> None:
    def with_dark_border_share(share: float) -> bytes:
        image = Image.new("RGB", (1000, 1000), (255, 255, 255))
        ImageDraw.Draw(image).rectangle((0, 0, int(1000 * share * 4) - 1, 9), fill=(0, 0, 0))  # on the top band
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        return buffer.getvalue()

    assert is_white_background(with_dark_border_share(0.02))      # 98% white
    assert not is_white_background(with_dark_border_share(0.05))  # 95% white


def test_transparent_background_counts_as_white_and_fill_is_measured() -> None:
    assert is_white_background(picture((0, 0, 0), mode="RGBA"))
    assert fill_ratio(picture((255, 255, 255), product_box=0.9)) == pytest.approx(0.9, abs=0.01)
    assert fill_ratio(picture((255, 255, 255), product_box=0.5)) == pytest.approx(0.5, abs=0.01)
