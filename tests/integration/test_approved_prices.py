"""Approved prices (issue #15), on a workspace file and on a team database: approving copies the prices the
price list and the listing packs compute today, a new approval is a new version, and the approved prices are
reported stale as soon as a cost, a plan or a fee profile changes."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

import app.db
from app.db import Workspace, head_revision, open_workspace
from app.models import ApprovedPrice, ApprovedPriceList, FactoryProfile, Product, Sku
from app.services.documents.price_list import UnknownChannel, default_tiers, price_table
from app.services.documents.public_data import ImageSizes, load_products
from app.services.listing.packs.prices import PackPricer
from app.services.listing.packs.profiles import effective_profile
from app.services.listing.packs.source import load_products as load_listing_products
from app.services.pricing import approved
from app.services.pricing.plans import PricingService
from app.services.workspace.approvals import ApprovalService

DAY = date(2026, 12, 4)


def _fill(workspace: Workspace) -> None:
    """Two products, three SKUs (one without a cost), a factory MOQ of 50."""
    with workspace.session() as session:
        session.add(FactoryProfile(name_zh="测试工厂", name_en="Test Works", moq=50))
        kettle = Product(code="KT-01", name_zh="电水壶", name_en="Kettle", currency="CNY")
        mug = Product(code="MG-02", name_zh="马克杯", name_en="Mug", currency="CNY")
        session.add_all([kettle, mug])
        session.flush()
        assert kettle.id is not None and mug.id is not None
        session.add_all([Sku(product_id=kettle.id, code="KT-01-W", cost=Decimal("58.40"), position=0),
                         Sku(product_id=kettle.id, code="KT-01-B", cost=Decimal("61.10"), position=1),
                         Sku(product_id=mug.id, code="MG-02-R", cost=None, position=0)])


@pytest.fixture
def filled(workspace: Workspace) -> Workspace:
    _fill(workspace)
    return workspace


def _service(workspace: Workspace) -> ApprovalService:
    return ApprovalService(workspace, today=lambda: DAY)


def test_approving_copies_what_the_price_list_and_the_packs_compute(filled: Workspace) -> None:
    [result] = _service(filled).approve("1688")
    assert (result.channel_id, result.version, result.currency, result.skus, result.priced) == ("1688", 1, "CNY", 3, 2)
    listed = approved.newest(filled, "1688")
    assert listed is not None and listed.version == 1 and listed.priced_on == DAY
    assert listed.tiers == (50, 150, 500) and listed.approved_by == result.approved_by != ""
    profile = PricingService(filled).profile("1688")
    expected = price_table(filled, load_products(filled, None, images=ImageSizes(count=0), today=DAY), profile,
                           default_tiers(50), on=DAY)
    tiers = {row.sku: row.prices for rows in expected.rows.values() for row in rows}
    assert tiers["KT-01-W"] is not None and len(tiers["KT-01-W"]) == 3
    assert {code: sku.tier_prices for code, sku in listed.prices.items()} == tiers
    assert listed.prices["MG-02-R"].tier_prices is None and listed.prices["MG-02-R"].price is None
    pricer = PackPricer(filled, effective_profile(filled, "1688"))
    sheets = {sku.code: pricer.price(product).get(sku.code) for product in load_listing_products(filled, None)
              for sku in product.skus}
    assert {code: sku.price for code, sku in listed.prices.items()} == {code: s.price for code, s in sheets.items()}
    assert listed.prices["KT-01-W"].price is not None and listed.prices["KT-01-W"].price > Decimal("58.40")


def test_every_channel_at_once_and_an_unknown_channel(filled: Workspace) -> None:
    service = _service(filled)
    results = service.approve()
    assert [r.channel_id for r in results] == [p.id for p in service.profiles()] and len(results) >= 10
    assert all(r.version == 1 for r in results)
    with pytest.raises(UnknownChannel, match="Unknown channel nope"):
        service.approve("nope")
    assert approved.newest(filled, "nope") is None


def test_approved_prices_turn_stale_when_a_cost_changes_and_reapproving_adds_a_version(filled: Workspace) -> None:
    service = _service(filled)
    assert service.status("tmall").latest is None and not service.status("tmall").stale
    service.approve("tmall")
    first = approved.newest(filled, "tmall")
    assert first is not None
    assert not service.status("tmall").stale
    with filled.session() as session:
        sku = session.exec(select(Sku).where(Sku.code == "KT-01-W")).one()
        sku.cost = Decimal("70.00")
        session.add(sku)
    status = service.status("tmall")
    assert status.stale and status.latest is not None and status.latest.version == 1
    [again] = service.approve("tmall")
    second = approved.newest(filled, "tmall")
    assert again.version == 2 and second is not None and second.version == 2
    assert not service.status("tmall").stale
    old_price, new_price = first.prices["KT-01-W"].price, second.prices["KT-01-W"].price
    assert old_price is not None and new_price is not None and new_price > old_price
    assert second.prices["KT-01-B"].price == first.prices["KT-01-B"].price
    with filled.session() as session:  # version 1 is kept as it was
        versions = session.exec(select(ApprovedPriceList.version).where(ApprovedPriceList.channel_id == "tmall")
                                .order_by(ApprovedPriceList.version)).all()
        kept = session.exec(select(ApprovedPrice.price).join(ApprovedPriceList).where(
            ApprovedPriceList.version == 1, ApprovedPriceList.channel_id == "tmall",
            ApprovedPrice.sku_code == "KT-01-W")).one()
    assert versions == [1, 2] and kept == old_price


def test_a_fee_profile_edit_or_a_plan_makes_the_approved_prices_stale(filled: Workspace) -> None:
    service = _service(filled)
    service.approve("jd")
    pricing = PricingService(filled)
    profile = pricing.profile("jd")
    rule = profile.rules[0]
    pricing.save_profile_version(pricing.edited_rule_profile("jd", rule.id, rate=rule.rate + Decimal("0.01")))
    assert service.status("jd").stale
    service.approve("jd")
    assert not service.status("jd").stale
    with filled.session() as session:
        kettle = session.exec(select(Product).where(Product.code == "KT-01")).one()
    assert kettle.id is not None
    pricing.save_plan(pricing.default_plan(kettle.id))
    assert service.status("jd").stale
    assert not service.status("tmall").stale or service.status("tmall").latest is None


def test_an_approved_list_keeps_no_fee_rule_and_no_cost(filled: Workspace) -> None:
    _service(filled).approve("1688")
    with filled.session() as session:
        header = session.exec(select(ApprovedPriceList)).one()
        rows = session.exec(select(ApprovedPrice)).all()
    assert "rules" not in header.channel and header.channel["name_zh"] and len(header.basis) == 64
    stored = " ".join(str(v) for row in rows for v in row.model_dump().values()) + str(header.model_dump())
    assert "58.4" not in stored and "61.1" not in stored


# --- migration 0006 -----------------------------------------------------------------------------------------

@pytest.mark.sqlite_only
def test_migrating_from_0005_keeps_every_row_and_adds_empty_approved_tables(tmp_path: Path) -> None:
    from alembic import command
    from test_db_migrations import assert_rows_kept, make_rev0004_workspace, snapshot

    path = make_rev0004_workspace(tmp_path / "w.fdw")
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        config = app.db.alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0005")
    finally:
        engine.dispose()
    before = snapshot(path)
    workspace = open_workspace(path, backup_dir=tmp_path / "backups")
    try:
        assert workspace.migrated_from == "0005" and workspace.revision() == head_revision() == "0006"
        after = snapshot(path)
        assert_rows_kept(before, after, "0006")
        assert after["approved_price_list"][1] == [] and after["approved_price"][1] == []
        [result] = ApprovalService(workspace, today=lambda: DAY).approve("tmall")
        assert result.version == 1 and result.skus > 0
    finally:
        workspace.close()
    shutil.rmtree(tmp_path / "backups")
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        config = app.db.alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
        tables = set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert "approved_price_list" not in tables and "approved_price" not in tables and "sku" in tables


def test_migrating_a_team_database_from_0005_keeps_its_rows_and_approves(pg_database: str) -> None:
    from alembic import command

    from app import postgres_only

    engine = postgres_only.make_engine(pg_database)
    try:
        with engine.begin() as connection:
            config = app.db.alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0005")
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO product (code, name_zh, name_en, brand, description_zh, description_en, "
                "selling_points_zh, selling_points_en, materials, status, attributes, axes, currency, differentiator, "
                "reference_label, sku_pattern, version, created_at, updated_at) VALUES ('KT-01', '电水壶', 'Kettle', "
                "'', '', '', '[]', '[]', '', 'draft', '{}', '[]', 'CNY', '', '', '', 1, now(), now())")
            connection.exec_driver_sql(
                "INSERT INTO sku (product_id, code, options, gtin, cost, position, version) "
                "SELECT id, 'KT-01-W', '{}', '', '58.40', 0, 1 FROM product")
    finally:
        engine.dispose()
    workspace = open_workspace(pg_database)
    try:
        assert workspace.migrated_from == "0005" and workspace.revision() == head_revision()
        with workspace.session() as session:
            assert session.exec(select(Sku.cost)).all() == [Decimal("58.40")]
            assert session.exec(select(ApprovedPriceList)).all() == []
        [result] = _service(workspace).approve("tmall")
        assert (result.version, result.skus, result.priced) == (1, 1, 1)
    finally:
        workspace.close()


def test_stale_only_when_an_input_changed_not_after_reopening(filled: Workspace) -> None:
    """Reopening (another PC, the next day) reads the same inputs: not stale. A new exchange rate, a SKU added, a
    SKU deleted: stale."""
    from app.services.catalogue.products import ProductService
    from app.services.pricing.exchange_rates import set_rate

    _service(filled).approve("amazon_us")  # a USD channel: it depends on the CNY→USD rate
    again = open_workspace(filled.url or filled.path)
    try:
        assert not _service(again).status("amazon_us").stale
        set_rate(again, DAY, "USD", "CNY", Decimal("7.1500"))
        assert _service(again).status("amazon_us").stale
        _service(again).approve("amazon_us")
        assert not _service(again).status("amazon_us").stale
        with again.session() as session:
            kettle = session.exec(select(Product).where(Product.code == "KT-01")).one()
        assert kettle.id is not None
        with again.session() as session:
            added = Sku(product_id=kettle.id, code="KT-01-G", cost=Decimal("59.00"), position=2)
            session.add(added)
            session.flush()
            added_id = added.id
        assert added_id is not None and _service(again).status("amazon_us").stale
        _service(again).approve("amazon_us")
        assert not _service(again).status("amazon_us").stale
        ProductService(again).delete_skus([added_id])
        assert _service(again).status("amazon_us").stale
    finally:
        again.close()


def test_two_approvals_of_one_channel_at_once_take_turns_on_a_team_database(pg_workspace_url: str) -> None:
    """Approver A's transaction is open when B approves the same channel: B waits for A's commit and becomes the
    next version, instead of failing on the (channel, version) unique constraint."""
    import threading

    from app.services.workspace.approvals import approver

    first, second = open_workspace(pg_workspace_url), open_workspace(pg_workspace_url)
    try:
        _fill(first)
        profile = PricingService(first).profile("tmall")
        _service(first).approve("tmall")  # version 1
        outcome: dict[str, object] = {}

        def approve_as_b() -> None:
            try:
                outcome["versions"] = [a.version for a in _service(second).approve("tmall")]
            except Exception as error:  # noqa: BLE001 - the test reports what B met
                outcome["error"] = error

        with first.session() as session:
            header = approved.store(session, profile, [50], DAY, approver(first), "basis", [])  # A: version 2
            b = threading.Thread(target=approve_as_b)
            b.start()
            b.join(timeout=1.0)
            assert b.is_alive()  # B waits for A
            session.commit()
        b.join(timeout=30)
        assert not b.is_alive() and "error" not in outcome, outcome.get("error")
        assert header.version == 2
        with second.session() as session:
            versions = session.exec(select(ApprovedPriceList.version).where(ApprovedPriceList.channel_id == "tmall")
                                    .order_by(ApprovedPriceList.version)).all()
        assert versions == [1, 2, 3]
    finally:
        first.close()
        second.close()
