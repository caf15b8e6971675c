"""Writes to plans and tasks: each in one transaction, each recorded as an event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi import access
from luoshi.audit.events import diff, record
from luoshi.org.models import Organization
from luoshi.status.maintain import touch
from luoshi.work.models import Assignment, ExtensionRequest, Task

# What the office may change on the task edit form; everything else (tree,
# assignments, completion) has its own action with its own rules.
EDITABLE_FIELDS = ("title", "description", "due", "work_area")


class StaleVersion(Exception):
    """The task changed since the form was drawn; nothing was written."""

    def __init__(self, current: Task, expected: int):
        super().__init__(f"task {current.pk} is at version {current.version}, the form had {expected}")
        self.current = current
        self.expected = expected


def _snapshot(task: Task) -> dict[str, Any]:
    values = {name: getattr(task, name) for name in EDITABLE_FIELDS if name != "work_area"}
    # The event keeps the work area's slug, which survives a renamed area.
    values["work_area"] = task.work_area.slug if task.work_area_id else None
    return values


def update_task(actor, task: Task, expected_version: int, **changes: Any) -> Task:
    """Change a task's editable fields if it is still at `expected_version`.

    The version check and the write are one conditional UPDATE, so two people
    saving the same form cannot both win even where SELECT … FOR UPDATE is a
    no-op (SQLite). Raises PermissionDenied for anyone but the office and
    StaleVersion when someone else saved first. Returns the task as stored.
    """
    access.require(actor, "programme.edit", task)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = Task.objects.select_related("work_area").select_for_update(of=("self",)).get(pk=task.pk)
        if current.version != expected_version:
            raise StaleVersion(current, expected_version)
        before = _snapshot(current)
        for name, value in changes.items():
            setattr(current, name, value)
        after = _snapshot(current)
        changed = diff(before, after)
        if not changed:
            return current
        columns = {}
        for name in changes:
            column = "work_area_id" if name == "work_area" else name
            columns[column] = getattr(current, column)
        updated = Task.objects.filter(pk=current.pk, version=expected_version).update(
            **columns, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise StaleVersion(Task.objects.get(pk=current.pk), expected_version)
        current.refresh_from_db()
        touch(current.pk)
        record(actor, "task.updated", current, changed)
    return current


# --- assignment, sign-for, delegation (签收 · 再分派) ---------------------------


class Conflict(Exception):
    """Someone else acted first (a state or version check failed); nothing was written.

    The message is meant for the person who lost the race.
    """


def sign_days() -> int:
    return int(getattr(settings, "LUOSHI_SIGN_DAYS", 3))


def _bump_task(task: Task, expected_version: int, **columns: Any) -> None:
    """The conditional UPDATE behind every write that changes a task row."""
    updated = Task.objects.filter(pk=task.pk, version=expected_version).update(
        **columns, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleVersion(Task.objects.get(pk=task.pk), expected_version)
    task.refresh_from_db()
    touch(task.pk)


def _active_lead(task: Task) -> Assignment | None:
    return (
        task.assignments.filter(role=Assignment.Role.LEAD)
        .exclude(state=Assignment.State.RETURNED)
        .select_related("organization")
        .first()
    )


def _pending_fields(actor, today: dt.date) -> dict[str, Any]:
    return {
        "state": Assignment.State.PENDING, "due_to_sign": today + dt.timedelta(days=sign_days()),
        "assigned_by": actor, "signed_by": None, "signed_at": None,
    }


def assign_units(
    actor, task: Task, expected_version: int, lead: Organization | None = None,
    supports: Iterable[Organization] = (),
) -> list[Assignment]:
    """Give a task its lead unit and supporting units, each to sign for within LUOSHI_SIGN_DAYS.

    A task has exactly one lead unit at a time: naming a lead when another
    unit still leads (has not returned the task) is refused. A unit that
    returned its assignment gets it back as pending. The roster is part of
    the task, so the task's version is checked and bumped: two office users
    assigning the same task at once cannot both win.
    """
    access.require(actor, "assignment.assign", task)
    today = timezone.localdate()
    changed: list[Assignment] = []
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if current.version != expected_version:
            raise StaleVersion(current, expected_version)
        existing = {a.organization_id: a for a in current.assignments.select_related("organization")}
        wanted: list[tuple[Organization, str]] = []
        if lead is not None:
            active = _active_lead(current)
            if active is not None and active.organization_id != lead.pk:
                raise ValidationError(
                    _("%(unit)s already leads this task; a task has one lead unit. It must return the task "
                      "before another unit can lead it.") % {"unit": active.organization}
                )
            wanted.append((lead, Assignment.Role.LEAD))
        wanted.extend((unit, Assignment.Role.SUPPORT) for unit in supports if lead is None or unit.pk != lead.pk)
        for unit, role in wanted:
            row = existing.get(unit.pk)
            if row is None:
                row = Assignment.objects.create(task=current, organization=unit, role=role,
                                                **_pending_fields(actor, today))
                record(actor, "assignment.created", row, {"organization": [None, str(unit)], "role": [None, role],
                                                          "due_to_sign": [None, row.due_to_sign]}, task=current)
            elif row.state == Assignment.State.RETURNED or row.role != role:
                before = {"role": row.role, "state": row.state}
                for name, value in _pending_fields(actor, today).items():
                    setattr(row, name, value)
                row.role = role
                row.save()
                record(actor, "assignment.reassigned", row,
                       {"organization": [str(unit), str(unit)], **diff(before, {"role": row.role, "state": row.state}),
                        "due_to_sign": [None, row.due_to_sign]}, task=current)
            else:
                continue
            changed.append(row)
        if changed:
            _bump_task(current, expected_version)
            task.version = current.version
    return changed


def _require_pending(actor, assignment: Assignment) -> Assignment:
    access.require(actor, "assignment.sign", assignment)
    current = Assignment.objects.select_for_update().select_related("task", "organization").get(pk=assignment.pk)
    if current.state != Assignment.State.PENDING:
        raise Conflict(_("This assignment has already been signed for or returned."))
    return current


def sign_for(actor, assignment: Assignment) -> Assignment:
    """The unit acknowledges the assignment (签收); from now on it is its work."""
    with transaction.atomic():
        current = _require_pending(actor, assignment)
        now = timezone.now()
        if not Assignment.objects.filter(pk=current.pk, state=Assignment.State.PENDING).update(
            state=Assignment.State.SIGNED, signed_by=actor, signed_at=now
        ):
            raise Conflict(_("This assignment has already been signed for or returned."))
        current.refresh_from_db()
        record(actor, "assignment.signed", current,
               {"state": [Assignment.State.PENDING, Assignment.State.SIGNED]}, task=current.task)
    return current


def return_assignment(actor, assignment: Assignment, reason: str) -> Assignment:
    """The unit hands the assignment back (退回) with a reason, within the sign-for period.

    After `due_to_sign` the period is over and the unit must ask the office
    instead: an assignment nobody answered in time is not silently dropped.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the assignment is returned."))
    with transaction.atomic():
        current = _require_pending(actor, assignment)
        if current.due_to_sign and timezone.localdate() > current.due_to_sign:
            raise ValidationError(
                _("The period to sign for or return this assignment ended on %(date)s; ask the office.")
                % {"date": current.due_to_sign}
            )
        if not Assignment.objects.filter(pk=current.pk, state=Assignment.State.PENDING).update(
            state=Assignment.State.RETURNED, returned_by=actor, returned_at=timezone.now(), return_reason=reason
        ):
            raise Conflict(_("This assignment has already been signed for or returned."))
        current.refresh_from_db()
        record(actor, "assignment.returned", current,
               {"state": [Assignment.State.PENDING, Assignment.State.RETURNED], "reason": [None, reason]},
               task=current.task)
    return current


def delegate(actor, task: Task, unit: Organization, title: str, due: dt.date | None = None,
             description: str = "") -> Task:
    """Pass part of a task down (再分派): a child task led by a unit under the lead unit.

    Only the lead unit's own users may do it, and only to a unit below their
    own in the organization tree; the child is due no later than its parent.
    """
    access.require(actor, "task.delegate", task)
    below = actor.organization.descendant_ids() - {actor.organization_id}
    if unit.pk not in below:
        raise ValidationError(_("A task can only be passed down to a unit under your own."))
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the sub-task a title."))
    if due and task.due and due > task.due:
        raise ValidationError(_("The sub-task cannot be due after its task (%(due)s).") % {"due": task.due})
    with transaction.atomic():
        order = (Task.objects.filter(parent=task).aggregate(m=Max("order"))["m"] or 0) + 1
        today = timezone.localdate()
        due = due or task.due
        child = Task.objects.create(
            plan_id=task.plan_id, parent=task, order=order, title=title, description=description,
            work_area_id=task.work_area_id, start=today if due is None or due >= today else None, due=due,
        )
        row = Assignment.objects.create(task=child, organization=unit, role=Assignment.Role.LEAD,
                                        **_pending_fields(actor, timezone.localdate()))
        record(actor, "task.delegated", task, {"sub-task": [None, child.title], "organization": [None, str(unit)]})
        record(actor, "task.created", child, {"parent": [None, task.title], "organization": [None, str(unit)],
                                              "due_to_sign": [None, row.due_to_sign]})
    return child


# --- extension requests (延期申请) ---------------------------------------------


def request_extension(actor, task: Task, requested_due: dt.date, reason: str) -> ExtensionRequest:
    """The lead unit asks to move the due date; one open request per task."""
    access.require(actor, "extension.request", task)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the task needs more time."))
    if task.due and requested_due <= task.due:
        raise ValidationError(_("Ask for a date after the current due date (%(due)s).") % {"due": task.due})
    if requested_due <= timezone.localdate():
        raise ValidationError(_("Ask for a date in the future."))
    lead = _active_lead(task)
    with transaction.atomic():
        if task.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
            raise Conflict(_("An extension request for this task is already waiting for the office."))
        try:
            with transaction.atomic():
                req = ExtensionRequest.objects.create(
                    task=task, organization_id=lead.organization_id, previous_due=task.due,
                    requested_due=requested_due, reason=reason, requested_by=actor,
                )
        except IntegrityError:
            raise Conflict(_("An extension request for this task is already waiting for the office.")) from None
        record(actor, "extension.requested", req, {"due": [task.due, requested_due], "reason": [None, reason]})
    return req


def decide_extension(actor, request: ExtensionRequest, accept: bool, comment: str = "") -> ExtensionRequest:
    """The office grants (the task's due date moves) or declines (a comment says why)."""
    access.require(actor, "extension.decide", request)
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(_("Say why the extension is declined."))
    state = ExtensionRequest.State.ACCEPTED if accept else ExtensionRequest.State.DECLINED
    with transaction.atomic():
        if not ExtensionRequest.objects.filter(pk=request.pk, state=ExtensionRequest.State.PENDING).update(
            state=state, decided_by=actor, decided_at=timezone.now(), decision_comment=comment
        ):
            raise Conflict(_("This extension request has already been decided."))
        request.refresh_from_db()
        task = Task.objects.select_for_update().get(pk=request.task_id)
        if accept:
            _bump_task(task, task.version, due=request.requested_due)
        record(actor, f"extension.{state}", request,
               {"due": [request.previous_due, request.requested_due], "comment": [None, comment or None]},
               task=task)
    return request


# --- close-out (办结销号) --------------------------------------------------------


def close_task(actor, task: Task, expected_version: int | None = None, comment: str = "", report=None) -> Task:
    """The office verifies completion and closes the task: its light turns done."""
    access.require(actor, "task.close", task)
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if current.completed_at is not None:
            raise Conflict(_("This task has already been closed."))
        now = timezone.now()
        _bump_task(current, current.version if expected_version is None else expected_version,
                   completed_at=now, completed_by=actor)
        changes: dict[str, Any] = {"completed_at": [None, now]}
        if comment:
            changes["comment"] = [None, comment]
        if report is not None:
            changes["report"] = [None, str(report.code)]
        record(actor, "task.closed", current, changes)
    task.refresh_from_db()
    return task


def reopen_task(actor, task: Task, reason: str, expected_version: int | None = None) -> Task:
    """The office reopens a closed task; the reason goes into the task's history."""
    access.require(actor, "task.close", task)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the task is reopened."))
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if current.completed_at is None:
            raise Conflict(_("This task is not closed."))
        closed_at = current.completed_at
        _bump_task(current, current.version if expected_version is None else expected_version,
                   completed_at=None, completed_by=None)
        record(actor, "task.reopened", current, {"completed_at": [closed_at, None], "reason": [None, reason]})
    task.refresh_from_db()
    return task
