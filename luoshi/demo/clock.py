"""The story's clock and ledger: its times, its result, and the events it defers.

Every step of the demo happened at a time of the story (content.py gives
them as (month, day, hour, minute) of 2026, Shanghai time), not at the time
of the run. Rows get that time as their created_at (backdate) and events as
their Event.at. The builder's own events are collected by Story.record and
written by Story.write_events at the end of the run, sorted by that time, so
that every timeline reads in date order whatever order the code made the
rows in.

Story is the base of the topic mixins (directory, plenary, programme,
reports, supervision) that luoshi.demo.builder puts together; the attributes
declared on it are the ones the topics share.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import models

from luoshi.accounts.models import User
from luoshi.audit.events import record

if TYPE_CHECKING:
    from luoshi.meetings.models import Commitment, Directive, Meeting, SourceDocument
    from luoshi.org.models import Organization, Person, Region
    from luoshi.work.models import Plan, Task, WorkArea

TZ = ZoneInfo("Asia/Shanghai")


class DemoError(Exception):
    """The database lacks something the demo builds on (run migrate first)."""


@dataclass
class Result:
    created: Counter = field(default_factory=Counter)
    personas: list[User] = field(default_factory=list)
    # What the office corrected in the reading of the sample report before
    # confirming it: hints for the intake rules.
    corrections: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def at(parts: tuple[int, int, int, int] | None) -> dt.datetime | None:
    """The story's time for content.py's (month, day, hour, minute); None for None."""
    if parts is None:
        return None
    month, day, hour, minute = parts
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def backdate(obj: models.Model, when: dt.datetime) -> None:
    """Give a row the demo just created its historical created_at (auto_now_add wrote the run's time)."""
    type(obj)._default_manager.filter(pk=obj.pk).update(created_at=when)
    obj.created_at = when


class Story:
    """What the topics share: the result, the rows found or made so far by name, the deferred events."""

    # Set by the directory.
    province: Region
    cities: dict[str, Region]
    group: Organization
    areas: dict[str, WorkArea]
    # Set by the plenary.
    document: SourceDocument
    plenary: Meeting
    directives: dict[str, Directive]
    commitments: dict[str, Commitment]
    # Set by the programme.
    the_plan: Plan
    tasks: dict[str, Task]

    def __init__(self) -> None:
        self.result = Result()
        self.orgs: dict[str, Organization] = {}
        self.users: dict[str, User] = {}
        self.people: dict[str, Person] = {}
        self._events: list[tuple] = []

    def record(self, actor, action: str, obj: models.Model, changes: dict[str, Any] | None = None,
               task: Task | None = None, *, at: dt.datetime) -> None:
        """An event of the story, written by write_events() in the order of the story's time.

        The builder creates rows in the order the code is easiest to read (a
        report with all its steps, then the next), not in date order; the log
        gets them in date order, so every timeline's rows are in time order.
        """
        self._events.append((at, len(self._events), actor, action, obj, changes, task))

    def write_events(self) -> None:
        for when, _n, actor, action, obj, changes, task in sorted(self._events, key=lambda e: (e[0], e[1])):
            record(actor, action, obj, changes, task=task, at=when)
        self._events.clear()

    def get_or_create(self, model: type[models.Model], defaults: dict[str, Any] | None = None,
                      **lookup: Any) -> tuple[Any, bool]:
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.result.created[model._meta.label] += 1
        return obj, created

    @property
    def office_user(self) -> User:
        return self.users["office"]
