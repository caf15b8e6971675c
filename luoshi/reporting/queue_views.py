"""Work lists: a unit's "My work" and the office's review queue.

Each list is one query (or a fixed few) from the access querysets, so the
pages cost the same for 3 items as for 300.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from luoshi import access
from luoshi.lib.paging import page_of
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.work.current import current_task
from luoshi.work.models import Assignment, ExtensionRequest, Task

State = ProgressReport.State
DUE_SOON_DAYS = 14


def _missing_rounds(today: dt.date) -> QuerySet:
    """Rounds of an assignment's plan, open by ``today``, for which its unit has sent nothing.

    Correlated to an outer Assignment: "sent" is any version past draft, so a round with only
    a draft (or nothing) is still missing.
    """
    sent = ProgressReport.objects.filter(
        task=OuterRef(OuterRef("task")), organization=OuterRef(OuterRef("organization")), round=OuterRef("pk"),
    ).exclude(state=State.DRAFT)
    return ReportingRound.objects.filter(plan=OuterRef("task__plan"), opens__lte=today).exclude(Exists(sent))


def my_work_sections(user, today: dt.date) -> dict[str, QuerySet]:
    """What a unit user has to do today, one queryset per section of "My work".

    to_sign          assignments of the user's units still pending sign-for;
    to_report        one row per assignment with something to report: the newest open round
                     of its plan with no report sent (nothing written, or only a draft), and
                     how many rounds are missing in all — older rounds fold into that count
                     instead of repeating the task once per round; a round past its deadline
                     stays, marked late;
    returned         the newest version of a report the office returned;
    due_soon         tasks the user's units lead, not done, due within 14 days;
    to_approve       (leaders) submitted reports of their units waiting for them.

    Archived tasks, and the tasks of archived plans (luoshi.work.archive), are in no section.
    """
    units = access.unit_ids(user)
    current = current_task("task__")
    open_assignments = Assignment.objects.filter(current, organization_id__in=units, task__completed_at__isnull=True)
    missing = _missing_rounds(today)
    to_report = (
        open_assignments.exclude(state=Assignment.State.RETURNED)
        .annotate(
            round_id=Subquery(missing.order_by("-deadline", "-pk").values("pk")[:1]),
            missing_count=Subquery(missing.values("plan").annotate(n=Count("pk")).values("n")[:1]),
        )
        .filter(round_id__isnull=False)
        .select_related("task__plan", "organization").order_by("task__due", "task_id", "pk")
    )
    sections = {
        "to_sign": open_assignments.filter(state=Assignment.State.PENDING)
        .select_related("task__plan", "organization").order_by("task__due", "task_id", "pk"),
        "to_report": to_report,
        "returned": ProgressReport.objects.filter(
            current, organization_id__in=units, state=State.RETURNED, superseded_by__isnull=True,
        ).select_related("task", "round", "organization", "reviewed_by").order_by("-reviewed_at", "-pk"),
        "due_soon": Task.objects.filter(
            pk__in=open_assignments.filter(role=Assignment.Role.LEAD).exclude(state=Assignment.State.RETURNED)
            .values("task_id"),
            due__gte=today, due__lte=today + dt.timedelta(DUE_SOON_DAYS),
        ).order_by("due", "pk"),
    }
    if user.role == user.Role.UNIT_LEADER:
        sections["to_approve"] = ProgressReport.objects.filter(
            current, organization_id__in=units, state=State.SUBMITTED, superseded_by__isnull=True,
        ).select_related("task", "round", "organization", "submitted_by").order_by("submitted_at", "pk")
    return sections


def attach_rounds(rows: list[Assignment], today: dt.date) -> None:
    """Give each to_report row of one page its round, its draft in that round, and ``late``.

    Two queries for the page, whatever its length.
    """
    rounds = ReportingRound.objects.in_bulk({a.round_id for a in rows})
    drafts = {
        (r.task_id, r.organization_id, r.round_id): r
        for r in ProgressReport.objects.filter(
            state=State.DRAFT, round_id__in=rounds, task_id__in={a.task_id for a in rows},
            organization_id__in={a.organization_id for a in rows},
        ).only("pk", "code", "task_id", "organization_id", "round_id", "version").order_by("version")
    }
    for a in rows:
        a.round = rounds[a.round_id]
        a.draft = drafts.get((a.task_id, a.organization_id, a.round_id))
        a.late = today > a.round.deadline
        a.earlier_missing = a.missing_count - 1


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = request.user
    if access.is_office(user):
        return redirect("reporting:review_queue")
    if user.role not in access.UNIT_ROLES:
        raise PermissionDenied("my_work")
    today = timezone.localdate()
    pages = {name: page_of(request, qs, name) for name, qs in my_work_sections(user, today).items()}
    attach_rounds(pages["to_report"].object_list, today)
    return render(request, "reporting/my_work.html", {**pages, "today": today})


def review_queue_sections(user) -> dict[str, QuerySet]:
    """What waits for the office, one queryset per section of the review queue.

    reports               approved reports awaiting acceptance (oldest approval first);
    completions           approved reports that ask to close the task (办结销号);
    extensions            pending extension requests;
    returned_assignments  returned assignments: a support unit's always, a lead unit's until
                          the task has a lead again;
    unsigned              assignments still pending after their sign-for date.

    Each section is filtered and ordered in the database; the page counts and slices it.
    Archived tasks, and the tasks of archived plans (luoshi.work.archive), are in no section.
    """
    current = current_task("task__")
    approved = (
        access.visible_reports(user).filter(current, state=State.APPROVED, superseded_by__isnull=True)
        .select_related("task", "round", "organization", "approved_by").order_by("approved_at", "pk")
    )
    active_lead = Assignment.objects.filter(task=OuterRef("task"), role=Assignment.Role.LEAD).exclude(
        state=Assignment.State.RETURNED
    )
    returned = (
        access.visible_assignments(user).filter(current, state=Assignment.State.RETURNED,
                                                task__completed_at__isnull=True)
        .annotate(replaced=Exists(active_lead))
        .filter(Q(role=Assignment.Role.SUPPORT) | Q(replaced=False))
        .select_related("task", "organization", "returned_by").order_by("-returned_at", "-pk")
    )
    today = timezone.localdate()
    unsigned = (
        access.visible_assignments(user).filter(current, state=Assignment.State.PENDING, due_to_sign__lt=today,
                                                task__completed_at__isnull=True)
        .select_related("task", "organization").order_by("due_to_sign", "pk")
    )
    return {
        "reports": approved.filter(is_completion=False),
        "completions": approved.filter(is_completion=True),
        "extensions": (
            access.visible_extension_requests(user).filter(current, state=ExtensionRequest.State.PENDING)
            .select_related("task", "organization", "requested_by").order_by("requested_at", "pk")
        ),
        "returned_assignments": returned,
        "unsigned": unsigned,
    }


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(user, "report.review")
    sections = review_queue_sections(user)
    return render(request, "reporting/review_queue.html",
                  {name: page_of(request, qs, name) for name, qs in sections.items()})
