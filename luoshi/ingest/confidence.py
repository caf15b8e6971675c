"""Which read items a reviewer looks at first: the intake's own confidence in each.

The intake gives every item it read (a person, an agenda item, a directive, a commitment, a
key-task row, the meeting's body, session and date) a ``rule`` (the id of the rule or model that
read it) and a ``confidence`` (0..1, the rule's measured precision). The review page marks the
items below CHECK_BELOW and counts them at its top, with links; it hides and reorders nothing.
An item without a confidence (an older record, a rule not yet scored) is unknown, not
uncertain: it gets no mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from luoshi.meetings.models import ReviewState

# The one threshold: items read with a confidence below it are marked "Check" on the review
# page. 0.75 means a rule right fewer than three times in four on the development corpus; the
# intake's well-measured rules sit at 0.85 and above, guesses (a year taken from a meeting's
# name, a date printed as 近日) below it.
CHECK_BELOW = 0.75


@dataclass(frozen=True)
class Confidence:
    value: float | None
    rule: str = ""

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def check(self) -> bool:
        """To be checked first: read, but with a confidence below the threshold."""
        return self.value is not None and self.value < CHECK_BELOW

    @property
    def title(self) -> str:
        """The badge's tooltip: which rule read the item and how sure it is."""
        if self.value is None:
            return ""
        return _("Read by %(rule)s with confidence %(value).2f (items below %(threshold).2f are to be checked)") % {
            "rule": self.rule or _("an unnamed rule"), "value": self.value, "threshold": CHECK_BELOW}


UNKNOWN = Confidence(None)


def _value(raw: Any) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    if value != value:  # NaN
        return None
    return min(1.0, max(0.0, value))


def of(item: Any) -> Confidence:
    """The confidence of one read item (a dict of the record); UNKNOWN when it carries none."""
    if not isinstance(item, dict):
        return UNKNOWN
    value = _value(item.get("confidence"))
    if value is None:
        return UNKNOWN
    return Confidence(value, str(item.get("rule") or "")[:100])


def of_field(meeting: dict[str, Any], name: str) -> Confidence:
    """The confidence of one meeting-level field: ``body`` and ``session`` (the meeting's
    ``confidence`` table and ``<name>_rule``), or ``date`` (its own ``confidence``)."""
    if not isinstance(meeting, dict):
        return UNKNOWN
    if name == "date":
        return of(meeting.get("date"))
    table = meeting.get("confidence")
    if not isinstance(table, dict):
        return UNKNOWN
    value = _value(table.get(name))
    if value is None:
        return UNKNOWN
    return Confidence(value, str(meeting.get(f"{name}_rule") or "")[:100])


@dataclass(frozen=True)
class Check:
    """One item to check first, as the summary at the top of the review page lists it."""

    anchor: str  # id of the element on the page
    label: str
    confidence: Confidence


# --- marking the review page's forms ------------------------------------------------------------

MEETING_FIELDS = {"organization": "body", "session": "session", "date": "date"}


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mark_meeting(section, rec: dict[str, Any] | None) -> list[Check]:
    """Give the meeting's fields, participants and agenda items of one section their confidence.

    ``rec`` is the meeting as the record has it; None when the meeting was confirmed (a
    person's decision carries no read confidence).
    """
    checks: list[Check] = []
    rec = rec if isinstance(rec, dict) else None
    for name, key in MEETING_FIELDS.items():
        bound = section.meeting[name]
        bound.confidence = of_field(rec, key) if rec else UNKNOWN
        if bound.confidence.check:
            checks.append(Check(bound.auto_id, str(bound.label), bound.confidence))
    groups = [
        (section.participants.forms, (rec or {}).get("people"), "participant",
         lambda form: form.initial.get("name") or ""),
        (section.agenda.forms, (rec or {}).get("agenda"), "agenda",
         lambda form: _("Agenda item: %(text)s") % {"text": _short(form.initial.get("text"))}),
    ]
    for forms, items, kind, label in groups:
        items = items if isinstance(items, list) else []
        for i, form in enumerate(forms):
            form.confidence = of(items[i]) if rec and i < len(items) else UNKNOWN
            if form.confidence.check:
                checks.append(Check(f"{section.anchor}{kind}-{i}", label(form), form.confidence))
    return checks


def _overlap(item: dict[str, Any], start: int | None, end: int | None) -> bool:
    span = item.get("span") or [None, None]
    try:
        s, e = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return False
    return start is not None and end is not None and s < end and start < e


def item_confidence(row, items: list[dict[str, Any]]) -> Confidence:
    """The confidence of a stored directive or commitment: of the record item covering its sentence."""
    for item in items:
        if isinstance(item, dict) and _overlap(item, row.span_start, row.span_end):
            return of(item)
    return UNKNOWN


def mark_rows(formset, rows: dict[int, Any], items: list[dict[str, Any]], kind: str, label: str) -> list[Check]:
    """Give each directive or commitment form (by its row's id) the confidence of its record item.

    ``label`` is a format with %(n)d, the item's number on the page. Confirmed or rejected rows
    were decided by a person: they get no mark.
    """
    checks: list[Check] = []
    for n, form in enumerate(formset.forms, start=1):
        row = rows.get(form.initial.get("id"))
        draft = row is not None and getattr(row, "state", ReviewState.DRAFT) == ReviewState.DRAFT
        form.confidence = item_confidence(row, items) if draft else UNKNOWN
        if form.confidence.check:
            checks.append(Check(f"{kind}-{row.pk}", label % {"n": n}, form.confidence))
    return checks
