"""Writes of the supervision app: manual reminders, read receipts, bulletins.

Each runs in one transaction and records an event (a reminder on the task, so
it shows on the task's timeline). E-mail goes out after the commit: the
reminder exists in-app whatever the mail server does.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi import access
from luoshi.accounts.models import User
from luoshi.audit.events import record
from luoshi.org.models import Organization
from luoshi.supervision import mail
from luoshi.supervision.models import Bulletin, BulletinVersion, Reminder
from luoshi.work.current import current_task
from luoshi.work.models import Assignment, Plan, Task

log = logging.getLogger(__name__)
UNIT_ROLES = (User.Role.UNIT_REPORTER, User.Role.UNIT_LEADER)
# A second click on the same button within this many seconds is the same reminder.
DOUBLE_CLICK_SECONDS = 60


class NotAssigned(ValueError):
    """The unit named in a manual reminder is not assigned to the task."""


class ArchivedTask(ValueError):
    """The task, or its plan, is archived (luoshi.work.archive): it is reminded of nothing."""


class StaleBulletin(Exception):
    """Someone saved the bulletin since the form was drawn; nothing was written."""

    def __init__(self, current: BulletinVersion):
        super().__init__(f"bulletin {current.bulletin_id} is at version {current.version}")
        self.current = current


def manual_message(task: Task, note: str, language: str) -> str:
    """The text of a manual reminder about `task`, with the office's note, in `language`'s script.

    Call it under mail.override(recipient) so the sentence is in the recipient's language.
    """
    title = mail.in_script(task.title, language)
    if task.due:
        text = _("The office reminds your unit to push ahead with “%(task)s” (due %(due)s) and report on time.") % {
            "task": title, "due": mail.day(task.due)}
    else:
        text = _("The office reminds your unit to push ahead with “%(task)s” and report on time.") % {"task": title}
    if note:
        text += " " + _("Note from the office: %(note)s") % {"note": note}
    return text


def remind(actor, task: Task, organization: Organization | None = None, note: str = "") -> list[Reminder]:
    """A manual reminder (催办) from the office about `task`, now: in-app and by e-mail.

    It goes to every active unit user of `organization` (which must be assigned
    to the task) or, without one, of the task's lead units. A repeated click by
    the same person within DOUBLE_CLICK_SECONDS reminds once. Returns the new
    reminders (empty when there is nobody to remind or it was a repeat). An archived
    task, or one of an archived plan, raises ArchivedTask.
    """
    access.require(actor, "task.remind", task)
    if not Task.objects.filter(current_task(), pk=task.pk).exists():
        raise ArchivedTask(task.pk)
    assigned = Assignment.objects.filter(task=task)
    if organization is not None:
        if not assigned.filter(organization=organization).exists():
            raise NotAssigned(organization)
        org_ids = [organization.pk]
    else:
        org_ids = list(assigned.filter(role=Assignment.Role.LEAD).values_list("organization_id", flat=True))
    note = note.strip()
    with transaction.atomic():
        # Lock the task so two simultaneous clicks see each other's reminder (PostgreSQL;
        # SQLite serializes writers anyway).
        Task.objects.select_for_update().filter(pk=task.pk).values_list("pk", flat=True).first()
        recent = timezone.now() - dt.timedelta(seconds=DOUBLE_CLICK_SECONDS)
        if Reminder.objects.filter(
            task=task, kind=Reminder.Kind.MANUAL, created_by=actor, organization_id__in=org_ids, created_at__gte=recent
        ).exists():
            return []
        recipients = list(
            User.objects.filter(is_active=True, role__in=UNIT_ROLES, organization_id__in=org_ids)
            .select_related("organization").order_by("pk")
        )
        if not recipients:
            return []
        batch = uuid.uuid4()
        rows = []
        for user in recipients:
            with mail.override(user):
                rows.append(Reminder(
                    recipient=user, organization_id=user.organization_id, task=task, kind=Reminder.Kind.MANUAL,
                    message=manual_message(task, note, mail.language_of(user)), created_by=actor, batch=batch,
                ))
        reminders = Reminder.objects.bulk_create(rows)
        units = sorted({str(u.organization) for u in recipients})
        record(actor, "task.reminded", task, {
            "units": units, "recipients": [u.username for u in recipients], "note": note,
        }, task=task)
    _email_manual(task, reminders, recipients)
    return reminders


def _email_manual(task: Task, reminders: list[Reminder], recipients: list[User]) -> None:
    by_user = {r.recipient_id: r for r in reminders}
    messages = []
    for user in recipients:
        if not user.email:
            continue
        with mail.override(user):
            subject = _("[Luoshi] Reminder from the office: %(task)s") % {
                "task": mail.in_script(task.title, mail.language_of(user))}
            intro = _("The office has sent your unit a reminder:")
            messages.append((user, mail.compose(user, subject, intro, [("", [by_user[user.pk].message])])))
    sent = []
    for user, message in messages:
        try:
            mail.send([message])
        except Exception as exc:  # noqa: BLE001 - the in-app reminder stands; the office sees no e-mail time
            log.warning("manual reminder to %s not e-mailed: %s", user.username, exc)
            continue
        sent.append(by_user[user.pk].pk)
    if sent:
        Reminder.objects.filter(pk__in=sent).update(emailed_at=timezone.now())


def mark_read(user, reminders: Iterable[Reminder] | None = None) -> int:
    """Mark the user's reminders read (all unread ones without `reminders`); how many changed.

    No event: read_at is itself the record, and a read receipt changes no
    programme data.
    """
    qs = Reminder.objects.filter(recipient=user, read_at__isnull=True)
    if reminders is not None:
        qs = qs.filter(pk__in=[r.pk for r in reminders])
    with transaction.atomic():
        return qs.update(read_at=timezone.now())


def _created_at(row: Bulletin | BulletinVersion, at: dt.datetime) -> None:
    # created_at is auto_now_add: set it after the insert.
    type(row).objects.filter(pk=row.pk).update(created_at=at)
    row.created_at = at


def create_bulletin(actor, plan: Plan, as_of: dt.date, text: str, *, at: dt.datetime | None = None,
                    token: uuid.UUID | None = None) -> Bulletin:
    """Issue number N+1 of the plan's bulletins with `text` as version 1.

    `token` is the form's: the same form posted again (a double click, a resent
    request) returns the issue it already saved instead of numbering another.
    `at` is for history brought in from elsewhere (the demo): the bulletin, its
    first version and the event carry it instead of now.
    """
    access.require(actor, "programme.edit", plan)
    for attempt in range(3):
        try:
            with transaction.atomic():
                saved = Bulletin.objects.filter(plan=plan, form_token=token).first() if token else None
                if saved is not None:
                    return saved
                last = Bulletin.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
                bulletin = Bulletin.objects.create(plan=plan, as_of=as_of, number=last + 1, created_by=actor,
                                                   form_token=token)
                version = BulletinVersion.objects.create(bulletin=bulletin, version=1, text=text, author=actor)
                if at is not None:
                    _created_at(bulletin, at)
                    _created_at(version, at)
                record(actor, "bulletin.created", bulletin, {
                    "plan": str(plan.code), "number": bulletin.number, "as_of": as_of.isoformat(),
                    "version": version.version,
                }, at=at)
                return bulletin
        except IntegrityError:
            # Two offices numbered the same issue at once: take the next number. Or the same
            # form was posted twice at once: the next attempt finds the first post's issue.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def save_bulletin(actor, bulletin: Bulletin, text: str, expected_version: int, *,
                  at: dt.datetime | None = None) -> BulletinVersion:
    """Save `text` as a new version if the bulletin is still at `expected_version`; else StaleBulletin.

    `at` (history brought in from elsewhere) is the new version's and the event's time instead of now.
    """
    access.require(actor, "programme.edit", bulletin.plan)
    with transaction.atomic():
        current = bulletin.versions.select_for_update().order_by("-version").first()
        if current is not None and current.version != expected_version:
            raise StaleBulletin(current)
        if current is not None and current.text == text:
            return current
        try:
            with transaction.atomic():
                version = BulletinVersion.objects.create(
                    bulletin=bulletin, version=(current.version if current else 0) + 1, text=text, author=actor,
                )
        except IntegrityError:
            # SQLite ignores FOR UPDATE; the unique version number is what stops the second writer.
            raise StaleBulletin(bulletin.versions.order_by("-version").first()) from None
        if at is not None:
            _created_at(version, at)
        record(actor, "bulletin.saved", bulletin, {"version": version.version, "characters": len(text)}, at=at)
    return version
