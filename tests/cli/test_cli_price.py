"""`python main.py price SCENARIO.json` exactly as pricing.md specifies: JSON on stdout, exit 2 with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SUITCASE = {
    "version": 1, "currency": "CNY",
    "costs": {"product": "100", "packaging": "5", "parcel": "6"},
    "fees_fixed": {},
    "fees_percent": {"commission": "0.05", "payment": "0.006", "points": "0.005", "ads": "0.10"},
    "returns": {"rate": "0.08", "loss_per_return": "20"},
    "vat": "0.13",
    "target": {"kind": "margin", "value": "0.20"},
    "discount": "0",
    "ending": {"style": "END_9", "avoid_digit_4": False},
    "fixed_costs": {"mould": "60000", "brand_setup": "40000"},
    "chain": {"base": "100", "layers": [{"name": "品牌方", "margin": "0.50"}, {"name": "全国总代", "margin": "0.15"},
                                        {"name": "区域批发", "margin": "0.15"}, {"name": "零售", "margin": "0.45"}]},
}


def price(tmp_path: Path, scenario: object, *extra: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario, ensure_ascii=False) if not isinstance(scenario, str) else scenario,
                    encoding="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *extra, "price", str(path)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "LANG": "en_US.UTF-8"})


def test_the_suitcase_scenario_prints_the_spec_result(tmp_path: Path) -> None:
    result = price(tmp_path, SUITCASE)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    expected = {"currency": "CNY", "floor_price": "206.12", "list_price": None, "price": "209.00",
                "paid_price": "209.00", "margin_on_net": "0.2085", "contribution": "38.57",
                "break_even_units": 2593, "chain_price": "503.30", "ratio_to_chain": "0.4153", "warnings": []}
    assert {key: out[key] for key in expected} == expected


def test_without_a_chain_there_are_no_chain_keys(tmp_path: Path) -> None:
    scenario = {k: v for k, v in SUITCASE.items() if k != "chain"}
    out = json.loads(price(tmp_path, scenario).stdout)
    assert "chain_price" not in out and "ratio_to_chain" not in out


def test_an_infeasible_target_exits_2_with_one_line_naming_the_cause(tmp_path: Path) -> None:
    result = price(tmp_path, {**SUITCASE, "target": {"kind": "margin", "value": "0.90"}})
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "margin" in result.stderr.lower()


def test_an_invalid_scenario_exits_2(tmp_path: Path) -> None:
    for broken in ('{"version": 1', {**SUITCASE, "version": 2}, {**SUITCASE, "costs": {"product": "-5"}},
                   {**SUITCASE, "costs": {"product": "NaN"}}, {k: v for k, v in SUITCASE.items() if k != "target"}):
        result = price(tmp_path, broken)
        assert result.returncode == 2, (broken, result.stdout)
        assert len(result.stderr.strip().splitlines()) == 1


def test_messages_in_chinese_with_lang(tmp_path: Path) -> None:
    result = price(tmp_path, {**SUITCASE, "target": {"kind": "margin", "value": "0.90"}}, "--lang", "zh_CN")
    assert result.returncode == 2
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)


def test_a_200_layer_chain_exits_2_with_one_line_naming_the_limit(tmp_path: Path) -> None:
    layers = [{"name": f"层{i}", "margin": "0.50"} for i in range(200)]
    result = price(tmp_path, {**SUITCASE, "chain": {"base": "100", "layers": layers}})
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "at most 20 layers" in result.stderr and "200" in result.stderr


def test_a_chain_whose_price_outgrows_any_real_price_exits_2_naming_the_layer(tmp_path: Path) -> None:
    layers = [{"name": f"L{i}", "margin": "0.999"} for i in range(15)]  # within the layer limit, 10^45 × base
    result = price(tmp_path, {**SUITCASE, "chain": {"base": "100", "layers": layers}})
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "'L6'" in result.stderr
