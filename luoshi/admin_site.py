"""The Django admin, for the leading-group office only.

Who may open it is decided by luoshi.access (`admin.site`: office staff with
is_staff) plus superusers. Inside, rights follow the role rather than Django's
per-model permission table: an office admin may view, add, change and delete
whatever a ModelAdmin built on `LuoshiModelAdmin` allows, and each ModelAdmin
narrows that where the domain demands (accounts are the security admin's).

Facts a unit reports or owns (progress reports, observations, assignments,
attachments) and the event log are read-only here, whatever the user's rights:
they change only through the services, which check who may act and record why
(`ReadOnlyModelAdmin`, `ReadOnlyTabularInline`).

Every write made here is appended to the audit event log like a write made
through the application's own pages, with each changed field's old and new
value (`events.diff`): {"target": ["11", "12"]}.
"""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def may_use_admin(user) -> bool:
    from luoshi import access

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or access.can(user, "admin.site")


class LuoshiAdminSite(admin.AdminSite):
    site_header = _("Luoshi administration")
    site_title = _("Luoshi")
    index_title = _("Office administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def admin_view(self, view, cacheable: bool = False):
        # Django sends everyone without admin rights to the admin's own login
        # form. Send the anonymous to the one login page instead, and answer a
        # signed-in user without rights with 403, as the rest of Luoshi does.
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            from django.contrib.auth.views import redirect_to_login

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # One login page for the whole system, so the login throttle and the
        # page's look are the same everywhere.
        # (Imported here: this module is loaded while the app registry fills.)
        from django.contrib.auth.views import redirect_to_login

        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next") or reverse("admin:index", current_app=self.name))
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        raise PermissionDenied


class LuoshiAdminConfig(AdminConfig):
    default_site = "luoshi.admin_site.LuoshiAdminSite"


class LuoshiModelAdmin(admin.ModelAdmin):
    """Role-based rights, audit events, and search that ignores the script (繁/简)."""

    # Fields holding luoshi.lib.text.fold() of a name: the search term is
    # folded too, so 長三角 finds 长三角.
    folded_search_fields: tuple[str, ...] = ()
    list_per_page = 50

    def _office(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._office(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._office(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._office(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._office(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._office(request)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term and self.folded_search_fields:
            from luoshi.lib.text import fold

            folded = fold(search_term)
            if folded:
                match = Q()
                for field in self.folded_search_fields:
                    match |= Q(**{f"{field}__icontains": folded})
                results = results | queryset.filter(match)
        return results, may_have_duplicates

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        from luoshi.audit.events import diff, record

        with transaction.atomic():
            # Read before the save: m2m fields still hold their old rows until save_related().
            old = type(obj)._default_manager.get(pk=obj.pk) if change else None
            before = snapshot(old, form.changed_data) if old is not None else {}
            super().save_model(request, obj, form, change)
            after = snapshot(obj, form.changed_data, form.cleaned_data)
            record(request.user, "admin.change" if change else "admin.add", obj, diff(before, after))

    def delete_model(self, request: HttpRequest, obj) -> None:
        from luoshi.audit.events import record

        with transaction.atomic():
            record(request.user, "admin.delete", obj, gone(obj))
            super().delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        # Inline rows (venues, milestones…) are changes too: log each with old and new values.
        from luoshi.audit.events import diff, record

        with transaction.atomic():
            instances = formset.save(commit=False)
            olds = {
                obj.pk: type(obj)._default_manager.get(pk=obj.pk)
                for obj, _fields in formset.changed_objects
            }
            for obj in formset.deleted_objects:
                record(request.user, "admin.delete", obj, gone(obj))
                obj.delete()
            for obj in instances:
                obj.save()
            formset.save_m2m()
            for obj in formset.new_objects:
                record(request.user, "admin.add", obj, diff({}, snapshot(obj, _concrete(obj))))
            for obj, fields in formset.changed_objects:
                record(request.user, "admin.change", obj, diff(snapshot(olds[obj.pk], fields), snapshot(obj, fields)))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        from luoshi.audit.events import record

        with transaction.atomic():
            for obj in queryset:
                record(request.user, "admin.delete", obj, gone(obj))
            super().delete_queryset(request, queryset)


def _concrete(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if not f.primary_key]


def _plain(value):
    """A value as the event log keeps it: a related object by its name, a set of them sorted."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (QuerySet, list, tuple, set)):
        return sorted(str(v) for v in value)
    return value


def snapshot(obj: models.Model, names, cleaned: dict | None = None) -> dict:
    """{field: value} of `obj` for `names`. A many-to-many field is read from `cleaned` (the form's
    new rows) when given, else from the database (the rows before the save)."""
    out = {}
    for name in names:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field: not a fact of the object
            continue
        if field.many_to_many:
            value = cleaned.get(name, []) if cleaned is not None else getattr(obj, name).all()
        else:
            value = getattr(obj, name, None)
        out[name] = _plain(value)
    return out


def gone(obj: models.Model) -> dict:
    """What a deleted row held: {field: [value, None]} for each non-empty field."""
    return {name: [value, None] for name, value in snapshot(obj, _concrete(obj)).items() if value not in (None, "")}


class ReadOnlyModelAdmin(LuoshiModelAdmin):
    """Shown, never changed here: a unit's facts and the logs change only through the services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class LuoshiTabularInline(admin.TabularInline):
    extra = 0

    def _office(self, request: HttpRequest) -> bool:
        return may_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._office(request)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._office(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._office(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._office(request)


class ReadOnlyTabularInline(LuoshiTabularInline):
    """A unit's rows shown on an office object's page (a task's assignments), not editable there."""

    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
