"""The review page marks items read with low confidence and pre-fills dates from the meeting's.

Records are built by hand (the fictional report of tests/ingest/records.py) with the additive
``rule`` and ``confidence`` keys the intake gives every item.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil

import pytest
from django.urls import reverse

from luoshi.ingest import confidence, reading, review
from luoshi.meetings.models import ReviewState
from luoshi.org.models import Organization
from tests.factories import HOSTILE_MARK
from tests.ingest import records
from tests.ingest.test_browser import CHROMIUM, chromium  # noqa: F401 (the browser fixture)
from tests.otp import browser_second_step

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


# --- in a real browser ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_in_the_browser_the_date_shows_and_a_check_link_opens_its_meeting(
    transactional_db, live_server, chromium, reader, drain,  # noqa: F811 (the fixture imported above)
):
    from luoshi.accounts.models import User
    from tests import factories

    office_org = Organization.objects.create(name="河湾协同办公室", kind=Organization.Kind.OFFICE)
    factories.user("office2", User.Role.OFFICE_ADMIN, office_org, is_staff=True)
    rec = records.two_meetings_record()
    rec["meetings"][1]["people"][0].update(rule="model+roster", confidence=0.5)
    reader.records["two.txt"] = rec
    stored = reading.store(User.objects.get(username="office2"), rec["text"].encode(), "two.txt")
    drain()

    page = chromium.new_page(locale="zh-CN")
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "office2")
    page.fill("input[name=password]", factories.PASSWORD)
    page.press("input[name=password]", "Enter")
    browser_second_step(page, "office2")
    page.wait_for_url(lambda url: "login" not in url)
    page.goto(live_server.url + reverse("ingest:review", args=[stored.document.code]))

    assert page.input_value("input[name=meeting-date]") == "2026-03-05"  # a date input shows it
    assert page.input_value("input[name=meeting1-date]") == "2026-03-20"
    assert "1 项需优先核对" in page.inner_text("#to-check")
    target = page.locator("#meeting1-participant-0")
    assert not target.is_visible()  # the second meeting's tab is not open yet
    page.click("#to-check a")
    assert target.is_visible()
    assert page.evaluate("document.getElementById('meeting1-participant-0').classList.contains('current')")
    badge = target.locator(".badge.check")
    assert badge.inner_text().startswith("待核") and "model+roster" in badge.get_attribute("title")


def test_the_printed_date_names_what_the_text_leaves_implicit():
    from django.utils import translation

    from luoshi.ingest.prefill import printed_date

    date = {"text": "12月28日下午3时", "value": "2026-12-28", "part_of_day": "afternoon", "time": "15:00"}
    with translation.override("zh-hans"):
        assert printed_date(date) == "原文：12月28日下午3时 (15:00)"  # 下午 is in the text already
    with translation.override("en"):
        assert printed_date(date) == "As printed: 12月28日下午3时 (afternoon, 15:00)"
        assert "no day" in printed_date({"text": "近日", "value": None})
        assert printed_date({"text": "", "value": None}) == ""
