from django.contrib import admin

from .models import AreaLead


@admin.register(AreaLead)
class AreaLeadAdmin(admin.ModelAdmin):
    list_display = ["work_area", "organization", "role"]
    list_filter = ["work_area", "role"]
    autocomplete_fields = ["organization"]
