"""Shared tools for the reliability attacks (issue #18): the command line as a real subprocess, hostile
environments (a full disk, a read-only folder, a lock held by another process) and the figures the attacks
report.

Every environment is the real thing when this machine allows it — a small tmpfs for a full disk, a read-only
bind mount for a read-only folder — and falls back to the next best real thing when it doesn't (a file-size
limit, an immutable attribute). `Environment.kind` says which one a test got, and the test prints it: a
fallback is never silent, and no test skips.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"
#: Run the attacks more times: FD_ATTACK_SCALE=4 makes every loop four times longer.
SCALE = max(1, int(os.environ.get("FD_ATTACK_SCALE", "1")))


# --- figures --------------------------------------------------------------------------------------------

@dataclass
class Figures:
    """What an attack tried and what it cost; printed at the end of each test (`pytest -s` shows it)."""

    name: str
    inputs_tried: int = 0
    kills: int = 0
    kills_survived: int = 0
    bytes_lost: int = 0
    notes: list[str] = field(default_factory=list)

    def report(self) -> str:
        text = (f"[attack] {self.name}: inputs tried {self.inputs_tried}, kills {self.kills_survived}/{self.kills} "
                f"survived, bytes lost {self.bytes_lost}")
        if self.notes:
            text += " — " + "; ".join(self.notes)
        print(text)
        return text


# --- the command line ---------------------------------------------------------------------------------------

def run_cli(*args: str | Path, cwd: Path | None = None, timeout: float = 180,
            preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """`python main.py ARGS…` in a real subprocess, English messages."""
    env = {**os.environ, "LANG": "en_US.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(MAIN), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=str(cwd or ROOT), env=env, preexec_fn=preexec)


PROGRESS = re.compile(r"^\d+(/\d+|%)?$")


def reason_lines(stderr: str) -> list[str]:
    """stderr without the progress counters ("\\r3/28", "\\r40%") that long commands print."""
    lines = []
    for line in stderr.splitlines():
        shown = line.split("\r")[-1].strip()
        if shown and not PROGRESS.match(shown):
            lines.append(shown)
    return lines


def assert_one_line_failure(result: subprocess.CompletedProcess[str], status: int, *words: str) -> str:
    """The command failed with `status` and one line on stderr (no traceback) holding every one of `words`."""
    lines = reason_lines(result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == status, (result.returncode, result.stderr)
    assert len(lines) == 1, lines
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])
    return lines[0]


# --- files ----------------------------------------------------------------------------------------------

def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """A properly quoted read-only URI: no character of the path is interpreted."""
    return Path(os.path.abspath(path)).as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Run `sql` on exactly `path`, read-only — immutable where the folder can't take a -shm (a read-only
    folder, a full disk) and no -wal holds commits, as the app itself does."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()
    except sqlite3.OperationalError:
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size:
            raise
    connection = sqlite3.connect(read_only_uri(path, immutable=True), uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def count_rows(path: Path, table: str = "product") -> int:
    """Rows of `table` in exactly the file at `path`, read-only."""
    return int(_query(path, f"SELECT count(*) FROM {table}")[0][0])  # type: ignore[call-overload]


def integrity(path: Path) -> str:
    return "; ".join(str(row[0]) for row in _query(path, "PRAGMA integrity_check"))


def make_workspace(path: Path, products: int = 5, prefix: str = "P") -> Path:
    """A closed workspace with `products` products of two SKUs each."""
    from decimal import Decimal

    from app.db import create_workspace
    from app.models import Product, Sku

    workspace = create_workspace(path)
    try:
        with workspace.session() as session:
            for n in range(products):
                product = Product(code=f"{prefix}{n:05d}", name_zh=f"行李箱 {n} 🧳", name_en=f"Suitcase {n}")
                session.add(product)
                session.flush()
                for i in range(2):
                    session.add(Sku(product_id=product.id, code=f"{prefix}{n:05d}-{i}", cost=Decimal("12.30")))
    finally:
        workspace.close()
    return path


def catalogue_csv(folder: Path, products: int = 5, prefix: str = "C") -> Path:
    """A catalogue CSV in the app's own format (written by `export-catalogue`) with `products` products."""
    source = make_workspace(folder / f"source-{uuid.uuid4().hex[:6]}.fdw", products, prefix)
    target = folder / f"catalogue-{uuid.uuid4().hex[:6]}.csv"
    result = run_cli("export-catalogue", source, "-o", target)
    assert result.returncode == 0, result.stderr
    source.unlink()
    shutil.rmtree(source.parent / f"{source.stem}-backups", ignore_errors=True)
    return target


# --- environments -----------------------------------------------------------------------------------------

@dataclass
class Environment:
    """A folder with a property (full, read-only) and how it was made: `kind` is printed by the tests."""

    folder: Path
    kind: str
    preexec: Callable[[], None] | None = None  # for a subprocess that should feel the environment
    #: With a file-size limit, a copy of a whole file still fits under a limit set just above it; this
    #: one is below the files' own size, for the subprocesses that write copies (backups).
    copy_preexec: Callable[[], None] | None = None


#: FD_ATTACK_FORBID=mount,chattr pretends those are not allowed here, to exercise the fallbacks.
FORBIDDEN = set(filter(None, os.environ.get("FD_ATTACK_FORBID", "").split(",")))


def _run(*command: str) -> bool:
    if command[0] in FORBIDDEN or (command[0] == "umount" and "mount" in FORBIDDEN):
        return False
    return subprocess.run(list(command), capture_output=True, timeout=30).returncode == 0


@contextmanager
def full_disk(base: Path, seed_files: list[Path], room_kib: int = 64) -> Iterator[Environment]:
    """A folder holding copies of `seed_files` on a disk with only `room_kib` KiB left.

    A tmpfs sized to the files and then filled up when this machine allows mounting; otherwise a normal
    folder whose subprocesses run under a file-size limit (RLIMIT_FSIZE) just above the files' sizes, so
    growing any of them fails as on a full disk (SIGXFSZ ignored, as a full disk sends no signal).
    """
    folder = base / f"full-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    needed = sum(p.stat().st_size for p in seed_files)
    size_kib = needed // 1024 + 48 * 1024  # room for the work once the filler is gone
    if _run("mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(folder)):
        try:
            for seed in seed_files:
                shutil.copy2(seed, folder / seed.name)
            _fill(folder / ".filler", room_kib)
            yield Environment(folder, "tmpfs")
        finally:
            _run("umount", "-l", str(folder))
        return
    for seed in seed_files:
        shutil.copy2(seed, folder / seed.name)
    largest = max(p.stat().st_size for p in seed_files)
    yield Environment(folder, "rlimit-fsize (mounting a tmpfs is not allowed here)",
                      _file_size_limit(largest + room_kib * 1024), _file_size_limit(largest // 2))


def _file_size_limit(limit: int) -> Callable[[], None]:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


def _fill(filler: Path, room_kib: int) -> None:
    """Write zeros until the disk is full, then give back `room_kib` KiB."""
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as error:
            assert error.errno in (errno.ENOSPC, errno.EDQUOT), error
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - room_kib * 1024))


@contextmanager
def read_only_folder(base: Path, seed_files: list[Path]) -> Iterator[Environment]:
    """A folder holding copies of `seed_files` that nobody, root included, can write to.

    A read-only bind mount when this machine allows mounting; else the immutable attribute (`chattr +i`) on
    the folder and its files; else (not root) plain permissions. The caller falls back to a simulated EROFS
    when `kind` is "none" (none of these worked).
    """
    source = base / f"rw-{uuid.uuid4().hex[:6]}"
    source.mkdir()
    for seed in seed_files:
        shutil.copy2(seed, source / seed.name)
    view = base / f"ro-{uuid.uuid4().hex[:6]}"
    view.mkdir()
    if _run("mount", "--bind", str(source), str(view)):
        if _run("mount", "-o", "remount,bind,ro", str(view)):
            try:
                yield Environment(view, "read-only bind mount")
            finally:
                _run("umount", "-l", str(view))
            return
        _run("umount", "-l", str(view))
    view.rmdir()
    files = [source / seed.name for seed in seed_files]
    if shutil.which("chattr") and _run("chattr", "+i", *map(str, files), str(source)):
        try:
            yield Environment(source, "chattr +i (mounting is not allowed here)")
        finally:
            _run("chattr", "-i", str(source), *map(str, files))
        return
    if os.geteuid() != 0:
        for file in files:
            file.chmod(0o444)
        source.chmod(0o555)
        try:
            yield Environment(source, "chmod (not root)")
        finally:
            source.chmod(0o755)
        return
    yield Environment(source, "none")


HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    from pathlib import Path
    connection = sqlite3.connect(Path(sys.argv[1]).resolve().as_uri(), uri=True, isolation_level=None)
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
    connection.execute("CREATE TABLE IF NOT EXISTS holder_was_here (x)")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
""")


@contextmanager
def lock_held(path: Path, seconds: float = 120) -> Iterator[subprocess.Popen[str]]:
    """Another process (a sqlite3 client, as a second copy of the app or a DB browser would be) holds an
    exclusive lock on `path`; it is killed (its transaction rolled back) when the block ends."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(seconds)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=30)
    try:
        assert lines and lines[0].strip() == "holding", process.stderr.read() if process.stderr else ""
        yield process
    finally:
        process.kill()
        process.communicate(timeout=10)


# --- the GUI ------------------------------------------------------------------------------------------------

@contextmanager
def main_window(qsettings: object) -> Iterator[object]:
    """The real main window with the real openers (offscreen), closed and its tasks finished afterwards."""
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import apply_look, default_openers
    from app.views.kit.i18n import install_translators
    from app.views.kit.settings import AppSettings
    from app.views.kit.tasks import TaskRunner
    from app.views.shell.main_window import MainWindow

    install_translators(QApplication.instance(), "en")
    apply_look(QApplication.instance())
    tasks = TaskRunner()
    window = MainWindow(default_openers(), AppSettings(qsettings), tasks)  # type: ignore[arg-type]
    try:
        yield window
    finally:
        window.close_workspace()
        tasks.wait()
        window.close()
        window.deleteLater()


@dataclass
class Dialogs:
    """Every message box the window showed, by kind, with the answers given."""

    asked: list[tuple[str, str]] = field(default_factory=list)

    def kinds(self) -> list[str]:
        return [kind for kind, _text in self.asked]


def record_dialogs(monkeypatch: object, answers: dict[str, object] | None = None) -> Dialogs:
    """Replace QMessageBox's static dialogs (and exec) with recorders; `answers` maps a kind ("question",
    "warning", "critical", "information", "exec") to the button returned or a callable returning it."""
    from PySide6.QtWidgets import QMessageBox

    dialogs = Dialogs()
    answers = answers or {}
    defaults = {"question": QMessageBox.StandardButton.No, "warning": QMessageBox.StandardButton.Cancel}

    def recorder(kind: str) -> Callable[..., object]:
        def record(*args: object, **_kwargs: object) -> object:
            text = str(args[2]) if len(args) > 2 else (args[0].text() if args else "")  # type: ignore[attr-defined]
            dialogs.asked.append((kind, text))
            answer = answers.get(kind, defaults.get(kind, QMessageBox.StandardButton.Ok))
            return answer() if callable(answer) else answer
        return record

    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))  # type: ignore[attr-defined]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: recorder("exec")(box))  # type: ignore[attr-defined]
    return dialogs
