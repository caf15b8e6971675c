from django.contrib import admin

from luoshi.admin_site import ReadOnlyModelAdmin

from .models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyModelAdmin):
    """Jobs are queued by the code that needs them (luoshi.jobs.enqueue) and moved on by the
    worker (manage.py run_jobs); shown here, never typed in or edited."""

    list_filter = ["state", "kind"]
    list_display = ["pk", "kind", "state", "progress", "attempts", "created", "heartbeat", "finished"]
