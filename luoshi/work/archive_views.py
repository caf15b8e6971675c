"""Archiving a plan or a task, and the 已归档 list (views; the writes are in archive.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi import access
from luoshi.work.archive import REASON_MAX, ArchiveError, archive_plan, archive_task


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for archiving"), max_length=REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))


def _archive(request: HttpRequest, obj, action, kind: str, target: str) -> HttpResponse:
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(request.user, obj, form.cleaned_data["reason"])
        except ArchiveError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Archived. It no longer shows in lists and counts and stays readable "
                                        "under Archived."))
            return redirect(target, obj.code)
    return render(request, "work/archive_form.html", {"form": form, "object": obj, "kind": kind})


@login_required
def plan_archive(request: HttpRequest, code) -> HttpResponse:
    access.require(request.user, "archive")
    plan = access.get_visible(access.current_plans(request.user), code=code)
    return _archive(request, plan, archive_plan, "plan", "work:plan_detail")


@login_required
def task_archive(request: HttpRequest, code) -> HttpResponse:
    access.require(request.user, "archive")
    task = access.get_visible(access.current_tasks(request.user).select_related("plan"), code=code)
    return _archive(request, task, archive_task, "task", "work:task_detail")


@login_required
def archived(request: HttpRequest) -> HttpResponse:
    """What was archived, newest first: each opens on its own page as before."""
    if not access.reads_content(request.user):
        access.require(request.user, "programme.edit")
    plans = access.archived_plans(request.user).select_related("archived_by").order_by("-archived_at", "-pk")
    tasks = (access.archived_tasks(request.user).select_related("archived_by", "plan")
             .order_by("-archived_at", "-pk"))
    return render(request, "work/archived.html", {
        "plans": Paginator(plans, 50).get_page(request.GET.get("plans")),
        "tasks": Paginator(tasks, 50).get_page(request.GET.get("tasks")),
    })
