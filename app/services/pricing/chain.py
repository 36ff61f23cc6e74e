"""The traditional distribution chain: what a consumer pays after every layer takes its points.

Each layer sells at a gross margin on its own selling price (the trade quotes 扣点/点位 that way), so
`out = in / (1 − margin − rebate − loss)`. Prices are carried at full precision through all layers and
rounded once at the end; the per-layer prices shown are rounded for display only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from app.models.bilingual import Bilingual
from app.services.kernel.money import pricing_context, quantize_money

from .messages import ScenarioError
from .money import MAX_AMOUNT, ONE

#: Most reseller layers a chain may have: the trade has four to six; more is a typing or file accident
#: (200 layers at 50% would make a price no number format can hold).
MAX_LAYERS = 20


@dataclass(frozen=True)
class ChainLayer:
    """One reseller layer: its margin on its selling price, plus rebate (返点) and loss (损耗) points."""

    name_zh: str
    name_en: str
    margin: Decimal
    rebate: Decimal = Decimal(0)
    loss: Decimal = Decimal(0)
    is_assumption: bool = False

    @property
    def effective_margin(self) -> Decimal:
        """Everything the layer keeps from its selling price: margin + rebate + loss."""
        with pricing_context():
            return self.margin + self.rebate + self.loss


@dataclass(frozen=True)
class ChainSpec:
    """The ex-factory price entering the chain and the layers it passes through, in order."""

    base: Decimal
    layers: tuple[ChainLayer, ...]


@dataclass(frozen=True)
class ChainStep:
    """A layer's selling price: exact, and rounded for display."""

    layer: ChainLayer
    exact_price: Decimal
    price: Decimal


@dataclass(frozen=True)
class ChainResult:
    """Every layer's price and the consumer price (rounded once) with its multiple of the base."""

    currency: str
    base: Decimal
    steps: tuple[ChainStep, ...]
    exact_price: Decimal
    price: Decimal
    multiple: Decimal
    #: What of the consumer price reaches the base: Π(1 − margin) over the layers, exact (products of the
    #: margins' few digits). The consumer price is base ÷ keep, and a ratio to it is worked out with one
    #: division from this, so an exact tie stays a tie.
    keep: Decimal = Decimal(1)

    @property
    def multiple_text(self) -> str:
        """The multiple of the ex-factory price with two decimals, e.g. '6.15'."""
        with pricing_context():
            return f"{self.multiple.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


def default_layers() -> tuple[ChainLayer, ...]:
    """Editable default layers (assumptions, labelled as such): brand 50%, national 15%, regional 15%, retail 45%."""
    return (
        ChainLayer("品牌方", "Brand owner", Decimal("0.50"), is_assumption=True),
        ChainLayer("全国总代", "National distributor", Decimal("0.15"), is_assumption=True),
        ChainLayer("区域批发", "Regional wholesaler", Decimal("0.15"), is_assumption=True),
        ChainLayer("零售", "Retailer", Decimal("0.45"), is_assumption=True),
    )


def validate_layer(layer: ChainLayer) -> None:
    """Reject negative points and layers keeping 100% or more of their selling price."""
    if min(layer.margin, layer.rebate, layer.loss) < 0:
        raise ScenarioError(Bilingual(f"渠道层级“{layer.name_zh}”：毛利、返点和损耗不能为负数",
                                      f"chain layer {layer.name_en!r}: margin, rebate and loss must not be negative"))
    if layer.effective_margin >= ONE:
        raise ScenarioError(Bilingual(f"渠道层级“{layer.name_zh}”：毛利＋返点＋损耗必须低于 100%",
                                      f"chain layer {layer.name_en!r}: margin + rebate + loss must be below 100%"))


def check_layer_count(count: int) -> None:
    """Refuse a chain of more than `MAX_LAYERS` layers with a one-line bilingual reason."""
    if count > MAX_LAYERS:
        raise ScenarioError(Bilingual(f"传统渠道最多 {MAX_LAYERS} 层，此处有 {count} 层",
                                      f"a traditional chain has at most {MAX_LAYERS} layers, this one has {count}"))


@lru_cache(maxsize=1024)
def chain_price(spec: ChainSpec, currency: str) -> ChainResult:
    """Walk the base price through every layer at full precision; round each shown price independently.

    Cached: the same chain is compared against every channel of a product.
    """
    if spec.base < 0:
        raise ScenarioError(Bilingual("渠道起始价格不能为负数", "chain base price must not be negative"))
    check_layer_count(len(spec.layers))
    steps: list[ChainStep] = []
    with pricing_context():
        current, keep = spec.base, ONE
        for layer in spec.layers:
            validate_layer(layer)
            keep *= ONE - layer.effective_margin
            current = spec.base / keep   # one division from exact figures: a price that is exactly a tie stays one
            if current > MAX_AMOUNT:  # a few 99% layers: past any real price, and past what rounding can hold
                raise ScenarioError(Bilingual(
                    f"渠道层级“{layer.name_zh}”之后零售价超过 {MAX_AMOUNT:,.0f}，请检查各层毛利",
                    f"chain layer {layer.name_en!r}: the price passes {MAX_AMOUNT:,.0f}; check the layers' margins"))
            steps.append(ChainStep(layer, current, quantize_money(current, currency)))
        multiple = ONE / keep if spec.base else Decimal(0)
    return ChainResult(currency, spec.base, tuple(steps), current, quantize_money(current, currency), multiple,
                       keep)
