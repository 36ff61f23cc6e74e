"""Check 7 (reliability.md): sentinel secrets configured for Shopify and WooCommerce appear in no byte of the
workspace database, its WAL, backups, exports or logs — even when a shop echoes them back in error messages.
Secrets live in the keyring (a fake in-memory backend here); without a usable keyring they are refused.
"""

from __future__ import annotations

import base64
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from fakeshops import (
    FakeClock,
    FakeShopify,
    FakeWooCommerce,
    add_pictures,
    iter_files,
    make_catalogue,
    memory_keyring,
)
from keyring.backends.chainer import ChainerBackend
from sqlmodel import select

from app import cli, logging_setup
from app.db import Workspace
from app.models import ShopConnection
from app.services.catalogue.io.export import export_catalogue
from app.services.shops.connections import connector_for, save_connection
from app.services.shops.jobs import push_products
from app.services.shops.secrets import (
    SERVICE,
    CredentialsMissing,
    KeyringUnavailable,
    SecretKind,
    ShopCredentials,
    keyring_status,
    keyring_username,
    resolve_credentials,
)
from app.services.workspace.backups import take_backup

WOO_KEY = "ck_SENTINELwooKEY0123456789abcdef01234567"
WOO_SECRET = "cs_SENTINELwooSECRET0123456789abcdef0123"
WP_PASSWORD = "SENTINELwp abcd efgh ijkl mnop"
SHOPIFY_TOKEN = "shpat_SENTINELshopifyTOKEN0123456789abcd"
SHOPIFY_CLIENT_SECRET = "shpss_SENTINELshopifyCLIENTsecret0123"
SENTINELS = [WOO_KEY, WOO_SECRET, SHOPIFY_TOKEN, SHOPIFY_CLIENT_SECRET, WP_PASSWORD,
             base64.b64encode(f"{WOO_KEY}:{WOO_SECRET}".encode()).decode(), "SENTINEL"]


class EmptyChainer(ChainerBackend):
    backends: ClassVar[list[Any]] = []  # type: ignore[misc]


@pytest.fixture
def use_keyring() -> Iterator[Any]:
    previous = keyring.get_keyring()

    def use(backend: Any) -> Any:
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's log file (as the GUI and the command line configure it) in a temp folder, at DEBUG."""
    folder = tmp_path / "logs"
    monkeypatch.setattr(logging_setup, "log_folder", lambda: folder)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    logging_setup.configure_logging(folder, logging.DEBUG)
    yield folder
    for handler in list(root.handlers):
        if handler not in handlers:
            handler.close()
            root.removeHandler(handler)
    root.setLevel(level)


def assert_no_secret(path: Path) -> None:
    data = path.read_bytes()
    for sentinel in SENTINELS:
        for encoded in (sentinel.encode("utf-8"), sentinel.encode("utf-16-le")):
            assert encoded not in data, f"{sentinel[:12]}… found in {path}"


@pytest.mark.sqlite_only  # scans the bytes of the workspace file
def test_sentinel_secrets_appear_in_no_byte_of_the_workspace_backups_exports_or_logs(
        workspace: Workspace, tmp_path: Path, use_keyring: Any, log_folder: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    memory = use_keyring(memory_keyring())
    make_catalogue(workspace, simple=3, variable=1)
    clock = FakeClock()
    add_pictures(workspace, "P0000")
    add_pictures(workspace, "P0003")
    with FakeWooCommerce(key=WOO_KEY, secret=WOO_SECRET, wp_password=WP_PASSWORD) as woo, \
            FakeShopify(token=SHOPIFY_TOKEN, client_secret=SHOPIFY_CLIENT_SECRET, clock=clock) as shop:
        # Saved the way the GUI saves them: keyring for the secrets, a reference in the workspace.
        save_connection(workspace, "woocommerce", woo.url, {
            SecretKind.WOO_KEY: WOO_KEY, SecretKind.WOO_SECRET: WOO_SECRET, SecretKind.WP_USER: woo.wp_user,
            SecretKind.WP_APP_PASSWORD: WP_PASSWORD})
        save_connection(workspace, "shopify", shop.url, {SecretKind.SHOPIFY_CLIENT_ID: shop.client_id,
                                                         SecretKind.SHOPIFY_CLIENT_SECRET: SHOPIFY_CLIENT_SECRET})
        assert memory.store[(SERVICE, keyring_username(woo.url, SecretKind.WOO_SECRET))] == WOO_SECRET
        # Shops that echo the credentials back in their error messages.
        woo.reject_skus["P0001-S"] = f"woocommerce_rest_authentication_error Bad consumer_key={WOO_KEY} {WOO_SECRET}"
        woo.queue(400, {"code": "rest_invalid", "message": f"Authorization: Basic {SENTINELS[3]} refused"},
                  path="/variations/batch")
        shop.reject_handles["p0000"] = ("INVALID_VARIANT", f"token {SHOPIFY_TOKEN} is not allowed here")
        woo_credentials = resolve_credentials(woo.url, "woocommerce", environ={})
        assert woo_credentials.source == "keyring"
        for options in ({}, {"query_string_auth": True}):
            connector = connector_for("woocommerce", woo.url, woo_credentials, options=options)
            push_products(workspace, connector, None, dry_run=True)
            report = push_products(workspace, connector, None)
            if not options:  # the first push met both echoing errors
                assert [i.state for i in report.items] == ["confirmed", "failed", "confirmed", "failed"]
                assert all(s not in (i.message.en + i.message.zh) for i in report.items if i.message for s in SENTINELS)
            woo.reject_skus.pop("P0001-S", None)
        shopify_credentials = resolve_credentials(shop.url, "shopify", environ={})
        report = push_products(workspace, connector_for("shopify", shop.url, shopify_credentials, sleep=clock.sleep,
                                                        clock=clock), None)
        assert report.items[0].error_code == "INVALID_VARIANT"
        assert SHOPIFY_TOKEN not in report.items[0].message.en  # type: ignore[union-attr]
        # The command line, with the secrets in the environment (a legacy token, then an app's client secret).
        monkeypatch.setenv("FD_SHOPIFY_TOKEN", SHOPIFY_TOKEN)
        shop.reject_handles.clear()
        status = cli.main(["push", str(workspace.path), "--shop", "shopify", "--url", shop.url, "--all"])
        output = capsys.readouterr()
        assert status == 0, output.err
        monkeypatch.delenv("FD_SHOPIFY_TOKEN")
        monkeypatch.setenv("FD_SHOPIFY_CLIENT_ID", shop.client_id)
        monkeypatch.setenv("FD_SHOPIFY_CLIENT_SECRET", SHOPIFY_CLIENT_SECRET)
        status = cli.main(["push", str(workspace.path), "--shop", "shopify", "--url", shop.url, "--all", "--force"])
        output2 = capsys.readouterr()
        assert status == 0, output2.err
        issued = list(shop.issued)  # the tokens the grant handed out are secrets too
        assert len(issued) >= 2 and woo.media and shop.staged
        assert all(s not in output.out + output.err + output2.out + output2.err for s in SENTINELS + issued)
    SENTINELS.extend(issued)
    # Everything the app wrote while the secrets were in use.
    wal = tmp_path / "copy-of.fdw-wal"
    shutil.copyfile(str(workspace.path) + "-wal", wal)
    backup = take_backup(workspace.path, tmp_path / "backups")
    (tmp_path / "exports").mkdir()
    csv_report = export_catalogue(workspace, tmp_path / "exports" / "catalogue.csv")
    xlsx_report = export_catalogue(workspace, tmp_path / "exports" / "catalogue.xlsx")
    with workspace.session() as session:
        references = session.exec(select(ShopConnection.kind, ShopConnection.credential_ref)).all()
    assert sorted(references) == [("shopify", "keyring"), ("woocommerce", "keyring")]
    workspace.close()
    files = [workspace.path, wal, backup, csv_report.path, xlsx_report.path, *iter_files(log_folder)]
    assert wal.stat().st_size > 0 and any(p.suffix == ".log" for p in files)
    log_text = (log_folder / "factory-direct.log").read_text(encoding="utf-8")
    assert "push job" in log_text and "POST" in log_text  # the pushes were logged…
    for path in files:
        assert_no_secret(path)  # …without a single secret byte


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring(), EmptyChainer()],
                         ids=["fail", "null", "empty-chainer"])
@pytest.mark.sqlite_only  # scans the bytes of the workspace file
def test_without_a_usable_keyring_the_secret_is_refused_not_stored(workspace: Workspace, use_keyring: Any,
                                                                    backend: Any) -> None:
    use_keyring(backend)
    assert keyring_status()[0] is False
    with pytest.raises(KeyringUnavailable) as caught:
        save_connection(workspace, "shopify", "https://shop.example", {SecretKind.SHOPIFY_TOKEN: SHOPIFY_TOKEN})
    assert "keyring" in caught.value.message.en and "密钥库" in caught.value.message.zh
    assert "FD_SHOPIFY_CLIENT_ID" in caught.value.message.en
    with workspace.session() as session:
        assert session.exec(select(ShopConnection)).all() == []
    with pytest.raises(CredentialsMissing):
        resolve_credentials("https://shop.example", "shopify", environ={})
    workspace.close()
    assert_no_secret(workspace.path)


def test_environment_credentials_and_their_repr(use_keyring: Any) -> None:
    use_keyring(memory_keyring())
    env = {"FD_WOO_KEY": WOO_KEY, "FD_WOO_SECRET": WOO_SECRET}
    found = resolve_credentials("https://shop.example", "woocommerce", environ=env)
    assert found.source == "env" and found.get(SecretKind.WOO_SECRET) == WOO_SECRET
    assert WOO_KEY not in repr(found) and WOO_SECRET not in str(found)
    with pytest.raises(CredentialsMissing):  # half the pair is not enough
        resolve_credentials("https://shop.example", "woocommerce", environ={"FD_WOO_KEY": WOO_KEY})
    assert isinstance(found, ShopCredentials)
