from django.contrib import admin
from django.db.models import F
from django.http import HttpRequest

from luoshi.admin_site import LuoshiModelAdmin, LuoshiTabularInline, ReadOnlyModelAdmin, ReadOnlyTabularInline

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


class AssignmentInline(ReadOnlyTabularInline):
    # A unit's assignment carries its signature (签收) and state: changed through the work
    # pages (luoshi/work/services.py), which record who signed, never typed in here.
    model = Assignment


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
    raw_id_fields = ["source_directive", "source_commitment"]
    list_select_related = ["plan", "parent", "work_area"]
    # Completion is the unit's report, accepted through the reporting pages.
    readonly_fields = ["code", "version", "created_at", "updated_at", "completed_at", "completed_by"]
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
class AssignmentAdmin(ReadOnlyModelAdmin):
    list_display = ["task", "organization", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["task__title", "organization__name"]
    folded_search_fields = ("organization__name_folded",)
    list_select_related = ["task", "organization"]


@admin.register(Milestone)
class MilestoneAdmin(LuoshiModelAdmin):
    list_display = ["title", "task", "planned_date", "planned_percent"]
    list_filter = ["planned_date"]
    search_fields = ["title", "task__title"]
    autocomplete_fields = ["task"]
    list_select_related = ["task"]


class ObservationInline(ReadOnlyTabularInline):
    # A value a unit reported (an accepted report's indicator reading): history, not editable.
    model = Observation


@admin.register(Indicator)
class IndicatorAdmin(LuoshiModelAdmin):
    list_display = ["name", "task", "unit", "baseline", "target", "direction"]
    list_filter = ["direction"]
    search_fields = ["name", "task__title"]
    autocomplete_fields = ["task"]
    list_select_related = ["task"]
    inlines = [ObservationInline]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyModelAdmin):
    list_display = ["indicator", "period", "value", "report", "recorded_at"]
    search_fields = ["indicator__name", "period"]
    list_select_related = ["indicator", "report"]
