"""The shipped channel profiles agree with each other (#16): a fresh plan raises no warning against itself.

Taobao and Pinduoduo used to assume a small-scale taxpayer (1% VAT) while 1688, Tmall and JD assume a general
one (13%), so the same factory's suggested Taobao/Pinduoduo retail prices came out below its own 1688
wholesale price and the app warned that the factory was undercutting itself.
"""

from __future__ import annotations

import pytest

from app.services.pricing.channels import ChannelKind, load_profiles
from app.services.workspace.services import demo_services


def test_one_factory_is_one_taxpayer_on_every_chinese_channel():
    chinese = [p for p in load_profiles() if p.currency == "CNY" and p.kind is not ChannelKind.ODM]
    regimes = {(p.id, p.vat_regime, p.vat_rate) for p in chinese}
    assert len({(regime, rate) for _, regime, rate in regimes}) == 1, sorted(regimes)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    services = demo_services(tmp_path_factory.mktemp("channels") / "demo.fdw")
    yield services
    services.close()


def test_a_fresh_default_plan_raises_no_conflict_against_the_apps_own_prices(demo):  # type: ignore[no-untyped-def]
    pricing = demo.pricing
    for product in pricing.products():
        evaluation = pricing.evaluate(pricing.default_plan(product.id))
        priced = [row for row in evaluation.rows if row.outcome.result is not None]
        assert {row.channel_id for row in priced} >= {"1688", "taobao", "pinduoduo"}, product.code
        conflicts = [(row.channel_id, m.en) for row in priced for m in row.outcome.conflicts]
        assert conflicts == [], (product.code, conflicts)
