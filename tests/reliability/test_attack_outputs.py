"""Outputs aimed at a folder nobody can write to (found by an audit against cli.md): every command that writes a
file says so in one line of its own — after its progress counter, not glued to it — names the user's file (not
a temporary one beside it), exits 2 as for any place that can't be written, and prints no traceback (openpyxl's
half-written sheet used to complain when it was collected)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from attack_kit import read_only_folder, run_cli

PRODUCT = "XZ-LG-PC01"

COMMANDS = {
    "export xlsx": ("export-catalogue", "{w}", "-o", "{out}/catalogue.xlsx"),
    "export csv": ("export-catalogue", "{w}", "-o", "{out}/catalogue.csv"),
    "catalogue pdf": ("catalogue", "{w}", "-o", "{out}/catalogue.pdf"),
    "sheet pdf": ("sheet", "{w}", "--product", PRODUCT, "-o", "{out}/sheet.pdf"),
    "pack": ("pack", "{w}", "--product", PRODUCT, "--platform", "tmall", "-o", "{out}/packs"),
    "bundle export": ("bundle", "export", "{w}", "-o", "{out}/handover.zip"),   # written under temporary names
    "bundle import": ("bundle", "import", "{zip}", "-o", "{out}/received.fdw"),
}


def _last_line_is_the_reason(stderr: str, name: str) -> None:
    lines = [line for line in stderr.replace("\r", "\n").splitlines() if line.strip()]
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    reason = lines[-1]
    assert reason.startswith("Can't write") and name in reason, stderr   # a line of its own, naming the file
    assert ".partial" not in reason and ".fd-" not in reason


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_an_output_in_a_folder_nobody_can_write_is_one_line_exit_2(demo_file: Path, tmp_path: Path,
                                                                   command: str, monkeypatch, capsys) -> None:
    bundle = tmp_path / "handover.zip"
    if "{zip}" in COMMANDS[command]:
        assert run_cli("bundle", "export", demo_file, "-o", bundle).returncode == 0
    with read_only_folder(tmp_path, []) as env:
        line = [part.format(w=demo_file, out=env.folder, zip=bundle) for part in COMMANDS[command]]
        name = Path(line[-1]).name
        if env.kind == "none":   # nothing can be made read-only here: the write meets EROFS as it would there
            _simulated(env.folder, line, name, monkeypatch, capsys)
            return
        result = run_cli(*line)
        assert result.returncode == 2, result.stderr
        _last_line_is_the_reason(result.stderr, name)
        assert list(env.folder.iterdir()) == []


def _simulated(folder: Path, line: list[str], name: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Every way the commands create a file or folder meets EROFS inside `folder`, as read-only media give it."""
    import builtins
    import io
    import os

    from app import cli

    def inside(path: object) -> bool:
        target = Path(os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else "")
        return target == folder or folder in target.parents

    def refusing(real, writes):  # type: ignore[no-untyped-def]
        def call(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if inside(path) and writes(args, kwargs):
                raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))
            return real(path, *args, **kwargs)
        return call

    def file_writes(args, kwargs) -> bool:  # type: ignore[no-untyped-def]
        mode = args[0] if args else kwargs.get("mode", "r")
        return isinstance(mode, str) and any(flag in mode for flag in "wax+")

    def flag_writes(args, kwargs) -> bool:  # type: ignore[no-untyped-def]
        flags = args[0] if args else kwargs.get("flags", 0)
        return bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))

    monkeypatch.setattr(builtins, "open", refusing(builtins.open, file_writes))
    monkeypatch.setattr(io, "open", refusing(io.open, file_writes))
    monkeypatch.setattr(os, "open", refusing(os.open, flag_writes))
    monkeypatch.setattr(os, "mkdir", refusing(os.mkdir, lambda args, kwargs: True))
    assert cli.main(["--lang", "en", *line]) == 2
    _last_line_is_the_reason(capsys.readouterr().err, name)
