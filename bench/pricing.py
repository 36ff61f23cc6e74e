"""Benchmark: price N SKUs (default 100,000) on the 10 default channels and report time per scenario.

Costs are generated deterministically (no randomness), so runs are comparable. The "floor" is a bare
Decimal multiply-add loop of the same count in the same 50-digit context, measured in the same run: the
ratio says how much the engine's work (fee rules, endings, FX, break-even, chain) costs over raw arithmetic.

    python bench/pricing.py [--skus N]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services.pricing import (
    ChainSpec,
    CostBuildUp,
    FixedCosts,
    ProductPlan,
    Returns,
    Target,
    TargetKind,
    default_layers,
    fx_table,
    load_profiles,
    price_many,
    pricing_context,
)

LAYERS = default_layers()
TARGET = Target(TargetKind.MARGIN, Decimal("0.25"))
RETURNS = Returns(Decimal("0.06"), Decimal("15"))
FX = fx_table([(date(2026, 1, 1), "USD", "CNY", Decimal("7.10")), (date(2026, 7, 1), "USD", "CNY", Decimal("7.20"))])


def cents(n: int) -> Decimal:
    """An amount of `n` fen as an exact Decimal."""
    return Decimal(n).scaleb(-2)


def make_plan(i: int) -> ProductPlan:
    """A deterministic SKU: costs spread over ¥5–¥505 from simple modular sequences."""
    materials = 500 + (i * 7919) % 40000
    labour = 100 + (i * 104729) % 6000
    costs = CostBuildUp(
        "CNY",
        materials=cents(materials),
        labour=cents(labour),
        overhead=cents((materials + labour) // 10),
        packaging=cents(100 + i % 900),
        parcel=cents(400 + (i * 31) % 800),
    )
    fixed = FixedCosts("CNY", mould=cents(100 * (i % 50_000)), photography=cents(300_000))
    return ProductPlan(costs, TARGET, fixed, RETURNS, chain=ChainSpec(costs.ex_factory, LAYERS))


def floor_loop(count: int) -> float:
    """Seconds for `count` bare Decimal multiply-adds (the arithmetic floor)."""
    x, y = Decimal("1.13"), Decimal("0.161")
    acc = Decimal("206.1175")
    start = time.perf_counter()
    with pricing_context():
        for i in range(count):
            acc = acc * x + y if i % 2 else acc / x - y
    return time.perf_counter() - start


def formula_loop(plans: list[ProductPlan], channels: int) -> float:
    """Seconds for the bare closed-form floor P = (C + RA) / ((1 − m)/(1 + v) − Σf), rounded, per scenario:
    what pricing would cost with no fee rules, endings, FX, break-even or chain (a second, higher floor)."""
    m, v, fees = Decimal("0.25"), Decimal("0.13"), Decimal("0.061")
    r, loss = RETURNS.rate, RETURNS.loss_per_return
    cent = Decimal("0.01")
    start = time.perf_counter()
    with pricing_context():
        for plan in plans:
            for _ in range(channels):
                c_ra = plan.costs.total + r / (1 - r) * loss
                (c_ra / ((1 - m) / (1 + v) - fees)).quantize(cent)
    return time.perf_counter() - start


def progress(done: int, total: int) -> None:
    if done % max(1, total // 10) == 0 or done == total:
        print(f"  {done:,}/{total:,} SKUs", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=100_000, help="number of SKUs (default 100,000)")
    args = parser.parse_args(argv)
    profiles = load_profiles()
    plans = [make_plan(i) for i in range(args.skus)]
    start = time.perf_counter()
    outcomes = price_many(plans, profiles, FX, date(2026, 11, 25), progress=progress)
    elapsed = time.perf_counter() - start
    scenarios = sum(len(row) for row in outcomes)
    failed = sum(1 for row in outcomes for o in row if o.result is None)
    floor = floor_loop(scenarios)
    formula = formula_loop(plans, len(profiles))
    per = elapsed / scenarios * 1e6
    floor_per = floor / scenarios * 1e6
    formula_per = formula / scenarios * 1e6
    print(f"SKUs x channels : {args.skus:,} x {len(profiles)} = {scenarios:,} scenarios ({failed:,} infeasible)")
    print(f"total time      : {elapsed:.2f} s")
    print(f"per scenario    : {per:.1f} us")
    print(f"floor (Decimal multiply-add, same count): {floor:.3f} s = {floor_per:.3f} us each")
    print(f"ratio engine / floor: {per / floor_per:.0f}x")
    print(f"bare floor formula per scenario (same count): {formula:.3f} s = {formula_per:.2f} us each; "
          f"ratio engine / formula: {per / formula_per:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
