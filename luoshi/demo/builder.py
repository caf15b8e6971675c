"""Write the sample programme of luoshi.demo.content into the database.

The plenary and its plan are made the way an office makes them: the sample
report (content.REPORT_PATH, written for the demo) is stored as a source
document, read by luoshi.intake in the intake job, reviewed (_Review: the
review page's initial values, corrected where the reading is wrong, each
correction listed in Result.corrections) and confirmed with
luoshi.ingest.services.confirm_document as the office persona. The rest of
the story (external ids, start dates, milestones, indicators, reports,
completion, the moved due date) is then attached to the tasks the confirm
created, found by the sentence they came from. Then the year is replayed in
date order (_Builder.supervision): each unit signs for its assignments or
returns one, reports go through their steps, a unit asks for more time and
the office decides, a completion report closes a task, the office reminds
units, the daily digest runs, and the first supervision bulletin is drafted
by luoshi.supervision.bulletin and edited once.

Idempotent by construction: the document is found by its hash and a
confirmed document is not reviewed again; every other row is looked up by
its natural key (username; organization parent + name; plan organization +
title; task plan + external_id; …) and created only when missing. Nothing
that exists is changed, so a second run creates nothing, writes no events,
and leaves edits made through the UI alone. A task of the report that was
deleted is confirmed again from its sentence. The steps the story replays on
existing rows (signing for an assignment, deciding an extension, closing a
task) happen only while the row is still in the state the step starts from.

The services of luoshi.work, luoshi.reporting and luoshi.supervision act at
the time of the call (timezone.now()), so the builder writes the rows those
services would write, with the story's times, and records the same events;
where a service piece is independent of the clock it is called (the
bulletin's draft, the digest's items and messages, the manual reminder's
message, the attachment store).

Audit events carry the time the step happened in the story (Event.at), not
the time of the run, so a task's timeline reads in date order: the builder's
own events are collected and written at the end of the run sorted by that
time (_Builder.record), the intake flow's under _story_clock(). Rows the demo
creates get the same time as their created_at.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import translation

from luoshi.accounts.models import User
from luoshi.audit.events import record
from luoshi.audit.models import Event
from luoshi.demo import content as c
from luoshi.ingest import reading, review, services
from luoshi.ingest.models import AreaLead
from luoshi.jobs import runner
from luoshi.jobs.models import Job
from luoshi.meetings.models import (
    AgendaItem,
    Commitment,
    Directive,
    Meeting,
    Participation,
    ReviewState,
    SourceDocument,
    Venue,
)
from luoshi.org.models import Membership, Organization, Person, Post, Region
from luoshi.org.regions import load_regions
from luoshi.reporting import services as reporting_services
from luoshi.reporting.models import ProgressReport, ReportAttachment, ReportingRound
from luoshi.supervision import bulletin as bulletins
from luoshi.supervision import digest as digests
from luoshi.supervision import mail
from luoshi.supervision.actions import manual_message
from luoshi.supervision.models import Bulletin, BulletinVersion, Digest, Reminder
from luoshi.work.models import (
    Assignment,
    ExtensionRequest,
    Indicator,
    Milestone,
    Observation,
    Plan,
    Task,
    WorkArea,
)
from luoshi.work.services import sign_days

TZ = ZoneInfo("Asia/Shanghai")
UNIT_ROLES = (User.Role.UNIT_REPORTER, User.Role.UNIT_LEADER)
# An assignment the unit has answered (or the office has given again) is left as it is.
_ANSWERS = ("assignment.signed", "assignment.returned", "assignment.reassigned")


# Rows the intake flow (store, read, confirm) may create, counted by Builder.counting().
_FLOW_MODELS: tuple[type[models.Model], ...] = (
    SourceDocument, Job, Meeting, Venue, Participation, AgendaItem, Directive, Commitment,
    Organization, Person, Post, Plan, Task, Assignment,
)


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


def _at(parts: tuple[int, int, int, int] | None) -> dt.datetime | None:
    if parts is None:
        return None
    month, day, hour, minute = parts
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def _backdate(obj: models.Model, when: dt.datetime) -> None:
    """Give a row the demo just created its historical created_at (auto_now_add wrote the run's time)."""
    type(obj)._default_manager.filter(pk=obj.pk).update(created_at=when)
    obj.created_at = when


@contextmanager
def _story_clock(start: dt.datetime) -> Iterator[None]:
    """Have the events the intake flow writes carry the story's time, a second apart from `start`.

    The flow (luoshi.ingest) is the live code path and records the time of the
    call; the demo replays it on the day the office did it. The event log is
    append-only, so the time has to be right when the event is written.
    """
    ticks = itertools.count()

    def record_then(actor, action, obj, changes=None, task=None, at=None):
        return record(actor, action, obj, changes, task=task,
                      at=at or start + dt.timedelta(seconds=next(ticks)))

    saved = reading.record_event, services.record_event
    reading.record_event = services.record_event = record_then
    try:
        yield
    finally:
        reading.record_event, services.record_event = saved


def _confirmed(items: models.Manager, text: str):
    """The confirmed directive or commitment of the sample report with this text."""
    found = items.filter(text=text, state=ReviewState.CONFIRMED).first()
    if found is None:
        raise DemoError(f"the sample report has no confirmed sentence {text[:24]}…")
    return found


class _Builder:
    def __init__(self) -> None:
        self.result = Result()
        self.orgs: dict[str, Organization] = {}
        self.users: dict[str, User] = {}
        self.people: dict[str, Person] = {}
        self._events: list[tuple] = []

    # -- plumbing ------------------------------------------------------------

    def record(self, actor, action: str, obj: models.Model, changes: dict[str, Any] | None = None,
               task: Task | None = None, *, at: dt.datetime) -> None:
        """An event of the story, written by write_events() in the order of the story's time.

        The builder creates rows in the order the code is easiest to read (a
        report with all its steps, then the next), not in date order; the log
        gets them in date order, so every timeline's rows are in time order.
        """
        self._events.append((at, len(self._events), actor, action, obj, changes, task))

    def write_events(self) -> None:
        for at, _n, actor, action, obj, changes, task in sorted(self._events, key=lambda e: (e[0], e[1])):
            record(actor, action, obj, changes, task=task, at=at)
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

    # -- organizations -------------------------------------------------------

    def organizations(self) -> None:
        # Regions are reference data seeded by a migration; reloading them here
        # restores any that were deleted (and repairs edited ones) first.
        region_created, region_updated = load_regions()
        if region_created:
            self.result.created["org.Region"] += region_created
        if region_updated:
            self.result.created["org.Region (repaired)"] += region_updated
        try:
            province = Region.objects.get(code=c.PROVINCE_CODE)
        except Region.DoesNotExist as exc:
            raise DemoError(f"region {c.PROVINCE_CODE} is missing") from exc
        self.province = province
        self.cities = {r.short_name: r for r in Region.objects.filter(parent=province)}

        K = Organization.Kind
        self.group = self._org(c.GROUP_NAME, c.GROUP_SHORT, K.LEADING_GROUP, None, province)
        self._org(c.OFFICE_NAME, c.OFFICE_SHORT, K.OFFICE, self.group, province)
        government = self._org(c.GOVERNMENT_NAME, c.GOVERNMENT_SHORT, K.GOVERNMENT, None, province)
        for name, short in c.DEPARTMENTS:
            self._org(name, short, K.DEPARTMENT, government, province)
        # City governments sit under the provincial government so that
        # "units under my unit" reads the administrative hierarchy.
        for region in sorted(self.cities.values(), key=lambda r: r.code):
            self._org(f"{region.name}人民政府", f"{region.name}政府", K.GOVERNMENT, government, region)

    def _org(self, name: str, short: str, kind: str, parent: Organization | None, region: Region) -> Organization:
        org, _ = self.get_or_create(
            Organization, parent=parent, name=name, defaults={"short_name": short, "kind": kind, "region": region}
        )
        self.orgs[short] = org
        return org

    def org(self, short: str | None) -> Organization | None:
        return self.orgs[short] if short else None

    # -- accounts ------------------------------------------------------------

    def accounts(self) -> None:
        for spec in c.PERSONAS:
            self.result.personas.append(self._user(*spec, usable=True))
        for spec in c.AUTHORS + c.CLERKS:
            self._user(*spec, usable=False)

    def _user(self, username: str, display: str, role: str, org_short: str | None, is_staff: bool,
              usable: bool) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=display, role=role, organization=self.org(org_short),
                        is_staff=is_staff, language=User.Language.HANS)
            if usable:
                user.set_password(c.PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
            self.result.created["accounts.User"] += 1
        self.users[username] = user
        return user

    # -- people and the group ------------------------------------------------

    def people_and_seats(self) -> None:
        for name, posts, seat in c.PEOPLE:
            person = Person.objects.filter(name=name).first()
            if person is None:
                person = Person.objects.create(name=name)
                self.result.created["org.Person"] += 1
            self.people[name] = person
            group_post = None
            for title, org_short in posts:
                post, _ = self.get_or_create(
                    Post, person=person, title=title, organization=self.org(org_short),
                    defaults={"start": c.POST_START},
                )
                if org_short == c.GROUP_SHORT:
                    group_post = post
            if seat:
                self.get_or_create(Membership, group=self.group, person=person, role=seat,
                                   defaults={"post": group_post})

    # -- the intake's lead-unit table ------------------------------------------

    def area_leads(self) -> None:
        areas = {a.slug: a for a in WorkArea.objects.all()}
        missing = ({slug for _key, slug, _text in c.DIRECTIVES} | set(c.AREA_LEADS)) - areas.keys()
        if missing:
            raise DemoError(f"work areas missing: {', '.join(sorted(missing))} (run migrate)")
        self.areas = areas
        for slug, (lead, supports) in c.AREA_LEADS.items():
            units = [(AreaLead.Role.LEAD, lead)] + [(AreaLead.Role.SUPPORT, s) for s in supports]
            for role, short in units:
                self.get_or_create(AreaLead, work_area=areas[slug], organization=self.orgs[short],
                                   defaults={"role": role})

    # -- the plenary, through the intake flow ----------------------------------

    def intake(self) -> None:
        """Store the sample report, read it with the intake job, review and confirm it as the office."""
        document = self._stored_and_read()
        if document.state == SourceDocument.State.READ:
            with self.counting(), _story_clock(_at(c.REPORT_CONFIRMED)):
                decisions = _Review(self, document).decisions()
                confirmed = services.confirm_document(self.office_user, document, decisions)
            self._backdate_to_events(confirmed.tasks_created)
            document.refresh_from_db()
        if document.state != SourceDocument.State.CONFIRMED:
            raise DemoError(f"the sample report is {document.state}, not confirmed")
        self.document = document

        self.plenary = document.meetings.first()
        if self.plenary is None:
            raise DemoError("the sample report is confirmed but its meeting is gone")
        if not self.plenary.summary:
            Meeting.objects.filter(pk=self.plenary.pk).update(summary=c.MEETING_SUMMARY)
        self.directives: dict[str, Directive] = {}
        for key, _slug, text in c.DIRECTIVES:
            self.directives[key] = _confirmed(document.directives, text)
        self.commitments: dict[str, Commitment] = {}
        for key, _parent, text in c.COMMITMENTS:
            self.commitments[key] = _confirmed(document.commitments, text)

    def _stored_and_read(self) -> SourceDocument:
        data = c.REPORT_PATH.read_bytes()
        stored_at = _at(c.REPORT_STORED)
        with self.counting(), _story_clock(stored_at):
            stored = reading.store(self.office_user, data, c.REPORT_FILENAME, c.REPORT_PUBLISHED)
            document = stored.document
            if stored.created:
                SourceDocument.objects.filter(pk=document.pk).update(uploaded_at=stored_at)
            elif document.state in (SourceDocument.State.STORED, SourceDocument.State.READING,
                                    SourceDocument.State.FAILED):
                reading.reread(self.office_user, document)  # stored by hand, or an earlier reading failed
        if stored.created or document.state != SourceDocument.State.CONFIRMED:
            with self.counting(), _story_clock(_at(c.REPORT_READ)):
                self._run_read_job(document)
        document.refresh_from_db()
        if document.state == SourceDocument.State.FAILED:
            raise DemoError(f"the sample report could not be read: {document.error}")
        return document

    def _run_read_job(self, document: SourceDocument) -> None:
        """Run this document's queued reading, as a worker would (and no one else's queued job)."""
        job = (Job.objects.filter(kind=reading.READ_JOB, payload__document=document.pk, state=Job.State.QUEUED)
               .order_by("pk").last())
        if job is None:
            return
        when = _at(c.REPORT_READ)
        Job.objects.filter(pk=job.pk).update(created=_at(c.REPORT_STORED))
        if runner.try_claim(job.pk, "load_demo"):
            runner.run_one(Job.objects.get(pk=job.pk))
            Job.objects.filter(pk=job.pk).update(started=when, finished=when)

    def _backdate_to_events(self, tasks: list[Task]) -> None:
        """Rows the confirm created get the time of their event (auto_now_add wrote the run's time)."""
        for model, action, pks in (
            (Task, "task.created", [t.pk for t in tasks]),
            (Assignment, "assignment.created", list(Assignment.objects.filter(task__in=tasks).values_list("pk", flat=True))),
            (Plan, "plan.created", list({t.plan_id for t in tasks})),
        ):
            events = Event.objects.filter(object_type=model._meta.label_lower, action=action,
                                          object_id__in=[str(pk) for pk in pks])
            for event in events:
                model.objects.filter(pk=int(event.object_id)).update(created_at=event.at)

    @contextmanager
    def counting(self) -> Iterator[None]:
        """Count the rows the intake flow creates, as get_or_create counts the builder's own."""
        before = {m: m.objects.count() for m in _FLOW_MODELS}
        yield
        for model, count in before.items():
            made = model.objects.count() - count
            if made > 0:
                self.result.created[model._meta.label] += made

    def repair(self, plan: Plan, directives: list[dict] = (), commitments: list[dict] = ()) -> list[Task]:
        """Confirm a few directives or commitments again: recreates their task if it was deleted."""
        with self.counting(), _story_clock(_at(c.REPORT_CONFIRMED)):
            confirmed = services.confirm_document(self.office_user, self.document, {
                "meeting": None, "plan": {"id": plan.pk},
                "directives": list(directives), "commitments": list(commitments),
            })
        self._backdate_to_events(confirmed.tasks_created)
        return confirmed.tasks_created

    def directive_decision(self, key: str, directive: Directive) -> dict[str, Any]:
        """What the reviewer sets for a directive: its work area, the task's title, due date and units."""
        slug = next(s for k, s, _t in c.DIRECTIVES if k == key)
        spec = next(t for t in c.TASKS if t["key"] == key)
        return {"id": directive.pk, "decision": "confirm", "text": directive.text, "title": spec["title"],
                "work_area": self.areas[slug].pk, "deadline": spec["due"],
                "lead": [self.orgs[spec["lead"]].pk], "support": [self.orgs[s].pk for s in spec["support"]],
                "new_lead": [], "new_support": []}

    def commitment_decision(self, key: str, commitment: Commitment, parent: Directive) -> dict[str, Any]:
        return {"id": commitment.pk, "decision": "confirm", "text": commitment.text,
                "party": self.orgs[f"{c.COMMITMENT_PARTY}市政府"].pk, "new_party": "", "parent": parent.pk}

    # -- the plan ------------------------------------------------------------

    def plan(self) -> None:
        plan = Plan.objects.filter(organization=self.group, title=c.PLAN_TITLE).first()
        if plan is None:
            raise DemoError(f"confirming the sample report made no plan {c.PLAN_TITLE}")
        if plan.period_start is None or plan.period_end is None:
            # The period is not on the review page; the office sets it on the plan.
            Plan.objects.filter(pk=plan.pk).update(year=c.PLAN_YEAR, period_start=c.PLAN_START,
                                                   period_end=c.PLAN_END)
            plan.refresh_from_db()
        self.the_plan = plan
        self.tasks: dict[str, Task] = {}
        first_of_key: set[str] = set()
        for order, spec in enumerate(c.TASKS, start=1):
            confirmed = spec["key"] not in first_of_key
            first_of_key.add(spec["key"])
            self._task(plan, order, spec, confirmed)

    def _task(self, plan: Plan, order: int, spec: dict, confirmed: bool) -> None:
        # Completed one after another the morning after the plenary (or added
        # by hand later, at `recorded`); assignments follow a minute apart.
        if "recorded" in spec:
            entered = _at(spec["recorded"])
        else:
            entered = _at(c.TASKS_RECORDED) + dt.timedelta(minutes=c.TASK_SPACING_MINUTES * (order - 1))
        task = plan.tasks.filter(external_id=spec["ext"]).first()
        if task is None and confirmed:
            task = self._from_confirm(plan, spec)
            if task is not None:
                self._complete(task, order, spec, entered)
        if task is None:
            task = self._by_hand(plan, order, spec, entered)
        self.tasks[spec["ext"]] = task
        units = [(Assignment.Role.LEAD, spec["lead"])] + [(Assignment.Role.SUPPORT, s) for s in spec["support"]]
        for n, (role, short) in enumerate(units, start=1):
            when = max(entered, task.created_at) + dt.timedelta(minutes=n)
            assignment, made = self.get_or_create(
                Assignment, task=task, organization=self.orgs[short],
                defaults={"role": role, "assigned_by": self.office_user,
                          "due_to_sign": when.astimezone(TZ).date() + dt.timedelta(days=sign_days())},
            )
            if made:
                _backdate(assignment, when)
                self.record(self.office_user, "assignment.created", assignment,
                            {"organization": str(assignment.organization), "role": role}, task=task, at=when)
            self._answer(task, assignment, spec["ext"], short, order, n)
        for title, month, day, percent in spec.get("milestones", []):
            self.get_or_create(Milestone, task=task, title=title,
                               defaults={"planned_date": dt.date(c.PLAN_YEAR, month, day),
                                         "planned_percent": percent})
        if "indicator" in spec:
            name, unit, baseline, target, direction = spec["indicator"]
            indicator, _ = self.get_or_create(
                Indicator, task=task, name=name,
                defaults={"unit": unit, "baseline": Decimal(str(baseline)), "target": Decimal(str(target)),
                          "direction": direction},
            )
            for period, value in spec.get("observations", []):
                self.get_or_create(Observation, indicator=indicator, period=period,
                                   defaults={"value": Decimal(value)})

    def _from_confirm(self, plan: Plan, spec: dict) -> Task | None:
        """The task confirming the report made for this spec's sentence (confirmed again if it was deleted)."""
        key = spec["key"]
        if key in self.commitments:
            commitment = self.commitments[key]
            task = commitment.tasks.filter(plan=plan, external_id="").first()
            if task is None and not commitment.tasks.filter(plan=plan).exists():
                parent_key = next(p for k, p, _t in c.COMMITMENTS if k == key)
                self.repair(plan, commitments=[self.commitment_decision(key, commitment,
                                                                        self.directives[parent_key])])
                task = commitment.tasks.filter(plan=plan, external_id="").first()
            return task
        directive = self.directives[key]
        top = directive.tasks.filter(plan=plan, parent=None)
        task = top.filter(external_id="").first()
        if task is None and not top.exists():
            self.repair(plan, directives=[self.directive_decision(key, directive)])
            task = top.filter(external_id="").first()
        return task

    def _complete(self, task: Task, order: int, spec: dict, when: dt.datetime) -> None:
        """The office completes a confirmed task's row of the breakdown table (an edit on the timeline)."""
        wanted = {"external_id": spec["ext"], "order": order, "title": spec["title"],
                  "description": spec["description"], "start": spec["start"], "due": spec["due"]}
        changes = {name: [getattr(task, name), value] for name, value in wanted.items()
                   if getattr(task, name) != value}
        Task.objects.filter(pk=task.pk).update(**wanted, version=F("version") + 1, updated_at=when)
        task.refresh_from_db()
        self.record(self.office_user, "task.updated", task, changes, at=when)
        if "region" in spec:
            task.regions.add(self.cities[spec["region"]])

    def _by_hand(self, plan: Plan, order: int, spec: dict, entered: dt.datetime) -> Task:
        """A task the office adds to the plan itself (or one the report cannot give again)."""
        parent = self.tasks[spec["parent"]] if "parent" in spec else None
        key = spec["key"]
        commitment = self.commitments.get(key)
        if commitment is not None:
            # A commitment shares its provincial task's work area and directive.
            parent_key = next(p for k, p, _t in c.COMMITMENTS if k == key)
        else:
            parent_key = key
        directive = self.directives[parent_key]
        area = self.areas[next(slug for k, slug, _t in c.DIRECTIVES if k == parent_key)]
        task, created = self.get_or_create(
            Task, plan=plan, external_id=spec["ext"],
            defaults={"parent": parent, "order": order, "title": spec["title"], "description": spec["description"],
                      "work_area": area, "start": spec["start"], "due": spec["due"],
                      "source_directive": directive, "source_commitment": commitment},
        )
        if created:
            _backdate(task, entered)
            self.record(self.office_user, "task.created", task,
                   {"title": task.title, "due": task.due, "work_area": area.slug}, at=entered)
            if "region" in spec:
                task.regions.add(self.cities[spec["region"]])
        return task

    # -- reporting -----------------------------------------------------------

    # -- sign-for (签收) ----------------------------------------------------------

    def _answer(self, task: Task, assignment: Assignment, ext: str, short: str, order: int, n: int) -> None:
        """The unit's answer to its assignment: signed for the day or two after, or returned with a reason."""
        if (ext, short) in c.UNSIGNED or not self._unanswered(assignment):
            return
        returned = next((r for r in c.RETURNED_ASSIGNMENTS if (r["task"], r["unit"]) == (ext, short)), None)
        if returned is None:
            # Each unit at its own time from SIGNED_FROM (the 14th or the 15th), never before it was assigned.
            slot = _at(c.SIGNED_FROM) + dt.timedelta(days=(order + n) % 2, minutes=(order * 37 + n * 53) % 400)
            self._sign(task, assignment, max(slot, assignment.created_at + dt.timedelta(hours=2)))
            return

        when, by, reason = _at(returned["at"]), self.users[returned["by"]], returned["reason"]
        Assignment.objects.filter(pk=assignment.pk).update(
            state=Assignment.State.RETURNED, returned_by=by, returned_at=when, return_reason=reason,
            **self._assigned_fields(assignment),
        )
        self.record(by, "assignment.returned", assignment,
                    {"state": [Assignment.State.PENDING, Assignment.State.RETURNED], "reason": [None, reason]},
                    task=task, at=when)
        self.result.created["assignments returned"] += 1

        # The office gives the part to the unit the returning one named; it signs for it the same day.
        unit, given = self.orgs[returned["replacement"]], _at(returned["reassigned"])
        row, made = self.get_or_create(
            Assignment, task=task, organization=unit,
            defaults={"role": Assignment.Role.SUPPORT, "assigned_by": self.office_user,
                      "due_to_sign": given.date() + dt.timedelta(days=sign_days())},
        )
        if made:
            _backdate(row, given)
            Task.objects.filter(pk=task.pk).update(version=F("version") + 1)
            self.record(self.office_user, "assignment.created", row,
                        {"organization": [None, str(unit)], "role": [None, row.role],
                         "due_to_sign": [None, row.due_to_sign]}, task=task, at=given)
        if self._unanswered(row):
            self._sign(task, row, _at(returned["signed"]))

    @staticmethod
    def _unanswered(assignment: Assignment) -> bool:
        return assignment.state == Assignment.State.PENDING and not Event.objects.filter(
            object_type="work.assignment", object_id=str(assignment.pk), action__in=_ANSWERS
        ).exists()

    def _assigned_fields(self, assignment: Assignment) -> dict[str, Any]:
        """Who assigned it and the sign-for deadline, where the intake's confirm left them empty."""
        fields: dict[str, Any] = {}
        if assignment.assigned_by_id is None:
            fields["assigned_by"] = self.office_user
        if assignment.due_to_sign is None:
            fields["due_to_sign"] = assignment.created_at.astimezone(TZ).date() + dt.timedelta(days=sign_days())
        return fields

    def _sign(self, task: Task, assignment: Assignment, when: dt.datetime) -> None:
        signer = (User.objects.filter(organization_id=assignment.organization_id, role__in=UNIT_ROLES,
                                      is_active=True).order_by("pk").first())
        if signer is None:
            raise DemoError(f"{assignment.organization} has no account to sign for its assignments")
        Assignment.objects.filter(pk=assignment.pk).update(
            state=Assignment.State.SIGNED, signed_by=signer, signed_at=when, **self._assigned_fields(assignment)
        )
        self.record(signer, "assignment.signed", assignment,
                    {"state": [Assignment.State.PENDING, Assignment.State.SIGNED]}, task=task, at=when)
        self.result.created["assignments signed for"] += 1

    # -- the year, in date order ------------------------------------------------

    def supervision(self) -> None:
        """Replay the year after the plan: reports, extensions, reminders, the digest and the bulletin.

        Steps run in the order of their time, so each sees the programme as it
        was that day: the bulletin of 10 October is drafted before the reports
        sent in November exist, the digest of 25 November after everything
        before it.
        """
        rounds: dict[str, ReportingRound] = {}
        for label, opens, deadline in c.ROUNDS:
            rounds[label], _ = self.get_or_create(
                ReportingRound, plan=self.the_plan, period_label=label, defaults={"opens": opens, "deadline": deadline}
            )
        steps: list[tuple[dt.datetime, Any]] = []
        for spec in c.REPORTS:
            steps.append((self._written(spec), functools.partial(self._report, spec, rounds[spec["round"]])))
        for spec in c.EXTENSIONS:
            steps.append((_at(spec["requested"]), functools.partial(self._request_extension, spec)))
            if "decided" in spec:
                steps.append((_at(spec["decided"]), functools.partial(self._grant_extension, spec)))
        for spec in c.MANUAL_REMINDERS:
            steps.append((_at(spec["at"]), functools.partial(self._remind, spec)))
        steps.append((_at(c.BULLETIN["created"]), self._bulletin))
        steps.append((_at(c.DIGEST_SENT), self._digest))
        for _when, step in sorted(steps, key=lambda s: s[0]):
            step()

    @staticmethod
    def _written(spec: dict) -> dt.datetime:
        return _at(spec["created"]) if "created" in spec else _at(spec["submitted"]) - c.CREATED_BEFORE_SUBMITTING

    # -- extension requests (延期申请) ----------------------------------------------

    def _request_extension(self, spec: dict) -> None:
        """The lead unit asks to move the due date, as luoshi.work.services.request_extension records it."""
        task = self.tasks[spec["task"]]
        if task.extension_requests.filter(requested_due=spec["requested_due"]).exists():
            return
        if task.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
            return  # someone asked through the UI: one open request per task
        lead = task.assignments.filter(role=Assignment.Role.LEAD).exclude(state=Assignment.State.RETURNED).first()
        if lead is None:
            return
        when, by = _at(spec["requested"]), self.users[spec["by"]]
        request = ExtensionRequest.objects.create(
            task=task, organization_id=lead.organization_id, previous_due=spec["previous_due"],
            requested_due=spec["requested_due"], reason=spec["reason"], requested_by=by,
        )
        ExtensionRequest.objects.filter(pk=request.pk).update(requested_at=when)
        self.result.created["work.ExtensionRequest"] += 1
        self.record(by, "extension.requested", request,
                    {"due": [request.previous_due, request.requested_due], "reason": [None, request.reason]},
                    at=when)

    def _grant_extension(self, spec: dict) -> None:
        """The office grants the request, as decide_extension records it: the task's due date moves."""
        task = self.tasks[spec["task"]]
        request = task.extension_requests.filter(
            requested_due=spec["requested_due"], state=ExtensionRequest.State.PENDING, requested_at=_at(spec["requested"])
        ).first()
        if request is None:
            return
        when, comment = _at(spec["decided"]), spec.get("comment", "")
        ExtensionRequest.objects.filter(pk=request.pk).update(
            state=ExtensionRequest.State.ACCEPTED, decided_by=self.office_user, decided_at=when,
            decision_comment=comment,
        )
        # A due date someone changed through the UI meanwhile is theirs to keep.
        Task.objects.filter(pk=task.pk, due=request.previous_due).update(
            due=request.requested_due, version=F("version") + 1, updated_at=when
        )
        task.refresh_from_db()
        self.result.created["extensions granted"] += 1
        self.record(self.office_user, "extension.accepted", request,
                    {"due": [request.previous_due, request.requested_due], "comment": [None, comment or None]},
                    task=task, at=when)

    # -- reminders (催办) and the daily digest -------------------------------------

    def _remind(self, spec: dict) -> None:
        """A manual reminder from the office, as luoshi.supervision.actions.remind writes it."""
        task, unit, when = self.tasks[spec["task"]], self.orgs[spec["unit"]], _at(spec["at"])
        if Reminder.objects.filter(task=task, organization=unit, kind=Reminder.Kind.MANUAL, created_at=when).exists():
            return
        recipients = list(User.objects.filter(is_active=True, role__in=UNIT_ROLES, organization=unit).order_by("pk"))
        if not recipients:
            return
        batch, note, rows = uuid.uuid4(), spec["note"], []
        for user in recipients:
            with mail.override(user):
                message = manual_message(task, note, mail.language_of(user))
            read = spec.get("read", {}).get(user.username)
            rows.append(Reminder(recipient=user, organization=unit, task=task, kind=Reminder.Kind.MANUAL,
                                 message=message, created_by=self.office_user, batch=batch,
                                 read_at=_at(read) if read else None))
        Reminder.objects.bulk_create(rows)
        Reminder.objects.filter(batch=batch).update(created_at=when)
        self.result.created["supervision.Reminder"] += len(rows)
        self.record(self.office_user, "task.reminded", task,
                    {"units": [str(unit)], "recipients": [u.username for u in recipients], "note": note},
                    task=task, at=when)

    def _digest(self) -> None:
        """One morning's run of send_reminders: luoshi.supervision.digest's items and messages, rows as its _write."""
        day, sent = c.DIGEST_DATE, _at(c.DIGEST_SENT)
        if Digest.objects.filter(date=day).exists():
            return
        by_unit = digests.items_by_unit(day)
        users = User.objects.filter(is_active=True, role__in=UNIT_ROLES, organization_id__in=by_unit).order_by("pk")
        for n, user in enumerate(users):
            items = by_unit[user.organization_id]
            when = sent + dt.timedelta(seconds=n)
            with mail.override(user):
                messages = [item.message(day, mail.language_of(user)) for item in items]
            digest = Digest.objects.create(recipient=user, date=day, items=len(items))
            _backdate(digest, when)
            Reminder.objects.bulk_create([
                Reminder(recipient=user, organization_id=user.organization_id, task=item.task, round=item.round,
                         kind=item.kind, message=text, digest_date=day)
                for item, text in zip(items, messages, strict=True)
            ])
            Reminder.objects.filter(recipient=user, digest_date=day).update(created_at=when)
            self.result.created["supervision.Digest"] += 1
            self.result.created["supervision.Reminder"] += len(items)
            self.record(None, "reminder.digest_sent", digest, {
                "recipient": user.username, "organization": str(user.organization_id), "date": day.isoformat(),
                "items": len(items), "kinds": dict(Counter(item.kind for item in items)),
            }, at=when)

    # -- the supervision bulletin (督查通报) ------------------------------------------

    def _bulletin(self) -> None:
        """The draft luoshi.supervision.bulletin writes for the date, saved as issue N+1, then edited once."""
        spec, plan, office = c.BULLETIN, self.the_plan, self.office_user
        if plan.bulletins.filter(as_of=spec["as_of"]).exists():
            return
        created, edited = _at(spec["created"]), _at(spec["edited"])
        language = mail.language_of(office)
        with translation.override(language):
            text = bulletins.draft(bulletins.summarize(plan, spec["as_of"]), language, bulletins.issuing_office(plan))
        number = (plan.bulletins.aggregate(n=Max("number"))["n"] or 0) + 1
        bulletin = Bulletin.objects.create(plan=plan, as_of=spec["as_of"], number=number, created_by=office)
        _backdate(bulletin, created)
        first = BulletinVersion.objects.create(bulletin=bulletin, version=1, text=text, author=office)
        _backdate(first, created)
        self.record(office, "bulletin.created", bulletin, {
            "plan": str(plan.code), "number": number, "as_of": spec["as_of"].isoformat(), "version": 1,
        }, at=created)
        text = f"{text.rstrip()}\n{spec['addition']}"
        second = BulletinVersion.objects.create(bulletin=bulletin, version=2, text=text, author=office)
        _backdate(second, edited)
        self.record(office, "bulletin.saved", bulletin, {"version": 2, "characters": len(text)}, at=edited)
        self.result.created["supervision.Bulletin"] += 1
        self.result.created["supervision.BulletinVersion"] += 2

    # -- reports ---------------------------------------------------------------

    def _report(self, spec: dict, round_: ReportingRound) -> None:
        task = self.tasks[spec["task"]]
        unit = self.orgs[spec["unit"]]
        lookup = {"task": task, "organization": unit, "round": round_, "version": spec["version"]}
        report = ProgressReport.objects.filter(**lookup).first()
        if report is not None:
            self._attachment(report, spec)
            return
        supersedes = None
        if "supersedes" in spec:
            supersedes = ProgressReport.objects.get(task=task, organization=unit, round=round_,
                                                    version=spec["supersedes"])
        author = self.users[spec["by"]]
        approver = self.users.get(spec.get("approver", ""))
        submitted, approved, reviewed = (_at(spec.get(k)) for k in ("submitted", "approved", "reviewed"))
        written = self._written(spec)
        report = ProgressReport.objects.create(
            **lookup, supersedes=supersedes, text=spec["text"], percent=spec["percent"], stage=spec["stage"],
            risk_flag=spec.get("risk_flag", False), risk_reason=spec.get("risk_reason", ""),
            is_completion=spec.get("completion", False), state=spec["state"],
            created_by=author,
            submitted_by=author if submitted else None, submitted_at=submitted,
            approved_by=approver if approved else None, approved_at=approved,
            reviewed_by=self.office_user if reviewed else None, reviewed_at=reviewed,
            review_comment=spec.get("comment", ""),
        )
        self.result.created["reporting.ProgressReport"] += 1
        _backdate(report, written)
        self._attachment(report, spec)

        # The timeline replays the steps the report went through, each at its time.
        self.record(author, "report.created", report, {"version": report.version, "percent": report.percent},
                    at=written)
        if submitted:
            self.record(author, "report.submitted", report,
                        {"state": ["draft", "submitted"], "submitted_at": [None, submitted]}, at=submitted)
        if approved:
            self.record(approver, "report.approved", report,
                        {"state": ["submitted", "approved"], "approved_at": [None, approved]}, at=approved)
        if reviewed:
            state = spec["state"] if spec["state"] in ("accepted", "returned") else "accepted"
            changes: dict[str, Any] = {"state": ["approved", state], "reviewed_at": [None, reviewed]}
            if report.review_comment:
                changes["review_comment"] = report.review_comment
            self.record(self.office_user, f"report.{state}", report, changes, at=reviewed)
            if state == "accepted" and report.is_completion:
                self._close(task, report, reviewed)

        if "observation" in spec:
            period, value = spec["observation"]
            indicator = task.indicators.first()
            if indicator is not None:
                self.get_or_create(Observation, indicator=indicator, period=period,
                                   defaults={"value": Decimal(value), "report": report})

    def _close(self, task: Task, report: ProgressReport, when: dt.datetime) -> None:
        """Accepting a completion report closes the task (办结销号), as review_report and close_task do."""
        if not Task.objects.filter(pk=task.pk, completed_at__isnull=True).update(
            completed_at=when, completed_by=self.office_user, version=F("version") + 1, updated_at=when
        ):
            return
        task.refresh_from_db()
        changes = {"completed_at": [None, when], "report": [None, str(report.code)]}
        if report.review_comment:
            changes["comment"] = [None, report.review_comment]
        self.record(self.office_user, "task.closed", task, changes, at=when)
        self.result.created["tasks closed"] += 1

    def _attachment(self, report: ProgressReport, spec: dict) -> None:
        """The report's evidence, stored by the reporting code that stores an upload (type check, hash, file)."""
        if "attachment" not in spec or report.attachments.exists():
            return
        name, text = spec["attachment"]
        upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")
        rows = reporting_services.attach_file(report.created_by, report, [upload])
        ReportAttachment.objects.filter(pk__in=[r.pk for r in rows]).update(uploaded_at=report.created_at)
        self.result.created["reporting.ReportAttachment"] += len(rows)


class _Review:
    """The office's review of the read report: the review page's initial values, corrected where they are wrong.

    Starts from what the page would show (luoshi.ingest.review's *_initial
    helpers, the same values its forms are filled with) and changes only what
    a reviewer would change, noting every change to the reading itself in
    Result.corrections. Draft edits (split, merge) go through the services the
    page's buttons call.
    """

    def __init__(self, builder: _Builder, document: SourceDocument) -> None:
        self.b = builder
        self.document = document

    def fix(self, note: str) -> None:
        self.b.result.corrections.append(note)

    def decisions(self) -> dict[str, Any]:
        meeting = self.meeting()
        directives, by_key = self.directives()
        commitments = self.commitments(by_key)
        return {"meeting": meeting, "plan": self.plan(meeting), "directives": directives,
                "commitments": commitments}

    # the meeting ----------------------------------------------------------

    def meeting(self) -> dict[str, Any]:
        meeting, venues, people, agenda = review.meeting_initial(self.document)
        if meeting.get("organization") != self.b.group.pk:
            self.fix(f"convening body: read {meeting.get('new_organization') or meeting.get('organization')!r}, "
                     f"matched to {c.GROUP_NAME}")
        meeting.update(organization=self.b.group.pk, new_organization="", skip=False)
        truth = {"title": c.MEETING_TITLE, "kind": Meeting.Kind.PLENARY, "session": c.MEETING_SESSION,
                 "date": c.MEETING_DATE, "format": Meeting.Format.VIDEO}
        for name, value in truth.items():
            if meeting.get(name) != value:
                self.fix(f"meeting {name}: read {meeting.get(name)!r}, confirmed {value!r}")
                meeting[name] = value
        meeting["venues"] = self.venues(venues)
        meeting["participants"] = self.participants(people)
        read_agenda = [(a["kind"], a["text"]) for a in agenda]
        if read_agenda != c.AGENDA:
            self.fix(f"agenda: read {read_agenda}, confirmed the four items of the meeting")
        meeting["agenda"] = [{"kind": kind, "text": text} for kind, text in c.AGENDA]
        return meeting

    def venues(self, read: list[dict]) -> list[dict]:
        cities = self.b.cities
        truth = {name: (cities[city].pk, is_main) for name, city, is_main in c.VENUES}
        kept: dict[str, dict] = {}
        for venue in read:
            name = venue["name"]
            if name not in truth or name in kept:
                # A misread name: the venue of the same region that is still missing, else nothing.
                name = next((n for n, (region, _m) in truth.items()
                             if region == venue["region"] and n not in kept and n not in {v["name"] for v in read}),
                            None)
                self.fix(f"venue {venue['name']!r}: " + (f"renamed {name}" if name else "dropped (not a venue)"))
                if name is None:
                    continue
            region, is_main = truth[name]
            if venue["region"] != region:
                self.fix(f"venue {name}: region not matched, set")
            if bool(venue["is_main"]) != is_main:
                where = "the main venue" if venue["is_main"] else "a sub-venue"
                self.fix(f"venue {name}: read as {where}, corrected")
            kept[name] = {"name": name, "region": region, "is_main": is_main}
        for name, (region, is_main) in truth.items():
            if name not in kept:
                self.fix(f"venue {name}: not read, added")
                kept[name] = {"name": name, "region": region, "is_main": is_main}
        return [kept[name] for name in truth]

    def participants(self, read: list[dict]) -> list[dict]:
        # The record has each person's venue; the review form has no venue field, so it is put back here.
        record_venue = {p.get("name"): p.get("venue") for m in (self.document.extraction or {}).get("meetings") or []
                        for p in m.get("people") or []}
        left = {p["name"]: p for p in read}
        rows = []
        for name, roles, posts, venue in c.PARTICIPANTS:
            row = left.pop(name, None)
            read_name = name
            if row is None:
                # A name read short (严景 for 严景和: 和 taken for "and") with the same posts.
                read_name = next((n for n, p in left.items() if name.startswith(n) and p["posts"] == posts), None)
                row = left.pop(read_name, None) if read_name else None
                self.fix(f"participant {name}: " + (f"read as {read_name!r}" if row else "not read, added"))
            if row is not None:
                if set(row["roles"]) != set(roles):
                    self.fix(f"participant {name}: roles read {row['roles']}, confirmed {roles}")
                if row["posts"] != posts:
                    self.fix(f"participant {name}: posts read {row['posts']!r}, confirmed {posts!r}")
                if record_venue.get(read_name) != venue:
                    self.fix(f"participant {name}: venue read {record_venue.get(read_name)!r}, confirmed {venue}")
            rows.append({"name": name, "posts": posts, "roles": roles, "venue": venue})
        for name in left:
            self.fix(f"participant {name!r}: dropped (not a participant)")
        return rows

    def plan(self, meeting: dict[str, Any]) -> dict[str, Any]:
        existing = Plan.objects.filter(organization=self.b.group, title=c.PLAN_TITLE).first()
        if existing is not None:
            return {"id": existing.pk}  # chosen from the list
        suggested = review.plan_initial(self.document, meeting)
        if (suggested.get("title"), suggested.get("year")) != (c.PLAN_TITLE, c.PLAN_YEAR):
            self.fix(f"new plan: suggested {suggested}, confirmed {c.PLAN_TITLE}")
        return {"title": c.PLAN_TITLE, "year": c.PLAN_YEAR, "organization": self.b.group.pk}

    # directives and commitments -----------------------------------------------

    def directives(self) -> tuple[list[dict], dict[str, Directive]]:
        text = self.document.text
        by_key: dict[str, Directive] = {}
        for key, _slug, sentence in c.DIRECTIVES:
            start = text.find(sentence)
            if start < 0:
                raise DemoError(f"the sample report lacks the directive {sentence[:24]}…")
            by_key[key] = self._align(sentence, start, start + len(sentence))
        initial = {row["id"]: row for row in review.directive_initial(self.document)}
        decisions = []
        for key, slug, sentence in c.DIRECTIVES:
            directive = by_key[key]
            row = initial[directive.pk]
            area = self.b.areas[slug]
            if row["work_area"] != area.pk:
                read = next((a.slug for a in self.b.areas.values() if a.pk == row["work_area"]), None)
                self.fix(f"work area of “{sentence[:16]}…”: read {read}, confirmed {slug}")
            decisions.append(self.b.directive_decision(key, directive))
        chosen = {d.pk for d in by_key.values()}
        for row in initial.values():
            if row["id"] not in chosen:
                self.fix(f"rejected “{row['text'][:16]}…” (not a directive)")
                decisions.append({"id": row["id"], "decision": "reject"})
        return decisions, by_key

    def _align(self, sentence: str, start: int, end: int) -> Directive:
        """The draft directive covering exactly this sentence, splitting or merging drafts as a reviewer would."""
        actor = self.b.office_user
        for _attempt in range(8):
            drafts = [d for d in self.document.directives.filter(state=ReviewState.DRAFT).order_by("order", "pk")
                      if d.span_start is not None and d.span_start < end and start < d.span_end]
            if not drafts:
                break
            first = drafts[0]
            if first.span_start < start:
                self.fix(f"split “{first.text[:16]}…” before “{sentence[:8]}…”")
                services.split_directive(actor, first, start - first.span_start)
            elif first.span_end > end:
                self.fix(f"split “{first.text[:16]}…” after “…{sentence[-8:]}”")
                services.split_directive(actor, first, end - first.span_start)
            elif len(drafts) > 1:
                self.fix(f"merged “{first.text[:16]}…” with the next draft")
                services.merge_with_next(actor, first)
            else:
                return first
        # Not read at all: the reviewer marks the sentence by hand.
        self.fix(f"directive “{sentence[:16]}…” not read, added")
        order = (self.document.directives.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        return Directive.objects.create(document=self.document, order=order, text=sentence,
                                        span_start=start, span_end=end)

    def commitments(self, directives: dict[str, Directive]) -> list[dict]:
        text = self.document.text
        initial = {row["id"]: row for row in review.commitment_initial(self.document)}
        drafts = list(self.document.commitments.filter(state=ReviewState.DRAFT))
        party = self.b.orgs[f"{c.COMMITMENT_PARTY}市政府"]
        decisions, chosen = [], set()
        for key, parent_key, sentence in c.COMMITMENTS:
            commitment = next((d for d in drafts if d.text == sentence), None)
            if commitment is None:
                start = text.find(sentence)
                if start < 0:
                    raise DemoError(f"the sample report lacks the commitment {sentence[:24]}…")
                self.fix(f"commitment “{sentence[:16]}…” not read, added")
                commitment = Commitment.objects.create(document=self.document, party_text=c.COMMITMENT_PARTY,
                                                       text=sentence, span_start=start, span_end=start + len(sentence))
            else:
                row = initial[commitment.pk]
                if row["party"] != party.pk:
                    self.fix(f"party of “{sentence[:16]}…”: read {commitment.party_text!r}, confirmed {party.name}")
                if row["parent"] != directives[parent_key].pk:
                    suggested = next((k for k, d in directives.items() if d.pk == row["parent"]), None)
                    self.fix(f"directive of “{sentence[:16]}…”: suggested {suggested}, confirmed {parent_key}")
            chosen.add(commitment.pk)
            decisions.append(self.b.commitment_decision(key, commitment, directives[parent_key]))
        for row in initial.values():
            if row["id"] not in chosen:
                self.fix(f"rejected commitment “{row['text'][:16]}…”")
                decisions.append({"id": row["id"], "decision": "reject"})
        return decisions


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
        builder.supervision()
        builder.write_events()
    return builder.result
