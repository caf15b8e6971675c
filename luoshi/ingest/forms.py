"""Forms of the intake page and the review page (one formset per part of the record)."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from luoshi.intake.errors import DEFAULT_LIMITS
from luoshi.meetings.models import AgendaItem, Meeting, Participation
from luoshi.org.models import Organization, Region
from luoshi.work.models import Plan, WorkArea

ACCEPTED_SUFFIXES = (".txt", ".text", ".htm", ".html", ".docx", ".pdf")
# The reader's own cap (luoshi/intake/errors.py), so the form never accepts what the reader
# then refuses; settings.DATA_UPLOAD_MAX_MEMORY_SIZE leaves room for this much pasted text.
MAX_FILE_BYTES = DEFAULT_LIMITS.max_bytes

# A browser's date input takes ISO dates only: rendered in the locale's format (2026/03/05 in
# Chinese) the pre-filled date would show as empty.
_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Files (txt, html, docx, pdf)"), required=False)
    text = forms.CharField(label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    published = forms.DateField(label=_("Published on (optional)"), required=False,
                                widget=_DATE_INPUT)

    def clean(self):
        data = super().clean()
        files = data.get("files") or []
        if not files and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose at least one file or paste a text."))
        for upload in files:
            if not upload.name.lower().endswith(ACCEPTED_SUFFIXES):
                raise forms.ValidationError(_("%(name)s: only txt, html, docx and pdf files are read.")
                                            % {"name": upload.name})
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(_("%(name)s is larger than %(mb)s MB.")
                                            % {"name": upload.name, "mb": MAX_FILE_BYTES // 1048576})
        if len((data.get("text") or "").encode("utf-8")) > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The pasted text is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 1048576})
        return data


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for archiving"), max_length=500,
                             widget=forms.TextInput(attrs={"size": 24}))


def _org_field(label, required=False):
    return forms.ModelChoiceField(Organization.objects.all(), label=label, required=required)


class MeetingForm(forms.Form):
    organization = _org_field(_("Convening body"))
    new_organization = forms.CharField(label=_("or create a new body named"), required=False, max_length=200)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    session = forms.CharField(label=_("Session as printed"), max_length=100, required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=_DATE_INPUT)
    format = forms.ChoiceField(label=_("Format"), choices=Meeting.Format.choices)
    skip = forms.BooleanField(label=_("This document records no meeting"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("skip") and not data.get("organization") and not (data.get("new_organization") or "").strip():
            raise forms.ValidationError(_("Choose the convening body or name a new one to create."))
        return data


class VenueForm(forms.Form):
    name = forms.CharField(label=_("Venue"), max_length=100, required=False)
    region = forms.ModelChoiceField(Region.objects.all(), label=_("Region"), required=False)
    is_main = forms.BooleanField(label=_("Main venue"), required=False)


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64, required=False)
    posts = forms.CharField(label=_("Posts as printed"), max_length=300, required=False)
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=Participation.Role.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    venue = forms.ChoiceField(label=_("Took part at"), required=False)

    def __init__(self, *args, venue_names=(), **kwargs):
        """`venue_names`: the venues of this meeting as the reviewer has them on the page."""
        super().__init__(*args, **kwargs)
        self.fields["venue"].choices = [("", _("— no venue —")), *((name, name) for name in venue_names)]


def _meeting_field():
    return forms.TypedChoiceField(label=_("From meeting"), required=False, coerce=int, empty_value=None)


def _meeting_choices(form, meeting_choices) -> None:
    form.fields["meeting"].choices = list(meeting_choices)


class AgendaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    text = forms.CharField(label=_("Agenda item"), required=False, widget=forms.Textarea(attrs={"rows": 1}))


DECISIONS = [("confirm", _("Confirm")), ("reject", _("Reject")), ("later", _("Decide later"))]


class DirectiveForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Directive"), widget=forms.Textarea(attrs={"rows": 3}))
    title = forms.CharField(label=_("Task title"), max_length=300, required=False)
    work_area = forms.ModelChoiceField(WorkArea.objects.filter(is_active=True), label=_("Work area"), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=_DATE_INPUT)
    lead = forms.ModelMultipleChoiceField(Organization.objects.all(), label=_("Lead units"), required=False)
    support = forms.ModelMultipleChoiceField(Organization.objects.all(), label=_("Supporting units"), required=False)
    new_lead = forms.CharField(label=_("New lead units to create"), required=False,
                               help_text=_("Names not found; separate with 、"))
    new_support = forms.CharField(label=_("New supporting units to create"), required=False)
    split_at = forms.CharField(label=_("Split at (position or marker)"), required=False, max_length=20)
    meeting = _meeting_field()

    def __init__(self, *args, meeting_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        _meeting_choices(self, meeting_choices)


class CommitmentForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 2}))
    party = _org_field(_("Committing party"))
    new_party = forms.CharField(label=_("or create a new party named"), required=False, max_length=200)
    parent = forms.TypedChoiceField(label=_("Child task of directive"), required=False, coerce=int, empty_value=None)
    meeting = _meeting_field()

    def __init__(self, *args, directive_choices=(), meeting_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("— top-level task —")), *directive_choices]
        _meeting_choices(self, meeting_choices)


class PlanForm(forms.Form):
    plan = forms.ModelChoiceField(Plan.objects.filter(archived_at__isnull=True), label=_("Add the tasks to plan"),
                                  required=False,
                                  empty_label=_("— a new plan —"))
    title = forms.CharField(label=_("New plan title"), max_length=300, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    organization = _org_field(_("New plan belongs to (default: the convening body)"))

    def clean(self):
        data = super().clean()
        if not data.get("plan") and not (data.get("title") or "").strip():
            raise forms.ValidationError(_("Choose a plan or give the new plan a title."))
        return data


VenueFormSet = formset_factory(VenueForm, extra=1, can_delete=True)
ParticipantFormSet = formset_factory(ParticipantForm, extra=1, can_delete=True)
AgendaFormSet = formset_factory(AgendaForm, extra=1, can_delete=True)
DirectiveFormSet = formset_factory(DirectiveForm, extra=0)
CommitmentFormSet = formset_factory(CommitmentForm, extra=0)
