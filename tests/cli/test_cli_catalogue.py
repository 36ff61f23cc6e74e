"""`import` and `export-catalogue` on the command line: exit codes, stderr one error per line, nothing written.

The handlers run through a small argparse built here with `cli_catalogue.register`, so these tests don't
are registered by `app.cli`; the last test runs main.py end to end.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import func, select

from app import cli
from app.cli import catalogue as cli_catalogue
from app.db import Workspace, create_workspace, open_workspace
from app.models import Product, Sku
from app.models.bilingual import UserFacingError
from app.services.catalogue.categories import (
    category_by_code,
    install_default_categories,
)

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str, lang: str = "en") -> int:
    """Parse and run like app.cli.main does (UserFacingError -> its message, exit 2)."""
    parser = argparse.ArgumentParser(prog="main.py")
    handlers = cli_catalogue.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    out = cli.CommandLine(lang)
    try:
        return handlers[args.command](args, out)
    except UserFacingError as error:
        return out.fail(error.message)


@pytest.fixture
def filled(workspace: Workspace) -> Workspace:
    with workspace.session() as session:
        install_default_categories(session)
        product = Product(code="XZ-1", name_zh="行李箱 𠀀", name_en="=cmd",
                          category_id=category_by_code(session, "luggage").id)
        session.add(product)
        session.flush()
        session.add(Sku(product_id=product.id, code="XZ-1-A", gtin="0012345678905",
                        cost=Decimal("12345678901234567.89"),
                        options={"colour": "黑色"}))
    workspace.close()
    return workspace


def counts(path: Path) -> tuple[int, int]:
    workspace = open_workspace(path)
    try:
        with workspace.session() as session:
            return (session.exec(select(func.count()).select_from(Product)).one(),
                    session.exec(select(func.count()).select_from(Sku)).one())
    finally:
        workspace.close()


def test_exit_codes_match_app_cli() -> None:
    assert (cli_catalogue.EXIT_OK, cli_catalogue.EXIT_UNHEALTHY, cli_catalogue.EXIT_BAD_INPUT) == \
        (cli.EXIT_OK, cli.EXIT_UNHEALTHY, cli.EXIT_BAD_INPUT)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_another_workspace(filled: Workspace, tmp_path: Path, suffix: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / f"catalogue{suffix}"
    assert run("export-catalogue", str(filled.path), "-o", str(output)) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(output) and "Exported 1 rows" in captured.err
    target = tmp_path / "target.fdw"
    create_workspace(target).close()
    with pytest.raises(SystemExit):
        run("import", str(target), str(output), "--encoding", "latin-1")
    capsys.readouterr()
    assert run("import", str(target), str(output)) == 2          # no categories yet: unknown category
    assert "row 2, category" in capsys.readouterr().err
    workspace = open_workspace(target)
    with workspace.session() as session:
        install_default_categories(session)
    workspace.close()
    assert run("import", str(target), str(output)) == 0
    assert "1 products created" in capsys.readouterr().err
    assert counts(target) == (1, 1)


def test_bad_rows_exit_2_one_error_per_line_and_nothing_written(filled: Workspace, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([["product_code", "sku", "gtin", "cost"], ["N-1", "N-1-A", "123", "1"],
                                      ["N-2", "N-2-A", "", "-3"], ["N-3", "N-1-A", "", "abc\nmore"]])
    assert run("import", str(filled.path), str(path)) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0].startswith("row 2, gtin:") and lines[1].startswith("row 3, cost:")
    assert {line.split(":")[0] for line in lines[2:4]} == {"row 4, sku", "row 4, cost"}
    assert lines[-1] == "Errors in the file: 4; nothing was written."
    assert counts(filled.path) == (1, 1)


def test_messages_follow_the_language(filled: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("import", str(filled.path), str(tmp_path / "missing.csv"), lang="zh_CN") == 2
    assert "找不到文件" in capsys.readouterr().err


def test_bad_input(filled: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export-catalogue", str(filled.path), "-o", str(tmp_path / "x.pdf")) == 2
    assert run("export-catalogue", str(tmp_path / "none.fdw"), "-o", str(tmp_path / "x.csv")) == 2
    assert run("export-catalogue", str(filled.path), "-o", str(tmp_path / "no" / "x.csv")) == 2
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(128, 256)) * 10)
    assert run("import", str(filled.path), str(garbage)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and "encoding" in err[-1]
    if not filled.is_team:  # a workspace file is the binary file at hand (a team workspace has none)
        assert run("import", str(filled.path), str(filled.path)) == 2   # a binary file (the workspace itself)
        assert "binary" in capsys.readouterr().err


def test_gb18030_can_be_chosen(filled: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("product_code,name_zh\r\nG-1,保温杯\r\n".encode("gbk"))
    assert run("import", str(filled.path), str(path), "--encoding", "gb18030") == 0
    assert "gb18030" in capsys.readouterr().err
    assert counts(filled.path) == (2, 1)


def test_through_main_py(filled: Workspace, tmp_path: Path) -> None:
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    output = tmp_path / "c.csv"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "export-catalogue", str(filled.path), "-o",
                             str(output)], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(filled.path), str(output)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr


def test_a_file_with_an_error_on_every_row_prints_the_first_and_counts_the_rest(
        filled: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview keeps the first errors only (a million bad rows must not hold a million messages); the
    command line prints the first 200 and says how many more there are, counting all of them."""
    from app.services.catalogue.io import importing as catalogue_import

    monkeypatch.setattr(catalogue_import, "MAX_ERRORS", 250)
    path = tmp_path / "bad.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["product_code", "sku", "weight_g"]] +
                                     [[f"B-{n}", f"B-{n}-A", "-1"] for n in range(1000)])
    assert run("import", str(filled.path), str(path)) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0].startswith("row 2, weight_g:") and lines[199].startswith("row 201, weight_g:")
    assert lines[200:] == ["… and 800 more errors", "Errors in the file: 1,000; nothing was written."]
    assert counts(filled.path) == (1, 1)
