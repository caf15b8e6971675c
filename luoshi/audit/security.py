"""Security events in the log: sign-ins, failed sign-ins, lockouts, sign-outs, downloads.

Each is recorded against the user account concerned (object type
accounts.user). A failed sign-in names the username that was tried, never
the password; when no account has that name the event's object id is empty.
Sign-in events come from Django's auth signals, connected in AuditConfig.ready(),
so every way in (the login page, the admin) is covered alike.
"""

from __future__ import annotations

import ipaddress

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.http import HttpRequest

from .events import append, record

# luoshi.accounts.auth.WAIT_ATTRIBUTE: set on a request the login throttle refused
# before any password check. Named here, not imported: accounts writes to the
# log, the log does not reach back into accounts (a test pins the two together).
WAIT_ATTRIBUTE = "luoshi_login_wait"


def address(request: HttpRequest | None) -> str | None:
    """The peer address as the server saw it (REMOTE_ADDR), or None."""
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))) if request is not None else None
    except ValueError:
        return None


def account_event(action: str, username: str, actor=None, request: HttpRequest | None = None, **changes) -> None:
    """An event about the account named `username` (which may not exist)."""
    User = get_user_model()
    name = (username or "").strip()[:150]
    account = User.objects.filter(username__iexact=name).only("pk", "username", "display_name").first() if name else None
    if request is not None:
        changes["address"] = address(request)
    append(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=User._meta.label_lower,
        object_id=str(account.pk) if account else "",
        object_repr=(str(account) if account else name)[:300],
        task=None,
        changes={"username": name, **changes},
    )


def logged_in(sender, request, user, **kwargs) -> None:
    account_event("auth.login", user.get_username(), actor=user, request=request)


def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:  # signing out without a session is nobody's act
        account_event("auth.logout", user.get_username(), actor=user, request=request)


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already replaced the password in `credentials` by stars; only the username is kept.
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    refused = request is not None and getattr(request, WAIT_ATTRIBUTE, None) is not None
    account_event("auth.login_refused" if refused else "auth.login_failed", username, request=request)


def locked(username: str, address: str | None, failures: int, minutes: int) -> None:
    """The login throttle locked `username` (luoshi.accounts.services.note_failure)."""
    account_event("auth.locked", username, address=address, failures=failures, minutes=minutes)


def downloaded(request: HttpRequest, obj: models.Model, filename: str = "") -> None:
    """A file left the system: an export or a download, by whom and of what. Called by each download view."""
    record(request.user, "download", obj, {"file": filename, "address": address(request), "path": request.path})


def connect() -> None:
    user_logged_in.connect(logged_in, dispatch_uid="luoshi.audit.logged_in")
    user_logged_out.connect(logged_out, dispatch_uid="luoshi.audit.logged_out")
    user_login_failed.connect(login_failed, dispatch_uid="luoshi.audit.login_failed")
