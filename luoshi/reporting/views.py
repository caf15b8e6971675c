"""Reporting rounds and progress reports: the read-only pages (writes are in write_views.py).

A round page answers "who has reported?": one row per task and assigned unit
whose reports the reader may see, with the newest visible version.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from luoshi import access
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.status.lights import lights_for
from luoshi.work.models import Assignment, Observation, Task
from luoshi.work.progress import Light
from luoshi.work.views import LIGHT_LABELS, tree_order

_PEOPLE = ("created_by", "submitted_by", "approved_by", "reviewed_by")


def _assigned_pairs(user, tasks) -> list[Assignment]:
    """The (task, unit) assignments whose reports this reader can see."""
    assignments = list(
        Assignment.objects.filter(task__in=tasks).select_related("organization").order_by("task_id", "role", "pk")
    )
    return access.reporting_units(user, assignments)


def _latest_by_pair(reports) -> dict[tuple[int, int, int | None], ProgressReport]:
    latest: dict[tuple[int, int, int | None], ProgressReport] = {}
    for r in reports:
        key = (r.task_id, r.organization_id, r.round_id)
        if key not in latest or r.version > latest[key].version:
            latest[key] = r
    return latest


def _has_reported(report: ProgressReport | None) -> bool:
    # A report its unit leader returned is back with the reporter: not yet sent.
    return report is not None and report.state != ProgressReport.State.DRAFT and not (
        report.state == ProgressReport.State.RETURNED and report.approved_at is None
    )


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    rounds = list(access.visible_rounds(user).select_related("plan").order_by("plan__title", "plan_id", "-opens"))
    plan_ids = {r.plan_id for r in rounds}
    tasks = access.visible_tasks(user).filter(plan_id__in=plan_ids)
    expected: dict[int, int] = defaultdict(int)
    task_plan = dict(tasks.values_list("pk", "plan_id"))
    for a in _assigned_pairs(user, tasks):
        expected[task_plan[a.task_id]] += 1
    reports = access.visible_reports(user).filter(round__in=rounds).only(
        "pk", "task_id", "organization_id", "round_id", "version", "state", "approved_at"
    )
    reported: dict[int, int] = defaultdict(int)
    for (_task, _org, round_id), report in _latest_by_pair(reports).items():
        if _has_reported(report):
            reported[round_id] += 1
    today = timezone.localdate()
    groups: dict[int, dict] = {}
    for r in rounds:
        group = groups.setdefault(r.plan_id, {"plan": r.plan, "rounds": []})
        group["rounds"].append({
            "round": r, "expected": expected[r.plan_id], "reported": reported[r.pk],
            "open": r.opens <= today <= r.deadline, "closed": today > r.deadline,
        })
    return render(request, "reporting/round_list.html", {"groups": list(groups.values())})


@dataclass
class PairRow:
    task: Task
    depth: int
    assignment: Assignment
    report: ProgressReport | None
    late: bool
    light: Light

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS[self.light.status]

    @property
    def reported(self) -> bool:
        return _has_reported(self.report)


@login_required
def round_detail(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    rnd: ReportingRound = access.get_visible(access.visible_rounds(user).select_related("plan"), code=code)
    tasks = list(access.visible_tasks(user).filter(plan_id=rnd.plan_id))
    today = timezone.localdate()
    lights = lights_for(tasks, today)
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for a in _assigned_pairs(user, tasks):
        by_task[a.task_id].append(a)
    latest = _latest_by_pair(
        access.visible_reports(user).filter(round=rnd).only(
            "pk", "code", "task_id", "organization_id", "round_id", "version", "state", "percent", "submitted_at",
            "risk_flag", "approved_at",
        )
    )
    past_deadline = today > rnd.deadline
    rows = []
    units: dict[int, dict] = {}
    for task, depth in tree_order(tasks):
        for a in by_task.get(task.pk, []):
            report = latest.get((task.pk, a.organization_id, rnd.pk))
            row = PairRow(task, depth, a, report, past_deadline and not _has_reported(report), lights[task.pk])
            rows.append(row)
            unit = units.setdefault(a.organization_id, {"unit": a.organization, "expected": 0, "reported": 0})
            unit["expected"] += 1
            unit["reported"] += row.reported
    return render(request, "reporting/round_detail.html", {
        "round": rnd,
        "rows": rows,
        "units": sorted(units.values(), key=lambda u: (u["reported"] >= u["expected"], str(u["unit"]))),
        "n_expected": len(rows),
        "n_reported": sum(row.reported for row in rows),
        "past_deadline": past_deadline,
    })


@dataclass
class Step:
    label: str
    who: object
    at: object


STEP_LABELS = {
    "created": gettext_lazy("Written"),
    "submitted": gettext_lazy("Submitted"),
    "approved": gettext_lazy("Approved by unit"),
    "accepted": gettext_lazy("Accepted by the office"),
    "returned": gettext_lazy("Returned by the office"),
    "returned_by_unit": gettext_lazy("Returned to the reporter by the unit leader"),
}


def history(report: ProgressReport) -> list[Step]:
    """The states one version went through, each with who and when."""
    steps = [Step(STEP_LABELS["created"], report.created_by, report.created_at)]
    if report.submitted_at:
        steps.append(Step(STEP_LABELS["submitted"], report.submitted_by, report.submitted_at))
    if report.approved_at:
        steps.append(Step(STEP_LABELS["approved"], report.approved_by, report.approved_at))
    if report.reviewed_at:
        outcome = "accepted"
        if report.state == ProgressReport.State.RETURNED:
            outcome = "returned_by_unit" if report.returned_by_unit else "returned"
        steps.append(Step(STEP_LABELS[outcome], report.reviewed_by, report.reviewed_at))
    return steps


@login_required
def report_detail(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    visible = access.visible_reports(user).select_related("task__plan", "organization", "round", *_PEOPLE)
    report: ProgressReport = access.get_visible(visible, code=code)
    same = {"task_id": report.task_id, "organization_id": report.organization_id}
    if report.round_id is None:
        same["round__isnull"] = True
    else:
        same["round_id"] = report.round_id
    versions = list(
        visible.filter(**same).order_by("-version").prefetch_related(
            Prefetch("observations", queryset=Observation.objects.select_related("indicator")), "attachments",
        )
    )
    newest = ProgressReport.objects.filter(**same).order_by("-version").values_list("pk", flat=True).first()
    is_newest = newest == report.pk
    State = ProgressReport.State
    return render(request, "reporting/report_detail.html", {
        "report": report,
        "versions": [(v, history(v)) for v in versions],
        "task": report.task,
        "is_newest": is_newest,
        "can_edit": is_newest and report.state in (State.DRAFT, State.SUBMITTED, State.RETURNED)
        and access.can(user, "report.edit", report),
        "can_submit": is_newest and report.state == State.DRAFT and access.can(user, "report.edit", report),
        "can_approve": is_newest and report.state == State.SUBMITTED and access.can(user, "report.approve", report),
        "can_return": is_newest and report.state == State.SUBMITTED and access.can(user, "report.return", report),
        "can_review": is_newest and report.state == State.APPROVED and access.can(user, "report.review", report),
    })
