"""Supervision pages: the board, bulletins, the scorecard, reminders and the remind button.

Thin views: objects come through luoshi.access (404 outside the reader's
scope), writes go through supervision.actions. The board, bulletins and the
scorecard read the whole programme, so they are for the office and the group's
members; a unit that can see the plan is refused with 403.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi import access
from luoshi.audit.security import downloaded
from luoshi.org.models import Region
from luoshi.status.lights import lights_for
from luoshi.supervision import actions, bulletin, mail
from luoshi.supervision.forms import BulletinForm, DraftForm, RemindForm
from luoshi.supervision.models import Bulletin, BulletinVersion, Reminder
from luoshi.supervision.scorecard import SORTS, month_bounds, scorecard, sorted_scores
from luoshi.work.models import Assignment, Plan, Task, WorkArea
from luoshi.work.progress import Light, Status

# Tiles read from what needs attention to what is finished.
LIGHT_ORDER = (Status.OVERDUE, Status.AT_RISK, Status.ON_TRACK, Status.NOT_STARTED, Status.DONE)
REMINDERS_PER_PAGE = 50


def require_overseer(user) -> None:
    """403 unless the user reads the whole programme (the office, the group's members)."""
    access.require(user, "supervision.read")


def _plan(user, code) -> Plan:
    plan = access.get_visible(access.visible_plans(user).select_related("organization"), code=code)
    require_overseer(user)
    return plan


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_overseer(user)
    plans = access.visible_plans(user).select_related("organization").annotate(
        task_count=Count("tasks", distinct=True), bulletin_count=Count("bulletins", distinct=True),
    )
    return render(request, "supervision/index.html", {"plans": plans})


# --- the board -----------------------------------------------------------------


@dataclass
class BoardRow:
    task: Task
    light: Light
    lead_rows: list[Assignment]
    support_rows: list[Assignment]
    last_reminded: dt.datetime | None

    @property
    def leads(self) -> list:
        return [a.organization for a in self.lead_rows]

    @property
    def supports(self) -> list:
        return [a.organization for a in self.support_rows]


# The board's sign-for filter (签收): tasks a unit has not signed for yet, or has returned.
SIGN_FILTERS = {
    "pending": lambda t: t.completed_at is None and any(
        a.state == Assignment.State.PENDING for a in t.assignments.all()),
    "returned": lambda t: t.completed_at is None and any(
        a.state == Assignment.State.RETURNED for a in t.assignments.all()),
}


def _region_chain(region) -> list:
    """The region and its ancestors (select_related down to the grandparent)."""
    chain = []
    while region is not None and len(chain) < 4:
        chain.append(region)
        region = region.parent if region.parent_id else None
    return chain


def _task_regions(task: Task) -> set[str]:
    """Region codes a task concerns, directly or through its units, with every ancestor."""
    codes = set()
    for region in task.regions.all():
        codes.update(r.code for r in _region_chain(region))
    for a in task.assignments.all():
        codes.update(r.code for r in _region_chain(a.organization.region))
    return codes


@login_required
def board(request: HttpRequest, code) -> HttpResponse:
    """督办看板: every task of a plan with its light, filtered and sorted by due date."""
    user = request.user
    plan = _plan(user, code)
    tasks = list(
        access.visible_tasks(user).filter(plan=plan).select_related("work_area").prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related(
                "organization__region__parent__parent").order_by("role", "pk")),
            Prefetch("regions", queryset=Region.objects.select_related("parent__parent")),
        )
    )
    today = timezone.localdate()
    lights = lights_for(tasks, today)
    area = request.GET.get("area", "")
    region = request.GET.get("region", "")
    unit = request.GET.get("unit", "")
    status = request.GET.get("light", "")
    sign = request.GET.get("sign", "")
    if sign not in SIGN_FILTERS:
        sign = ""
    sort = "-due" if request.GET.get("sort") == "-due" else "due"

    units, regions, task_regions = {}, {}, {}
    for t in tasks:
        for a in t.assignments.all():
            units[str(a.organization.code)] = a.organization
        task_regions[t.pk] = _task_regions(t)
        for r in t.regions.all():
            regions[r.code] = r
        for a in t.assignments.all():
            for r in _region_chain(a.organization.region):
                regions[r.code] = r

    def keep(t: Task) -> bool:
        if area and (t.work_area is None or t.work_area.slug != area):
            return False
        if region and region not in task_regions[t.pk]:
            return False
        if sign and not SIGN_FILTERS[sign](t):
            return False
        return not unit or any(str(a.organization.code) == unit for a in t.assignments.all())

    kept = [t for t in tasks if keep(t)]
    counts = Counter(lights[t.pk].status for t in kept)
    if status:
        kept = [t for t in kept if lights[t.pk].status == status]
    undated = [t for t in kept if t.due is None]
    dated = sorted((t for t in kept if t.due is not None), key=lambda t: (t.due, t.order, t.pk),
                   reverse=sort == "-due")
    last = dict(
        Reminder.objects.filter(task__in=[t.pk for t in kept], kind=Reminder.Kind.MANUAL)
        .values("task_id").annotate(last=Max("created_at")).values_list("task_id", "last")
    ) if kept else {}
    rows = []
    for t in dated + undated:
        assigned = list(t.assignments.all())
        rows.append(BoardRow(
            t, lights[t.pk],
            [a for a in assigned if a.role == Assignment.Role.LEAD],
            [a for a in assigned if a.role == Assignment.Role.SUPPORT],
            last.get(t.pk),
        ))
    not_signed = sum(1 for t in tasks if SIGN_FILTERS["pending"](t))
    filters = {k: v for k, v in (("area", area), ("region", region), ("unit", unit), ("sign", sign),
                                 ("sort", sort)) if v}
    tiles = [
        (s, counts.get(s, 0), "?" + urlencode({**filters, "light": s}), s == status) for s in LIGHT_ORDER
    ]
    return render(request, "supervision/board.html", {
        "plan": plan, "rows": rows, "total": len(tasks), "tiles": tiles,
        "areas": WorkArea.objects.filter(is_active=True),
        "units": sorted(units.values(), key=str), "regions": sorted(regions.values(), key=lambda r: r.code),
        "area": area, "region": region, "unit": unit, "status": status, "sort": sort, "sign": sign,
        "sign_choices": [("pending", _("Not signed for")), ("returned", _("Returned by a unit"))],
        "not_signed": not_signed, "not_signed_query": "?" + urlencode({**filters, "sign": "pending"}),
        "today": today,
        "light_order": LIGHT_ORDER, "filtered": bool(area or region or unit or status or sign),
        "sort_query": urlencode({**filters, **({"light": status} if status else {}),
                                 "sort": "due" if sort == "-due" else "-due"}),
        "can_remind": access.can(user, "task.remind"),
        "here": request.get_full_path(),
    })


# --- reminders -----------------------------------------------------------------


@login_required
@require_POST
def remind_task(request: HttpRequest, code) -> HttpResponse:
    """催办: the office reminds a task's lead units (or one assigned unit) now."""
    user = request.user
    # 404 before 403: who cannot see the task learns nothing about it.
    task: Task = access.get_visible(access.visible_tasks(user), code=code)
    access.require(user, "task.remind", task)
    form = RemindForm(request.POST, task=task)
    if form.is_valid():
        sent = actions.remind(user, task, form.cleaned_data["unit"], form.cleaned_data["note"])
        if sent:
            messages.success(request, _("Reminder sent to %(units)s (%(count)d accounts).") % {
                "units": "、".join(sorted({str(r.organization) for r in sent})), "count": len(sent)})
        else:
            messages.warning(request, _(
                "No reminder was sent: the unit has no active account, or the same reminder was just sent."))
    else:
        messages.error(request, _("The reminder could not be sent: %(errors)s") % {
            "errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = ""
    return redirect(target or "work:task_detail", **({} if target else {"code": task.code}))


@login_required
def reminder_list(request: HttpRequest) -> HttpResponse:
    """The reader's own reminders, unread first, newest first."""
    reminders = (
        Reminder.objects.filter(recipient=request.user)
        .select_related("task", "round", "organization", "created_by")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")
    )
    page = Paginator(reminders, REMINDERS_PER_PAGE).get_page(request.GET.get("page"))
    unread = Reminder.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(request, "supervision/reminder_list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def reminder_read(request: HttpRequest, code) -> HttpResponse:
    # Someone else's reminder is not there at all for this reader.
    reminder = access.get_visible(Reminder.objects.filter(recipient=request.user), code=code)
    actions.mark_read(request.user, [reminder])
    return redirect("supervision:reminder_list")


@login_required
@require_POST
def reminder_read_all(request: HttpRequest) -> HttpResponse:
    actions.mark_read(request.user)
    return redirect("supervision:reminder_list")


# --- bulletins -----------------------------------------------------------------


def _bulletins(user):
    return Bulletin.objects.filter(plan__in=access.visible_plans(user)).select_related("plan__organization")


def _bulletin(user, code) -> Bulletin:
    found = access.get_visible(_bulletins(user), code=code)
    require_overseer(user)
    return found


@login_required
def bulletin_list(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    plan = _plan(user, code)
    bulletins = plan.bulletins.select_related("created_by").annotate(
        version_count=Count("versions"), updated=Max("versions__created_at"))
    return render(request, "supervision/bulletin_list.html", {
        "plan": plan, "bulletins": bulletins, "form": DraftForm(initial={"as_of": timezone.localdate()}),
        "can_edit": access.can(user, "programme.edit", plan),
    })


def _draft_for(plan: Plan, as_of: dt.date) -> tuple[bulletin.Summary, str]:
    summary = bulletin.summarize(plan, as_of)
    return summary, bulletin.draft(summary, get_language() or "zh-hans", bulletin.issuing_office(plan))


@login_required
def bulletin_new(request: HttpRequest, code) -> HttpResponse:
    """A generated draft for a date, edited in a textarea and saved as issue N+1."""
    user = request.user
    plan = _plan(user, code)
    access.require(user, "programme.edit", plan)
    if request.method == "POST":
        form = BulletinForm(request.POST)
        if form.is_valid() and form.cleaned_data["as_of"]:
            # The form's token makes a double submit (a second click, a resent POST) find the
            # issue the first one saved instead of numbering another.
            created = actions.create_bulletin(user, plan, form.cleaned_data["as_of"], form.cleaned_data["text"],
                                              token=form.cleaned_data["token"])
            messages.success(request, _("Bulletin No. %(n)d was saved.") % {"n": created.number})
            return redirect("supervision:bulletin_detail", code=created.code)
        as_of = form.cleaned_data.get("as_of") or timezone.localdate()
    else:
        dated = DraftForm(request.GET or None)
        as_of = dated.cleaned_data["as_of"] if dated.is_valid() else timezone.localdate()
        form = None
    summary, text = _draft_for(plan, as_of)
    if form is None:
        form = BulletinForm(initial={"text": text, "as_of": as_of, "token": uuid.uuid4()})
    return render(request, "supervision/bulletin_edit.html", {
        "plan": plan, "summary": summary, "form": form, "as_of": as_of, "light_order": LIGHT_ORDER,
        "next_number": (plan.bulletins.aggregate(n=Max("number"))["n"] or 0) + 1,
    })


@login_required
def bulletin_detail(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    found = _bulletin(user, code)
    versions = list(found.versions.select_related("author").order_by("-version"))
    current = versions[0] if versions else None
    can_edit = access.can(user, "programme.edit", found.plan)
    conflict = None
    form = None
    status = 200
    if request.method == "POST":
        access.require(user, "programme.edit", found.plan)
        form = BulletinForm(request.POST)
        if form.is_valid():
            try:
                saved = actions.save_bulletin(user, found, form.cleaned_data["text"],
                                              form.cleaned_data["version"] or 0)
            except actions.StaleBulletin as stale:
                conflict = stale.current
                posted = request.POST.copy()
                posted["version"] = str(conflict.version)
                form = BulletinForm(posted)
                form.is_valid()
                status = 409
            else:
                messages.success(request, _("Version %(v)d was saved.") % {"v": saved.version})
                return redirect("supervision:bulletin_detail", code=found.code)
    elif can_edit:
        form = BulletinForm(initial={"text": current.text if current else "",
                                     "version": current.version if current else 0})
    return render(request, "supervision/bulletin_detail.html", {
        "bulletin": found, "plan": found.plan, "versions": versions, "current": current,
        "form": form if can_edit else None, "conflict": conflict,
    }, status=status)


@login_required
def bulletin_version(request: HttpRequest, code, version: int) -> HttpResponse:
    found = _bulletin(request.user, code)
    shown = access.get_visible(found.versions.select_related("author"), version=version)
    return render(request, "supervision/bulletin_version.html", {
        "bulletin": found, "plan": found.plan, "shown": shown,
    })


@login_required
def bulletin_docx(request: HttpRequest, code) -> HttpResponse:
    """The bulletin (latest version, or ?version=N) as an official-document .docx."""
    found = _bulletin(request.user, code)
    versions = found.versions.all()
    wanted = request.GET.get("version")
    if wanted:
        shown: BulletinVersion = access.get_visible(versions, version=wanted)
    else:
        shown = versions.order_by("-version").first()
        if shown is None:
            raise Http404
    language = get_language() or "zh-hans"
    content = bulletin.to_docx(
        title=_("Supervision bulletin"),
        number_line=_("No. %(n)d") % {"n": found.number},
        issuer=mail.in_script(bulletin.issuing_office(found.plan), language),
        date_line=mail.day(found.as_of),
        heading=_("On the progress of %(plan)s") % {"plan": mail.in_script(found.plan.title, language)},
        text=shown.text,
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    name = f"bulletin-{found.plan.year or ''}-{found.number}-v{shown.version}.docx".replace("--", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    downloaded(request, found, name)
    return response


# --- the scorecard -------------------------------------------------------------


@login_required
def scorecard_view(request: HttpRequest, code) -> HttpResponse:
    """单位评价: each unit of the plan, the ones needing attention first."""
    user = request.user
    plan = _plan(user, code)
    today = timezone.localdate()
    sort = request.GET.get("sort", "attention")
    if sort not in SORTS:
        sort = "attention"
    scores = sorted_scores(scorecard(plan, today), sort)
    start, end = month_bounds(today)
    return render(request, "supervision/scorecard.html", {
        "plan": plan, "scores": scores, "sort": sort, "today": today, "month_start": start, "month_end": end,
        "sorts": [("attention", _("Needs attention")), ("on_time", _("On-time rate")),
                  ("burden", _("Burden")), ("name", _("Name"))],
    })
