"""The review page marks items read with low confidence and pre-fills dates from the meeting's.

Records are built by hand (the fictional report of tests/ingest/records.py) with the additive
``rule`` and ``confidence`` keys the intake gives every item.
"""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
from django.urls import reverse

from luoshi.ingest import confidence, reading, review
from luoshi.meetings.models import ReviewState
from tests.factories import HOSTILE_MARK
from tests.ingest import records

pytestmark = pytest.mark.django_db

BADGE = 'class="badge check"'


@pytest.fixture
def office(world, login):
    return login(world.users["office"])


def _uncertain_record() -> dict:
    rec = records.record()
    m = rec["meetings"][0]
    m["date"] = {"text": "3月5日上午", "value": "2026-03-05", "part_of_day": "morning", "resolved": "published",
                 "rule": "date.full", "confidence": 0.9}
    m["body_rule"], m["session_rule"] = "subject", "numbered"
    m["confidence"] = {"body": 0.95, "session": 0.6}
    m["people"] = [
        {"name": "林思遠", "posts": ["省長"], "roles": ["chair"], "venue": None, "rule": "model+roster",
         "confidence": 0.62},
        {"name": "白若溪", "posts": ["副省長"], "roles": ["attendee"], "venue": None},  # no confidence: unknown
        {"name": "石川", "posts": [], "roles": ["attendee"], "venue": None, "rule": "rules", "confidence": 0.97},
    ]
    m["agenda"][0].update(rule="convey", confidence=0.9)
    m["agenda"][1].update(rule="adopt.other", confidence=0.5)
    m["directives"][0].update(rule="marker", confidence=0.96)
    m["directives"][1].update(rule="numbered", confidence=0.55)
    m["commitments"][0].update(rule="commitment", confidence=0.6)
    return rec


def _read(world, reader, drain, rec: dict, name: str = "report.txt"):
    reader.records[name] = rec
    stored = reading.store(world.users["office"], (rec["text"] + name).encode(), name)
    drain()
    stored.document.refresh_from_db()
    return stored.document


def _page(office, document) -> str:
    return office.get(reverse("ingest:review", args=[document.code])).content.decode()


def _block(page: str, element_id: str) -> str:
    """The HTML of the element with this id, up to the next row or item."""
    start = page.index(f'id="{element_id}"')
    end = re.compile(r'id="(participant|agenda|directive|commitment)-\d+"|</section>').search(page, start + 10)
    return page[start : end.start() if end else len(page)]


def test_items_below_the_threshold_are_marked_and_counted_first(office, world, reader, drain):
    document = _read(world, reader, drain, _uncertain_record())
    page = _page(office, document)
    d1, d2 = document.directives.order_by("order")
    c1 = document.commitments.get()
    # the summary at the top: five items (session, a person, an agenda item, a directive, the commitment)
    summary = page[page.index('id="to-check"') : page.index("</nav>", page.index('id="to-check"'))]
    anchors = re.findall(r'href="#([^"]+)"', summary)
    assert anchors == ["id_meeting-session", "participant-0", "agenda-1", f"directive-{d2.pk}",
                       f"commitment-{c1.pk}"]
    assert "5" in summary
    for anchor in anchors:  # every link has its target on the page
        assert f'id="{anchor}"' in page
    # marked where they stand; the others are not marked
    assert BADGE in _block(page, "participant-0") and "model+roster" in _block(page, "participant-0")
    assert BADGE not in _block(page, "participant-1")  # unknown is not uncertain
    assert BADGE not in _block(page, "participant-2")
    assert BADGE not in _block(page, "agenda-0") and BADGE in _block(page, "agenda-1")
    assert BADGE not in _block(page, f"directive-{d1.pk}") and BADGE in _block(page, f"directive-{d2.pk}")
    assert BADGE in _block(page, f"commitment-{c1.pk}")
    # nothing is hidden or reordered: every item is still there, in reading order
    assert page.index(f'id="directive-{d1.pk}"') < page.index(f'id="directive-{d2.pk}"')
    assert page.index('id="participant-1"') < page.index('id="participant-2"')


def test_a_record_without_confidences_shows_no_marks(office, world, reader, drain):
    document = _read(world, reader, drain, records.record())
    page = _page(office, document)
    assert BADGE not in page and 'id="to-check"' not in page


def test_the_threshold_is_one_constant(office, world, reader, drain, monkeypatch):
    document = _read(world, reader, drain, _uncertain_record())
    monkeypatch.setattr(confidence, "CHECK_BELOW", 0.58)
    forms = review.build_forms(document)
    assert [c.confidence.value for c in forms.to_check] == [0.5, 0.55]
    assert forms.threshold == 0.75 or forms.threshold == confidence.CHECK_BELOW


def test_decided_items_carry_no_mark(office, world, reader, drain):
    document = _read(world, reader, drain, _uncertain_record())
    d2 = document.directives.order_by("order").last()
    d2.state = ReviewState.REJECTED
    d2.save()
    forms = review.build_forms(document)
    assert f"directive-{d2.pk}" not in [c.anchor for c in forms.to_check]


def test_hostile_rule_names_and_texts_are_escaped(office, world, reader, drain):
    rec = _uncertain_record()
    rec["meetings"][0]["people"][0]["rule"] = HOSTILE_MARK
    rec["meetings"][0]["agenda"][1]["text"] = "審議" + HOSTILE_MARK
    rec["meetings"][0]["date"]["text"] = HOSTILE_MARK
    page = _page(office, _read(world, reader, drain, rec))
    assert HOSTILE_MARK not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_confidence_values_are_read_defensively():
    assert confidence.of({"confidence": 0.5, "rule": "x"}).check
    assert not confidence.of({"confidence": 0.75}).check
    assert confidence.of({"confidence": "0.3"}).value == 0.3
    assert confidence.of({"confidence": 7}).value == 1.0
    for raw in (None, True, "n/a", float("nan"), [0.1], {"body": 0.1}):
        assert not confidence.of({"confidence": raw}).known
    assert not confidence.of("not a dict").known
    assert confidence.of_field({"confidence": {"body": 0.4}, "body_rule": "object"}, "body").rule == "object"


# --- dates ------------------------------------------------------------------------------------


def test_the_meeting_date_is_prefilled_with_what_was_printed(office, world, reader, drain):
    rec = _uncertain_record()
    document = _read(world, reader, drain, rec)
    page = _page(office, document)
    assert 'name="meeting-date" value="2026-03-05"' in page
    help_text = re.search(r'<small class="help" id="id_meeting-date_helptext">(.*?)</small>', page).group(1)
    assert "3月5日上午" in help_text


def test_a_date_without_a_day_says_so(office, world, reader, drain):
    rec = records.record()
    rec["meetings"][0]["date"] = {"text": "近日", "value": None, "rule": "date.vague", "confidence": 0.4}
    document = _read(world, reader, drain, rec)
    forms = review.build_forms(document)
    assert forms.meeting.initial["date"] is None
    assert "近日" in forms.meeting.fields["date"].help_text
    assert [c.anchor for c in forms.to_check] == ["id_meeting-date"]


def test_the_plan_year_is_the_meetings_year(office, world, reader, drain):
    rec = records.record(published="2027-01-04")
    rec["meetings"][0]["date"] = {"text": "12月30日", "value": "2026-12-30"}
    forms = review.build_forms(_read(world, reader, drain, rec))
    assert forms.plan.initial == {"title": "2026年重点工作安排", "year": 2026}


def test_a_key_task_list_without_a_date_takes_the_year_of_its_title(office, world, reader, drain):
    rec = records.tasklist_record()
    rec["published"] = None
    forms = review.build_forms(_read(world, reader, drain, rec, "tasks.txt"))
    assert forms.plan.initial["year"] == 2026


def test_deadlines_without_a_value_count_from_the_meeting_date(office, world, reader, drain):
    rec = copy.deepcopy(records.record(published=None))
    m = rec["meetings"][0]
    m["date"] = {"text": "12月20日", "value": "2025-12-20"}
    m["directives"][0]["deadline"] = {"text": "年底前", "value": None}
    m["directives"][1]["deadline"] = {"text": "三季度末", "value": None}
    document = _read(world, reader, drain, rec)
    forms = review.build_forms(document)
    deadlines = [form.initial["deadline"] for form in forms.directives.forms]
    assert deadlines == [dt.date(2025, 12, 31), dt.date(2026, 9, 30)]
    page = _page(office, document)
    assert 'value="2025-12-31"' in page and "年底前" in page
