"""Fixtures for the accounts tests: a second security admin, a frozen clock, known throttle numbers."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from luoshi.accounts.models import User
from tests import factories as f

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
PASSWORD = f.PASSWORD  # what tests.factories.user() sets


@pytest.fixture
def security2(world) -> User:
    """A second security admin, the four eyes' other pair."""
    return f.user("security2", User.Role.SECURITY_ADMIN)


@pytest.fixture
def clock():
    """Time stands still at START until the test moves it with clock.shift(seconds)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def throttle(settings):
    settings.LOGIN_SLOWDOWN_AFTER = 3
    settings.LOGIN_LOCK_AFTER = 6
    settings.LOGIN_LOCK_MINUTES = 15
    settings.LUOSHI_TRUSTED_PROXY_HEADER = ""
    settings.LUOSHI_TRUSTED_PROXIES = []
    return settings
