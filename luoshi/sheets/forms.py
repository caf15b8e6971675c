"""The import form: a file, and the plan it goes into (an existing one or a new one)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi import access
from luoshi.org.models import Organization

# A breakdown table is tens of kilobytes; this leaves room for a large one
# while refusing a file that would take the worker minutes to unpack.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Breakdown table (.xlsx)"))
    plan = forms.ModelChoiceField(
        label=_("Import into"), queryset=None, required=False, to_field_name="code",
        empty_label=_("— a new plan —"),
        help_text=_("Importing into an existing plan updates the tasks whose 序号 it already has."),
    )
    title = forms.CharField(label=_("Title of the new plan"), max_length=300, required=False,
                            help_text=_("Leave blank to use the title row of the sheet."))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False,
                              help_text=_("Deadlines written without a year (6月底) fall in this year."))
    organization = forms.ModelChoiceField(label=_("Issued by"), queryset=None, required=False,
                                          to_field_name="code")
    create_units = forms.BooleanField(
        label=_("Create units that are not in the directory"), required=False,
        help_text=_("Otherwise such a row is imported without the unit, and the unit is listed in the report."),
    )

    def __init__(self, user, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = access.visible_plans(user).order_by("-year", "title")
        self.fields["organization"].queryset = access.visible_organizations(user).filter(
            kind__in=[*Organization.GROUP_KINDS, Organization.Kind.OFFICE, Organization.Kind.GOVERNMENT]
        ).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Only Excel workbooks (.xlsx) can be imported. Save an .xls or .csv file as .xlsx first."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20})
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("plan"):
            if not data.get("organization"):
                self.add_error("organization", _("Choose who issues the new plan."))
            if not data.get("year"):
                self.add_error("year", _("Enter the year of the new plan."))
        return data
