from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "state", "progress", "attempts", "created", "finished"]
    list_filter = ["state", "kind"]
    readonly_fields = ["created", "started", "finished", "worker"]
