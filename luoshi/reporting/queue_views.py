"""Work lists: a unit's "My work" and the office's review queue.

Each list is one query (or a fixed few) from the access querysets, so the
pages cost the same for 3 items as for 300.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from luoshi import access
from luoshi.lib.paging import page_of
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.work.models import Assignment, ExtensionRequest

State = ProgressReport.State
DUE_SOON_DAYS = 14


@dataclass
class ToReport:
    assignment: Assignment
    round: ReportingRound
    draft: ProgressReport | None
    late: bool


def _latest(reports) -> dict[tuple[int, int, int | None], ProgressReport]:
    latest: dict[tuple[int, int, int | None], ProgressReport] = {}
    for r in reports:
        key = (r.task_id, r.organization_id, r.round_id)
        if key not in latest or r.version > latest[key].version:
            latest[key] = r
    return latest


def my_work_lists(user, today: dt.date) -> dict[str, list]:
    """What a unit user has to do today, in five lists.

    to_sign          assignments of the user's units still pending sign-for;
    to_report        (assignment, open round) pairs with no report sent yet
                     (nothing written, or only a draft); a round past its
                     deadline stays here, marked late;
    returned         the newest version of a report the office returned;
    due_soon         tasks the user's units lead, not done, due within 14 days;
    to_approve       (leaders) submitted reports of their units waiting for them.
    """
    units = access.unit_ids(user)
    assignments = list(
        Assignment.objects.filter(organization_id__in=units, task__completed_at__isnull=True)
        .select_related("task__plan", "organization").order_by("task__due", "task_id")
    )
    to_sign = [a for a in assignments if a.state == Assignment.State.PENDING]
    active = [a for a in assignments if a.state != Assignment.State.RETURNED]
    plan_ids = {a.task.plan_id for a in active}
    rounds = list(ReportingRound.objects.filter(plan_id__in=plan_ids, opens__lte=today).order_by("deadline"))
    # A round stays on the list after its deadline only while something is missing.
    latest = _latest(
        ProgressReport.objects.filter(organization_id__in=units, round__in=rounds).only(
            "pk", "code", "task_id", "organization_id", "round_id", "version", "state"
        )
    )
    to_report = []
    for r in rounds:
        for a in active:
            if a.task.plan_id != r.plan_id:
                continue
            report = latest.get((a.task_id, a.organization_id, r.pk))
            if report is None or report.state == State.DRAFT:
                to_report.append(ToReport(a, r, report, today > r.deadline))
    returned = list(
        ProgressReport.objects.filter(organization_id__in=units, state=State.RETURNED, superseded_by__isnull=True)
        .select_related("task", "round", "organization", "reviewed_by").order_by("-reviewed_at")
    )
    due_soon = [
        a.task for a in active
        if a.role == Assignment.Role.LEAD and a.task.due and today <= a.task.due <= today + dt.timedelta(DUE_SOON_DAYS)
    ]
    to_approve = []
    if user.role == user.Role.UNIT_LEADER:
        to_approve = list(
            ProgressReport.objects.filter(organization_id__in=units, state=State.SUBMITTED,
                                          superseded_by__isnull=True)
            .select_related("task", "round", "organization", "submitted_by").order_by("submitted_at")
        )
    return {"to_sign": to_sign, "to_report": to_report, "returned": returned, "due_soon": due_soon,
            "to_approve": to_approve}


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = request.user
    if access.is_office(user):
        return redirect("reporting:review_queue")
    if user.role not in access.UNIT_ROLES:
        raise PermissionDenied("my_work")
    today = timezone.localdate()
    return render(request, "reporting/my_work.html", {**my_work_lists(user, today), "today": today})


def review_queue_sections(user) -> dict[str, QuerySet]:
    """What waits for the office, one queryset per section of the review queue.

    reports               approved reports awaiting acceptance (oldest approval first);
    completions           approved reports that ask to close the task (办结销号);
    extensions            pending extension requests;
    returned_assignments  returned assignments: a support unit's always, a lead unit's until
                          the task has a lead again;
    unsigned              assignments still pending after their sign-for date.

    Each section is filtered and ordered in the database; the page counts and slices it.
    """
    approved = (
        access.visible_reports(user).filter(state=State.APPROVED, superseded_by__isnull=True)
        .select_related("task", "round", "organization", "approved_by").order_by("approved_at", "pk")
    )
    active_lead = Assignment.objects.filter(task=OuterRef("task"), role=Assignment.Role.LEAD).exclude(
        state=Assignment.State.RETURNED
    )
    returned = (
        access.visible_assignments(user).filter(state=Assignment.State.RETURNED, task__completed_at__isnull=True)
        .annotate(replaced=Exists(active_lead))
        .filter(Q(role=Assignment.Role.SUPPORT) | Q(replaced=False))
        .select_related("task", "organization", "returned_by").order_by("-returned_at", "-pk")
    )
    today = timezone.localdate()
    unsigned = (
        access.visible_assignments(user).filter(state=Assignment.State.PENDING, due_to_sign__lt=today,
                                                task__completed_at__isnull=True)
        .select_related("task", "organization").order_by("due_to_sign", "pk")
    )
    return {
        "reports": approved.filter(is_completion=False),
        "completions": approved.filter(is_completion=True),
        "extensions": (
            access.visible_extension_requests(user).filter(state=ExtensionRequest.State.PENDING)
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
