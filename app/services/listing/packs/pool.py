"""Pictures measured and cut in worker processes, across products (issue #17).

Cutting 4000 px photos is most of what a pack costs and runs in Pillow's C code; threads inside one product
(the builder's thread pool) leave cores idle while the main process lints, writes and waits. A large build
therefore sends whole pictures to a pool of processes, several products ahead of the one being written:
- the main process keeps everything else — the workspace's connection, the lint, the texts, the prices,
  every file of the pack and the disk cache of derived pictures — and reads each stored picture's bytes
  (header checked) before sending them;
- a worker runs `images.measure_picture` or `images.cut_picture`, top-level functions of the picture's bytes
  alone (picklable, so the pool starts by *spawn* on every system: Windows has nothing else, and forking a
  process that runs Qt and threads is unsafe), and returns what it made; the same functions run in the main
  process for a small build, so pool and serial builds write the same bytes;
- at most `AHEAD_PER_WORKER` pictures per worker are in flight, so memory holds a few products' pictures;
- a small build (fewer than `POOL_THRESHOLD` pictures to cut or measure) never starts the pool: spawning
  workers and importing the app in them costs about a second;
- progress and Cancel stay the builder's: it asks between products; on Cancel or an error the pool is shut
  down, queued work dropped, and the build removes its temporary folders as before.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

#: Fewer pictures than this to cut (or measure) and the build does them itself (threads), without a pool.
POOL_THRESHOLD = 24
#: Pictures in flight per worker: enough to keep it busy while the main process writes.
AHEAD_PER_WORKER = 3
#: `FD_PACK_WORKERS=1` turns the pool off (tests, a machine that needs its other core); unset, one per core.
WORKERS_VARIABLE = "FD_PACK_WORKERS"

T = TypeVar("T")


def pool_workers() -> int:
    """Worker processes for a large build: one per core (at most 8), or `FD_PACK_WORKERS`."""
    chosen = os.environ.get(WORKERS_VARIABLE, "").strip()
    if chosen.isdigit():
        return max(1, int(chosen))
    return max(1, min(8, os.cpu_count() or 1))


class PicturePool:
    """Worker processes started on first use, shut down when the build ends (`with`)."""

    def __init__(self, workers: int | None = None, threshold: int | None = None) -> None:
        self.workers = pool_workers() if workers is None else max(1, workers)
        self.threshold = POOL_THRESHOLD if threshold is None else threshold
        self._executor: ProcessPoolExecutor | None = None

    def worth_it(self, pictures: int) -> bool:
        """Whether this many pictures of work pays for starting the pool."""
        return self.workers > 1 and pictures >= self.threshold

    @property
    def in_flight(self) -> int:
        """How many pictures to keep sent ahead."""
        return self.workers * AHEAD_PER_WORKER

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self.workers,
                                                 mp_context=multiprocessing.get_context("spawn"))
        return self._executor.submit(function, *args)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers (dropping queued work when `cancel`), waiting for the ones running."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=cancel)
            self._executor = None

    def __enter__(self) -> PicturePool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close(cancel=kind is not None)


def failed(error: BaseException) -> Future[Any]:
    """A future that holds `error` (a picture refused before it could be sent): raised where it is awaited,
    inside the right product's error context."""
    future: Future[Any] = Future()
    future.set_exception(error)
    return future
