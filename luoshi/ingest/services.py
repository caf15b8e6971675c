"""Review actions on a read document, and confirming it into a meeting record and tasks.

`confirm_document()` is the one write that turns a reviewed document into
Meeting, Venue, Participation, AgendaItem, Task and Assignment rows. It runs
in one transaction: an invalid decision anywhere leaves nothing half-created.

Decisions are plain data (ids and strings), built by the review page from its
formsets or by a test by hand:

    {
      "meetings": [{"index": position of the meeting in the record, **the fields of "meeting" below}],
      # or, for a record of one meeting (index 0):
      "meeting": None | {
          "organization": org id | None, "new_organization": "name to create",
          "title", "kind", "session", "sequence": int | None, "date": date | None, "format",
          "venues": [{"name", "region": id | None, "is_main": bool}],
          "participants": [{"name", "posts": "a、b", "roles": ["chair", ...], "venue": "name"}],
          "agenda": [{"kind", "text"}],
      },
      "plan": {"id": plan id} | {"title", "year": int | None, "organization": id | None},
      "directives": [{"id", "meeting": index | None, "decision": "confirm" | "reject", "text", "title",
                      "work_area": id | None,
                      "deadline": date | None, "lead": [ids], "support": [ids],
                      "new_lead": [names], "new_support": [names]}],
      "commitments": [{"id", "meeting": index | None, "decision", "text", "party": id | None, "new_party": "name",
                       "parent": directive id | None}],
    }

Each meeting of the record is confirmed into its own Meeting (found again by
its index on a later confirm, see meeting_links). A directive or commitment
goes with the meeting of its "meeting" index (confirmed now or earlier), or
with the first meeting when it names none. Meetings left out are not
confirmed. Directives and commitments left out of `decisions` stay drafts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from luoshi.audit.events import record as record_event
from luoshi.ingest.matching import guess_kind, match_person, match_region, split_names
from luoshi.ingest.models import ConfirmedMeeting
from luoshi.lib.text import fold
from luoshi.meetings.models import (
    AgendaItem,
    Directive,
    Meeting,
    Participation,
    ReviewState,
    SourceDocument,
    Venue,
)
from luoshi.org.models import Organization, Person, Post, Region
from luoshi.status.maintain import changing
from luoshi.work.models import Assignment, Plan, Task, WorkArea


class ConfirmError(ValueError):
    """A decision that cannot be applied; the whole confirm is rolled back."""


@dataclass
class ConfirmResult:
    document: SourceDocument
    meeting: Meeting | None = None  # the first meeting confirmed (or kept), which adopts the plan
    meetings: list[Meeting] = field(default_factory=list)  # every meeting confirmed by this call
    plan: Plan | None = None
    tasks_created: list[Task] = field(default_factory=list)
    organizations_created: list[Organization] = field(default_factory=list)
    people_created: list[Person] = field(default_factory=list)


# --- draft edits ------------------------------------------------------------


def _draft(directive: Directive) -> None:
    if directive.state != ReviewState.DRAFT:
        raise ConfirmError(_("Only draft directives can be split or merged."))


def _renumber(document: SourceDocument) -> None:
    for order, directive in enumerate(document.directives.order_by("order", "pk"), start=1):
        if directive.order != order:
            Directive.objects.filter(pk=directive.pk).update(order=order)


def split_directive(actor, directive: Directive, at: int | str, *, when: dt.datetime | None = None) -> Directive:
    """Split a draft directive in two, at a character position or before a marker (e.g. "二是").

    The span is divided at the same point, so both halves still point at their sentence.
    `when` is the event's time for history brought in from elsewhere (`at` names the split point here).
    """
    _draft(directive)
    text = directive.text
    if isinstance(at, str):
        pos = text.find(at, 1)
        if pos < 0:
            raise ConfirmError(_("The marker does not occur in the directive."))
    else:
        pos = at
    if not 0 < pos < len(text):
        raise ConfirmError(_("Split inside the text, not at its start or end."))
    with transaction.atomic():
        first, second = text[:pos].strip(), text[pos:].strip()
        if not first or not second:
            raise ConfirmError(_("Both parts of a split need text."))
        cut = None if directive.span_start is None else directive.span_start + pos
        Directive.objects.filter(document=directive.document, order__gt=directive.order).update(
            order=F("order") + 1
        )
        tail = Directive.objects.create(
            document=directive.document, meeting=directive.meeting, order=directive.order + 1, text=second,
            span_start=cut, span_end=directive.span_end if cut is not None else None,
            work_area=directive.work_area, deadline_text=directive.deadline_text, deadline=directive.deadline,
        )
        directive.text = first
        if cut is not None:
            directive.span_end = cut
        directive.save(update_fields=["text", "span_end"])
        record_event(actor, "directive.split", directive, {"at": pos, "new": tail.pk}, at=when)
    return tail


def merge_with_next(actor, directive: Directive, *, at: dt.datetime | None = None) -> Directive:
    """Join a draft directive with the next draft directive of its document."""
    _draft(directive)
    following = (
        directive.document.directives.filter(order__gt=directive.order).order_by("order", "pk").first()
        if directive.document_id else None
    )
    if following is None or following.state != ReviewState.DRAFT:
        raise ConfirmError(_("There is no draft directive after this one to merge with."))
    with transaction.atomic():
        directive.text = directive.text + following.text
        if directive.span_start is not None and following.span_end is not None:
            directive.span_end = max(directive.span_end, following.span_end)
        directive.deadline = directive.deadline or following.deadline
        directive.deadline_text = directive.deadline_text or following.deadline_text
        directive.work_area = directive.work_area or following.work_area
        directive.save()
        record_event(actor, "directive.merged", directive, {"merged": following.pk}, at=at)
        following.delete()
        _renumber(directive.document)
    return directive


def save_drafts(actor, document: SourceDocument, directives: list[dict[str, Any]], *,
                at: dt.datetime | None = None) -> int:
    """Keep a reviewer's edits to draft directives (text, work area, deadline) without confirming."""
    changed = 0
    with transaction.atomic():
        for item in directives:
            directive = document.directives.filter(pk=item.get("id"), state=ReviewState.DRAFT).first()
            if directive is None:
                continue
            before = {"text": directive.text, "work_area": directive.work_area_id, "deadline": directive.deadline}
            directive.text = item.get("text") or directive.text
            directive.work_area_id = item.get("work_area")
            directive.deadline = item.get("deadline")
            after = {"text": directive.text, "work_area": directive.work_area_id, "deadline": directive.deadline}
            if after != before:
                directive.save()
                record_event(actor, "directive.edited", directive, {k: [before[k], after[k]] for k in after}, at=at)
                changed += 1
    return changed


# --- confirm ----------------------------------------------------------------

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def session_sequence(session: str) -> int | None:
    """第四次全体会议 → 4, 第十二次 → 12; None when the session has no number."""
    m = re.search(r"第([一二三四五六七八九十\d]+)次", fold(session))
    if not m:
        return None
    token = m.group(1)
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _sep, ones = token.partition("十")
        return (_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_NUMERALS.get(ones, 0) if ones else 0)
    return _NUMERALS.get(token)


class _Confirm:
    def __init__(self, actor, document: SourceDocument, at: dt.datetime | None = None):
        self.actor = actor
        self.document = document
        self.at = at
        self.result = ConfirmResult(document)
        self.links = meeting_links(document)
        for index, meeting in self.links.items():  # a meeting confirmed before links were kept gets its link
            ConfirmedMeeting.objects.get_or_create(document=document, index=index, defaults={"meeting": meeting})

    def event(self, action: str, obj, changes: dict[str, Any] | None = None, task=None) -> None:
        record_event(self.actor, action, obj, changes, task=task, at=self.at)

    # helpers -----------------------------------------------------------
    def org(self, org_id: int | None, new_name: str = "") -> Organization | None:
        if org_id:
            try:
                return Organization.objects.get(pk=org_id)
            except (Organization.DoesNotExist, ValueError, TypeError):
                raise ConfirmError(_("Unknown organization %(id)s.") % {"id": org_id}) from None
        name = (new_name or "").strip()
        if not name:
            return None
        return self.new_org(name)

    def new_org(self, name: str) -> Organization:
        """Create an organization the reviewer asked for (unless one of that name exists by now)."""
        existing = Organization.objects.filter(name_folded=fold(name)).first()
        if existing is not None:
            return existing
        if len(name) > 200:
            raise ConfirmError(_("Organization name too long: %(name)s") % {"name": name[:40]})
        kind = guess_kind(name)
        region = match_region(name) if kind == Organization.Kind.GOVERNMENT else None
        org = Organization.objects.create(name=name, kind=kind, region=region)
        self.event("organization.created", org, {"name": name, "kind": kind, "source": "intake"})
        self.result.organizations_created.append(org)
        return org

    def choice(self, value: str, choices, what: str) -> str:
        if value not in {c.value for c in choices}:
            raise ConfirmError(_("Invalid %(what)s: %(value)s") % {"what": what, "value": value})
        return value

    # parts -------------------------------------------------------------
    def meeting(self, data: dict[str, Any], index: int = 0) -> Meeting:
        body = self.org(data.get("organization"), data.get("new_organization", ""))
        if body is None:
            raise ConfirmError(_("The meeting needs its convening body: choose one or name a new one."))
        kind = self.choice(data.get("kind") or Meeting.Kind.PLENARY, Meeting.Kind, "meeting kind")
        fmt = self.choice(data.get("format") or Meeting.Format.UNKNOWN, Meeting.Format, "meeting format")
        session = (data.get("session") or "")[:100]
        sequence = data.get("sequence") or session_sequence(session)
        title = (data.get("title") or f"{body.name}{session}")[:300]
        fields = {"kind": kind, "session": session, "sequence": sequence, "title": title,
                  "date": data.get("date"), "format": fmt}
        meeting = self.links.get(index)
        if meeting is None and sequence:
            # The same plenary reported by a second newspaper is the same meeting.
            meeting = Meeting.objects.filter(organization=body, kind=kind, sequence=sequence).first()
        if meeting is None:
            meeting = Meeting.objects.create(organization=body, source_document=self.document, **fields)
            self.event("meeting.created", meeting, {**fields, "organization": body.pk})
        else:
            before = {k: getattr(meeting, k) for k in fields} | {"organization": meeting.organization_id}
            for key, value in fields.items():
                setattr(meeting, key, value)
            meeting.organization = body
            if meeting.source_document_id is None:
                meeting.source_document = self.document
            meeting.save()
            after = {k: getattr(meeting, k) for k in fields} | {"organization": body.pk}
            changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            if changes:
                self.event("meeting.updated", meeting, changes)
        if self.links.get(index) != meeting:
            ConfirmedMeeting.objects.update_or_create(document=self.document, index=index,
                                                      defaults={"meeting": meeting})
            self.links[index] = meeting
        self.venues(meeting, data.get("venues") or [])
        self.participants(meeting, data.get("participants") or [])
        self.agenda(meeting, data.get("agenda") or [])
        return meeting

    def venues(self, meeting: Meeting, venues: list[dict[str, Any]]) -> None:
        for item in venues:
            name = (item.get("name") or "").strip()[:100]
            if not name:
                continue
            region = None
            if item.get("region"):
                region = Region.objects.filter(pk=item["region"]).first()
                if region is None:
                    raise ConfirmError(_("Unknown region %(id)s.") % {"id": item["region"]})
            is_main = bool(item.get("is_main"))
            if is_main:
                meeting.venues.exclude(name=name).filter(is_main=True).update(is_main=False)
            venue, created = Venue.objects.update_or_create(
                meeting=meeting, name=name, defaults={"region": region, "is_main": is_main}
            )
            if created:
                self.event("venue.created", venue, {"meeting": meeting.pk, "region": region})

    def person(self, name: str) -> Person:
        person = match_person(name)
        if person is None:
            person = Person.objects.create(name=name[:64])
            self.event("person.created", person, {"name": name, "source": "intake"})
            self.result.people_created.append(person)
        return person

    def participants(self, meeting: Meeting, people: list[dict[str, Any]]) -> None:
        for item in people:
            name = (item.get("name") or "").strip()
            if not name:
                continue
            roles = item.get("roles") or [Participation.Role.ATTENDEE]
            roles = [self.choice(r, Participation.Role, "participant role") for r in roles]
            person = self.person(name)
            posts = split_names(item.get("posts") or "")
            for title in posts:
                post, created = Post.objects.get_or_create(person=person, title=title[:200])
                if created:
                    self.event("post.created", post, {"person": person.pk, "title": title})
            venue = meeting.venues.filter(name=item["venue"]).first() if item.get("venue") else None
            for role in roles:
                part, created = Participation.objects.update_or_create(
                    meeting=meeting, person=person, role=role,
                    defaults={"posts_as_printed": "、".join(posts)[:300], "venue": venue},
                )
                if created:
                    self.event("participation.created", part, {"meeting": meeting.pk, "role": role})

    def agenda(self, meeting: Meeting, items: list[dict[str, Any]]) -> None:
        kept = 0
        for item in items:
            text = (item.get("text") or "").strip()
            if not text:
                continue
            kept += 1
            kind = self.choice(item.get("kind") or AgendaItem.Kind.OTHER, AgendaItem.Kind, "agenda kind")
            agenda, created = AgendaItem.objects.update_or_create(
                meeting=meeting, order=kept, defaults={"kind": kind, "text": text}
            )
            if created:
                self.event("agenda.created", agenda, {"meeting": meeting.pk, "kind": kind})
        meeting.agenda.filter(order__gt=kept).delete()

    def plan(self, data: dict[str, Any] | None, meeting: Meeting | None) -> Plan | None:
        if not data:
            return None
        if data.get("id"):
            plan = Plan.objects.filter(pk=data["id"]).first()
            if plan is None:
                raise ConfirmError(_("Unknown plan %(id)s.") % {"id": data["id"]})
            return plan
        title = (data.get("title") or "").strip()[:300]
        if not title:
            raise ConfirmError(_("Choose a plan or give the new plan a title."))
        owner = self.org(data.get("organization")) or (meeting.organization if meeting else None)
        if owner is None:
            raise ConfirmError(_("The new plan needs an organization."))
        plan = Plan.objects.filter(organization=owner, title=title).first()
        if plan is None:
            plan = Plan.objects.create(organization=owner, title=title, year=data.get("year"), adopted_at=meeting)
            self.event("plan.created", plan, {"title": title, "organization": owner.pk})
        return plan

    def assign(self, task: Task, orgs: list[Organization], role: str) -> None:
        for org in orgs:
            assignment, created = Assignment.objects.get_or_create(task=task, organization=org, defaults={"role": role})
            if created:
                self.event("assignment.created", assignment, {"organization": [None, str(org)], "role": [None, role]},
                             task=task)

    def directive(self, item: dict[str, Any], meeting: Meeting | None, plan: Plan | None, order: int) -> None:
        directive = self.document.directives.filter(pk=item.get("id")).first()
        if directive is None:
            raise ConfirmError(_("Directive %(id)s is not part of this document.") % {"id": item.get("id")})
        decision = item.get("decision")
        if decision not in ("confirm", "reject"):
            raise ConfirmError(_("Invalid decision for directive %(id)s.") % {"id": directive.pk})
        area = None
        if item.get("work_area"):
            area = WorkArea.objects.filter(pk=item["work_area"]).first()
            if area is None:
                raise ConfirmError(_("Unknown work area %(id)s.") % {"id": item["work_area"]})
        before = {"state": directive.state, "text": directive.text}
        directive.text = (item.get("text") or directive.text).strip()
        directive.work_area = area
        directive.deadline = item.get("deadline")
        directive.state = ReviewState.CONFIRMED if decision == "confirm" else ReviewState.REJECTED
        directive.meeting = meeting or directive.meeting
        directive.save()
        self.event(f"directive.{directive.state}", directive,
                     {"state": [before["state"], directive.state], "text": [before["text"], directive.text]})
        if decision == "reject":
            return
        if plan is None:
            raise ConfirmError(_("Confirmed directives need a plan to become tasks in."))
        lead = [self.org(i) for i in item.get("lead") or []] + [self.new_org(n) for n in item.get("new_lead") or []]
        support = [self.org(i) for i in item.get("support") or []]
        support += [self.new_org(n) for n in item.get("new_support") or []]
        task = directive.tasks.filter(plan=plan, parent__isnull=True).first()
        title = (item.get("title") or task_title(directive.text))[:300]
        if task is None:
            task = Task.objects.create(
                plan=plan, order=order, title=title, description=directive.text, work_area=area,
                due=directive.deadline, source_directive=directive,
            )
            self.event("task.created", task, {"title": [None, title], "source_directive": [None, directive.text[:80]]})
            self.result.tasks_created.append(task)
        else:
            task.title, task.description, task.work_area, task.due = title, directive.text, area, directive.deadline
            task.version += 1
            task.save()
            self.event("task.updated", task, {"source_directive": [None, directive.text[:80]]})
        self.assign(task, lead, Assignment.Role.LEAD)
        self.assign(task, [o for o in support if o not in lead], Assignment.Role.SUPPORT)

    def commitment(self, item: dict[str, Any], meeting: Meeting | None, plan: Plan | None, order: int) -> None:
        commitment = self.document.commitments.filter(pk=item.get("id")).first()
        if commitment is None:
            raise ConfirmError(_("Commitment %(id)s is not part of this document.") % {"id": item.get("id")})
        decision = item.get("decision")
        if decision not in ("confirm", "reject"):
            raise ConfirmError(_("Invalid decision for commitment %(id)s.") % {"id": commitment.pk})
        party = self.org(item.get("party"), item.get("new_party", ""))
        commitment.text = (item.get("text") or commitment.text).strip()
        commitment.party = party
        commitment.meeting = meeting or commitment.meeting
        commitment.state = ReviewState.CONFIRMED if decision == "confirm" else ReviewState.REJECTED
        commitment.save()
        self.event(f"commitment.{commitment.state}", commitment, {"party": party.pk if party else None})
        if decision == "reject":
            return
        if plan is None:
            raise ConfirmError(_("Confirmed commitments need a plan to become tasks in."))
        if party is None:
            raise ConfirmError(_("A confirmed commitment needs its party: choose one or name a new one."))
        parent = None
        if item.get("parent"):
            directive = self.document.directives.filter(pk=item["parent"]).first()
            if directive is None:
                raise ConfirmError(_("Directive %(id)s is not part of this document.") % {"id": item["parent"]})
            parent = directive.tasks.filter(plan=plan).first()
            if parent is None:
                raise ConfirmError(_("A commitment's directive must be confirmed into the same plan."))
        task = commitment.tasks.filter(plan=plan).first()
        title = task_title(commitment.text)
        if task is None:
            task = Task.objects.create(
                plan=plan, parent=parent, order=order, title=title, description=commitment.text,
                work_area=parent.work_area if parent else None, source_commitment=commitment,
            )
            self.event("task.created", task, {"title": [None, title], "source_commitment": [None, commitment.text[:80]]})
            self.result.tasks_created.append(task)
        elif task.parent_id != (parent.pk if parent else None):
            task.parent = parent
            task.version += 1
            task.save()
            self.event("task.updated", task, {"parent": [None, str(parent) if parent else None]})
        self.assign(task, [party], Assignment.Role.LEAD)


def task_title(text: str) -> str:
    """A task's title from its sentence: the sentence without its 要/会议强调 lead-in, cut at 60 characters."""
    title = re.sub(r"^(会议(强调|指出|要求|提出)|[^，,。]{0,12}(强调|指出|要求))[，,：:]?", "", text.strip())
    title = re.sub(r"^(要|必须|务必|需要)", "", title).strip("，,。；; ")
    return (title or text)[:60]


def meeting_links(document: SourceDocument) -> dict[int, Meeting]:
    """The meetings confirmed from a document, by their position in its record."""
    links = {link.index: link.meeting for link in ConfirmedMeeting.objects.filter(document=document)
             .select_related("meeting")}
    if not links:
        # Confirmed before each meeting of a record was kept apart: it was the first.
        first = document.meetings.first()
        if first is not None:
            links[0] = first
    return links


def _meeting_decisions(decisions: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    if "meetings" in decisions:
        rows = [(int(m.get("index") or 0), m) for m in decisions.get("meetings") or [] if m]
        if len({i for i, _m in rows}) != len(rows):
            raise ConfirmError(_("Each meeting of the document can be confirmed only once."))
        return sorted(rows, key=lambda row: row[0])
    return [(0, decisions["meeting"])] if decisions.get("meeting") else []


def confirm_document(actor, document: SourceDocument, decisions: dict[str, Any], *,
                     at: dt.datetime | None = None) -> ConfirmResult:
    """Apply a reviewer's decisions in one transaction (see the module docstring for their shape).

    `at` is for history brought in from elsewhere (imports, the demo): every
    event the confirm writes carries it instead of now.
    """
    with transaction.atomic(), changing():  # the tasks it creates get their status in one bulk refresh
        document = SourceDocument.objects.select_for_update().get(pk=document.pk)
        if document.state in (SourceDocument.State.STORED, SourceDocument.State.READING,
                              SourceDocument.State.FAILED):
            raise ConfirmError(_("Only a document that has been read can be confirmed."))
        run = _Confirm(actor, document, at)
        confirmed = {index: run.meeting(data, index) for index, data in _meeting_decisions(decisions)}
        if confirmed:
            meeting = next(iter(confirmed.values()))
        else:
            meeting = run.links[min(run.links)] if run.links else None
        plan = run.plan(decisions.get("plan"), meeting)
        run.result.meeting, run.result.meetings, run.result.plan = meeting, list(confirmed.values()), plan

        def meeting_of(item: dict[str, Any]) -> Meeting | None:
            # An item names the meeting of the record it came from; else it goes with the first one.
            if item.get("meeting") is None:
                return meeting
            return confirmed.get(item["meeting"]) or run.links.get(item["meeting"])

        base = plan.tasks.count() if plan else 0
        for i, item in enumerate(decisions.get("directives") or [], start=1):
            run.directive(item, meeting_of(item), plan, base + i)
        for i, item in enumerate(decisions.get("commitments") or [], start=1):
            run.commitment(item, meeting_of(item), plan, base + i)
        document.state = SourceDocument.State.CONFIRMED
        document.save(update_fields=["state"])
        record_event(actor, "document.confirmed", document, {
            "meeting": meeting.pk if meeting else None, "plan": plan.pk if plan else None,
            "meetings": [m.pk for m in confirmed.values()],
            "tasks_created": len(run.result.tasks_created),
        }, at=at)
        return run.result
