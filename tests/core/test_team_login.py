"""The team dialog's login as plain Python (issue #14): the URL it builds (never a password), what it refuses,
reading a remembered URL back into the fields, and how the shell names both kinds of workspace."""

from __future__ import annotations

import pytest

from app import postgres_only
from app.models.bilingual import UserFacingError
from app.services.workspace.team_login import TeamLogin, login_from_url
from app.views.shell import locations


def test_the_url_names_user_server_port_database_and_ssl_mode_never_a_password() -> None:
    login = TeamLogin(host=" office ", database="factory", user="li_sales", port=5433, sslmode="require").checked()
    assert login.url() == "postgresql://li_sales@office:5433/factory?sslmode=require"
    assert login.label() == "li_sales@office:5433/factory"
    assert TeamLogin("db.example.com", "f", "u").url() == "postgresql://u@db.example.com:5432/f"  # prefer: libpq's
    odd = TeamLogin("::1", "工厂", "user@corp").checked()  # an IPv6 host, a Chinese database, an @ in the user
    assert login_from_url(odd.url()) == odd
    assert postgres_only.keyring_entry(__import__("sqlalchemy").engine.make_url(odd.url())) == \
        "postgresql://user@corp@::1:5432"


@pytest.mark.parametrize(("login", "english"), [
    (TeamLogin("", "factory", "li"), "Please fill in: server."),
    (TeamLogin("office", "", ""), "Please fill in: database, user."),
    (TeamLogin("office", "f", "li", port=0), "The port must be between 1 and 65535 (PostgreSQL's is usually 5432)."),
    (TeamLogin("office", "f", "li", sslmode="allow"), "Unknown SSL mode: allow"),
    (TeamLogin("office pc/1", "f", "li"), "That is not a server name: office pc/1 (e.g. office-pc, 192.168.1.10)."),
])
def test_what_is_missing_or_wrong_is_said_in_both_languages(login: TeamLogin, english: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        login.checked()
    assert caught.value.message.en == english and caught.value.message.zh


def test_a_remembered_url_reads_back_without_its_password() -> None:
    login = login_from_url("postgresql://li:secret@office:5432/factory?sslmode=verify-full")
    assert login == TeamLogin("office", "factory", "li", 5432, "verify-full")
    assert "secret" not in postgres_only.without_password("postgresql://li:secret@office/factory")
    assert login_from_url("postgresql:/li@office/factory") == TeamLogin("office", "factory", "li")  # Path-folded


@pytest.mark.parametrize(("location", "label", "short"), [
    ("postgresql://fd@office:5432/factory", "fd@office:5432/factory", "factory"),
    ("postgresql:/fd:pw@office/factory?sslmode=require", "fd@office:5432/factory", "factory"),
    ("postgres://office/factory", "office:5432/factory", "factory"),
])
def test_the_shell_names_a_team_workspace_without_scheme_password_or_parameters(location: str, label: str,
                                                                                short: str) -> None:
    assert locations.is_team(location) and locations.team_label(location) == label
    assert locations.short_name(location) == short
    assert not locations.is_team("D:/factory.fdw") and locations.short_name("/tmp/factory.fdw") == "factory.fdw"
