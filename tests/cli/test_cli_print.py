"""`sheet`, `catalogue` and `pricelist` on the command line (main.py in a subprocess): exit codes, the path on
stdout, one-line reasons on stderr, progress for the long ones, nothing written on bad input."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import cli
from app.cli import printing as cli_print
from app.services.workspace.demo import create_demo_workspace

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("cli-print") / "demo.fdw"
    create_demo_workspace(path).close()
    yield path


def main_py(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def text_of(path: Path, *, layout: bool = False) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def one_line(stderr: str) -> str:
    """The one message line of stderr (progress counters like "\r3/4" aside)."""
    lines = [line for line in stderr.replace("\r", "\n").splitlines()
             if line.strip() and not re.fullmatch(r"\d+/\d+", line.strip())]
    assert len(lines) == 1, stderr
    return lines[0]


def test_exit_codes_match_the_main_command_line() -> None:
    assert (cli_print.EXIT_OK, cli_print.EXIT_UNHEALTHY, cli_print.EXIT_BAD_INPUT) == (
        cli.EXIT_OK, cli.EXIT_UNHEALTHY, cli.EXIT_BAD_INPUT)


def test_commands_are_registered() -> None:
    parser = argparse.ArgumentParser()
    handlers = cli_print.register(parser.add_subparsers(dest="command"))
    assert set(handlers) == {"sheet", "catalogue", "pricelist", "readiness"}
    args = parser.parse_args(["sheet", "W", "--product", "X", "--lang", "zh", "-o", "x.pdf"])
    assert (args.doc_lang, args.paper, args.url) == ("zh", "A4", None)   # the document's language, not --lang's
    pricelist = cli.build_parser().parse_args(["pricelist", "W", "-o", "p.pdf"])
    assert (pricelist.channel, pricelist.no_cliffs) == ("1688", False)
    assert cli.build_parser().parse_args(["pricelist", "W", "--no-cliffs", "-o", "p.pdf"]).no_cliffs


def test_sheet(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    done = main_py("sheet", str(demo_path), "--product", "XZ-LG-PC01", "--lang", "both", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    assert "Wrote 2 pages" in done.stderr
    text = "".join(text_of(target).split())
    assert "行者轻量PC硬壳拉杆箱" in text and "XingzheLightweightPCHard-ShellSpinnerSuitcase" in text
    assert "6970548001002" in text


def test_sheet_in_one_language_on_letter_with_a_shop_url(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "sheet-zh.pdf"
    done = main_py("--lang", "zh_CN", "sheet", str(demo_path), "--product", "XZ-SC-CB01", "--lang", "zh",
                   "--paper", "Letter", "--url", "https://shop.example/scarf", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "已写入" in done.stderr                        # messages follow the main --lang
    text = text_of(target)
    assert "产品卖点" in text and "Selling points" not in text
    assert "https://shop.example/scarf" in text
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    assert "612 x 792" in info


def test_unknown_product_is_bad_input(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "nope.pdf"
    done = main_py("sheet", str(demo_path), "--product", "NOPE-1", "-o", str(target))
    assert done.returncode == 2
    assert "NOPE-1" in one_line(done.stderr)
    assert not target.exists() and not list(tmp_path.iterdir())


def test_catalogue_with_progress(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "catalogue.pdf"
    done = main_py("catalogue", str(demo_path), "--lang", "en", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    assert "8/8" in done.stderr                           # loading then laying out 4 products
    text = text_of(target)
    assert "Contents" in text and "Index by code" in text and "XZ-CP-VT05-SND" in text


def cliff_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "costs more in total" in line]


def test_pricelist(demo_path: Path, tmp_path: Path) -> None:
    """The documented `pricelist W [--channel C] -o FILE.pdf`: margin prices per tier, each cliff on stderr."""
    target = tmp_path / "prices.pdf"
    done = main_py("pricelist", str(demo_path), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    text = text_of(target)
    assert "1688" in text and "≥ 300" in text and "¥245.38" in text
    assert "152.00" not in text and "2890" not in text    # costs and reference prices never printed
    warned = cliff_lines(done.stderr)
    assert warned and all(re.match(r"XZ-[A-Z0-9-]+: Buying \d+–\d+ units costs more in total", w) for w in warned)
    rows = [line for line in text_of(target, layout=True).splitlines() if line.startswith("XZ-") and "¥" in line]
    assert rows
    for row in rows:                                      # every upper tier is a real discount
        prices = [float(p.replace(",", "")) for p in re.findall(r"¥([\d,]+\.\d\d)", row)]
        assert len(prices) == 3 and prices[1] < prices[0] * 0.99 and prices[2] < prices[1] * 0.99, row


def test_pricelist_without_cliffs(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "prices.pdf"
    done = main_py("--lang", "zh_CN", "pricelist", str(demo_path), "--no-cliffs", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert not cliff_lines(done.stderr) and "总价高于" not in done.stderr
    assert "¥245.38" in text_of(target)


def test_pricelist_on_a_usd_channel_converts_at_the_workspace_rate(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "prices-usd.pdf"
    done = main_py("pricelist", str(demo_path), "--channel", "amazon_us", "-o", str(target))
    assert done.returncode == 0, done.stderr
    rows = [line for line in text_of(target, layout=True).splitlines() if line.startswith("XZ-")]
    priced = [line for line in rows if "$" in line]
    assert priced and len(priced) == len([line for line in rows if re.search(r"\d{13}", line)])
    assert "¥" not in text_of(target)


def test_pricelist_bad_channel(demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "prices.pdf"
    done = main_py("pricelist", str(demo_path), "--channel", "nope", "-o", str(target))
    assert done.returncode == 2
    assert "Unknown channel nope" in one_line(done.stderr)
    assert not list(tmp_path.iterdir())


def _demo_without(tmp_path: Path, name: str, *tables: type) -> Path:
    """A demo workspace with every row of `tables` deleted."""
    from sqlmodel import select

    workspace = create_demo_workspace(tmp_path / name)
    with workspace.session() as session:
        for table in tables:
            for row in session.exec(select(table)):
                session.delete(row)
    workspace.close()
    return tmp_path / name


def test_pricelist_of_products_without_plans_converts_at_the_workspace_rate(tmp_path: Path) -> None:
    from app.models import PricingPlan

    path = _demo_without(tmp_path, "no-plans.fdw", PricingPlan)
    target = tmp_path / "prices.pdf"
    done = main_py("pricelist", str(path), "--channel", "amazon_us", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "$" in text_of(target) and "exchange rate" not in done.stderr


def test_pricelist_without_any_exchange_rate_is_bad_input(tmp_path: Path) -> None:
    from app.models import ExchangeRate

    path = _demo_without(tmp_path, "no-rates.fdw", ExchangeRate)
    target = tmp_path / "prices.pdf"
    done = main_py("pricelist", str(path), "--channel", "amazon_us", "-o", str(target))
    assert done.returncode == 2
    assert "an exchange rate is needed" in one_line(done.stderr) and "Settings → Exchange rates" in done.stderr
    assert not target.exists()


@pytest.mark.parametrize("case", ["no workspace", "no folder", "not a pdf"])
def test_bad_paths_are_bad_input(demo_path: Path, tmp_path: Path, case: str) -> None:
    workspace, output = str(demo_path), str(tmp_path / "x.pdf")
    if case == "no workspace":
        workspace = str(tmp_path / "missing.fdw")
    elif case == "no folder":
        output = str(tmp_path / "missing" / "x.pdf")
    else:
        output = str(tmp_path / "x.txt")
    done = main_py("sheet", workspace, "--product", "XZ-LG-PC01", "-o", output)
    assert done.returncode == 2
    one_line(done.stderr)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", ["catalogue", "pricelist"])
def test_a_workspace_without_products_is_bad_input(tmp_path: Path, command: str) -> None:
    """An empty catalogue or price list would print only its frame: say what to do instead."""
    from app.db import create_workspace

    create_workspace(tmp_path / "empty.fdw").close()
    result = main_py(command, str(tmp_path / "empty.fdw"), "-o", str(tmp_path / "out.pdf"))
    assert result.returncode == 2
    assert one_line(result.stderr) == "The workspace has no products yet: add products before printing"
    assert not (tmp_path / "out.pdf").exists()
