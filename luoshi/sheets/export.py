"""A plan as a workbook: the breakdown table, and on request a second sheet of where each task stands.

The second sheet is what an office pastes into its weekly summary: per task,
in the table's order and with the table's 序号, its light, its percent and the
date of its last counted report. It is read from the maintained status rows
(luoshi.status), one query for the lights and one for the rest, whatever the
plan's size. The import ignores it: it reads the first sheet with a header.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.status.lights import lights_for
from luoshi.status.models import TaskStatus
from luoshi.work.imports import export_rows
from luoshi.work.models import Plan, Task
from luoshi.work.spreadsheet import ExtraSheet, write_sheet


def progress_sheet(rows, tasks: list[Task], today: dt.date) -> ExtraSheet:
    """One row per task of the table (`rows`, `tasks` in the same order): 序号, task, lead, light, %, last report."""
    lights = lights_for(tasks, today)
    facts = {
        pk: (percent, submitted_at)
        for pk, percent, submitted_at in TaskStatus.objects.filter(task__in=[t.pk for t in tasks])
        .values_list("task_id", "percent", "latest_report__submitted_at")
    }
    out = []
    for row, task in zip(rows, tasks, strict=True):
        percent, submitted_at = facts.get(task.pk, (None, None))
        light = lights.get(task.pk)
        out.append([
            row.external_id, task.title, "、".join(row.leads),
            str(TaskStatus.Light(light.status).label) if light is not None else "",
            round(percent) if percent is not None else None,
            timezone.localdate(submitted_at) if submitted_at else None,
        ])
    headers = [_("No."), _("Task"), _("Lead unit"), _("Status"), _("Percent complete"), _("Last report")]
    return ExtraSheet(_("Progress"), headers, out, widths=[8, 40, 24, 10, 10, 14])


def plan_workbook(plan: Plan, tasks: QuerySet[Task] | None = None, with_progress: bool = False) -> bytes:
    """The breakdown table of `plan` (the tasks of `tasks` only), with the progress sheet if asked."""
    layout, rows, ordered = export_rows(plan, tasks)
    extra = [progress_sheet(rows, ordered, timezone.localdate())] if with_progress else []
    return write_sheet(layout, rows, extra)

