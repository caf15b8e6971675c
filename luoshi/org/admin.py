from django.contrib import admin

from luoshi.admin_site import LuoshiModelAdmin, LuoshiTabularInline

from .models import Membership, Organization, Person, Post, Region


@admin.register(Region)
class RegionAdmin(LuoshiModelAdmin):
    list_display = ["code", "name", "short_name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class MembershipInline(LuoshiTabularInline):
    model = Membership
    fk_name = "group"
    autocomplete_fields = ["person", "post"]


@admin.register(Organization)
class OrganizationAdmin(LuoshiModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    folded_search_fields = ("name_folded",)
    autocomplete_fields = ["parent", "region"]
    list_select_related = ["parent", "region"]
    readonly_fields = ["code"]
    inlines = [MembershipInline]


class PostInline(LuoshiTabularInline):
    model = Post
    autocomplete_fields = ["organization"]


@admin.register(Person)
class PersonAdmin(LuoshiModelAdmin):
    list_display = ["name", "note"]
    search_fields = ["name", "note"]
    folded_search_fields = ("name_folded",)
    readonly_fields = ["code"]
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(LuoshiModelAdmin):
    list_display = ["title", "person", "organization", "start", "end"]
    list_filter = ["end"]
    search_fields = ["title", "person__name", "organization__name"]
    folded_search_fields = ("person__name_folded", "organization__name_folded")
    autocomplete_fields = ["person", "organization"]
    list_select_related = ["person", "organization"]


@admin.register(Membership)
class MembershipAdmin(LuoshiModelAdmin):
    list_display = ["group", "role", "person", "post", "rotation_start", "rotation_end"]
    list_filter = ["role", "group"]
    search_fields = ["group__name", "person__name", "post__title"]
    folded_search_fields = ("group__name_folded", "person__name_folded")
    autocomplete_fields = ["group", "person", "post"]
    list_select_related = ["group", "person", "post__person"]
