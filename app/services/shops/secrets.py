"""Shop credentials: in the OS keyring, or in the environment for the command line. Never in the workspace.

The keyring entry is service "FactoryDirect", user name "<shop URL> <kind>" (e.g.
"https://shop.example woocommerce_secret"). The workspace keeps only a reference: the shop's kind and URL
and where its credentials live ("keyring" or "env"). When no usable keyring backend exists (keyring's `fail`
backend, a chainer with no backends, the null backend, or the plain-text file backend of `keyrings.alt`) the
app refuses to store a secret and says so — it never falls back to writing the secret anywhere else.

The command line reads `FD_WOO_KEY` / `FD_WOO_SECRET` and `FD_SHOPIFY_TOKEN` first, then the keyring.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.models.bilingual import Bilingual, UserFacingError

SERVICE = "FactoryDirect"
ENV_WOO_KEY, ENV_WOO_SECRET, ENV_SHOPIFY_TOKEN = "FD_WOO_KEY", "FD_WOO_SECRET", "FD_SHOPIFY_TOKEN"
#: Windows Credential Manager stores at most 2,560 bytes per secret (UTF-16 on the way in).
MAX_SECRET_CHARS = 1_200
#: Backends that are not a real secret store.
_UNUSABLE_BACKENDS = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
}


class SecretKind(StrEnum):
    """Which secret of a shop connection."""

    WOO_KEY = "woocommerce_key"
    WOO_SECRET = "woocommerce_secret"
    SHOPIFY_TOKEN = "shopify_token"


#: The secrets each shop kind needs.
KINDS_FOR_SHOP: dict[str, tuple[SecretKind, ...]] = {
    "woocommerce": (SecretKind.WOO_KEY, SecretKind.WOO_SECRET),
    "shopify": (SecretKind.SHOPIFY_TOKEN,),
}
_ENV_FOR_KIND = {SecretKind.WOO_KEY: ENV_WOO_KEY, SecretKind.WOO_SECRET: ENV_WOO_SECRET,
                 SecretKind.SHOPIFY_TOKEN: ENV_SHOPIFY_TOKEN}


class KeyringUnavailable(UserFacingError):
    """No secure credential store on this computer: the secret was not stored anywhere."""


class CredentialsMissing(UserFacingError):
    """A push needs credentials that are neither in the environment nor in the keyring."""


@dataclass(frozen=True)
class ShopCredentials:
    """The secrets of one shop connection. `repr` never shows them."""

    shop_kind: str
    values: Mapping[SecretKind, str]
    source: str  # "env" or "keyring"

    def __repr__(self) -> str:
        return f"ShopCredentials({self.shop_kind!r}, source={self.source!r}, values=***)"

    __str__ = __repr__

    def get(self, kind: SecretKind) -> str:
        return self.values[kind]

    def secret_values(self) -> list[str]:
        """Every secret string, for scrubbing logs and messages."""
        return [v for v in self.values.values() if v]


# ---------------------------------------------------------------- the keyring


def keyring_username(shop_url: str, kind: SecretKind | str) -> str:
    """The keyring user name of one secret: the shop URL and the kind."""
    return f"{shop_url} {SecretKind(kind).value}"


def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def keyring_status() -> tuple[bool, str]:
    """(usable, backend name). Usable means a real secret store, not the fail/null/plain-text backends."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend
    except ImportError:
        return False, "keyring not installed"
    backend = keyring.get_keyring()
    name = _backend_name(backend)
    if isinstance(backend, ChainerBackend):
        inner = [b for b in backend.backends if _backend_name(b) not in _UNUSABLE_BACKENDS]
        return bool(inner), name
    return name not in _UNUSABLE_BACKENDS, name


def _no_keyring(name: str) -> KeyringUnavailable:
    return KeyringUnavailable(Bilingual(
        f"这台电脑上没有可用的系统密钥库（{name}），为安全起见，密钥没有保存到任何地方。"
        f"请启用系统凭据管理器（Windows 凭据管理器、macOS 钥匙串或 Secret Service），"
        f"或在命令行用环境变量 {ENV_WOO_KEY}/{ENV_WOO_SECRET}、{ENV_SHOPIFY_TOKEN} 提供密钥。",
        f"No usable system keyring on this computer ({name}); for safety the secret was not stored anywhere. "
        "Enable the system credential store (Windows Credential Manager, macOS Keychain or Secret Service), "
        f"or give the keys to the command line in {ENV_WOO_KEY}/{ENV_WOO_SECRET} or {ENV_SHOPIFY_TOKEN}.",
    ))


def store_secret(shop_url: str, kind: SecretKind | str, value: str) -> None:
    """Put one secret in the keyring; raises `KeyringUnavailable` (and stores nothing) without one."""
    usable, name = keyring_status()
    if not usable:
        raise _no_keyring(name)
    value = value.strip()
    if not value or len(value) > MAX_SECRET_CHARS or any(ord(c) < 32 for c in value):
        raise UserFacingError(Bilingual("密钥为空、过长或含有不可见字符。",
                                        "The secret is empty, too long or contains control characters."))
    import keyring

    keyring.set_password(SERVICE, keyring_username(shop_url, kind), value)


def load_secret(shop_url: str, kind: SecretKind | str) -> str | None:
    """One secret from the keyring, or None (also None when there is no usable keyring)."""
    usable, _ = keyring_status()
    if not usable:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, keyring_username(shop_url, kind))
    except KeyringError:
        return None


def forget_secrets(shop_url: str, shop_kind: str) -> None:
    """Remove a shop's secrets from the keyring (missing ones are fine)."""
    usable, _ = keyring_status()
    if not usable:
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    for kind in KINDS_FOR_SHOP[shop_kind]:
        try:
            keyring.delete_password(SERVICE, keyring_username(shop_url, kind))
        except (PasswordDeleteError, KeyringError):
            pass


def store_credentials(shop_url: str, shop_kind: str, values: Mapping[SecretKind, str]) -> None:
    """Store every secret a shop kind needs (all or none are checked first)."""
    usable, name = keyring_status()
    if not usable:
        raise _no_keyring(name)
    for kind in KINDS_FOR_SHOP[shop_kind]:
        if not values.get(kind, "").strip():
            raise CredentialsMissing(_missing_message(shop_kind))
    for kind in KINDS_FOR_SHOP[shop_kind]:
        store_secret(shop_url, kind, values[kind])


# ---------------------------------------------------------------- finding credentials


def credentials_from_env(shop_kind: str, environ: Mapping[str, str] | None = None) -> ShopCredentials | None:
    """The shop kind's credentials from the environment, when every one of them is set."""
    environ = os.environ if environ is None else environ
    values = {kind: environ.get(_ENV_FOR_KIND[kind], "").strip() for kind in KINDS_FOR_SHOP[shop_kind]}
    if not all(values.values()):
        return None
    return ShopCredentials(shop_kind, values, "env")


def credentials_from_keyring(shop_url: str, shop_kind: str) -> ShopCredentials | None:
    values = {kind: load_secret(shop_url, kind) or "" for kind in KINDS_FOR_SHOP[shop_kind]}
    if not all(values.values()):
        return None
    return ShopCredentials(shop_kind, values, "keyring")


def resolve_credentials(shop_url: str, shop_kind: str, environ: Mapping[str, str] | None = None) -> ShopCredentials:
    """Environment first (the command line), then the keyring; `CredentialsMissing` when neither has them."""
    found = credentials_from_env(shop_kind, environ) or credentials_from_keyring(shop_url, shop_kind)
    if found is None:
        raise CredentialsMissing(_missing_message(shop_kind))
    return found


def _missing_message(shop_kind: str) -> Bilingual:
    if shop_kind == "shopify":
        return Bilingual(f"缺少 Shopify 访问令牌：请在“网店连接”中保存，或设置环境变量 {ENV_SHOPIFY_TOKEN}。",
                         f"Missing the Shopify access token: save it in the shop connection or set {ENV_SHOPIFY_TOKEN}.")
    return Bilingual(
        f"缺少 WooCommerce 密钥：请在“网店连接”中保存，或设置环境变量 {ENV_WOO_KEY} 和 {ENV_WOO_SECRET}。",
        f"Missing the WooCommerce keys: save them in the shop connection or set {ENV_WOO_KEY} and {ENV_WOO_SECRET}.",
    )
