"""What each kind puts in the index, and keeping the index current.

`index(obj)` and `unindex(obj)` run from the model signals (luoshi.search.signals)
inside the write's own transaction; `rebuild()` (manage.py rebuild_search_index)
writes every entry again in batches and drops entries whose object is gone, so
running it twice leaves the same index.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models, transaction

from luoshi.meetings.models import Commitment, Directive, Meeting, SourceDocument
from luoshi.org.models import Organization, Person
from luoshi.reporting.models import ProgressReport
from luoshi.search import grams
from luoshi.search.backends import backend
from luoshi.search.models import SearchEntry
from luoshi.work.models import Task

Kind = SearchEntry.Kind
BATCH = 500
LONG = 20_000  # characters; a longer body keeps each token once (grams.index_tokens)


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Spec:
    kind: str
    model: type[models.Model]
    text: Callable[[models.Model], tuple[str, str]]  # (title, body)
    related: tuple[str, ...] = ()


SPECS: tuple[Spec, ...] = (
    Spec(Kind.TASK, Task, lambda t: (t.title, t.description)),
    Spec(Kind.REPORT, ProgressReport,
         lambda r: (f"{r.task.title} · {r.organization.short_name or r.organization.name}",
                    _join(r.text, r.stage, r.risk_reason)),
         ("task", "organization")),
    Spec(Kind.MEETING, Meeting, lambda m: (m.title, _join(m.session, m.summary))),
    Spec(Kind.DIRECTIVE, Directive, lambda d: (d.text[:120], d.text if len(d.text) > 120 else "")),
    Spec(Kind.COMMITMENT, Commitment, lambda c: (c.party_text, c.text)),
    Spec(Kind.DOCUMENT, SourceDocument, lambda d: (d.title or d.filename, _join(d.publisher, d.text))),
    Spec(Kind.PERSON, Person, lambda p: (p.name, p.note)),
    Spec(Kind.UNIT, Organization, lambda o: (o.name, o.short_name)),
)
BY_MODEL = {s.model: s for s in SPECS}
BY_KIND = {s.kind: s for s in SPECS}


def entry_for(spec: Spec, obj) -> SearchEntry:
    title, body = spec.text(obj)
    title = (title or "").strip()[:500] or str(obj.pk)
    return SearchEntry(
        kind=spec.kind, object_id=obj.pk, title=title, body=body or "",
        title_tokens=grams.index_tokens(title), body_tokens=grams.index_tokens(body or "", unique=len(body or "") > LONG),
    )


FIELDS = ["title", "body", "title_tokens", "body_tokens"]


def index(obj) -> None:
    spec = BY_MODEL[type(obj)]
    entry = entry_for(spec, obj)
    SearchEntry.objects.update_or_create(
        kind=spec.kind, object_id=obj.pk, defaults={f: getattr(entry, f) for f in FIELDS}
    )


def unindex(obj) -> None:
    spec = BY_MODEL[type(obj)]
    SearchEntry.objects.filter(kind=spec.kind, object_id=obj.pk).delete()


def _upsert(entries: Iterable[SearchEntry]) -> int:
    rows = list(entries)
    if rows:
        SearchEntry.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=FIELDS + ["updated_at"]
        )
    return len(rows)


def rebuild(batch: int = BATCH, log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Write every object's entry again and drop entries of deleted objects; idempotent."""
    counts: dict[str, int] = {}
    for spec in SPECS:
        n, last = 0, 0
        while True:
            qs = spec.model.objects.filter(pk__gt=last).order_by("pk").select_related(*spec.related)
            chunk = list(qs[:batch])
            if not chunk:
                break
            with transaction.atomic():
                n += _upsert(entry_for(spec, obj) for obj in chunk)
            last = chunk[-1].pk
        SearchEntry.objects.filter(kind=spec.kind).exclude(
            object_id__in=spec.model.objects.values("pk")
        ).delete()
        counts[spec.kind] = n
        if log:
            log(f"{spec.kind}: {n}")
    backend().optimize()
    return counts
