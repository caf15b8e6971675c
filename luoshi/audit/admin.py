from django.contrib import admin
from django.http import HttpRequest

from luoshi.admin_site import LuoshiModelAdmin

from .models import Event


@admin.register(Event)
class EventAdmin(LuoshiModelAdmin):
    """The event log, read-only for everyone, superusers included: it is append-only."""

    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id", "action", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
