"""The shell's own pages: the home page of each role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from luoshi import access
from luoshi.accounts.models import User

from . import home as pages

Role = User.Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    # The two administrators have no programme to look at: send each to the
    # one page of their duty.
    if access.can(user, "accounts.manage"):
        return redirect("manage:user_list")
    if access.can(user, "audit.read"):
        return redirect("audit:event_list")
    today = timezone.localdate()
    if user.role in (Role.OFFICE_ADMIN, Role.GROUP_MEMBER) and access.reads_content(user):
        context = pages.programme_overview(user, today)
        context["read_only"] = not access.is_office(user)
        return render(request, "web/home_office.html", context)
    if user.role in access.UNIT_ROLES and access.reads_content(user):
        return render(request, "web/home_unit.html", pages.unit_work(user, today, request))
    raise PermissionDenied
