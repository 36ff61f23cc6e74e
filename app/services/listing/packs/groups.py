"""A large rebuild split by platform across processes (issue #17).

A rebuild after a text edit keeps its pictures (linked from the previous packs, or cut from the disk cache),
so what is left — titles, lint, prices, texts, the upload files, linking and fsyncing the folders — is Python
work, all of it per platform, on one core. `builder.platform_groups` splits such a rebuild into consecutive
groups of platforms; this process builds the first group, one worker process each of the others:
- a worker runs `builder.build_group`: the workspace file opened again, read-only, and `build_temporary` for
  its platforms — the function this process runs for the first group: same packs, written into their
  temporary folders, fsynced, not moved. It hands back their folders and reports (`TemporaryPacks`,
  picklable; a refused picture comes back as the same `UserFacingError`);
- this process moves every group's packs into place together (`builder.move_into_place`), all or none, once
  every group has finished; anything else removes every group's temporary folders, as one build would;
- blocked by the lint: each group says whether it is blocked right after its lint and learns whether any
  other group said so (a shared event); one that learns it stops — before writing, or at its next step when
  it is writing already. Every group's blocked findings join in the platforms' order into one `PackBlocked`,
  as one build gives (it wins over what failed in a group still writing: one build would have stopped);
- progress is the sum of the groups' steps (a worker's counts in shared memory, its total estimated from
  this process's until it knows it); a Cancel, or a worker's failure, is passed on to every group through a
  second event, checked at each of their steps; the error reported is the first real one, not the Cancels it
  caused. A Cancel while this process waits for the workers still holds: nothing is in place yet;
- every group's temporary folders are named here (`partial_files.partial_name`, this process's id) and
  removed here on any failure — a worker killed by the system too (reported as a plain `PackError`).

This module is the plumbing — processes, signals, progress, which error wins — and knows nothing of how a
pack is built (the builder hands it its functions). The workers start by *spawn*, as the picture pool's (no
Qt, no threads inherited; Windows has nothing else), and read the products from the workspace themselves a
moment after this process did: an edit saved in that moment can reach some platforms' packs and not others,
as with two builds one after the other.
"""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.models.bilingual import Bilingual
from app.services.kernel.jobs import CancelCheck, Cancelled, Progress
from app.services.listing.packs.outcome import PackBlocked, PackError, PackReport

#: How often this process, its own group built, looks at the workers' progress and the user's Cancel.
POLL_S = 0.1

#: Asked by a group right after its lint, with whether it is blocked itself: whether any group is blocked (then
#: it stops before writing).
BlockedElsewhere = Callable[[bool], bool]


@dataclass(frozen=True)
class TemporaryPacks:
    """Packs written in their temporary folders, every file and folder fsynced: not yet in place."""

    reports: dict[str, PackReport]
    moves: list[tuple[Path, Path]]    # (temporary folder, final folder), in the platforms' order
    steps: int                        # the progress steps the build took

    def remove(self) -> None:
        for temp, _final in self.moves:
            shutil.rmtree(temp, ignore_errors=True)


#: This process's group: (its progress, its Cancel check, `BlockedElsewhere`) -> its packs.
BuildHere = Callable[[Progress, CancelCheck, BlockedElsewhere], TemporaryPacks]


def build_in_groups(groups: Sequence[Sequence[str]], build_here: BuildHere,
                    build_there: Callable[..., TemporaryPacks], arguments: tuple[Any, ...], temps: Sequence[Path],
                    place: Callable[[Sequence[TemporaryPacks]], None], progress: Progress | None,
                    cancel: CancelCheck | None) -> dict[str, PackReport]:
    """The packs of `groups` of platform ids: the first built here by `build_here`, each other in a worker
    process by `build_there(platforms, group index, *arguments)` (a module-level function, found by name in
    the worker, which takes its signals from `worker_signals()`); then all of them `place`d, or all removed
    and the error that says why raised. `temps`: every group's temporary folders, removed here whatever
    happened to the process that wrote them. {platform: report}; see the module docstring."""
    context = multiprocessing.get_context("spawn")
    signals = _Signals(context, len(groups))
    try:
        with ProcessPoolExecutor(max_workers=len(groups) - 1, mp_context=context, initializer=_start_worker,
                                 initargs=(signals,)) as executor:
            try:
                outcomes = _run(executor, groups, build_here, build_there, arguments, signals, progress, cancel)
            except BaseException:
                signals.stop.set()   # (Ctrl-C, a progress bar that raised): the workers stop at their next step
                raise
        return _settle(outcomes, signals, place, progress)
    except BaseException as error:
        for temp in temps:
            shutil.rmtree(temp, ignore_errors=True)
        if isinstance(error, BrokenProcessPool):   # a worker killed (out of memory, the task manager)
            raise PackError(Bilingual(
                "生成上架包的一个后台进程意外退出，上架包没有改动。请重试；若再次发生，请关闭其他程序后重试。",
                "A background process building the packs stopped unexpectedly; the packs were not changed. "
                "Try again; if it happens again, close other programs first.")) from error
        raise


def _run(executor: ProcessPoolExecutor, groups: Sequence[Sequence[str]], build_here: BuildHere,
         build_there: Callable[..., TemporaryPacks], arguments: tuple[Any, ...], signals: _Signals,
         progress: Progress | None, cancel: CancelCheck | None) -> list[TemporaryPacks | BaseException]:
    """Every group built: this process's here, the others sent to the workers; what each gave or raised."""
    futures = [executor.submit(build_there, list(group), index, *arguments)
               for index, group in enumerate(groups) if index]
    report = _CombinedProgress(progress, signals, len(groups[0]) / sum(map(len, groups)))

    def stop_here() -> bool:
        if cancel is not None and cancel():
            signals.user_cancelled = True
        return signals.user_cancelled or any(_failed(f) for f in futures)

    outcomes: list[TemporaryPacks | BaseException] = []
    try:
        outcomes.append(build_here(report.own, stop_here, signals.blocked_elsewhere))
    except Exception as error:  # noqa: BLE001 - settled with the workers' outcomes (Ctrl-C is not: it goes up)
        outcomes.append(error)
        if not isinstance(error, PackBlocked):
            signals.stop.set()
    _wait_for_workers(futures, signals, report, cancel)
    return outcomes + [_outcome(future) for future in futures]


class _Signals:
    """What the groups share: `stop` (a Cancel or a failure: every group stops at its next step), `blocked`
    (a group's lint blocked it), each group's (steps done, steps in all)."""

    def __init__(self, context: Any, groups: int) -> None:
        self.stop = context.Event()
        self.blocked = context.Event()
        self.counts = context.Array("q", 2 * groups, lock=False)   # progress only: a torn read is harmless
        self.user_cancelled = False   # this process's own note: the user asked, not a failure

    def blocked_elsewhere(self, blocked_here: bool) -> bool:
        """Say whether this group is blocked; whether any group has said so."""
        if blocked_here:
            self.blocked.set()
        return bool(self.blocked.is_set())

    def progress_of(self, index: int) -> Progress:
        def progress(done: int, total: int) -> None:
            self.counts[2 * index], self.counts[2 * index + 1] = done, total

        return progress


_worker_signals: _Signals | None = None


def _start_worker(signals: _Signals) -> None:
    global _worker_signals
    _worker_signals = signals


def worker_signals() -> _Signals:
    """In a worker process of `build_in_groups`: the signals it shares with the others."""
    assert _worker_signals is not None, "a worker process of build_in_groups"
    return _worker_signals


class _CombinedProgress:
    """The user's progress bar fed with every group's steps: this process's as they come, the workers' from
    shared memory. A worker's total is not known until it has read the products: until then it counts as
    this process's total scaled by its share of the platforms."""

    def __init__(self, progress: Progress | None, signals: _Signals, own_share: float) -> None:
        self._progress, self._signals, self._own_share = progress, signals, own_share
        self._own = (0, 0)

    def own(self, done: int, total: int) -> None:
        self._own = (done, total)
        self.report()

    def report(self) -> None:
        if self._progress is None:
            return
        counts = self._signals.counts
        own_done, own_total = self._own
        done, total = own_done, own_total
        unknown_total = round(own_total * (1 - self._own_share) / self._own_share)
        workers = len(counts) // 2 - 1
        for index in range(1, workers + 1):
            worker_done, worker_total = counts[2 * index], counts[2 * index + 1]
            done += worker_done
            total += worker_total or round(unknown_total / workers)
        if total:
            self._progress(min(done, total), total)


def _wait_for_workers(futures: Sequence[Future[TemporaryPacks]], signals: _Signals, report: _CombinedProgress,
                      cancel: CancelCheck | None) -> None:
    """Wait for every worker, the progress bar moving; a Cancel or a worker's failure stops the others."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=POLL_S, return_when=FIRST_EXCEPTION)
        if any(_failed(future) for future in done):
            signals.stop.set()
        if cancel is not None and not signals.user_cancelled and cancel():
            signals.user_cancelled = True
            signals.stop.set()
        report.report()


def _failed(future: Future[TemporaryPacks]) -> bool:
    """Whether a worker has failed: an error, a Cancel, not its lint blocking it (the other groups still lint,
    so every blocked platform's findings are reported)."""
    if not future.done():
        return False
    error = future.exception()
    return error is not None and not isinstance(error, PackBlocked)


def _outcome(future: Future[TemporaryPacks]) -> TemporaryPacks | BaseException:
    error = future.exception()
    return error if error is not None else future.result()


def _settle(outcomes: Sequence[TemporaryPacks | BaseException], signals: _Signals,
            place: Callable[[Sequence[TemporaryPacks]], None], progress: Progress | None) -> dict[str, PackReport]:
    """All the groups' packs moved into place, or all removed and the one error that says why raised."""
    built = [outcome for outcome in outcomes if isinstance(outcome, TemporaryPacks)]
    errors = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    if errors or signals.user_cancelled:   # a Cancel while waiting: nothing is in place yet, so it still holds
        raise _the_error(errors)   # (the caller removes every group's temporary folders)
    place(built)
    steps = sum(packs.steps for packs in built)
    if progress is not None:   # the packs are in place: a Cancel arriving now must not say "nothing was written"
        progress(steps, steps)
    return {platform: report for packs in built for platform, report in packs.reports.items()}


def _the_error(errors: Sequence[BaseException]) -> BaseException:
    """What to raise for failed groups: the blocked platforms' findings joined in the platforms' order, when
    a lint blocked the build (one build stops right after its lint: what failed afterwards, in a group that
    went on writing, would not have happened); else a real failure (the Cancels it caused in the other groups
    say nothing); else the user's Cancel."""
    findings = tuple(f for error in errors if isinstance(error, PackBlocked) for f in error.findings)
    if findings:
        return PackBlocked(findings)
    real = [e for e in errors if not isinstance(e, (Cancelled, PackBlocked))]
    if real:
        return real[0]
    return Cancelled()
