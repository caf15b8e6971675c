"""The append-only event log: who changed what, when.

Rows are written by luoshi.audit.record() from every action that changes a
task, an assignment or a report. The application never updates or deletes
them: save() refuses updates and delete() refuses outright.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the event log is append-only")

    def delete(self):
        raise AppendOnlyError("the event log is append-only")


class Event(models.Model):
    # Defaults to now; imports and the demo pass the time the change really happened.
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    # Denormalized so a task's timeline is one indexed query.
    task = models.ForeignKey(
        "work.Task", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="events",
        verbose_name=_("task"),
    )
    changes = models.JSONField(_("what changed"), default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            # a task's timeline
            models.Index(fields=["task", "-at"], name="event_task_at_idx"),
            # the audit log filtered by object
            models.Index(fields=["object_type", "object_id"], name="event_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the event log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the event log is append-only")
