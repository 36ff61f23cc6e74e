"""Pricing for value: the pure pricing engine (no Qt, no database).

Entry points:
- `price_scenario_file(path, lang)` / `price_scenario(data, lang)`: the `price` command's JSON result.
- `load_scenario`, `scenario_to_dict`, `price_loaded`: save/load scenarios and get a full `PriceResult`.
- `price(PricingInput)`: the engine itself; `result_to_dict` turns a result into the command's JSON shape.
- `load_profiles`, `price_channels(ProductPlan, profiles)`: the channels × figures table.
- `chain_price`, `apply_ending`, `price_ladder`, `quantity_cliffs`, `promotion_allocation`, `FxTable`.
All expected failures derive from `PricingError`; `InfeasibleTarget` is a `ScenarioError`.
"""

from app.services.kernel.money import (
    currency_decimals,
    minor_unit,
    pricing_context,
    quantize_money,
)

from .chain import (
    ChainLayer,
    ChainResult,
    ChainSpec,
    ChainStep,
    chain_price,
    default_layers,
)
from .channels import (
    ChannelKind,
    ChannelOutcome,
    ChannelProfile,
    ChannelRule,
    PartnerFloor,
    ProductPlan,
    RuleStatus,
    VatRegime,
    channel_input,
    conflict_warnings,
    edited_profile,
    edited_rule,
    load_profile,
    load_profiles,
    odm_retail_estimate,
    odm_supply_price,
    platform_retail_price,
    price_channel,
    price_channels,
    price_many,
    profile_from_dict,
    profile_to_dict,
    profile_to_json,
)
from .costs import COST_LABELS, CostBuildUp, FixedCosts
from .endings import Ending, EndingStyle, apply_ending, next_above
from .engine import (
    FeeBasis,
    FeeRule,
    PricingInput,
    Returns,
    floor_price,
    price,
    returns_allowance,
)
from .fx import FxRate, FxTable, fx_table
from .ladders import (
    Cliff,
    LadderPrice,
    LadderTier,
    QuantityTier,
    ThresholdPromotion,
    allocate_discount,
    cliff_free_price,
    price_ladder,
    promotion_allocation,
    quantity_cliffs,
)
from .messages import (
    FxRateMissing,
    InfeasibleTarget,
    InvalidAmount,
    Message,
    PricingError,
    ScenarioError,
)
from .money import format_money, format_rate, parse_decimal, parse_rate
from .result import FeeLine, PriceResult, Target, TargetKind, result_to_dict
from .scenario import (
    Scenario,
    load_scenario,
    load_scenario_file,
    price_loaded,
    price_scenario,
    price_scenario_file,
    save_scenario_text,
    scenario_input,
    scenario_to_dict,
)

__all__ = [
    "COST_LABELS", "ChainLayer", "ChainResult", "ChainSpec", "ChainStep", "ChannelKind",
    "ChannelOutcome", "ChannelProfile", "ChannelRule", "Cliff", "CostBuildUp", "Ending", "EndingStyle", "FeeBasis",
    "FeeLine", "FeeRule", "FixedCosts", "FxRate", "FxRateMissing", "FxTable", "InfeasibleTarget", "InvalidAmount",
    "LadderPrice", "LadderTier", "Message", "PartnerFloor", "PriceResult", "PricingError", "PricingInput",
    "ProductPlan", "QuantityTier", "Returns", "RuleStatus", "Scenario", "ScenarioError", "Target", "TargetKind",
    "ThresholdPromotion", "VatRegime", "allocate_discount", "apply_ending", "chain_price", "channel_input",
    "cliff_free_price", "conflict_warnings", "currency_decimals", "default_layers", "edited_profile", "edited_rule",
    "floor_price", "format_money", "format_rate", "fx_table", "load_profile", "load_profiles", "load_scenario",
    "load_scenario_file", "minor_unit", "next_above", "odm_retail_estimate", "odm_supply_price", "parse_decimal",
    "parse_rate", "platform_retail_price", "price", "price_channel", "price_channels", "price_ladder", "price_many",
    "price_loaded", "price_scenario", "price_scenario_file", "pricing_context", "profile_from_dict",
    "profile_to_dict", "profile_to_json", "promotion_allocation", "quantity_cliffs", "quantize_money",
    "result_to_dict", "returns_allowance", "save_scenario_text", "scenario_input", "scenario_to_dict",
]
