from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from luoshi.admin_site import LuoshiModelAdmin, LuoshiTabularInline

from .models import AgendaItem, Commitment, Directive, Meeting, Participation, SourceDocument, Venue


@admin.register(SourceDocument)
class SourceDocumentAdmin(LuoshiModelAdmin):
    list_display = ["__str__", "filename", "state", "script", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["state", "script"]
    search_fields = ["title", "filename", "publisher", "sha256"]
    date_hierarchy = "uploaded_at"
    list_select_related = ["uploaded_by"]
    readonly_fields = ["code", "size", "sha256", "encoding", "uploaded_by", "uploaded_at"]
    exclude = ["text_simplified"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Documents come in through intake, which keeps the bytes; an admin
        # form has no file to store.
        return False


class VenueInline(LuoshiTabularInline):
    model = Venue
    autocomplete_fields = ["region"]


class ParticipationInline(LuoshiTabularInline):
    model = Participation
    autocomplete_fields = ["person"]
    # raw id: a select would list the venues of every meeting
    raw_id_fields = ["venue"]


class AgendaItemInline(LuoshiTabularInline):
    model = AgendaItem
    fk_name = "meeting"
    raw_id_fields = ["documents", "conveyed_meeting"]


@admin.register(Meeting)
class MeetingAdmin(LuoshiModelAdmin):
    list_display = ["title", "organization", "kind", "sequence", "date", "format"]
    list_filter = ["kind", "format", "organization"]
    search_fields = ["title", "session", "summary", "organization__name"]
    folded_search_fields = ("organization__name_folded",)
    date_hierarchy = "date"
    autocomplete_fields = ["organization"]
    raw_id_fields = ["source_document"]
    list_select_related = ["organization"]
    readonly_fields = ["code"]
    inlines = [VenueInline, ParticipationInline, AgendaItemInline]


@admin.register(Venue)
class VenueAdmin(LuoshiModelAdmin):
    list_display = ["name", "meeting", "region", "is_main"]
    list_filter = ["is_main"]
    search_fields = ["name", "meeting__title"]
    autocomplete_fields = ["meeting", "region"]
    list_select_related = ["meeting", "region"]


@admin.register(Participation)
class ParticipationAdmin(LuoshiModelAdmin):
    list_display = ["person", "role", "meeting", "venue", "posts_as_printed"]
    list_filter = ["role"]
    search_fields = ["person__name", "posts_as_printed", "meeting__title"]
    folded_search_fields = ("person__name_folded",)
    autocomplete_fields = ["meeting", "person", "venue"]
    list_select_related = ["person", "meeting", "venue"]


@admin.register(AgendaItem)
class AgendaItemAdmin(LuoshiModelAdmin):
    list_display = ["__str__", "meeting", "order", "kind"]
    list_filter = ["kind"]
    search_fields = ["text", "meeting__title"]
    autocomplete_fields = ["meeting", "conveyed_meeting"]
    raw_id_fields = ["documents"]
    list_select_related = ["meeting"]


@admin.display(description=_("text"))
def short_text(obj) -> str:
    return Truncator(obj.text).chars(60)


@admin.register(Directive)
class DirectiveAdmin(LuoshiModelAdmin):
    list_display = [short_text, "meeting", "work_area", "deadline", "state"]
    list_filter = ["state", "work_area"]
    search_fields = ["text", "deadline_text", "meeting__title"]
    autocomplete_fields = ["meeting", "work_area"]
    raw_id_fields = ["document"]
    list_select_related = ["meeting", "work_area"]


@admin.register(Commitment)
class CommitmentAdmin(LuoshiModelAdmin):
    list_display = [short_text, "party_text", "party", "meeting", "state"]
    list_filter = ["state"]
    search_fields = ["text", "party_text", "party__name", "meeting__title"]
    folded_search_fields = ("party__name_folded",)
    autocomplete_fields = ["meeting", "party"]
    raw_id_fields = ["document"]
    list_select_related = ["meeting", "party"]
