"""Attack: interrupting backups and bundle writes (issue #18) — what do they leave behind?

Ctrl-C (SIGINT) and a failure unwind: the writer removes its temporary file itself. A kill (SIGKILL, a power
cut, the task manager) runs no cleanup at all: the temporary `.partial` file — a whole copy of the workspace —
and a bundle's staging folder stay. The names carry the writer's process id, and the next writer in that
folder removes the ones whose process is gone (never a live writer's). The workspace loses nothing either way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from attack_kit import MAIN, ROOT, SCALE, Figures, count_rows, integrity, make_workspace

PRODUCTS = 1500


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace large enough that a backup and a bundle export take a moment."""
    from app.db import open_workspace
    from app.models import Blob

    path = make_workspace(tmp_path_factory.mktemp("partial") / "big.fdw", products=PRODUCTS)
    workspace = open_workspace(path)
    try:
        with workspace.session() as session:  # incompressible bytes: the zip takes as long as the copy
            for n in range(24):
                session.add(Blob(sha256=f"{n:064x}", mime="application/octet-stream", data=os.urandom(2 * 1024**2),
                                 size=2 * 1024**2))
    finally:
        workspace.close()
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".partial" in p.name or p.name.startswith(".fd-bundle-"))


def start(*args: str | Path) -> subprocess.Popen[str]:
    env = {**os.environ, "LANG": "en_US.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, str(MAIN), *map(str, args)], cwd=str(ROOT), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def interrupt_once_writing(process: subprocess.Popen[str], folder: Path, how: int) -> bool:
    """Send `how` as soon as a new temporary file appears in `folder`; False when the command finished first."""
    before = set(leftovers(folder))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if set(leftovers(folder)) - before:
            process.send_signal(how)
            process.communicate(timeout=60)
            return True
        time.sleep(0.005)
    process.communicate(timeout=60)
    return False


WRITERS = {
    "backup": lambda workspace, out: ("backup", workspace, "-o", out / "copy.fdw"),
    "bundle export": lambda workspace, out: ("bundle", "export", workspace, "-o", out / "handover.zip"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_interrupted_writer_leaves_no_partial_file_for_long(big: Path, tmp_path: Path, writer: str) -> None:
    figures = Figures(f"interrupted {writer}")
    out = tmp_path / "out"
    out.mkdir()
    args = WRITERS[writer](big, out)
    caught = {"SIGINT": 0, "SIGKILL": 0}
    for _round in range(2 * SCALE):
        for name, how in (("SIGINT", signal.SIGINT), ("SIGKILL", signal.SIGKILL)):
            before = set(leftovers(out))
            if not interrupt_once_writing(start(*args), out, how):
                continue
            caught[name] += 1
            figures.kills += how == signal.SIGKILL
            if how == signal.SIGINT:
                assert set(leftovers(out)) <= before, "Ctrl-C unwinds: the writer removes its own temporary file"
            figures.kills_survived += how == signal.SIGKILL
            assert count_rows(big) == PRODUCTS and integrity(big) == "ok"
    assert caught["SIGKILL"] >= 1 and caught["SIGINT"] >= 1, f"the writer was never caught writing: {caught}"
    finished = subprocess.run([sys.executable, str(MAIN), *map(str, args), "--force"], capture_output=True, text=True,
                              cwd=str(ROOT), timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert leftovers(out) == [], "the next writer removes what killed writers left"
    figures.report()


def test_a_live_writers_file_and_look_alikes_are_never_removed(tmp_path: Path) -> None:
    from app.partial_files import remove_abandoned

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_pid.wait()
    try:
        live = tmp_path / f".copy.fdw.{sleeper.pid}-0123abcd.partial"
        dead = tmp_path / f".copy.fdw.{dead_pid.pid}-0123abcd.partial"
        dead_journal = tmp_path / f".copy.fdw.{dead_pid.pid}-0123abcd.partial-journal"
        staging = tmp_path / f".fd-bundle-{dead_pid.pid}-x1y2z3"
        look_alikes = [tmp_path / "notes.partial", tmp_path / ".copy.fdw.0123abcd.partial", tmp_path / "shop.fdw"]
        for path in (live, dead, dead_journal, *look_alikes):
            path.write_bytes(b"x")
        staging.mkdir()
        (staging / "workspace.fdw").write_bytes(b"x")
        removed = remove_abandoned(tmp_path)
        assert sorted(removed) == sorted([dead, dead_journal, staging])
        assert live.exists() and all(path.exists() for path in look_alikes)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_replaced_version_is_removed_once_its_successor_is_in_place(tmp_path: Path) -> None:
    """What a new version replaced is renamed aside (`aside_name`) and deleted in the background; a kill
    meanwhile leaves it, and the next writer removes it — but only when the new version is there: a writer
    killed between its two renames leaves the old version as the only one, and that is kept."""
    from app.partial_files import remove_abandoned

    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_pid.wait()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / "shopify").mkdir()                     # the new version is in place
        replaced = tmp_path / f".shopify.{dead_pid.pid}-0123abcd.old"
        only_copy = tmp_path / f".amazon.{dead_pid.pid}-0123abcd.old"   # no "amazon": the kill came between
        still_writing = tmp_path / f".shopify.{sleeper.pid}-4567abcd.old"
        for folder in (replaced, only_copy, still_writing):
            (folder / "P1").mkdir(parents=True)
            (folder / "P1" / "title.txt").write_text("x", encoding="utf-8")
        assert remove_abandoned(tmp_path) == [replaced]
        assert only_copy.is_dir() and still_writing.is_dir() and (tmp_path / "shopify").is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_removing_later_returns_at_once_and_the_interpreter_waits_for_it(tmp_path: Path) -> None:
    """`remove_later` hands a folder to a background thread; a process exiting right after still removes it
    all (the thread is not a daemon), and `wait_for_removals` waits for it in this one."""
    from app.partial_files import remove_later, wait_for_removals

    def folder_of_files(name: str) -> Path:
        folder = tmp_path / name
        for index in range(200):
            (folder / f"P{index}").mkdir(parents=True)
            (folder / f"P{index}" / "title.txt").write_text("x", encoding="utf-8")
        return folder

    here = folder_of_files("here")
    remove_later([here, tmp_path / "never-there"])
    wait_for_removals()
    assert not here.exists()

    there = folder_of_files("there")
    script = ("import sys; from pathlib import Path; from app.partial_files import remove_later; "
              "remove_later([Path(sys.argv[1])])")
    done = subprocess.run([sys.executable, "-c", script, str(there)], cwd=str(ROOT), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert not there.exists(), "the process waited for its removals before it ended"


def test_waiting_for_removals_while_one_is_being_started_waits_for_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A wait that comes while another thread is handing over a removal (its thread not started yet) waits for
    that removal too — no "cannot join thread before it is started", no early return."""
    import threading

    from app.partial_files import remove_later, wait_for_removals

    folder = tmp_path / "old"
    (folder / "P1").mkdir(parents=True)
    (folder / "P1" / "title.txt").write_text("x", encoding="utf-8")
    starting = threading.Event()
    real_start = threading.Thread.start

    def slow_start(thread: threading.Thread) -> None:
        if thread.name == "remove-later":
            starting.set()
            time.sleep(0.3)
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", slow_start)
    handing_over = threading.Thread(target=remove_later, args=([folder],))
    handing_over.start()
    assert starting.wait(10)
    wait_for_removals()
    assert not folder.exists()
    handing_over.join()


def test_a_replaced_version_is_hidden_on_windows_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Explorer shows dot-names: the folder waiting for its deletion gets the hidden attribute there."""
    from app import partial_files

    hidden: list[str] = []
    monkeypatch.setattr(partial_files, "_set_hidden_attribute", hidden.append)
    partial_files.hide(tmp_path / ".shopify.1-0123abcd.old")
    assert hidden == []   # elsewhere the dot hides it
    monkeypatch.setattr(partial_files.sys, "platform", "win32")
    partial_files.hide(tmp_path / ".shopify.1-0123abcd.old")
    assert hidden == [str(tmp_path / ".shopify.1-0123abcd.old")]


def test_hiding_adds_the_attribute_to_the_ones_the_folder_has(monkeypatch: pytest.MonkeyPatch) -> None:
    """SetFileAttributesW replaces every attribute: a read-only folder must stay read-only, hidden too."""
    import ctypes
    from types import SimpleNamespace

    from app import partial_files

    calls: list[tuple[str, int]] = []
    attributes = {"C:\\packs\\.jd.1-0123abcd.old": 0x1 | 0x10, "C:\\gone": 0xFFFFFFFF}

    class Function:
        def __init__(self, run: Any) -> None:
            self.run, self.restype = run, None

        def __call__(self, *args: Any) -> Any:
            return self.run(*args)

    kernel32 = SimpleNamespace(GetFileAttributesW=Function(attributes.__getitem__),
                               SetFileAttributesW=Function(lambda path, value: calls.append((path, value))))
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=kernel32), raising=False)
    partial_files._set_hidden_attribute("C:\\packs\\.jd.1-0123abcd.old")
    partial_files._set_hidden_attribute("C:\\gone")
    assert calls == [("C:\\packs\\.jd.1-0123abcd.old", 0x1 | 0x10 | 0x2)]
