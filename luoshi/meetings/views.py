"""Meeting records and the documents they were read from (read-only pages).

Every object comes through luoshi.access: a meeting or document outside the
reader's scope answers 404, and so do the links to it (they are not drawn).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from luoshi import access
from luoshi.audit.security import downloaded
from luoshi.meetings.models import (
    AgendaItem,
    Commitment,
    Directive,
    Participation,
    Venue,
)

# The list and detail pages never need the original bytes; they can be megabytes.
DOCUMENT_HEAVY_FIELDS = ("content", "text_simplified", "extraction")


def _count(model, field: str = "meeting") -> Coalesce:
    """A per-meeting count as a correlated subquery: joining four child tables
    and counting distinct would multiply rows (venues × people × agenda × …)."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
        .annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = (
        access.visible_meetings(request.user)
        .select_related("organization")
        .annotate(
            n_venues=_count(Venue),
            n_participants=_count(Participation),
            n_agenda=_count(AgendaItem),
            n_directives=_count(Directive),
            n_commitments=_count(Commitment),
        )
    )
    return render(request, "meetings/meeting_list.html", {"meetings": meetings})


@login_required
def meeting_detail(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    meeting = access.get_visible(
        access.visible_meetings(user).select_related("organization", "source_document").defer(
            *(f"source_document__{f}" for f in DOCUMENT_HEAVY_FIELDS), "source_document__text"
        ),
        code=code,
    )
    venues = list(meeting.venues.select_related("region"))
    participations = list(meeting.participations.select_related("person").order_by("venue_id", "pk"))
    by_venue: dict[int | None, list[Participation]] = defaultdict(list)
    for p in participations:
        by_venue[p.venue_id].append(p)
    venue_groups = [(venue, by_venue.pop(venue.pk, [])) for venue in venues]
    if by_venue.get(None):
        venue_groups.append((None, by_venue.pop(None)))

    # Linked documents and tasks are filtered through access too: a unit sees
    # the meeting, not necessarily every task or document it mentions.
    documents = access.visible_documents(user).defer(*DOCUMENT_HEAVY_FIELDS, "text")
    tasks = access.visible_tasks(user).select_related("plan")
    agenda = list(
        meeting.agenda.prefetch_related(Prefetch("documents", queryset=documents))
        .select_related("conveyed_meeting")
    )
    conveyed_ids = {item.conveyed_meeting_id for item in agenda if item.conveyed_meeting_id}
    visible_conveyed = set(
        access.visible_meetings(user).filter(pk__in=conveyed_ids).values_list("pk", flat=True)
    ) if conveyed_ids else set()
    directives = meeting.directives.select_related("work_area").prefetch_related(
        Prefetch("tasks", queryset=tasks, to_attr="visible_tasks")
    )
    commitments = meeting.commitments.select_related("party").prefetch_related(
        Prefetch("tasks", queryset=tasks, to_attr="visible_tasks")
    )
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "venue_groups": venue_groups,
        "n_participants": len(participations),
        "agenda": agenda,
        "visible_conveyed": visible_conveyed,
        "directives": directives,
        "commitments": commitments,
    })


@login_required
def document_detail(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    document = access.get_visible(
        access.visible_documents(user).defer("content", "text_simplified", "extraction"), code=code
    )
    meetings = access.visible_meetings(user).filter(source_document=document).select_related("organization")
    return render(request, "meetings/document_detail.html", {"document": document, "meetings": meetings})


@login_required
def document_download(request: HttpRequest, code) -> HttpResponse:
    document = access.get_visible(access.visible_documents(request.user), code=code)
    # Octet-stream and attachment: the original may hold markup, and it must
    # never be rendered by the browser in the application's origin.
    response = HttpResponse(bytes(document.content), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(document.filename))
    response["Content-Length"] = str(len(response.content))
    downloaded(request, document, document.filename)
    return response


def safe_filename(name: str) -> str:
    """The stored filename without directories or control characters.

    A header with CR/LF would be refused outright, and a path would let a
    browser suggest saving outside the download folder.
    """
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name or _("document")
