"""Forms of the second factor: a code (from the authenticator, or a recovery code)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CodeForm(forms.Form):
    code = forms.CharField(
        label=pgettext_lazy("two-step", "Code"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "size": 16}),
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"), max_length=16, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}),
    )


class VerifyForm(CodeForm):
    remember = forms.BooleanField(label=_("Remember this device"), required=False, initial=False)

    def __init__(self, *args, remember_days: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if remember_days:
            self.fields["remember"].help_text = _(
                "Do not ask for a code in this browser for %(days)d days. Only on a computer no one else uses."
            ) % {"days": remember_days}
        else:
            del self.fields["remember"]
