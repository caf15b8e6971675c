"""The task page's actions: assign, sign for or return, pass down, extensions, close and reopen.

Each view is POST-only and thin: fetch through luoshi.access (404 out of
scope), parse a small form, call one service, and go back to the task page
with a message. A refused rule is a message; a refused right is a 403.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from luoshi import access
from luoshi.org.models import Organization
from luoshi.work import services
from luoshi.work.models import Task


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(label=gettext_lazy("Lead unit"), queryset=Organization.objects.none(),
                                  required=False)
    supports = forms.ModelMultipleChoiceField(label=gettext_lazy("Supporting units"),
                                              queryset=Organization.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = access.visible_organizations(user).exclude(
            kind__in=(Organization.Kind.LEADING_GROUP, Organization.Kind.OFFICE)
        ).order_by("name")
        self.fields["lead"].queryset = units
        self.fields["supports"].queryset = units


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DelegateForm(forms.Form):
    unit = forms.ModelChoiceField(label=pgettext_lazy("delegate a task", "To unit"),
                                  queryset=Organization.objects.none())
    title = forms.CharField(label=gettext_lazy("Sub-task"), max_length=300)
    due = forms.DateField(label=gettext_lazy("Due"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        below = user.organization.descendant_ids() - {user.organization_id} if user.organization_id else set()
        self.fields["unit"].queryset = Organization.objects.filter(pk__in=below).order_by("name")


class ExtensionForm(forms.Form):
    requested_due = forms.DateField(label=gettext_lazy("New due date"),
                                    widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


def _task(user, code) -> Task:
    return access.get_visible(access.visible_tasks(user), code=code)


def _done(request: HttpRequest, task: Task, action: Callable[[], object], success: str) -> HttpResponse:
    """Run one service; its refusals (rules, races) come back as messages on the task page."""
    try:
        action()
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    except services.StaleVersion:
        messages.error(request, _("Not saved: someone else changed this task in the meantime. "
                                  "Check the page as it is now and try again."))
    except services.Conflict as e:
        messages.error(request, str(e))
    else:
        messages.success(request, success)
    return redirect("work:task_detail", code=task.code)


def _form_errors(request: HttpRequest, form: forms.Form, task: Task) -> HttpResponse:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("work:task_detail", code=task.code)


@login_required
@require_POST
def task_assign(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    task = _task(user, code)
    access.require(user, "assignment.assign", task)
    form = AssignForm(request.POST, user=user)
    if not form.is_valid():
        return _form_errors(request, form, task)
    data = form.cleaned_data
    return _done(request, task, lambda: services.assign_units(
        user, task, data["version"], lead=data["lead"], supports=list(data["supports"])
    ), _("The units were assigned; each has to sign for the task."))


@login_required
@require_POST
def assignment_sign(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    assignment = access.get_visible(access.visible_assignments(user).select_related("task"), code=code)
    access.require(user, "assignment.sign", assignment)
    return _done(request, assignment.task, lambda: services.sign_for(user, assignment),
                 _("Signed for. The task is now your unit's work."))


@login_required
@require_POST
def assignment_return(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    assignment = access.get_visible(access.visible_assignments(user).select_related("task"), code=code)
    access.require(user, "assignment.sign", assignment)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, assignment.task)
    return _done(request, assignment.task,
                 lambda: services.return_assignment(user, assignment, form.cleaned_data["reason"]),
                 _("The assignment was returned to the office."))


@login_required
@require_POST
def task_delegate(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    task = _task(user, code)
    access.require(user, "task.delegate", task)
    form = DelegateForm(request.POST, user=user)
    if not form.is_valid():
        return _form_errors(request, form, task)
    data = form.cleaned_data
    return _done(request, task, lambda: services.delegate(user, task, data["unit"], data["title"], data["due"]),
                 _("The sub-task was passed down; the unit has to sign for it."))


@login_required
@require_POST
def extension_request(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    task = _task(user, code)
    access.require(user, "extension.request", task)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, task)
    data = form.cleaned_data
    return _done(request, task, lambda: services.request_extension(user, task, data["requested_due"], data["reason"]),
                 _("The extension request was sent to the office."))


@login_required
@require_POST
def extension_decide(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    req = access.get_visible(access.visible_extension_requests(user).select_related("task"), code=code)
    access.require(user, "extension.decide", req)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, req.task)
    accept = form.cleaned_data["decision"] == "accept"
    response = _done(request, req.task,
                     lambda: services.decide_extension(user, req, accept, form.cleaned_data["comment"]),
                     _("Extension granted: the due date has moved.") if accept else _("Extension declined."))
    if request.POST.get("next") == "queue":
        return redirect("reporting:review_queue")
    return response


@login_required
@require_POST
def task_close(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    task = _task(user, code)
    access.require(user, "task.close", task)
    comment = request.POST.get("comment", "")
    return _done(request, task, lambda: services.close_task(user, task, comment=comment), _("The task is closed."))


@login_required
@require_POST
def task_reopen(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    task = _task(user, code)
    access.require(user, "task.close", task)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _form_errors(request, form, task)
    return _done(request, task, lambda: services.reopen_task(user, task, form.cleaned_data["reason"]),
                 _("The task is open again."))
