"""A throwaway PostgreSQL cluster for the tests: `initdb` + `pg_ctl` in a temporary folder, on a free loopback
port and a Unix socket in that folder, stopped (and the folder removed) when the session ends.

Debian keeps the server binaries off PATH (`/usr/lib/postgresql/<major>/bin`); `FD_PG_BINDIR` overrides the
search. PostgreSQL refuses to run as root, and CI runs as root: then the cluster runs as the `postgres` system
user (Debian's package creates it) through `runuser`, in a folder that user owns. The superuser gets a password
(scram-sha-256 over TCP), so the app's connections go through the same password path users have
(`PGPASSWORD`); nothing is trusted that a real server would not trust.

`pg_ctl` detaches the server, so a test run killed before its fixture's teardown (a CI timeout, SIGKILL) would
leave it running: each cluster's folder names the process that started it (`owner.pid`), and every new start
first stops the clusters whose owner is gone.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "fd_test"
PASSWORD = "fd-test-" + uuid.uuid4().hex[:12]  # a new one per run: nothing outside this run can log in


class NoPostgres(RuntimeError):
    """The server binaries are not installed (packaging/install_system_deps.sh installs them)."""


def find_bindir() -> Path:
    """The newest installed server's bin folder (or FD_PG_BINDIR)."""
    override = os.environ.get("FD_PG_BINDIR")
    if override:
        return Path(override)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise NoPostgres("PostgreSQL server binaries not found: run packaging/install_system_deps.sh")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int
    bindir: Path
    run_as: str | None  # the system user the server runs as when we are root

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        """A libpq URL without the password (it comes from PGPASSWORD, as it would for a user)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        password_file = self.folder / "pw"
        password_file.write_text(PASSWORD + "\n", encoding="utf-8")
        if self.run_as:
            user = pwd.getpwnam(self.run_as)
            for path in (self.folder, password_file):
                os.chown(path, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, f"--pwfile={password_file}",
                  "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
        password_file.unlink()
        self.start_server()

    def start_server(self) -> None:
        """Start the server of the initialised cluster (again, after `stop_server`), on the same port."""
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop_server(self) -> None:
        """Stop the server, keeping the cluster (a server that went away: tests of a lost connection). Fast
        shutdown: the clients' connections are cut, committed data stays."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # never started, or already gone
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


PREFIX = "fd-pg-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def stop_orphans(bindir: Path, run_as: str | None) -> list[Path]:
    """Stop and remove the clusters of test runs that died without stopping them; returns their folders."""
    stopped = []
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((folder / "owner.pid").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not ours, or still being set up
        if owner != os.getpid() and not _alive(owner):
            Cluster(folder=folder, port=0, bindir=bindir, run_as=run_as).stop()
            stopped.append(folder)
    return stopped


def start_cluster(owner: int | None = None) -> Cluster:
    """Start a new cluster owned by this process (or `owner`); the caller stops it."""
    bindir = find_bindir()
    run_as = "postgres" if os.geteuid() == 0 else None
    if run_as:
        try:
            pwd.getpwnam(run_as)
        except KeyError:
            run_as = "nobody"
    stop_orphans(bindir, run_as)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    (folder / "owner.pid").write_text(str(owner or os.getpid()), encoding="utf-8")
    cluster = Cluster(folder=folder, port=_free_port(), bindir=bindir, run_as=run_as)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster
