"""Enqueue, claim and run jobs."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import F, Q
from django.utils import timezone

log = logging.getLogger(__name__)

Handler = Callable[["Job"], None]  # noqa: F821
_HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of `kind`."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


def handlers() -> dict[str, Handler]:
    return dict(_HANDLERS)


def enqueue(kind: str, **payload):
    """Queue a job; call inside the caller's transaction so it exists only if the caller commits."""
    from luoshi.jobs.models import Job

    if kind not in _HANDLERS:
        raise LookupError(f"no handler registered for job kind {kind!r}")
    return Job.objects.create(kind=kind, payload=payload)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def try_claim(job_id: int, worker: str) -> bool:
    """Take one queued job. The UPDATE only matches while the row is still queued,
    so of two workers racing for the same job exactly one sees a row count of 1."""
    from luoshi.jobs.models import Job

    return bool(
        Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, worker=worker, started=timezone.now(), heartbeat=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def claim(worker: str | None = None, kinds: list[str] | None = None):
    """The oldest queued job, now running and ours, or None when the queue is empty."""
    from luoshi.jobs.models import Job

    worker = worker or worker_name()
    queued = Job.objects.filter(state=Job.State.QUEUED)
    if kinds:
        queued = queued.filter(kind__in=kinds)
    # A few candidates at a time: if another worker wins one, try the next.
    while True:
        candidates = list(queued.order_by("pk").values_list("pk", flat=True)[:10])
        if not candidates:
            return None
        for job_id in candidates:
            if try_claim(job_id, worker):
                return Job.objects.get(pk=job_id)


@contextlib.contextmanager
def heartbeat(job, interval: float | None = None) -> Iterator[None]:
    """Stamp `job.heartbeat` every `interval` seconds (LUOSHI_JOB_HEARTBEAT_SECONDS) while the
    block runs, from a thread with its own connection, so a long handler shows it is alive
    however seldom it reports progress. The stamp only lands while the job is still ours."""
    from luoshi.jobs.models import Job

    interval = settings.LUOSHI_JOB_HEARTBEAT_SECONDS if interval is None else interval
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, worker=job.worker).update(
                        heartbeat=timezone.now()
                    )
                except DatabaseError:  # busy (SQLite's one writer): the next beat tries again
                    log.warning("heartbeat of job %s missed", job.pk, exc_info=True)
        finally:
            connection.close()  # this thread's connection, not the worker's

    thread = threading.Thread(target=beat, name=f"job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_one(job) -> None:
    """Run a claimed job and record how it ended. A failing job is retried until max_attempts.

    The end is written only while the job is still ours: a worker that hung past the
    heartbeat timeout has lost the job to the sweep and another worker may hold it now."""
    from luoshi.jobs.models import Job

    fn = _HANDLERS.get(job.kind)
    ours = Job.objects.filter(pk=job.pk, worker=job.worker)
    try:
        if fn is None:
            raise LookupError(f"no handler registered for job kind {job.kind!r}")
        with heartbeat(job):
            fn(job)
    except Exception as exc:  # noqa: BLE001 - a job's failure must never stop the worker
        log.exception("job %s failed", job.pk)
        retry = fn is not None and job.attempts < job.max_attempts
        ours.update(
            state=Job.State.QUEUED if retry else Job.State.FAILED,
            error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"[:4000],
            finished=None if retry else timezone.now(),
        )
        if not retry:
            on_failed = getattr(fn, "on_failed", None)
            if on_failed is not None:
                on_failed(job, exc)
        return
    ours.update(state=Job.State.DONE, progress=100, finished=timezone.now(), error="")


def drain(max_jobs: int | None = None, worker: str | None = None) -> int:
    """Run queued jobs in this process until none is left; the number run."""
    done = 0
    while max_jobs is None or done < max_jobs:
        job = claim(worker)
        if job is None:
            break
        run_one(job)
        done += 1
    return done


def requeue_stale(older_than: timedelta | None = None) -> int:
    """Put back running jobs whose heartbeat stopped more than `older_than` ago
    (LUOSHI_JOB_STALE_SECONDS): their worker died or hangs. A job that has used its
    attempts is failed instead, so a job that kills its worker is not retried forever.
    The number of jobs put back or failed."""
    from luoshi.jobs.models import Job

    if older_than is None:
        older_than = timedelta(seconds=settings.LUOSHI_JOB_STALE_SECONDS)
    now = timezone.now()
    cutoff = now - older_than
    # Rows from before the heartbeat column have none: their start stands in for it.
    stale = Job.objects.filter(
        Q(heartbeat__lt=cutoff) | Q(heartbeat__isnull=True, started__lt=cutoff), state=Job.State.RUNNING
    )
    reason = f"the worker stopped answering (no heartbeat for {older_than})"
    failed = 0
    for job in stale.filter(attempts__gte=F("max_attempts")):
        if stale.filter(pk=job.pk).update(state=Job.State.FAILED, worker="", finished=now, error=reason):
            failed += 1
            on_failed = getattr(_HANDLERS.get(job.kind), "on_failed", None)
            if on_failed is not None:  # e.g. the intake marks its document unreadable
                on_failed(job, RuntimeError(reason))
    return failed + stale.update(state=Job.State.QUEUED, worker="")


def loop(sleep: float = 1.0, once: bool = False) -> int:
    """The worker loop of `manage.py run_jobs`. Between jobs it sweeps for jobs whose worker
    stopped beating (at start and then at most every LUOSHI_JOB_HEARTBEAT_SECONDS), so a job
    stuck on a dead worker is picked up while the others run, not only when one restarts."""
    total = 0
    worker = worker_name()
    last_sweep = None
    while True:
        # Drop a connection the database closed while we slept; never inside an
        # outer transaction (a test's), where closing would lose that transaction.
        if not connection.in_atomic_block:
            close_old_connections()
        if last_sweep is None or time.monotonic() - last_sweep >= settings.LUOSHI_JOB_HEARTBEAT_SECONDS:
            if requeued := requeue_stale():
                log.warning("put back %d job(s) whose worker stopped answering", requeued)
            last_sweep = time.monotonic()
        ran = drain(max_jobs=1, worker=worker)
        total += ran
        if once and not ran:
            return total
        if not ran:
            time.sleep(sleep)
