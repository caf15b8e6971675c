"""Forms for signing in and choosing a language."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .auth import WAIT_ATTRIBUTE
from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many attempts: try again in %(seconds)d seconds."),
    }

    def get_invalid_login_error(self) -> ValidationError:
        wait = getattr(self.request, WAIT_ATTRIBUTE, None)
        if wait is None:
            return super().get_invalid_login_error()
        return ValidationError(
            ngettext(
                "Too many attempts: try again in %(seconds)d second.",
                "Too many attempts: try again in %(seconds)d seconds.",
                wait,
            ),
            code="throttled",
            params={"seconds": wait},
        )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=User.Language.choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
