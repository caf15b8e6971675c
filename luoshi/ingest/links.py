"""Links other apps use to point at a sentence of a document."""

from __future__ import annotations

from django.urls import reverse


def span_url(source) -> str:
    """URL of the document text at a directive's or commitment's sentence ("" when it has no document)."""
    if source is None or not source.document_id:
        return ""
    url = reverse("ingest:document", args=[source.document.code])
    if source.span_start is not None:
        url += f"#span-{source.span_start}-{source.span_end}"
    return url
