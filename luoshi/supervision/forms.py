"""Forms of the supervision pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.org.models import Organization


class RemindForm(forms.Form):
    """A manual reminder: the lead units by default, or one assigned unit."""

    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Organization.objects.none(), required=False, to_field_name="code",
        empty_label=_("Lead units"),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.filter(assignments__task=task).distinct()


class DraftForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))


class BulletinForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 30, "class": "bulletin-text"}),
                           max_length=100_000)
    as_of = forms.DateField(widget=forms.HiddenInput, required=False)
    # The version the editor started from; an older one is a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A new bulletin's form, once: posted twice it saves one issue (actions.create_bulletin).
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
