"""Reporting rounds and the progress reports units file in them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luoshi.org.models import Organization
from luoshi.work.models import Plan, Task


class ReportingRound(models.Model):
    """A period for which every assigned unit reports, with its deadline (报送轮次)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("plan"))
    period_label = models.CharField(_("period"), max_length=64)
    opens = models.DateField(_("opens"))
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["plan", "-opens"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.UniqueConstraint(fields=["plan", "period_label"], name="round_unique_period_per_plan"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("opens")), name="round_deadline_after_opens"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.period_label}"


class ProgressReport(models.Model):
    """One version of a unit's progress report on a task in a round.

    A report leaves `draft` when submitted and is never edited in place after
    that: a change is a new row with version + 1 pointing at the one it replaces.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved by unit")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    # Fields a unit writes; frozen once the report leaves draft.
    CONTENT_FIELDS = ("text", "percent", "stage", "risk_flag", "risk_reason", "is_completion")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name=_("task"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="reports", verbose_name=_("reporting unit")
    )
    round = models.ForeignKey(
        ReportingRound, null=True, blank=True, on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("round"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by",
        verbose_name=_("replaces version"),
    )
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    stage = models.CharField(_("stage"), max_length=64, blank=True)
    risk_flag = models.BooleanField(_("at risk"), default=False)
    risk_reason = models.TextField(_("risk reason"), blank=True)
    # The lead unit's final report asking the office to close the task (办结销号).
    is_completion = models.BooleanField(_("reports completion"), default=False)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    # Optimistic lock for the draft form and every state change: each write
    # bumps it, and a write that expected an older value is a conflict.
    revision = models.PositiveIntegerField(default=1, editable=False)
    # The hidden token of the form that created this row: posting the same
    # form twice (a double click) finds this row instead of making another.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["task", "organization", "-version"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "organization", "round", "version"], name="report_unique_version",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(risk_flag=False) | ~Q(risk_reason=""), name="report_risk_needs_reason"
            ),
            models.CheckConstraint(condition=Q(is_completion=False) | Q(percent=100), name="report_completion_is_100"),
        ]
        indexes = [
            # a task's report history (task page) and "latest report per task" for lights
            models.Index(fields=["task", "-submitted_at"], name="report_task_submitted_idx"),
            # a unit's reports in a round ("My work")
            models.Index(fields=["organization", "round", "state"], name="report_unit_round_idx"),
            # the office's review queue and the leaders' "awaiting my approval"
            models.Index(fields=["state", "submitted_at"], name="report_state_idx"),
            # the review queue's sections: approved reports (and completion requests) by approval time
            models.Index(fields=["state", "is_completion", "approved_at"], name="report_review_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.organization} · v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_content_change()
        super().save(*args, **kwargs)

    def _refuse_content_change(self) -> None:
        stored = ProgressReport.objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS, "state").first()
        if stored is None or stored["state"] == self.State.DRAFT:
            return
        changed = [f for f in self.CONTENT_FIELDS if stored[f] != getattr(self, f)]
        if changed:
            raise ValidationError(
                _("A submitted report is never edited in place; write a new version instead (changed: %(fields)s).")
                % {"fields": ", ".join(changed)}
            )

    @property
    def returned_by_unit(self) -> bool:
        """Returned by the unit's own leader (退回 before approval), not by the office.

        Both returns share the state `returned` and the review columns; only the
        office returns an approved report, so a return without approval is the leader's.
        """
        return self.state == self.State.RETURNED and self.approved_at is None


def _stored_name(instance: ReportAttachment, filename: str) -> str:
    # A random name: the user's filename never reaches the filesystem path.
    return f"report-attachments/{uuid.uuid4().hex}"


class ReportAttachment(models.Model):
    """Evidence attached to a report: the bytes under MEDIA_ROOT, the facts here.

    New versions of a report carry their attachments forward as new rows
    pointing at the same stored file, so each version lists what it had.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("progress report")
    )
    file = models.FileField(upload_to=_stored_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
