from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import admin as _static_admin  # noqa: F401
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as _totp_admin  # noqa: F401
from django_otp.plugins.otp_totp.models import TOTPDevice

from luoshi.admin_site import LuoshiModelAdmin

from .models import LoginFailure, User

# Rights come from User.role (luoshi/access.py), not from Django groups; an
# unused Group page would only suggest otherwise.
admin.site.unregister(Group)

# Authenticators and recovery codes are their owner's and the security admin's
# (luoshi/accounts/otp.py), never something office staff edit on the
# administration site: django-otp's own pages are taken off it (imported here
# so that they are registered before this runs).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class UserAdmin(LuoshiModelAdmin, DjangoUserAdmin):
    """Office staff may look accounts up; managing them is the security admin's duty.

    Only a superuser (the installer) changes accounts here; everyone else
    manages them through the security admin's pages.
    """

    list_display = ["username", "display_name", "role", "organization", "is_active", "is_staff", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "language"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email", "organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["display_name", "first_name", "last_name", "email", "language"]}),
        (_("Role"), {"fields": ["role", "organization", "is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        (_("Role"), {"fields": ["display_name", "role", "organization", "is_staff"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


@admin.register(LoginFailure)
class LoginFailureAdmin(LuoshiModelAdmin):
    """Failed-login counters; deleting a row unlocks that username and address."""

    list_display = ["username", "address", "failures", "last_failure", "locked_until"]
    search_fields = ["username", "address"]
    date_hierarchy = "last_failure"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Unlocking is an account matter: the installer, not the office.
        return request.user.is_active and request.user.is_superuser
