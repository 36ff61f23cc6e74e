"""Scenario files (the JSON of `pricing.md`) and the `price` command's entry points.

`load_scenario` validates a parsed JSON object into a frozen `Scenario` and refuses anything doubtful with a
one-line `ScenarioError` naming the key; `price_scenario` prices it and returns the result dict exactly as
specified; `scenario_to_dict` writes a scenario back (loading it again gives an equal scenario).

Amounts may be JSON strings (parsed like user input: '¥1,234.50', full-width digits), integers or numbers;
numbers become Decimal through their text, never through float arithmetic. Rates may also be written '5%'.
Percentage fees are charged on the paid price; `fees_fixed` are per-unit amounts added to C. Fixed costs whose
key mentions "deposit" (or 保证金) are refundable deposits: cash needs, left out of break-even.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.models.bilingual import Bilingual
from app.services.kernel.money import is_known_currency, pricing_context

from .chain import ChainLayer, ChainSpec, check_layer_count
from .endings import Ending, EndingStyle
from .engine import FeeBasis, FeeRule, PricingInput, Returns, price
from .messages import InvalidAmount, ScenarioError
from .money import ONE, ZERO, to_decimal, to_rate
from .result import PriceResult, Target, TargetKind, result_to_dict

SCENARIO_VERSION = 1

_TOP_KEYS = frozenset(
    {"version", "currency", "costs", "fees_fixed", "fees_percent", "returns", "vat", "target", "discount",
     "ending", "fixed_costs", "chain"}
)
_REQUIRED = ("version", "currency", "costs", "target")

#: Chinese names for the usual fee keys (other keys are shown as written).
FEE_NAMES_ZH: dict[str, str] = {
    "commission": "佣金",
    "payment": "支付手续费",
    "points": "积分",
    "ads": "广告",
    "referral": "销售佣金",
    "transaction": "交易服务费",
    "affiliate": "达人佣金",
    "technical_service": "技术服务费",
}

Named = tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: named cost and fee amounts, target, and optional discount, ending, chain."""

    currency: str
    costs: Named
    target: Target
    fees_fixed: Named = ()
    fees_percent: Named = ()
    returns: Returns = Returns()
    vat: Decimal = ZERO
    discount: Decimal = ZERO
    ending: Ending = Ending()
    fixed_costs: Named = ()
    chain: ChainSpec | None = None
    version: int = SCENARIO_VERSION


# ---------------------------------------------------------------- validation helpers


def _fail(en: str, zh: str) -> ScenarioError:
    return ScenarioError(Bilingual(zh, en))


def _object(value: object, where: str, keys: frozenset[str] | None = None) -> Mapping[str, Any]:
    """`value` as a JSON object, refusing other types and (when `keys` is given) unknown keys."""
    if not isinstance(value, dict):
        raise _fail(f"{where} must be a JSON object", f"{where} 必须是 JSON 对象")
    if keys is not None:
        unknown = sorted(set(value) - keys)
        if unknown:
            raise _fail(f"{where}: unknown key {unknown[0]!r}", f"{where}：未知字段 {unknown[0]!r}")
    return value


def _number(value: object, where: str, convert: Callable[[object], Decimal]) -> Decimal:
    try:
        return convert(value)
    except InvalidAmount as exc:
        raise _fail(f"{where}: {exc.message.en}", f"{where}：{exc.message.zh}") from exc


def _amount(value: object, where: str) -> Decimal:
    """A non-negative amount."""
    return _number(value, where, to_decimal)


def _fraction(value: object, where: str) -> Decimal:
    """A rate in [0, 1)."""
    rate = _number(value, where, to_rate)
    if rate >= ONE:
        raise _fail(
            f"{where}: must be a fraction below 1 (0.05 = 5%), got {rate}",
            f"{where}：必须是小于 1 的小数（0.05 即 5%），实际为 {rate}",
        )
    return rate


def _named(value: object, where: str, convert: Callable[[object, str], Decimal]) -> Named:
    """An object of name → amount (or rate), order kept."""
    items = _object(value, where)
    return tuple((str(name), convert(raw, f"{where}.{name}")) for name, raw in items.items())


def _string(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{where} must be a non-empty string", f"{where} 必须是非空字符串")
    return value


# ---------------------------------------------------------------- sections


def _version(value: object) -> int:
    if isinstance(value, bool) or value != SCENARIO_VERSION or not isinstance(value, int):
        raise _fail(
            f"version must be {SCENARIO_VERSION}, got {value!r}", f"version 必须为 {SCENARIO_VERSION}，实际为 {value!r}"
        )
    return SCENARIO_VERSION


def _currency(value: object) -> str:
    if not isinstance(value, str) or not is_known_currency(value):
        raise _fail(f"currency: unknown currency {value!r}", f"currency：未知币种 {value!r}")
    return value


def _target(value: object) -> Target:
    data = _object(value, "target", frozenset({"kind", "value"}))
    if "kind" not in data or "value" not in data:
        raise _fail("target needs 'kind' and 'value'", "target 需要 kind 和 value")
    kinds = {k.value: k for k in TargetKind}
    if data["kind"] not in kinds:
        raise _fail(f"target.kind must be margin, markup or price, got {data['kind']!r}",
                    f"target.kind 必须是 margin、markup 或 price，实际为 {data['kind']!r}")
    kind = kinds[data["kind"]]
    if kind is TargetKind.MARGIN:
        return Target(kind, _fraction(data["value"], "target.value"))
    if kind is TargetKind.MARKUP:
        return Target(kind, _number(data["value"], "target.value", to_rate))
    amount = _amount(data["value"], "target.value")
    if amount <= 0:
        raise _fail("target.value: a price must be above 0", "target.value：价格必须大于 0")
    return Target(kind, amount)


def _returns(value: object) -> Returns:
    data = _object(value, "returns", frozenset({"rate", "loss_per_return"}))
    rate = _fraction(data.get("rate", 0), "returns.rate")
    return Returns(rate, _amount(data.get("loss_per_return", 0), "returns.loss_per_return"))


def _ending(value: object) -> Ending:
    data = _object(value, "ending", frozenset({"style", "avoid_digit_4"}))
    styles = {s.value: s for s in EndingStyle}
    style = data.get("style", "NONE")
    if style not in styles:
        raise _fail(f"ending.style must be one of {', '.join(styles)}, got {style!r}",
                    f"ending.style 必须是 {', '.join(styles)} 之一，实际为 {style!r}")
    avoid = data.get("avoid_digit_4", False)
    if not isinstance(avoid, bool):
        raise _fail("ending.avoid_digit_4 must be true or false", "ending.avoid_digit_4 必须是 true 或 false")
    return Ending(styles[style], avoid)


def _layer(value: object, where: str) -> ChainLayer:
    data = _object(value, where, frozenset({"name", "name_en", "margin", "rebate", "loss"}))
    if "margin" not in data:
        raise _fail(f"{where} needs a 'margin'", f"{where} 需要 margin")
    name = _string(data.get("name", ""), f"{where}.name")
    name_en = _string(data["name_en"], f"{where}.name_en") if "name_en" in data else name
    layer = ChainLayer(
        name, name_en,
        _fraction(data["margin"], f"{where}.margin"),
        _fraction(data.get("rebate", 0), f"{where}.rebate"),
        _fraction(data.get("loss", 0), f"{where}.loss"),
    )
    if layer.effective_margin >= ONE:
        raise _fail(f"{where}: margin + rebate + loss must be below 1", f"{where}：毛利＋返点＋损耗必须小于 1")
    return layer


def _chain(value: object) -> ChainSpec:
    data = _object(value, "chain", frozenset({"base", "layers"}))
    if "base" not in data:
        raise _fail("chain needs a 'base' (ex-factory price)", "chain 需要 base（出厂价）")
    base = _amount(data["base"], "chain.base")
    if base <= 0:
        raise _fail("chain.base must be above 0", "chain.base 必须大于 0")
    layers = data.get("layers", [])
    if not isinstance(layers, list):
        raise _fail("chain.layers must be a list", "chain.layers 必须是数组")
    check_layer_count(len(layers))
    return ChainSpec(base, tuple(_layer(item, f"chain.layers[{i}]") for i, item in enumerate(layers)))


# ---------------------------------------------------------------- public API


def load_scenario(data: object) -> Scenario:
    """Validate a parsed scenario JSON object; raises `ScenarioError` with a one-line reason."""
    top = _object(data, "scenario", _TOP_KEYS)
    missing = [key for key in _REQUIRED if key not in top]
    if missing:
        raise _fail(f"scenario is missing {missing[0]!r}", f"方案缺少字段 {missing[0]!r}")
    version = _version(top["version"])
    return Scenario(
        currency=_currency(top["currency"]),
        costs=_named(top["costs"], "costs", _amount),
        target=_target(top["target"]),
        fees_fixed=_named(top.get("fees_fixed", {}), "fees_fixed", _amount),
        fees_percent=_named(top.get("fees_percent", {}), "fees_percent", _fraction),
        returns=_returns(top.get("returns", {})),
        vat=_fraction(top.get("vat", 0), "vat"),
        discount=_fraction(top.get("discount", 0), "discount"),
        ending=_ending(top.get("ending", {})),
        fixed_costs=_named(top.get("fixed_costs", {}), "fixed_costs", _amount),
        chain=_chain(top["chain"]) if "chain" in top else None,
        version=version,
    )


def is_deposit(name: str) -> bool:
    """Fixed-cost keys naming refundable deposits (cash needs, not costs)."""
    return "deposit" in name.lower() or "保证金" in name


def _fee_rules(scenario: Scenario) -> tuple[FeeRule, ...]:
    percent = tuple(
        FeeRule(FEE_NAMES_ZH.get(name, name), name, FeeBasis.PERCENT_OF_PAID, rate=rate)
        for name, rate in scenario.fees_percent
    )
    fixed = tuple(
        FeeRule(FEE_NAMES_ZH.get(name, name), name, FeeBasis.PER_UNIT, amount=amount)
        for name, amount in scenario.fees_fixed
    )
    return percent + fixed


def scenario_input(scenario: Scenario) -> PricingInput:
    """The engine input for a scenario (percent fees on the paid price, fixed fees per unit)."""
    with pricing_context():
        unit_cost = sum((amount for _, amount in scenario.costs), ZERO)
        fixed = sum((amount for name, amount in scenario.fixed_costs if not is_deposit(name)), ZERO)
    return PricingInput(
        currency=scenario.currency,
        unit_cost=unit_cost,
        target=scenario.target,
        fees=_fee_rules(scenario),
        returns=scenario.returns,
        vat=scenario.vat,
        discount=scenario.discount,
        ending=scenario.ending,
        fixed_costs=fixed,
        chain=scenario.chain,
    )


def price_loaded(scenario: Scenario) -> PriceResult:
    """Price a validated scenario (raises `InfeasibleTarget` when no price works)."""
    return price(scenario_input(scenario))


def price_scenario(data: object, lang: str = "en") -> dict[str, Any]:
    """Validate and price a scenario JSON object; the result dict exactly as in `pricing.md`.

    Raises `ScenarioError` (invalid) or its subclass `InfeasibleTarget` (no price works).
    """
    return result_to_dict(price_loaded(load_scenario(data)), lang)


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number")


def read_scenario_file(path: str | Path) -> object:
    """Read a scenario file as JSON (UTF-8, BOM tolerated; numbers kept exact as Decimal)."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise _fail(f"cannot read {path}: {exc.strerror or exc}", f"无法读取 {path}：{exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise _fail(f"{path} is not UTF-8 text", f"{path} 不是 UTF-8 文本") from exc
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise _fail(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
                    f"{path}：JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}") from exc
    except (ValueError, RecursionError) as exc:
        raise _fail(f"{path}: invalid JSON: {exc}", f"{path}：JSON 无效：{exc}") from exc


def load_scenario_file(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    return load_scenario(read_scenario_file(path))


def price_scenario_file(path: str | Path, lang: str = "en") -> dict[str, Any]:
    """Read, validate and price a scenario file (what `python main.py price FILE` prints)."""
    return price_scenario(read_scenario_file(path), lang)


# ---------------------------------------------------------------- saving


def _text(value: Decimal) -> str:
    """Exact plain text for a Decimal (no exponent)."""
    return f"{value:f}"


def _layer_dict(layer: ChainLayer) -> dict[str, str]:
    out = {"name": layer.name_zh}
    if layer.name_en != layer.name_zh:
        out["name_en"] = layer.name_en
    out["margin"] = _text(layer.margin)
    if layer.rebate:
        out["rebate"] = _text(layer.rebate)
    if layer.loss:
        out["loss"] = _text(layer.loss)
    return out


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as a JSON-ready dict (amounts as exact strings); `load_scenario` gives it back equal."""
    out: dict[str, Any] = {
        "version": scenario.version,
        "currency": scenario.currency,
        "costs": {name: _text(v) for name, v in scenario.costs},
        "fees_fixed": {name: _text(v) for name, v in scenario.fees_fixed},
        "fees_percent": {name: _text(v) for name, v in scenario.fees_percent},
        "returns": {"rate": _text(scenario.returns.rate), "loss_per_return": _text(scenario.returns.loss_per_return)},
        "vat": _text(scenario.vat),
        "target": {"kind": scenario.target.kind.value, "value": _text(scenario.target.value)},
        "discount": _text(scenario.discount),
        "ending": {"style": scenario.ending.style.value, "avoid_digit_4": scenario.ending.avoid_digit_4},
        "fixed_costs": {name: _text(v) for name, v in scenario.fixed_costs},
    }
    if scenario.chain is not None:
        out["chain"] = {"base": _text(scenario.chain.base), "layers": [_layer_dict(x) for x in scenario.chain.layers]}
    return out


def save_scenario_text(scenario: Scenario) -> str:
    """The scenario as pretty UTF-8 JSON text (Chinese kept readable)."""
    return json.dumps(scenario_to_dict(scenario), ensure_ascii=False, indent=2) + "\n"
