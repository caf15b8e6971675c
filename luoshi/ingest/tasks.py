"""Background handlers of the intake flow (registered with luoshi.jobs)."""

from __future__ import annotations

from django.utils.dateparse import parse_datetime

from luoshi import jobs
from luoshi.ingest import reading
from luoshi.meetings.models import SourceDocument


@jobs.handler(reading.READ_JOB)
def read(job) -> None:
    # "at" (an ISO datetime) is set by whoever brings in history from elsewhere (the demo).
    at = parse_datetime(job.payload["at"]) if job.payload.get("at") else None
    reading.read_document(job.payload["document"], at=at)


def _read_failed(job, exc: Exception) -> None:
    # The library itself broke (not a bad file): keep the document, say why.
    document = SourceDocument.objects.filter(pk=job.payload.get("document")).first()
    if document is not None:
        reading.fail(document, f"{type(exc).__name__}: {exc}".splitlines()[0])


read.on_failed = _read_failed
