"""Import a breakdown table into a plan, see what happened, export a plan as a table.

Importing is the office's (programme.edit); the result page too. Exporting is
for whoever can see the plan; a plan outside the reader's scope answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from luoshi import access
from luoshi.audit.security import downloaded
from luoshi.work.imports import NewPlan, SheetError, import_plan

from .export import plan_workbook
from .forms import ImportForm
from .messages import describe_error, with_reasons
from .models import SheetImport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def import_sheet(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "programme.edit")
    if request.method == "POST":
        form = ImportForm(request.user, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            new_plan = None if data["plan"] else NewPlan(data["title"], data["year"], data["organization"])
            try:
                result = import_plan(
                    request.user, data["file"].read(), file_name=data["file"].name, plan=data["plan"],
                    new_plan=new_plan, create_units=data["create_units"],
                )
            except SheetError as exc:
                form.add_error("file", describe_error(exc))
            else:
                return redirect("sheets:import_result", code=result.code)
        status = 400
    else:
        form = ImportForm(request.user)
        status = 200
    return render(request, "sheets/import.html", {"form": form}, status=status)


@login_required
@require_GET
def import_result(request: HttpRequest, code) -> HttpResponse:
    access.require(request.user, "programme.edit")
    result = access.get_visible(
        SheetImport.objects.filter(plan__in=access.visible_plans(request.user)).select_related("plan", "actor"),
        code=code,
    )
    report = {**result.report, "rejected": with_reasons(result.report.get("rejected", [])),
              "warnings": with_reasons(result.report.get("warnings", []))}
    return render(request, "sheets/result.html", {"result": result, "report": report})


@login_required
@require_GET
def plan_export(request: HttpRequest, code) -> HttpResponse:
    plan = access.get_visible(access.visible_plans(request.user), code=code)
    # A unit reads only its own tasks of the plan, in the sheet as on the pages.
    # ?progress=1 adds the sheet of lights, percents and last report dates.
    with_progress = request.GET.get("progress") == "1"
    response = HttpResponse(plan_workbook(plan, access.visible_tasks(request.user), with_progress),
                            content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{plan.title[:100]}.xlsx")
    downloaded(request, plan, f"{plan.title[:100]}.xlsx")
    return response
