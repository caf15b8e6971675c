"""Storing uploads and reading them with luoshi.intake in the background.

Only storing happens in the request; reading is a job ("ingest.read"), so a
batch of a hundred files returns at once and the intake list shows each
document's progress. Reading again refreshes the draft items only: whatever a
person confirmed or rejected stays as they left it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from luoshi import jobs
from luoshi.audit.events import record as record_event
from luoshi.ingest.failures import DUPLICATE_PREFIX
from luoshi.ingest.fingerprint import normalized_hash
from luoshi.ingest.models import TextFingerprint
from luoshi.lib.text import fold
from luoshi.meetings.models import Commitment, Directive, ReviewState, SourceDocument
from luoshi.work.models import WorkArea

READ_JOB = "ingest.read"
SCRIPTS = {c.value for c in SourceDocument.Script}


@dataclass
class Stored:
    document: SourceDocument
    created: bool
    same_text: bool = False  # not the same bytes, but the same normalized text as `document`


TEXT_SUFFIXES = (".txt", ".text")


def _plain_text(data: bytes, filename: str) -> str | None:
    """The text of a pasted or .txt upload, if it decodes plainly; None for anything the reader must open."""
    if not (filename or "").lower().endswith(TEXT_SUFFIXES):
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text if "\x00" not in text else None
    return None


def earlier_same_text(digest: str, before: SourceDocument | None = None) -> SourceDocument | None:
    """The first document (not archived, stored before `before`) whose text has this normalized hash."""
    if not digest:
        return None
    rows = TextFingerprint.objects.filter(sha256=digest, document__archive__isnull=True)
    if before is not None:
        rows = rows.filter(document_id__lt=before.pk)
    row = rows.select_related("document").order_by("document_id").first()
    return row.document if row else None


def store(
    actor, data: bytes, filename: str, published: dt.date | None = None, *, at: dt.datetime | None = None
) -> Stored:
    """Keep the bytes as a SourceDocument and queue its reading.

    The same bytes twice are one document: the first copy is returned with
    created=False and nothing is queued. `at` is for history brought in from
    elsewhere (imports, the demo): the document's upload time and its event
    carry it instead of now.
    """
    digest = SourceDocument.digest(data)
    existing = SourceDocument.objects.filter(sha256=digest).first()
    if existing is not None:
        return Stored(existing, False)
    text = _plain_text(data, filename)
    text_digest = normalized_hash(text) if text is not None else ""
    earlier = earlier_same_text(text_digest)
    if earlier is not None:
        return Stored(earlier, False, same_text=True)
    try:
        with transaction.atomic():
            document = SourceDocument.objects.create(
                filename=(filename or "document.txt")[:255], content=data, published=published, uploaded_by=actor,
            )
            if at is not None:
                SourceDocument.objects.filter(pk=document.pk).update(uploaded_at=at)
                document.uploaded_at = at
            record_event(actor, "document.upload", document, {"filename": document.filename, "size": len(data)},
                         at=at)
            if text_digest:
                TextFingerprint.objects.create(document=document, source=TextFingerprint.Source.INPUT,
                                               sha256=text_digest)
            jobs.enqueue(READ_JOB, document=document.pk)
    except IntegrityError:
        # Another request stored the same bytes a moment ago.
        return Stored(SourceDocument.objects.get(sha256=digest), False)
    return Stored(document, True)


def reread(actor, document: SourceDocument, *, at: dt.datetime | None = None) -> None:
    """Queue another reading (after the intake rules improved)."""
    with transaction.atomic():
        SourceDocument.objects.filter(pk=document.pk).update(progress=0, error="")
        record_event(actor, "document.reread", document, at=at)
        jobs.enqueue(READ_JOB, document=document.pk)


def _extract(data: bytes, filename: str, published: dt.date | None) -> dict[str, Any]:
    # Imported here: the library is loaded (and its data files read) by the worker only.
    from luoshi.intake import extract

    return extract(data, filename, published)


def _intake_error() -> type[Exception]:
    try:
        from luoshi.intake import IntakeError
    except ImportError:  # the library is still being written
        return ValueError
    return IntakeError


def read_document(document_id: int, *, at: dt.datetime | None = None) -> SourceDocument:
    """Read one stored document and refresh its drafts. A file that cannot be read is marked failed.

    `at` (history brought in from elsewhere) is the time of the "document.read" event.
    """
    document = SourceDocument.objects.get(pk=document_id)
    SourceDocument.objects.filter(pk=document.pk).update(state=SourceDocument.State.READING, progress=10, error="")
    try:
        extraction = _extract(bytes(document.content), document.filename, document.published)
    except _intake_error() as exc:
        fail(document, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return document
    SourceDocument.objects.filter(pk=document.pk).update(progress=80)
    clean = normalized_hash(extraction.get("text"))
    with transaction.atomic():
        document = SourceDocument.objects.select_for_update().get(pk=document.pk)
        # A text already read (from another file or paste) is not read into a second set of drafts;
        # a document someone already reviewed keeps its reading whatever came before it.
        earlier = None if _decided(document) else earlier_same_text(clean, before=document)
        if earlier is not None:
            fail(document, f"{DUPLICATE_PREFIX}{earlier.code}")
            record_event(None, "document.duplicate", document, {"earlier": str(earlier.code)}, at=at)
            return document
        apply_extraction(document, extraction, at=at)
        if clean:
            TextFingerprint.objects.update_or_create(document=document, source=TextFingerprint.Source.CLEAN,
                                                     defaults={"sha256": clean})
    return document


def _decided(document: SourceDocument) -> bool:
    return (document.directives.exclude(state=ReviewState.DRAFT).exists() or document.meetings.exists()
            or document.confirmed_meetings.exists())


def fail(document: SourceDocument, reason: str) -> None:
    SourceDocument.objects.filter(pk=document.pk).update(
        state=SourceDocument.State.FAILED, error=reason[:2000], progress=100
    )


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _span(item: dict[str, Any]) -> tuple[int | None, int | None]:
    span = item.get("span") or [None, None]
    try:
        start, end = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return None, None
    return (start, end) if 0 <= start <= end else (None, None)


def record_directives(extraction: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every directive of every meeting of an extraction record, in reading order."""
    return [d for m in (extraction or {}).get("meetings") or [] for d in m.get("directives") or []]


def record_commitments(extraction: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [c for m in (extraction or {}).get("meetings") or [] for c in m.get("commitments") or []]


def record_meetings(extraction: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((extraction or {}).get("meetings") or [])


def record_meeting_index(item, extraction: dict[str, Any] | None) -> int:
    """Which meeting of the record a directive or commitment (a stored row) was read from.

    Found by span overlap (a split or edited item still covers its sentence),
    else by its folded text; 0 when the record does not say.
    """
    meetings = record_meetings(extraction)
    if len(meetings) < 2:
        return 0
    start, end = item.span_start, item.span_end
    text = fold(item.text or "")
    by_text = None
    for index, meeting in enumerate(meetings):
        for part in (meeting.get("directives") or []) + (meeting.get("commitments") or []):
            s, e = _span(part)
            if start is not None and end is not None and s is not None and s < end and start < e:
                return index
            if by_text is None and text and fold(part.get("text") or "") == text:
                by_text = index
    return by_text or 0


def _kept(items) -> tuple[set[str], list[tuple[int, int]]]:
    texts = {fold(i.text) for i in items}
    spans = [(i.span_start, i.span_end) for i in items if i.span_start is not None]
    return texts, spans


def _already_kept(text: str, start, end, texts, spans) -> bool:
    if fold(text) in texts:
        return True
    # A confirmed item that a person edited still covers its sentence.
    return start is not None and any(start < e and s < end for s, e in spans)


def apply_extraction(document: SourceDocument, extraction: dict[str, Any], *, at: dt.datetime | None = None) -> None:
    """Store a fresh record on the document and rebuild its draft directives and commitments.

    Confirmed and rejected items are a person's decisions: they are kept, and
    a freshly read item covering the same sentence is not added again.
    """
    source = extraction.get("source") or {}
    document.extraction = extraction
    document.text = extraction.get("text") or ""
    document.text_simplified = extraction.get("text_simplified") or ""
    document.title = (extraction.get("title") or "")[:500]
    document.encoding = (source.get("encoding") or "")[:32]
    script = source.get("script") or ""
    document.script = script if script in SCRIPTS else ""
    document.published = document.published or parse_date(extraction.get("published"))
    decided = _decided(document)
    document.state = SourceDocument.State.CONFIRMED if decided else SourceDocument.State.READ
    document.error = ""
    document.progress = 100
    document.save()

    areas = {a.slug: a for a in WorkArea.objects.all()}
    document.directives.filter(state=ReviewState.DRAFT).delete()
    texts, spans = _kept(document.directives.all())
    start_order = max((d.order for d in document.directives.all()), default=0)
    new = []
    for i, item in enumerate(record_directives(extraction), start=1):
        text = (item.get("text") or "").strip()
        start, end = _span(item)
        if not text or _already_kept(text, start, end, texts, spans):
            continue
        deadline = item.get("deadline") or {}
        new.append(Directive(
            document=document, order=start_order + i, text=text, span_start=start, span_end=end,
            work_area=areas.get(item.get("area") or ""),
            deadline_text=(deadline.get("text") or "")[:100], deadline=parse_date(deadline.get("value")),
        ))
    Directive.objects.bulk_create(new)

    document.commitments.filter(state=ReviewState.DRAFT).delete()
    texts, spans = _kept(document.commitments.all())
    new = []
    for item in record_commitments(extraction):
        text = (item.get("text") or "").strip()
        start, end = _span(item)
        if not text or _already_kept(text, start, end, texts, spans):
            continue
        new.append(Commitment(
            document=document, party_text=(item.get("party") or "")[:100], text=text, span_start=start, span_end=end,
        ))
    Commitment.objects.bulk_create(new)
    record_event(None, "document.read", document, {
        "directives": len(record_directives(extraction)),
        "commitments": len(record_commitments(extraction)),
        "warnings": len(extraction.get("warnings") or []),
    }, at=at)


def lead_support_for(directive: Directive, extraction: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    """Lead and supporting unit names printed for this directive in a key-task list.

    Found by span overlap with the record, so a directive split in two keeps
    the units of the row it came from.
    """
    if directive.span_start is None:
        return [], []
    for item in record_directives(extraction):
        start, end = _span(item)
        if start is not None and start < directive.span_end and directive.span_start < end:
            return list(item.get("lead") or []), list(item.get("support") or [])
    return [], []
