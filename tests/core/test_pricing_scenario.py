"""Scenario files exactly as in pricing.md: result shape, validation, files, round trip."""

from __future__ import annotations

import copy
import json
import math
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from app.services.pricing import (
    InfeasibleTarget,
    ScenarioError,
    load_scenario,
    price_scenario,
    price_scenario_file,
    save_scenario_text,
    scenario_to_dict,
)

# the scenario of pricing.md, verbatim
SUITCASE: dict[str, Any] = json.loads("""
{
  "version": 1,
  "currency": "CNY",
  "costs": {"product": "100", "packaging": "5", "parcel": "6"},
  "fees_fixed": {},
  "fees_percent": {"commission": "0.05", "payment": "0.006", "points": "0.005", "ads": "0.10"},
  "returns": {"rate": "0.08", "loss_per_return": "20"},
  "vat": "0.13",
  "target": {"kind": "margin", "value": "0.20"},
  "discount": "0",
  "ending": {"style": "END_9", "avoid_digit_4": false},
  "fixed_costs": {"mould": "60000", "brand_setup": "40000"},
  "chain": {"base": "100", "layers": [{"name": "品牌方", "margin": "0.50"}, {"name": "全国总代", "margin": "0.15"},
            {"name": "区域批发", "margin": "0.15"}, {"name": "零售", "margin": "0.45"}]}
}
""")


def scenario(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SUITCASE)
    data.update(changes)
    return data


def test_suitcase_result_exactly_as_specified() -> None:
    result = price_scenario(SUITCASE)
    # markup_on_cost = 38.5676 / (111 + 0.08/0.92 × 20 = 112.7391) = 0.34209…
    assert result == {
        "currency": "CNY", "floor_price": "206.12", "list_price": None, "price": "209.00",
        "paid_price": "209.00", "margin_on_net": "0.2085", "markup_on_cost": "0.3421", "contribution": "38.57",
        "break_even_units": 2593, "chain_price": "503.30", "ratio_to_chain": "0.4153", "warnings": [],
    }
    assert list(result) == ["currency", "floor_price", "list_price", "price", "paid_price", "margin_on_net",
                            "markup_on_cost", "contribution", "break_even_units", "chain_price", "ratio_to_chain",
                            "warnings"]


def test_result_is_json_serialisable() -> None:
    assert json.loads(json.dumps(price_scenario(SUITCASE))) == price_scenario(SUITCASE)


def test_chain_keys_appear_only_with_a_chain() -> None:
    data = scenario()
    del data["chain"]
    result = price_scenario(data)
    assert "chain_price" not in result and "ratio_to_chain" not in result


def test_only_required_keys() -> None:
    minimal = {
        "version": 1, "currency": "CNY", "costs": {"product": "100"}, "target": {"kind": "margin", "value": "0.30"}
    }
    result = price_scenario(minimal)
    assert result["floor_price"] == "142.86" and result["price"] == "142.86"  # example 1
    assert result["break_even_units"] == 0  # no fixed costs to earn back


def test_example1_markup_through_a_scenario() -> None:
    data = {"version": 1, "currency": "CNY", "costs": {"product": "100"}, "target": {"kind": "markup", "value": "0.30"}}
    result = price_scenario(data)
    assert result["price"] == "130.00" and result["margin_on_net"] == "0.2308" and result["markup_on_cost"] == "0.3000"


def test_example4_coupon_through_a_scenario() -> None:
    result = price_scenario(scenario(discount="0.15"))
    assert result["list_price"] == "242.49" and result["price"] == "249.00" and result["paid_price"] == "211.65"


def test_fixed_price_target() -> None:
    result = price_scenario(scenario(target={"kind": "price", "value": "199"}))
    assert result["price"] == "199.00" and result["floor_price"] == "155.73"  # 112.7391 / (1/1.13 − 0.161)


def test_jpy_has_no_decimals() -> None:
    data = {"version": 1, "currency": "JPY", "costs": {"product": "1000"}, "target": {"kind": "margin", "value": "0.3"}}
    assert price_scenario(data)["price"] == "1429"  # 1000 / 0.7 = 1428.57 → up


def test_infeasible_is_a_scenario_error() -> None:
    data = scenario(fees_percent={"commission": "0.05", "ads": "0.40"}, target={"kind": "margin", "value": "0.60"})
    with pytest.raises(InfeasibleTarget) as info:
        price_scenario(data)
    assert isinstance(info.value, ScenarioError)
    assert "ads 40%" in info.value.message.en and "广告 40%" in info.value.message.zh
    assert "\n" not in info.value.message.en


def test_warnings_follow_the_language() -> None:
    data = scenario(target={"kind": "price", "value": "100"})
    assert "按此售价" in price_scenario(data, "zh_CN")["warnings"][0]
    assert "At this price" in price_scenario(data, "en")["warnings"][0]


def test_amount_forms_accepted() -> None:
    data = scenario(costs={"product": 100, "packaging": "５", "parcel": "¥6.00"}, vat=0.13, fees_percent={
        "commission": "5%", "payment": 0.006, "points": D("0.005"), "ads": "0.10"})
    assert price_scenario(data) == price_scenario(SUITCASE)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"version": 2}, "version"),
        ({"version": True}, "version"),
        ({"version": "1"}, "version"),
        ({"currency": "XYZ"}, "currency"),
        ({"costs": {"product": "-100"}}, "costs.product"),
        ({"costs": {"product": "NaN"}}, "costs.product"),
        ({"costs": {"product": math.nan}}, "costs.product"),
        ({"costs": {"product": "Infinity"}}, "costs.product"),
        ({"costs": {"product": "1e400"}}, "costs.product"),
        ({"costs": {"product": "abc"}}, "costs.product"),
        ({"costs": {"product": True}}, "costs.product"),
        ({"costs": ["100"]}, "costs"),
        ({"fees_percent": {"commission": "5"}}, "fees_percent.commission"),
        ({"vat": "1.13"}, "vat"),
        ({"discount": "1"}, "discount"),
        ({"returns": {"rate": "1"}}, "returns.rate"),
        ({"target": {"kind": "margin", "value": "1"}}, "target.value"),
        ({"target": {"kind": "profit", "value": "0.2"}}, "target.kind"),
        ({"target": {"kind": "price", "value": "0"}}, "target.value"),
        ({"target": {"kind": "margin"}}, "target"),
        ({"ending": {"style": "END_7"}}, "ending.style"),
        ({"ending": {"style": "END_9", "avoid_digit_4": "yes"}}, "avoid_digit_4"),
        ({"chain": {"base": "100", "layers": [{"name": "x", "margin": "0.6", "rebate": "0.4"}]}}, "chain.layers[0]"),
        ({"chain": {"layers": []}}, "chain"),
        ({"chain": {"base": "100", "layers": [{"margin": "0.5"}]}}, "chain.layers[0].name"),
        ({"fee_percent": {}}, "fee_percent"),
    ],
)
def test_invalid_scenarios_name_the_problem(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(scenario(**changes))
    assert words in info.value.message.en and words in info.value.message.zh
    assert "\n" not in info.value.message.en and "\n" not in info.value.message.zh


@pytest.mark.parametrize("key", ["version", "currency", "costs", "target"])
def test_required_keys(key: str) -> None:
    data = scenario()
    del data[key]
    with pytest.raises(ScenarioError, match=key):
        load_scenario(data)


def test_not_an_object() -> None:
    with pytest.raises(ScenarioError):
        load_scenario([1, 2])


def test_round_trip() -> None:
    loaded = load_scenario(scenario(discount="0.15", chain={"base": "100", "layers": [
        {"name": "零售", "name_en": "Retail", "margin": "0.4", "rebate": "0.02", "loss": "0.01"}]}))
    again = load_scenario(json.loads(save_scenario_text(loaded)))
    assert again == loaded
    assert scenario_to_dict(again) == scenario_to_dict(loaded)


# ---------------------------------------------------------------- files


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "s.json"
    path.write_bytes(content)
    return path


def test_file_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(SUITCASE, ensure_ascii=False).encode("utf-8"))
    assert price_scenario_file(path)["price"] == "209.00"


def test_json_numbers_are_read_exactly(tmp_path: Path) -> None:
    text = json.dumps(SUITCASE).replace('"0.006"', "0.006").replace('"100"', "100")
    assert price_scenario_file(write(tmp_path, text.encode()))["price"] == "209.00"


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"\xff\xfe\x00garbage", b'{"version": 1, "currency": "CNY", "costs": {"p": NaN}}', b"[]"],
)
def test_bad_files_raise_one_line_errors(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(ScenarioError) as info:
        price_scenario_file(write(tmp_path, content))
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        price_scenario_file(tmp_path / "nope.json")
