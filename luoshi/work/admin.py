from django.contrib import admin
from django.db.models import F
from django.http import HttpRequest

from luoshi.admin_site import LuoshiModelAdmin, LuoshiTabularInline

from .models import Assignment, Indicator, Milestone, Observation, Plan, Task, WorkArea


@admin.register(WorkArea)
class WorkAreaAdmin(LuoshiModelAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "keywords"]


@admin.register(Plan)
class PlanAdmin(LuoshiModelAdmin):
    list_display = ["title", "organization", "year", "period_start", "period_end", "adopted_at"]
    list_filter = ["year", "organization"]
    search_fields = ["title", "organization__name"]
    folded_search_fields = ("organization__name_folded",)
    autocomplete_fields = ["organization", "adopted_at"]
    list_select_related = ["organization", "adopted_at"]
    readonly_fields = ["code", "created_at"]


class AssignmentInline(LuoshiTabularInline):
    model = Assignment
    autocomplete_fields = ["organization"]


class MilestoneInline(LuoshiTabularInline):
    model = Milestone


class IndicatorInline(LuoshiTabularInline):
    model = Indicator
    show_change_link = True  # observations are edited on the indicator's own page


@admin.register(Task)
class TaskAdmin(LuoshiModelAdmin):
    list_display = ["title", "plan", "parent", "work_area", "due", "completed_at"]
    list_filter = ["plan", "work_area", "due"]
    search_fields = ["title", "description", "external_id"]
    autocomplete_fields = ["plan", "parent", "work_area", "regions"]
    raw_id_fields = ["source_directive", "source_commitment", "completed_by"]
    list_select_related = ["plan", "parent", "work_area"]
    readonly_fields = ["code", "version", "created_at", "updated_at"]
    inlines = [AssignmentInline, MilestoneInline, IndicatorInline]

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if change:
            # Keep the optimistic lock honest: a form opened in the app before
            # this admin edit must see a conflict, not overwrite it.
            obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
        if change:
            obj.refresh_from_db(fields=["version"])


@admin.register(Assignment)
class AssignmentAdmin(LuoshiModelAdmin):
    list_display = ["task", "organization", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["task__title", "organization__name"]
    folded_search_fields = ("organization__name_folded",)
    autocomplete_fields = ["task", "organization"]
    list_select_related = ["task", "organization"]


@admin.register(Milestone)
class MilestoneAdmin(LuoshiModelAdmin):
    list_display = ["title", "task", "planned_date", "planned_percent"]
    list_filter = ["planned_date"]
    search_fields = ["title", "task__title"]
    autocomplete_fields = ["task"]
    list_select_related = ["task"]


class ObservationInline(LuoshiTabularInline):
    model = Observation
    raw_id_fields = ["report"]


@admin.register(Indicator)
class IndicatorAdmin(LuoshiModelAdmin):
    list_display = ["name", "task", "unit", "baseline", "target", "direction"]
    list_filter = ["direction"]
    search_fields = ["name", "task__title"]
    autocomplete_fields = ["task"]
    list_select_related = ["task"]
    inlines = [ObservationInline]


@admin.register(Observation)
class ObservationAdmin(LuoshiModelAdmin):
    list_display = ["indicator", "period", "value", "report", "recorded_at"]
    search_fields = ["indicator__name", "period"]
    autocomplete_fields = ["indicator"]
    raw_id_fields = ["report"]
    list_select_related = ["indicator", "report"]
