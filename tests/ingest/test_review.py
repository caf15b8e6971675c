"""The review page and confirm beyond one plain meeting: a participant's venue, several meetings in one
document, history brought in with its own time (at=), the intake list's queries, escaping of names and errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.audit.models import Event
from luoshi.ingest import reading, review, services
from luoshi.ingest.models import ConfirmedMeeting
from luoshi.jobs.models import Job
from luoshi.meetings.models import Directive, Meeting, Participation, SourceDocument
from luoshi.org.models import Organization
from luoshi.work.models import Task
from tests.ingest import records
from tests.ingest.pages import form_data, options

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script>"
HOSTILE_ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


@pytest.fixture
def office(world, login):
    return login(world.users["office"])


@pytest.fixture
def body(db):
    return Organization.objects.create(name="东川省推进河湾协同发展领导小组", kind=Organization.Kind.LEADING_GROUP)


@pytest.fixture
def bureau(db):
    return Organization.objects.create(name="东川省推进河湾协同发展领导小组办公室", kind=Organization.Kind.OFFICE)


def _read(world, reader, drain, text: str, rec: dict, name: str) -> SourceDocument:
    reader.records[name] = rec
    stored = reading.store(world.users["office"], text.encode(), name)
    drain()
    stored.document.refresh_from_db()
    return stored.document


def _confirm_page(office, url: str, data: dict):
    data["action"] = ["confirm"]
    response = office.post(url, data)
    assert response.status_code == 302, response.content.decode()[:4000]
    return response


# --- 1. where a person took part ------------------------------------------------


@pytest.fixture
def venue_doc(world, reader, drain):
    rec = records.record()
    rec["meetings"][0]["people"][0]["venue"] = "青港分會場"
    rec["meetings"][0]["venues"].insert(0, {"name": "主會場", "region": None, "is_main": True})
    return _read(world, reader, drain, records.REPORT, rec, "venue-report.txt")


def test_a_participant_venue_is_chosen_from_the_meetings_venues_and_starts_at_the_recorded_one(office, venue_doc):
    page = office.get(reverse("ingest:review", args=[venue_doc.code])).content.decode()
    assert options(page, "participant-0-venue") == [("", False), ("主會場", False), ("青港分會場", True)]
    # the empty row for a new participant offers the same venues, none chosen
    assert options(page, "participant-1-venue") == [("", True), ("主會場", False), ("青港分會場", False)]


def test_the_venue_kept_on_the_review_page_lands_on_the_participation(office, venue_doc, body):
    url = reverse("ingest:review", args=[venue_doc.code])
    _confirm_page(office, url, form_data(office.get(url).content.decode()))
    meeting = Meeting.objects.get(source_document=venue_doc)
    parts = Participation.objects.filter(meeting=meeting, person__name="林思遠")
    assert {(p.role, p.venue.name) for p in parts} == {("chair", "青港分會場"), ("speaker", "青港分會場")}
    # a second visit shows the venue as confirmed
    page = office.get(url).content.decode()
    assert ("青港分會場", True) in options(page, "participant-0-venue")


def test_the_reviewer_corrects_a_participants_venue_or_clears_it(office, venue_doc, body):
    url = reverse("ingest:review", args=[venue_doc.code])
    data = form_data(office.get(url).content.decode())
    data["participant-0-venue"] = ["主會場"]
    _confirm_page(office, url, data)
    part = Participation.objects.filter(person__name="林思遠").first()
    assert part.venue.name == "主會場" and part.venue.is_main

    data = form_data(office.get(url).content.decode())
    data["participant-0-venue"] = [""]
    _confirm_page(office, url, data)
    assert set(Participation.objects.filter(person__name="林思遠").values_list("venue", flat=True)) == {None}


def test_a_venue_renamed_on_the_page_can_be_chosen_for_a_participant(office, venue_doc, body):
    url = reverse("ingest:review", args=[venue_doc.code])
    data = form_data(office.get(url).content.decode())
    data["venue-1-name"] = ["青港市分會場"]  # the reviewer corrects the venue's name ...
    data["participant-0-venue"] = ["青港市分會場"]  # ... and picks it (the page offers the names posted)
    _confirm_page(office, url, data)
    assert Participation.objects.filter(person__name="林思遠").first().venue.name == "青港市分會場"


def test_a_participant_at_a_venue_the_reviewer_removed_is_refused_with_a_visible_error(office, venue_doc, body):
    url = reverse("ingest:review", args=[venue_doc.code])
    data = form_data(office.get(url).content.decode())
    data["venue-1-DELETE"] = ["on"]
    data["action"] = ["confirm"]
    response = office.post(url, data)
    assert response.status_code == 200
    assert "青港分會場" in response.content.decode() and "errorlist" in response.content.decode()
    assert not Meeting.objects.exists()


# --- 2. a document reporting two meetings ---------------------------------------


@pytest.fixture
def two_doc(world, reader, drain):
    return _read(world, reader, drain, records.TWO_MEETINGS, records.two_meetings_record(), "two.txt")


def test_the_review_page_warns_of_two_meetings_and_gives_each_its_own_section(office, two_doc, body, bureau):
    page = office.get(reverse("ingest:review", args=[two_doc.code])).content.decode()
    assert 'class="attention several-meetings"' in page and "2" in page
    assert 'data-section="meeting-section-0"' in page and 'data-section="meeting-section-1"' in page
    assert (str(body.pk), True) in options(page, "meeting-organization")
    assert (str(bureau.pk), True) in options(page, "meeting1-organization")
    assert options(page, "participant1-0-venue") == [("", False), ("白沙分會場", True)]
    assert options(page, "participant-0-venue") == [("", False), ("主會場", True), ("青港分會場", False)]
    # each directive says which meeting it came from
    first, second = two_doc.directives.order_by("order")
    assert (first.text, second.text) == (records.FIRST_DIRECTIVE, records.SECOND_DIRECTIVE)
    assert [v for v, sel in options(page, "directive-0-meeting") if sel] == ["0"]
    assert [v for v, sel in options(page, "directive-1-meeting") if sel] == ["1"]
    assert [v for v, sel in options(page, "commitment-0-meeting") if sel] == ["1"]
    # a person of the second meeting jumps to that meeting's row
    assert 'data-target="meeting1-participant-0"' in page and 'id="meeting1-participant-0"' in page


def test_a_single_meeting_document_shows_no_meeting_selector(office, venue_doc):
    page = office.get(reverse("ingest:review", args=[venue_doc.code])).content.decode()
    assert "several-meetings" not in page and "meeting-tabs" not in page
    assert 'name="directive-0-meeting"' in page and 'type="hidden"' in page


def test_confirming_two_meetings_from_the_page_makes_two_meetings_with_their_own_directives(
    office, two_doc, body, bureau
):
    url = reverse("ingest:review", args=[two_doc.code])
    data = form_data(office.get(url).content.decode())
    data["commitment-0-new_party"] = ["青港市人民政府"]
    _confirm_page(office, url, data)

    plenary = Meeting.objects.get(organization=body)
    topic = Meeting.objects.get(organization=bureau)
    assert (plenary.sequence, plenary.date, plenary.kind) == (3, dt.date(2026, 3, 5), "plenary")
    assert (topic.session, topic.date, topic.kind) == ("專題會議", dt.date(2026, 3, 20), "topic")
    assert set(plenary.venues.values_list("name", flat=True)) == {"主會場", "青港分會場"}
    assert list(topic.venues.values_list("name", flat=True)) == ["白沙分會場"]
    assert Participation.objects.get(meeting=topic).venue.name == "白沙分會場"
    assert Participation.objects.get(meeting=plenary).venue.name == "主會場"
    assert Directive.objects.get(text=records.FIRST_DIRECTIVE).meeting == plenary
    assert Directive.objects.get(text=records.SECOND_DIRECTIVE).meeting == topic
    assert two_doc.commitments.get().meeting == topic
    assert dict(ConfirmedMeeting.objects.filter(document=two_doc).values_list("index", "meeting")) == {
        0: plenary.pk, 1: topic.pk}
    # the plan is adopted at the first meeting; tasks of both meetings are in it
    task = Task.objects.get(source_directive__text=records.SECOND_DIRECTIVE)
    assert task.plan.adopted_at == plenary

    # confirming again keeps each meeting where it was, and the page shows both as confirmed
    page = office.get(url).content.decode()
    assert page.count(" ✓</button>") == 2 and (str(bureau.pk), True) in options(page, "meeting1-organization")
    _confirm_page(office, url, form_data(page))
    assert Meeting.objects.count() == 2


def test_a_video_meeting_also_held_on_site_is_proposed_as_hybrid_from_old_and_new_records(two_doc):
    # the first meeting's record says "hybrid" (older records), the second "video" with hybrid: true
    assert review.meeting_initial(two_doc, 0)[0]["format"] == "hybrid"
    assert review.meeting_initial(two_doc, 1)[0]["format"] == "hybrid"


def test_the_reviewer_confirms_only_the_meeting_they_pick(office, two_doc, body, bureau):
    url = reverse("ingest:review", args=[two_doc.code])
    data = form_data(office.get(url).content.decode())
    data["meeting-skip"] = ["on"]  # not the plenary
    data["directive-0-decision"] = ["later"]
    data["commitment-0-new_party"] = ["青港市人民政府"]
    data["plan-organization"] = [str(bureau.pk)]
    _confirm_page(office, url, data)
    assert list(Meeting.objects.values_list("organization", flat=True)) == [bureau.pk]
    assert Directive.objects.get(text=records.SECOND_DIRECTIVE).meeting.organization == bureau
    first = Directive.objects.get(text=records.FIRST_DIRECTIVE)
    assert (first.meeting, first.state) == (None, "draft")
    assert dict(ConfirmedMeeting.objects.values_list("index", "meeting__organization")) == {1: bureau.pk}

    # later the plenary is confirmed too: it becomes its own meeting, the first is left as it was
    data = form_data(office.get(url).content.decode())
    data.pop("meeting-skip", None)
    data["directive-0-decision"] = ["confirm"]
    _confirm_page(office, url, data)
    assert Meeting.objects.count() == 2
    assert Directive.objects.get(text=records.FIRST_DIRECTIVE).meeting.organization == body


def test_the_reviewer_moves_a_directive_to_the_other_meeting(office, two_doc, body, bureau):
    url = reverse("ingest:review", args=[two_doc.code])
    data = form_data(office.get(url).content.decode())
    data["directive-1-meeting"] = ["0"]
    data["commitment-0-new_party"] = ["青港市人民政府"]
    _confirm_page(office, url, data)
    assert Directive.objects.get(text=records.SECOND_DIRECTIVE).meeting.organization == body


def test_confirm_document_takes_a_list_of_meetings_by_their_index(world, two_doc, body, bureau):
    first, second = two_doc.directives.order_by("order")
    meeting = {"kind": "plenary", "format": "hybrid", "venues": [], "participants": [], "agenda": []}
    result = services.confirm_document(world.users["office"], two_doc, {
        "meetings": [{**meeting, "index": 1, "organization": bureau.pk, "session": "專題會議", "kind": "topic"},
                     {**meeting, "index": 0, "organization": body.pk, "session": "第三次全體會議"}],
        "plan": {"title": "2026年重点工作安排", "year": 2026},
        "directives": [{"id": first.pk, "meeting": 0, "decision": "confirm"},
                       {"id": second.pk, "meeting": 1, "decision": "confirm"}],
    })
    assert [m.organization for m in result.meetings] == [body, bureau]
    assert result.meeting.organization == body and result.plan.adopted_at == result.meeting
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.meeting.organization, second.meeting.organization) == (body, bureau)
    with pytest.raises(services.ConfirmError):
        services.confirm_document(world.users["office"], two_doc, {
            "meetings": [{**meeting, "index": 0, "organization": body.pk}, {**meeting, "index": 0,
                                                                            "organization": bureau.pk}]})


def test_a_document_confirmed_before_meetings_were_linked_keeps_its_meeting(world, venue_doc, body):
    office = world.users["office"]
    services.confirm_document(office, venue_doc, {
        "meeting": {"organization": body.pk, "session": "第三次全體會議", "venues": [], "participants": [],
                    "agenda": []}})
    ConfirmedMeeting.objects.all().delete()  # as a document confirmed before the links were kept
    services.confirm_document(office, venue_doc, {
        "meeting": {"organization": body.pk, "session": "第三次全體會議（改）", "venues": [], "participants": [],
                    "agenda": []}})
    assert Meeting.objects.count() == 1 and Meeting.objects.get().session == "第三次全體會議（改）"
    assert ConfirmedMeeting.objects.get().index == 0


# --- 3. history brought in with its own time ----------------------------------------


def test_at_lands_on_every_event_of_store_read_review_and_confirm(world, reader, drain, body):
    office = world.users["office"]
    stored_at = dt.datetime(2026, 3, 6, 9, 0, tzinfo=dt.UTC)
    read_at = stored_at + dt.timedelta(hours=1)
    confirmed_at = stored_at + dt.timedelta(days=2)
    before = set(Event.objects.values_list("pk", flat=True))

    stored = reading.store(office, records.REPORT.encode(), "report.txt", at=stored_at)
    assert stored.document.uploaded_at == stored_at
    assert SourceDocument.objects.get().uploaded_at == stored_at
    job = Job.objects.get(kind=reading.READ_JOB)
    Job.objects.filter(pk=job.pk).update(payload={**job.payload, "at": read_at.isoformat()})
    drain()
    doc = SourceDocument.objects.get()
    d1, d2 = doc.directives.order_by("order")
    services.save_drafts(office, doc, [{"id": d2.pk, "text": d2.text + "（改）", "work_area": None}],
                         at=confirmed_at)
    tail = services.split_directive(office, d2, "二是", when=confirmed_at)
    services.merge_with_next(office, Directive.objects.get(pk=d2.pk), at=confirmed_at)
    assert not Directive.objects.filter(pk=tail.pk).exists()
    commitment = doc.commitments.get()
    services.confirm_document(office, doc, {
        "meeting": {"organization": body.pk, "session": "第三次全體會議",
                    "venues": [{"name": "青港分會場", "is_main": False}],
                    "participants": [{"name": "林思遠", "posts": "省長", "roles": ["chair"], "venue": "青港分會場"}],
                    "agenda": [{"kind": "convey", "text": "傳達學習"}]},
        "plan": {"title": "2026年重点工作安排", "year": 2026},
        "directives": [{"id": d1.pk, "decision": "confirm", "new_lead": ["東川省交通運輸廳"]},
                       {"id": d2.pk, "decision": "reject"}],
        "commitments": [{"id": commitment.pk, "decision": "confirm", "new_party": "青港市人民政府",
                         "parent": d1.pk}],
    }, at=confirmed_at)
    reading.reread(office, doc, at=confirmed_at)

    events = Event.objects.exclude(pk__in=before)
    by_time = {}
    for event in events:
        by_time.setdefault(event.at, set()).add(event.action)
    assert by_time[stored_at] == {"document.upload"}
    assert by_time[read_at] == {"document.read"}
    assert {"directive.edited", "directive.split", "directive.merged", "meeting.created", "venue.created",
            "person.created", "post.created", "participation.created", "agenda.created", "plan.created",
            "organization.created", "task.created", "assignment.created", "directive.confirmed",
            "directive.rejected", "commitment.confirmed", "document.confirmed", "document.reread",
            } <= by_time[confirmed_at]
    assert set(by_time) == {stored_at, read_at, confirmed_at}  # no event at "now"


def test_without_at_events_are_written_now(world, reader, drain):
    start = timezone.now()
    reading.store(world.users["office"], b"x", "x.txt")
    assert Event.objects.get(action="document.upload").at >= start


# --- 4. the intake list's queries do not grow with its documents ---------------------


def _documents(world, n: int) -> None:
    states = list(SourceDocument.State)
    for i in range(n):
        SourceDocument.objects.create(
            filename=f"doc-{i}.txt", content=f"text {i}".encode(), uploaded_by=world.users["office"],
            title=f"文件{i}", state=states[i % len(states)], progress=(i * 7) % 101,
            error="unreadable" if states[i % len(states)] == SourceDocument.State.FAILED else "",
        )


QUERY_BOUND = 8  # 7 today; a query per document would show at 3 already


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("name", ["ingest:intake", "ingest:status"])
def test_the_intake_list_issues_a_fixed_number_of_queries(office, world, django_assert_max_num_queries, n, name):
    _documents(world, n)
    with django_assert_max_num_queries(QUERY_BOUND):
        response = office.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("<tr class=\"state-") == n


# --- 5. names and errors are shown as text ----------------------------------------------


@pytest.fixture
def hostile_doc(world, reader, drain):
    rec = records.record(title=f"Title {HOSTILE}")
    return _read(world, reader, drain, records.REPORT, rec, f"report{HOSTILE}.txt")


@pytest.mark.parametrize("name", ["ingest:intake", "ingest:status"])
def test_a_hostile_title_and_filename_show_as_text_on_the_list(office, hostile_doc, name):
    page = office.get(reverse(name)).content.decode()
    assert HOSTILE not in page
    assert f"Title {HOSTILE_ESCAPED}" in page and f"report{HOSTILE_ESCAPED}.txt" in page


def test_a_hostile_title_and_filename_show_as_text_on_the_review_page(office, hostile_doc):
    page = office.get(reverse("ingest:review", args=[hostile_doc.code])).content.decode()
    assert HOSTILE not in page
    assert f"Title {HOSTILE_ESCAPED}" in page and f"report{HOSTILE_ESCAPED}.txt" in page


@pytest.fixture
def failed_doc(world, reader, drain):
    reader.errors[f"bad{HOSTILE}.pdf"] = f"cannot read {HOSTILE}"
    stored = reading.store(world.users["office"], b"%PDF-junk", f"bad{HOSTILE}.pdf")
    drain()
    stored.document.refresh_from_db()
    assert stored.document.state == SourceDocument.State.FAILED
    return stored.document


@pytest.mark.parametrize("name", ["ingest:intake", "ingest:status"])
def test_a_hostile_error_shows_as_text_on_the_list(office, failed_doc, name):
    page = office.get(reverse(name)).content.decode()
    assert HOSTILE not in page
    assert f"cannot read {HOSTILE_ESCAPED}" in page and f"bad{HOSTILE_ESCAPED}.pdf" in page


def test_a_hostile_error_shows_as_text_where_the_review_page_would_be(office, failed_doc):
    page = office.get(reverse("ingest:review", args=[failed_doc.code])).content.decode()
    assert HOSTILE not in page
    assert f"cannot read {HOSTILE_ESCAPED}" in page
