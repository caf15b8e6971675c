"""The search page: /search/?q=… — one section per kind, each with its count and its own pager."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from luoshi.lib.paging import page_of
from luoshi.meetings.models import Commitment, Directive, Meeting, SourceDocument
from luoshi.org.models import Organization, Person
from luoshi.reporting.models import ProgressReport
from luoshi.search.highlight import highlight
from luoshi.search.models import SearchEntry
from luoshi.search.query import search as run_search
from luoshi.work.models import Task

Kind = SearchEntry.Kind
PER_SECTION = 10


def _meeting_or_document(obj) -> str | None:
    if obj.meeting_id:
        return reverse("meetings:meeting_detail", args=[obj.meeting.code])
    if obj.document_id:
        return reverse("meetings:document_detail", args=[obj.document.code])
    return None


# kind -> (model, related to load, the page an entry opens)
LINKS = {
    Kind.TASK: (Task, (), lambda o: reverse("work:task_detail", args=[o.code])),
    Kind.REPORT: (ProgressReport, (), lambda o: reverse("reporting:report_detail", args=[o.code])),
    Kind.MEETING: (Meeting, (), lambda o: reverse("meetings:meeting_detail", args=[o.code])),
    Kind.DIRECTIVE: (Directive, ("meeting", "document"), _meeting_or_document),
    Kind.COMMITMENT: (Commitment, ("meeting", "document"), _meeting_or_document),
    Kind.DOCUMENT: (SourceDocument, (), lambda o: reverse("meetings:document_detail", args=[o.code])),
    Kind.PERSON: (Person, (), lambda o: reverse("org:person_detail", args=[o.code])),
    Kind.UNIT: (Organization, (), lambda o: reverse("org:organization_detail", args=[o.code])),
}


def _rows(kind: str, page, tokens: list[str]) -> list[dict]:
    """One page's entries with their links (one query for the page's objects) and marked text."""
    model, related, link = LINKS[kind]
    entries = list(page)
    fields = ("pk", *(f"{r}__code" for r in related)) if related else ("pk", "code")
    objects = model.objects.select_related(*related).only(*fields).in_bulk([e.object_id for e in entries])
    rows = []
    for entry in entries:
        obj = objects.get(entry.object_id)
        rows.append({
            "url": link(obj) if obj is not None else None,
            "title": highlight(entry.title, tokens),
            "snippet": highlight(entry.body, tokens, snippet=True) if entry.body else "",
        })
    return rows


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = run_search(request.user, query)
    sections = []
    for kind, label in Kind.choices:
        n = results.counts.get(kind)
        if not n:
            continue
        page = page_of(request, results.entries.filter(kind=kind), kind, PER_SECTION)
        sections.append({"kind": kind, "label": label, "count": n, "page": page,
                         "rows": _rows(kind, page, results.tokens)})
    return render(request, "search/results.html", {"results": results, "sections": sections})
