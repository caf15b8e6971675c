"""Slowing and locking repeated failed logins.

Failures are counted per (username, address) pair, so someone guessing at an
account from one machine cannot lock its owner out of their own desk.

With k = settings.LOGIN_SLOWDOWN_AFTER and n failures so far:

- n < k: attempts are free;
- n >= k: the next attempt must wait 2 ** (n - k) seconds after the last failure;
- n >= settings.LOGIN_LOCK_AFTER: the pair is locked for LOGIN_LOCK_MINUTES.

A refused attempt never reaches the password check and is not itself counted.
A successful login clears the pair.

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

from .models import LoginFailure

logger = logging.getLogger(__name__)


def normalize_username(username: str | None) -> str:
    # Case-folded so "Office" and "office" share one counter: counting them
    # apart would only ever help someone guessing.
    return (username or "").strip().casefold()[:150]


def client_address(request: HttpRequest | None) -> str | None:
    """The peer address, or None when there is none worth storing.

    REMOTE_ADDR only: a forwarded-for header is written by the client and
    would let a guesser pick a fresh address for every attempt.
    """
    if request is None:
        return None
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def _pair(username: str | None, address: str | None) -> LoginFailure | None:
    return LoginFailure.objects.filter(username=normalize_username(username), address=address).first()


def wait_after(failures: int) -> int:
    """Seconds an attempt must wait after the last failure: 2 ** (n - k) once n >= k, else 0."""
    k = settings.LOGIN_SLOWDOWN_AFTER
    return 2 ** (failures - k) if failures >= k else 0


def check_allowed(username: str | None, address: str | None) -> tuple[bool, int]:
    """(allowed, seconds to wait) for a login attempt by this pair now."""
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


def note_failure(username: str | None, address: str | None) -> LoginFailure:
    now = timezone.now()
    with transaction.atomic():
        row, _created = LoginFailure.objects.select_for_update().get_or_create(
            username=normalize_username(username), address=address,
            defaults={"failures": 0, "last_failure": now},
        )
        row.failures += 1
        row.last_failure = now
        if row.failures >= settings.LOGIN_LOCK_AFTER:
            row.locked_until = now + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
            logger.warning("login locked for %r from %s after %d failures", row.username, address, row.failures)
        row.save()
    return row


def note_success(username: str | None, address: str | None) -> None:
    LoginFailure.objects.filter(username=normalize_username(username), address=address).delete()


def _ceil_seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))
