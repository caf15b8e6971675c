"""Checking the chain and keeping the result: from `manage.py verify_audit` or as a background job.

A check of a million events takes a while, so the audit page never walks
the chain itself: it shows the latest ChainCheck and can queue a new one
(job kind "audit.verify", run by `manage.py run_jobs`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi import jobs
from luoshi.jobs.models import Job

from . import chain
from .models import ChainCheck, ChainHead, Event

JOB_KIND = "audit.verify"


def check(by=None, progress=None) -> ChainCheck:
    """Verify the whole chain and store the verdict."""
    started = timezone.now()
    verdict = chain.verify(Event, ChainHead, progress=progress)
    return ChainCheck.objects.create(
        started=started, finished=timezone.now(), ok=verdict.ok, length=verdict.length,
        head_hash=verdict.head_hash, broken_at=verdict.broken_at, message=verdict.message, by=by,
    )


def latest() -> ChainCheck | None:
    return ChainCheck.objects.order_by("-pk").first()


def pending():
    """The queued or running check, if one is."""
    return Job.objects.filter(kind=JOB_KIND, state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()


@jobs.handler(JOB_KIND)
def run(job) -> None:
    by = get_user_model().objects.filter(pk=job.payload.get("by")).first()
    total = ChainHead.objects.values_list("seq", flat=True).first() or 0

    def progress(seq: int) -> None:
        if total:
            job.set_progress(min(99, seq * 100 // total))

    check(by=by, progress=progress)
