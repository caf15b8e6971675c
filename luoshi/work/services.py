"""Writes to plans and tasks: each in one transaction, each recorded as an event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from luoshi import access
from luoshi.audit.events import diff, record
from luoshi.work.models import Task

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
        record(actor, "task.updated", current, changed)
    return current
