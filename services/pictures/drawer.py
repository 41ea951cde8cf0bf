"""The drawer: where evidence pictures are drawn, and writing them as files.

Drawing is CPU-bound matplotlib work (layout, text, PNG encoding). The bot
draws in worker processes, the three pictures of a verdict at once; the CLI
and the demo draw in their own thread. Either way a picture that fails comes
back as its exception, never stopping the others.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from services.pictures.canvas import Picture

#: Seconds between a worker's looks at whether the bot that started it is still there.
PARENT_CHECK_SECONDS = 0.5

#: One drawing: a picture function (graph, hours, push) and its (picklable) plain-data arguments.
DrawJob = tuple[Callable[..., Picture], tuple[Any, ...]]


class PictureDrawer:
    """Where pictures are drawn: in worker processes, or in the calling thread.

    With `processes` > 0 the three pictures of a verdict are drawn at the same
    time in that many worker processes: about twice as fast on two cores, and
    a bot's check and ack threads never wait for matplotlib to release the
    interpreter. The processes are spawned on the first picture (not when the
    bot starts, so a bot that never draws never pays for them) and then reused.
    With 0, pictures are drawn in the calling thread (the CLI, the demo).
    """

    def __init__(self, processes: int = 0, timeout: float = 60.0) -> None:
        self.processes = max(0, processes)
        self.timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def draw(self, jobs: dict[str, DrawJob]) -> dict[str, Picture | Exception]:
        """Run every job; each name gets its picture, or the exception that stopped it."""
        if self.processes == 0:
            return {name: _attempt(function, args) for name, (function, args) in jobs.items()}
        pool = self._executor()
        futures = {name: pool.submit(function, *args) for name, (function, args) in jobs.items()}
        results: dict[str, Picture | Exception] = {}
        for name, future in futures.items():
            try:
                results[name] = future.result(timeout=self.timeout)
            except BrokenProcessPool as exc:  # a worker died: start afresh next time
                self._discard(pool)
                results[name] = exc
            except Exception as exc:
                results[name] = exc
        return results

    def close(self) -> None:
        """Stop the worker processes (pictures still being drawn are abandoned)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the bot has threads, and forking a threaded process is unsafe.
                self._pool = ProcessPoolExecutor(
                    self.processes,
                    mp_context=get_context("spawn"),
                    initializer=exit_with_parent,
                    initargs=(os.getpid(),),
                )
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)


def exit_with_parent(parent_pid: int) -> None:
    """Worker initializer: end this worker process once the bot that started it is gone.

    A bot killed outright (SIGKILL, the OOM killer) never shuts its pool
    down, and its workers would live on with nothing to do: each checks every
    PARENT_CHECK_SECONDS whether its parent changed (it is re-parented when
    the bot dies) and exits if so.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="cib-parent-watch", daemon=True).start()


def _attempt(function: Callable[..., Picture], args: tuple[Any, ...]) -> Picture | Exception:
    try:
        return function(*args)
    except Exception as exc:
        return exc


def write_pictures(pictures: list[Picture], folder: Path) -> list[Path]:
    """Write each picture's PNG into `folder` (created if needed); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for picture in pictures:
        path = folder / picture.filename
        path.write_bytes(picture.png)
        paths.append(path)
    return paths
