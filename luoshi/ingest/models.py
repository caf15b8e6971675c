"""Intake configuration kept in the database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLead(models.Model):
    """Which unit usually leads (or supports) work of a work area.

    The review page suggests these units for a directive of that area; the
    reviewer confirms or changes them. Edited by the office in the admin.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        SUPPORT = "support", _("Supporting unit")

    work_area = models.ForeignKey(
        "work.WorkArea", on_delete=models.CASCADE, related_name="area_leads", verbose_name=_("work area")
    )
    organization = models.ForeignKey(
        "org.Organization", on_delete=models.CASCADE, related_name="area_leads", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.LEAD)

    class Meta:
        ordering = ["work_area", "role", "pk"]
        verbose_name = _("work area lead unit")
        verbose_name_plural = _("work area lead units")
        constraints = [
            models.UniqueConstraint(fields=["work_area", "organization"], name="arealead_unique_unit_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.work_area}: {self.organization} ({self.get_role_display()})"


class ConfirmedMeeting(models.Model):
    """Which Meeting the n-th meeting of a document's record was confirmed into.

    A document may report several meetings (a report covering two sittings);
    each is reviewed and confirmed on its own, and a later visit or a second
    confirm finds its meeting here by its position in the record.
    """

    document = models.ForeignKey(
        "meetings.SourceDocument", on_delete=models.CASCADE, related_name="confirmed_meetings",
        verbose_name=_("document"),
    )
    index = models.PositiveSmallIntegerField(_("position in the record"))
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="+", verbose_name=_("meeting")
    )

    class Meta:
        ordering = ["document", "index"]
        verbose_name = _("confirmed meeting of a document")
        verbose_name_plural = _("confirmed meetings of documents")
        constraints = [
            models.UniqueConstraint(fields=["document", "index"], name="confirmedmeeting_unique_index_per_document"),
        ]

    def __str__(self) -> str:
        return f"{self.document} #{self.index + 1}: {self.meeting}"
