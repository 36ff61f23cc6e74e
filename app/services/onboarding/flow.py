"""The onboarding flow: a new workspace from nothing to its first listing pack, as plain data and logic (no Qt).

Steps, in order: factory profile → brand → first product (category, variants, images) → costs and channels →
the chain-versus-direct picture → the first listing pack and spec sheet. The wizard in `app/views` only renders
what `OnboardingFlow.state()` says (architecture pattern 5, "flows in the core").

Where progress lives — the workspace stays ONE file, and no table is added:
- Whether a step is *done* is derived from the workspace's own data each time (the profile has a Chinese name,
  a product exists, a pricing plan is saved…). Closing the wizard halfway and reopening it (even after
  reopening the workspace from disk) therefore resumes at the first step that is neither done nor skipped.
- What cannot be read from the data — a skipped step, the chain picture having been shown, the folder the first
  pack went to — is written to the existing audit trail (`audit.record`, entity ``"onboarding"``, the step id as
  entity_id, actions ``skip`` / ``unskip`` / ``done``). The newest entry per step wins.
- Session notes (what was done, decisions, next steps) are audit entries too, entity ``"session_note"``: the
  audit trail already records who and when, so every note is dated for free and travels with the workspace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from app.models import AuditEntry, FactoryProfile, Product, ProductImage, Sku
from app.models.bilingual import Bilingual, UserFacingError
from app.models.pricing import PricingPlan
from app.services.kernel import audit
from app.services.pricing.exchange_rates import new_rate, rate_in_force

if TYPE_CHECKING:
    from app.services.workspace.services import WorkspaceServices

#: The currency products are costed in (a Chinese factory's yuan); other channels need a rate from it.
HOME_CURRENCY = "CNY"
ONBOARDING_ENTITY = "onboarding"
NOTE_ENTITY = "session_note"
MAX_NOTE_CHARS = 4000


class StepId(StrEnum):
    FACTORY_PROFILE = "factory_profile"
    BRAND = "brand"
    FIRST_PRODUCT = "first_product"
    COSTS_AND_CHANNELS = "costs_and_channels"
    CHAIN_PICTURE = "chain_picture"
    FIRST_PACK_AND_SHEET = "first_pack_and_sheet"


STEP_ORDER: tuple[StepId, ...] = tuple(StepId)


class Status(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    TODO = "todo"


@dataclass(frozen=True)
class Requirement:
    """One thing a step asks for; `required` ones decide whether the step is done."""

    key: str
    done: bool
    required: bool = True


@dataclass(frozen=True)
class StepSpec:
    """What a step is: can it be skipped, which steps must be done (not merely skipped) before it."""

    id: StepId
    skippable: bool
    needs: tuple[StepId, ...] = ()
    #: Done only when the user confirms it (nothing in the data says "the picture was shown").
    confirmed_by_user: bool = False


SPECS: dict[StepId, StepSpec] = {spec.id: spec for spec in (
    StepSpec(StepId.FACTORY_PROFILE, skippable=False),
    StepSpec(StepId.BRAND, skippable=True),
    StepSpec(StepId.FIRST_PRODUCT, skippable=False, needs=(StepId.FACTORY_PROFILE,)),
    StepSpec(StepId.COSTS_AND_CHANNELS, skippable=True, needs=(StepId.FIRST_PRODUCT,)),
    StepSpec(StepId.CHAIN_PICTURE, skippable=True, needs=(StepId.COSTS_AND_CHANNELS,), confirmed_by_user=True),
    StepSpec(StepId.FIRST_PACK_AND_SHEET, skippable=True, needs=(StepId.FIRST_PRODUCT,), confirmed_by_user=True),
)}


@dataclass(frozen=True)
class StepState:
    id: StepId
    status: Status
    skippable: bool
    requirements: tuple[Requirement, ...]
    #: False when a step it needs is not done; a step skipped because of that reads as `skipped`
    #: (branch: skipping costs and channels also skips the chain picture).
    available: bool = True

    @property
    def settled(self) -> bool:
        return self.status is not Status.TODO


@dataclass(frozen=True)
class FlowState:
    """What the wizard shows: the step in view, every step's status, and which buttons work."""

    current_step: StepId | None  # the step in view (the resume step when the flow starts; the last once finished)
    resume_step: StepId | None  # the first step neither done nor skipped (None: onboarding finished)
    steps: tuple[StepState, ...]
    can_go_back: bool
    can_go_next: bool
    can_skip: bool

    @property
    def finished(self) -> bool:
        return self.resume_step is None

    def step(self, step_id: StepId | str) -> StepState:
        return next(s for s in self.steps if s.id == StepId(step_id))

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.status is Status.DONE)


@dataclass(frozen=True)
class SessionNote:
    at: datetime
    user: str
    text: str


@dataclass(frozen=True)
class _Facts:
    """What the workspace holds, read in one session."""

    name_zh: bool = False
    brand: bool = False
    products: int = 0
    categorised: bool = False
    skus: bool = False
    images: bool = False
    plans: bool = False
    marks: dict[str, str] = field(default_factory=dict)  # step id → newest onboarding action


class StepNotAllowed(UserFacingError):
    """A step can't be skipped (or confirmed) now."""


def _not_skippable(step: StepId) -> StepNotAllowed:
    return StepNotAllowed(Bilingual(f"这一步不能跳过：{step.value}", f"This step can't be skipped: {step.value}"))


class OnboardingFlow:
    """The flow over one workspace's services; its only own state is which step is in view."""

    def __init__(self, services: WorkspaceServices) -> None:
        self.services = services
        self._position: int | None = None  # index into STEP_ORDER; None: start at the resume step

    # ----- reading ---------------------------------------------------------------------------------------
    def _facts(self) -> _Facts:
        with self.services.workspace.session() as session:
            profile = session.exec(select(FactoryProfile)).first()
            products = list(session.exec(select(Product)))
            ids = [p.id for p in products if p.id is not None]
            skus = bool(ids) and session.exec(select(Sku.id).where(col(Sku.product_id).in_(ids))).first() is not None
            images = bool(ids) and session.exec(
                select(ProductImage.id).where(col(ProductImage.product_id).in_(ids))).first() is not None
            plans = session.exec(select(PricingPlan.id)).first() is not None
            marks: dict[str, str] = {}
            for entry in session.exec(select(AuditEntry).where(AuditEntry.entity == ONBOARDING_ENTITY)
                                      .order_by(col(AuditEntry.id))):
                marks[entry.entity_id] = entry.action
        return _Facts(
            name_zh=profile is not None and bool(profile.name_zh.strip()),
            brand=profile is not None and bool(profile.brand_zh.strip() or profile.brand_en.strip()),
            products=len(products), categorised=any(p.category_id is not None for p in products),
            skus=bool(skus), images=bool(images), plans=plans, marks=marks)

    @staticmethod
    def _requirements(step: StepId, facts: _Facts) -> tuple[Requirement, ...]:
        confirmed = facts.marks.get(step.value) == "done"
        if step is StepId.FACTORY_PROFILE:
            return (Requirement("name_zh", facts.name_zh),)
        if step is StepId.BRAND:
            return (Requirement("brand_name", facts.brand),)
        if step is StepId.FIRST_PRODUCT:
            return (Requirement("product", facts.products > 0), Requirement("category", facts.categorised),
                    Requirement("variants", facts.skus, required=False),
                    Requirement("images", facts.images, required=False))
        if step is StepId.COSTS_AND_CHANNELS:
            return (Requirement("pricing_plan", facts.plans),)
        if step is StepId.CHAIN_PICTURE:
            return (Requirement("pricing_plan", facts.plans), Requirement("seen", confirmed))
        return (Requirement("product", facts.products > 0), Requirement("pack_made", confirmed))

    def steps(self) -> tuple[StepState, ...]:
        facts = self._facts()
        states: dict[StepId, StepState] = {}
        for step in STEP_ORDER:
            spec = SPECS[step]
            requirements = self._requirements(step, facts)
            done = all(r.done for r in requirements if r.required)
            available = all(states[need].status is Status.DONE for need in spec.needs)
            if done:
                status = Status.DONE
            elif spec.skippable and facts.marks.get(step.value) == "skip":
                status = Status.SKIPPED
            elif spec.skippable and any(states[need].status is Status.SKIPPED for need in spec.needs):
                status = Status.SKIPPED  # the branch: what it builds on was skipped
            else:
                status = Status.TODO
            states[step] = StepState(step, status, spec.skippable, requirements, available)
        return tuple(states[step] for step in STEP_ORDER)

    def state(self) -> FlowState:
        steps = self.steps()
        resume = next((s.id for s in steps if s.status is Status.TODO), None)
        if self._position is None:
            self._position = STEP_ORDER.index(resume) if resume is not None else len(STEP_ORDER) - 1
        index = self._position
        here = steps[index]
        return FlowState(
            current_step=here.id, resume_step=resume, steps=steps,
            can_go_back=index > 0,
            can_go_next=here.settled and index < len(STEP_ORDER) - 1,
            can_skip=here.skippable and here.status is Status.TODO)

    def resume_step(self) -> StepId | None:
        return self.state().resume_step

    # ----- moving ----------------------------------------------------------------------------------------
    def next_step(self) -> FlowState:
        """Go on when the step in view is done or skipped (steps the user confirms are confirmed here)."""
        state = self.state()
        assert self._position is not None and state.current_step is not None
        here = state.step(state.current_step)
        if (here.status is Status.TODO and SPECS[here.id].confirmed_by_user and here.id is StepId.CHAIN_PICTURE
                and here.available):
            self.confirm(here.id)
            state = self.state()
        if state.can_go_next:
            self._position += 1
        return self.state()

    def back(self) -> FlowState:
        self.state()
        assert self._position is not None
        self._position = max(0, self._position - 1)
        return self.state()

    def go_to(self, step: StepId | str) -> FlowState:
        self._position = STEP_ORDER.index(StepId(step))
        return self.state()

    def skip(self, step: StepId | str | None = None) -> FlowState:
        """Skip `step` (the one in view when None), remembered in the audit trail, and move past it."""
        state = self.state()
        target = StepId(step) if step is not None else state.current_step
        assert target is not None
        if not SPECS[target].skippable:
            raise _not_skippable(target)
        self._mark(target, "skip")
        if target == state.current_step:
            # On to the next step still to do (or just the following one when everything after is settled).
            after = self.steps()[STEP_ORDER.index(target) + 1:]
            following = next((s.id for s in after if s.status is Status.TODO), after[0].id if after else target)
            self._position = STEP_ORDER.index(following)
        return self.state()

    def unskip(self, step: StepId | str) -> FlowState:
        self._mark(StepId(step), "unskip")
        return self.state()

    def confirm(self, step: StepId | str, details: dict[str, Any] | None = None) -> FlowState:
        """The user saw the chain picture / made the first pack: recorded, since the data can't tell."""
        target = StepId(step)
        if not SPECS[target].confirmed_by_user:
            raise StepNotAllowed(Bilingual(f"这一步由数据判断：{target.value}",
                                           f"This step follows from the data: {target.value}"))
        self._mark(target, "done", details)
        return self.state()

    def _mark(self, step: StepId, action: str, details: dict[str, Any] | None = None) -> None:
        with self.services.workspace.session() as session:
            audit.record(session, ONBOARDING_ENTITY, step.value, action, details)

    # ----- carrying what the user already said ---------------------------------------------------------------
    def factory_brand(self) -> str:
        """The brand told in the brand step, as one product brand ("行者 Xingzhe"; either half alone)."""
        profile = self.services.factory.load_profile()
        return " ".join(part for part in (profile.brand_zh.strip(), profile.brand_en.strip()) if part)

    def create_first_product(self, code: str, name_zh: str, category_id: int | None, name_en: str = "",
                             description_zh: str = "", main_image: Path | None = None) -> int:
        """Create the first product with what the platforms require at once — the factory's brand (said one step
        ago), a description and a main image — so its first pack is not blocked; returns its id.

        Raises `ValidationFailed` as `ProductService.create_product` does, and `UserFacingError` with the reason
        when the picture is refused (the product is kept: the user picks another picture in the editor)."""
        products = self.services.products
        detail = products.create_product(code, name_zh, name_en, category_id)
        changes: dict[str, Any] = {}
        brand = self.factory_brand()
        if brand and not detail.brand:
            changes["brand"] = brand
        if description_zh.strip():
            changes["description_zh"] = description_zh.strip()
        if changes:
            products.update_product_fields(detail.id, detail.version, changes)
        if main_image is not None:
            refused = [r.reason for r in products.add_images(detail.id, [main_image], "main") if r.reason]
            if refused:
                raise UserFacingError(refused[0])
        return detail.id

    def fill_missing_sku_costs(self, product_id: int, cost: Decimal) -> int:
        """Give `cost` to every SKU of the product that has none (a cost typed once in step 4 reaches the
        variants, which price from their own cost); SKUs with a cost keep it. Returns how many were filled."""
        products = self.services.products
        filled = 0
        for sku in products.load(product_id).skus:
            if sku.cost is None:
                products.update_sku_fields(sku.id, sku.version, {"cost": cost})
                filled += 1
        return filled

    # ----- the first pack ----------------------------------------------------------------------------------
    def first_product_code(self) -> str | None:
        with self.services.workspace.session() as session:
            return session.exec(select(Product.code).order_by(col(Product.id))).first()

    def make_first_pack(self, platform: str, out_dir: Any, progress: Callable[[int, int], None] | None = None,
                        cancel: Callable[[], bool] | None = None, *, lang: str = "en",
                        override_reason: str | None = None) -> FirstPackResult:
        """Build the first product's listing pack for `platform` and its spec sheet into `out_dir`, then
        record the step as done. Raises what `build_pack` raises (e.g. `PackBlocked` with the findings)."""
        return self.make_first_packs([platform], out_dir, progress, cancel, lang=lang,
                                     override_reason=override_reason)[0]

    def missing_rates(self, platforms: Sequence[str]) -> list[str]:
        """The currencies the platforms sell in that have no exchange rate from the products' currency yet: their
        packs would go out with empty prices, so the wizard asks for the rate before it builds them."""
        profiles = {profile.id: profile for profile in self.services.pricing.profiles()}
        rates, today = self.services.pricing.rates(), self.services.pricing.today()
        missing: list[str] = []
        for platform in platforms:
            profile = profiles.get(platform)
            if profile is None or profile.currency in (HOME_CURRENCY, *missing):
                continue
            if rate_in_force(rates, profile.currency, HOME_CURRENCY, today) is None:
                missing.append(profile.currency)
        return missing

    def set_rate_today(self, currency: str, text: str) -> None:
        """Record 1 `currency` = `text` of the products' currency from today, in the workspace's one rate table
        (the Pricing page and Settings → Exchange rates show and edit the same row). Raises `ExchangeRateError`."""
        rate = new_rate(self.services.pricing.today(), currency, HOME_CURRENCY, text)
        self.services.pricing.set_rate(rate.day, rate.source, rate.target, rate.rate)

    def make_first_packs(self, platforms: Sequence[str], out_dir: Any,
                         progress: Callable[[int, int], None] | None = None, cancel: Callable[[], bool] | None = None,
                         *, lang: str = "en", override_reason: str | None = None) -> list[FirstPackResult]:
        """The first product's packs for every platform (e.g. Tmall and Shopify from one click) in one pass, then
        its spec sheet, into `out_dir`; records the step as done. All or nothing, as `build_packs`: when the
        checks block any platform, `PackBlocked` carries the errors of every blocked platform (the readiness
        report's rows for them added up) and nothing is written."""
        from pathlib import Path

        from app.services.documents.spec_sheet import build_spec_sheet
        from app.services.listing.packs.builder import build_packs

        if not platforms:
            raise StepNotAllowed(Bilingual("请至少勾选一个平台。", "Tick at least one platform."))
        code = self.first_product_code()
        if code is None:
            raise StepNotAllowed(Bilingual("还没有产品。", "There is no product yet."))
        folder = Path(out_dir)
        reports = build_packs(self.services.workspace, [code], platforms, folder, progress, cancel, lang=lang,
                              override_reason=override_reason)
        sheet = build_spec_sheet(self.services.workspace, code, folder / f"spec-sheet-{code}.pdf",
                                 cancelled=cancel)
        self.confirm(StepId.FIRST_PACK_AND_SHEET,
                     {"platforms": list(reports), "folder": str(folder), "sheet": str(sheet.path)})
        return [FirstPackResult(code, folder / platform, sheet.path, report) for platform, report in reports.items()]

    # ----- session notes and checklist -----------------------------------------------------------------------
    def add_note(self, text: str) -> SessionNote:
        """A dated note for this workspace's session log (what was done, decisions, next steps)."""
        cleaned = text.strip()
        if not cleaned:
            raise UserFacingError(Bilingual("备注是空的。", "The note is empty."))
        cleaned = cleaned[:MAX_NOTE_CHARS]
        with self.services.workspace.session() as session:
            audit.record(session, NOTE_ENTITY, "", "create", {"text": cleaned})
        return self.list_notes()[-1]

    def list_notes(self) -> list[SessionNote]:
        """Every note, oldest first, with its date and author."""
        with self.services.workspace.session() as session:
            rows = session.exec(select(AuditEntry).where(AuditEntry.entity == NOTE_ENTITY)
                                .order_by(col(AuditEntry.at), col(AuditEntry.id)))
            return [SessionNote(row.at, row.user, str(row.details.get("text", ""))) for row in rows]

    def checklist(self) -> list[tuple[StepId, Status]]:
        """The session checklist: each step and where it stands."""
        return [(s.id, s.status) for s in self.steps()]


@dataclass(frozen=True)
class FirstPackResult:
    code: str
    pack_folder: Any
    sheet_path: Any
    report: Any


def note_lines(notes: Sequence[SessionNote]) -> list[str]:
    """Notes as plain dated lines (for a printout or the clipboard)."""
    return [f"{note.at:%Y-%m-%d %H:%M} {note.text}" for note in notes]
