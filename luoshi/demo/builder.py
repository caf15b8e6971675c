"""Write the sample programme of luoshi.demo.content into the database.

The plenary and its plan are made the way an office makes them: the sample
report (content.REPORT_PATH, written for the demo) is stored as a source
document, read by luoshi.intake in the intake job, reviewed (_Review: the
review page's initial values, corrected where the reading is wrong, each
correction listed in Result.corrections) and confirmed with
luoshi.ingest.services.confirm_document as the office persona. The rest of
the story (external ids, start dates, milestones, indicators, reports,
completion, the moved due date) is then attached to the tasks the confirm
created, found by the sentence they came from.

Idempotent by construction: the document is found by its hash and a
confirmed document is not reviewed again; every other row is looked up by
its natural key (username; organization parent + name; plan organization +
title; task plan + external_id; …) and created only when missing. Nothing
that exists is changed, so a second run creates nothing, writes no events,
and leaves edits made through the UI alone. A task of the report that was
deleted is confirmed again from its sentence. The two office actions the
story replays on existing tasks (accepting a completion, moving a due date)
are skipped once their event exists.

Audit events carry the time the step happened in the story (Event.at), not
the time of the run, so a task's timeline reads in date order: the builder's
own events are written with that time, the intake flow's under
_story_clock(). Rows the demo creates get the same time as their created_at.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.db.models import F

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
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.work.models import Assignment, Indicator, Milestone, Observation, Plan, Task, WorkArea

TZ = ZoneInfo("Asia/Shanghai")


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

    # -- plumbing ------------------------------------------------------------

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
        for spec in c.AUTHORS:
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
        # Completed one after another the morning after the plenary; assignments follow a minute apart.
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
            assignment, made = self.get_or_create(
                Assignment, task=task, organization=self.orgs[short], defaults={"role": role}
            )
            if made:
                when = max(entered, task.created_at) + dt.timedelta(minutes=n)
                _backdate(assignment, when)
                record(self.office_user, "assignment.created", assignment,
                       {"organization": str(assignment.organization), "role": role}, task=task, at=when)
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
        record(self.office_user, "task.updated", task, changes, at=when)
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
            record(self.office_user, "task.created", task,
                   {"title": task.title, "due": task.due, "work_area": area.slug}, at=entered)
            if "region" in spec:
                task.regions.add(self.cities[spec["region"]])
        return task

    # -- reporting -----------------------------------------------------------

    def reporting(self) -> None:
        rounds: dict[str, ReportingRound] = {}
        for label, opens, deadline in c.ROUNDS:
            rounds[label], _ = self.get_or_create(
                ReportingRound, plan=self.the_plan, period_label=label, defaults={"opens": opens, "deadline": deadline}
            )
        for spec in c.REPORTS:
            self._report(spec, rounds[spec["round"]])

        for ext, old, new, when in c.DUE_CHANGES:
            self._move_due(self.tasks[ext], old, new, _at(when))

        ext, when = c.COMPLETED_TASK
        task = self.tasks[ext]
        if task.completed_at is None and not task.events.filter(action="task.completed").exists():
            task.completed_at = dt.datetime(*when, tzinfo=TZ)
            task.completed_by = self.office_user
            task.version += 1
            task.save(update_fields=["completed_at", "completed_by", "version", "updated_at"])
            record(self.office_user, "task.completed", task, {"completed_at": [None, task.completed_at]},
                   at=task.completed_at)
            self.result.created["task completions"] += 1

    def _move_due(self, task: Task, old: dt.date, new: dt.date, when: dt.datetime) -> None:
        """The office's edit of a due date, as luoshi.work.services.update_task records it.

        Only on a task still at the old date whose due date was never edited:
        a due date someone changed through the UI is theirs to keep.
        """
        edited = any("due" in event.changes for event in task.events.filter(action="task.updated"))
        if task.due != old or edited:
            return
        Task.objects.filter(pk=task.pk).update(due=new, version=F("version") + 1, updated_at=when)
        task.refresh_from_db()
        record(self.office_user, "task.updated", task, {"due": [old, new]}, at=when)
        self.result.created["task due changes"] += 1

    def _report(self, spec: dict, round_: ReportingRound) -> None:
        task = self.tasks[spec["task"]]
        unit = self.orgs[spec["unit"]]
        lookup = {"task": task, "organization": unit, "round": round_, "version": spec["version"]}
        if ProgressReport.objects.filter(**lookup).exists():
            return
        supersedes = None
        if "supersedes" in spec:
            supersedes = ProgressReport.objects.get(task=task, organization=unit, round=round_,
                                                    version=spec["supersedes"])
        author = self.users[spec["by"]]
        approver = self.users.get(spec.get("approver", ""))
        submitted, approved, reviewed = (_at(spec.get(k)) for k in ("submitted", "approved", "reviewed"))
        written = _at(spec["created"]) if "created" in spec else submitted - c.CREATED_BEFORE_SUBMITTING
        report = ProgressReport.objects.create(
            **lookup, supersedes=supersedes, text=spec["text"], percent=spec["percent"], stage=spec["stage"],
            risk_flag=spec.get("risk_flag", False), risk_reason=spec.get("risk_reason", ""), state=spec["state"],
            created_by=author,
            submitted_by=author if submitted else None, submitted_at=submitted,
            approved_by=approver if approved else None, approved_at=approved,
            reviewed_by=self.office_user if reviewed else None, reviewed_at=reviewed,
            review_comment=spec.get("comment", ""),
        )
        self.result.created["reporting.ProgressReport"] += 1
        _backdate(report, written)

        # The timeline replays the steps the report went through, each at its time.
        record(author, "report.created", report, {"version": report.version, "percent": report.percent}, at=written)
        if submitted:
            record(author, "report.submitted", report,
                   {"state": ["draft", "submitted"], "submitted_at": [None, submitted]}, at=submitted)
        if approved:
            record(approver, "report.approved", report,
                   {"state": ["submitted", "approved"], "approved_at": [None, approved]}, at=approved)
        if reviewed:
            state = spec["state"] if spec["state"] in ("accepted", "returned") else "accepted"
            changes: dict[str, Any] = {"state": ["approved", state], "reviewed_at": [None, reviewed]}
            if report.review_comment:
                changes["review_comment"] = report.review_comment
            record(self.office_user, f"report.{state}", report, changes, at=reviewed)

        if "observation" in spec:
            period, value = spec["observation"]
            indicator = task.indicators.first()
            if indicator is not None:
                self.get_or_create(Observation, indicator=indicator, period=period,
                                   defaults={"value": Decimal(value), "report": report})


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
        builder.reporting()
    return builder.result
