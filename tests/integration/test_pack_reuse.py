"""A rebuild keeps the previous pack's pictures (issue #17, `packs/reuse.py`): after a text edit the pictures
are hard-linked from the pack being replaced instead of written again, and the new pack is byte for byte the
pack a build from nothing writes. A picture that changed — in the workspace, or edited in the pack — is
written again; a manifest that lies (paths outside the pack, garbage) or a file system without hard links
only costs the time; a Cancel leaves the previous pack whole."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from app.db import Workspace
from app.models import Product, ProductImage, Sku
from app.services.kernel.jobs import Cancelled
from app.services.listing.packs import builder, reuse
from app.services.listing.packs.builder import build_packs
from app.services.listing.packs.images import _variant_pictures
from app.services.listing.packs.options import PackOptions
from app.services.listing.packs.source import load_products

PLATFORMS = ("shopify", "taobao", "amazon")
STAMPED = {"manifest.json", "lint_report.txt"}   # they carry the build's time
XLSX_STAMP = b"docProps/core.xml"


@pytest.fixture
def workspace(demo_copy: Workspace) -> Workspace:
    """A copy of the demo of this test's own, with a derived-picture cache of its own (conftest)."""
    return demo_copy


def pictures(root: Path) -> dict[str, os.stat_result]:
    return {p.relative_to(root).as_posix(): p.stat() for p in root.rglob("*.jpg")}


def product_texts(root: Path) -> dict[str, os.stat_result]:
    """The product folders' text files (title, description, specs…)."""
    return {p.relative_to(root).as_posix(): p.stat() for p in root.glob("*/*") if p.is_file()}


def contents(root: Path) -> dict[str, bytes]:
    """{path: bytes} of every file a build writes the same way each time (the stamped ones left out)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in STAMPED and p.suffix != ".xlsx"}


def rename(workspace: Workspace, code: str, name_zh: str, name_en: str) -> None:
    with workspace.session() as session:
        product = session.exec(select(Product).where(Product.code == code)).one()
        product.name_zh, product.name_en = name_zh, name_en
        session.commit()


def first_code(workspace: Workspace) -> str:
    with workspace.session() as session:
        return session.exec(select(Product.code).order_by(Product.code)).first()  # type: ignore[return-value]


def manifest_holds(root: Path) -> None:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert listed.keys() == on_disk
    for path, entry in listed.items():
        data = (root / path).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"]), path


def test_a_rebuild_after_a_text_edit_links_the_pictures_and_writes_what_a_fresh_build_writes(
        workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    before = {pid: pictures(out / pid) for pid in PLATFORMS}
    texts_before = {pid: product_texts(out / pid) for pid in PLATFORMS}
    code = first_code(workspace)
    rename(workspace, code, "改名后的产品", "Renamed Product")

    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    fresh = tmp_path / "fresh"
    build_packs(workspace, None, PLATFORMS, fresh, override_reason="test")

    for pid in PLATFORMS:
        after = pictures(out / pid)
        assert after.keys() == before[pid].keys() and len(after) > 10
        assert [p for p in after if after[p].st_ino != before[pid][p].st_ino] == []   # every picture linked
        texts = product_texts(out / pid)
        written = {p for p in texts if p not in texts_before[pid] or texts[p].st_ino != texts_before[pid][p].st_ino}
        assert written and {p.split("/")[0] for p in written} == {code}               # only the renamed one's
        assert len(texts) > 3 * len(written)
        assert contents(out / pid) == contents(fresh / pid)
        manifest_holds(out / pid)
        assert sorted(p.name for p in out.iterdir()) == sorted(PLATFORMS)          # no .old or .partial left
    assert any("Renamed Product" in p.read_text(encoding="utf-8") for p in (out / "shopify").glob("*/title.txt"))


def test_alt_texts_follow_the_product_when_its_pictures_are_kept(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    code = first_code(workspace)
    with workspace.session() as session:   # pictures without an alt text of their own take the product's name
        product_id = session.exec(select(Product.id).where(Product.code == code)).one()
        for image in session.exec(select(ProductImage).where(ProductImage.product_id == product_id)):
            image.alt = ""
        session.commit()
    options = PackOptions(image_base_url="https://cdn.example.com/packs/")   # the CSV then lists the pictures
    build_packs(workspace, None, ["shopify"], out, override_reason="test", options=options)
    with workspace.session() as session:
        old_name = session.exec(select(Product.name_en).where(Product.code == code)).one()
    rename(workspace, code, "新名字", "Brand New Name")
    build_packs(workspace, None, ["shopify"], out, override_reason="test", options=options)
    text = (out / "shopify" / "shopify_products.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    alts = [row["Image alt text"] for row in rows if row["Image alt text"]]
    assert "Brand New Name" in alts and old_name not in alts


def test_a_changed_picture_is_written_again_and_the_others_are_kept(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    before = pictures(out / "taobao")
    code = first_code(workspace)
    with workspace.session() as session:   # the first product's pictures in the opposite order
        product_id = session.exec(select(Product.id).where(Product.code == code)).one()
        images = session.exec(select(ProductImage).where(ProductImage.product_id == product_id)
                              .order_by(ProductImage.position)).all()
        for image, position in zip(images, reversed([i.position for i in images]), strict=True):
            image.position = position
        session.commit()
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    fresh = tmp_path / "fresh"
    build_packs(workspace, None, ["taobao"], fresh, override_reason="test")

    after = pictures(out / "taobao")
    folder = (out / "taobao" / code).name
    relinked = {p for p in after if p in before and after[p].st_ino == before[p].st_ino}
    assert relinked and all(not p.startswith(f"{folder}/") for p in relinked)      # the others kept
    assert [p for p in after if p.startswith(f"{folder}/") and p in relinked] == []
    assert contents(out / "taobao") == contents(fresh / "taobao")
    manifest_holds(out / "taobao")


def test_a_picture_edited_in_the_pack_is_written_again(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    edited = sorted((out / "taobao").glob("*/images/01_main.jpg"))[0]
    original = edited.read_bytes()
    scribble = io.BytesIO()
    Image.new("RGB", (800, 800), (255, 0, 0)).save(scribble, "JPEG")
    edited.write_bytes(scribble.getvalue())    # someone touched up the picture in the pack itself

    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    assert edited.read_bytes() == original
    manifest_holds(out / "taobao")


def test_a_manifest_that_points_outside_the_pack_is_not_followed(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"not for the pack")
    manifest_path = out / "taobao" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    folder, record = next(iter(manifest["reuse"]["pictures"].items()))
    escape = "../../secret.jpg"
    record["images"]["mains"] = [escape]
    manifest["reuse"]["mtime_ns"][escape] = secret.stat().st_mtime_ns
    manifest["files"].append({"path": escape, "size": secret.stat().st_size, "sha256": "0" * 64})
    manifest["reuse"]["pictures"][".."] = {**record, "images": {**record["images"], "mains": ["../images/x.jpg"]}}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    assert [p for p in (out / "taobao").rglob("*") if p.is_file() and p.read_bytes() == b"not for the pack"] == []
    assert (out / "taobao" / folder / "images" / "01_main.jpg").is_file()
    manifest_holds(out / "taobao")

    (out / "taobao" / "manifest.json").write_text("{not json", encoding="utf-8")
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    manifest_holds(out / "taobao")


def test_without_hard_links_the_pictures_are_written(workspace: Workspace, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "packs"
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    before = pictures(out / "taobao")
    calls: list[str] = []

    def refuse(source: object, target: object) -> None:   # a FAT32 stick: "operation not permitted"
        calls.append(str(target))
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(reuse.os, "link", refuse)
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    after = pictures(out / "taobao")
    assert calls and after.keys() == before.keys()
    assert all(after[p].st_ino != before[p].st_ino for p in after)
    manifest_holds(out / "taobao")


def test_a_cancelled_rebuild_leaves_the_previous_pack_whole(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    before = {pid: contents(out / pid) for pid in PLATFORMS}
    rename(workspace, first_code(workspace), "改名", "Renamed")
    linked: list[int] = []

    def cancel() -> bool:   # once pictures were linked into the new packs
        linked.append(sum(1 for _ in out.glob(".*.partial/*/images/*.jpg")))
        return linked[-1] > 0

    with pytest.raises(Cancelled):
        build_packs(workspace, None, PLATFORMS, out, cancel=cancel, override_reason="test")
    assert linked[-1] > 0
    assert sorted(p.name for p in out.iterdir()) == sorted(PLATFORMS)
    assert {pid: contents(out / pid) for pid in PLATFORMS} == before
    for pid in PLATFORMS:
        manifest_holds(out / pid)


@pytest.mark.parametrize("path", ["../../secret.jpg", "P/images/../../Q/images/01_main.jpg", "/etc/passwd",
                                  "P/other/01_main.jpg", "Q/images/01_main.jpg", "P/images/..", "P/images",
                                  "C:/Windows/win.ini", "P/images/..\\..\\x.jpg", "P/images/C:x.jpg"])
def test_a_recorded_path_outside_its_own_images_folder_is_refused(tmp_path: Path, path: str) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({
        "files": [{"path": path, "size": 1, "sha256": "0" * 64},
                  {"path": "P/images/02_main.jpg", "size": 1, "sha256": "1" * 64}],
        "reuse": {"mtime_ns": {path: 1, "P/images/02_main.jpg": 1}, "pictures": {"P": {"fingerprint": "f",
                                     "images": {"mains": [path, "P/images/02_main.jpg"], "white": None,
                                                "details": [], "strips": [], "variant_by_sku": {}}}}},
    }), encoding="utf-8")
    assert reuse.PreviousPack.read(tmp_path).pictures("P", "f") is None


def test_a_recorded_record_inside_its_folder_is_offered(tmp_path: Path) -> None:
    """The counterpart of the test above: the same manifest with a sound path is taken."""
    path = "P/images/01_main.jpg"
    (tmp_path / "manifest.json").write_text(json.dumps({
        "files": [{"path": path, "size": 1, "sha256": "0" * 64}],
        "reuse": {"mtime_ns": {path: 1}, "pictures": {"P": {"fingerprint": "f",
                                     "images": {"mains": [path], "white": None, "details": [], "strips": [],
                                                "variant_by_sku": {}}}}},
    }), encoding="utf-8")
    previous = reuse.PreviousPack.read(tmp_path)
    record = previous.pictures("P", "f")
    assert record is not None and record.paths() == [path]
    assert previous.pictures("P", "another plan") is None


def test_a_rebuild_fsyncs_every_folder_and_every_file_it_wrote(workspace: Workspace, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               fsynced: set[Path]) -> None:
    """What is linked was fsynced by the build that wrote it; the rest, and every folder (the new names), is
    fsynced before the new pack is renamed into place."""
    out = tmp_path / "packs"
    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    rename(workspace, first_code(workspace), "改名", "Renamed")
    real_move = builder._move_all_into_place
    linked: list[Path] = []

    def move(moves: list[tuple[Path, Path]]) -> None:
        for temp, _final in moves:
            folders = {temp, *(p for p in temp.rglob("*") if p.is_dir())}
            assert folders <= fsynced
            unsynced = [p for p in temp.rglob("*") if p.is_file() and p not in fsynced]
            assert all(p.stat().st_nlink == 2 for p in unsynced)   # a link to the previous pack's file
            linked.extend(unsynced)
        real_move(moves)

    monkeypatch.setattr(builder, "_move_all_into_place", move)
    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    assert len(linked) > 100
    assert all(p.suffix in {".jpg", ".txt", ".csv", ".html"} for p in linked)


def test_the_manifest_is_json_with_one_line_per_file(workspace: Workspace, tmp_path: Path) -> None:
    report = build_packs(workspace, None, ["jd"], tmp_path, override_reason="test")["jd"]
    text = (report.path / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert len(manifest["files"]) == len(report.files) > 10
    lines = text.splitlines()
    assert all(sum(f'"path": {json.dumps(f.path, ensure_ascii=False)}' in line for line in lines) == 1
               for f in report.files)
    assert manifest["platform"] == "jd" and manifest["lint"]["error"] == report.count("error")


def test_reordered_variants_are_numbered_as_a_fresh_build_numbers_them(workspace: Workspace, tmp_path: Path) -> None:
    """variant_01.jpg… follow the SKUs' order: SKUs moved around mean other pictures under those names."""
    target = next(p for p in load_products(workspace, None)
                  if len({image.id for image in _variant_pictures(p).values()}) >= 2)
    out = tmp_path / "packs"
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    with workspace.session() as session:
        product_id = session.exec(select(Product.id).where(Product.code == target.code)).one()
        skus = session.exec(select(Sku).where(Sku.product_id == product_id).order_by(Sku.position, Sku.code)).all()
        for number, sku in enumerate(skus):
            sku.position = len(skus) - number
        session.commit()
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    fresh = tmp_path / "fresh"
    build_packs(workspace, None, ["taobao"], fresh, override_reason="test")
    assert contents(out / "taobao") == contents(fresh / "taobao")


@pytest.mark.parametrize("manifest", [
    '{"files": [{"path": "P/title.txt", "size": Infinity, "sha256": "x"}], "reuse": {"mtime_ns": {}, "pictures": {}}}',
    '{"files": [], "reuse": {"mtime_ns": {"P/title.txt": 1e999}, "pictures": {}}}',
    "[" * 100_000 + "]" * 100_000,
    '{"files": 3, "reuse": []}',
    "\ufeff\x00",
])
def test_a_manifest_out_of_shape_keeps_nothing(tmp_path: Path, manifest: str) -> None:
    (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    previous = reuse.PreviousPack.read(tmp_path)
    assert previous.known() == {} and previous.pictures("P", "f") is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_folder_linked_to_elsewhere_is_not_followed(workspace: Workspace, tmp_path: Path) -> None:
    """A product's images/ replaced by a link to a folder outside the pack (a junction on Windows), the
    manifest edited to match: the pictures are written again, nothing outside is linked into the pack."""
    out = tmp_path / "packs"
    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    root, outside = out / "taobao", tmp_path / "outside"
    outside.mkdir()
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    folder = next(iter(manifest["reuse"]["pictures"]))
    images = root / folder / "images"
    for picture in images.iterdir():
        (outside / picture.name).write_bytes(b"OUTSIDE " + picture.name.encode())
    shutil.rmtree(images)
    images.symlink_to(outside, target_is_directory=True)
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for path in manifest["reuse"]["mtime_ns"]:
        if path.startswith(f"{folder}/images/"):
            status = (root / path).stat()
            manifest["reuse"]["mtime_ns"][path] = status.st_mtime_ns
            listed[path]["size"] = status.st_size
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    build_packs(workspace, None, ["taobao"], out, override_reason="test")
    assert [p for p in root.rglob("*") if p.is_file() and p.read_bytes().startswith(b"OUTSIDE")] == []
    assert all(p.stat().st_nlink == 1 for p in outside.iterdir())
    manifest_holds(root)


def test_a_file_written_again_never_takes_the_old_hash(workspace: Workspace, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Without hard links (FAT32, whose times tick every 2 s), a text rewritten with the same size and time
    still gets its own sha256 in the manifest."""
    out = tmp_path / "packs"
    build_packs(workspace, None, ["jd"], out, override_reason="test")
    code = first_code(workspace)
    with workspace.session() as session:   # the description in other words of the same length
        product = session.exec(select(Product).where(Product.code == code)).one()
        reworded = product.description_zh.translate(str.maketrans("的不", "不的"))
        assert reworded != product.description_zh
        product.description_zh = reworded
        session.commit()

    def no_links(source: object, target: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(reuse.os, "link", no_links)
    real_write = Path.write_bytes

    def same_tick(path: Path, data: bytes) -> int:   # a product file written "in the same tick" as the old one
        written = real_write(path, data)
        old = out / "jd" / path.relative_to(path.parents[1])
        if path.parents[1].name.endswith(".partial") and old.is_file():
            os.utime(path, ns=(old.stat().st_atime_ns, old.stat().st_mtime_ns))
        return written

    monkeypatch.setattr(Path, "write_bytes", same_tick)
    build_packs(workspace, None, ["jd"], out, override_reason="test")
    manifest_holds(out / "jd")
