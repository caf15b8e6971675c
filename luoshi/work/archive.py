"""Archiving a plan or a task: out of lists and counts, never deleted.

A plan confirmed by mistake or a task read twice is archived with a reason
by the office (access "archive"). Its tasks, reports and events stay; its
pages still open by their links (marked 已归档), and the reason is in the
event log. A task is archived with its sub-tasks.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.audit.events import record as record_event
from luoshi.status.maintain import touch
from luoshi.work.models import Plan, Task

REASON_MAX = 500


class ArchiveError(ValueError):
    pass


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())[:REASON_MAX]
    if not reason:
        raise ArchiveError(_("Give a reason for archiving."))
    return reason


def _who(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def archive_plan(actor, plan: Plan, reason: str, *, at: dt.datetime | None = None) -> Plan:
    reason = _reason(reason)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.archived_at is not None:
            raise ArchiveError(_("This plan is already archived."))
        plan.archived_at, plan.archived_by, plan.archive_reason = at or timezone.now(), _who(actor), reason
        plan.save(update_fields=["archived_at", "archived_by", "archive_reason"])
        record_event(actor, "plan.archived", plan, {"reason": reason, "tasks": plan.tasks.count()}, at=at)
    return plan


def _subtree(task: Task) -> list[int]:
    ids, frontier = [task.pk], [task.pk]
    while frontier:
        frontier = list(Task.objects.filter(parent_id__in=frontier, archived_at__isnull=True)
                        .values_list("pk", flat=True))
        ids += frontier
    return ids


def archive_task(actor, task: Task, reason: str, *, at: dt.datetime | None = None) -> list[int]:
    """Archive the task and its sub-tasks not archived yet; returns their ids."""
    reason = _reason(reason)
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.archived_at is not None:
            raise ArchiveError(_("This task is already archived."))
        ids = _subtree(task)
        when = at or timezone.now()
        Task.objects.filter(pk__in=ids).update(archived_at=when, archived_by=_who(actor), archive_reason=reason)
        for archived in Task.objects.filter(pk__in=ids):
            record_event(actor, "task.archived", archived, {"reason": reason, "with": task.pk}, task=archived,
                         at=at)
        touch(task.parent_id)  # the parent's roll-up no longer counts the archived branch
    return ids
