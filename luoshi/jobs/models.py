"""The one background-task mechanism: jobs kept in the database.

A job is a row; a worker (`manage.py run_jobs`) claims it with a single
conditional UPDATE, so two workers never run the same job and no broker is
needed on an intranet server (works the same on SQLite and PostgreSQL).
While it runs a job the worker stamps `heartbeat`; a job whose heartbeat has
stopped (its worker died or hangs) is put back by any running worker.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("max attempts"), default=3)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("claimed by"), max_length=64, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    # Stamped at the claim and every LUOSHI_JOB_HEARTBEAT_SECONDS while the job runs (runner.py).
    heartbeat = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
        ]
        indexes = [
            # the worker's claim: oldest queued job first
            models.Index(fields=["state", "id"], name="job_state_idx"),
            # the sweep: running jobs whose heartbeat is older than the timeout
            models.Index(fields=["state", "heartbeat"], name="job_state_heartbeat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    def set_progress(self, percent: int) -> None:
        """Write progress straight away (outside the handler's transaction) so pollers see it."""
        self.progress = max(0, min(100, int(percent)))
        Job.objects.filter(pk=self.pk).update(progress=self.progress)
