"""A supervision day: 2026-04-03, a round closing on the 5th, tasks due soon and overdue.

  task_a  led by dept, supported by city, due 2026-04-08 (in 5 days)
  task_b  led by city, due 2026-03-31 (3 days overdue); city's report returned
  task_c  led by other_city, due 2026-12-31; other_city has already reported
  round   2026年一季度, open 2026-04-01, deadline 2026-04-05; dept has reported on task_a
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from luoshi.reporting.models import ProgressReport
from tests import factories as f

TODAY = dt.date(2026, 4, 3)
State = ProgressReport.State


@dataclass
class Day:
    today: dt.date
    round: object
    returned: object


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def day(world) -> Day:
    for name, user in world.users.items():
        user.email = f"{name}@example.gov.cn"
        user.save(update_fields=["email"])
    world.task_a.due = dt.date(2026, 4, 8)
    world.task_a.save()
    world.task_b.due = dt.date(2026, 3, 31)
    world.task_b.save()
    world.task_c.due = dt.date(2026, 12, 31)
    world.task_c.save()
    rnd = f.reporting_round(world.plan, opens=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 5))
    f.report(world.task_a, world.dept, State.SUBMITTED, round=rnd, submitted_at=at(dt.date(2026, 4, 2)))
    f.report(world.task_c, world.other_city, State.APPROVED, round=rnd, submitted_at=at(dt.date(2026, 4, 2)))
    # returned by the office, so approved by the city's leader first
    returned = f.report(world.task_b, world.city, State.RETURNED, round=rnd, submitted_at=at(dt.date(2026, 4, 2)),
                        approved_at=at(dt.date(2026, 4, 2)), review_comment=f.hostile("数据不全"))
    return Day(TODAY, rnd, returned)
