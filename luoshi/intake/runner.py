"""Run the intake over many files, in this process or in worker processes, results in input order.

Workers are plain processes fed one file at a time through a pipe. The parent watches the clock:
a worker that overruns the per-document limit (stuck in C code where SIGALRM cannot reach it)
is killed and replaced, its file reported as timed out, and the batch goes on.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import sys
import time
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from . import IntakeError, Limits, extract_path

Result = tuple[str, "dict[str, Any] | None", "str | None"]  # (path, record, error)
_GRACE = 5.0  # seconds beyond the in-worker deadline before the parent kills a worker


def _one(path: str, published: dt.date | None, limits: Limits) -> Result:
    try:
        return path, extract_path(path, published, limits), None
    except IntakeError as exc:
        return path, None, str(exc) or "unreadable"
    except Exception as exc:  # never a traceback from the CLI
        return path, None, f"internal error ({type(exc).__name__}: {exc})".splitlines()[0]


def _worker(conn: Connection, published: dt.date | None, limits: Limits) -> None:
    while True:
        try:
            task = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if task is None:
            return
        index, path = task
        conn.send((index, _one(path, published, limits)))


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done = total, enabled, 0

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * self.done / max(1, self.total))
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def run_files(paths: Sequence[str], published: dt.date | None, limits: Limits, jobs: int = 1,
              progress: bool = False) -> Iterator[Result]:
    """Yield (path, record, error) for each path, in the order given."""
    bar = _Progress(len(paths), progress)
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            result = _one(path, published, limits)
            bar.step()
            yield result
        return
    yield from _run_pool(list(paths), published, limits, min(jobs, len(paths)), bar)


def _run_pool(paths: list[str], published: dt.date | None, limits: Limits, jobs: int,
              bar: _Progress) -> Iterator[Result]:
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    budget = (limits.timeout + _GRACE) if limits.timeout and limits.timeout > 0 else None
    workers: dict[Connection, tuple[Any, int | None, float]] = {}  # conn -> (process, task, started)

    def spawn() -> Connection:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, published, limits), daemon=True)
        proc.start()
        child.close()
        workers[parent] = (proc, None, 0.0)
        return parent

    def assign(conn: Connection) -> None:
        nonlocal next_task
        proc = workers[conn][0]
        if next_task < len(paths):
            conn.send((next_task, paths[next_task]))
            workers[conn] = (proc, next_task, time.monotonic())
            next_task += 1
        else:
            workers[conn] = (proc, None, 0.0)

    results: dict[int, Result] = {}
    next_task = next_out = 0
    try:
        for _ in range(jobs):
            assign(spawn())
        while next_out < len(paths):
            busy = [c for c, (_p, t, _s) in workers.items() if t is not None]
            ready = wait(busy, timeout=1.0) if busy else []
            for conn in ready:
                proc, task, _started = workers[conn]
                try:
                    index, result = conn.recv()
                except (EOFError, OSError):  # the worker died (killed by the OS, crashed)
                    results[task] = (paths[task], None, "worker process died")
                    _retire(workers, conn)
                    assign(spawn())
                    continue
                results[index] = result
                assign(conn)
            if budget is not None:
                now = time.monotonic()
                for conn, (_proc, task, started) in list(workers.items()):
                    if task is not None and now - started > budget:
                        results[task] = (paths[task], None, f"timed out after {limits.timeout:g} s")
                        _retire(workers, conn)
                        assign(spawn())
            while next_out in results:
                bar.step()
                yield results.pop(next_out)
                next_out += 1
    finally:
        for conn in list(workers):
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
            _retire(workers, conn, wait_s=1.0)


def _retire(workers: dict, conn: Connection, wait_s: float = 0.0) -> None:
    proc = workers.pop(conn)[0]
    if wait_s:
        proc.join(wait_s)
    if proc.is_alive():
        proc.kill()
        proc.join(1.0)
    conn.close()
