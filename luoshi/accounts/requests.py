"""Four eyes on admin accounts (三员分立): one security admin files a change, a second decides.

A new account with an admin role or office staff, any change to an account
that holds or would hold such rights, and a reset of its password or of its
second factor (otp_views) are filed here instead of being made (manage_views
asks luoshi.access whether the requester may act alone). Approving makes the change, with the approver as
its actor; a new account or a reset gets a temporary password that only the
approver is shown and its owner must replace at the next sign-in. Filing,
approving and rejecting are each an event in the log.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.audit.events import record
from luoshi.org.models import Organization

from . import otp, passwords
from .manage_actions import snapshot, update_user
from .models import AccountRequest, User

# The account fields a request carries.
FIELDS = ["username", "display_name", "role", "organization", "language", "is_active", "is_staff"]


class RequestError(Exception):
    """The request cannot be carried out (decided already, or the account changed since it was filed)."""


def fields_of(user: User) -> dict[str, Any]:
    return {
        name: (user.organization_id if name == "organization" else getattr(user, name)) for name in FIELDS
    }


def _file(actor: User, kind: str, account: User | None, before: dict, proposed: dict) -> AccountRequest:
    with transaction.atomic():
        request = AccountRequest.objects.create(
            kind=kind, account=account, username=proposed.get("username") or account.username,
            before=before, proposed=proposed, requested_by=actor,
        )
        changes = {"kind": kind, "username": request.username}
        if kind not in (AccountRequest.Kind.RESET, AccountRequest.Kind.OTP_RESET):
            changes["proposed"] = {k: v for k, v in proposed.items() if before.get(k) != v}
        record(actor, "account_request.filed", request, changes)
    return request


def file_create(actor: User, new: User) -> AccountRequest:
    """`new` is the unsaved account as the form made it; no password goes into the request."""
    return _file(actor, AccountRequest.Kind.CREATE, None, {}, fields_of(new))


def file_change(actor: User, account: User, before: dict, after: User) -> AccountRequest:
    """`before`: fields_of(account) as stored; `after`: the account changed in memory (not saved)."""
    return _file(actor, AccountRequest.Kind.CHANGE, account, before, fields_of(after))


def file_reset(actor: User, account: User) -> AccountRequest:
    return _file(actor, AccountRequest.Kind.RESET, account, fields_of(account), {})


def file_otp_reset(actor: User, account: User) -> AccountRequest:
    return _file(actor, AccountRequest.Kind.OTP_RESET, account, fields_of(account), {})


def pending() -> list[AccountRequest]:
    return list(
        AccountRequest.objects.filter(state=AccountRequest.State.PENDING)
        .select_related("account", "requested_by").order_by("requested_at")
    )


def approve(actor: User, request: AccountRequest) -> tuple[User, str | None]:
    """Carry out `request` as `actor` (whom luoshi.access has checked). Returns (account, temporary password or None)."""
    with transaction.atomic():
        request = _open(request)
        temporary = None
        if request.kind == AccountRequest.Kind.CREATE:
            if User.objects.filter(username__iexact=request.username).exists():
                raise RequestError("exists")
            account = User(**_values(request.proposed))
            temporary = _temporary_password(account)
            account.save()
            record(actor, "user.created", account, {**snapshot(account), "request": str(request.code)})
            request.account = account
        else:
            account = User.objects.select_for_update().get(pk=request.account_id)
            if fields_of(account) != request.before:
                raise RequestError("stale")
            if request.kind == AccountRequest.Kind.CHANGE:
                before = snapshot(account)
                for name, value in _values(request.proposed).items():
                    setattr(account, name, value)
                update_user(actor, account, before)
            elif request.kind == AccountRequest.Kind.OTP_RESET:
                otp.reset(actor, account, "request", str(request.code))
            else:
                temporary = _temporary_password(account)
                account.save()
                record(actor, "user.password_reset", account, {"request": str(request.code)})
        _decide(actor, request, AccountRequest.State.APPROVED)
    return account, temporary


def reject(actor: User, request: AccountRequest) -> None:
    with transaction.atomic():
        request = _open(request)
        _decide(actor, request, AccountRequest.State.REJECTED)


def _open(request: AccountRequest) -> AccountRequest:
    locked = AccountRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != AccountRequest.State.PENDING:
        raise RequestError("decided")
    return locked


def _decide(actor: User, request: AccountRequest, state: str) -> None:
    request.state = state
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save()
    action = "account_request.approved" if state == AccountRequest.State.APPROVED else "account_request.rejected"
    record(actor, action, request, {
        "kind": request.kind, "username": request.username, "requested_by": request.requested_by.username,
    })


def _values(proposed: dict) -> dict[str, Any]:
    values = {k: v for k, v in proposed.items() if k in FIELDS}
    if "organization" in values:
        org = values.pop("organization")
        values["organization"] = Organization.objects.get(pk=org) if org is not None else None
    return values


def _temporary_password(account: User) -> str:
    temporary = passwords.temporary_password(account)
    account.set_password(temporary)
    account.must_change_password = True
    return temporary
