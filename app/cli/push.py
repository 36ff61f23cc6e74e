"""The `push` subcommand: push products to the factory's own Shopify or WooCommerce shop (shared/reference/cli.md).

    python main.py push W --shop woocommerce|shopify --url URL (--product CODE | --all) [--dry-run] [--force]
                          [--no-pictures] [--query-string-auth]

Wired into `app.cli` like the catalogue commands:

    from app.cli import push as cli_push
    COMMANDS.update(cli_push.register(commands))

Credentials come from the environment — `FD_WOO_KEY` + `FD_WOO_SECRET` (and `FD_WP_USER` + `FD_WP_APP_PASSWORD`
to upload pictures to WooCommerce), `FD_SHOPIFY_CLIENT_ID` + `FD_SHOPIFY_CLIENT_SECRET` (a Dev Dashboard app) or a
legacy `FD_SHOPIFY_TOKEN` — else from the OS keyring entry the GUI saved; they are never written to the workspace,
logs or output. The URL must be `https://` (plain `http://` only for loopback test servers). Progress goes to
stderr, one line per product to stdout (`state  code  shop-key  shop-id  error  note`); the dry run's note says
exactly what the push will do with the product. `--force` sends every product even when nothing changed;
`--no-pictures` pushes without pictures (the shop's pictures are left as they are). Exit 0 when every product was
confirmed or skipped (a dry run: the shop answered and nothing would fail), 1 when some failed or the shop
stopped the job, 2 for bad input (URL, credentials, unknown product, missing workspace). A push interrupted for
any reason resumes on the next push to the same shop.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import end_progress_line
from app.models.bilingual import Bilingual, UserFacingError

if TYPE_CHECKING:  # app.cli imports this module to wire it in: no import cycle at run time
    from app.cli import CommandLine
    from app.services.shops.reports import PushReport

EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2

Handler = Callable[[argparse.Namespace, "CommandLine"], int]


def register(commands: Any) -> dict[str, Handler]:
    """Add `push` to an argparse subparsers object; return {name: handler}."""
    push = commands.add_parser("push", help="push products to a Shopify or WooCommerce shop")
    push.add_argument("workspace", type=Path)
    push.add_argument("--shop", choices=("woocommerce", "shopify"), required=True)
    push.add_argument("--url", required=True, help="the shop's https:// address")
    which = push.add_mutually_exclusive_group(required=True)
    which.add_argument("--product", action="append", metavar="CODE", help="a product code (repeatable)")
    which.add_argument("--all", action="store_true", help="every product of the workspace")
    push.add_argument("--dry-run", action="store_true", help="show what would be created, updated or skipped")
    push.add_argument("--force", action="store_true",
                      help="send every product, even those unchanged in the workspace and in the shop")
    push.add_argument("--no-pictures", action="store_true",
                      help="push without pictures (the shop's pictures are left as they are)")
    push.add_argument("--query-string-auth", action="store_true",
                      help="WooCommerce: send the keys as query parameters for servers that strip the "
                           "Authorization header (the secret then lands in the web server's access log)")
    return {"push": cmd_push}


def _progress(done: int, total: int) -> None:
    print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)


def cmd_push(args: argparse.Namespace, out: CommandLine) -> int:
    from app.services.shops.connections import connector_for
    from app.services.shops.http import InsecureUrl, normalise_shop_url
    from app.services.shops.jobs import push_products
    from app.services.shops.reports import PushAlreadyRunning, PushInputError
    from app.services.shops.secrets import CredentialsMissing, resolve_credentials

    try:
        url = normalise_shop_url(args.url)
    except InsecureUrl as error:
        return out.fail(error.message)
    try:
        credentials = resolve_credentials(url, args.shop)
    except CredentialsMissing as error:
        return out.fail(error.message)
    from app.db import workspace_exists

    if not workspace_exists(args.workspace):
        return out.fail(Bilingual(f"找不到工作区文件：{args.workspace}", f"Workspace file not found: {args.workspace}"))
    _log_to_file()
    from app.db import open_workspace

    workspace = open_workspace(args.workspace)
    try:
        options = {"query_string_auth": args.query_string_auth, "send_pictures": not args.no_pictures}
        connector = connector_for(args.shop, url, credentials, options=options)
        codes = None if args.all else list(args.product)
        try:
            report = push_products(workspace, connector, codes, dry_run=args.dry_run, force=args.force,
                                   credential_ref=credentials.source, progress=_progress)
        except PushInputError as error:
            return out.fail(error.message)
        except PushAlreadyRunning as error:
            return out.fail(error.message, EXIT_UNHEALTHY)
        end_progress_line()
    except UserFacingError as error:
        return out.fail(error.message, EXIT_UNHEALTHY)
    finally:
        workspace.close()
    return _print_report(report, out)


def _log_to_file() -> None:
    """Pushes are logged (redacted) to the user's log file, like the GUI's work."""
    try:
        from app.logging_setup import configure_logging

        configure_logging()
    except OSError:  # a read-only profile: the push still runs
        pass


def _print_report(report: PushReport, out: CommandLine) -> int:
    for item in report.items:
        state = item.action if report.dry_run else item.state
        message = item.message.text(out.lang) if item.message else ""
        detail = item.note.text(out.lang) if item.note else ""
        line = "\t".join([state, item.product_code, item.key, item.remote_id, item.error_code,
                          " ".join(message.split()), " ".join(detail.split())])
        print(line.rstrip("\t"))
    for note in report.notes:
        out.say(note)
    if report.resumed_job_ids:
        ids = ", ".join(str(i) for i in report.resumed_job_ids)
        out.say(Bilingual(f"已接续被中断的推送任务 {ids}。", f"Resumed the interrupted push job(s) {ids}."))
    if report.fatal is not None:
        out.say(Bilingual(f"推送已停止：{report.fatal.message.zh}", f"The push stopped: {report.fatal.message.en}"))
    if report.dry_run:
        counts = {a: report.count(action=a) for a in ("create", "update", "skip", "fail")}
        out.say(Bilingual(
            f"试运行（没有发送任何写入）：新建 {counts['create']}，更新 {counts['update']}，跳过 {counts['skip']}，"
            f"失败 {counts['fail']}。",
            f"Dry run (nothing written): {counts['create']} to create, {counts['update']} to update, "
            f"{counts['skip']} unchanged, {counts['fail']} would fail."))
    else:
        counts = {s: report.count(state=s) for s in ("confirmed", "skipped", "failed")}
        pending = len(report.items) - sum(counts.values())
        out.say(Bilingual(
            f"推送任务 {report.job_id}：成功 {counts['confirmed']}，未变跳过 {counts['skipped']}，失败 "
            f"{counts['failed']}"
            + (f"，未完成 {pending}（下次推送时继续）" if pending else "") + "。",
            f"Push job {report.job_id}: {counts['confirmed']} confirmed, {counts['skipped']} unchanged, "
            f"{counts['failed']} failed" + (f", {pending} unfinished (resumed by the next push)" if pending else "")
            + "."))
    return EXIT_OK if report.ok else EXIT_UNHEALTHY
