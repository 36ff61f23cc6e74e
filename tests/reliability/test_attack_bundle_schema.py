"""Attack: a bundle whose workspace carries schema objects the app never creates (issue #18).

The checksums, `integrity_check`, the application_id and the revision all pass for such a bundle — they are
computed by the attacker. A hidden `AFTER INSERT ON sku` trigger then emptied the recipient's catalogue on the
next import. Only the app's own tables, indexes, triggers and views at the bundle's revision are accepted.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from attack_kit import Figures, assert_one_line_failure, count_rows, make_workspace, run_cli, sha256

from app.services.workspace.bundles import MANIFEST_ENTRY, WORKSPACE_ENTRY, BundleDamaged, export_bundle, import_bundle

#: name -> (SQL run on the bundled workspace, the object the refusal must name)
HOSTILE_SCHEMAS = {
    "hidden trigger": ("CREATE TRIGGER keep_tidy AFTER INSERT ON sku BEGIN DELETE FROM product; END", "keep_tidy"),
    "trigger on a derived table": ("CREATE TRIGGER catalogue_doc_zz AFTER INSERT ON catalogue_doc "
                                   "BEGIN DELETE FROM sku; END", "catalogue_doc_zz"),
    "app trigger altered": ("DROP TRIGGER catalogue_ix_product_ai; CREATE TRIGGER catalogue_ix_product_ai "
                            "AFTER INSERT ON product BEGIN DELETE FROM sku; END", "catalogue_ix_product_ai"),
    "extra view": ("CREATE VIEW product_summary AS SELECT code FROM product", "product_summary"),
    "extra index": ("CREATE INDEX sku_cost ON sku (cost)", "sku_cost"),
    "extra table": ("CREATE TABLE notes (body TEXT)", "notes"),
    "app table altered": ("CREATE TABLE category_new AS SELECT * FROM category; DROP TABLE category; "
                          "ALTER TABLE category_new RENAME TO category", "category"),
    "app index dropped": ("DROP INDEX ix_sku_product_id", "ix_sku_product_id"),
}

#: Changes the app itself can leave in a workspace: the bundle must still import.
HARMLESS_CHANGES = {
    "as exported": "",
    "planner statistics": "ANALYZE",
    "search index not built yet": ("DROP TABLE catalogue_fts; DROP TABLE catalogue_doc; DROP TABLE catalogue_stats; "
                                   "DROP TABLE catalogue_index_meta; DROP TABLE catalogue_index_suspended"),
}


@pytest.fixture(scope="module")
def good_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bundle of a workspace that has been opened (so it holds the search index and its triggers)."""
    from app.db import open_workspace
    from app.services.catalogue.search import ensure_search_index

    folder = tmp_path_factory.mktemp("schema-bundle")
    workspace_path = make_workspace(folder / "source.fdw", products=4)
    workspace = open_workspace(workspace_path)
    try:
        ensure_search_index(workspace.engine)
    finally:
        workspace.close()
    target = folder / "good.zip"
    export_bundle(workspace_path, target)
    return target


def altered_bundle(good: Path, folder: Path, sql: str) -> Path:
    """`good` with `sql` run on its workspace, re-zipped with a manifest whose size and sha256 match: every
    check an attacker can compute passes."""
    with zipfile.ZipFile(good) as archive:
        manifest = json.loads(archive.read(MANIFEST_ENTRY))
        workspace = folder / "bundled.fdw"
        workspace.write_bytes(archive.read(WORKSPACE_ENTRY))
    connection = sqlite3.connect(workspace, isolation_level=None)
    try:
        connection.executescript(sql)
        connection.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, as an export writes
    finally:
        connection.close()
    data = workspace.read_bytes()
    workspace.unlink()
    manifest["files"][WORKSPACE_ENTRY] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    altered = folder / "altered.zip"
    with zipfile.ZipFile(altered, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(WORKSPACE_ENTRY, data)
        archive.writestr(MANIFEST_ENTRY, json.dumps(manifest))
    return altered


@pytest.mark.parametrize("name", sorted(HOSTILE_SCHEMAS))
def test_a_bundle_with_foreign_schema_objects_is_refused_naming_the_object(good_bundle: Path, tmp_path: Path,
                                                                         name: str) -> None:
    sql, culprit = HOSTILE_SCHEMAS[name]
    hostile = altered_bundle(good_bundle, tmp_path, sql)
    target = tmp_path / "imported.fdw"
    with pytest.raises(BundleDamaged, match=culprit):
        import_bundle(hostile, target)
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def test_a_trigger_bundle_never_replaces_a_workspace(good_bundle: Path, tmp_path: Path) -> None:
    """Replacing a workspace (the GUI's confirmed import) with a trigger bundle: refused, the old bytes kept;
    on the command line one line, exit 2, nothing created."""
    figures = Figures("bundle schema")
    existing = make_workspace(tmp_path / "mine.fdw", products=7, prefix="M")
    before = sha256(existing)
    hostile = altered_bundle(good_bundle, tmp_path, HOSTILE_SCHEMAS["hidden trigger"][0])
    with pytest.raises(BundleDamaged, match="keep_tidy"):
        import_bundle(hostile, existing, overwrite=True)
    assert sha256(existing) == before
    assert count_rows(existing) == 7
    result = run_cli("--lang", "en", "bundle", "import", hostile, "-o", tmp_path / "new.fdw")
    figures.inputs_tried += 2
    assert_one_line_failure(result, 2, "keep_tidy")
    assert not (tmp_path / "new.fdw").exists()
    figures.report()


@pytest.mark.parametrize("name", sorted(HARMLESS_CHANGES))
def test_the_apps_own_schema_still_imports(good_bundle: Path, tmp_path: Path, name: str) -> None:
    bundle = altered_bundle(good_bundle, tmp_path, HARMLESS_CHANGES[name])
    target = import_bundle(bundle, tmp_path / "imported.fdw")
    assert count_rows(target) == 4


def test_check_reports_foreign_schema_objects(good_bundle: Path, tmp_path: Path) -> None:
    """A workspace file from elsewhere: `check` names the foreign object and exits 1, changing nothing."""
    hostile = altered_bundle(good_bundle, tmp_path, HOSTILE_SCHEMAS["hidden trigger"][0])
    with zipfile.ZipFile(hostile) as archive:
        workspace = tmp_path / "from-elsewhere.fdw"
        workspace.write_bytes(archive.read(WORKSPACE_ENTRY))
    before = sha256(workspace)
    result = run_cli("--lang", "en", "check", workspace)
    assert_one_line_failure(result, 1, "keep_tidy")
    assert sha256(workspace) == before
    clean = import_bundle(good_bundle, tmp_path / "clean.fdw")
    result = run_cli("--lang", "en", "check", clean)
    assert result.returncode == 0, result.stderr
