"""Check 2 (reliability.md): a writer killed at random moments leaves a sound workspace.

A writer process loops over transactions (one product and exactly three SKUs each) through
app.db; it is killed hard (SIGKILL on POSIX) at a random moment, again and again on the same file.
Afterwards the file passes integrity_check, no transaction is half there, and the app opens it.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import threading
import time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from app import sqlite_only
from app.db import create_workspace, open_workspace

ROOT = Path(__file__).resolve().parents[2]
KILLS = 12
SKUS_PER_PRODUCT = 3

WRITER = textwrap.dedent(f"""
    import itertools, sys
    from decimal import Decimal
    from pathlib import Path
    sys.path.insert(0, {str(ROOT)!r})
    from app.db import open_workspace
    from app.models import Product, Sku

    workspace = open_workspace(Path(sys.argv[1]))
    run = sys.argv[2]
    for n in itertools.count():
        with workspace.session() as session:   # one transaction: a product and all its SKUs
            product = Product(code=f"{{run}}-{{n}}", name_zh="行李箱 🧳", name_en="Suitcase")
            session.add(product)
            session.flush()
            for i in range({SKUS_PER_PRODUCT}):
                session.add(Sku(product_id=product.id, code=f"{{run}}-{{n}}-{{i}}", gtin="0012345678905",
                                cost=Decimal("12345678901234567.89"), position=i))
        if n == 0:
            print("writing", flush=True)
""")


def start_writer(script: Path, workspace: Path, run: str) -> subprocess.Popen[str]:
    """Start a writer and return once it has committed its first transaction."""
    process = subprocess.Popen([sys.executable, str(script), str(workspace), run],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
    assert process.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()),
                              daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=30)
    if not lines or lines[0].strip() != "writing":
        process.kill()
        _, errors = process.communicate(timeout=10)
        raise AssertionError(f"writer {run} did not start writing: {errors}")
    return process


def test_writer_killed_at_random_moments_leaves_a_sound_workspace(tmp_path: Path) -> None:
    path = tmp_path / "w.fdw"
    create_workspace(path).close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)

    for kill in range(KILLS):
        process = start_writer(script, path, f"run{kill}")
        time.sleep(rng.uniform(0.05, 0.4))
        process.kill()  # SIGKILL: no cleanup, no rollback, no checkpoint
        process.communicate(timeout=10)
        assert process.returncode != 0, f"writer {kill} wasn't killed (seed {seed})"
        # A hot WAL is left behind; the read-only check that open_workspace runs must see a sound file.
        assert sqlite_only.check_file(path) == (True, "ok"), f"after kill {kill} (seed {seed})"

    assert sqlite_only.check_file(path, full=True) == (True, "ok"), f"seed {seed}"

    workspace = open_workspace(path)
    try:
        with workspace.engine.connect() as connection:
            def scalar(sql: str) -> int:
                return int(connection.execute(sa.text(sql)).scalar_one())

            assert connection.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            products, skus = scalar("SELECT count(*) FROM product"), scalar("SELECT count(*) FROM sku")
            assert products >= KILLS  # every writer committed at least once before it was killed
            assert skus == SKUS_PER_PRODUCT * products, f"half a transaction survived (seed {seed})"
            assert scalar(f"""SELECT count(*) FROM product p
                              WHERE (SELECT count(*) FROM sku s WHERE s.product_id = p.id)
                                    != {SKUS_PER_PRODUCT}""") == 0
            # Every run's products are numbered without gaps: commits are durable in order.
            for kill in range(KILLS):
                count = scalar(f"SELECT count(*) FROM product WHERE code LIKE 'run{kill}-%'")
                assert count >= 1
                assert scalar(f"SELECT count(*) FROM product WHERE code = 'run{kill}-{count - 1}'") == 1
            assert {row[0] for row in connection.execute(sa.text("SELECT DISTINCT cost FROM sku"))} == {
                "12345678901234567.89"}
        # …and the app can write to it again.
        with workspace.session() as session:
            from app.models import Product, Sku

            product = Product(code="after-crash", name_zh="之后")
            session.add(product)
            session.flush()
            session.add(Sku(product_id=product.id, code="after-crash-1", cost=Decimal("1.00")))
    finally:
        workspace.close()
    assert sqlite_only.check_file(path, full=True) == (True, "ok")
