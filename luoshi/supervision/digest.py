"""The daily digest: one reminder message per unit user per day, only when something is due.

What concerns a unit on `today` (thresholds are settings):
  due_soon        a task the unit leads or supports, not done, due within
                  LUOSHI_REMIND_DUE_SOON_DAYS (default 7) days, today included;
  round_deadline  a round open today whose deadline is within
                  LUOSHI_REMIND_ROUND_DAYS (default 3) days, for each task of
                  its plan the unit is assigned to and has not yet submitted
                  (no version submitted, approved or accepted in that round);
  overdue         a task the unit leads, not done, past its due date;
  returned        the unit's report the office returned and the unit has not
                  yet replaced with a new version;
  sign_for        an assignment the unit has neither signed for (签收) nor
                  returned, whose sign-for date is within
                  LUOSHI_REMIND_SIGN_DAYS (default 1) days or already past.
                  An assignment without a sign-for date is not reminded.

What waits for the office, told to every office user (office_admin) on `today`:
  to_accept       reports approved by their unit, not yet accepted or returned;
  to_verify       completion reports approved by the lead unit, to verify and close;
  extension       extension requests not yet decided;
  to_reassign     assignments a unit returned, still to assign again (a
                  returned lead until the task has another lead);
  unsigned        assignments still not signed for after their sign-for date.
Items of one kind on the same task (and round) are one line naming every unit.
An archived task, or a task of an archived plan (luoshi.work.archive), gives no item.

A unit here is the user's own organization, not the units under it: the unit
that was assigned is the one reminded, so a city is not nagged about what its
bureaus must do.

Every user gets at most one digest a day: a unit user the unit's items, an
office user the office's. `send_digests(today)` writes a Digest row, the
Reminder rows and one event per user in one transaction, then sends the e-mail. A second run the same day finds
the Digest and sends nothing new; it only retries e-mails that failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from luoshi import jobs
from luoshi.accounts.models import User
from luoshi.audit.events import record
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.supervision import mail
from luoshi.supervision.models import Digest, Reminder
from luoshi.work.current import current_task
from luoshi.work.models import Assignment, ExtensionRequest

log = logging.getLogger(__name__)
Kind = Reminder.Kind
UNIT_ROLES = (User.Role.UNIT_REPORTER, User.Role.UNIT_LEADER)
# A report in one of these states means the unit has reported for the round.
REPORTED_STATES = (ProgressReport.State.SUBMITTED, ProgressReport.State.APPROVED, ProgressReport.State.ACCEPTED)
# Order of the sections in the e-mail and in-app: what is already late first.
KIND_ORDER = (Kind.OVERDUE, Kind.SIGN_FOR, Kind.RETURNED, Kind.ROUND_DEADLINE, Kind.DUE_SOON)
# The office's digest: decisions the office owes first, then what it must chase.
OFFICE_KIND_ORDER = (Kind.TO_VERIFY, Kind.TO_ACCEPT, Kind.EXTENSION, Kind.TO_REASSIGN, Kind.UNSIGNED)
JOB_KIND = "supervision.send_reminders"


def due_soon_days() -> int:
    return int(getattr(settings, "LUOSHI_REMIND_DUE_SOON_DAYS", 7))


def round_days() -> int:
    return int(getattr(settings, "LUOSHI_REMIND_ROUND_DAYS", 3))


def sign_days() -> int:
    """How many days before its sign-for date an unsigned assignment is reminded (0: on the day)."""
    return int(getattr(settings, "LUOSHI_REMIND_SIGN_DAYS", 1))


@dataclass(frozen=True)
class Item:
    """One thing a unit must attend to; rendered into a message per recipient."""

    kind: str
    task: object
    round: object | None = None
    report: object | None = None
    assignment: object | None = None  # sign_for
    extension: object | None = None  # extension
    # Office items: the units concerned, with the assignment or report of each.
    rows: tuple = ()

    @property
    def key(self) -> tuple:
        return (self.kind, self.task.pk, self.round.pk if self.round else None)

    def message(self, today: dt.date, language: str) -> str:
        """The sentence for this item in the active language (call inside translation.override)."""
        title = mail.in_script(self.task.title, language)
        task = self.task
        if self.kind == Kind.DUE_SOON:
            days = (task.due - today).days
            if days == 0:
                return _("“%(task)s” is due today and is not yet done.") % {"task": title}
            return ngettext(
                "“%(task)s” is due on %(due)s (in %(days)d day) and is not yet done.",
                "“%(task)s” is due on %(due)s (in %(days)d days) and is not yet done.",
                days,
            ) % {"task": title, "due": mail.day(task.due), "days": days}
        if self.kind == Kind.OVERDUE:
            days = (today - task.due).days
            return ngettext(
                "“%(task)s”, which your unit leads, was due on %(due)s and is %(days)d day overdue.",
                "“%(task)s”, which your unit leads, was due on %(due)s and is %(days)d days overdue.",
                days,
            ) % {"task": title, "due": mail.day(task.due), "days": days}
        if self.kind == Kind.ROUND_DEADLINE:
            return _(
                "Your progress report on “%(task)s” for %(period)s is due by %(deadline)s and has not been submitted."
            ) % {
                "task": title,
                "period": mail.in_script(self.round.period_label, language),
                "deadline": mail.day(self.round.deadline),
            }
        if self.kind == Kind.RETURNED:
            comment = mail.in_script(self.report.review_comment or "", language) or _("none")
            return _(
                "Your report on “%(task)s” was returned by the office; please revise and resubmit it. "
                "Comment: %(comment)s"
            ) % {"task": title, "comment": comment}
        if self.kind == Kind.SIGN_FOR:
            return self._sign_for(today, title)
        return self._office(today, title, language)

    def _sign_for(self, today: dt.date, title: str) -> str:
        a = self.assignment
        role = a.get_role_display()
        days = (today - a.due_to_sign).days
        if days > 0:
            return ngettext(
                "“%(task)s” was assigned to your unit (%(role)s) and was to be signed for or returned by "
                "%(date)s; it is %(days)d day late.",
                "“%(task)s” was assigned to your unit (%(role)s) and was to be signed for or returned by "
                "%(date)s; it is %(days)d days late.",
                days,
            ) % {"task": title, "role": role, "date": mail.day(a.due_to_sign), "days": days}
        if days == 0:
            return _(
                "“%(task)s” has been assigned to your unit (%(role)s); please sign for it or return it today."
            ) % {"task": title, "role": role}
        return _(
            "“%(task)s” has been assigned to your unit (%(role)s); please sign for it or return it by %(date)s."
        ) % {"task": title, "role": role, "date": mail.day(a.due_to_sign)}

    def _office(self, today: dt.date, title: str, language: str) -> str:
        def unit(row) -> str:
            return mail.in_script(str(row.organization), language)

        units = pgettext("list separator", ", ").join(unit(r) for r in self.rows)
        if self.kind == Kind.TO_ACCEPT:
            since = min(timezone.localdate(r.approved_at) if r.approved_at else today for r in self.rows)
            if self.round is not None:
                return _(
                    "Reports on “%(task)s” for %(period)s from %(units)s, approved by their units, await the "
                    "office's acceptance (waiting since %(date)s)."
                ) % {"task": title, "period": mail.in_script(self.round.period_label, language), "units": units,
                     "date": mail.day(since)}
            return _(
                "Reports on “%(task)s” from %(units)s, approved by their units, await the office's acceptance "
                "(waiting since %(date)s)."
            ) % {"task": title, "units": units, "date": mail.day(since)}
        if self.kind == Kind.TO_VERIFY:
            report = self.rows[0]
            since = timezone.localdate(report.approved_at) if report.approved_at else today
            return _(
                "%(unit)s reports “%(task)s” complete; please verify the completion and close the task "
                "(waiting since %(date)s)."
            ) % {"unit": unit(report), "task": title, "date": mail.day(since)}
        if self.kind == Kind.EXTENSION:
            req = self.extension
            values = {"unit": mail.in_script(str(req.organization), language), "task": title,
                      "new": mail.day(req.requested_due), "date": mail.day(timezone.localdate(req.requested_at)),
                      "reason": mail.in_script(req.reason, language)}
            if req.previous_due:
                return _(
                    "%(unit)s asks to move the due date of “%(task)s” from %(old)s to %(new)s (asked on %(date)s). "
                    "Reason: %(reason)s"
                ) % {**values, "old": mail.day(req.previous_due)}
            return _(
                "%(unit)s asks to set the due date of “%(task)s” to %(new)s (asked on %(date)s). Reason: %(reason)s"
            ) % values
        if self.kind == Kind.TO_REASSIGN:
            returned = pgettext("list separator", ", ").join(
                _("%(unit)s (%(reason)s)") % {"unit": unit(r), "reason": mail.in_script(r.return_reason, language)}
                for r in self.rows
            )
            return _(
                "“%(task)s” was returned by %(units)s; please assign it again."
            ) % {"task": title, "units": returned}
        due = min(r.due_to_sign for r in self.rows)
        days = (today - due).days
        return ngettext(
            "“%(task)s” has not been signed for by %(units)s; the sign-for was due on %(date)s, %(days)d day ago.",
            "“%(task)s” has not been signed for by %(units)s; the sign-for was due on %(date)s, %(days)d days ago.",
            days,
        ) % {"task": title, "units": units, "date": mail.day(due), "days": days}


@dataclass
class Result:
    """What a run did (or, with dry_run, would do)."""

    date: dt.date
    digests: int = 0
    items: int = 0
    emailed: int = 0
    already_sent: int = 0
    failed: int = 0
    planned: dict[str, list[str]] = field(default_factory=dict)


def items_by_unit(today: dt.date) -> dict[int, list[Item]]:
    """{organization id: items} for every unit with something due today, in a fixed number of queries.

    An archived task (or one of an archived plan) is reminded of nothing.
    """
    items: dict[int, dict[tuple, Item]] = defaultdict(dict)
    current = current_task("task__")

    def add(org_id: int, item: Item) -> None:
        items[org_id].setdefault(item.key, item)

    open_assignments = Assignment.objects.filter(current, task__completed_at__isnull=True).select_related("task")
    soon = today + dt.timedelta(days=due_soon_days())
    for a in open_assignments.filter(task__due__gte=today, task__due__lte=soon):
        add(a.organization_id, Item(Kind.DUE_SOON, a.task))
    for a in open_assignments.filter(role=Assignment.Role.LEAD, task__due__lt=today):
        add(a.organization_id, Item(Kind.OVERDUE, a.task))

    rounds = list(
        ReportingRound.objects.filter(
            opens__lte=today, deadline__gte=today, deadline__lte=today + dt.timedelta(days=round_days())
        )
    )
    if rounds:
        reported = set(
            ProgressReport.objects.filter(round__in=rounds, state__in=REPORTED_STATES).values_list(
                "task_id", "organization_id", "round_id"
            )
        )
        by_plan: dict[int, list[ReportingRound]] = defaultdict(list)
        for r in rounds:
            by_plan[r.plan_id].append(r)
        # A task that has not started yet has nothing to report.
        assigned = open_assignments.filter(task__plan_id__in=by_plan).exclude(task__start__gt=today)
        for a in assigned:
            for r in by_plan[a.task.plan_id]:
                if (a.task_id, a.organization_id, r.pk) not in reported:
                    add(a.organization_id, Item(Kind.ROUND_DEADLINE, a.task, r))

    returned = ProgressReport.objects.filter(
        current, state=ProgressReport.State.RETURNED, superseded_by__isnull=True, task__completed_at__isnull=True
    ).select_related("task", "round")
    for report in returned:
        add(report.organization_id, Item(Kind.RETURNED, report.task, report.round, report))

    unsigned = open_assignments.filter(
        state=Assignment.State.PENDING, due_to_sign__lte=today + dt.timedelta(days=sign_days())
    )
    for a in unsigned:
        add(a.organization_id, Item(Kind.SIGN_FOR, a.task, assignment=a))

    order = {kind: n for n, kind in enumerate(KIND_ORDER)}
    return {
        org_id: sorted(found.values(), key=lambda i: (order[i.kind], i.task.due or dt.date.max, i.task.pk))
        for org_id, found in items.items()
    }


def office_items(today: dt.date) -> list[Item]:
    """What waits for the office on `today`, one item per kind and task (and round), in five queries.

    Archived tasks (and the tasks of archived plans) wait for nothing.
    """
    grouped: dict[tuple, list] = defaultdict(list)
    current = current_task("task__")
    approved = (
        ProgressReport.objects.filter(current, state=ProgressReport.State.APPROVED, superseded_by__isnull=True,
                                      task__completed_at__isnull=True)
        .select_related("task", "round", "organization").order_by("approved_at", "pk")
    )
    for r in approved:
        kind = Kind.TO_VERIFY if r.is_completion else Kind.TO_ACCEPT
        grouped[(kind, r.task, r.round)].append(r)
    returned = (
        Assignment.objects.filter(current, state=Assignment.State.RETURNED, task__completed_at__isnull=True)
        .annotate(replaced=Exists(
            Assignment.objects.filter(task=OuterRef("task"), role=Assignment.Role.LEAD)
            .exclude(state=Assignment.State.RETURNED)
        ))
        .select_related("task", "organization").order_by("returned_at", "pk")
    )
    for a in returned:
        # A returned lead is settled once another unit leads the task.
        if a.role == Assignment.Role.SUPPORT or not a.replaced:
            grouped[(Kind.TO_REASSIGN, a.task, None)].append(a)
    late = (
        Assignment.objects.filter(current, state=Assignment.State.PENDING, due_to_sign__lt=today,
                                  task__completed_at__isnull=True)
        .select_related("task", "organization").order_by("due_to_sign", "pk")
    )
    for a in late:
        grouped[(Kind.UNSIGNED, a.task, None)].append(a)
    items = [Item(kind, task, rnd, rows=tuple(rows)) for (kind, task, rnd), rows in grouped.items()]
    items.extend(
        Item(Kind.EXTENSION, req.task, extension=req)
        for req in ExtensionRequest.objects.filter(current, state=ExtensionRequest.State.PENDING)
        .select_related("task", "organization").order_by("requested_at", "pk")
    )
    order = {kind: n for n, kind in enumerate(OFFICE_KIND_ORDER)}
    return sorted(items, key=lambda i: (order[i.kind], i.task.due or dt.date.max, i.task.pk,
                                        i.round.pk if i.round else 0))


def is_office(user: User) -> bool:
    return user.role == User.Role.OFFICE_ADMIN


def _recipients(org_ids, office: bool) -> list[User]:
    wanted = Q(role__in=UNIT_ROLES, organization_id__in=org_ids)
    if office:
        wanted |= Q(role=User.Role.OFFICE_ADMIN)
    return list(User.objects.filter(wanted, is_active=True).order_by("pk"))


SECTION_TITLES = {
    Kind.OVERDUE: lambda: pgettext("digest section", "Overdue tasks"),
    Kind.RETURNED: lambda: pgettext("digest section", "Reports returned to your unit"),
    Kind.ROUND_DEADLINE: lambda: pgettext("digest section", "Progress reports due soon"),
    Kind.DUE_SOON: lambda: pgettext("digest section", "Tasks due soon"),
    Kind.SIGN_FOR: lambda: pgettext("digest section", "Assignments awaiting your sign-for"),
    Kind.TO_VERIFY: lambda: pgettext("digest section", "Completion reports to verify"),
    Kind.TO_ACCEPT: lambda: pgettext("digest section", "Reports awaiting acceptance"),
    Kind.EXTENSION: lambda: pgettext("digest section", "Extension requests to decide"),
    Kind.TO_REASSIGN: lambda: pgettext("digest section", "Returned assignments to assign again"),
    Kind.UNSIGNED: lambda: pgettext("digest section", "Assignments not signed for in time"),
}


def _email(user: User, today: dt.date, reminders: list[Reminder]):
    with mail.override(user):
        subject = ngettext(
            "[Luoshi] Reminder for %(date)s: %(count)d item needs your attention",
            "[Luoshi] Reminder for %(date)s: %(count)d items need your attention",
            len(reminders),
        ) % {"date": mail.day(today), "count": len(reminders)}
        if is_office(user):
            intro = _("As of %(date)s, the following awaits the office:") % {"date": mail.day(today)}
            order = OFFICE_KIND_ORDER
        else:
            intro = _("As of %(date)s, your unit has the following to attend to:") % {"date": mail.day(today)}
            order = KIND_ORDER
        sections = [
            (f"【{SECTION_TITLES[kind]()}】", [r.message for r in reminders if r.kind == kind]) for kind in order
        ]
        return mail.compose(user, subject, intro, sections)


def _deliver(digest: Digest, user: User, reminders: list[Reminder], result: Result) -> None:
    """E-mail one digest and record the outcome; a failure is kept for the next run to retry."""
    if not user.email:
        return
    try:
        mail.send([_email(user, digest.date, reminders)])
    except Exception as exc:  # noqa: BLE001 - one bad address or a dead server must not stop the run
        log.warning("reminder digest for %s not e-mailed: %s", user.username, exc)
        Digest.objects.filter(pk=digest.pk).update(email_error=f"{type(exc).__name__}: {exc}"[:2000])
        result.failed += 1
        return
    now = timezone.now()
    Digest.objects.filter(pk=digest.pk).update(emailed_at=now, email_error="")
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(emailed_at=now)
    result.emailed += 1


def send_digests(today: dt.date | None = None, dry_run: bool = False) -> Result:
    """Write and send today's digests; idempotent per (user, day). See the module docstring."""
    today = today or timezone.localdate()
    result = Result(today)
    by_unit = items_by_unit(today)
    for_office = office_items(today)
    users = _recipients(by_unit, bool(for_office))
    done = dict(Digest.objects.filter(date=today, recipient__in=users).values_list("recipient_id", "emailed_at"))
    for user in users:
        items = for_office if is_office(user) else by_unit[user.organization_id]
        if user.pk in done:
            result.already_sent += 1
            continue
        if dry_run:
            with mail.override(user):
                result.planned[user.username] = [i.message(today, mail.language_of(user)) for i in items]
            result.digests += 1
            result.items += len(items)
            continue
        try:
            digest, reminders = _write(user, today, items)
        except IntegrityError:
            # Another run wrote this user's digest between our read and our write.
            result.already_sent += 1
            continue
        result.digests += 1
        result.items += len(reminders)
        _deliver(digest, user, reminders, result)
    if not dry_run:
        _retry_failed(today, exclude={u.pk for u in users if u.pk not in done}, result=result)
    return result


def _write(user: User, today: dt.date, items: list[Item]) -> tuple[Digest, list[Reminder]]:
    language = mail.language_of(user)
    with mail.override(user):
        messages = [item.message(today, language) for item in items]
    with transaction.atomic():
        digest = Digest.objects.create(recipient=user, date=today, items=len(items))
        reminders = Reminder.objects.bulk_create([
            Reminder(
                recipient=user, organization_id=user.organization_id, task=item.task, round=item.round,
                kind=item.kind, message=text, digest_date=today,
            )
            for item, text in zip(items, messages, strict=True)
        ])
        record(None, "reminder.digest_sent", digest, {
            "recipient": user.username,
            "organization": str(user.organization_id or ""),
            "date": today.isoformat(),
            "items": len(items),
            "kinds": dict(Counter(item.kind for item in items)),
        })
    return digest, reminders


def _retry_failed(today: dt.date, exclude: set[int], result: Result) -> None:
    """E-mail again the digests of `today` whose e-mail failed in an earlier run."""
    pending = Digest.objects.filter(date=today, emailed_at__isnull=True).exclude(recipient_id__in=exclude)
    for digest in pending.select_related("recipient"):
        user = digest.recipient
        if not user.email or not user.is_active:
            continue
        reminders = list(
            Reminder.objects.filter(recipient=user, digest_date=today).exclude(kind=Kind.MANUAL).order_by("pk")
        )
        if reminders:
            _deliver(digest, user, reminders, result)


@jobs.handler(JOB_KIND)
def run_job(job) -> None:
    """Job form of `send_reminders`: payload {"date": "YYYY-MM-DD"} or {} for today."""
    date = job.payload.get("date")
    send_digests(dt.date.fromisoformat(date) if date else None)
