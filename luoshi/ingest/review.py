"""The review page's forms: initial values from the record (or from what was confirmed), and decisions from the posted forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from luoshi.ingest import forms as f
from luoshi.ingest.matching import (
    match_organization,
    match_person,
    match_region,
    split_names,
    suggest_parent,
    suggest_units,
)
from luoshi.ingest.reading import lead_support_for, parse_date
from luoshi.meetings.models import ReviewState, SourceDocument
from luoshi.work.models import Assignment, WorkArea


def _first_meeting(document: SourceDocument) -> dict[str, Any]:
    meetings = (document.extraction or {}).get("meetings") or []
    return next((m for m in meetings if m.get("body")), meetings[0] if meetings else {})


def _match_names(names: list[str]) -> tuple[list[int], list[str]]:
    found, unknown = [], []
    for name in names:
        org = match_organization(name)
        (found.append(org.pk) if org else unknown.append(name))
    return found, unknown


def meeting_initial(document: SourceDocument) -> tuple[dict, list[dict], list[dict], list[dict]]:
    meeting = document.meetings.first()
    if meeting is not None:
        # Confirmed fields win over whatever a later reading says.
        people: dict[int, dict] = {}
        for part in meeting.participations.select_related("person", "venue"):
            row = people.setdefault(part.person_id, {"name": part.person.name, "posts": part.posts_as_printed,
                                                     "roles": []})
            row["roles"].append(part.role)
        return (
            {"organization": meeting.organization_id, "title": meeting.title, "kind": meeting.kind,
             "session": meeting.session, "date": meeting.date, "format": meeting.format},
            [{"name": v.name, "region": v.region_id, "is_main": v.is_main} for v in meeting.venues.all()],
            list(people.values()),
            [{"kind": a.kind, "text": a.text} for a in meeting.agenda.all()],
        )
    rec = _first_meeting(document)
    body = match_organization(rec.get("body") or "") if rec.get("body") else None
    date = rec.get("date") or {}
    kind = rec.get("kind") if rec.get("kind") in {"plenary", "topic", "other"} else "plenary"
    fmt = rec.get("format") if rec.get("format") in {"in_person", "video", "hybrid"} else "unknown"
    venues = []
    for v in rec.get("venues") or []:
        v = v if isinstance(v, dict) else {"name": v}
        region = match_region(v.get("region") or v.get("name") or "")
        venues.append({"name": v.get("name") or "", "region": region.pk if region else None,
                       "is_main": bool(v.get("is_main"))})
    people = [{"name": p.get("name") or "", "posts": "、".join(p.get("posts") or []), "roles": p.get("roles") or []}
              for p in rec.get("people") or []]
    agenda = [{"kind": a.get("kind") or "other", "text": a.get("text") or ""} for a in rec.get("agenda") or []]
    return (
        {"organization": body.pk if body else None, "new_organization": "" if body else rec.get("body") or "",
         "title": document.title, "kind": kind, "session": rec.get("session") or "", "date": parse_date(date.get("value")),
         "format": fmt, "skip": not rec.get("body")},
        venues, people, agenda,
    )


def directive_initial(document: SourceDocument) -> list[dict]:
    rows = []
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
        rows.append({"id": d.pk, "decision": decision, "text": d.text, "title": task.title if task else "",
                     "work_area": d.work_area_id, "deadline": d.deadline, "lead": lead, "support": support,
                     "new_lead": "、".join(new_lead), "new_support": "、".join(new_support)})
    return rows


def commitment_initial(document: SourceDocument) -> list[dict]:
    directives = [d for d in document.directives.all() if d.state != ReviewState.REJECTED]
    areas = list(WorkArea.objects.filter(is_active=True))
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
        rows.append({"id": c.pk, "decision": decision, "text": c.text, "party": party.pk if party else None,
                     "new_party": "" if party else c.party_text, "parent": parent})
    return rows


def plan_initial(document: SourceDocument, meeting: dict) -> dict:
    day = meeting.get("date") or document.published or timezone.localdate()
    existing = document.directives.filter(tasks__isnull=False).values_list("tasks__plan", flat=True).first()
    if existing:
        return {"plan": existing}
    return {"title": f"{day.year}年重点工作安排", "year": day.year}


@dataclass
class ReviewForms:
    meeting: f.MeetingForm
    venues: Any
    participants: Any
    agenda: Any
    directives: Any
    commitments: Any
    plan: f.PlanForm

    def all(self) -> list:
        return [self.meeting, self.venues, self.participants, self.agenda, self.directives, self.commitments,
                self.plan]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all()])  # a list: every form gets its errors


def build_forms(document: SourceDocument, data=None) -> ReviewForms:
    meeting, venues, people, agenda = meeting_initial(document)
    choices = [(d.pk, f"{d.order}. {d.text[:40]}") for d in document.directives.all()]
    forms = ReviewForms(
        meeting=f.MeetingForm(data, prefix="meeting", initial=meeting),
        venues=f.VenueFormSet(data, prefix="venue", initial=venues),
        participants=f.ParticipantFormSet(data, prefix="participant", initial=people),
        agenda=f.AgendaFormSet(data, prefix="agenda", initial=agenda),
        directives=f.DirectiveFormSet(data, prefix="directive", initial=directive_initial(document)),
        commitments=f.CommitmentFormSet(data, prefix="commitment", initial=commitment_initial(document),
                                        form_kwargs={"directive_choices": choices}),
        plan=f.PlanForm(data, prefix="plan", initial=plan_initial(document, meeting)),
    )
    # Show the reviewer whether each printed name matched a person already kept.
    for form in forms.participants.forms:
        name = form.initial.get("name")
        form.known_person = bool(name and match_person(name))
    return forms


def _ids(objs) -> list[int]:
    return [o.pk for o in objs or []]


def _names(value: str) -> list[str]:
    return split_names(value or "")


def _live(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def decisions_from(forms: ReviewForms) -> dict[str, Any]:
    m = forms.meeting.cleaned_data
    meeting = None
    if not m.get("skip"):
        meeting = {
            "organization": m["organization"].pk if m.get("organization") else None,
            "new_organization": m.get("new_organization") or "",
            "title": m.get("title") or "", "kind": m["kind"], "session": m.get("session") or "",
            "date": m.get("date"), "format": m["format"],
            "venues": [{"name": v.get("name"), "region": v["region"].pk if v.get("region") else None,
                        "is_main": v.get("is_main")} for v in _live(forms.venues) if v.get("name")],
            "participants": [{"name": p.get("name"), "posts": p.get("posts") or "", "roles": p.get("roles") or []}
                             for p in _live(forms.participants) if p.get("name")],
            "agenda": [{"kind": a["kind"], "text": a.get("text")} for a in _live(forms.agenda) if a.get("text")],
        }
    p = forms.plan.cleaned_data
    plan = {"id": p["plan"].pk} if p.get("plan") else {
        "title": p.get("title"), "year": p.get("year"),
        "organization": p["organization"].pk if p.get("organization") else None}
    directives = [
        {"id": d["id"], "decision": d["decision"], "text": d["text"], "title": d.get("title") or "",
         "work_area": d["work_area"].pk if d.get("work_area") else None, "deadline": d.get("deadline"),
         "lead": _ids(d.get("lead")), "support": _ids(d.get("support")),
         "new_lead": _names(d.get("new_lead")), "new_support": _names(d.get("new_support"))}
        for d in _live(forms.directives) if d["decision"] != "later"
    ]
    commitments = [
        {"id": c["id"], "decision": c["decision"], "text": c["text"],
         "party": c["party"].pk if c.get("party") else None, "new_party": c.get("new_party") or "",
         "parent": c.get("parent")}
        for c in _live(forms.commitments) if c["decision"] != "later"
    ]
    return {"meeting": meeting, "plan": plan, "directives": directives, "commitments": commitments}


def draft_edits(forms: ReviewForms) -> list[dict[str, Any]]:
    """Directive edits to keep when the reviewer splits, merges or saves without confirming."""
    return [{"id": d["id"], "text": d["text"], "work_area": d["work_area"].pk if d.get("work_area") else None,
             "deadline": d.get("deadline")} for d in _live(forms.directives)]


def default_year(document: SourceDocument) -> int:
    return (document.published or dt.date.today()).year
