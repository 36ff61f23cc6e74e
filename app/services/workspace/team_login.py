"""Logging in to a team workspace (issue #14): the server, database, user and SSL mode a user types, the URL
made of them (never with the password), and the password in the OS keyring when the user asks to remember it.
No Qt; the team dialog (app/views/shell/team_dialog.py) asks these.

The keyring entry is service "FactoryDirect" (`postgres_only.KEYRING_SERVICE`, shared with the shop secrets of
app.services.shops.secrets), user name `postgresql://user@host:port` (`postgres_only.keyring_entry`): one per
login and server, since a PostgreSQL login spans the server's databases. Reading it is
`postgres_only.keyring_password`, the one lookup the engine makes for the dialog, the recent list and the command
line alike; storing and forgetting are here. As for shop secrets, no usable keyring (the fail, null or plain-text
backends) means the password is not stored anywhere, and the user is told so. A password not remembered is handed
to the engine for this session only (`open_team_services`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from app import postgres_only
from app.models.bilingual import Bilingual, UserFacingError
from app.services.shops.secrets import KeyringUnavailable, keyring_status

#: libpq's `sslmode` values offered in the dialog (libpq's default, prefer, first).
SSL_MODES = ("prefer", "disable", "require", "verify-full")
DEFAULT_PORT = 5432
#: A password longer than this is refused (Windows Credential Manager keeps at most 2,560 bytes per secret).
MAX_PASSWORD_CHARS = 1_000


@dataclass(frozen=True)
class TeamLogin:
    """What identifies a team workspace to connect to; the password is not part of it."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    sslmode: str = "prefer"

    def checked(self) -> TeamLogin:
        """The same login with its fields trimmed; `UserFacingError` naming what is missing or wrong."""
        login = TeamLogin(self.host.strip(), self.database.strip(), self.user.strip(), self.port, self.sslmode)
        missing_zh = [zh for zh, value in (("服务器", login.host), ("数据库", login.database), ("用户名", login.user))
                      if not value]
        if missing_zh:
            missing_en = [en for en, value in (("server", login.host), ("database", login.database),
                                               ("user", login.user)) if not value]
            raise UserFacingError(Bilingual(f"请填写：{'、'.join(missing_zh)}。",
                                            f"Please fill in: {', '.join(missing_en)}."))
        if not 1 <= login.port <= 65535:
            raise UserFacingError(Bilingual("端口应在 1 到 65535 之间（PostgreSQL 通常是 5432）。",
                                            "The port must be between 1 and 65535 (PostgreSQL's is usually 5432)."))
        if login.sslmode not in SSL_MODES:
            raise UserFacingError(Bilingual(f"未知的 SSL 模式：{login.sslmode}", f"Unknown SSL mode: {login.sslmode}"))
        if any(c.isspace() or c in "/?#" for c in login.host):
            raise UserFacingError(Bilingual(f"服务器名不对：{login.host}（例如 office-pc、192.168.1.10）。",
                                            f"That is not a server name: {login.host} (e.g. office-pc, "
                                            "192.168.1.10)."))
        return login

    def url(self) -> str:
        """The libpq URL, `postgresql://user@host:port/db` (+ `?sslmode=…` unless libpq's default): no password."""
        query = {} if self.sslmode == "prefer" else {"sslmode": self.sslmode}
        return sa.URL.create("postgresql", username=self.user, host=self.host, port=self.port,
                             database=self.database, query=query).render_as_string(hide_password=False)

    def label(self) -> str:
        """`user@host:port/db`: how the app names the team workspace to its users."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def login_from_url(url: str) -> TeamLogin:
    """The login a URL names (a recent entry, a command-line argument): the dialog's fields, prefilled."""
    parsed = make_url(postgres_only.without_password(postgres_only.url_of(url)))
    sslmode = parsed.query.get("sslmode", "prefer")
    return TeamLogin(host=parsed.host or "localhost", database=parsed.database or "", user=parsed.username or "",
                     port=parsed.port or DEFAULT_PORT,
                     sslmode=sslmode if isinstance(sslmode, str) and sslmode in SSL_MODES else "prefer")


def keyring_usable() -> bool:
    """Whether this computer has a real secret store the password can be remembered in."""
    return keyring_status()[0]


def _entry(url: str) -> str:
    return postgres_only.keyring_entry(make_url(postgres_only.without_password(url)))


def has_saved_password(url: str) -> bool:
    """Whether the keyring holds a password for this login and server (the one lookup the engine makes)."""
    if not keyring_usable():
        return False
    return postgres_only.keyring_password(make_url(postgres_only.without_password(url))) is not None


def remember_password(url: str, password: str) -> None:
    """Keep the password in the keyring for this login and server; `KeyringUnavailable` (nothing stored anywhere)
    without a usable keyring."""
    usable, backend = keyring_status()
    if not usable:
        raise KeyringUnavailable(Bilingual(
            f"这台电脑上没有可用的系统密钥库（{backend}），密码没有保存到任何地方；下次打开时需要重新输入"
            "（或使用 PGPASSWORD / .pgpass）。",
            f"No usable system keyring on this computer ({backend}); the password was not stored anywhere. "
            "Type it again next time (or use PGPASSWORD / .pgpass)."))
    if len(password) > MAX_PASSWORD_CHARS or any(ord(c) < 32 for c in password):
        raise UserFacingError(Bilingual("密码过长或含有不可见字符，没有保存。",
                                        "The password is too long or contains control characters; it was not saved."))
    import keyring

    keyring.set_password(postgres_only.KEYRING_SERVICE, _entry(url), password)


def forget_password(url: str) -> None:
    """Remove the saved password of this login and server (none saved is fine)."""
    if not keyring_usable():
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(postgres_only.KEYRING_SERVICE, _entry(url))
