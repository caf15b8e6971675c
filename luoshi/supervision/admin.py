from django.contrib import admin
from django.http import HttpRequest

from luoshi.admin_site import LuoshiTabularInline, ReadOnlyModelAdmin

from .models import Bulletin, BulletinVersion, Digest, Reminder


# Reminders, digests and bulletins are a record of what was sent or saved: read, never typed in.
@admin.register(Reminder)
class ReminderAdmin(ReadOnlyModelAdmin):
    list_display = ["created_at", "kind", "recipient", "organization", "task", "emailed_at", "read_at"]
    list_filter = ["kind", "digest_date"]
    list_select_related = ["recipient", "organization", "task"]
    search_fields = ["message", "recipient__username", "organization__name"]
    date_hierarchy = "created_at"


@admin.register(Digest)
class DigestAdmin(ReadOnlyModelAdmin):
    list_display = ["date", "recipient", "items", "emailed_at", "email_error"]
    list_filter = ["date"]
    list_select_related = ["recipient"]


class BulletinVersionInline(LuoshiTabularInline):
    model = BulletinVersion
    fields = ["version", "author", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyModelAdmin):
    list_display = ["plan", "number", "as_of", "created_by", "created_at"]
    list_select_related = ["plan", "created_by"]
    inlines = [BulletinVersionInline]
