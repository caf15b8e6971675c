"""The review page's forms: initial values from the record (or from what was confirmed), and decisions from the posted forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.ingest import confidence, drafts, prefill
from luoshi.ingest import forms as f
from luoshi.ingest.highlight import section_anchor
from luoshi.ingest.matching import (
    match_organization,
    match_person,
    match_region,
    split_names,
    suggest_parent,
    suggest_units,
)
from luoshi.ingest.reading import (
    lead_support_for,
    parse_date,
    record_commitments,
    record_directives,
    record_meeting_index,
    record_meetings,
)
from luoshi.ingest.services import meeting_links
from luoshi.lib.text import fold
from luoshi.meetings.models import Meeting, ReviewState, SourceDocument
from luoshi.work.models import Assignment, WorkArea


def _first_meeting(document: SourceDocument) -> dict[str, Any]:
    meetings = record_meetings(document.extraction)
    return next((m for m in meetings if m.get("body")), meetings[0] if meetings else {})


def _match_names(names: list[str]) -> tuple[list[int], list[str]]:
    found, unknown = [], []
    for name in names:
        org = match_organization(name)
        (found.append(org.pk) if org else unknown.append(name))
    return found, unknown


def meeting_indexes(document: SourceDocument, links: dict[int, Meeting] | None = None) -> list[int]:
    """The meetings the review page shows: each meeting of the record, and any confirmed from it earlier."""
    links = meeting_links(document) if links is None else links
    count = max(1, len(record_meetings(document.extraction)), max(links, default=-1) + 1)
    return list(range(count))


def _venue_of(printed: str | None, venues: list[dict]) -> str:
    """The venue (by name, from the venue list) where the record says a person took part."""
    if not printed:
        return ""
    key = fold(printed)
    for venue in venues:
        if fold(venue["name"]) == key:
            return venue["name"]
    return next((v["name"] for v in venues if v["name"] and (fold(v["name"]).startswith(key)
                                                              or key.startswith(fold(v["name"])))), "")


def meeting_initial(
    document: SourceDocument, index: int | None = None
) -> tuple[dict, list[dict], list[dict], list[dict]]:
    """Initial values of one meeting's forms: (meeting, venues, participants, agenda).

    `index` is the meeting's position in the record; None means the record's
    first meeting that names its body (what a record of one meeting shows).
    """
    links = meeting_links(document)
    if index is None:
        meeting = links[min(links)] if links else None
        rec = _first_meeting(document)
    else:
        meeting = links.get(index)
        meetings = record_meetings(document.extraction)
        rec = meetings[index] if index < len(meetings) else {}
    if meeting is not None:
        # Confirmed fields win over whatever a later reading says.
        people: dict[int, dict] = {}
        for part in meeting.participations.select_related("person", "venue"):
            row = people.setdefault(part.person_id, {"name": part.person.name, "posts": part.posts_as_printed,
                                                     "roles": [], "venue": ""})
            row["roles"].append(part.role)
            row["venue"] = row["venue"] or (part.venue.name if part.venue else "")
        return (
            {"organization": meeting.organization_id, "title": meeting.title, "kind": meeting.kind,
             "session": meeting.session, "date": meeting.date, "format": meeting.format},
            [{"name": v.name, "region": v.region_id, "is_main": v.is_main} for v in meeting.venues.all()],
            list(people.values()),
            [{"kind": a.kind, "text": a.text} for a in meeting.agenda.all()],
        )
    body = match_organization(rec.get("body") or "") if rec.get("body") else None
    date = rec.get("date") or {}
    kind = rec.get("kind") if rec.get("kind") in {"plenary", "topic", "other"} else "plenary"
    fmt = rec.get("format") if rec.get("format") in {"in_person", "video", "hybrid"} else "unknown"
    if fmt == "video" and rec.get("hybrid"):  # the intake keeps 线上线下 as a flag beside "video"
        fmt = "hybrid"
    venues = []
    for v in rec.get("venues") or []:
        v = v if isinstance(v, dict) else {"name": v}
        region = match_region(v.get("region") or v.get("name") or "")
        venues.append({"name": v.get("name") or "", "region": region.pk if region else None,
                       "is_main": bool(v.get("is_main"))})
    people = [{"name": p.get("name") or "", "posts": "、".join(p.get("posts") or []), "roles": p.get("roles") or [],
               "venue": _venue_of(p.get("venue"), venues)}
              for p in rec.get("people") or []]
    agenda = [{"kind": a.get("kind") or "other", "text": a.get("text") or ""} for a in rec.get("agenda") or []]
    # The document's title names its meeting only when it reports one.
    title = document.title if len(record_meetings(document.extraction)) < 2 else ""
    return (
        {"organization": body.pk if body else None, "new_organization": "" if body else rec.get("body") or "",
         "title": title, "kind": kind, "session": rec.get("session") or "", "date": parse_date(date.get("value")),
         "format": fmt, "skip": not rec.get("body")},
        venues, people, agenda,
    )


def _meeting_index(item, document: SourceDocument, confirmed: dict[int, int]) -> int:
    """The meeting a directive or commitment belongs to: the one it was confirmed into, else the one it was read from."""
    if item.meeting_id in confirmed:
        return confirmed[item.meeting_id]
    return record_meeting_index(item, document.extraction)


def _confirmed_indexes(document: SourceDocument) -> dict[int, int]:
    return {meeting.pk: index for index, meeting in sorted(meeting_links(document).items(), reverse=True)}


def directive_initial(document: SourceDocument, meeting_dates: dict[int, dt.date | None] | None = None) -> list[dict]:
    """Initial rows of the directive forms. ``meeting_dates``: each meeting's date as the page has it,
    from which a deadline printed without a value (年底前 in a report without a year) is counted."""
    rows = []
    confirmed = _confirmed_indexes(document)
    meeting_dates = meeting_dates or {}
    for d in document.directives.select_related("work_area"):
        task = d.tasks.filter(parent__isnull=True).first()
        if task is not None:
            units = list(task.assignments.values_list("organization_id", "role"))
            lead = [o for o, r in units if r == Assignment.Role.LEAD]
            support = [o for o, r in units if r == Assignment.Role.SUPPORT]
            new_lead = new_support = []
        else:
            lead_names, support_names = lead_support_for(d, document.extraction)
            lead, new_lead = _match_names(lead_names)
            support, new_support = _match_names(support_names)
            if not lead_names:
                suggested = suggest_units(d.work_area_id)
                lead = [o.pk for o in suggested["lead"]]
                support = support or [o.pk for o in suggested["support"]]
        decision = {ReviewState.CONFIRMED: "confirm", ReviewState.REJECTED: "reject"}.get(d.state, "confirm")
        index = _meeting_index(d, document, confirmed)
        deadline = d.deadline
        if deadline is None and d.state == ReviewState.DRAFT:
            deadline = prefill.deadline_from(d.deadline_text, meeting_dates.get(index))
        rows.append({"id": d.pk, "meeting": index,
                     "decision": decision, "text": d.text, "title": task.title if task else "",
                     "work_area": d.work_area_id, "deadline": deadline, "lead": lead, "support": support,
                     "new_lead": "、".join(new_lead), "new_support": "、".join(new_support)})
    return rows


def commitment_initial(document: SourceDocument) -> list[dict]:
    directives = [d for d in document.directives.all() if d.state != ReviewState.REJECTED]
    areas = list(WorkArea.objects.filter(is_active=True))
    confirmed = _confirmed_indexes(document)
    rows = []
    for c in document.commitments.all():
        party = c.party or match_organization(c.party_text)
        task = c.tasks.first()
        if task is not None and task.parent_id:
            parent = task.parent.source_directive_id
        else:
            suggested = suggest_parent(c.text, directives, areas)
            parent = suggested.pk if suggested else None
        decision = {ReviewState.CONFIRMED: "confirm", ReviewState.REJECTED: "reject"}.get(c.state, "confirm")
        rows.append({"id": c.pk, "meeting": _meeting_index(c, document, confirmed),
                     "decision": decision, "text": c.text, "party": party.pk if party else None,
                     "new_party": "" if party else c.party_text, "parent": parent})
    return rows


def plan_initial(document: SourceDocument, meeting: dict) -> dict:
    existing = document.directives.filter(tasks__isnull=False).values_list("tasks__plan", flat=True).first()
    if existing:
        return {"plan": existing}
    year = prefill.plan_year(meeting.get("date"), document.title, document.published, timezone.localdate())
    return {"title": f"{year}年重点工作安排", "year": year}


@dataclass
class MeetingForms:
    """The forms of one meeting of the record: its own section of the review page."""

    index: int  # position in the record
    anchor: str  # prefix of the ids of its rows ("" for the first meeting, see highlight.section_anchor)
    label: str
    meeting: f.MeetingForm
    venues: Any
    participants: Any
    agenda: Any
    confirmed: Meeting | None = None
    checks: list[confidence.Check] = field(default_factory=list)  # its items read with low confidence

    def all(self) -> list:
        return [self.meeting, self.venues, self.participants, self.agenda]

    def has_errors(self) -> bool:
        return any(form.is_bound and not form.is_valid() for form in self.all())


@dataclass
class ReviewForms:
    sections: list[MeetingForms]
    directives: Any
    commitments: Any
    plan: f.PlanForm
    checks: list[confidence.Check] = field(default_factory=list)  # directives and commitments to check first

    threshold = confidence.CHECK_BELOW

    @property
    def to_check(self) -> list[confidence.Check]:
        """Every item read with a confidence below the threshold, in page order."""
        return [c for section in self.sections for c in section.checks] + self.checks

    # The first meeting's forms (what a record of one meeting has).
    @property
    def meeting(self) -> f.MeetingForm:
        return self.sections[0].meeting

    @property
    def venues(self):
        return self.sections[0].venues

    @property
    def participants(self):
        return self.sections[0].participants

    @property
    def agenda(self):
        return self.sections[0].agenda

    @property
    def several(self) -> bool:
        return len(self.sections) > 1

    def all(self) -> list:
        return [form for section in self.sections for form in section.all()] + [
            self.directives, self.commitments, self.plan]

    def is_valid(self) -> bool:
        valid = all([form.is_valid() for form in self.all()])  # a list: every form gets its errors
        return valid and self._venues_kept()

    def _venues_kept(self) -> bool:
        """A participant's venue must still be one of the meeting's venues after the reviewer's edits."""
        ok = True
        for section in self.sections:
            kept = {v.get("name") for v in _live(section.venues) if v.get("name")}
            for form in section.participants.forms:
                venue = (form.cleaned_data or {}).get("venue")
                if venue and venue not in kept and not form.cleaned_data.get("DELETE"):
                    form.add_error("venue", _("%(venue)s is no longer a venue of this meeting; choose another.")
                                   % {"venue": venue})
                    ok = False
        return ok


def _venue_names(formset) -> list[str]:
    """The venue names as the reviewer has them: posted (bound) or read (unbound)."""
    if formset.is_bound:
        names = [(form.data.get(form.add_prefix("name")) or "").strip() for form in formset.forms]
    else:
        names = [(form.initial.get("name") or "").strip() for form in formset.forms]
    return list(dict.fromkeys(n for n in names if n))


def _label(index: int, meeting: dict, several: bool) -> str:
    name = meeting.get("session") or meeting.get("title") or meeting.get("new_organization") or ""
    if not several:
        return name
    return _("Meeting %(n)d: %(name)s") % {"n": index + 1, "name": name} if name else _("Meeting %(n)d") % {
        "n": index + 1}


def _section(document: SourceDocument, index: int, several: bool, links: dict, data,
             draft: dict | None = None) -> MeetingForms:
    meeting, venues, people, agenda = meeting_initial(document, index)
    saved = drafts.meeting_section(draft, index)
    if saved is not None:  # the reviewer's saved draft wins over the reading and over what was confirmed
        meeting = {**meeting, **(saved.get("meeting") or {})}
        venues, people, agenda = saved.get("venues") or [], saved.get("participants") or [], saved.get("agenda") or []
    key = "" if index == 0 else str(index)  # the first meeting keeps the plain prefixes
    venue_forms = f.VenueFormSet(data, prefix=f"venue{key}", initial=venues)
    section = MeetingForms(
        index=index, anchor=section_anchor(index), label=_label(index, meeting, several),
        meeting=f.MeetingForm(data, prefix=f"meeting{key}", initial=meeting),
        venues=venue_forms,
        participants=f.ParticipantFormSet(data, prefix=f"participant{key}", initial=people,
                                          form_kwargs={"venue_names": _venue_names(venue_forms)}),
        agenda=f.AgendaFormSet(data, prefix=f"agenda{key}", initial=agenda),
        confirmed=links.get(index),
    )
    if several:
        section.meeting.fields["skip"].label = _("Do not confirm this meeting")
    meetings = record_meetings(document.extraction)
    rec = None if section.confirmed else (meetings[index] if index < len(meetings) else {})
    if rec:
        section.meeting.fields["date"].help_text = prefill.printed_date(rec.get("date"))
    section.checks = confidence.mark_meeting(section, rec)
    # Show the reviewer whether each printed name matched a person already kept.
    for form in section.participants.forms:
        name = form.initial.get("name")
        form.known_person = bool(name and match_person(name))
    return section


def build_forms(document: SourceDocument, data=None) -> ReviewForms:
    """The review page's forms, starting from the saved draft if there is one (see drafts.latest)."""
    links = meeting_links(document)
    indexes = meeting_indexes(document, links)
    draft = drafts.latest(document)
    sections = [_section(document, i, len(indexes) > 1, links, data, draft) for i in indexes]
    meeting_choices = [(s.index, s.label) for s in sections]
    directives = list(document.directives.all())
    choices = [(d.pk, f"{d.order}. {d.text[:40]}") for d in directives]
    meeting_dates = {s.index: parse_date(s.meeting.initial.get("date")) for s in sections}
    directive_rows = drafts.overlay(directive_initial(document, meeting_dates), drafts.by_id(draft, "directives"))
    commitment_rows = drafts.overlay(commitment_initial(document), drafts.by_id(draft, "commitments"))
    plan = plan_initial(document, {**sections[0].meeting.initial, "date": meeting_dates.get(sections[0].index)})
    forms = ReviewForms(
        sections=sections,
        directives=f.DirectiveFormSet(data, prefix="directive", initial=directive_rows,
                                      form_kwargs={"meeting_choices": meeting_choices}),
        commitments=f.CommitmentFormSet(data, prefix="commitment", initial=commitment_rows,
                                        form_kwargs={"directive_choices": choices,
                                                     "meeting_choices": meeting_choices}),
        plan=f.PlanForm(data, prefix="plan", initial={**plan, **((draft or {}).get("plan") or {})}),
    )
    for form in forms.directives.forms:  # the deadline as printed, beside the date worked out from it
        form.deadline_printed = next((d.deadline_text for d in directives if d.pk == form.initial.get("id")), "")
    forms.checks = confidence.mark_rows(forms.directives, {d.pk: d for d in directives},
                                        record_directives(document.extraction), "directive", _("Directive %(n)d"))
    forms.checks += confidence.mark_rows(forms.commitments, {c.pk: c for c in document.commitments.all()},
                                         record_commitments(document.extraction), "commitment",
                                         _("Commitment %(n)d"))
    return forms


def _ids(objs) -> list[int]:
    return [o.pk for o in objs or []]


def _names(value: str) -> list[str]:
    return split_names(value or "")


def _live(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def _meeting_decision(section: MeetingForms) -> dict[str, Any] | None:
    m = section.meeting.cleaned_data
    if m.get("skip"):
        return None
    return {
        "index": section.index,
        "organization": m["organization"].pk if m.get("organization") else None,
        "new_organization": m.get("new_organization") or "",
        "title": m.get("title") or "", "kind": m["kind"], "session": m.get("session") or "",
        "date": m.get("date"), "format": m["format"],
        "venues": [{"name": v.get("name"), "region": v["region"].pk if v.get("region") else None,
                    "is_main": v.get("is_main")} for v in _live(section.venues) if v.get("name")],
        "participants": [{"name": p.get("name"), "posts": p.get("posts") or "", "roles": p.get("roles") or [],
                          "venue": p.get("venue") or ""}
                         for p in _live(section.participants) if p.get("name")],
        "agenda": [{"kind": a["kind"], "text": a.get("text")} for a in _live(section.agenda) if a.get("text")],
    }


def decisions_from(forms: ReviewForms) -> dict[str, Any]:
    meetings = [m for m in (_meeting_decision(s) for s in forms.sections) if m]
    p = forms.plan.cleaned_data
    plan = {"id": p["plan"].pk} if p.get("plan") else {
        "title": p.get("title"), "year": p.get("year"),
        "organization": p["organization"].pk if p.get("organization") else None}
    directives = [
        {"id": d["id"], "meeting": d.get("meeting"), "decision": d["decision"], "text": d["text"],
         "title": d.get("title") or "",
         "work_area": d["work_area"].pk if d.get("work_area") else None, "deadline": d.get("deadline"),
         "lead": _ids(d.get("lead")), "support": _ids(d.get("support")),
         "new_lead": _names(d.get("new_lead")), "new_support": _names(d.get("new_support"))}
        for d in _live(forms.directives) if d["decision"] != "later"
    ]
    commitments = [
        {"id": c["id"], "meeting": c.get("meeting"), "decision": c["decision"], "text": c["text"],
         "party": c["party"].pk if c.get("party") else None, "new_party": c.get("new_party") or "",
         "parent": c.get("parent")}
        for c in _live(forms.commitments) if c["decision"] != "later"
    ]
    return {"meetings": meetings, "plan": plan, "directives": directives, "commitments": commitments}


def draft_edits(forms: ReviewForms) -> list[dict[str, Any]]:
    """Directive edits to keep when the reviewer splits, merges or saves without confirming."""
    return [{"id": d["id"], "text": d["text"], "work_area": d["work_area"].pk if d.get("work_area") else None,
             "deadline": d.get("deadline")} for d in _live(forms.directives)]
