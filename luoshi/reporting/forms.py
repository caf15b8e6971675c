"""Forms of the reporting pages: opening a round, writing a report, reviewing one."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.reporting.models import ProgressReport, ReportAttachment
from luoshi.reporting.services import Content
from luoshi.work.models import Indicator


class RoundForm(forms.Form):
    period_label = forms.CharField(label=pgettext_lazy("reporting round", "Period"), max_length=64)
    opens = forms.DateField(label=_("Opens"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 10}))
    # The browser's own range check speaks its language, and not every client
    # runs it: the server says it again, in the reader's language.
    percent = forms.IntegerField(
        label=_("Percent complete"), min_value=0, max_value=100,
        error_messages={
            "min_value": _("The percent complete is between 0 and 100."),
            "max_value": _("The percent complete is between 0 and 100."),
            "invalid": _("Write the percent complete as a whole number from 0 to 100."),
            "required": _("Write the percent complete (0 to 100)."),
        },
    )
    stage = forms.CharField(label=_("Stage"), max_length=64, required=False)
    risk_flag = forms.BooleanField(label=_("There is a risk"), required=False)
    risk_reason = forms.CharField(label=_("What the risk is"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_completion = forms.BooleanField(
        label=_("The task is complete: ask the office to close it"), required=False
    )
    files = MultipleFileField(label=_("Attach files"), required=False,
                              help_text=_("PDF, Word, Excel, JPEG, PNG or text."))
    remove = forms.MultipleChoiceField(label=_("Remove attachments"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    # A post with an older revision is a conflict; a post with a token already
    # used is the same form posted twice.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicators: list[Indicator], attachments: list[ReportAttachment] = (),
                 lead: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for ind in indicators:
            label = f"{ind.name} ({ind.unit})" if ind.unit else ind.name
            self.fields[f"ind_{ind.pk}"] = forms.DecimalField(label=label, required=False, max_digits=18,
                                                              decimal_places=4)
        if attachments:
            self.fields["remove"].choices = [(str(a.pk), a.original_name) for a in attachments]
        else:
            del self.fields["remove"]
        if not lead:
            del self.fields["is_completion"]

    @property
    def indicator_fields(self):
        return [self[f"ind_{ind.pk}"] for ind in self.indicators]

    def clean(self):
        data = super().clean()
        if data.get("risk_flag") and not (data.get("risk_reason") or "").strip():
            self.add_error("risk_reason", _("Say what the risk is."))
        if data.get("is_completion") and data.get("percent") != 100:
            self.add_error("percent", _("A completion report says 100%."))
        return data

    def content(self) -> Content:
        data = self.cleaned_data
        values: dict[int, Decimal] = {
            ind.pk: data[f"ind_{ind.pk}"] for ind in self.indicators if data.get(f"ind_{ind.pk}") is not None
        }
        return Content(
            text=data["text"], percent=data["percent"], stage=data.get("stage", ""),
            risk_flag=data.get("risk_flag", False), risk_reason=data.get("risk_reason", ""),
            is_completion=data.get("is_completion", False), values=values, files=data.get("files") or [],
            remove=[int(pk) for pk in data.get("remove") or []],
        )

    @staticmethod
    def initial_from(report: ProgressReport | None, text: str = "") -> dict:
        token = uuid.uuid4()
        if report is None:
            return {"text": text, "percent": 0, "token": token}
        initial = {name: getattr(report, name) for name in ProgressReport.CONTENT_FIELDS}
        initial.update(revision=report.revision, token=token)
        for o in report.observations.all():
            initial[f"ind_{o.indicator_id}"] = o.value
        return initial


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("return", "return")])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
