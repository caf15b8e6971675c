"""Saves that do not go through a write service still move the status.

The services touch the tasks they change (luoshi.status.maintain.touch); these
receivers catch what saves a model directly — the admin, a fixture, a loader —
so the stored status cannot silently drift. Deletions of assignments,
milestones and reports are left to their writers: inside a cascading delete
the task itself may be on its way out, and a row written for it then would
break the cascade.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from luoshi.reporting.models import ProgressReport
from luoshi.status.maintain import touch
from luoshi.work.models import Assignment, Milestone, Task


def _task_saved(sender, instance: Task, raw: bool = False, **kwargs) -> None:
    if not raw:
        touch(instance.pk)


def _task_deleted(sender, instance: Task, **kwargs) -> None:
    # The parent's roll-up loses a child; refresh_tasks skips tasks that are gone too.
    touch(instance.parent_id)


def _part_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        touch(instance.task_id)


def _report_saved(sender, instance: ProgressReport, raw: bool = False, **kwargs) -> None:
    # A draft counts for nothing; its submission is an UPDATE that the service touches.
    if not raw and instance.state != ProgressReport.State.DRAFT:
        touch(instance.task_id)


def connect() -> None:
    post_save.connect(_task_saved, sender=Task, dispatch_uid="status.task_saved")
    post_delete.connect(_task_deleted, sender=Task, dispatch_uid="status.task_deleted")
    post_save.connect(_part_saved, sender=Assignment, dispatch_uid="status.assignment_saved")
    post_save.connect(_part_saved, sender=Milestone, dispatch_uid="status.milestone_saved")
    post_save.connect(_report_saved, sender=ProgressReport, dispatch_uid="status.report_saved")
