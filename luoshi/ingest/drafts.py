"""The reviewer's saved draft: every field of the review page, kept between visits.

Saving stores each form's values as the browser posted them (strings and
lists of strings, so a half-typed date or a unit not yet chosen survives as
typed), keyed by what they belong to rather than by their row on the page:

    {
      "schema": "luoshi.review-draft/1",
      "meetings": [{"index": 0, "meeting": {field: value}, "venues": [{...}], "participants": [{...}],
                    "agenda": [{...}]}],
      "directives": [{"id": 12, "decision": "confirm", "text": ..., "title": ..., "lead": ["3"], ...}],
      "commitments": [{"id": 7, ...}],
      "plan": {"plan": "", "title": ..., "year": "2026", "organization": ""},
    }

Directives and commitments are found again by id, so a split, a merge or a
second reading (which replaces draft rows) keeps the edits of the rows that
are still there; the rows of each meeting section are kept as lists (they
have no id until confirmed). The review page uses the latest version as its
initial values; a confirm appends a CONFIRMED version, after which the page
shows what was confirmed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max

from luoshi.audit.events import record as record_event
from luoshi.ingest.models import ReviewDraft
from luoshi.meetings.models import ReviewState, SourceDocument

SCHEMA = "luoshi.review-draft/1"
# Not part of a draft: where to split is an action's argument, not an edit.
_SKIP = {"split_at", "DELETE"}


def _values(form) -> dict[str, Any]:
    """The form's fields as posted (bound) or as shown (unbound)."""
    values = {}
    for name in form.fields:
        if name in _SKIP:
            continue
        value = form[name].data if form.is_bound else form[name].value()
        if isinstance(value, (list, tuple)):
            value = [_plain(v) for v in value]
        else:
            value = _plain(value)
        values[name] = value
    return values


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def _rows(formset) -> list[dict[str, Any]]:
    """The formset's rows the reviewer kept: not removed, and not an untouched empty extra row."""
    rows = []
    initial = formset.initial_form_count()
    for i, form in enumerate(formset.forms):
        if "DELETE" in form.fields and form.is_bound and form["DELETE"].data:
            continue
        if i >= initial and not form.has_changed():
            continue
        rows.append(_values(form))
    return rows


def _renamed_venues(section) -> dict[str, str]:
    """Venues the reviewer renamed on the page: old name → new name (a participant's venue follows)."""
    renamed = {}
    for form in section.venues.forms:
        old = (form.initial or {}).get("name") or ""
        new = (form["name"].data or "").strip() if form.is_bound else old
        if old and new and old != new:
            renamed[old] = new
    return renamed


def _participants(section) -> list[dict[str, Any]]:
    renamed = _renamed_venues(section)
    return [{**row, "venue": renamed.get(row.get("venue") or "", row.get("venue"))}
            for row in _rows(section.participants)]


def collect(forms) -> dict[str, Any]:
    """A draft from the review page's forms (luoshi.ingest.review.ReviewForms)."""
    return {
        "schema": SCHEMA,
        "meetings": [{"index": s.index, "meeting": _values(s.meeting), "venues": _rows(s.venues),
                      "participants": _participants(s), "agenda": _rows(s.agenda)}
                     for s in forms.sections],
        "directives": [_values(form) for form in forms.directives.forms],
        "commitments": [_values(form) for form in forms.commitments.forms],
        "plan": _values(forms.plan),
    }


def field_errors(forms) -> bool:
    """Does any field hold a value that cannot be kept (a date that is no date, a blank directive)?

    A draft may be incomplete: what only a confirm needs (a convening body, a
    plan title) is checked on confirm, not on save.
    """
    bad = False
    for form, renamed in _every_form(forms):
        for name in form.errors:
            # A participant's venue renamed on the same page is not in the venue list the
            # page was drawn with; the draft keeps it under its new name.
            if name == "__all__" or (name == "venue" and form["venue"].data in renamed):
                continue
            bad = True
    return bad


def _every_form(forms) -> list:
    out = []
    for section in forms.sections:
        renamed = _renamed_venues(section)
        out.append((section.meeting, {}))
        for formset in (section.venues, section.participants, section.agenda):
            out.extend((form, renamed) for form in formset.forms)
    for part in (forms.directives, forms.commitments):
        out.extend((form, {}) for form in part.forms)
    out.append((forms.plan, {}))
    return out


def save(actor, document: SourceDocument, data: dict[str, Any], *,
         state: str = ReviewDraft.State.SAVED, at: dt.datetime | None = None) -> ReviewDraft:
    """Append the next version of the document's draft and log who saved it."""
    with transaction.atomic():
        # Lock the document so two reviewers saving at once get versions n and n+1.
        SourceDocument.objects.select_for_update().filter(pk=document.pk).first()
        last = ReviewDraft.objects.filter(document=document).aggregate(v=Max("version"))["v"] or 0
        draft = ReviewDraft(document=document, version=last + 1, state=state, data=data,
                            saved_by=actor if getattr(actor, "is_authenticated", False) else None)
        if at is not None:
            draft.saved_at = at
        draft.save()
        action = "document.review_confirmed" if state == ReviewDraft.State.CONFIRMED else "document.draft_saved"
        record_event(actor, action, document, {"version": draft.version}, at=at)
    return draft


def refresh_texts(data: dict[str, Any], document: SourceDocument) -> dict[str, Any]:
    """After a split or merge: draft directives take their text from the rows, which the action changed."""
    texts = dict(document.directives.filter(state=ReviewState.DRAFT).values_list("pk", "text"))
    kept = set(document.directives.values_list("pk", flat=True))
    rows = []
    for row in data.get("directives") or []:
        pk = _int(row.get("id"))
        if pk not in kept:
            continue
        if pk in texts:
            row = {**row, "text": texts[pk]}
        rows.append(row)
    return {**data, "directives": rows}


def latest(document: SourceDocument) -> dict[str, Any] | None:
    """The draft the review page starts from: the latest saved version, unless a confirm came after it."""
    draft = ReviewDraft.objects.filter(document=document).order_by("-version").first()
    if draft is None or draft.state != ReviewDraft.State.SAVED or (draft.data or {}).get("schema") != SCHEMA:
        return None
    return draft.data


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- applying a draft to the page's initial values ---------------------------


def meeting_section(draft: dict[str, Any] | None, index: int) -> dict[str, Any] | None:
    for section in (draft or {}).get("meetings") or []:
        if section.get("index") == index:
            return section
    return None


def by_id(draft: dict[str, Any] | None, part: str) -> dict[int, dict[str, Any]]:
    """The draft's directive or commitment rows by their id."""
    return {pk: row for row in (draft or {}).get(part) or [] if (pk := _int(row.get("id"))) is not None}


def overlay(rows: list[dict[str, Any]], saved: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Initial rows with the saved values of the same id on top."""
    return [{**row, **{k: v for k, v in saved.get(row["id"], {}).items() if k != "id"}} for row in rows]
