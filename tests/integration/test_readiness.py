"""The launch readiness report: built from the demo workspace, read back with pdftotext; the `readiness` command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.services.kernel.text import money_text
from app.services.onboarding.flow import OnboardingFlow
from app.services.pricing.plans import PricingService
from app.services.reports.readiness import build_readiness_report
from app.services.workspace.demo import create_demo_workspace
from app.services.workspace.services import open_services

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("readiness") / "demo.fdw"
    create_demo_workspace(path).close()
    yield path


def text_of(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_report_shows_factory_products_prices_and_chain(demo_path: Path, tmp_path: Path) -> None:
    services = open_services(demo_path)
    try:
        result = build_readiness_report(services.workspace, tmp_path / "r.pdf", today=date(2026, 11, 25))
        profile = services.factory.load_profile()
        pricing = PricingService(services.workspace)
        products = pricing.products()
        expected_chain = []
        for product in products:
            evaluation = pricing.evaluate(pricing.load_plan(product.id))
            if evaluation.chart.headline is not None:
                h = evaluation.chart.headline
                expected_chain.append((money_text(h.chain_price, evaluation.plan.currency),
                                       money_text(h.saving, evaluation.plan.currency)))
    finally:
        services.close()
    assert result.path == tmp_path / "r.pdf" and result.pages >= 3
    text = text_of(result.path)
    assert "Launch readiness report" in text and "上线准备报告" in text
    assert "2026-11-25" in text
    assert profile.name_zh and profile.name_zh in text and profile.name_en in text
    assert not profile.oem_history or profile.oem_history not in text   # private: never printed
    for product in products:
        assert product.code in text
    for channel in ("天猫", "Tmall", "淘宝", "京东", "1688"):
        assert channel in text
    assert expected_chain, "the demo should have a chain comparison"
    for chain_price, saving in expected_chain:
        assert chain_price in text and saving in text
    for heading in ("Prices per channel", "Open lint findings", "Onboarding checklist", "Next steps",
                    "Certificates", "Margin on net", "Break-even"):
        assert heading in flat(text)


def test_report_has_no_secrets(demo_path: Path, tmp_path: Path) -> None:
    services = open_services(demo_path)
    try:
        path = build_readiness_report(services.workspace, tmp_path / "r.pdf", lang="en").path
    finally:
        services.close()
    text = text_of(path).lower()
    for secret_like in ("app_secret", "appsecret", "access_token", "refresh_token", "client_secret", "password",
                        "api key", "api_key", "oem history"):
        assert secret_like not in text


def test_notes_appear_after_add_note(demo_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.fdw"
    shutil.copy(demo_path, copy)
    services = open_services(copy)
    try:
        note = OnboardingFlow(services).add_note("Agreed Tmall launch price with Mr Wang")
        path = build_readiness_report(services.workspace, tmp_path / "notes.pdf", lang="en").path
    finally:
        services.close()
    text = flat(text_of(path))
    assert "Agreed Tmall launch price with Mr Wang" in text
    assert f"{note.at:%Y-%m-%d}" in text


def test_existing_file_is_replaced_atomically(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    services = open_services(demo_path)
    try:
        build_readiness_report(services.workspace, target, lang="zh")
    finally:
        services.close()
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def main_py(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_readiness_command(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "ready.pdf"
    done = main_py("readiness", str(demo_path), "--lang", "en", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert "Launch readiness report" in text_of(out)


def test_readiness_command_missing_workspace(tmp_path: Path) -> None:
    out = tmp_path / "ready.pdf"
    done = main_py("readiness", str(tmp_path / "nope.fdw"), "-o", str(out))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_break_even_is_a_dash_without_fixed_costs() -> None:
    """The demo has no moulds or set-up costs: '0 units' would read as 'already paid back'."""
    from decimal import Decimal
    from types import SimpleNamespace

    from app.services.reports.readiness import _break_even

    assert _break_even(SimpleNamespace(break_even_units=0, fixed_costs=Decimal("0"))) == "—"  # type: ignore[arg-type]
    assert _break_even(SimpleNamespace(break_even_units=2593, fixed_costs=Decimal("100000"))) == "2,593"  # type: ignore[arg-type]
    assert _break_even(SimpleNamespace(break_even_units=None, fixed_costs=Decimal("5"))) == "—"  # type: ignore[arg-type]
