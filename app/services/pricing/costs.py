"""Cost build-up per SKU and the fixed costs a product must earn back.

Per-unit costs are ex-VAT amounts in one currency. Fixed costs (moulds, tooling, brand set-up, photography,
annual platform fees) are recovered by contribution and drive break-even; refundable deposits are cash the
factory must find up front but gets back, so they are reported as a cash need and never enter break-even.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from app.models.bilingual import Bilingual
from app.services.kernel.money import is_known_currency, pricing_context

from .messages import ScenarioError
from .money import ZERO

if TYPE_CHECKING:  # a typeshed-only protocol: "any dataclass instance"
    from _typeshed import DataclassInstance

#: Chinese and English labels of every cost field, for tables and charts.
COST_LABELS: dict[str, tuple[str, str]] = {
    "materials": ("材料", "Materials"),
    "labour": ("人工", "Labour"),
    "overhead": ("制造费用", "Overhead"),
    "packaging": ("包装", "Packaging"),
    "inbound_freight": ("入仓运费", "Inbound freight"),
    "parcel": ("快递", "Parcel"),
    "duty": ("关税", "Duty"),
    "fulfilment": ("仓储履约", "Fulfilment"),
    "other": ("其他", "Other"),
    "mould": ("模具", "Mould"),
    "tooling": ("工装", "Tooling"),
    "brand_setup": ("品牌建设", "Brand set-up"),
    "photography": ("拍摄", "Photography"),
    "annual_platform_fees": ("平台年费", "Annual platform fees"),
    "deposits": ("保证金（可退）", "Refundable deposits"),
}


def _check_non_negative(obj: DataclassInstance) -> None:
    """Every Decimal field of a cost record must be zero or more."""
    for field in fields(obj):
        value = getattr(obj, field.name)
        if isinstance(value, Decimal) and not (value.is_finite() and value >= 0):
            zh, en = COST_LABELS.get(field.name, (field.name, field.name))
            raise ScenarioError(Bilingual(f"成本“{zh}”必须是非负金额", f"cost {en!r} must be a non-negative amount"))


@dataclass(frozen=True)
class CostBuildUp:
    """Per-unit costs of one SKU, ex-VAT, in `currency`."""

    currency: str
    materials: Decimal = ZERO
    labour: Decimal = ZERO
    overhead: Decimal = ZERO
    packaging: Decimal = ZERO
    inbound_freight: Decimal = ZERO
    parcel: Decimal = ZERO
    duty: Decimal = ZERO
    fulfilment: Decimal = ZERO
    other: Decimal = ZERO

    def __post_init__(self) -> None:
        if not is_known_currency(self.currency):
            raise ScenarioError(Bilingual(f"未知币种 {self.currency!r}", f"unknown currency {self.currency!r}"))
        _check_non_negative(self)

    @property
    def ex_factory(self) -> Decimal:
        """What making the product costs: materials + labour + overhead (the base of the traditional chain)."""
        with pricing_context():
            return self.materials + self.labour + self.overhead

    @property
    def total(self) -> Decimal:
        """All per-unit costs (C in the floor formula, before channel fees)."""
        with pricing_context():
            return sum(self.lines().values(), ZERO)

    def lines(self) -> dict[str, Decimal]:
        """The cost fields by name, in build-up order (for tables and the waterfall chart)."""
        return {name: getattr(self, name) for name in UNIT_COST_FIELDS}

    def with_ex_factory(self, cost: Decimal) -> CostBuildUp:
        """These costs with `cost` as the ex-factory cost: a SKU's cost already holds materials, labour and
        overhead, so it goes into `materials` and the other two are 0; the lines past the factory gate stay."""
        return replace(self, materials=cost, labour=ZERO, overhead=ZERO)


UNIT_COST_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CostBuildUp) if f.name != "currency")


@dataclass(frozen=True)
class FixedCosts:
    """One-off and annual costs to earn back, plus refundable deposits (cash needs, not costs)."""

    currency: str
    mould: Decimal = ZERO
    tooling: Decimal = ZERO
    brand_setup: Decimal = ZERO
    photography: Decimal = ZERO
    annual_platform_fees: Decimal = ZERO
    deposits: Decimal = ZERO

    def __post_init__(self) -> None:
        if not is_known_currency(self.currency):
            raise ScenarioError(Bilingual(f"未知币种 {self.currency!r}", f"unknown currency {self.currency!r}"))
        _check_non_negative(self)

    @property
    def total(self) -> Decimal:
        """Costs break-even must recover (deposits excluded: they come back)."""
        with pricing_context():
            return self.mould + self.tooling + self.brand_setup + self.photography + self.annual_platform_fees

    @property
    def cash_needed(self) -> Decimal:
        """Cash to find up front: every fixed cost plus refundable deposits."""
        with pricing_context():
            return self.total + self.deposits
