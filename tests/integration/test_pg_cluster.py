"""The tests' throwaway PostgreSQL cluster (tests/support/pgcluster.py): a run killed before its teardown leaves
a detached server behind; the next start stops it."""

from __future__ import annotations

import socket
import subprocess

import pgcluster


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_a_cluster_whose_test_run_died_is_stopped_by_the_next_start() -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()  # its pid now names no process: the "test run" that started the cluster is gone
    orphan = pgcluster.start_cluster(owner=dead.pid)
    assert _listening(orphan.port)
    stopped = pgcluster.stop_orphans(orphan.bindir, orphan.run_as)
    assert orphan.folder in stopped
    assert not _listening(orphan.port) and not orphan.folder.exists()


def test_a_live_runs_cluster_is_left_alone(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    assert pg_cluster.folder not in pgcluster.stop_orphans(pg_cluster.bindir, pg_cluster.run_as)
    assert _listening(pg_cluster.port)
