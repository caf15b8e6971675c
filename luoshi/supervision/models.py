"""Supervision (督查督办): reminders sent to units, daily digests, and bulletins.

Reminders are appended and never rewritten, except for the two delivery facts
that happen after the row exists (`emailed_at`, `read_at`). A bulletin keeps
every text the office saved as a numbered version.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luoshi.org.models import Organization
from luoshi.reporting.models import ReportingRound
from luoshi.work.models import Plan, Task


class Reminder(models.Model):
    """One reminder (催办) to one user about what their unit must do."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        ROUND_DEADLINE = "round_deadline", _("Report deadline near")
        OVERDUE = "overdue", _("Overdue")
        MANUAL = "manual", _("Reminder from the office")
        RETURNED = "returned", _("Report returned")
        SIGN_FOR = "sign_for", _("Awaiting your sign-for")
        # The office's own daily digest: what waits for the office.
        TO_ACCEPT = "to_accept", _("Report awaiting acceptance")
        TO_VERIFY = "to_verify", _("Completion to verify")
        EXTENSION = "extension", _("Extension request to decide")
        TO_REASSIGN = "to_reassign", _("Returned assignment")
        UNSIGNED = "unsigned", _("Sign-for overdue")

    # Kinds the daily digest writes to unit users, and to the office's users;
    # a manual reminder is sent when the office asks.
    UNIT_DIGEST = (Kind.DUE_SOON, Kind.ROUND_DEADLINE, Kind.OVERDUE, Kind.RETURNED, Kind.SIGN_FOR)
    OFFICE_DIGEST = (Kind.TO_ACCEPT, Kind.TO_VERIFY, Kind.EXTENSION, Kind.TO_REASSIGN, Kind.UNSIGNED)
    AUTOMATIC = UNIT_DIGEST + OFFICE_DIGEST

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recipient")
    )
    # The recipient's unit when it was written; empty only for an office user
    # without a unit, whose digest concerns the office's own queue.
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="reminders",
        verbose_name=_("unit reminded"),
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("task")
    )
    round = models.ForeignKey(
        ReportingRound, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders",
        verbose_name=_("round"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    message = models.TextField(_("message"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("sent by"), help_text=_("Empty for automatic reminders"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # One click of the office reaches every user of a unit; the batch is that click,
    # so the unit's burden counts it once however many accounts the unit has.
    batch = models.UUIDField(_("batch"), default=uuid.uuid4, editable=False)
    sent_in_app = models.BooleanField(_("shown in the application"), default=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    digest_date = models.DateField(_("digest of"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            # A digest never repeats an item on the same day, even if two runs race.
            models.UniqueConstraint(
                fields=["recipient", "digest_date", "kind", "task", "round"],
                condition=Q(digest_date__isnull=False, round__isnull=False),
                name="reminder_unique_digest_round_item",
            ),
            models.UniqueConstraint(
                fields=["recipient", "digest_date", "kind", "task"],
                condition=Q(digest_date__isnull=False, round__isnull=True),
                name="reminder_unique_digest_task_item",
            ),
            models.CheckConstraint(
                condition=Q(kind="manual") | Q(digest_date__isnull=False), name="reminder_automatic_has_digest_date"
            ),
        ]
        indexes = [
            # the recipient's reminders page and the unread badge
            models.Index(fields=["recipient", "read_at", "-created_at"], name="reminder_inbox_idx"),
            # the scorecard's burden: a unit's manual reminders this month
            models.Index(fields=["organization", "kind", "created_at"], name="reminder_unit_kind_idx"),
            # a task's timeline and the board's "last reminded"
            models.Index(fields=["task", "-created_at"], name="reminder_task_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Digest(models.Model):
    """The daily digest of one user on one day: the row that makes send_reminders idempotent.

    It is written in the same transaction as the digest's reminders, so a
    second run the same day finds it and sends nothing; an e-mail that failed
    leaves `emailed_at` empty and the next run retries only the e-mail.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests", verbose_name=_("recipient")
    )
    date = models.DateField(_("date"))
    items = models.PositiveIntegerField(_("items"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_error = models.TextField(_("e-mail error"), blank=True)

    class Meta:
        ordering = ["-date", "recipient"]
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "date"], name="digest_one_per_user_per_day"),
        ]
        indexes = [
            # the retry of e-mails that failed on a given day
            models.Index(fields=["date", "emailed_at"], name="digest_date_emailed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.date:%Y-%m-%d}"


class Bulletin(models.Model):
    """A supervision bulletin (督查通报) of a plan as of a date: 第N期, with its versions."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bulletins", verbose_name=_("plan"))
    as_of = models.DateField(_("as of"))
    number = models.PositiveIntegerField(_("issue number"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The new-bulletin form's hidden token: a form posted twice finds the issue it saved.
    form_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("supervision bulletin")
        verbose_name_plural = _("supervision bulletins")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="bulletin_unique_number_per_plan"),
            models.UniqueConstraint(fields=["form_token"], name="bulletin_unique_form_token"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.number}"

    def latest(self) -> BulletinVersion | None:
        return self.versions.order_by("-version").first()


class BulletinVersion(models.Model):
    """One saved text of a bulletin; saving again adds a version, never overwrites one."""

    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.CASCADE, related_name="versions", verbose_name=_("bulletin")
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["bulletin", "-version"]
        verbose_name = _("bulletin version")
        verbose_name_plural = _("bulletin versions")
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "version"], name="bulletinversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} v{self.version}"


def unread_count(user) -> int:
    """Unread reminders of `user` (one indexed COUNT), for the navigation badge."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Reminder.objects.filter(recipient=user, read_at__isnull=True).count()
