"""Shop credentials: in the OS keyring, or in the environment for the command line. Never in the workspace.

The keyring entry is service "FactoryDirect", user name "<shop URL> <kind>" (e.g.
"https://shop.example woocommerce_secret"). The workspace keeps only a reference: the shop's kind and URL
and where its credentials live ("keyring" or "env"). When no usable keyring backend exists (keyring's `fail`
backend, a chainer with no backends, the null backend, or the plain-text file backend of `keyrings.alt`) the
app refuses to store a secret and says so — it never falls back to writing the secret anywhere else.

Which secrets a shop takes (`CREDENTIAL_SETS`): a WooCommerce shop needs its REST key and secret, plus — to
upload pictures — a WordPress user and an application password (WooCommerce's keys can't write to the media
library). A Shopify shop is reached through a Dev Dashboard app (client id + client secret; since 2026-01-01
merchants can't create admin custom apps, and the token those apps get by the client-credentials grant expires),
or through a legacy admin access token from an app made before then.

The command line reads the environment first — `FD_WOO_KEY` / `FD_WOO_SECRET` (+ `FD_WP_USER` /
`FD_WP_APP_PASSWORD`), `FD_SHOPIFY_CLIENT_ID` / `FD_SHOPIFY_CLIENT_SECRET` or `FD_SHOPIFY_TOKEN` — then the
keyring.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.models.bilingual import Bilingual, UserFacingError

SERVICE = "FactoryDirect"
ENV_WOO_KEY, ENV_WOO_SECRET, ENV_SHOPIFY_TOKEN = "FD_WOO_KEY", "FD_WOO_SECRET", "FD_SHOPIFY_TOKEN"
ENV_SHOPIFY_CLIENT_ID, ENV_SHOPIFY_CLIENT_SECRET = "FD_SHOPIFY_CLIENT_ID", "FD_SHOPIFY_CLIENT_SECRET"
ENV_WP_USER, ENV_WP_APP_PASSWORD = "FD_WP_USER", "FD_WP_APP_PASSWORD"
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
    WP_USER = "wordpress_user"
    WP_APP_PASSWORD = "wordpress_app_password"
    SHOPIFY_CLIENT_ID = "shopify_client_id"
    SHOPIFY_CLIENT_SECRET = "shopify_client_secret"
    SHOPIFY_TOKEN = "shopify_token"


#: The sets of secrets that can each connect a shop kind, preferred first (one complete set is needed).
CREDENTIAL_SETS: dict[str, tuple[tuple[SecretKind, ...], ...]] = {
    "woocommerce": ((SecretKind.WOO_KEY, SecretKind.WOO_SECRET),),
    "shopify": ((SecretKind.SHOPIFY_CLIENT_ID, SecretKind.SHOPIFY_CLIENT_SECRET), (SecretKind.SHOPIFY_TOKEN,)),
}
#: Secrets a shop kind can use besides its credential set: WordPress's, for uploading pictures to WooCommerce.
OPTIONAL_SETS: dict[str, tuple[tuple[SecretKind, ...], ...]] = {
    "woocommerce": ((SecretKind.WP_USER, SecretKind.WP_APP_PASSWORD),),
    "shopify": (),
}
#: Every secret a shop kind may have in the keyring (forgotten together).
KINDS_FOR_SHOP: dict[str, tuple[SecretKind, ...]] = {
    shop: tuple(kind for group in CREDENTIAL_SETS[shop] + OPTIONAL_SETS[shop] for kind in group)
    for shop in CREDENTIAL_SETS
}
_ENV_FOR_KIND = {SecretKind.WOO_KEY: ENV_WOO_KEY, SecretKind.WOO_SECRET: ENV_WOO_SECRET,
                 SecretKind.WP_USER: ENV_WP_USER, SecretKind.WP_APP_PASSWORD: ENV_WP_APP_PASSWORD,
                 SecretKind.SHOPIFY_CLIENT_ID: ENV_SHOPIFY_CLIENT_ID,
                 SecretKind.SHOPIFY_CLIENT_SECRET: ENV_SHOPIFY_CLIENT_SECRET,
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

    def has(self, *kinds: SecretKind) -> bool:
        """Whether every one of `kinds` is present (and not empty)."""
        return all(self.values.get(kind) for kind in kinds)

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
        f"或在命令行用环境变量（{ENV_WOO_KEY}/{ENV_WOO_SECRET}、{ENV_SHOPIFY_CLIENT_ID}/{ENV_SHOPIFY_CLIENT_SECRET}）"
        "提供密钥。",
        f"No usable system keyring on this computer ({name}); for safety the secret was not stored anywhere. "
        "Enable the system credential store (Windows Credential Manager, macOS Keychain or Secret Service), "
        f"or give the keys to the command line in {ENV_WOO_KEY}/{ENV_WOO_SECRET} or "
        f"{ENV_SHOPIFY_CLIENT_ID}/{ENV_SHOPIFY_CLIENT_SECRET}.",
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
    _forget(shop_url, KINDS_FOR_SHOP[shop_kind])


def _forget(shop_url: str, kinds: Sequence[SecretKind]) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    for kind in kinds:
        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(SERVICE, keyring_username(shop_url, kind))


def store_credentials(shop_url: str, shop_kind: str, values: Mapping[SecretKind, str]) -> None:
    """Store one complete credential set of the shop kind, and any complete optional set (checked first).

    Secrets of the other sets are removed, so the keyring never holds a stale token beside new app credentials
    (which one would be used would depend on the order of the sets)."""
    usable, name = keyring_status()
    if not usable:
        raise _no_keyring(name)
    filled = {kind: value.strip() for kind, value in values.items() if value and value.strip()}
    chosen = _complete_set(CREDENTIAL_SETS[shop_kind], filled)
    if chosen is None:
        raise CredentialsMissing(_missing_message(shop_kind))
    partial = [group for group in OPTIONAL_SETS[shop_kind] if any(k in filled for k in group)
               and not all(k in filled for k in group)]
    if partial:
        raise CredentialsMissing(_missing_optional_message(shop_kind))
    keep = set(chosen) | {k for group in OPTIONAL_SETS[shop_kind] if all(k in filled for k in group) for k in group}
    for kind in keep:
        store_secret(shop_url, kind, filled[kind])
    _forget(shop_url, [k for k in KINDS_FOR_SHOP[shop_kind] if k not in keep])


def _complete_set(groups: tuple[tuple[SecretKind, ...], ...],
                  values: Mapping[SecretKind, str]) -> tuple[SecretKind, ...] | None:
    return next((group for group in groups if all(values.get(k) for k in group)), None)


# ---------------------------------------------------------------- finding credentials


def _credentials(shop_kind: str, values: Mapping[SecretKind, str], source: str) -> ShopCredentials | None:
    """The first complete credential set in `values`, with every complete optional set; None without one."""
    chosen = _complete_set(CREDENTIAL_SETS[shop_kind], values)
    if chosen is None:
        return None
    kept = {kind: values[kind] for kind in chosen}
    for group in OPTIONAL_SETS[shop_kind]:
        if all(values.get(k) for k in group):
            kept.update({k: values[k] for k in group})
    return ShopCredentials(shop_kind, kept, source)


def credentials_from_env(shop_kind: str, environ: Mapping[str, str] | None = None) -> ShopCredentials | None:
    """The shop kind's credentials from the environment, when one complete set of them is there."""
    environ = os.environ if environ is None else environ
    values = {kind: environ.get(_ENV_FOR_KIND[kind], "").strip() for kind in KINDS_FOR_SHOP[shop_kind]}
    return _credentials(shop_kind, values, "env")


def credentials_from_keyring(shop_url: str, shop_kind: str) -> ShopCredentials | None:
    values = {kind: load_secret(shop_url, kind) or "" for kind in KINDS_FOR_SHOP[shop_kind]}
    return _credentials(shop_kind, values, "keyring")


def resolve_credentials(shop_url: str, shop_kind: str, environ: Mapping[str, str] | None = None) -> ShopCredentials:
    """Environment first (the command line), then the keyring; `CredentialsMissing` when neither has them."""
    found = credentials_from_env(shop_kind, environ) or credentials_from_keyring(shop_url, shop_kind)
    if found is None:
        raise CredentialsMissing(_missing_message(shop_kind))
    return found


def _missing_optional_message(shop_kind: str) -> Bilingual:
    return Bilingual("上传图片需要 WordPress 用户名和应用密码两项都填写（或都留空、不上传图片）。",
                     "Uploading pictures needs both the WordPress user name and the application password "
                     "(or leave both empty and push without pictures).")


def _missing_message(shop_kind: str) -> Bilingual:
    if shop_kind == "shopify":
        return Bilingual(
            f"缺少 Shopify 应用的客户端 ID 和密钥（开发者后台 Dev Dashboard → 应用 → 设置）：请在“网店连接”中保存，"
            f"或设置环境变量 {ENV_SHOPIFY_CLIENT_ID} 和 {ENV_SHOPIFY_CLIENT_SECRET}（旧版应用的令牌用 "
            f"{ENV_SHOPIFY_TOKEN}）。",
            f"Missing the Shopify app's client ID and secret (Dev Dashboard → your app → Settings): save them in the "
            f"shop connection or set {ENV_SHOPIFY_CLIENT_ID} and {ENV_SHOPIFY_CLIENT_SECRET} "
            f"({ENV_SHOPIFY_TOKEN} for a legacy app's token).")
    return Bilingual(
        f"缺少 WooCommerce 密钥：请在“网店连接”中保存，或设置环境变量 {ENV_WOO_KEY} 和 {ENV_WOO_SECRET}。",
        f"Missing the WooCommerce keys: save them in the shop connection or set {ENV_WOO_KEY} and {ENV_WOO_SECRET}.",
    )
