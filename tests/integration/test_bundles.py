"""Handing a workspace over (issue 8): bundle round trip, and every way a bundle is refused."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pytest

from app import __version__, sqlite_only
from app.db import (
    NotAWorkspace,
    WorkspaceDamaged,
    WorkspaceNotFound,
    create_workspace,
    head_revision,
    open_workspace,
)
from app.services.workspace import bundles
from app.services.workspace.bundles import (
    MANIFEST_ENTRY,
    WORKSPACE_ENTRY,
    BundleCancelled,
    BundleDamaged,
    BundleFile,
    BundleNotFound,
    BundleOutputExists,
    BundleTargetExists,
    BundleTargetInUse,
    BundleTooNew,
    export_bundle,
    import_bundle,
    read_manifest,
)

ROOT = Path(__file__).resolve().parents[2]


# --- helpers ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, made once for the module (it takes a few seconds)."""
    from app.services.workspace.demo import create_demo_workspace

    path = tmp_path_factory.mktemp("demo") / "demo.fdw"
    create_demo_workspace(path).close()
    return path


@pytest.fixture(scope="module")
def demo_zip(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One good bundle of the demo workspace; tests copy it before altering anything."""
    target = tmp_path_factory.mktemp("bundle") / "demo.zip"
    export_bundle(demo, target)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every ordinary table's rows, read-only, in a stable order."""
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        result = {}
        for name in names:
            try:
                result[name] = connection.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            except sqlite3.OperationalError:  # a virtual table whose module isn't loaded: its shadow tables count
                continue
        return result
    finally:
        connection.close()


def rewrite(source: Path, target: Path, *, entries: dict[str, bytes | None] | None = None,
            manifest: dict | None = None) -> None:
    """Copy a bundle with entries replaced (bytes), removed (None) or added; optionally a new manifest."""
    entries = dict(entries or {})
    with zipfile.ZipFile(source) as original:
        contents = {info.filename: original.read(info) for info in original.infolist()}
    if manifest is not None:
        entries[MANIFEST_ENTRY] = json.dumps(manifest).encode("utf-8")
    for name, data in entries.items():
        if data is None:
            contents.pop(name, None)
        else:
            contents[name] = data
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def manifest_of(zip_path: Path) -> dict:
    with zipfile.ZipFile(zip_path) as archive:
        return json.loads(archive.read(MANIFEST_ENTRY))


def no_leftovers(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if ".partial" in p.name or p.name.startswith(".fd-bundle-")]


def assert_refused(error: type[Exception], zip_path: Path, tmp_path: Path, *, match: str | None = None) -> Exception:
    target = tmp_path / "imported.fdw"
    with pytest.raises(error, match=match) as caught:
        import_bundle(zip_path, target)
    assert not target.exists(), "a refused bundle must not leave a workspace behind"
    assert no_leftovers(tmp_path)
    return caught.value


# --- the round trip -----------------------------------------------------------------------------------------

def test_round_trip_keeps_every_row(demo: Path, demo_zip: Path, tmp_path: Path) -> None:
    target = tmp_path / "handed-over.fdw"
    progress: list[tuple[int, int]] = []
    assert import_bundle(demo_zip, target, progress=lambda done, total: progress.append((done, total))) == target
    before, after = tables(demo), tables(target)
    assert {name: len(rows) for name, rows in after.items()} == {name: len(rows) for name, rows in before.items()}
    assert len(after["product"]) > 0 and len(after["sku"]) > 0 and len(after["blob"]) > 0
    for name in ("product", "sku", "product_image", "blob", "category", "factory_profile"):
        assert after[name] == before[name], f"{name} differs after the round trip"
    assert after == before
    assert progress[-1][0] == progress[-1][1] == target.stat().st_size
    assert sqlite_only.check_file(target, full=True) == (True, "ok")
    workspace = open_workspace(target)  # opens like any workspace, no migration needed
    try:
        assert workspace.migrated_from is None and workspace.revision() == head_revision()
    finally:
        workspace.close()
    assert no_leftovers(tmp_path)


def test_manifest_content(demo: Path, demo_zip: Path) -> None:
    with zipfile.ZipFile(demo_zip) as archive:
        assert sorted(archive.namelist()) == sorted([WORKSPACE_ENTRY, MANIFEST_ENTRY])
        snapshot = archive.read(WORKSPACE_ENTRY)
    data = manifest_of(demo_zip)
    assert data["format"] == 1
    assert data["app_version"] == __version__
    assert data["schema_revision"] == head_revision()
    assert data["source"] == "demo.fdw"
    assert data["created_at"].endswith("Z")
    assert data["files"] == {WORKSPACE_ENTRY: {"size": len(snapshot), "sha256": hashlib.sha256(snapshot).hexdigest()}}
    assert snapshot[18:20] == b"\x01\x01", "the snapshot is one self-contained file, not in WAL mode"
    parsed = read_manifest(demo_zip)
    assert parsed.schema_revision == head_revision() and parsed.files[WORKSPACE_ENTRY].size == len(snapshot)


def test_export_returns_manifest_and_replaces_an_old_zip_atomically(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    target.write_bytes(b"an older bundle")
    with pytest.raises(BundleOutputExists):  # replacing a file is asked for (--force, the GUI's question)
        export_bundle(demo, target)
    assert target.read_bytes() == b"an older bundle"
    seen: list[tuple[int, int]] = []
    manifest = export_bundle(demo, target, progress=lambda done, total: seen.append((done, total)), overwrite=True)
    assert manifest.path == target
    assert manifest.schema_revision == head_revision() and manifest.app_version == __version__
    assert manifest.to_json() == manifest_of(target)
    assert seen[0] == (0, manifest.files[WORKSPACE_ENTRY].size) and seen[-1][0] == seen[-1][1]
    assert no_leftovers(tmp_path)


def test_cancelled_export_leaves_nothing(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    calls = iter(range(100))
    with pytest.raises(BundleCancelled):
        export_bundle(demo, target, cancel=lambda: next(calls) >= 2)  # cancel while compressing
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_a_bad_source(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFound):
        export_bundle(tmp_path / "missing.fdw", tmp_path / "out.zip")
    garbage = tmp_path / "garbage.fdw"
    garbage.write_bytes(b"not a database at all" * 500)
    with pytest.raises(WorkspaceDamaged):
        export_bundle(garbage, tmp_path / "out.zip")
    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    with pytest.raises(NotAWorkspace):
        export_bundle(foreign, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


# --- refusals -----------------------------------------------------------------------------------------------

def test_tampered_workspace_is_refused_by_its_checksum(demo_zip: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(demo_zip) as archive:
        data = bytearray(archive.read(WORKSPACE_ENTRY))
    data[len(data) // 2] ^= 0x01  # one bit in the middle of the database: still a valid zip, wrong sha256
    tampered = tmp_path / "tampered.zip"
    rewrite(demo_zip, tampered, entries={WORKSPACE_ENTRY: bytes(data)})
    error = assert_refused(BundleDamaged, tampered, tmp_path, match="sha256")
    assert "altered" in error.text("en") and "改动" in error.text("zh")


def test_flipped_byte_in_the_zip_is_refused(demo_zip: Path, tmp_path: Path) -> None:
    raw = bytearray(demo_zip.read_bytes())
    with zipfile.ZipFile(demo_zip) as archive:
        info = archive.getinfo(WORKSPACE_ENTRY)
    data_start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[data_start + info.compress_size // 2] ^= 0xFF  # inside the compressed stream
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(raw))
    assert_refused(BundleDamaged, flipped, tmp_path, match="compressed data damaged|sha256")


def test_newer_schema_is_refused_with_update_advice(demo_zip: Path, tmp_path: Path) -> None:
    manifest = manifest_of(demo_zip)
    manifest["schema_revision"] = "9999"
    newer = tmp_path / "newer.zip"
    rewrite(demo_zip, newer, manifest=manifest)
    error = assert_refused(BundleTooNew, newer, tmp_path)
    assert "9999" in error.text("en") and "Update Factory Direct" in error.text("en")
    assert "升级" in error.text("zh_CN")


def test_newer_bundle_format_is_refused(demo_zip: Path, tmp_path: Path) -> None:
    manifest = manifest_of(demo_zip)
    manifest["format"] = 2
    newer = tmp_path / "newer-format.zip"
    rewrite(demo_zip, newer, manifest=manifest)
    assert_refused(BundleTooNew, newer, tmp_path, match="format 2")


def test_zip_slip_entry_is_refused(demo_zip: Path, tmp_path: Path) -> None:
    evil = tmp_path / "sub" / "evil.zip"
    evil.parent.mkdir()
    rewrite(demo_zip, evil, entries={"../evil": b"owned"})
    error = assert_refused(BundleDamaged, evil, tmp_path, match="unexpected entry")
    assert "../evil" in error.text("en")
    assert not (tmp_path / "evil").exists() and not (tmp_path / "sub" / "evil").exists()


@pytest.mark.parametrize("name", ["workspace.fdw.extra", "/etc/passwd", "dir/", "manifest.json/../x"])
def test_any_unexpected_entry_is_refused(demo_zip: Path, tmp_path: Path, name: str) -> None:
    odd = tmp_path / "odd.zip"
    rewrite(demo_zip, odd, entries={name: b""})
    assert_refused(BundleDamaged, odd, tmp_path)


def test_missing_manifest_is_refused(demo_zip: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.zip"
    rewrite(demo_zip, bare, entries={MANIFEST_ENTRY: None})
    assert_refused(BundleDamaged, bare, tmp_path, match="manifest.json is missing")


def test_missing_workspace_is_refused(demo_zip: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.zip"
    rewrite(demo_zip, bare, entries={WORKSPACE_ENTRY: None})
    assert_refused(BundleDamaged, bare, tmp_path, match="workspace.fdw is missing")


@pytest.mark.parametrize("change", [
    lambda m: m.update(files={}),
    lambda m: m["files"][WORKSPACE_ENTRY].update(sha256="xyz"),
    lambda m: m["files"][WORKSPACE_ENTRY].update(size=-1),
    lambda m: m.pop("schema_revision"),
    lambda m: m.update(format="1"),
    lambda m: m.update(created_at="yesterday"),
])
def test_invalid_manifest_is_refused(demo_zip: Path, tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    manifest = manifest_of(demo_zip)
    change(manifest)
    bad = tmp_path / "bad.zip"
    rewrite(demo_zip, bad, manifest=manifest)
    assert_refused(BundleDamaged, bad, tmp_path, match="manifest")


def test_manifest_that_is_not_json_is_refused(demo_zip: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    rewrite(demo_zip, bad, entries={MANIFEST_ENTRY: b"\xff\xfe{not json"})
    assert_refused(BundleDamaged, bad, tmp_path, match="JSON")


def test_manifest_revision_must_match_the_workspace(demo_zip: Path, tmp_path: Path) -> None:
    manifest = manifest_of(demo_zip)
    manifest["schema_revision"] = "0001"  # known, but not what the file holds
    lying = tmp_path / "lying.zip"
    rewrite(demo_zip, lying, manifest=manifest)
    assert_refused(BundleDamaged, lying, tmp_path, match="schema revision")


def replace_workspace(demo_zip: Path, target: Path, data: bytes) -> None:
    """A bundle whose workspace entry is `data`, with a manifest that matches it (checksums pass)."""
    manifest = manifest_of(demo_zip)
    manifest["files"][WORKSPACE_ENTRY] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    rewrite(demo_zip, target, entries={WORKSPACE_ENTRY: data}, manifest=manifest)


def test_matching_checksum_but_damaged_database_is_refused(demo_zip: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(demo_zip) as archive:
        data = bytearray(archive.read(WORKSPACE_ENTRY))
    page = 4096
    data[3 * page: 4 * page] = b"\xa5" * page  # a whole page overwritten, checksum recomputed
    damaged = tmp_path / "damaged.zip"
    replace_workspace(demo_zip, damaged, bytes(data))
    assert_refused(BundleDamaged, damaged, tmp_path, match="integrity_check")


def test_foreign_sqlite_file_is_refused(demo_zip: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
    connection.execute("INSERT INTO alembic_version VALUES (?)", (head_revision(),))
    connection.commit()
    connection.close()
    bundle = tmp_path / "foreign.zip"
    replace_workspace(demo_zip, bundle, foreign.read_bytes())
    foreign.unlink()
    assert_refused(BundleDamaged, bundle, tmp_path, match="Factory Direct workspace")


def test_not_a_zip_and_missing_bundle(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 but not really" * 10)
    assert_refused(BundleDamaged, junk, tmp_path, match="not a valid zip")
    with pytest.raises(BundleNotFound):
        import_bundle(tmp_path / "missing.zip", tmp_path / "x.fdw")


def test_oversized_workspace_is_refused_before_extracting(demo_zip: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.zip"
    replace_workspace(demo_zip, bomb, bytes(20_000_000))  # 20 MB of zeros: ~20 kB compressed
    assert bomb.stat().st_size < 200_000
    monkeypatch.setattr(bundles, "MAX_WORKSPACE_BYTES", 5_000_000)
    assert_refused(BundleDamaged, bomb, tmp_path, match="limit")


def test_extraction_stops_at_the_declared_size(demo_zip: Path, tmp_path: Path) -> None:
    """Even if the headers lied, decompression never writes past the size the manifest declares."""
    temp = tmp_path / "out.partial"
    with zipfile.ZipFile(demo_zip) as archive:
        info = archive.getinfo(WORKSPACE_ENTRY)
        with pytest.raises(BundleDamaged, match="larger than the manifest"):
            bundles._extract_checked(archive, info, BundleFile(size=10_000, sha256="0" * 64), temp, demo_zip, None)
    assert temp.stat().st_size <= 10_000


# --- never overwrite without asking -------------------------------------------------------------------------

def test_existing_target_is_refused_and_unchanged(demo_zip: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.fdw"
    create_workspace(target).close()
    before = sha256(target)
    with pytest.raises(BundleTargetExists) as caught:
        import_bundle(demo_zip, target)
    assert "not overwritten" in caught.value.text("en") and "没有覆盖" in caught.value.text("zh")
    assert sha256(target) == before
    assert no_leftovers(tmp_path)


def test_stray_wal_counts_as_an_existing_workspace(demo_zip: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.fdw"
    Path(str(target) + "-wal").write_bytes(b"x")
    with pytest.raises(BundleTargetExists):
        import_bundle(demo_zip, target)
    assert not target.exists()


def test_overwrite_when_asked_backs_the_old_workspace_up(demo: Path, demo_zip: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.fdw"
    create_workspace(target).close()
    old_tables = tables(target)
    import_bundle(demo_zip, target, overwrite=True)
    assert tables(target) == tables(demo)
    assert not any(p.exists() for p in sqlite_only.companion_files(target)[::2])  # no stale -wal / -journal
    from app.db import backup_folder_for

    kept = list(backup_folder_for(target).glob("mine.before-import-*.fdw"))
    assert len(kept) == 1 and tables(kept[0]) == old_tables
    from app.services.workspace.backups import list_backups

    assert [b.path for b in list_backups(backup_folder_for(target))] == kept


def test_overwrite_refuses_a_workspace_that_is_open(demo_zip: Path, tmp_path: Path) -> None:
    target = tmp_path / "open.fdw"
    workspace = create_workspace(target)
    try:
        with workspace.engine.connect() as connection:  # holds the file open in WAL mode
            connection.exec_driver_sql("SELECT 1")
            with pytest.raises(BundleTargetInUse):
                import_bundle(demo_zip, target, overwrite=True)
        assert workspace.revision() == head_revision()
    finally:
        workspace.close()


# --- export while the workspace is busy ---------------------------------------------------------------------

WRITER = textwrap.dedent(f"""
    import itertools, sys
    from pathlib import Path
    sys.path.insert(0, {str(ROOT)!r})
    from app.db import open_workspace
    from app.models import Product, Sku

    workspace = open_workspace(Path(sys.argv[1]))
    for n in itertools.count():
        with workspace.session() as session:
            product = Product(code=f"busy-{{n}}", name_zh="围巾 🧣", description_en="x" * 2000)
            session.add(product)
            session.flush()
            for i in range(3):
                session.add(Sku(product_id=product.id, code=f"busy-{{n}}-{{i}}"))
        if n == 0:
            print("writing", flush=True)
""")


def test_export_while_a_writer_is_busy(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "busy.fdw"
    sqlite_only.online_backup(demo, path)  # a copy of the demo: this test writes to it
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
    try:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(writer.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout=60)
        assert lines and lines[0].strip() == "writing", writer.stderr.read() if writer.poll() is not None else ""
        started = time.monotonic()
        zips = []
        for n in range(3):
            zips.append(tmp_path / f"busy-{n}.zip")
            export_bundle(path, zips[-1])
        elapsed = time.monotonic() - started
        assert writer.poll() is None, "the writer must still be writing during the exports"
    finally:
        writer.kill()
        writer.communicate(timeout=10)
    assert elapsed < 30
    for n, bundle in enumerate(zips):
        target = tmp_path / f"imported-{n}.fdw"
        import_bundle(bundle, target)
        assert sqlite_only.check_file(target, full=True) == (True, "ok")
        connection = sqlite3.connect(target)
        try:
            products, = connection.execute("SELECT count(*) FROM product WHERE code LIKE 'busy-%'").fetchone()
            skus, = connection.execute("SELECT count(*) FROM sku WHERE code LIKE 'busy-%'").fetchone()
        finally:
            connection.close()
        assert products > 0 and skus == 3 * products, "one consistent snapshot: no half transaction"
    assert no_leftovers(tmp_path)
