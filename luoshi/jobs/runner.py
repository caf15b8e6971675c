"""Enqueue, claim and run jobs."""

from __future__ import annotations

import logging
import os
import socket
import traceback
from collections.abc import Callable
from datetime import timedelta

from django.db import close_old_connections, connection
from django.db.models import F
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
            state=Job.State.RUNNING, worker=worker, started=timezone.now(), attempts=F("attempts") + 1,
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


def run_one(job) -> None:
    """Run a claimed job and record how it ended. A failing job is retried until max_attempts."""
    from luoshi.jobs.models import Job

    fn = _HANDLERS.get(job.kind)
    try:
        if fn is None:
            raise LookupError(f"no handler registered for job kind {job.kind!r}")
        fn(job)
    except Exception as exc:  # noqa: BLE001 - a job's failure must never stop the worker
        log.exception("job %s failed", job.pk)
        retry = fn is not None and job.attempts < job.max_attempts
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.QUEUED if retry else Job.State.FAILED,
            error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"[:4000],
            finished=None if retry else timezone.now(),
        )
        if not retry:
            on_failed = getattr(fn, "on_failed", None)
            if on_failed is not None:
                on_failed(job, exc)
        return
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE, progress=100, finished=timezone.now(), error="")


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


def requeue_stale(older_than: timedelta) -> int:
    """Put back jobs whose worker died mid-run (running for longer than `older_than`)."""
    from luoshi.jobs.models import Job

    cutoff = timezone.now() - older_than
    return Job.objects.filter(state=Job.State.RUNNING, started__lt=cutoff).update(
        state=Job.State.QUEUED, worker=""
    )


def loop(sleep: float = 1.0, once: bool = False, stale_minutes: int = 30) -> int:
    """The worker loop of `manage.py run_jobs`."""
    import time

    total = 0
    worker = worker_name()
    requeue_stale(timedelta(minutes=stale_minutes))
    while True:
        # Drop a connection the database closed while we slept; never inside an
        # outer transaction (a test's), where closing would lose that transaction.
        if not connection.in_atomic_block:
            close_old_connections()
        ran = drain(worker=worker)
        total += ran
        if once:
            return total
        if not ran:
            time.sleep(sleep)
