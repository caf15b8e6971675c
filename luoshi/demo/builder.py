"""Write the sample programme of luoshi.demo.content into the database.

Idempotent by construction: every row is looked up by its natural key
(username; organization parent + name; meeting organization + kind +
sequence; plan organization + title; task plan + external_id; …) and created
only when missing. Nothing that exists is changed, so a second run creates
nothing, writes no events, and leaves edits made through the UI alone. The
two office actions the story replays on existing tasks (accepting a
completion, moving a due date) are skipped once their event exists.

Audit events are written only together with the row they describe, and carry
the time the step happened in the story (Event.at), not the time of the run,
so a task's timeline reads in date order. Rows the demo creates get the same
time as their created_at.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.db.models import F

from luoshi.accounts.models import User
from luoshi.audit.events import record
from luoshi.demo import content as c
from luoshi.meetings.models import AgendaItem, Commitment, Directive, Meeting, Participation, Venue
from luoshi.org.models import Membership, Organization, Person, Post, Region
from luoshi.org.regions import load_regions
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.work.models import Assignment, Indicator, Milestone, Observation, Plan, Task, WorkArea

TZ = ZoneInfo("Asia/Shanghai")


class DemoError(Exception):
    """The database lacks something the demo builds on (run migrate first)."""


@dataclass
class Result:
    created: Counter = field(default_factory=Counter)
    personas: list[User] = field(default_factory=list)

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

    # -- the plenary ---------------------------------------------------------

    def meeting(self) -> None:
        meeting, created = self.get_or_create(
            Meeting, organization=self.group, kind=Meeting.Kind.PLENARY, sequence=c.MEETING_SEQUENCE,
            defaults={"session": c.MEETING_SESSION, "title": c.MEETING_TITLE, "date": c.MEETING_DATE,
                      "format": Meeting.Format.VIDEO, "summary": c.MEETING_SUMMARY},
        )
        if created:
            record(self.office_user, "meeting.created", meeting, at=_at(c.MEETING_RECORDED))
        self.plenary = meeting

        venues: dict[str, Venue] = {}
        for name, city, is_main in c.VENUES:
            venues[name], _ = self.get_or_create(
                Venue, meeting=meeting, name=name, defaults={"region": self.cities[city], "is_main": is_main}
            )
        for person, role, printed, venue in c.PARTICIPATIONS:
            self.get_or_create(Participation, meeting=meeting, person=self.people[person], role=role,
                               defaults={"posts_as_printed": printed, "venue": venues[venue]})
        for order, (kind, text) in enumerate(c.AGENDA, start=1):
            self.get_or_create(AgendaItem, meeting=meeting, order=order, defaults={"kind": kind, "text": text})

        areas = {a.slug: a for a in WorkArea.objects.all()}
        missing = {slug for _key, slug, _text in c.DIRECTIVES} - areas.keys()
        if missing:
            raise DemoError(f"work areas missing: {', '.join(sorted(missing))} (run migrate)")
        self.areas = areas
        self.directives: dict[str, Directive] = {}
        for order, (key, slug, text) in enumerate(c.DIRECTIVES, start=1):
            self.directives[key], _ = self.get_or_create(
                Directive, meeting=meeting, order=order,
                defaults={"text": text, "work_area": areas[slug], "state": Directive.State.CONFIRMED},
            )
        party = self.orgs[f"{c.COMMITMENT_PARTY}市政府"]
        self.commitments: dict[str, Commitment] = {}
        for key, _parent_key, text in c.COMMITMENTS:
            self.commitments[key], _ = self.get_or_create(
                Commitment, meeting=meeting, text=text,
                defaults={"party": party, "party_text": c.COMMITMENT_PARTY, "state": Commitment.State.CONFIRMED},
            )

    # -- the plan ------------------------------------------------------------

    def plan(self) -> None:
        plan, created = self.get_or_create(
            Plan, organization=self.group, title=c.PLAN_TITLE,
            defaults={"year": c.PLAN_YEAR, "period_start": c.PLAN_START, "period_end": c.PLAN_END,
                      "adopted_at": self.plenary},
        )
        if created:
            when = _at(c.PLAN_RECORDED)
            _backdate(plan, when)
            record(self.office_user, "plan.created", plan, at=when)
        self.the_plan = plan
        self.tasks: dict[str, Task] = {}
        parent_area = {key: slug for key, slug, _text in c.DIRECTIVES}
        for order, spec in enumerate(c.TASKS, start=1):
            self._task(plan, order, spec, parent_area)

    def _task(self, plan: Plan, order: int, spec: dict, parent_area: dict[str, str]) -> None:
        parent = self.tasks[spec["parent"]] if "parent" in spec else None
        key = spec["key"]
        commitment = self.commitments.get(key)
        if commitment is not None:
            # A commitment shares its provincial task's work area and directive.
            parent_key = next(p for k, p, _t in c.COMMITMENTS if k == key)
            directive, area = self.directives[parent_key], self.areas[parent_area[parent_key]]
        else:
            directive, area = self.directives[key], self.areas[parent_area[key]]
        task, created = self.get_or_create(
            Task, plan=plan, external_id=spec["ext"],
            defaults={"parent": parent, "order": order, "title": spec["title"], "description": spec["description"],
                      "work_area": area, "start": spec["start"], "due": spec["due"],
                      "source_directive": directive, "source_commitment": commitment},
        )
        self.tasks[spec["ext"]] = task
        # Entered one after another the day after the plenary; assignments follow a minute apart.
        entered = _at(c.TASKS_RECORDED) + dt.timedelta(minutes=c.TASK_SPACING_MINUTES * (order - 1))
        if created:
            _backdate(task, entered)
            record(self.office_user, "task.created", task,
                   {"title": task.title, "due": task.due, "work_area": area.slug}, at=entered)
            if "region" in spec:
                task.regions.add(self.cities[spec["region"]])
        units = [(Assignment.Role.LEAD, spec["lead"])] + [(Assignment.Role.SUPPORT, s) for s in spec["support"]]
        for n, (role, short) in enumerate(units, start=1):
            assignment, made = self.get_or_create(
                Assignment, task=task, organization=self.orgs[short], defaults={"role": role}
            )
            if made:
                when = entered + dt.timedelta(minutes=n)
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

        Only on a task still at the old date that was never edited: a due date
        someone changed through the UI is theirs to keep.
        """
        if task.due != old or task.events.filter(action="task.updated").exists():
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


def build() -> Result:
    """Create whatever part of the sample programme is missing, in one transaction."""
    builder = _Builder()
    with transaction.atomic():
        builder.organizations()
        builder.accounts()
        builder.people_and_seats()
        builder.meeting()
        builder.plan()
        builder.reporting()
    return builder.result
