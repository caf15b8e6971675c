"""The audit admin's read-only view of the event log.

There is no edit or delete here, nor anywhere else: the log is append-only
(luoshi.audit.models). The page asks luoshi.access for "audit.read" and reads
through access.visible_events.

The chain page shows the latest stored verdict of verify_audit (walking a
million events on every view would be too slow) and queues a new check as a
background job; queuing one reads the log, it changes nothing in it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from luoshi import access, jobs

from . import tasks
from .models import ChainHead

PAGE_SIZE = 50


class EventFilter(forms.Form):
    actor = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    action = forms.ChoiceField(label=pgettext_lazy("event log", "Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, events, **kwargs):
        super().__init__(data, **kwargs)
        # The choices are what the log holds, so a filter never names an
        # action that cannot match.
        everything = [("", _("All"))]
        self.fields["action"].choices = everything + [
            (a, a) for a in events.order_by("action").values_list("action", flat=True).distinct()
        ]
        self.fields["object_type"].choices = everything + [
            (t, t) for t in events.order_by("object_type").values_list("object_type", flat=True).distinct()
        ]

    def filter(self, events):
        data = self.cleaned_data
        if data.get("actor"):
            events = events.filter(actor__username__iexact=data["actor"].strip())
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        # Dates are the reader's local days (TIME_ZONE), inclusive at both ends.
        if data.get("since"):
            events = events.filter(at__date__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__date__lte=data["until"])
        return events


@login_required
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "audit.read")
    events = access.visible_events(request.user)
    form = EventFilter(request.GET or None, events)
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    page = Paginator(events.select_related("actor").order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.change_rows = list(_change_rows(event.changes))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/event_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "check": tasks.latest(),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def chain(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "audit.read")
    if request.method == "POST":
        if tasks.pending() is None:
            jobs.enqueue(tasks.JOB_KIND, by=request.user.pk)
        messages.success(request, _("A check of the whole chain is queued; this page shows its result when it ends."))
        return redirect("audit:chain")
    return render(request, "audit/chain.html", {
        "check": tasks.latest(), "pending": tasks.pending(), "head": ChainHead.objects.first(),
    })


def _change_rows(changes) -> list[tuple]:
    """(field, old, new, is_pair) rows; events.diff() writes {field: [old, new]}, others write plain values."""
    if not isinstance(changes, dict):
        return [("", changes, None, False)]
    return [
        (key, value[0], value[1], True) if isinstance(value, list) and len(value) == 2 else (key, value, None, False)
        for key, value in changes.items()
    ]
