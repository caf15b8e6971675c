"""User management for the security admin: list, create, edit, reset a password, unlock.

Every view asks luoshi.access for "accounts.manage" (403 for anyone else) and
fetches accounts through access.visible_users. Writes go through
manage_actions, which records them in the event log. Nothing here reads task
content: the security admin sees accounts and the directory of units only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi import access

from . import manage_actions as actions
from .manage_forms import UserCreateForm, UserEditForm
from .models import LoginFailure, User
from .services import normalize_username


def _require_manager(request: HttpRequest) -> None:
    access.require(request.user, "accounts.manage")


def _units(request: HttpRequest):
    return access.visible_organizations(request.user).filter(is_active=True).order_by("name")


def access_user(request: HttpRequest, username: str) -> User:
    """The account `username` if the requester may manage it, else 403/404."""
    _require_manager(request)
    return access.get_visible(access.visible_users(request.user), username=username)


def _locked_usernames() -> set[str]:
    return set(
        LoginFailure.objects.filter(locked_until__gt=timezone.now()).values_list("username", flat=True)
    )


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    users = list(access.visible_users(request.user).select_related("organization").order_by("username"))
    locked = _locked_usernames()
    for user in users:
        user.is_locked = normalize_username(user.username) in locked
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserCreateForm(request.POST or None, units=_units(request))
    if request.method == "POST" and form.is_valid():
        user = actions.create_user(request.user, form.save(commit=False), form.cleaned_data["password1"])
        messages.success(request, _("Account %(username)s created.") % {"username": user.username})
        return redirect("manage:user_edit", username=user.username)
    return render(request, "accounts/user_create.html", {"form": form})


def _edit_page(request: HttpRequest, account: User, form, password_form, status: int = 200) -> HttpResponse:
    failures = LoginFailure.objects.filter(username=normalize_username(account.username))
    return render(request, "accounts/user_edit.html", {
        "account": account,
        "form": form,
        "password_form": password_form,
        "failures": sum(row.failures for row in failures),
        "is_locked": any(row.locked_until and row.locked_until > timezone.now() for row in failures),
    }, status=status)


@login_required
def user_edit(request: HttpRequest, username: str) -> HttpResponse:
    account = access_user(request, username)
    before = actions.snapshot(account)
    form = UserEditForm(
        request.POST or None, instance=account, units=_units(request), editing_self=account.pk == request.user.pk
    )
    if request.method == "POST" and form.is_valid():
        changed = actions.update_user(request.user, form.save(commit=False), before)
        if changed:
            messages.success(request, _("Account %(username)s updated.") % {"username": account.username})
        return redirect("manage:user_edit", username=account.username)
    return _edit_page(request, account, form, SetPasswordForm(account))


@login_required
@require_POST
def user_password(request: HttpRequest, username: str) -> HttpResponse:
    account = access_user(request, username)
    form = SetPasswordForm(account, request.POST)
    if form.is_valid():
        actions.set_password(request.user, account, form.cleaned_data["new_password1"])
        messages.success(request, _("A new password was set for %(username)s.") % {"username": account.username})
        return redirect("manage:user_edit", username=account.username)
    edit_form = UserEditForm(instance=account, units=_units(request), editing_self=account.pk == request.user.pk)
    return _edit_page(request, account, edit_form, form, status=400)


@login_required
@require_POST
def user_unlock(request: HttpRequest, username: str) -> HttpResponse:
    account = access_user(request, username)
    actions.unlock(request.user, account)
    messages.success(request, _("Failed sign-ins of %(username)s cleared.") % {"username": account.username})
    return redirect("manage:user_edit", username=account.username)
