"""Forms of the security admin's user management (see manage_views.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from luoshi import access
from luoshi.lib.text import to_traditional

from .models import User

# Roles that report for a unit cannot work without one.
ROLES_NEEDING_UNIT = {User.Role.UNIT_REPORTER, User.Role.UNIT_LEADER, User.Role.OFFICE_ADMIN}


class UnitField(forms.ModelChoiceField):
    """A unit picker whose labels follow the reader's script like the `zh` filter."""

    def label_from_instance(self, obj) -> str:
        from django.utils.translation import get_language

        label = obj.name
        return to_traditional(label) if (get_language() or "").lower() == "zh-hant" else label


class _UserFieldsMixin:
    def _check_role_and_unit(self, cleaned: dict) -> None:
        role = cleaned.get("role")
        if role in ROLES_NEEDING_UNIT and not cleaned.get("organization"):
            self.add_error("organization", _("This role works for a unit: choose one."))
        # The administration site is the office's tool; anyone else with
        # is_staff would only be turned away at its door.
        if cleaned.get("is_staff") and role != User.Role.OFFICE_ADMIN:
            self.add_error("is_staff", _("Only office staff may use the administration site."))


class UserCreateForm(_UserFieldsMixin, forms.ModelForm):
    # Not asked for an admin or office-staff account: that is a request, and
    # approving it makes a temporary password (luoshi.accounts.requests).
    password1 = forms.CharField(label=_("Password"), strip=False, required=False,
                                widget=forms.PasswordInput(render_value=False))
    password2 = forms.CharField(label=_("Password again"), strip=False, required=False, widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ["username", "display_name", "role", "organization", "language", "is_staff"]
        field_classes = {"organization": UnitField}
        labels = {"is_staff": _("Administration site")}
        help_texts = {"is_staff": _("Office staff only: may open the administration site.")}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = units
        self.fields["password1"].help_text = format_html(
            "{}{}", _("Left empty for an admin or office-staff account: its password is made on approval."),
            password_validation.password_validators_help_text_html(),
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_role_and_unit(cleaned)
        candidate = User(username=cleaned.get("username", ""), display_name=cleaned.get("display_name", ""),
                         role=cleaned.get("role") or "", is_staff=bool(cleaned.get("is_staff")))
        if access.holds_admin_rights(candidate):
            return cleaned
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if not p1:
            self.add_error("password1", _("This field is required."))
        elif p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        else:
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class UserEditForm(_UserFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "role", "organization", "is_active", "is_staff"]
        field_classes = {"organization": UnitField}
        labels = {"is_staff": _("Administration site"), "is_active": _("Active")}
        help_texts = {
            "is_staff": _("Office staff only: may open the administration site."),
            "is_active": _("An inactive account cannot sign in; its history stays."),
        }

    def __init__(self, *args, units=None, editing_self: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = units
        if editing_self:
            # Taking away one's own role or account would leave nobody to undo it.
            self.fields["role"].disabled = True
            self.fields["is_active"].disabled = True

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_role_and_unit(cleaned)
        return cleaned
