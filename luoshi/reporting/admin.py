from django.contrib import admin
from django.http import HttpRequest

from luoshi.admin_site import LuoshiModelAdmin

from .models import ProgressReport, ReportingRound


@admin.register(ReportingRound)
class ReportingRoundAdmin(LuoshiModelAdmin):
    list_display = ["__str__", "plan", "period_label", "opens", "deadline"]
    list_filter = ["plan"]
    search_fields = ["period_label", "plan__title"]
    autocomplete_fields = ["plan"]
    list_select_related = ["plan"]
    readonly_fields = ["code"]


@admin.register(ProgressReport)
class ProgressReportAdmin(LuoshiModelAdmin):
    list_display = ["task", "organization", "round", "version", "state", "percent", "risk_flag", "submitted_at"]
    list_filter = ["state", "risk_flag", "round"]
    search_fields = ["text", "task__title", "organization__name"]
    folded_search_fields = ("organization__name_folded",)
    autocomplete_fields = ["task", "organization", "round"]
    raw_id_fields = ["supersedes"]
    list_select_related = ["task", "organization", "round__plan"]
    # The review workflow (submit, approve, accept, return) runs through the
    # reporting pages, which check who may act and record each step.
    WORKFLOW_FIELDS = [
        "code", "version", "supersedes", "state",
        "created_by", "created_at", "submitted_by", "submitted_at", "approved_by", "approved_at",
        "reviewed_by", "reviewed_at", "review_comment",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is not None and obj.state != ProgressReport.State.DRAFT:
            # Once submitted a report is history: nothing about it changes here.
            return [field.name for field in ProgressReport._meta.fields if field.name != "id"]
        return self.WORKFLOW_FIELDS

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.state != ProgressReport.State.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.state != ProgressReport.State.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
