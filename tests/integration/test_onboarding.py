"""The onboarding flow without Qt: where a new workspace starts, skipping, completion from data, resume, notes."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from app.models import AuditEntry
from app.models.bilingual import UserFacingError
from app.services.catalogue.categories import category_by_code
from app.services.listing.packs.builder import PackBlocked
from app.services.onboarding.flow import (
    NOTE_ENTITY,
    ONBOARDING_ENTITY,
    STEP_ORDER,
    OnboardingFlow,
    Status,
    StepId,
    StepNotAllowed,
    note_lines,
)
from app.services.workspace.services import (
    WorkspaceServices,
    new_services,
    open_services,
)


@pytest.fixture
def services(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = new_services(tmp_path / "new.fdw")
    yield opened
    opened.close()


def statuses(flow: OnboardingFlow) -> dict[str, str]:
    return {s.id.value: s.status.value for s in flow.state().steps}


def fill_profile(services: WorkspaceServices, **extra: str) -> None:
    services.factory.save_profile({"name_zh": "宁波星舟箱包厂", **extra})


def add_product(services: WorkspaceServices, tmp_path: Path, *, variants: bool = True, images: bool = True) -> int:
    with services.workspace.session() as session:
        category = category_by_code(session, "luggage")
        assert category is not None
        category_id = category.id
    detail = services.products.create_product("XZ-01", "铝框拉杆箱", "Aluminium trolley case", category_id)
    assert detail.id is not None
    if variants:
        services.products.apply_variant_plan(
            detail.id, [{"key": "colour", "name_zh": "颜色", "name_en": "Colour", "values": ["Black", "Grey"]}],
            "{product}-{colour}", detail.version)
    if images:
        buffer = io.BytesIO()
        Image.new("RGB", (900, 900), (200, 30, 30)).save(buffer, "PNG")
        picture = tmp_path / "main.png"
        picture.write_bytes(buffer.getvalue())
        services.products.add_images(detail.id, [picture], "main")
    return detail.id


def save_plan(services: WorkspaceServices, product_id: int) -> None:
    plan = services.pricing.default_plan(product_id)
    services.pricing.save_plan(plan.with_cost("materials", Decimal("120")))


def test_an_empty_workspace_starts_at_the_factory_profile(services):
    flow = OnboardingFlow(services)
    state = flow.state()
    assert state.current_step is StepId.FACTORY_PROFILE == state.resume_step
    assert [s.id for s in state.steps] == list(STEP_ORDER)
    assert all(s.status is Status.TODO for s in state.steps)
    assert not state.can_go_back and not state.can_go_next
    assert not state.can_skip, "the factory profile is required"
    assert state.step("first_product").available is False, "a product needs the factory first"
    assert not state.finished


def test_the_required_steps_cannot_be_skipped(services):
    flow = OnboardingFlow(services)
    with pytest.raises(StepNotAllowed):
        flow.skip(StepId.FACTORY_PROFILE)
    with pytest.raises(StepNotAllowed):
        flow.skip("first_product")
    assert flow.next_step().current_step is StepId.FACTORY_PROFILE, "next does nothing until the step is done"


def test_completion_is_derived_from_the_workspace(services, tmp_path):
    flow = OnboardingFlow(services)
    fill_profile(services)
    state = flow.next_step()
    assert state.step("factory_profile").status is Status.DONE
    assert state.current_step is StepId.BRAND and state.can_go_back
    services.factory.save_profile({"name_zh": "宁波星舟箱包厂", "brand_en": "Xingzhou"})
    state = flow.next_step()
    assert state.step("brand").status is Status.DONE and state.current_step is StepId.FIRST_PRODUCT
    product_id = add_product(services, tmp_path, variants=False, images=False)
    first = flow.state().step("first_product")
    assert first.status is Status.DONE, "variants and images are recommended, not required"
    assert {r.key: r.done for r in first.requirements} == {"product": True, "category": True, "variants": False,
                                                            "images": False}
    assert flow.state().resume_step is StepId.COSTS_AND_CHANNELS
    save_plan(services, product_id)
    state = flow.state()
    assert state.step("costs_and_channels").status is Status.DONE
    assert state.resume_step is StepId.CHAIN_PICTURE, "the picture is done when the user has seen it"


def test_a_product_without_category_is_not_done(services):
    fill_profile(services)
    services.products.create_product("X-1", "杯子")
    flow = OnboardingFlow(services)
    state = flow.state()
    assert state.step("first_product").status is Status.TODO
    assert state.resume_step is StepId.BRAND  # brand still to do
    flow.skip("brand")
    assert flow.state().resume_step is StepId.FIRST_PRODUCT


def test_skipping_brand_moves_on_and_is_remembered(services):
    fill_profile(services)
    flow = OnboardingFlow(services)
    assert flow.state().current_step is StepId.BRAND and flow.state().can_skip
    state = flow.skip()
    assert state.step("brand").status is Status.SKIPPED
    assert state.current_step is StepId.FIRST_PRODUCT
    with services.workspace.session() as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.entity == ONBOARDING_ENTITY)).one()
        assert (entry.entity_id, entry.action) == ("brand", "skip")
    # Going back and un-skipping makes it a to-do again; filling the brand later makes it done.
    assert flow.unskip("brand").step("brand").status is Status.TODO
    flow.skip("brand")
    services.factory.save_profile({"name_zh": "宁波星舟箱包厂", "brand_zh": "星舟"})
    assert flow.state().step("brand").status is Status.DONE, "data beats a skip"


def test_skipping_costs_also_skips_the_chain_picture(services, tmp_path):
    fill_profile(services)
    add_product(services, tmp_path)
    flow = OnboardingFlow(services)
    flow.skip("brand")
    assert flow.state().current_step is StepId.COSTS_AND_CHANNELS
    state = flow.skip()
    assert state.step("costs_and_channels").status is Status.SKIPPED
    assert state.step("chain_picture").status is Status.SKIPPED, "no plan, no picture: the branch skips it"
    assert state.step("chain_picture").available is False
    assert state.resume_step is StepId.FIRST_PACK_AND_SHEET
    assert state.step("first_pack_and_sheet").available


def test_the_chain_picture_is_confirmed_by_going_next(services, tmp_path):
    fill_profile(services, brand_zh="星舟")
    product_id = add_product(services, tmp_path)
    save_plan(services, product_id)
    flow = OnboardingFlow(services)
    assert flow.state().current_step is StepId.CHAIN_PICTURE
    assert not flow.state().can_go_next
    state = flow.next_step()
    assert state.step("chain_picture").status is Status.DONE
    assert state.current_step is StepId.FIRST_PACK_AND_SHEET
    assert not state.can_go_next, "the last step has no next"
    with pytest.raises(StepNotAllowed):
        flow.confirm("brand")


def test_back_and_go_to(services):
    fill_profile(services)
    flow = OnboardingFlow(services)
    flow.skip("brand")
    assert flow.back().current_step is StepId.BRAND
    assert flow.back().current_step is StepId.FACTORY_PROFILE
    assert flow.back().current_step is StepId.FACTORY_PROFILE
    assert flow.go_to("costs_and_channels").current_step is StepId.COSTS_AND_CHANNELS


def test_resume_after_reopening_the_workspace(tmp_path):
    path = tmp_path / "resume.fdw"
    services = new_services(path)
    fill_profile(services)
    OnboardingFlow(services).skip("brand")
    services.close()
    reopened = open_services(path)
    try:
        state = OnboardingFlow(reopened).state()
        assert state.current_step is StepId.FIRST_PRODUCT == state.resume_step
        assert state.step("brand").status is Status.SKIPPED
    finally:
        reopened.close()


def test_first_pack_and_sheet_finishes_the_flow(services, tmp_path):
    fill_profile(services, brand_zh="星舟")
    add_product(services, tmp_path)
    flow = OnboardingFlow(services)
    flow.skip("costs_and_channels")
    out = tmp_path / "out"
    try:
        result = flow.make_first_pack("shopify", out)
    except PackBlocked:
        result = flow.make_first_pack("shopify", out, override_reason="onboarding draft")
    assert (out / "shopify").is_dir() and result.sheet_path.exists()
    state = flow.state()
    assert state.finished and state.resume_step is None
    assert state.step("first_pack_and_sheet").status is Status.DONE
    assert flow.checklist()[-1] == (StepId.FIRST_PACK_AND_SHEET, Status.DONE)


def test_first_pack_needs_a_product(services, tmp_path):
    with pytest.raises(StepNotAllowed):
        OnboardingFlow(services).make_first_pack("shopify", tmp_path)


def test_notes_are_dated_and_listed_in_order(services):
    flow = OnboardingFlow(services)
    assert flow.list_notes() == []
    before = datetime.now(UTC) - timedelta(seconds=5)
    first = flow.add_note("  决定：先上天猫和 Shopify  ")
    flow.add_note("Next: photos of the grey case")
    notes = flow.list_notes()
    assert [n.text for n in notes] == ["决定：先上天猫和 Shopify", "Next: photos of the grey case"]
    assert first.text == notes[0].text
    at = notes[0].at if notes[0].at.tzinfo else notes[0].at.replace(tzinfo=UTC)
    assert at >= before
    assert note_lines(notes)[1].endswith("Next: photos of the grey case")
    assert note_lines(notes)[0][:4].isdigit()
    with pytest.raises(UserFacingError):
        flow.add_note("   ")
    with services.workspace.session() as session:
        assert len(session.exec(select(AuditEntry).where(AuditEntry.entity == NOTE_ENTITY)).all()) == 2
    # Notes don't touch the flow's progress.
    assert flow.state().current_step is StepId.FACTORY_PROFILE
