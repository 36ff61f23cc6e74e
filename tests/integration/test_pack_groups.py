"""A large rebuild split by platform across processes (issue #17, `packs/groups.py`): the packs are the ones a
single process writes, moved into place all together or not at all. The lint blocks as one build blocks (the
same findings, in the same order, nothing written); a Cancel, a failing worker process or a failure in this
process leaves every previous pack as it was and no temporary folder behind.

The threshold is lowered so the demo's four products split; the workers are real spawned processes."""

from __future__ import annotations

import io
import os
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from app.db import Workspace
from app.models import Product, Sku
from app.partial_files import wait_for_removals
from app.services.kernel.jobs import Cancelled
from app.services.listing.findings import Finding
from app.services.listing.packs import builder, groups
from app.services.listing.packs.builder import PackBlocked, PackError, build_packs
from app.services.listing.packs.groups import TemporaryPacks
from app.services.listing.packs.options import PackOptions
from app.services.listing.packs.profiles import effective_profile
from app.services.listing.packs.source import UnknownProduct, product_codes
from app.workspace_errors import Trouble

PLATFORMS = ("shopify", "taobao", "amazon", "jd")
STAMPED = {"manifest.json", "lint_report.txt"}   # they carry the build's time


@pytest.fixture
def workspace(demo_copy: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A copy of the demo and a picture cache of its own (conftest), two worker processes, every rebuild split."""
    monkeypatch.setenv("FD_PACK_WORKERS", "2")
    monkeypatch.setattr(builder, "SPLIT_THRESHOLD", 1)
    return demo_copy


@pytest.fixture
def splits(monkeypatch: pytest.MonkeyPatch) -> list[list[list[str]]]:
    """The platform groups of each build that was split."""
    seen: list[list[list[str]]] = []
    real = builder.build_in_groups

    def spying(platform_groups: list[list[str]], *args: Any) -> Any:
        seen.append(platform_groups)
        return real(platform_groups, *args)

    monkeypatch.setattr(builder, "build_in_groups", spying)
    return seen


def contents(root: Path) -> dict[str, bytes]:
    """{path: bytes} of every file a build writes the same way each time; a workbook's parts without the
    part that records when it was made."""
    found = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name in STAMPED:
            continue
        name = path.relative_to(root).as_posix()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as book:
                for part in book.namelist():
                    if part != "docProps/core.xml":
                        found[f"{name}!{part}"] = book.read(part)
        else:
            found[name] = path.read_bytes()
    return found


def packs(out: Path) -> dict[str, dict[str, bytes]]:
    return {pid: contents(out / pid) for pid in PLATFORMS}


def rename(workspace: Workspace, name_zh: str, name_en: str) -> str:
    with workspace.session() as session:
        product = session.exec(select(Product).order_by(Product.code)).first()
        assert product is not None
        product.name_zh, product.name_en = name_zh, name_en
        session.commit()
        return product.code


#: (the packs' folder, what the packs held before the edit)
Edited = tuple[Path, dict[str, dict[str, bytes]]]


@pytest.fixture
def edited(workspace: Workspace, tmp_path: Path) -> Edited:
    """The packs built once, what they hold, and a product renamed since: the next build is a split rebuild."""
    out = tmp_path / "packs"
    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    before = packs(out)
    rename(workspace, "改名", "Renamed")
    return out, before


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name not in PLATFORMS)


def test_a_split_rebuild_writes_what_one_process_writes(workspace: Workspace, tmp_path: Path,
                                                        splits: list[list[list[str]]],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "packs"
    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    assert splits == []                              # a first build is not split: the picture pool has the cores
    pictures = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*.jpg")}
    code = rename(workspace, "改名后的产品", "Renamed Product")
    steps: list[tuple[int, int]] = []

    reports = build_packs(workspace, None, PLATFORMS, out, lambda done, total: steps.append((done, total)),
                          override_reason="test")

    assert splits == [[["shopify", "taobao"], ["amazon", "jd"]]]
    assert list(reports) == list(PLATFORMS) and all(reports[pid].path == out / pid for pid in PLATFORMS)
    wait_for_removals()   # the old packs, renamed aside, are deleted in the background
    assert leftovers(out) == []
    assert {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*.jpg")} == pictures  # all linked
    assert any("Renamed Product" in p.read_text(encoding="utf-8") for p in (out / "amazon").glob("*/title.txt"))
    assert any(code in f.path for f in reports["jd"].files)
    assert steps[-1][0] == steps[-1][1] and all(done < total for done, total in steps[:-1])   # full once placed

    monkeypatch.setenv("FD_PACK_WORKERS", "1")
    fresh = tmp_path / "fresh"
    build_packs(workspace, None, PLATFORMS, fresh, override_reason="test")
    assert packs(out) == packs(fresh)


@pytest.fixture
def risky(workspace: Workspace, tmp_path: Path) -> Path:
    """Packs built (with a reason) for a workspace whose scarf then says 最佳 and 大牌同款."""
    out = tmp_path / "packs"
    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    with workspace.session() as session:
        scarf = session.exec(select(Product).where(Product.code == "XZ-SC-CB01")).one()
        scarf.description_zh = "大牌同款，全网最佳的羊绒围巾。" + scarf.description_zh
        session.commit()
    return out


def blocked_split_and_alone(workspace: Workspace, out: Path, splits: list[list[list[str]]],
                            monkeypatch: pytest.MonkeyPatch) -> tuple[PackBlocked, PackBlocked]:
    """The block a split rebuild raises, then the one a single process raises for the same build."""
    with pytest.raises(PackBlocked) as split:
        build_packs(workspace, None, PLATFORMS, out)
    assert len(splits) == 1
    monkeypatch.setenv("FD_PACK_WORKERS", "1")
    with pytest.raises(PackBlocked) as single:
        build_packs(workspace, None, PLATFORMS, out)
    return split.value, single.value


def test_the_lint_blocks_a_split_rebuild_as_it_blocks_one_build(workspace: Workspace, risky: Path,
                                                                 splits: list[list[list[str]]],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    before = packs(risky)
    split, single = blocked_split_and_alone(workspace, risky, splits, monkeypatch)

    assert split.findings == single.findings
    errors = {(f.product, f.rule) for f in split.findings if f.severity.value == "error"}
    assert ("XZ-SC-CB01", "absolute_term") in errors
    assert split.message == single.message
    assert leftovers(risky) == [] and packs(risky) == before


def test_a_cancelled_split_rebuild_leaves_the_previous_packs(workspace: Workspace, edited: Edited,
                                                              splits: list[list[list[str]]]) -> None:
    out, before = edited
    asked: list[int] = []

    def cancel() -> bool:   # once this process has written some of its products' folders
        asked.append(sum(1 for _ in out.glob(".*.partial/*/title.txt")))
        return asked[-1] > 0

    with pytest.raises(Cancelled):
        build_packs(workspace, None, PLATFORMS, out, cancel=cancel, override_reason="test")
    assert len(splits) == 1 and asked[-1] > 0
    assert leftovers(out) == [] and packs(out) == before


def failing_group(*args: Any) -> TemporaryPacks:
    """A worker's group that fails (run in the worker process, found there by its module's name)."""
    raise OSError(28, "No space left on device (a test's worker)")


def test_a_failing_worker_stops_the_rebuild_and_its_error_is_reported(workspace: Workspace, edited: Edited,
                                                                       splits: list[list[list[str]]],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = edited
    monkeypatch.setattr(builder, "build_group", failing_group)

    with pytest.raises(OSError, match="a test's worker"):
        build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    assert len(splits) == 1
    assert leftovers(out) == [] and packs(out) == before


def test_an_unknown_product_in_a_split_rebuild_is_named_and_changes_nothing(workspace: Workspace, edited: Edited,
                                                                           splits: list[list[list[str]]]) -> None:
    """The products are read here while the workers start; their codes are checked before: a code that isn't
    in the workspace stops the build at once (no worker started) with the error that names it."""
    out, before = edited
    codes = [*product_codes(workspace), "NO-SUCH-CODE"]

    with pytest.raises(UnknownProduct) as raised:
        build_packs(workspace, codes, PLATFORMS, out, override_reason="test")

    assert "NO-SUCH-CODE" in str(raised.value.message.en) and splits == []
    assert leftovers(out) == [] and packs(out) == before


def test_a_failure_here_removes_the_workers_packs_too(workspace: Workspace, edited: Edited,
                                                      splits: list[list[list[str]]],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = edited
    real_finish = builder._finish

    waited: list[bool] = []

    def finish_once_the_workers_are_done(*args: Any, **kwargs: Any) -> Any:
        deadline = time.monotonic() + 60   # the worker's packs written (their folders hold manifests), then fail
        while len(list(out.glob(".*.partial/manifest.json"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        waited.append(len(list(out.glob(".*.partial/manifest.json"))) >= 2)
        real_finish(*args, **kwargs)
        raise OSError(5, "Input/output error (a test's)")

    monkeypatch.setattr(builder, "_finish", finish_once_the_workers_are_done)
    with pytest.raises(OSError, match="a test's"):
        build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    assert len(splits) == 1 and waited == [True]
    assert leftovers(out) == [] and packs(out) == before


def writing_then_failing_group(*args: Any) -> TemporaryPacks:
    """A worker's group that writes its packs, then fails before handing them back (in the worker process)."""
    builder.build_group(*args)
    raise OSError(28, "No space left on device (after writing)")


def writing_then_killed_group(*args: Any) -> TemporaryPacks:
    """A worker's group killed once its packs are written (out of memory, the task manager): no cleanup runs."""
    builder.build_group(*args)
    os._exit(9)


@pytest.mark.parametrize(("group", "error"), [(writing_then_failing_group, "after writing"),
                                              (writing_then_killed_group, "stopped unexpectedly")])
def test_a_worker_that_wrote_and_failed_leaves_no_temporary_folder(workspace: Workspace, edited: Edited,
                                                                   splits: list[list[list[str]]],
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   group: Any, error: str) -> None:
    out, before = edited
    monkeypatch.setattr(builder, "build_group", group)

    with pytest.raises((OSError, PackError), match=error) as raised:
        build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    assert len(splits) == 1
    assert isinstance(raised.value, PackError) == (group is writing_then_killed_group)   # a plain message
    assert leftovers(out) == [] and packs(out) == before


def test_a_cancel_while_waiting_for_the_workers_still_holds(workspace: Workspace, edited: Edited,
                                                            splits: list[list[list[str]]],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = edited
    waiting: list[bool] = []
    real_wait = groups._wait_for_workers

    def wait(*args: Any) -> None:   # this process's own group is built: the user presses Cancel now
        waiting.append(True)
        real_wait(*args)

    monkeypatch.setattr(groups, "_wait_for_workers", wait)
    with pytest.raises(Cancelled):
        build_packs(workspace, None, PLATFORMS, out, cancel=lambda: bool(waiting), override_reason="test")
    assert len(splits) == 1 and waiting == [True]
    assert leftovers(out) == [] and packs(out) == before


def test_a_block_in_one_group_only_is_reported_as_one_build_reports_it(workspace: Workspace, tmp_path: Path,
                                                                        splits: list[list[list[str]]],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Amazon alone wants every SKU's GTIN: the worker's group is blocked, this process's is not (it
    stops writing when it learns it) — the findings are the ones one build gives, and nothing is written."""
    out = tmp_path / "packs"
    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    before = packs(out)
    with workspace.session() as session:
        sku = session.exec(select(Sku).order_by(Sku.code)).first()
        assert sku is not None
        sku.gtin = ""
        session.commit()

    split, single = blocked_split_and_alone(workspace, out, splits, monkeypatch)

    assert split.findings == single.findings
    assert {f.rule for f in split.findings if f.severity.value == "error"} == {"required.gtin"}
    assert leftovers(out) == [] and packs(out) == before


def test_a_workspace_open_read_only_or_a_team_one_is_not_split(workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    build_packs(workspace, None, PLATFORMS, out, override_reason="test")
    profiles = [builder.build_profile(effective_profile(workspace, pid), PackOptions()) for pid in PLATFORMS]
    assert len(builder.platform_groups(workspace, 4, profiles, out)) == 2
    read_only = replace(workspace, read_only_trouble=Trouble.READ_ONLY)
    team = replace(workspace, url="postgresql://factory@db.example/team")
    assert [len(builder.platform_groups(w, 4, profiles, out)) for w in (read_only, team)] == [1, 1]
    assert len(builder.platform_groups(workspace, 4, profiles, tmp_path / "elsewhere")) == 1   # a first build


# ---------------------------------------------------------------- which error a failed split build raises


def blocked(*products: str) -> PackBlocked:
    from app.models.bilingual import Bilingual
    from app.models.listing import Severity

    return PackBlocked(tuple(Finding(code, "name", "absolute_term", "最佳", Severity.ERROR, Bilingual("最佳", "best"))
                             for code in products))


def test_a_real_failure_is_reported_before_the_cancels_it_caused() -> None:
    failure = OSError(28, "No space left on device")
    assert groups._the_error([Cancelled(), failure, blocked()]) is failure


def test_cancels_without_a_failure_are_one_cancel() -> None:
    assert isinstance(groups._the_error([Cancelled(), blocked()]), Cancelled)
    assert isinstance(groups._the_error([]), Cancelled)   # the user's Cancel while every group finished


def test_blocked_groups_join_their_findings_in_the_groups_order_before_anything_else() -> None:
    joined = groups._the_error([blocked("A", "B"), OSError(28, "late"), blocked(), Cancelled(), blocked("C")])
    assert isinstance(joined, PackBlocked)
    assert [f.product for f in joined.findings] == ["A", "B", "C"]
    assert joined.message.en.startswith("The compliance lint found 3 errors")
