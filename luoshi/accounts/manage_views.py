"""User management for the security admin: list, create, edit, reset a password, unlock;
requests for a second security admin's approval (four eyes, luoshi.accounts.requests).

Every view asks luoshi.access for "accounts.manage" (403 for anyone else) and
fetches accounts through access.visible_users. An ordinary account is changed
at once ("account.change_alone"); an admin or office-staff account, before or
after the change, only through a request that another security admin decides.
Writes go through manage_actions and requests, which record them in the event
log. Nothing here reads task content: the security admin sees accounts and the
directory of units only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luoshi import access

from . import manage_actions as actions
from . import otp, requests
from .manage_forms import UserCreateForm, UserEditForm
from .models import AccountRequest, LoginFailure, User
from .services import locked_now, normalize_username

REQUEST_ERRORS = {
    "exists": gettext_lazy("An account with this username exists already."),
    "stale": gettext_lazy("The account has changed since the request was filed: file it again."),
    "decided": gettext_lazy("This request has been decided already."),
}


def _require_manager(request: HttpRequest) -> None:
    access.require(request.user, "accounts.manage")


def _units(request: HttpRequest):
    return access.visible_organizations(request.user).filter(is_active=True).order_by("name")


def access_user(request: HttpRequest, username: str) -> User:
    """The account `username` if the requester may manage it, else 403/404."""
    _require_manager(request)
    return access.get_visible(access.visible_users(request.user), username=username)


def access_request(request: HttpRequest, code: str) -> AccountRequest:
    """A request the requester may decide (403 if they filed it or it is about them), else 404."""
    _require_manager(request)
    account_request = access.get_visible(AccountRequest.objects.select_related("requested_by"), code=code)
    access.require(request.user, "account.decide", account_request)
    return account_request


def _filed(request: HttpRequest, account_request: AccountRequest) -> HttpResponse:
    messages.info(request, _("Request filed: another security administrator must approve it."))
    return redirect("manage:user_list")


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    users = list(access.visible_users(request.user).select_related("organization").order_by("username"))
    locks = locked_now()
    locked = {row.username for row in locks}
    for user in users:
        user.is_locked = normalize_username(user.username) in locked
    pending = requests.pending()
    for item in pending:
        item.may_decide = access.can(request.user, "account.decide", item)
    return render(request, "accounts/user_list.html", {"users": users, "locks": locks, "pending": pending})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserCreateForm(request.POST or None, units=_units(request))
    if request.method == "POST" and form.is_valid():
        new = form.save(commit=False)
        if not access.can(request.user, "account.change_alone", new):
            access.require(request.user, "account.request", None)
            return _filed(request, requests.file_create(request.user, new))
        user = actions.create_user(request.user, new, form.cleaned_data["password1"])
        messages.success(request, _("Account %(username)s created.") % {"username": user.username})
        return redirect("manage:user_edit", username=user.username)
    return render(request, "accounts/user_create.html", {"form": form})


def _edit_page(request: HttpRequest, account: User, form, password_form, status: int = 200) -> HttpResponse:
    failures = LoginFailure.objects.filter(username=normalize_username(account.username))
    return render(request, "accounts/user_edit.html", {
        "account": account,
        "form": form,
        "password_form": password_form,
        "alone": access.can(request.user, "account.change_alone", account),
        "failures": sum(row.failures for row in failures),
        "is_locked": any(row.locked_until and row.locked_until > timezone.now() for row in failures),
        "otp_device": otp.authenticator(account),
        "otp_required": otp.required(account),
    }, status=status)


@login_required
def user_edit(request: HttpRequest, username: str) -> HttpResponse:
    account = access_user(request, username)
    before = actions.snapshot(account)
    stored = requests.fields_of(account)
    alone_before = access.can(request.user, "account.change_alone", account)
    form = UserEditForm(
        request.POST or None, instance=account, units=_units(request), editing_self=account.pk == request.user.pk
    )
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        if not (alone_before and access.can(request.user, "account.change_alone", changed)):
            if not access.can(request.user, "account.request", account):
                raise PermissionDenied("account.request")
            if requests.fields_of(changed) == stored:
                return redirect("manage:user_edit", username=username)
            return _filed(request, requests.file_change(request.user, account, stored, changed))
        if actions.update_user(request.user, changed, before):
            messages.success(request, _("Account %(username)s updated.") % {"username": account.username})
        return redirect("manage:user_edit", username=account.username)
    return _edit_page(request, account, form, SetPasswordForm(account))


@login_required
@require_POST
def user_password(request: HttpRequest, username: str) -> HttpResponse:
    account = access_user(request, username)
    if not access.can(request.user, "account.change_alone", account):
        access.require(request.user, "account.request", account)
        return _filed(request, requests.file_reset(request.user, account))
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
    return redirect("manage:user_list")


@login_required
@require_POST
def request_approve(request: HttpRequest, code: str) -> HttpResponse:
    account_request = access_request(request, code)
    try:
        account, temporary = requests.approve(request.user, account_request)
    except requests.RequestError as error:
        messages.error(request, REQUEST_ERRORS[str(error)])
        return redirect("manage:user_list")
    # Shown once, to the approver only, in this response: never stored, never in a message cookie.
    return render(request, "accounts/request_done.html", {
        "account": account, "account_request": account_request, "temporary": temporary,
    })


@login_required
@require_POST
def request_reject(request: HttpRequest, code: str) -> HttpResponse:
    account_request = access_request(request, code)
    try:
        requests.reject(request.user, account_request)
    except requests.RequestError as error:
        messages.error(request, REQUEST_ERRORS[str(error)])
    else:
        messages.success(request, _("Request rejected."))
    return redirect("manage:user_list")
