"""Start-up helpers for the frozen (PyInstaller) build. No Qt: the GUI's bootstrap calls them, the CLI may too.

A PyInstaller one-folder build unpacks nothing: the executable sits beside `_internal/` (`sys._MEIPASS`),
which holds the shipped `resources/` and the Alembic scripts in `app/migrations/` (Alembic loads them from
files). From a source checkout the same paths are the repository's.

Frozen builds lose keyring's backend discovery (it goes through package entry points), so on Windows the
Credential Manager backend is set explicitly and checked with a throwaway entry; when that fails the app
uses keyring's `fail` backend, so it refuses to store a shop secret rather than put it anywhere else
(app.services.shops.secrets treats `fail` as "no keyring").

    from app.frozen import prepare_runtime
    log.info("runtime: %s", prepare_runtime())      # once, after logging is configured
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

#: The keyring service of the start-up self-test (never the real one: no shop secret is touched).
SELF_TEST_SERVICE = "FactoryDirect self-test"
WINDOWS_BACKEND = "keyring.backends.Windows.WinVaultKeyring"

#: What a complete build must contain, relative to the bundle folder (checked at start-up, logged).
REQUIRED_FILES = (
    "resources/style/app.qss",
    "resources/icons/app.svg",
    "resources/fonts/wqy-zenhei.ttc",
    "resources/categories/default_categories.json",
    "app/migrations/env.py",
)


def is_frozen() -> bool:
    """True inside a PyInstaller build."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_dir() -> Path:
    """The folder that holds `resources/` and `app/`: `sys._MEIPASS` when frozen, else the repository."""
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]  # set by PyInstaller's boot loader only
    return Path(__file__).resolve().parents[1]


def resources_dir() -> Path:
    """The app's shipped resources (icons, style, fonts, translations, categories, channels, platforms)."""
    return bundle_dir() / "resources"


def missing_files(base: Path | None = None) -> list[str]:
    """Required files that are not in the build (empty for a complete one); also the .qm translations."""
    base = base or bundle_dir()
    missing = [name for name in REQUIRED_FILES if not (base / name).is_file()]
    if not list((base / "app" / "migrations" / "versions").glob("*.py")):
        missing.append("app/migrations/versions/*.py")
    if not list((base / "resources" / "i18n").glob("*.qm")):
        missing.append("resources/i18n/*.qm")
    return missing


@dataclass(frozen=True)
class KeyringStatus:
    """Which keyring backend the app uses and whether the self-test passed.

    `self_test` is "ok", "skipped" (not asked for, or nothing to test), or "failed: <error type>: <reason>"
    (the reason never contains the throwaway secret)."""

    backend: str
    usable: bool
    self_test: str
    explicit: bool = False

    def __str__(self) -> str:
        how = "set explicitly" if self.explicit else "discovered"
        return f"keyring {self.backend} ({how}), usable={self.usable}, self-test {self.self_test}"


def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def configure_keyring(*, platform: str | None = None, self_test: bool = True) -> KeyringStatus:
    """On Windows, set the Credential Manager backend explicitly (frozen builds can't discover it) and
    self-test it; elsewhere report keyring's own choice without touching it. Never raises."""
    platform = platform or sys.platform
    try:
        import keyring
        from keyring.backends import fail
    except ImportError as error:  # pragma: no cover - keyring is a dependency
        return KeyringStatus("none", False, f"failed: {type(error).__name__}: keyring not installed")
    explicit = False
    if platform == "win32":
        try:
            from keyring.backends.Windows import WinVaultKeyring

            windows = WinVaultKeyring()
            if windows.priority <= 0:  # raises RuntimeError when win32ctypes is missing
                raise RuntimeError("Windows Credential Manager not available")
            keyring.set_keyring(windows)
            explicit = True
        except Exception as error:  # noqa: BLE001 - any failure means "no keyring"
            keyring.set_keyring(fail.Keyring())
            return KeyringStatus(WINDOWS_BACKEND, False, f"failed: {type(error).__name__}: {error}", explicit=True)
    backend = keyring.get_keyring()
    name = _backend_name(backend)
    unusable = name in {"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"} or (
        name == "keyring.backends.chainer.ChainerBackend" and not getattr(backend, "backends", []))
    if unusable:
        return KeyringStatus(name, False, "skipped", explicit=explicit)
    if not self_test or not explicit:  # a discovered store (Linux, macOS) may prompt to unlock: don't poke it
        return KeyringStatus(name, True, "skipped", explicit=explicit)
    result = keyring_self_test()
    if result != "ok" and explicit:
        keyring.set_keyring(fail.Keyring())  # a store that can't keep a secret must not be offered
    return KeyringStatus(name, result == "ok", result, explicit=explicit)


def keyring_self_test() -> str:
    """Set, read back and delete a throwaway entry. Returns "ok" or "failed: …" (never the secret)."""
    import keyring

    user = f"self-test-{secrets.token_hex(4)}"
    value = secrets.token_urlsafe(24)
    stored = False
    try:
        keyring.set_password(SELF_TEST_SERVICE, user, value)
        stored = True
        read = keyring.get_password(SELF_TEST_SERVICE, user)
        if read != value:
            return "failed: the value read back differs"
        keyring.delete_password(SELF_TEST_SERVICE, user)
        stored = False
        if keyring.get_password(SELF_TEST_SERVICE, user) is not None:
            return "failed: the entry was not deleted"
        return "ok"
    except Exception as error:  # noqa: BLE001 - reported, never raised at start-up
        return f"failed: {type(error).__name__}: {_without(str(error), value)}"
    finally:
        if stored:
            with contextlib.suppress(Exception):
                keyring.delete_password(SELF_TEST_SERVICE, user)


def _without(text: str, secret: str) -> str:
    return text.replace(secret, "***")[:200]


@dataclass(frozen=True)
class RuntimeStatus:
    """What `prepare_runtime` found, for the log."""

    frozen: bool
    bundle: Path
    keyring: KeyringStatus | None
    missing: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"frozen={self.frozen}", f"bundle={self.bundle}"]
        if self.keyring is not None:
            parts.append(str(self.keyring))
        parts.append(f"missing files: {', '.join(self.missing)}" if self.missing else "build complete")
        return "; ".join(parts)


def prepare_runtime(*, self_test: bool = True) -> RuntimeStatus:
    """Run once at start-up. In a frozen build: check the bundle's files and set up the keyring (with the
    self-test on Windows); from a source checkout only the Windows keyring step runs. Never raises; logs
    a warning for anything wrong and returns the status (bootstrap logs it)."""
    frozen = is_frozen()
    keyring_status = None
    if frozen or sys.platform == "win32":
        keyring_status = configure_keyring(self_test=self_test)
        if not keyring_status.usable:
            log.warning("no usable keyring: shop secrets will not be stored (%s)", keyring_status)
    missing = missing_files() if frozen else []
    if missing:
        log.warning("the build is missing files: %s", ", ".join(missing))
    return RuntimeStatus(frozen=frozen, bundle=bundle_dir(), keyring=keyring_status, missing=missing)
