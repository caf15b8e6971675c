"""The append-only event log: who changed what, when.

Rows are written by luoshi.audit.record() from every action that changes a
task, an assignment or a report. The application never updates or deletes
them: save() refuses updates and delete() refuses outright, a database trigger
refuses them to raw SQL, and each row is sealed into a hash chain
(luoshi.audit.chain) that `manage.py verify_audit` checks, for whoever gets
past the trigger.
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
    # The seal (luoshi.audit.chain): place in the chain, hash chained to the
    # event before, and its MAC. Null/blank only on rows written outside
    # record() (a bulk load) until chain.seal_unsealed() vouches for them.
    seq = models.BigIntegerField(_("sequence"), null=True, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="", editable=False)
    mac = models.CharField(_("MAC"), max_length=64, blank=True, default="", editable=False)

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
        constraints = [
            # Also the index verify_audit walks the chain by; a second writer
            # that somehow read a stale head fails here instead of forking.
            models.UniqueConstraint(fields=["seq"], name="event_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the event log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the event log is append-only")


class ChainHead(models.Model):
    """The last link of the chain (one row): what the next event is sealed against.

    Writers lock it (luoshi.audit.chain.append). Its own MAC stops someone
    who deletes the newest events from moving the head back to match.
    """

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)
    # Fingerprint of the key that sealed the chain: a restore without the key shows as such.
    key_id = models.CharField(max_length=16, blank=True)

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:16]}"


class ChainCheck(models.Model):
    """One run of verify_audit: the audit page shows the latest instead of walking a million events."""

    started = models.DateTimeField(_("started"), default=timezone.now)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    ok = models.BooleanField(_("intact"), null=True)
    length = models.BigIntegerField(_("events verified"), default=0)
    head_hash = models.CharField(_("head hash"), max_length=64, blank=True)
    broken_at = models.BigIntegerField(_("first broken link"), null=True, blank=True)
    message = models.TextField(_("result"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("asked by"),
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("chain check")
        verbose_name_plural = _("chain checks")

    def __str__(self) -> str:
        return f"{self.started:%Y-%m-%d %H:%M} {self.message}"
