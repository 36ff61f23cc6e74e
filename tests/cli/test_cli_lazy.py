"""The command line imports only what the line asks for (start-up time, issue #17)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imported_after(argv: list[str]) -> set[str]:
    """The subcommand modules and database modules loaded by parsing `argv` in a fresh interpreter."""
    code = ("import sys; from app.cli import parse; parse(sys.argv[1:]); "
            "print(' '.join(m for m in sys.modules if m.startswith('app.cli.') or m in ('sqlalchemy', 'app.models')))")
    done = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize(("argv", "expected"), [
    (["--workspace", "w.fdw", "--lang", "en"], set()),
    (["check", "w.fdw"], set()),
    (["lint", "w.fdw"], {"app.cli.packs"}),
    (["--lang", "en", "pack", "w.fdw", "--all", "--platform", "jd", "-o", "out"], {"app.cli.packs"}),
    (["bundle", "export", "w.fdw", "-o", "w.zip"], {"app.cli.bundle"}),
    (["sheet", "w.fdw", "--product", "P1", "-o", "p.pdf"], {"app.cli.printing"}),
])
def test_only_the_subcommand_being_run_is_imported(argv, expected):
    assert {m for m in _imported_after(argv) if m.startswith("app.cli.")} == expected
    if not expected:
        assert "sqlalchemy" not in _imported_after(argv)


def test_help_still_lists_every_subcommand():
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True, text=True,
                          timeout=120, check=True)
    for name in ("demo", "check", "import", "export-catalogue", "lint", "pack", "sheet", "catalogue", "pricelist",
                 "readiness", "push", "bundle"):
        assert f"    {name}" in done.stdout


@pytest.mark.parametrize("argv", [["bogus"], ["--view", "bogus"], ["pack"], ["--v"]])
def test_mistakes_are_told_by_the_whole_parser(argv):
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 2
    assert "error:" in done.stderr and "Traceback" not in done.stderr
