"""Weights and sizes in a shop's units: the catalogue keeps grams and millimetres, a WooCommerce shop is set to
kg, g, lbs or oz (`woocommerce_weight_unit`) and m, cm, mm, in or yd (`woocommerce_dimension_unit`), and stores
whatever number it is given in that unit — a 3.2 kg case written as "3.2" into a lbs shop weighs 3.2 lbs.

Conversions are exact (1 lb = 453.59237 g and 1 in = 25.4 mm by definition, 1 oz = 1/16 lb = 28.349523125 g,
1 yd = 914.4 mm) and then rounded half-up to a unit-sized step: to the gram in kg and g, to about half a gram in
lbs (0.001 lb) and a third of a gram in oz (0.01 oz), to the millimetre in mm and cm (0.1 cm), to a tenth of a
millimetre or so in m, in and yd. The same table and rounding as the push (`shops.woocommerce.PLACES`), so the
pack's CSV and a later push write the same number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: Grams in one unit of each weight unit WooCommerce offers (exact).
GRAMS_PER: dict[str, Decimal] = {
    "kg": Decimal(1000), "g": Decimal(1), "lbs": Decimal("453.59237"), "oz": Decimal("28.349523125"),
}
#: Millimetres in one unit of each length unit WooCommerce offers (exact).
MM_PER: dict[str, Decimal] = {
    "m": Decimal(1000), "cm": Decimal(10), "mm": Decimal(1), "in": Decimal("25.4"), "yd": Decimal("914.4"),
}
#: Decimal places kept in each unit.
PLACES: dict[str, int] = {"kg": 3, "g": 0, "lbs": 3, "oz": 2, "m": 4, "cm": 1, "mm": 0, "in": 2, "yd": 4}
WEIGHT_UNITS: tuple[str, ...] = tuple(GRAMS_PER)
DIMENSION_UNITS: tuple[str, ...] = ("cm", "m", "mm", "in", "yd")


def weight_in(grams: int, unit: str) -> Decimal:
    """`grams` in `unit` (one of `WEIGHT_UNITS`), rounded half-up to the unit's places, without trailing zeros."""
    return _rounded(Decimal(grams) / GRAMS_PER[unit], PLACES[unit])


def length_in(mm: int, unit: str) -> Decimal:
    """`mm` millimetres in `unit` (one of `DIMENSION_UNITS`), rounded like `weight_in`."""
    return _rounded(Decimal(mm) / MM_PER[unit], PLACES[unit])


def _rounded(value: Decimal, places: int) -> Decimal:
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return Decimal(0) if rounded == 0 else rounded.normalize()
