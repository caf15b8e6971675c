"""A record of each breakdown-table import: its report, and the layout export repeats."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SheetImport(models.Model):
    """One upload of a breakdown table into a plan.

    The report (rows not taken and why, tasks missing from the sheet) is kept
    so the result page can be reopened and the office can show what it did.
    `layout` (column headings as written, title, sections) is what the export
    of the plan repeats, so a table comes back the way it went in.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey("work.Plan", on_delete=models.CASCADE, related_name="sheet_imports",
                             verbose_name=_("plan"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("imported by"))
    at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    plan_created = models.BooleanField(_("plan created"), default=False)
    created = models.PositiveIntegerField(_("tasks created"), default=0)
    updated = models.PositiveIntegerField(_("tasks updated"), default=0)
    unchanged = models.PositiveIntegerField(_("tasks unchanged"), default=0)
    layout = models.JSONField(_("layout"), default=dict)
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        indexes = [
            # the export: the latest import's layout for a plan
            models.Index(fields=["plan", "-at"], name="sheetimport_plan_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.file_name}"
