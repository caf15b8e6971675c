"""Archiving a document: withdrawn from the intake lists, kept whole for audit.

Nothing is deleted: the bytes, the reading, its drafts and whatever was
confirmed from it stay, and the document page still opens (marked 已归档).
The reason is kept on the archive row and in the event log.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.audit.events import record as record_event
from luoshi.ingest.models import DocumentArchive
from luoshi.meetings.models import SourceDocument

REASON_MAX = 500


class ArchiveError(ValueError):
    pass


def archive_document(actor, document: SourceDocument, reason: str, *, at: dt.datetime | None = None
                     ) -> DocumentArchive:
    reason = " ".join((reason or "").split())[:REASON_MAX]
    if not reason:
        raise ArchiveError(_("Give a reason for archiving."))
    with transaction.atomic():
        document = SourceDocument.objects.select_for_update().get(pk=document.pk)
        if DocumentArchive.objects.filter(document=document).exists():
            raise ArchiveError(_("This document is already archived."))
        row = DocumentArchive.objects.create(
            document=document, reason=reason, archived_at=at or timezone.now(),
            archived_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(actor, "document.archived", document,
                     {"reason": reason, "state": document.state, "error": document.error[:200]}, at=at)
    return row
