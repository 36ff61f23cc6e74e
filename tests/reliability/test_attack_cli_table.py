"""Attack: hostile inputs against every kind of command, through `python main.py` as a subprocess (issue #18).

One table: each row builds a hostile input (a bundle with a deeply nested manifest, integers past 2^63 in a
CSV, an XLSX or a pricing scenario, malformed XLSX XML, a workspace of the wrong schema or from a newer app)
and names the command to run on it, the exit status (2 bad input, 1 a job that failed: busy, disk full) and
words the reason must hold. Every row must give exactly one line on stderr, no "Traceback", and leave the
workspace byte for byte as it was. The environments (a lock held by another process, a read-only folder, a
full disk) run the same commands against a healthy workspace.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from attack_kit import (
    Figures,
    assert_one_line_failure,
    full_disk,
    integrity,
    lock_held,
    make_workspace,
    read_only_folder,
    reason_lines,
    run_cli,
    sha256,
)

from app.services.workspace.bundles import MANIFEST_ENTRY, WORKSPACE_ENTRY, export_bundle

BIG = 2**63
HEADER = ["product_code", "name_zh", "name_en", "sku", "weight_g"]


@dataclass(frozen=True)
class Attack:
    """A hostile input: `build(folder, workspace)` writes it and returns the command's arguments.

    `report` is how the command answers: "one line" (the reason), "row errors" (`import`'s contract: one line
    per refused row, the first naming it, then the summary "nothing was written") or "accepted" (exit 0: the
    value is within the app's documented limits and the result is exact)."""

    build: Callable[[Path, Path], list[str | Path]]
    status: int
    words: tuple[str, ...] = ()
    report: str = "one line"


# --- the hostile inputs ---------------------------------------------------------------------------------------

def _bundle_with_manifest(folder: Path, workspace: Path, manifest: bytes | Callable[[dict], dict]) -> Path:
    good = folder / "good.zip"
    if not good.exists():
        export_bundle(workspace, good)
    with zipfile.ZipFile(good) as archive:
        data = archive.read(WORKSPACE_ENTRY)
        original = json.loads(archive.read(MANIFEST_ENTRY))
    text = manifest if isinstance(manifest, bytes) else json.dumps(manifest(original)).encode()
    hostile = folder / "hostile.zip"
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(WORKSPACE_ENTRY, data)
        archive.writestr(MANIFEST_ENTRY, text)
    return hostile


def bundle_import(manifest: bytes | Callable[[dict], dict]) -> Callable[[Path, Path], list[str | Path]]:
    def build(folder: Path, workspace: Path) -> list[str | Path]:
        return ["bundle", "import", _bundle_with_manifest(folder, workspace, manifest), "-o", folder / "new.fdw"]

    return build


def with_file_size(size: int) -> Callable[[dict], dict]:
    def change(manifest: dict) -> dict:
        manifest["files"][WORKSPACE_ENTRY]["size"] = size
        return manifest

    return change


def with_field(name: str, value: object) -> Callable[[dict], dict]:
    def change(manifest: dict) -> dict:
        return {**manifest, name: value}

    return change


def csv_import(cell: str) -> Callable[[Path, Path], list[str | Path]]:
    def build(folder: Path, workspace: Path) -> list[str | Path]:
        source = folder / "hostile.csv"
        rows = [HEADER, ["H-1", "名字", "Name", "H-1-A", cell]]
        source.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
        return ["import", workspace, source]

    return build


def _xlsx(folder: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """A workbook written by openpyxl, with its parts changed by `change` (name -> bytes)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["X-1", "名字", "Name", "X-1-A", 120])
    good = folder / "good.xlsx"
    book.save(good)
    with zipfile.ZipFile(good) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    change(parts)
    hostile = folder / "hostile.xlsx"
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return hostile


def xlsx_import(change: Callable[[dict[str, bytes]], None]) -> Callable[[Path, Path], list[str | Path]]:
    def build(folder: Path, workspace: Path) -> list[str | Path]:
        return ["import", workspace, _xlsx(folder, change)]

    return build


def truncated_sheet(parts: dict[str, bytes]) -> None:
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet[: len(sheet) // 2]


def unclosed_workbook(parts: dict[str, bytes]) -> None:
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</workbook>", b"<sheets>")


def entity_expansion(parts: dict[str, bytes]) -> None:
    """A "billion laughs" document type in the sheet: its entities must never be expanded."""
    laughs = "".join(f'<!ENTITY l{n} "' + f"&l{n - 1};" * 10 + '">' for n in range(1, 10))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY l0 "ha">{laughs}]>'.encode()
    sheet = parts["xl/worksheets/sheet1.xml"].replace(b"X-1-A", b"&l9;")
    head, _, body = sheet.partition(b"?>")
    parts["xl/worksheets/sheet1.xml"] = head + b"?>" + doctype + body


def huge_number_cell(parts: dict[str, bytes]) -> None:
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"<v>120</v>",
                                                                                  f"<v>{BIG}</v>".encode())


def scenario(change: Callable[[dict], object]) -> Callable[[Path, Path], list[str | Path]]:
    def build(folder: Path, workspace: Path) -> list[str | Path]:
        base = {"version": 1, "currency": "CNY", "costs": {"product": "100"}, "fees_fixed": {},
                "fees_percent": {"commission": "0.05"}, "returns": {"rate": "0", "loss_per_return": "0"},
                "vat": "0.13", "target": {"kind": "margin", "value": "0.20"}, "discount": "0",
                "ending": {"style": "END_9", "avoid_digit_4": False}}
        path = folder / "scenario.json"
        changed = change(base)
        path.write_text(changed if isinstance(changed, str) else json.dumps(changed), encoding="utf-8")
        return ["price", path]

    return build


def on_workspace(*command: str, make: Callable[[Path], None]) -> Callable[[Path, Path], list[str | Path]]:
    """`command` run on the workspace after `make` turned it into something else."""
    def build(folder: Path, workspace: Path) -> list[str | Path]:
        make(workspace)
        return [command[0], workspace, *(folder / part if part.endswith((".pdf", ".csv")) else part
                                         for part in command[1:])]

    return build


def wrong_schema(workspace: Path) -> None:
    connection = sqlite3.connect(workspace)
    connection.executescript("DROP TABLE IF EXISTS catalogue_fts; DROP TABLE sku; DROP TABLE product;")
    connection.close()


def newer_schema(workspace: Path) -> None:
    connection = sqlite3.connect(workspace)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()


NESTED = b"[" * 30_000 + b"]" * 30_000  # 60 KB: under the manifest's size cap, far past any parser's depth

ATTACKS: dict[str, Attack] = {
    "bundle: deeply nested manifest": Attack(bundle_import(NESTED), 2, ("manifest",)),
    "bundle: nested manifest object": Attack(
        bundle_import(b'{"files": ' + b'{"a": ' * 20_000 + b"1" + b"}" * 20_001), 2, ("manifest",)),
    "bundle: size 2^64 in the manifest": Attack(bundle_import(with_file_size(2**64)), 2, ("bundle",)),
    "bundle: size 2^63 in the manifest": Attack(bundle_import(with_file_size(BIG)), 2, ("bundle",)),
    "bundle: format 2^63": Attack(bundle_import(with_field("format", BIG)), 2, ("newer",)),
    "bundle: 5000-digit format": Attack(bundle_import(b'{"format": ' + b"9" * 5000 + b"}"), 2, ("manifest",)),
    "csv: 2^63 in a number cell": Attack(csv_import(str(BIG)), 2, ("row 2",), "row errors"),
    "csv: 150 nines in a number cell": Attack(csv_import("9" * 150), 2, ("row 2",), "row errors"),
    "csv: 5000 nines in a number cell": Attack(csv_import("9" * 5000), 2, ("row 2",), "row errors"),
    "xlsx: 2^63 in a number cell": Attack(xlsx_import(huge_number_cell), 2, ("row 2",), "row errors"),
    "xlsx: truncated sheet XML": Attack(xlsx_import(truncated_sheet), 2, ("excel",), "row errors"),
    "xlsx: unclosed workbook XML": Attack(xlsx_import(unclosed_workbook), 2, ("excel",), "row errors"),
    "xlsx: entity expansion": Attack(xlsx_import(entity_expansion), 2, ("excel",), "row errors"),
    # 2^63 is below the largest amount the app takes (1e20): priced exactly, no overflow anywhere
    "price: 2^63 as the price target": Attack(
        scenario(lambda s: {**s, "target": {"kind": "price", "value": BIG}}), 0, report="accepted"),
    "price: 2^63 as a cost": Attack(scenario(lambda s: {**s, "costs": {"product": BIG}}), 0, report="accepted"),
    "price: 2^70 as a cost": Attack(scenario(lambda s: {**s, "costs": {"product": 2**70}}), 2, ("too large",)),
    "price: 2^64 as the price target": Attack(
        scenario(lambda s: {**s, "target": {"kind": "price", "value": 2**64 * 10}}), 2, ("too large",)),
    "price: 10^400 as a cost": Attack(scenario(lambda s: json.dumps(s).replace('"100"', "1" + "0" * 400)), 2),
    "price: 5000 digits as a cost": Attack(scenario(lambda s: json.dumps(s).replace('"100"', "9" * 5000)), 2),
    "price: 2^63 as the discount": Attack(scenario(lambda s: {**s, "discount": str(BIG)}), 2),
    "price: deeply nested scenario": Attack(scenario(lambda s: "[" * 100_000 + "]" * 100_000), 2),
    "wrong schema: list": Attack(on_workspace("list", make=wrong_schema), 2, ("not a factory direct",)),
    "wrong schema: sheet": Attack(on_workspace("sheet", "--product", "P00000", "-o", "s.pdf", make=wrong_schema), 2,
                                  ("not a factory direct",)),
    "wrong schema: export": Attack(on_workspace("export-catalogue", "-o", "x.csv", make=wrong_schema), 2,
                                   ("not a factory direct",)),
    "wrong schema: check": Attack(on_workspace("check", make=wrong_schema), 1, ("not a factory direct",)),
    "newer schema: list": Attack(on_workspace("list", make=newer_schema), 2, ("update",)),
    "newer schema: sheet": Attack(on_workspace("sheet", "--product", "P00000", "-o", "s.pdf", make=newer_schema), 2,
                                  ("update",)),
    "newer schema: catalogue": Attack(on_workspace("catalogue", "-o", "c.pdf", make=newer_schema), 2, ("update",)),
    "newer schema: readiness": Attack(on_workspace("readiness", "-o", "r.pdf", make=newer_schema), 2, ("update",)),
    "newer schema: import": Attack(on_workspace("import", "h.csv", make=newer_schema), 2, ("update",)),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace as the app leaves it after use (search index built): opening it again changes no byte."""
    from app.db import open_workspace
    from app.services.catalogue.search import ensure_search_index

    path = make_workspace(tmp_path_factory.mktemp("pristine") / "shop.fdw", products=3)
    workspace = open_workspace(path)
    try:
        ensure_search_index(workspace.engine)
    finally:
        workspace.close()
    return path


@pytest.mark.parametrize("name", list(ATTACKS))
def test_hostile_input_gets_one_line_and_changes_nothing(pristine: Path, tmp_path: Path, name: str) -> None:
    attack = ATTACKS[name]
    workspace = tmp_path / "shop.fdw"
    workspace.write_bytes(pristine.read_bytes())
    args = attack.build(tmp_path, workspace)
    before = sha256(workspace)
    (tmp_path / "h.csv").write_text(",".join(HEADER) + "\nH-1,名字,Name,H-1-A,1\n", encoding="utf-8")
    result = run_cli("--lang", "en", *args, timeout=120)
    if attack.report == "accepted":
        assert result.returncode == 0 and not result.stderr, result.stderr
        assert json.loads(result.stdout)
    elif attack.report == "row errors":
        lines = reason_lines(result.stderr)
        assert "Traceback" not in result.stderr and result.returncode == attack.status, result.stderr[-2000:]
        assert all(word.lower() in lines[0].lower() for word in attack.words), lines
        assert all(len(line) < 600 for line in lines), lines
        assert len(lines) == 1 or "nothing was written" in lines[-1].lower(), lines
    else:
        assert_one_line_failure(result, attack.status, *attack.words)
    assert sha256(workspace) == before, "the workspace must be byte for byte as it was"
    assert not (tmp_path / "new.fdw").exists()
    assert not [p for p in tmp_path.rglob("*") if ".partial" in p.name or "before-migration" in p.name]


def test_check_on_a_newer_file_says_so_and_nothing_migrates_it(pristine: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "shop.fdw"
    workspace.write_bytes(pristine.read_bytes())
    newer_schema(workspace)
    before = sha256(workspace)
    result = run_cli("--lang", "en", "check", workspace)
    assert result.returncode == 0, result.stderr
    assert "newer" in result.stdout and "no command of this version changes it" in result.stdout
    assert sha256(workspace) == before


# --- environments: the same commands against a healthy workspace ----------------------------------------

COMMANDS_ON_A_WORKSPACE: list[list[str]] = [
    ["list"], ["import", "h.csv"], ["export-catalogue", "-o", "x.csv"], ["sheet", "--product", "P00000", "-o", "s.pdf"],
    ["backup"], ["bundle-export"],
]


def _args(command: list[str], workspace: Path, out: Path) -> list[str | Path]:
    if command == ["bundle-export"]:
        return ["bundle", "export", workspace, "-o", out / "b.zip"]
    rest = [out / part if part.endswith((".pdf", ".csv", ".zip")) else part for part in command[1:]]
    return [command[0], workspace, *rest]


def test_a_busy_workspace_is_in_use_for_every_command(pristine: Path, tmp_path: Path) -> None:
    figures = Figures("cli table: busy")
    workspace = tmp_path / "shop.fdw"
    workspace.write_bytes(pristine.read_bytes())
    (tmp_path / "h.csv").write_text(",".join(HEADER) + "\nH-1,名字,Name,H-1-A,1\n", encoding="utf-8")
    with lock_held(workspace):
        for command in COMMANDS_ON_A_WORKSPACE:
            result = run_cli("--lang", "en", *_args(command, workspace, tmp_path), timeout=120)
            figures.inputs_tried += 1
            assert_one_line_failure(result, 1, "in use")
    assert integrity(workspace) == "ok"
    figures.report()


def test_a_read_only_workspace_is_said_plainly(pristine: Path, tmp_path: Path) -> None:
    figures = Figures("cli table: read-only")
    (tmp_path / "h.csv").write_text(",".join(HEADER) + "\nH-1,名字,Name,H-1-A,1\n", encoding="utf-8")
    with read_only_folder(tmp_path, [pristine]) as env:
        figures.notes.append(f"environment: {env.kind}")
        workspace = env.folder / "shop.fdw"
        before = sha256(workspace)
        result = run_cli("--lang", "en", "import", workspace, tmp_path / "h.csv")
        figures.inputs_tried += 1
        assert_one_line_failure(result, 2, "read-only")
        result = run_cli("--lang", "en", "list", workspace)
        assert result.returncode == 0, result.stderr  # reading still works
        result = run_cli("--lang", "en", "bundle", "export", workspace, "-o", env.folder / "b.zip")
        figures.inputs_tried += 1
        assert "Traceback" not in result.stderr and result.returncode == 2, result.stderr
        assert sha256(workspace) == before
    figures.report()


def test_a_full_disk_is_said_plainly_for_every_writer(pristine: Path, tmp_path: Path) -> None:
    figures = Figures("cli table: disk full")
    big = tmp_path / "big.csv"
    rows = [",".join(HEADER)] + [f"F-{n},名字{n},Name {n},F-{n}-A,{n}" for n in range(3000)]
    big.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with full_disk(tmp_path, [pristine], room_kib=64) as env:
        figures.notes.append(f"environment: {env.kind}")
        workspace = env.folder / "shop.fdw"
        before = hashlib.sha256(workspace.read_bytes()).hexdigest()
        for args, limit in ((["import", workspace, big], env.preexec),
                            (["bundle", "export", workspace, "-o", env.folder / "b.zip"], env.copy_preexec),
                            (["backup", workspace, "-o", env.folder / "copy.fdw"], env.copy_preexec)):
            result = run_cli("--lang", "en", *args, preexec=limit, timeout=120)
            figures.inputs_tried += 1
            assert_one_line_failure(result, 1, "disk is full")
        assert sha256(workspace) == before
        assert not [p for p in env.folder.rglob("*") if ".partial" in p.name or p.name.startswith(".fd-")]
    figures.report()
