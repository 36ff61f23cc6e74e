"""`main.py bundle export|import` as cli.md specifies it: exit 0 ok, 1 job failed, 2 bad input."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from app.db import create_workspace, head_revision

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**os.environ, "LANG": "en_US.UTF-8"})


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small workspace with a product and two SKUs."""
    from app.models import Product, Sku

    path = tmp_path_factory.mktemp("cli-bundle") / "factory.fdw"
    workspace = create_workspace(path)
    with workspace.session() as session:
        product = Product(code="SC-01", name_zh="羊绒围巾 🧣", name_en="Cashmere scarf")
        session.add(product)
        session.flush()
        for colour in ("GRY", "RED"):
            session.add(Sku(product_id=product.id, code=f"SC-01-{colour}", options={"colour": colour},
                            cost=Decimal("12345678901234567.89")))
    workspace.close()
    return path


@pytest.fixture(scope="module")
def bundle(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cli-bundle-zip") / "factory.zip"
    result = run("bundle", "export", str(workspace), "-o", str(target))
    assert result.returncode == 0, result.stderr
    return target


def test_export_then_import_round_trip(workspace: Path, bundle: Path, tmp_path: Path) -> None:
    assert bundle.is_file()
    with zipfile.ZipFile(bundle) as archive:
        assert sorted(archive.namelist()) == ["manifest.json", "workspace.fdw"]
    target = tmp_path / "received.fdw"
    result = run("bundle", "import", str(bundle), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert "checksums" in result.stderr
    check = run("check", str(target))
    assert check.returncode == 0 and head_revision() in check.stdout
    listed = run("list", str(target), "--json")
    original = run("list", str(workspace), "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == json.loads(original.stdout)
    assert json.loads(listed.stdout)[0]["name_zh"] == "羊绒围巾 🧣"


def test_export_prints_the_zip_path(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    result = run("bundle", "export", str(workspace), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert f"schema {head_revision()}" in result.stderr


def test_import_never_overwrites(bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.fdw"
    create_workspace(target).close()
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    result = run("bundle", "import", str(bundle), "-o", str(target))
    assert result.returncode == 2
    assert "not overwritten" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def test_tampered_bundle_exits_2(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        manifest = archive.read("manifest.json")
        data = bytearray(archive.read("workspace.fdw"))
    data[-100] ^= 0x01
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("workspace.fdw", bytes(data))
        archive.writestr("manifest.json", manifest)
    target = tmp_path / "x.fdw"
    result = run("bundle", "import", str(tampered), "-o", str(target))
    assert result.returncode == 2
    assert "sha256" in result.stderr
    assert not target.exists()


def test_newer_bundle_exits_2_with_update_advice(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read("workspace.fdw")
    manifest["schema_revision"] = "9999"
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(newer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("workspace.fdw", data)
        archive.writestr("manifest.json", json.dumps(manifest))
    result = run("bundle", "import", str(newer), "-o", str(tmp_path / "x.fdw"))
    assert result.returncode == 2
    assert "newer version" in result.stderr and "Update Factory Direct" in result.stderr
    chinese = run("--lang", "zh_CN", "bundle", "import", str(newer), "-o", str(tmp_path / "x.fdw"))
    assert chinese.returncode == 2 and "请先升级工厂直营" in chinese.stderr
    assert not (tmp_path / "x.fdw").exists()


def test_bad_input_exits_2(workspace: Path, tmp_path: Path) -> None:
    missing_bundle = run("bundle", "import", str(tmp_path / "nope.zip"), "-o", str(tmp_path / "x.fdw"))
    assert missing_bundle.returncode == 2 and "not found" in missing_bundle.stderr
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip")
    assert run("bundle", "import", str(junk), "-o", str(tmp_path / "x.fdw")).returncode == 2
    missing_workspace = run("bundle", "export", str(tmp_path / "nope.fdw"), "-o", str(tmp_path / "o.zip"))
    assert missing_workspace.returncode == 2 and "not found" in missing_workspace.stderr
    no_folder = run("bundle", "export", str(workspace), "-o", str(tmp_path / "no" / "such" / "o.zip"))
    assert no_folder.returncode == 2 and "folder not found" in no_folder.stderr
    assert not list(tmp_path.glob("*.fdw"))


def test_damaged_workspace_export_exits_1(tmp_path: Path) -> None:
    garbage = tmp_path / "broken.fdw"
    garbage.write_bytes(b"this is not sqlite" * 1000)
    result = run("bundle", "export", str(garbage), "-o", str(tmp_path / "o.zip"))
    assert result.returncode == 1
    assert "damaged" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.zip").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("bundle").returncode == 2  # argparse: the action is required
    assert run("bundle", "import", str(tmp_path / "a.zip")).returncode == 2  # -o is required
