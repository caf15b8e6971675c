"""Small factories for tests.

Every text field defaults to hostile text: mixed scripts, full-width
punctuation and markup. A page that renders one of these objects therefore
doubles as an escaping test (look for HOSTILE_MARK unescaped).
"""

from __future__ import annotations

import datetime as dt
import itertools

from luoshi.accounts.models import User
from luoshi.meetings.models import Meeting
from luoshi.org.models import Organization, Person, Region
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.work.models import Assignment, Plan, Task

HOSTILE_MARK = "<script>alert(1)</script>"
_seq = itertools.count(1)


def hostile(label: str) -> str:
    """A unique label with Traditional and Simplified characters, full-width punctuation and markup."""
    return f"{label}{next(_seq)}（測試·测试）「{HOSTILE_MARK}」&amp;"


def region(code: str = "329901", name: str = "测试市", level: str = "prefecture", parent=None) -> Region:
    obj, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})
    return obj


def org(name: str | None = None, kind: str = Organization.Kind.DEPARTMENT, parent=None, region=None) -> Organization:
    return Organization.objects.create(name=name or hostile("单位"), kind=kind, parent=parent, region=region)


def person(name: str | None = None) -> Person:
    return Person.objects.create(name=name or hostile("张"))


PASSWORD = "Correct-horse-42"
_hashed: list[str] = []


def user(username: str, role: str, organization=None, **extra) -> User:
    # Argon2 is slow by design; hash the shared test password once per run.
    if not _hashed:
        from django.contrib.auth.hashers import make_password

        _hashed.append(make_password(PASSWORD))
    return User.objects.create(
        username=username, password=_hashed[0], role=role, organization=organization,
        display_name=hostile(username), **extra,
    )


def plan(organization, title: str | None = None, year: int = 2026, **extra) -> Plan:
    return Plan.objects.create(organization=organization, title=title or hostile("重点工作安排"), year=year, **extra)


def task(plan, lead=None, support=(), title: str | None = None, parent=None, **extra) -> Task:
    obj = Task.objects.create(plan=plan, parent=parent, title=title or hostile("重点任务"), **extra)
    if lead is not None:
        Assignment.objects.create(task=obj, organization=lead, role=Assignment.Role.LEAD)
    for unit in support:
        Assignment.objects.create(task=obj, organization=unit, role=Assignment.Role.SUPPORT)
    return obj


def meeting(organization, title: str | None = None, **extra) -> Meeting:
    return Meeting.objects.create(organization=organization, title=title or hostile("全体会议"), **extra)


def reporting_round(plan, label: str = "2026年一季度", opens=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 5)):
    return ReportingRound.objects.create(plan=plan, period_label=label, opens=opens, deadline=deadline)


def report(task, organization, state: str = ProgressReport.State.DRAFT, percent: int = 10, **extra) -> ProgressReport:
    return ProgressReport.objects.create(
        task=task, organization=organization, text=extra.pop("text", hostile("进展")), percent=percent,
        state=state, **extra,
    )
