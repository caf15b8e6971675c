"""Supervision pages: the board, bulletins, the scorecard, reminders and the remind button.

Thin views: objects come through luoshi.access (404 outside the reader's
scope), writes go through supervision.actions. The board, bulletins and the
scorecard read the whole programme, so they are for the office and the group's
members; a unit that can see the plan is refused with 403.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, Max, OuterRef, Prefetch, Q, Subquery, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi import access
from luoshi.audit.security import downloaded
from luoshi.org.models import Organization, Region
from luoshi.status.lights import Snapshot, lights_for
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
    # Archived plans and tasks (luoshi.work.archive) are left out of the list and its counts.
    plans = access.current_plans(user).select_related("organization").annotate(
        task_count=Count("tasks", filter=Q(tasks__archived_at__isnull=True), distinct=True),
        bulletin_count=Count("bulletins", distinct=True),
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


# The board's sign-for filter (签收): open tasks a unit has not signed for yet, or has returned.
SIGN_STATES = {"pending": Assignment.State.PENDING, "returned": Assignment.State.RETURNED}
BOARD_PER_PAGE = 50


def _region_chain(region) -> list:
    """The region and its ancestors (select_related down to the great-grandparent)."""
    chain = []
    while region is not None and len(chain) < 4:
        chain.append(region)
        region = region.parent if region.parent_id else None
    return chain


def _in_region(code: str) -> Q:
    """Tasks that concern region `code`: a region of the task or of one of its units is the
    region itself or lies up to three levels below it (what _region_chain walks up)."""
    below = Region.objects.filter(Q(code=code) | Q(parent__code=code) | Q(parent__parent__code=code)
                                  | Q(parent__parent__parent__code=code)).values("pk")
    return (Q(pk__in=Task.regions.through.objects.filter(region__in=below).values("task_id"))
            | Q(pk__in=Assignment.objects.filter(organization__region__in=below).values("task_id")))


def _signing(state: str):
    """Open tasks with an assignment in this sign-for state (the few such assignments are read
    once by their index, assignment_state_due_idx, not probed per task)."""
    return Q(completed_at__isnull=True, pk__in=Assignment.objects.filter(state=state).values("task_id"))


def _board_order(sort: str) -> list:
    """Due date (either way), then the plan's order; tasks without a due date last, in plan order."""
    undated = Case(When(due__isnull=True, then=Value(1)), default=Value(0))
    if sort == "-due":
        # Dated tasks run backwards through (due, order, pk); undated ones stay in plan order.
        signed = Case(When(due__isnull=True, then=Value(1)), default=Value(-1))
        return [undated.asc(), F("due").desc(), (F("order") * signed).asc(), (F("pk") * signed).asc()]
    return [undated.asc(), F("due").asc(), "order", "pk"]


def _known_count_page(request: HttpRequest, queryset, count: int) -> Page:
    """One page of the board (?page=N), for a list whose length the tiles already counted;
    the page carries the other parameters as luoshi.lib.paging.page_of does."""
    paginator = Paginator(queryset, BOARD_PER_PAGE)
    paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    page.param, page.query = "page", others.urlencode()
    return page


def _lights(tasks: list[Task], today: dt.date) -> dict[int, Light]:
    """The lights of listed tasks, read with them (select_related status); a row of another
    day, or a missing one, goes through lights_for, which relights or fills it."""
    lights = {t.pk: t.status.as_light() for t in tasks
              if getattr(t, "status", None) is not None and t.status.computed_for == today}
    stale = [t for t in tasks if t.pk not in lights]
    if stale:
        lights.update(lights_for(stale, today))
    return lights


@login_required
def board(request: HttpRequest, code) -> HttpResponse:
    """督办看板: a plan's tasks with their lights, filtered, counted and sorted by the database, a page at a time."""
    user = request.user
    plan = _plan(user, code)
    today = timezone.localdate()
    area = request.GET.get("area", "")
    region = request.GET.get("region", "")
    unit = request.GET.get("unit", "")
    status = request.GET.get("light", "")
    sign = request.GET.get("sign", "")
    if sign not in SIGN_STATES:
        sign = ""
    sort = "-due" if request.GET.get("sort") == "-due" else "due"

    # Tasks archived one by one leave the board, its tiles, filters and counts.
    everything = access.visible_tasks(user).filter(plan=plan, archived_at__isnull=True)
    kept = everything
    if area:
        kept = kept.filter(work_area__slug=area)
    if region:
        kept = kept.filter(_in_region(region))
    if sign:
        kept = kept.filter(_signing(SIGN_STATES[sign]))
    if unit:
        try:
            kept = kept.filter(pk__in=Assignment.objects.filter(organization__code=uuid.UUID(unit)).values("task_id"))
        except ValueError:
            kept = kept.none()
    # Tiles: the kept tasks counted by light (luoshi.status), before the light filter.
    snapshot = Snapshot(kept, today)
    counts = snapshot.counts()
    listed = kept
    if status:
        relit = [pk for pk, (_, value) in snapshot.others().items() if value.status == status]
        listed = kept.filter(Q(status__computed_for=today, status__light=status) | Q(pk__in=relit))
    # The tiles counted every kept task: the pager needs no COUNT of its own.
    shown = counts.get(status, 0) if status else sum(counts.values())
    last_reminded = Reminder.objects.filter(task=OuterRef("pk"), kind=Reminder.Kind.MANUAL).order_by("-created_at")
    page = _known_count_page(request, listed.select_related("work_area", "status").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("organization").order_by("role", "pk")),
    ).annotate(last_reminded=Subquery(last_reminded.values("created_at")[:1])).order_by(*_board_order(sort)), shown)
    tasks = list(page.object_list)
    lights = _lights(tasks, today)
    rows = []
    for t in tasks:
        assigned = list(t.assignments.all())
        rows.append(BoardRow(
            t, lights[t.pk],
            [a for a in assigned if a.role == Assignment.Role.LEAD],
            [a for a in assigned if a.role == Assignment.Role.SUPPORT],
            t.last_reminded,
        ))
    # The filters' choices: the plan's units with how many of its tasks each has, and every
    # region its tasks or their units concern, with the regions above them.
    units = sorted(Organization.objects.filter(assignments__task__plan=plan,
                                               assignments__task__archived_at__isnull=True)
                   .annotate(n=Count("assignments")), key=str)
    regions = {}
    for r in Region.objects.filter(
        Q(pk__in=Task.regions.through.objects.filter(task__plan=plan, task__archived_at__isnull=True)
          .values("region_id"))
        | Q(pk__in=Organization.objects.filter(assignments__task__plan=plan,
                                               assignments__task__archived_at__isnull=True).values("region_id"))
    ).select_related("parent__parent__parent"):
        for up in _region_chain(r):
            regions[up.code] = up
    whole = everything.order_by().aggregate(
        total=Count("pk"), not_signed=Count("pk", filter=_signing(Assignment.State.PENDING)))
    filters = {k: v for k, v in (("area", area), ("region", region), ("unit", unit), ("sign", sign),
                                 ("sort", sort)) if v}
    tiles = [
        (s, counts.get(s, 0), "?" + urlencode({**filters, "light": s}), s == status) for s in LIGHT_ORDER
    ]
    return render(request, "supervision/board.html", {
        "plan": plan, "rows": rows, "page": page, "shown": shown, "total": whole["total"],
        "tiles": tiles, "areas": WorkArea.objects.filter(is_active=True),
        "units": units, "regions": sorted(regions.values(), key=lambda r: r.code),
        "area": area, "region": region, "unit": unit, "status": status, "sort": sort, "sign": sign,
        "sign_choices": [("pending", _("Not signed for")), ("returned", _("Returned by a unit"))],
        "not_signed": whole["not_signed"],
        "not_signed_query": "?" + urlencode({**filters, "sign": "pending"}),
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
    if not form.is_valid():
        messages.error(request, _("The reminder could not be sent: %(errors)s") % {
            "errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)})
    else:
        try:
            sent = actions.remind(user, task, form.cleaned_data["unit"], form.cleaned_data["note"])
        except actions.ArchivedTask:
            messages.error(request, _("No reminder was sent: the task is archived."))
            sent = None
        if sent:
            messages.success(request, _("Reminder sent to %(units)s (%(count)d accounts).") % {
                "units": "、".join(sorted({str(r.organization) for r in sent})), "count": len(sent)})
        elif sent is not None:
            messages.warning(request, _(
                "No reminder was sent: the unit has no active account, or the same reminder was just sent."))
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
