"""Workflow fixtures: the shared world, a round open on its plan, media in a temporary folder."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.reporting import services as reports
from tests import factories as f

# The day most workflow tests live on: a round for November is open.
TODAY = dt.datetime(2026, 11, 26, 10, 0)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rnd(world):
    return f.reporting_round(world.plan, "2026年11月", dt.date(2026, 11, 1), dt.date(2026, 12, 5))


def content(text: str | None = None, **extra) -> reports.Content:
    return reports.Content(text=text or f.hostile("进展"), **extra)


@pytest.fixture
def frozen():
    """Today is TODAY for the whole test (time stands still)."""
    import time_machine

    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller
