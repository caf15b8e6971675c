"""The maintained status of each task: its light and what the light is made of.

One row per task, written in the same transaction as every change that moves
it (luoshi.status.maintain) and moved on with the calendar once a day
(`manage.py refresh_status`). Pages read these rows and count them in SQL
instead of recomputing every light from every report on every request.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.work import progress
from luoshi.work.models import Task
from luoshi.work.progress import Status


class TaskStatus(models.Model):
    class Light(models.TextChoices):
        NOT_STARTED = Status.NOT_STARTED, _("not started")
        ON_TRACK = Status.ON_TRACK, _("on track")
        AT_RISK = Status.AT_RISK, _("at risk")
        OVERDUE = Status.OVERDUE, _("overdue")
        DONE = Status.DONE, _("done")

    task = models.OneToOneField(Task, on_delete=models.CASCADE, primary_key=True, related_name="status")
    # --- what does not depend on the day (moved by writes) ---
    # The latest counted report (submitted, approved or accepted) of a lead unit.
    latest_report = models.ForeignKey(
        "reporting.ProgressReport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    reported = models.FloatField(null=True, blank=True)  # that report's percent
    risk_flag = models.BooleanField(default=False)
    risk_reason = models.TextField(blank=True)
    was_behind = models.BooleanField(default=False)
    rollup = models.FloatField(null=True, blank=True)  # the children's weighted percent; None without children
    percent = models.FloatField(null=True, blank=True)  # rollup when there are children, else reported
    done = models.BooleanField(default=False)
    # [[planned date (ISO), planned percent], …]: a copy of the task's milestones, so the
    # expected percent of any day is computed from this row alone.
    milestones = models.JSONField(default=list, blank=True)
    # --- what the calendar moves (refresh_status, once a day) ---
    light = models.CharField(max_length=12, choices=Light.choices)
    why = models.CharField(max_length=12)  # luoshi.work.progress.Why
    days = models.IntegerField(null=True, blank=True)
    expected = models.FloatField(null=True, blank=True)
    computed_for = models.DateField()

    class Meta:
        verbose_name = _("task status")
        verbose_name_plural = _("task statuses")
        indexes = [
            # refresh_status, and counts that relight rows computed for an earlier day.
            models.Index(fields=["computed_for"], name="taskstatus_computed_for_idx"),
            # Counts by light over a set of tasks (status_counts), read from the index alone.
            models.Index(fields=["light", "task"], name="taskstatus_light_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.light} ({self.computed_for})"

    def planned(self) -> list[tuple[dt.date, int]]:
        return [(dt.date.fromisoformat(day), pct) for day, pct in self.milestones]

    def as_light(self) -> progress.Light:
        """The light as stored for `computed_for` (what progress.light gave that day)."""
        return progress.Light(self.light, self.why, 100.0 if self.done else self.percent, self.expected,
                              days=self.days, risk_reason=self.risk_reason if self.why == progress.Why.RISK else "")
