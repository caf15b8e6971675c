from django.contrib import admin
from django.http import HttpRequest

from luoshi.admin_site import LuoshiModelAdmin

from .models import Job


@admin.register(Job)
class JobAdmin(LuoshiModelAdmin):
    list_display = ["pk", "kind", "state", "progress", "attempts", "created", "finished"]
    list_filter = ["state", "kind"]
    readonly_fields = ["kind", "payload", "attempts", "progress", "error", "worker", "created", "started", "finished"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Jobs are queued by the code that needs them (luoshi.jobs.enqueue), never typed in.
        return False
