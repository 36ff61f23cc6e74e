"""Live changes (issue #14): another user's commit reaches this session's listener within a second, once per
product, and never before it commits. Two real sessions on one team database."""

from __future__ import annotations

import select
import time

from app.db import open_workspace
from app.services.catalogue.products import ProductService
from app.services.workspace.live import ChangeListener, ensure_change_notifications


def test_another_users_commit_arrives_within_a_second_once_per_product(pg_workspace_url: str) -> None:
    mine, theirs = open_workspace(pg_workspace_url), open_workspace(pg_workspace_url)
    try:
        assert ensure_change_notifications(mine.engine) is True
        assert ensure_change_notifications(mine.engine) is False  # cheap when present
        listener = ChangeListener(mine.engine)
        products = ProductService(theirs)
        created = products.create_product("LG-001", "行李箱", "Suitcase")
        assert listener.wait(1.0) == {created.id}

        with theirs.engine.connect() as connection:  # a transaction not yet committed is not news
            transaction = connection.begin()
            connection.exec_driver_sql("UPDATE product SET name_en = 'x' WHERE id = %s", (created.id,))
            connection.exec_driver_sql("UPDATE product SET name_en = 'y' WHERE id = %s", (created.id,))
            assert listener.wait(0.3) == set()
            started = time.perf_counter()
            transaction.commit()
        ready, _, _ = select.select([listener.fileno()], [], [], 1.0)  # what a QSocketNotifier watches
        assert ready and listener.changed_products() == {created.id}  # two updates, one notification
        assert time.perf_counter() - started < 1.0
        listener.close()
    finally:
        mine.close()
        theirs.close()


def test_a_workspace_file_has_nothing_to_listen_to(tmp_path) -> None:
    from app.db import create_workspace

    workspace = create_workspace(tmp_path / "w.fdw")
    assert ensure_change_notifications(workspace.engine) is False
    workspace.close()


def test_opening_a_team_workspace_installs_the_notifications(pg_workspace_url: str) -> None:
    from app.services.workspace.services import open_services

    services = open_services(pg_workspace_url)
    try:
        assert ensure_change_notifications(services.workspace.engine) is False  # already there
    finally:
        services.close()
