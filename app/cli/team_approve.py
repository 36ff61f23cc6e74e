"""`team approve`: approve today's prices as the dated price list sales staff print from (issue #15).

    python main.py team approve W [--channel C]

W is a team workspace URL (`postgresql://user@host:port/db`) or a workspace file. Every channel is approved
(one new version each), or only `--channel C`. One line per channel on stdout: channel, version, date, SKUs
priced of SKUs listed, currency and who approved. Exit status: 0 done; 2 bad input (an unknown channel, a
login in the sales role, not a workspace), with one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import end_progress_line
from app.models.bilingual import Bilingual

if TYPE_CHECKING:
    from app.cli import CommandLine

EXIT_OK = 0
ACTION = "approve"


def add_action(actions: Any) -> None:
    approve = actions.add_parser(ACTION, help="approve today's prices (all channels, or one) for sales staff")
    approve.add_argument("url", help="postgresql://user@host:port/db, or a workspace file")
    approve.add_argument("--channel", help="only this channel (e.g. 1688, tmall)")


def run(args: argparse.Namespace, out: CommandLine) -> int:
    from app import postgres_only
    from app.db import open_workspace
    from app.services.workspace.approvals import ApprovalService

    where: str | Path = postgres_only.url_of(args.url) if postgres_only.is_url(args.url) else Path(args.url)
    workspace = open_workspace(where)
    try:
        approvals = ApprovalService(workspace).approve(args.channel, progress=_progress)
    finally:
        workspace.close()
    end_progress_line()
    for item in approvals:
        name = item.name_zh if out.lang.startswith("zh") else item.name_en
        print(f"{item.channel_id}\t{name}\tv{item.version}\t{item.approved_at.date().isoformat()}\t"
              f"{item.priced}/{item.skus} SKUs\t{item.currency}\t{item.approved_by}")
    for item in approvals:  # the first note of each channel (the price list and the pack show them all)
        if item.warnings:
            first, more = item.warnings[0], len(item.warnings) - 1
            out.say(Bilingual(f"{item.channel_id}：{first.zh}" + (f"（另有 {more} 条提示）" if more else ""),
                              f"{item.channel_id}: {first.en}" + (f" ({more} more notes)" if more else "")))
    count = len(approvals)
    out.say(Bilingual(f"已批准 {count} 个渠道的价格。", f"Approved the prices of {count} channel(s)."))
    return EXIT_OK


def _progress(done: int, total: int) -> None:
    if total:
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)
