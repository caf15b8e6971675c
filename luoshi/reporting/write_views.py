"""Writing and moving reports: open a round, write, submit, approve, review, download evidence.

Views parse and respond; luoshi.access fetches what the user may touch (404
outside their scope) and refuses what they may not do (403); the writes and
their rules live in reporting.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi import access
from luoshi.audit.security import downloaded
from luoshi.reporting import services
from luoshi.reporting.forms import ReportForm, ReviewForm, RoundForm
from luoshi.reporting.models import ProgressReport
from luoshi.work.models import Assignment, Plan, Task

State = ProgressReport.State


@login_required
def round_open(request: HttpRequest, code) -> HttpResponse:
    user = request.user
    plan: Plan = access.get_visible(access.visible_plans(user), code=code)
    access.require(user, "round.open", plan)
    if request.method == "POST":
        form = RoundForm(request.POST)
        if form.is_valid():
            try:
                rnd = services.open_round(user, plan, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("The round is open; every assigned unit now sees it on My work."))
                return redirect("reporting:round_detail", code=rnd.code)
    else:
        label, opens, deadline = services.default_round(timezone.localdate())
        form = RoundForm(initial={"period_label": label, "opens": opens, "deadline": deadline})
    return render(request, "reporting/round_form.html", {"plan": plan, "form": form})


def _form_for(task: Task, report: ProgressReport | None, lead: bool, data=None, files=None, initial=None):
    attachments = list(report.attachments.all()) if report is not None else []
    return ReportForm(data, files, initial=initial, indicators=list(task.indicators.all()),
                      attachments=attachments, lead=lead)


def _render_form(request, task, rnd, form, report=None, conflict=None, status=200, mode="new",
                 organization_id=None):
    # What a reporter needs beside the form: the task's deadline, the round's,
    # and what the unit last reported on the task (percent and date).
    unit = report.organization_id if report is not None else organization_id
    return render(request, "reporting/report_form.html", {
        "task": task, "round": rnd, "form": form, "report": report, "conflict": conflict, "mode": mode,
        "previous": services.previous_report(task, unit) if unit is not None else None,
    }, status=status)


@login_required
def report_new(request: HttpRequest, code) -> HttpResponse:
    """A unit's first report on a task in a round; the lead unit's starts from its supporters' contributions."""
    user = request.user
    task: Task = access.get_visible(access.visible_tasks(user).select_related("plan"), code=code)
    access.require(user, "report.write", task)
    assignment = services.unit_assignment(user, task)
    if assignment is None:
        raise PermissionDenied("report.write")  # its unit returned the task
    round_code = request.POST.get("round") or request.GET.get("round")
    rnd = None
    if round_code:
        rnd = access.get_visible(access.visible_rounds(user).filter(plan_id=task.plan_id), code=round_code)
    existing = services.latest_version(task, assignment.organization_id, rnd)
    if existing is not None and request.method != "POST":
        return redirect("reporting:report_edit", code=existing.code)
    lead = assignment.role == Assignment.Role.LEAD
    if request.method == "POST":
        form = _form_for(task, None, lead, request.POST, request.FILES)
        if form.is_valid():
            try:
                report = services.create_report(user, task, rnd, form.content(), token=form.cleaned_data["token"],
                                                 submit=request.POST.get("action") == "submit")
            except ValidationError as e:
                form.add_error(None, e)
            except services.Conflict as e:
                form.add_error(None, str(e))
                return _render_form(request, task, rnd, form, status=409,
                                    organization_id=assignment.organization_id)
            else:
                messages.success(request, _("The report was submitted to your unit's leader.")
                                 if report.state == State.SUBMITTED else _("The draft was saved."))
                return redirect("reporting:report_detail", code=report.code)
    else:
        form = _form_for(task, None, lead, initial=ReportForm.initial_from(
            None, services.prefill(task, assignment.organization_id, rnd)))
    return _render_form(request, task, rnd, form, organization_id=assignment.organization_id)


@login_required
def report_edit(request: HttpRequest, code) -> HttpResponse:
    """Change a draft in place, or write a new version of a submitted or returned report."""
    user = request.user
    report: ProgressReport = access.get_visible(
        access.visible_reports(user).select_related("task__plan", "round", "organization"), code=code
    )
    access.require(user, "report.edit", report)
    newer = ProgressReport.objects.filter(supersedes=report).first()
    if newer is not None:
        messages.info(request, _("A newer version of this report exists; this is it."))
        return redirect("reporting:report_edit", code=newer.code)
    if report.state not in (State.DRAFT, State.SUBMITTED, State.RETURNED):
        messages.error(request, _("This report is with the office or accepted; it can no longer be changed."))
        return redirect("reporting:report_detail", code=report.code)
    task = report.task
    mode = "draft" if report.state == State.DRAFT else "version"
    assignment = services.unit_assignment(user, task)
    lead = assignment is not None and assignment.role == Assignment.Role.LEAD
    conflict = None
    if request.method == "POST":
        form = _form_for(task, report, lead, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            submit = request.POST.get("action") == "submit"
            try:
                if mode == "draft":
                    saved = services.update_draft(user, report, data["revision"] or 0, form.content(), submit=submit)
                else:
                    saved = services.new_version(user, report, data["revision"] or 0, form.content(),
                                                 token=data["token"], submit=submit)
            except services.StaleReport as stale:
                conflict = stale.current
                # Keep what the user typed; a second save, now that they have
                # seen the stored text, goes through.
                posted = request.POST.copy()
                posted["revision"] = str(conflict.revision)
                form = _form_for(task, report, lead, posted, request.FILES)
                form.is_valid()
            except ValidationError as e:
                form.add_error(None, e)
            except services.Conflict as e:
                form.add_error(None, str(e))
                return _render_form(request, task, report.round, form, report, status=409, mode=mode)
            else:
                messages.success(request, _("The report was submitted to your unit's leader.")
                                 if saved.state == State.SUBMITTED else _("The draft was saved."))
                return redirect("reporting:report_detail", code=saved.code)
    else:
        form = _form_for(task, report, lead, initial=ReportForm.initial_from(report))
    return _render_form(request, task, report.round, form, report, conflict, status=409 if conflict else 200,
                        mode=mode)


def _report_action(request: HttpRequest, code, action: str, run, success: str) -> HttpResponse:
    user = request.user
    report: ProgressReport = access.get_visible(access.visible_reports(user), code=code)
    access.require(user, action, report)
    try:
        run(user, report)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    except services.Conflict as e:
        messages.error(request, str(e))
    else:
        messages.success(request, success)
    return redirect("reporting:report_detail", code=report.code)


@login_required
@require_POST
def report_submit(request: HttpRequest, code) -> HttpResponse:
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = None
    return _report_action(request, code, "report.edit",
                          lambda user, report: services.submit_report(user, report, revision),
                          _("The report was submitted to your unit's leader."))


@login_required
@require_POST
def report_approve(request: HttpRequest, code) -> HttpResponse:
    return _report_action(request, code, "report.approve", services.approve_report,
                          _("Approved: the report has gone to the office."))


@login_required
@require_POST
def report_review(request: HttpRequest, code) -> HttpResponse:
    form = ReviewForm(request.POST)
    accept = form.is_valid() and form.cleaned_data["decision"] == "accept"
    comment = form.cleaned_data.get("comment", "") if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, _("Choose to accept the report or to return it."))
        return redirect("reporting:report_detail", code=code)
    return _report_action(request, code, "report.review",
                          lambda user, report: services.review_report(user, report, accept, comment),
                          _("The report was accepted.") if accept else _("The report was returned to the unit."))


@login_required
@require_POST
def report_return(request: HttpRequest, code) -> HttpResponse:
    """退回: the unit leader sends a submitted report back to its reporter with a comment."""
    comment = request.POST.get("comment", "")
    return _report_action(request, code, "report.return",
                          lambda user, report: services.return_report(user, report, comment),
                          _("The report was returned to the reporter with your comment."))


@login_required
def attachment_download(request: HttpRequest, code) -> HttpResponse:
    attachment = access.get_visible(access.visible_attachments(request.user), code=code)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    downloaded(request, attachment, attachment.original_name)
    return response
