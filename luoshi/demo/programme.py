"""The plan's tasks, completed from the confirmed report, with their units, milestones and indicators.

Each task of content.TASKS is the one confirming the report made for its
sentence (its row of the breakdown table then completed by the office), or
one the office added by hand. Its units are assigned, and each signs for its
assignment the day or two after, or returns it with a reason and the office
gives the part to another unit (签收, 退回).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import F

from luoshi.accounts.models import User
from luoshi.audit.models import Event
from luoshi.demo import clock
from luoshi.demo import content as c
from luoshi.demo.clock import DemoError, Story
from luoshi.demo.directory import UNIT_ROLES
from luoshi.status.maintain import touch
from luoshi.work.models import Assignment, Indicator, Milestone, Observation, Plan, Task
from luoshi.work.services import sign_days

# An assignment the unit has answered (or the office has given again) is left as it is.
_ANSWERS = ("assignment.signed", "assignment.returned", "assignment.reassigned")


class Programme(Story):
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
            entered = clock.at(spec["recorded"])
        else:
            entered = clock.at(c.TASKS_RECORDED) + dt.timedelta(minutes=c.TASK_SPACING_MINUTES * (order - 1))
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
                          "due_to_sign": when.astimezone(clock.TZ).date() + dt.timedelta(days=sign_days())},
            )
            if made:
                clock.backdate(assignment, when)
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
        touch(task.pk)
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
            clock.backdate(task, entered)
            self.record(self.office_user, "task.created", task,
                   {"title": task.title, "due": task.due, "work_area": area.slug}, at=entered)
            if "region" in spec:
                task.regions.add(self.cities[spec["region"]])
        return task

    # -- sign-for (签收) ----------------------------------------------------------

    def _answer(self, task: Task, assignment: Assignment, ext: str, short: str, order: int, n: int) -> None:
        """The unit's answer to its assignment: signed for the day or two after, or returned with a reason."""
        if (ext, short) in c.UNSIGNED or not self._unanswered(assignment):
            return
        returned = next((r for r in c.RETURNED_ASSIGNMENTS if (r["task"], r["unit"]) == (ext, short)), None)
        if returned is None:
            # Each unit at its own time from SIGNED_FROM (the 14th or the 15th), never before it was assigned.
            slot = clock.at(c.SIGNED_FROM) + dt.timedelta(days=(order + n) % 2, minutes=(order * 37 + n * 53) % 400)
            self._sign(task, assignment, max(slot, assignment.created_at + dt.timedelta(hours=2)))
            return

        when, by, reason = clock.at(returned["at"]), self.users[returned["by"]], returned["reason"]
        Assignment.objects.filter(pk=assignment.pk).update(
            state=Assignment.State.RETURNED, returned_by=by, returned_at=when, return_reason=reason,
            **self._assigned_fields(assignment),
        )
        self.record(by, "assignment.returned", assignment,
                    {"state": [Assignment.State.PENDING, Assignment.State.RETURNED], "reason": [None, reason]},
                    task=task, at=when)
        self.result.created["assignments returned"] += 1

        # The office gives the part to the unit the returning one named; it signs for it the same day.
        unit, given = self.orgs[returned["replacement"]], clock.at(returned["reassigned"])
        row, made = self.get_or_create(
            Assignment, task=task, organization=unit,
            defaults={"role": Assignment.Role.SUPPORT, "assigned_by": self.office_user,
                      "due_to_sign": given.date() + dt.timedelta(days=sign_days())},
        )
        if made:
            clock.backdate(row, given)
            Task.objects.filter(pk=task.pk).update(version=F("version") + 1)
            self.record(self.office_user, "assignment.created", row,
                        {"organization": [None, str(unit)], "role": [None, row.role],
                         "due_to_sign": [None, row.due_to_sign]}, task=task, at=given)
        if self._unanswered(row):
            self._sign(task, row, clock.at(returned["signed"]))

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
            fields["due_to_sign"] = assignment.created_at.astimezone(clock.TZ).date() + dt.timedelta(days=sign_days())
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

