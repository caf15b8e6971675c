"""Fixtures for the platform tests: a frozen clock and known throttle settings."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def clock():
    """Time stands still at START until the test moves it with clock.shift(seconds)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def throttle(settings):
    """Small, explicit numbers so the tests spell out the whole schedule."""
    settings.LOGIN_SLOWDOWN_AFTER = 3
    settings.LOGIN_LOCK_AFTER = 6
    settings.LOGIN_LOCK_MINUTES = 15
    return settings


PASSWORD = "Correct-horse-42"  # what tests.factories.user() sets
