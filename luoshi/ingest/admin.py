from django.contrib import admin

from luoshi.admin_site import LuoshiModelAdmin

from .models import AreaLead


@admin.register(AreaLead)
class AreaLeadAdmin(LuoshiModelAdmin):
    list_display = ["work_area", "organization", "role"]
    list_filter = ["work_area", "role"]
    autocomplete_fields = ["organization"]
