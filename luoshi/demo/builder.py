"""Write the sample programme of luoshi.demo.content into the database.

The story is told by topic, one module each, put together here:

- directory: the province's organizations, the accounts and personas, the
  people and the group's seats, the intake's lead-unit table;
- plenary: the sample report stored, read by the intake job, reviewed and
  confirmed as the office, which makes the meeting, the plan and its tasks;
- programme: the tasks completed from the confirm (or added by hand), their
  units, milestones and indicators, and each unit's sign-for or return;
- reports: the reporting rounds, the reports through their steps, extension
  requests and decisions, the completion report that closes a task;
- supervision: manual reminders, the daily digest, the supervision bulletin;
- clock: the story's times, the result, and the events written at the end.

After the plan the year is replayed in date order (_Builder.year), so each
step sees the programme as it was that day.

Idempotent by construction: the document is found by its hash and a
confirmed document is not reviewed again; every other row is looked up by
its natural key (username; organization parent + name; plan organization +
title; task plan + external_id; …) and created only when missing. Nothing
that exists is changed, so a second run creates nothing, writes no events,
and leaves edits made through the UI alone. A task of the report that was
deleted is confirmed again from its sentence. The steps the story replays on
existing rows (signing for an assignment, deciding an extension, closing a
task) happen only while the row is still in the state the step starts from.

The intake flow and the bulletin's create/save take the story's time (at=)
and are called. The other services of luoshi.work, luoshi.reporting and
luoshi.supervision act at the time of the call (timezone.now()) and write
their events at once, which would put them out of date order on a task's
timeline (below), so the builder writes the rows those services would write,
with the story's times, and records the same events; where a service piece
is independent of the clock it is called (the digest's items and messages,
the manual reminder's message, the attachment store).

Audit events carry the time the step happened in the story (Event.at), not
the time of the run, so a task's timeline reads in date order: the builder's
own events are collected and written at the end of the run sorted by that
time (clock.Story.record). Rows the demo creates get the same time as their
created_at.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from django.db import transaction

from luoshi.demo import clock
from luoshi.demo import content as c
from luoshi.demo.clock import TZ, DemoError, Result
from luoshi.demo.directory import Directory
from luoshi.demo.plenary import Plenary
from luoshi.demo.programme import Programme
from luoshi.demo.reports import Reports
from luoshi.demo.supervision import Supervision

__all__ = ["TZ", "DemoError", "Result", "build"]


class _Builder(Directory, Plenary, Programme, Reports, Supervision):
    def year(self) -> None:
        """Replay the year after the plan: reports, extensions, reminders, the digest and the bulletin.

        Steps run in the order of their time, so each sees the programme as it
        was that day: the bulletin of 10 October is drafted before the reports
        sent in November exist, the digest of 25 November after everything
        before it.
        """
        rounds = self.rounds()
        steps: list[tuple[dt.datetime, Callable[[], None]]] = []
        for spec in c.REPORTS:
            steps.append((self.written(spec), functools.partial(self.report, spec, rounds[spec["round"]])))
        for spec in c.EXTENSIONS:
            steps.append((clock.at(spec["requested"]), functools.partial(self.request_extension, spec)))
            if "decided" in spec:
                steps.append((clock.at(spec["decided"]), functools.partial(self.grant_extension, spec)))
        for spec in c.MANUAL_REMINDERS:
            steps.append((clock.at(spec["at"]), functools.partial(self.remind, spec)))
        steps.append((clock.at(c.BULLETIN["created"]), self.bulletin))
        steps.append((clock.at(c.DIGEST_SENT), self.digest))
        for _when, step in sorted(steps, key=lambda s: s[0]):
            step()


def build() -> Result:
    """Create whatever part of the sample programme is missing, in one transaction."""
    builder = _Builder()
    with transaction.atomic():
        builder.organizations()
        builder.accounts()
        builder.people_and_seats()
        builder.area_leads()
        builder.intake()
        builder.plan()
        builder.year()
        builder.write_events()
    return builder.result
