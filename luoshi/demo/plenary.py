"""The plenary and its plan, made the way an office makes them: through the intake flow.

The sample report (content.REPORT_PATH, written for the demo) is stored as a
source document, read by luoshi.intake in the intake job, reviewed (_Review:
the review page's initial values, corrected where the reading is wrong, each
correction listed in Result.corrections) and confirmed with
luoshi.ingest.services.confirm_document as the office persona. Every step is
called with the story's time (at=), so its events and rows carry the day the
office did it.

The document is found by its hash and a confirmed document is not reviewed
again. A task of the report that was deleted is confirmed again from its
sentence (Plenary.repair).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models

from luoshi.audit.models import Event
from luoshi.demo import clock
from luoshi.demo import content as c
from luoshi.demo.clock import DemoError, Story
from luoshi.ingest import reading, review, services
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
from luoshi.org.models import Organization, Person, Post
from luoshi.work.models import Assignment, Plan, Task

# Rows the intake flow (store, read, confirm) may create, counted by Plenary.counting().
_FLOW_MODELS: tuple[type[models.Model], ...] = (
    SourceDocument, Job, Meeting, Venue, Participation, AgendaItem, Directive, Commitment,
    Organization, Person, Post, Plan, Task, Assignment,
)


def _confirmed(items: models.Manager, text: str):
    """The confirmed directive or commitment of the sample report with this text."""
    found = items.filter(text=text, state=ReviewState.CONFIRMED).first()
    if found is None:
        raise DemoError(f"the sample report has no confirmed sentence {text[:24]}…")
    return found



class Plenary(Story):
    # -- the plenary, through the intake flow ----------------------------------

    def intake(self) -> None:
        """Store the sample report, read it with the intake job, review and confirm it as the office."""
        document = self._stored_and_read()
        if document.state == SourceDocument.State.READ:
            confirmed_at = clock.at(c.REPORT_CONFIRMED)
            with self.counting():
                decisions = _Review(self, document, confirmed_at).decisions()
                confirmed = services.confirm_document(self.office_user, document, decisions, at=confirmed_at)
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
        stored_at = clock.at(c.REPORT_STORED)
        with self.counting():
            stored = reading.store(self.office_user, data, c.REPORT_FILENAME, c.REPORT_PUBLISHED, at=stored_at)
            document = stored.document
            if not stored.created and document.state in (
                SourceDocument.State.STORED, SourceDocument.State.READING, SourceDocument.State.FAILED
            ):
                # Stored by hand, or an earlier reading failed.
                reading.reread(self.office_user, document, at=stored_at)
        if stored.created or document.state != SourceDocument.State.CONFIRMED:
            with self.counting():
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
        when = clock.at(c.REPORT_READ)
        # The job's "at" is the time of the reading's event (luoshi.ingest.tasks.read).
        Job.objects.filter(pk=job.pk).update(created=clock.at(c.REPORT_STORED),
                                             payload={**job.payload, "at": when.isoformat()})
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
        with self.counting():
            confirmed = services.confirm_document(self.office_user, self.document, {
                "meeting": None, "plan": {"id": plan.pk},
                "directives": list(directives), "commitments": list(commitments),
            }, at=clock.at(c.REPORT_CONFIRMED))
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



class _Review:
    """The office's review of the read report: the review page's initial values, corrected where they are wrong.

    Starts from what the page would show (luoshi.ingest.review's *_initial
    helpers, the same values its forms are filled with) and changes only what
    a reviewer would change, noting every change to the reading itself in
    Result.corrections. Draft edits (split, merge) go through the services the
    page's buttons call.
    """

    def __init__(self, builder: Plenary, document: SourceDocument, when: dt.datetime) -> None:
        self.b = builder
        self.document = document
        self.when = when  # of the review's split and merge events

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
                if row["venue"] != venue:
                    self.fix(f"participant {name}: venue read {row['venue'] or None!r}, confirmed {venue}")
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
                services.split_directive(actor, first, start - first.span_start, when=self.when)
            elif first.span_end > end:
                self.fix(f"split “{first.text[:16]}…” after “…{sentence[-8:]}”")
                services.split_directive(actor, first, end - first.span_start, when=self.when)
            elif len(drafts) > 1:
                self.fix(f"merged “{first.text[:16]}…” with the next draft")
                services.merge_with_next(actor, first, at=self.when)
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

