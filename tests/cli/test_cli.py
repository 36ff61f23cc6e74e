"""The command line as cli.md specifies it: exit codes, messages on stderr, data on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.db import backup_folder_for, create_workspace
from app.services.workspace.backups import list_backups

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**__import__("os").environ, "LANG": "en_US.UTF-8"})


def test_check_healthy_workspace(tmp_path: Path) -> None:
    create_workspace(tmp_path / "w.fdw").close()
    result = run("check", str(tmp_path / "w.fdw"))
    assert result.returncode == 0, result.stderr
    from app.db import head_revision

    assert "integrity_check ok" in result.stdout and head_revision() in result.stdout


def test_check_damaged_workspace_exits_1_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "w.fdw"
    path.write_bytes(b"this is not sqlite" * 1000)
    result = run("check", str(path))
    assert result.returncode == 1
    assert "damaged" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_check_missing_file_is_bad_input(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope.fdw"))
    assert result.returncode == 2
    assert "not found" in result.stderr


def test_backup_to_a_file_and_default_folder(tmp_path: Path) -> None:
    path = tmp_path / "w.fdw"
    create_workspace(path).close()
    target = tmp_path / "copy.fdw"
    result = run("backup", str(path), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert run("check", str(target)).returncode == 0
    result = run("backup", str(path))
    assert result.returncode == 0
    assert len(list_backups(backup_folder_for(path))) == 1


def test_messages_follow_lang(tmp_path: Path) -> None:
    result = run("--lang", "zh_CN", "check", str(tmp_path / "nope.fdw"))
    assert result.returncode == 2
    assert "找不到文件" in result.stderr


def test_list_json_shape(tmp_path: Path) -> None:
    from decimal import Decimal

    from app.models import Product, Sku

    workspace = create_workspace(tmp_path / "w.fdw")
    with workspace.session() as session:
        product = Product(code="SC-01", name_zh="羊绒围巾", name_en="Cashmere scarf")
        session.add(product)
        session.flush()
        session.add(Sku(product_id=product.id, code="SC-01-GRY", options={"colour": "灰 Grey"},
                        gtin="6901234567892", cost=Decimal("80")))
    workspace.close()
    result = run("list", str(tmp_path / "w.fdw"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == [{"code": "SC-01", "name_zh": "羊绒围巾", "name_en": "Cashmere scarf", "category": None,
                     "skus": [{"sku": "SC-01-GRY", "options": {"colour": "灰 Grey"}, "gtin": "6901234567892"}]}]


def test_unknown_command_is_bad_input() -> None:
    result = run("no-such-command")
    assert result.returncode == 2


@pytest.mark.parametrize("view", ["factory", "pricing", "print"])
def test_screenshot_renders_the_window(tmp_path: Path, view: str) -> None:
    from PIL import Image

    path = tmp_path / "w.fdw"
    create_workspace(path).close()
    png = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--workspace", str(path), "--view", view,
                             "--lang", "en", "--screenshot", str(png)], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    with Image.open(png) as image:
        assert image.width >= 900 and image.height >= 600
        colours = image.convert("RGB").resize((64, 64)).getcolors(4096) or []
        assert len(colours) > 5, "the screenshot is blank"


@pytest.mark.parametrize("command", [["list", "{w}", "--json"], ["lint", "{w}", "--json"]])
def test_a_reader_that_stops_early_gets_no_traceback(demo_file: Path, command: list[str]) -> None:
    """`… --json | head -1`: the pipe closes while the JSON is still being written (or at the last flush),
    which is not an error: exit 0, nothing on stderr but the command's own summary."""
    line = [sys.executable, str(ROOT / "main.py"), *(part.format(w=demo_file) for part in command)]
    with subprocess.Popen(line, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(1)   # one byte, as `head -c1` reads, then the pipe is closed
        process.stdout.close()
        errors = process.stderr.read().decode("utf-8")
        status = process.wait(timeout=120)
    assert status == 0, errors
    assert "Traceback" not in errors and "BrokenPipe" not in errors and "Exception ignored" not in errors


def test_a_screenshot_run_says_why_it_failed_with_the_commands_exit_status(tmp_path: Path) -> None:
    """cli.md's exit 2 for bad input holds for `--workspace W --screenshot OUT` too: a missing W, and an OUT that
    can't be written (its folder is a file here), each one line on stderr — the second used to exit 1 silently."""
    def shot(workspace: Path, png: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "--workspace", str(workspace), "--lang", "en",
                               "--screenshot", str(png)], capture_output=True, text=True, timeout=120,
                              env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})

    missing = shot(tmp_path / "missing.fdw", tmp_path / "a.png")
    assert missing.returncode == 2 and "not found" in missing.stderr and not (tmp_path / "a.png").exists()
    path = tmp_path / "w.fdw"
    create_workspace(path).close()
    (tmp_path / "a-file").write_text("in the way")
    target = tmp_path / "a-file" / "shot.png"
    unwritable = shot(path, target)
    assert unwritable.returncode == 2, unwritable.stderr
    assert unwritable.stderr.strip().splitlines()[-1] == f"Can't write the screenshot: {target}"


def test_a_closed_standard_error_does_not_stop_the_job(demo_file: Path, tmp_path: Path) -> None:
    """`… 2>&1 | head -c2`: the progress counter's reader goes away; the catalogue is still written, exit 0 (a
    closed standard error once passed for a closed standard output: exit 0 with no PDF)."""
    target = tmp_path / "catalogue.pdf"
    line = [sys.executable, str(ROOT / "main.py"), "catalogue", str(demo_file), "-o", str(target)]
    with subprocess.Popen(line, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT) as process:
        assert process.stderr is not None
        process.stderr.read(1)
        process.stderr.close()
        status = process.wait(timeout=180)
    assert status == 0 and target.is_file() and target.read_bytes().startswith(b"%PDF")


def test_commands_run_without_standard_streams(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A windowed build has no console: sys.stdout and sys.stderr are None there, and a command still runs and
    exits as it would with them."""
    from app import cli

    create_workspace(tmp_path / "w.fdw").close()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert cli.main(["check", str(tmp_path / "w.fdw")]) == 0
    assert cli.main(["backup", str(tmp_path / "missing.fdw")]) == 2


def test_an_error_names_the_output_for_its_temporary_names_only(tmp_path: Path) -> None:
    """A file written under a temporary name beside the output is reported as the output; an input file that
    happens to sit in the same folder (an unreadable bundle) is reported as itself."""
    import argparse
    import errno

    from app.cli import environment_error
    from app.models.bilingual import Bilingual

    args = argparse.Namespace(output=tmp_path / "received.fdw", workspace=None)

    def named_in(filename: str) -> Bilingual:
        typed = environment_error(PermissionError(errno.EACCES, "Permission denied", str(tmp_path / filename)), args)
        assert typed is not None
        return typed.message

    for temporary in (".received.fdw.4242-0a1b2c3d.partial", ".received.fdw.4242-0a1b2c.building",
                      ".fd-bundle-4242-x1y2z3"):
        assert "received.fdw" in named_in(temporary).en and ".partial" not in named_in(temporary).en
    assert "handover.zip" in named_in("handover.zip").en and "received.fdw" not in named_in("handover.zip").en
