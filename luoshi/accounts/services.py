"""Slowing and locking repeated failed logins.

Failures are counted per account. Behind the TLS terminator every request
comes from the proxy's address, so counting per (account, address) would let
anyone lock anyone out from "the proxy", and a header the client writes
(X-Forwarded-For) would let a guesser pick a fresh address for every attempt.
Only when settings.LUOSHI_TRUSTED_PROXY_HEADER is set, and the request came
from one of settings.LUOSHI_TRUSTED_PROXIES, is the client address believed:
then failures count per (account, client address), so someone guessing from
one machine cannot lock the owner out of their own desk.

With k = settings.LOGIN_SLOWDOWN_AFTER and n failures so far:

- n < k: attempts are free;
- n >= k: the next attempt must wait 2 ** (n - k) seconds after the last failure;
- n >= settings.LOGIN_LOCK_AFTER: the account (or pair) is locked for LOGIN_LOCK_MINUTES.

A refused attempt never reaches the password check and is not itself counted.
A successful login clears the counter. The security admin sees the locks on
the user management page and may clear them (manage_actions.unlock).

Attempts that arrive at the same instant all pass the check before any of
them is counted, so a guesser gains at most one attempt per concurrent
server thread in each window; holding a lock across the password hash would
close that gap at the price of serializing sign-ins on SQLite.
"""

from __future__ import annotations

import ipaddress
import logging
import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from luoshi.audit import security

from .models import LoginFailure

logger = logging.getLogger(__name__)


def normalize_username(username: str | None) -> str:
    # Case-folded so "Office" and "office" share one counter: counting them
    # apart would only ever help someone guessing.
    return (username or "").strip().casefold()[:150]


def _ip(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(raw.strip())
    except ValueError:
        return None


def _trusted(address) -> bool:
    for proxy in settings.LUOSHI_TRUSTED_PROXIES:
        try:
            if address in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as far as it can be believed, or None.

    The peer (REMOTE_ADDR), unless it is a trusted proxy and the trusted
    header is configured: then the right-most address in the header that is
    not itself a trusted proxy (entries left of it were written by the client).
    """
    if request is None:
        return None
    peer = _ip(request.META.get("REMOTE_ADDR", ""))
    header = settings.LUOSHI_TRUSTED_PROXY_HEADER
    if peer is None or not header or not _trusted(peer):
        return str(peer) if peer is not None else None
    meta_key = "HTTP_" + header.upper().replace("-", "_")
    for raw in reversed(request.META.get(meta_key, "").split(",")):
        hop = _ip(raw)
        if hop is None:
            return None
        if not _trusted(hop):
            return str(hop)
    return None


def throttle_address(request: HttpRequest | None) -> str:
    """The address part of the throttle's key: the client's address behind a trusted proxy, else "" (any)."""
    if not settings.LUOSHI_TRUSTED_PROXY_HEADER:
        return ""
    return client_address(request) or ""


def _pair(username: str | None, address: str) -> LoginFailure | None:
    return LoginFailure.objects.filter(username=normalize_username(username), address=address or "").first()


def wait_after(failures: int) -> int:
    """Seconds an attempt must wait after the last failure: 2 ** (n - k) once n >= k, else 0."""
    k = settings.LOGIN_SLOWDOWN_AFTER
    return 2 ** (failures - k) if failures >= k else 0


def check_allowed(username: str | None, address: str = "") -> tuple[bool, int]:
    """(allowed, seconds to wait) for a login attempt on this account (from `address`, see throttle_address)."""
    row = _pair(username, address)
    if row is None:
        return True, 0
    now = timezone.now()
    if row.locked_until is not None and row.locked_until > now:
        return False, _ceil_seconds(row.locked_until - now)
    ready_at = row.last_failure + timedelta(seconds=wait_after(row.failures))
    if ready_at > now:
        return False, _ceil_seconds(ready_at - now)
    return True, 0


def note_failure(username: str | None, address: str = "") -> LoginFailure:
    now = timezone.now()
    with transaction.atomic():
        row, _created = LoginFailure.objects.select_for_update().get_or_create(
            username=normalize_username(username), address=address or "",
            defaults={"failures": 0, "last_failure": now},
        )
        row.failures += 1
        row.last_failure = now
        if row.failures >= settings.LOGIN_LOCK_AFTER:
            row.locked_until = now + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
            logger.warning("login locked for %r from %s after %d failures", row.username, address, row.failures)
            security.locked(row.username, address, row.failures, settings.LOGIN_LOCK_MINUTES)
        row.save()
    return row


def note_success(username: str | None, address: str = "") -> None:
    LoginFailure.objects.filter(username=normalize_username(username), address=address or "").delete()


def locked_now() -> list[LoginFailure]:
    """The counters that hold a lock now, for the security admin's list."""
    return list(LoginFailure.objects.filter(locked_until__gt=timezone.now()).order_by("username", "address"))


def _ceil_seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))
