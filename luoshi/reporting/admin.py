from django.contrib import admin

from luoshi.admin_site import LuoshiModelAdmin, ReadOnlyModelAdmin

from .models import ProgressReport, ReportingRound

# Attachments (ReportAttachment) are not registered: a unit's evidence is read on its report's
# page, under the report's access rules, and changed only by the unit through the services.


@admin.register(ReportingRound)
class ReportingRoundAdmin(LuoshiModelAdmin):
    list_display = ["__str__", "plan", "period_label", "opens", "deadline"]
    list_filter = ["plan"]
    search_fields = ["period_label", "plan__title"]
    autocomplete_fields = ["plan"]
    list_select_related = ["plan"]
    readonly_fields = ["code"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyModelAdmin):
    """A unit's report, draft or accepted: written, reviewed and corrected only through the
    reporting pages, which check who may act and record each step."""

    list_display = ["task", "organization", "round", "version", "state", "percent", "risk_flag", "submitted_at"]
    list_filter = ["state", "risk_flag", "round"]
    search_fields = ["text", "task__title", "organization__name"]
    folded_search_fields = ("organization__name_folded",)
    list_select_related = ["task", "organization", "round__plan"]

