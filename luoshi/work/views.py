"""Plans, task trees and task pages; the office's small task edit form.

Pages read through luoshi.access and compute lights once per page with
lights_for(); the only write goes through services.update_task().
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi import access
from luoshi.lib.paging import page_of
from luoshi.status.lights import Snapshot, lights_for
from luoshi.work.current import current_task
from luoshi.work.models import Assignment, Observation, Plan, Task, WorkArea
from luoshi.work.progress import Light, Status
from luoshi.work.services import StaleVersion, update_task

LIGHT_CHOICES = [
    (Status.OVERDUE, gettext_lazy("Overdue")),
    (Status.AT_RISK, gettext_lazy("At risk")),
    (Status.ON_TRACK, gettext_lazy("On track")),
    (Status.NOT_STARTED, gettext_lazy("Not started")),
    (Status.DONE, gettext_lazy("Done")),
]
LIGHT_LABELS = dict(LIGHT_CHOICES)

# Documents carry their original bytes; pages reaching one through a
# relation never need them.
_DOC_HEAVY = ("content", "text", "text_simplified", "extraction")


def _assignments() -> Prefetch:
    return Prefetch("assignments", queryset=Assignment.objects.select_related("organization").order_by("role", "pk"))


@dataclass
class Row:
    task: Task
    light: Light
    depth: int = 0
    leads: list = field(default_factory=list)
    supports: list = field(default_factory=list)
    children: int = 0  # on a lazily opened tree: how many sub-tasks the reader can open
    is_open: bool = False
    toggle: str = ""  # the query string that opens or closes this row

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS.get(self.light.status, self.light.status)


def _row(task: Task, light: Light, depth: int = 0) -> Row:
    units = list(task.assignments.all())
    return Row(
        task, light, depth,
        leads=[a.organization for a in units if a.role == Assignment.Role.LEAD],
        supports=[a.organization for a in units if a.role == Assignment.Role.SUPPORT],
    )


def tree_order(tasks: list[Task]) -> list[tuple[Task, int]]:
    """Tasks depth-first in (order, pk) order, each with its depth.

    A task whose parent the reader cannot see starts a tree of its own, so a
    city sees its child tasks at the top level rather than not at all.
    """
    by_id = {t.pk: t for t in tasks}
    children: dict[int | None, list[Task]] = defaultdict(list)
    for t in tasks:
        children[t.parent_id if t.parent_id in by_id else None].append(t)
    for kids in children.values():
        kids.sort(key=lambda t: (t.order, t.pk))
    out: list[tuple[Task, int]] = []
    # An explicit stack: trees may be deeper than Python's recursion limit allows.
    stack = [(t, 0) for t in reversed(children[None])]
    while stack:
        task, depth = stack.pop()
        out.append((task, depth))
        stack.extend((kid, depth + 1) for kid in reversed(children.get(task.pk, [])))
    return out


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Archived plans and tasks are left out (luoshi.work.archive); the office finds them under Archived.
    plans = list(access.current_plans(user).select_related("organization", "adopted_at"))
    # Counted by the database from the maintained status, per plan.
    counts = Snapshot(access.current_tasks(user).filter(plan__in=plans), timezone.localdate()).counts(by="plan_id")
    rows = [
        {
            "plan": plan,
            "total": sum(counts.get(plan.pk, {}).values()),
            "lights": [(status, label, counts.get(plan.pk, {}).get(status, 0)) for status, label in LIGHT_CHOICES],
        }
        for plan in plans
    ]
    return render(request, "work/plan_list.html", {
        "rows": rows, "light_choices": LIGHT_CHOICES, "can_see_archived": access.can(user, "archive"),
    })


# A plan with at most this many tasks in the reader's view shows its whole tree; a larger one
# shows its top-level tasks a page at a time, each opened on demand (?open=<code>, repeatable).
WHOLE_TREE_UP_TO = 100
TREE_PER_PAGE = 50


def _open_codes(request: HttpRequest) -> list[str]:
    """The tasks the reader has opened, as given (invalid codes are ignored)."""
    codes = []
    for value in request.GET.getlist("open"):
        try:
            codes.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return list(dict.fromkeys(codes))


def _toggle_query(request: HttpRequest, opened: list[str], code: str) -> str:
    """The query string that opens `code` (or closes it, when open), keeping every other parameter."""
    query = request.GET.copy()
    query.setlist("open", [c for c in opened if c != code] if code in opened else [*opened, code])
    return query.urlencode()


@login_required
def plan_detail(request: HttpRequest, code) -> HttpResponse:
    """A plan's task tree: the whole of a small one; a large one a page of top-level tasks at a
    time, with their child counts, each opened in place by a plain link (?open=<code>).

    An archived plan still opens (for audit, under a banner) with its tasks; tasks archived one
    by one leave the tree, its counts and its filters."""
    user = request.user
    plan: Plan = access.get_visible(
        access.visible_plans(user).select_related("organization", "adopted_at", "archived_by"), code=code)
    visible = access.visible_tasks(user).filter(plan=plan, archived_at__isnull=True)
    areas = list(WorkArea.objects.filter(is_active=True))
    area = request.GET.get("area", "")
    status = request.GET.get("light", "")
    today = timezone.localdate()
    total = visible.order_by().values("pk").count()
    page = None
    lazy = False
    if area or status:
        # A filtered view lists the matching tasks flat, a page at a time, counted and
        # filtered by the database (lights from luoshi.status).
        matching = visible
        if area:
            matching = matching.filter(work_area__slug=area)
        if status:
            snapshot = Snapshot(matching, today)
            relit = [pk for pk, (_, value) in snapshot.others().items() if value.status == status]
            matching = matching.filter(Q(status__computed_for=today, status__light=status) | Q(pk__in=relit))
        page = page_of(request, matching.select_related("work_area").order_by("order", "pk"), "page", TREE_PER_PAGE)
        placed = [(task, 0) for task in page.object_list]
        shown = page.paginator.count
    elif total <= WHOLE_TREE_UP_TO:
        placed = tree_order(list(visible.select_related("work_area")))
        shown = len(placed)
    else:
        lazy = True
        # Top level: tasks without a parent, and those whose parent the reader cannot see.
        roots = visible.filter(Q(parent__isnull=True) | ~Q(parent_id__in=visible.values("pk")))
        page = page_of(request, roots.select_related("work_area").order_by("order", "pk"), "page", TREE_PER_PAGE)
        placed = _opened_tree(visible, list(page.object_list), set(_open_codes(request)))
        shown = page.paginator.count
    tasks = [task for task, _ in placed]
    prefetch_related_objects(tasks, _assignments())
    lights = lights_for(tasks, today)
    kids: dict[int, int] = {}
    if lazy:
        kids = dict(visible.filter(parent_id__in=[t.pk for t in tasks]).order_by().values("parent_id")
                    .annotate(n=Count("pk", distinct=True)).values_list("parent_id", "n"))
    opened = _open_codes(request)
    rows = []
    for task, depth in placed:
        row = _row(task, lights[task.pk], depth)
        row.children = kids.get(task.pk, 0)
        row.is_open = str(task.code) in opened
        row.toggle = _toggle_query(request, opened, str(task.code)) if row.children else ""
        rows.append(row)
    rounds = access.visible_rounds(user).filter(plan=plan)
    return render(request, "work/plan_detail.html", {
        "plan": plan, "rows": rows, "total": total, "shown": shown, "page": page, "lazy": lazy,
        "areas": areas, "area": area, "status": status, "light_choices": LIGHT_CHOICES, "rounds": rounds,
        "filtered": bool(area or status),
        "can_open_round": plan.archived_at is None and access.can(user, "round.open", plan),
        "can_archive": plan.archived_at is None and access.can(user, "archive", plan),
    })


def _opened_tree(visible, roots: list[Task], opened: set[str]) -> list[tuple[Task, int]]:
    """The roots and, under each opened task, its children (recursively), depth-first.

    One query per level that holds an opened task: the page costs what the reader opened,
    never the size of the plan.
    """
    children: dict[int, list[Task]] = defaultdict(list)
    level = [t for t in roots if str(t.code) in opened]
    seen = {t.pk for t in roots}
    while level:
        found = [t for t in visible.filter(parent_id__in=[t.pk for t in level]).select_related("work_area")
                 .order_by("order", "pk") if t.pk not in seen]
        for t in found:
            seen.add(t.pk)
            children[t.parent_id].append(t)
        level = [t for t in found if str(t.code) in opened]
    out: list[tuple[Task, int]] = []
    stack = [(t, 0) for t in reversed(roots)]
    while stack:
        task, depth = stack.pop()
        out.append((task, depth))
        stack.extend((kid, depth + 1) for kid in reversed(children.get(task.pk, [])))
    return out


ACTION_LABELS = {
    "task.updated": gettext_lazy("edited the task"),
    "task.created": gettext_lazy("created the task"),
    "task.delegated": gettext_lazy("passed part of the task down"),
    "task.closed": gettext_lazy("closed the task"),
    "task.reopened": gettext_lazy("reopened the task"),
    "task.reminded": gettext_lazy("sent a reminder"),
    "task.archived": gettext_lazy("archived the task"),
    "assignment.created": gettext_lazy("assigned a unit"),
    "assignment.reassigned": gettext_lazy("assigned a unit again"),
    "assignment.signed": gettext_lazy("signed for the task"),
    "assignment.returned": gettext_lazy("returned the assignment"),
    "extension.requested": gettext_lazy("asked for an extension"),
    "extension.accepted": gettext_lazy("granted an extension"),
    "extension.declined": gettext_lazy("declined an extension"),
    "report.created": gettext_lazy("wrote a report"),
    "report.updated": gettext_lazy("changed a draft report"),
    "report.revised": gettext_lazy("wrote a new version of a report"),
    "report.submitted": gettext_lazy("submitted a report"),
    "report.approved": gettext_lazy("approved a report"),
    "report.accepted": gettext_lazy("accepted a report"),
    "report.returned": gettext_lazy("returned a report for changes"),
    "admin.add": gettext_lazy("added in the admin site"),
    "admin.change": gettext_lazy("changed in the admin site"),
    "admin.delete": gettext_lazy("deleted in the admin site"),
}


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str  # "event" or "report"
    obj: Any
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    label: str = ""


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


def _choice_label(model, name: str, value):
    """A stored choice ("lead") as its label ("Lead unit"); anything else unchanged."""
    if model is None or value is None:
        return value
    try:
        choices = dict(model._meta.get_field(name).flatchoices)
    except (FieldDoesNotExist, TypeError):
        return value
    return choices.get(value, value)


def _event_entry(event) -> TimelineEntry:
    # Services record {field: [old, new]} (audit.events.diff); the admin site
    # records {field: new}. Show both as old → new.
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    changes = []
    for name, value in (event.changes or {}).items():
        old, new = value if isinstance(value, list) and len(value) == 2 else (None, value)
        changes.append((_field_label(model, name), _choice_label(model, name, old), _choice_label(model, name, new)))
    return TimelineEntry(event.at, "event", event, changes, ACTION_LABELS.get(event.action, event.action))


def _latest_per_unit(reports: list) -> list:
    """The newest version each unit has (latest round, then highest version)."""
    latest: dict[int, Any] = {}
    for r in reports:
        key = (r.round.opens if r.round else dt.date.min, r.version, r.created_at)
        best = latest.get(r.organization_id)
        if best is None or key > best[0]:
            latest[r.organization_id] = (key, r)
    return sorted((r for _, r in latest.values()), key=lambda r: str(r.organization))


def _task_queryset(user):
    return access.visible_tasks(user).select_related(
        "plan__archived_by", "parent", "work_area", "archived_by",
        "source_directive__meeting", "source_directive__document",
        "source_commitment__meeting", "source_commitment__document", "source_commitment__party",
    ).defer(
        *(f"source_directive__document__{f}" for f in _DOC_HEAVY),
        *(f"source_commitment__document__{f}" for f in _DOC_HEAVY),
    )


@login_required
def task_detail(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    task: Task = access.get_visible(_task_queryset(user), code=code)
    visible = access.visible_tasks(user)
    parent_visible = bool(task.parent_id) and visible.filter(pk=task.parent_id).exists()
    # A current task lists its current sub-tasks; an archived one, those archived with it (for audit).
    archived = task.archived_at is not None or task.plan.archived_at is not None
    children = list(visible.filter(parent=task).filter(Q() if archived else current_task())
                    .select_related("work_area").prefetch_related(_assignments()))
    lights = lights_for([task, *children], timezone.localdate())
    units = list(task.assignments.select_related("organization").order_by("role", "pk"))

    source = task.source_directive or task.source_commitment
    source_meeting_visible = source_document_visible = False
    if source is not None:
        if source.meeting_id:
            source_meeting_visible = access.visible_meetings(user).filter(pk=source.meeting_id).exists()
        if source.document_id:
            source_document_visible = access.visible_documents(user).filter(pk=source.document_id).exists()

    reports = list(
        access.visible_reports(user).filter(task=task).select_related(
            "organization", "round", "created_by", "submitted_by", "approved_by", "reviewed_by"
        )
    )
    report_ids = {r.pk for r in reports}
    events = list(access.visible_events(user).filter(task=task).select_related("actor"))
    timeline = sorted(
        [_event_entry(e) for e in events]
        + [TimelineEntry(r.submitted_at or r.created_at, "report", r) for r in reports],
        key=lambda entry: entry.at,
    )
    return render(request, "work/task_detail.html", {
        **_workflow_context(user, task, units),
        "task": task,
        "light": lights[task.pk],
        "light_label": LIGHT_LABELS[lights[task.pk].status],
        "parent_visible": parent_visible,
        "children": [_row(c, lights[c.pk]) for c in children],
        "leads": [a.organization for a in units if a.role == Assignment.Role.LEAD],
        "supports": [a.organization for a in units if a.role == Assignment.Role.SUPPORT],
        "milestones": task.milestones.all(),
        "indicators": task.indicators.prefetch_related(
            Prefetch("observations", queryset=Observation.objects.select_related("report").only(
                "pk", "indicator_id", "period", "value", "report_id", "report__code"))
        ),
        "source": source,
        "source_kind": "directive" if task.source_directive_id else "commitment",
        "source_meeting_visible": source_meeting_visible,
        "source_document_visible": source_document_visible,
        "latest_reports": _latest_per_unit(reports),
        "report_ids": report_ids,
        "timeline": timeline,
        "can_edit": access.can(user, "programme.edit", task),
        # An archived task is reminded of nothing (luoshi.supervision refuses it too).
        "can_remind": not archived and access.can(user, "task.remind", task) and task.completed_at is None,
        "archived": archived,
        "can_archive": not archived and access.can(user, "archive", task),
    })


def _workflow_context(user, task: Task, units: list[Assignment]) -> dict[str, Any]:
    """What the task page offers this reader to do: sign for, assign, pass down, report, extend, close."""
    from luoshi.reporting.models import ReportingRound
    from luoshi.work.workflow_views import AssignForm, DelegateForm, ExtensionForm

    mine = access.unit_ids(user) if user.role in access.UNIT_ROLES else set()
    today = timezone.localdate()
    done = task.completed_at is not None
    can_assign = not done and access.can(user, "assignment.assign", task)
    can_delegate = not done and access.can(user, "task.delegate", task)
    can_extend = not done and access.can(user, "extension.request", task)
    extensions = list(access.visible_extension_requests(user).filter(task=task).select_related(
        "organization", "requested_by", "decided_by"))
    reporting = [a for a in units if a.organization_id in mine and a.state != Assignment.State.RETURNED]
    rounds = []
    if reporting and not done:
        rounds = list(ReportingRound.objects.filter(plan_id=task.plan_id, opens__lte=today).order_by("-opens")[:3])
    return {
        "assignments": units,
        "my_pending": [a for a in units if a.organization_id in mine and a.state == Assignment.State.PENDING],
        "assign_form": AssignForm(user=user, initial={"version": task.version}) if can_assign else None,
        "delegate_form": DelegateForm(user=user) if can_delegate else None,
        "extensions": extensions,
        "extension_form": ExtensionForm() if can_extend and not any(
            e.state == e.State.PENDING for e in extensions) else None,
        "can_decide_extensions": access.can(user, "extension.decide", task),
        "report_rounds": rounds,
        "can_close": not done and access.can(user, "task.close", task),
        "can_reopen": done and access.can(user, "task.close", task),
        "today": today,
    }


class TaskForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    description = forms.CharField(label=gettext_lazy("Description"), required=False, widget=forms.Textarea)
    due = forms.DateField(label=gettext_lazy("Due"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    work_area = forms.ModelChoiceField(label=gettext_lazy("Work area"), queryset=WorkArea.objects.none(),
                                       required=False)
    # The version the user started from; a post with an older one is a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        # An archived area stays selectable on the task that already has it.
        areas = WorkArea.objects.filter(is_active=True)
        if task.work_area_id:
            areas = areas | WorkArea.objects.filter(pk=task.work_area_id)
        self.fields["work_area"].queryset = areas

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due and self.task.start and due < self.task.start:
            raise forms.ValidationError(
                _("The due date cannot be before the start date (%(start)s).") % {"start": self.task.start}
            )
        return due

    @classmethod
    def for_task(cls, task: Task) -> TaskForm:
        return cls(task=task, initial={
            "title": task.title, "description": task.description, "due": task.due,
            "work_area": task.work_area_id, "version": task.version,
        })


@login_required
def task_edit(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    # 404 before 403: a unit that cannot see the task learns nothing about it.
    task: Task = access.get_visible(access.visible_tasks(user).select_related("plan", "work_area"), code=code)
    access.require(user, "programme.edit", task)
    conflict = None
    yours = None
    if request.method == "POST":
        form = TaskForm(request.POST, task=task)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                update_task(user, task, version, **data)
            except StaleVersion as stale:
                conflict, yours = stale.current, stale.expected
                # Keep what the user typed, but let a second save go through
                # now that they have seen the values someone else stored.
                posted = request.POST.copy()
                posted["version"] = str(conflict.version)
                form = TaskForm(posted, task=conflict)
                form.is_valid()
            else:
                messages.success(request, _("The task was saved."))
                return redirect("work:task_detail", code=task.code)
    else:
        form = TaskForm.for_task(task)
    return render(
        request, "work/task_edit.html", {"task": task, "form": form, "conflict": conflict, "conflict_yours": yours},
        status=409 if conflict else 200,
    )
