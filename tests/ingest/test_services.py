"""Storing, reading, matching, confirming and re-reading, without HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.audit.models import Event
from luoshi.ingest import reading, services
from luoshi.ingest.matching import match_organization, match_person, match_region, suggest_parent
from luoshi.ingest.models import AreaLead
from luoshi.meetings.models import (
    AgendaItem,
    Commitment,
    Directive,
    Meeting,
    Participation,
    SourceDocument,
    Venue,
)
from luoshi.org.models import Organization, Person, Post, Region
from luoshi.work.models import Assignment, Plan, Task, WorkArea
from tests.ingest import records

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(world):
    return world.users["office"]


@pytest.fixture
def qinggang(db):
    region = Region.objects.create(code="339901", name="青港市", short_name="青港", level="prefecture")
    gov = Organization.objects.create(name="青港市人民政府", kind=Organization.Kind.GOVERNMENT, region=region)
    return region, gov


@pytest.fixture
def body(db):
    # Kept in Simplified; the report prints it in Traditional.
    return Organization.objects.create(name="东川省推进河湾协同发展领导小组", kind=Organization.Kind.LEADING_GROUP)


def read(office, reader, drain, data: bytes | None = None, name="report.txt"):
    stored = reading.store(office, records.REPORT.encode() if data is None else data, name)
    drain()
    stored.document.refresh_from_db()
    return stored.document


def decisions(doc, body, plan_title="2026年重点工作安排", **overrides):
    d1, d2 = doc.directives.order_by("order")
    commitment = doc.commitments.get()
    result = {
        "meeting": {
            "organization": body.pk, "kind": "plenary", "session": "第三次全體會議", "date": dt.date(2026, 3, 5),
            "format": "video",
            "venues": [{"name": "青港分會場", "region": None, "is_main": False}],
            "participants": [{"name": "林思遠", "posts": "省長、領導小組組長", "roles": ["chair", "speaker"]}],
            "agenda": [{"kind": "convey", "text": "傳達學習了國家有關會議精神"}],
        },
        "plan": {"title": plan_title, "year": 2026},
        "directives": [
            {"id": d1.pk, "decision": "confirm", "text": d1.text, "work_area": d1.work_area_id, "deadline": d1.deadline},
            {"id": d2.pk, "decision": "reject", "text": d2.text},
        ],
        "commitments": [{"id": commitment.pk, "decision": "confirm", "text": commitment.text,
                         "new_party": "青港市人民政府", "parent": d1.pk}],
    }
    result.update(overrides)
    return result


# --- storing and reading ------------------------------------------------------


def test_storing_a_file_keeps_its_bytes_and_queues_one_reading_job(office, reader, drain):
    stored = reading.store(office, b"hello", "a.txt")
    assert stored.created and stored.document.state == SourceDocument.State.STORED
    assert bytes(stored.document.content) == b"hello"
    assert drain() == 1
    assert reader.calls == ["a.txt"]


def test_the_same_bytes_twice_find_the_first_document_instead_of_duplicating_it(office, reader, drain):
    first = reading.store(office, b"same bytes", "a.txt")
    second = reading.store(office, b"same bytes", "renamed.txt")
    assert not second.created and second.document.pk == first.document.pk
    assert SourceDocument.objects.count() == 1
    assert drain() == 1  # the duplicate queued nothing


def test_reading_fills_the_clean_text_and_creates_draft_directives_and_commitments(office, reader, drain):
    doc = read(office, reader, drain)
    assert doc.state == SourceDocument.State.READ and doc.progress == 100
    assert doc.script == "hant" and doc.text == records.REPORT
    assert doc.published == dt.date(2026, 3, 6)
    d1, d2 = doc.directives.order_by("order")
    assert (d1.text, d1.state, d1.deadline) == (records.DIRECTIVE_1, "draft", dt.date(2026, 12, 31))
    assert doc.text[d1.span_start:d1.span_end] == records.DIRECTIVE_1
    assert d1.work_area.slug == "infrastructure" and d2.work_area.slug == "innovation"
    assert doc.commitments.get().party_text == "青港"


def test_a_file_that_cannot_be_read_stays_stored_as_failed_with_its_reason(office, reader, drain):
    reader.errors["broken.pdf"] = "not a PDF: the file is truncated"
    doc = read(office, reader, drain, data=b"%PDF-broken", name="broken.pdf")
    assert doc.state == SourceDocument.State.FAILED
    assert doc.error == "not a PDF: the file is truncated"
    assert bytes(doc.content) == b"%PDF-broken"


def test_a_crash_inside_the_library_marks_the_document_failed_after_the_last_attempt(office, monkeypatch, drain):
    def explode(*args):
        raise RuntimeError("rules file missing")

    monkeypatch.setattr(reading, "_extract", explode)
    stored = reading.store(office, b"x", "x.txt")
    drain()
    stored.document.refresh_from_db()
    assert stored.document.state == SourceDocument.State.FAILED
    assert "rules file missing" in stored.document.error


# --- matching -----------------------------------------------------------------


def test_a_traditional_name_matches_an_organization_kept_in_simplified(body):
    assert match_organization("東川省推進河灣協同發展領導小組") == body


def test_a_simplified_name_matches_an_organization_kept_in_traditional(db):
    org = Organization.objects.create(name="東川省發展和改革委員會", kind=Organization.Kind.DEPARTMENT)
    assert match_organization("东川省发展和改革委员会") == org


def test_a_bare_place_name_matches_that_places_government(qinggang):
    region, gov = qinggang
    assert match_organization("青港") == gov


def test_an_unknown_name_matches_nothing(body):
    assert match_organization("西海省海洋局") is None


def test_people_match_by_folded_name_in_either_script(db):
    person = Person.objects.create(name="林思远")
    assert match_person("林思遠") == person
    kept_traditional = Person.objects.create(name="趙明達")
    assert match_person("赵明达") == kept_traditional


def test_a_venue_matches_its_region_by_short_name_in_either_script(qinggang):
    region, _gov = qinggang
    assert match_region("青港分會場") == region
    assert match_region("青港市") == region


def test_a_commitment_is_suggested_under_the_directive_with_its_work_area_and_wording(office, reader, drain):
    doc = read(office, reader, drain)
    d1, d2 = doc.directives.order_by("order")
    assert suggest_parent(records.COMMITMENT, [d2, d1]) == d1


# --- confirm ------------------------------------------------------------------


def test_confirm_creates_the_meeting_record_and_turns_directives_into_tasks(office, reader, drain, body, qinggang):
    region, gov = qinggang
    doc = read(office, reader, drain)
    result = services.confirm_document(office, doc, decisions(doc, body))

    meeting = result.meeting
    assert meeting.organization == body and meeting.sequence == 3 and meeting.source_document == doc
    assert meeting.format == "video" and meeting.date == dt.date(2026, 3, 5)
    assert Venue.objects.get(meeting=meeting).name == "青港分會場"
    person = Person.objects.get(name="林思遠")
    assert set(Participation.objects.filter(meeting=meeting, person=person).values_list("role", flat=True)) == {
        "chair", "speaker"}
    assert set(Post.objects.filter(person=person).values_list("title", flat=True)) == {"省長", "領導小組組長"}
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1

    plan = Plan.objects.get(title="2026年重点工作安排")
    assert plan.organization == body and plan.adopted_at == meeting
    d1, d2 = doc.directives.order_by("order")
    assert (d1.state, d2.state) == ("confirmed", "rejected")
    task = Task.objects.get(source_directive=d1, parent__isnull=True)
    assert task.plan == plan and task.due == dt.date(2026, 12, 31) and task.description == records.DIRECTIVE_1
    assert (d1.span_start, d1.span_end) == tuple(records.span(records.REPORT, records.DIRECTIVE_1))
    assert not Task.objects.filter(source_directive=d2, parent__isnull=True).exists()

    child = Task.objects.get(source_commitment=doc.commitments.get())
    assert child.parent == task
    assert child.assignments.get().organization == gov  # the existing government, matched by name
    assert child.assignments.get().role == "lead"
    doc.refresh_from_db()
    assert doc.state == SourceDocument.State.CONFIRMED


def test_every_row_confirm_creates_is_written_to_the_event_log(office, reader, drain, body):
    doc = read(office, reader, drain)
    result = services.confirm_document(office, doc, decisions(doc, body))
    actions = set(Event.objects.filter(actor=office).values_list("action", flat=True))
    assert {"meeting.created", "venue.created", "person.created", "participation.created", "agenda.created",
            "plan.created", "task.created", "assignment.created", "directive.confirmed", "directive.rejected",
            "commitment.confirmed", "organization.created", "document.confirmed"} <= actions
    for task in result.tasks_created:
        assert Event.objects.filter(task=task, action="task.created").exists()


def test_confirming_twice_does_not_duplicate_anything(office, reader, drain, body):
    doc = read(office, reader, drain)
    services.confirm_document(office, doc, decisions(doc, body))
    counts = [M.objects.count() for M in (Meeting, Venue, Participation, AgendaItem, Task, Assignment, Person,
                                          Post, Plan, Organization)]
    again = services.confirm_document(office, doc, decisions(doc, body))
    assert again.tasks_created == []
    assert [M.objects.count() for M in (Meeting, Venue, Participation, AgendaItem, Task, Assignment, Person,
                                        Post, Plan, Organization)] == counts


def test_an_invalid_decision_anywhere_leaves_nothing_half_created(office, reader, drain, body):
    doc = read(office, reader, drain)
    bad = decisions(doc, body)
    bad["commitments"][0]["party"] = 987654  # no such organization: fails after the tasks were made
    bad["commitments"][0]["new_party"] = ""
    before = [M.objects.count() for M in (Meeting, Venue, Participation, Task, Assignment, Person, Plan,
                                          Organization, Event)]
    with pytest.raises(services.ConfirmError):
        services.confirm_document(office, doc, bad)
    assert [M.objects.count() for M in (Meeting, Venue, Participation, Task, Assignment, Person, Plan,
                                        Organization, Event)] == before
    assert set(doc.directives.values_list("state", flat=True)) == {"draft"}
    doc.refresh_from_db()
    assert doc.state == SourceDocument.State.READ


def test_a_meeting_without_a_body_is_refused_rather_than_dropped(office, reader, drain, body):
    doc = read(office, reader, drain)
    bad = decisions(doc, body)
    bad["meeting"]["organization"] = None
    with pytest.raises(services.ConfirmError):
        services.confirm_document(office, doc, bad)
    assert not Meeting.objects.exists()


def test_confirm_into_an_existing_plan_adds_tasks_to_it(office, reader, drain, body, world):
    doc = read(office, reader, drain)
    result = services.confirm_document(office, doc, decisions(doc, body, plan={"id": world.plan.pk}))
    assert {t.plan for t in result.tasks_created} == {world.plan}


def test_a_key_task_list_becomes_tasks_with_lead_and_supporting_units(office, reader, drain, db):
    ndrc = Organization.objects.create(name="区发改局", kind=Organization.Kind.DEPARTMENT)
    owner = Organization.objects.create(name="河湾区人民政府", kind=Organization.Kind.GOVERNMENT)
    reader.records["list.txt"] = records.tasklist_record()
    doc = read(office, reader, drain, data=records.TASKLIST.encode(), name="list.txt")
    d1, d2 = doc.directives.order_by("order")
    lead1, support1 = reading.lead_support_for(d1, doc.extraction)
    assert (lead1, support1) == (["區發改局"], ["區統計局"])
    result = services.confirm_document(office, doc, {
        "meeting": None,
        "plan": {"title": "河湾区2026年重点工作", "organization": owner.pk},
        "directives": [
            # 區發改局 is known (matched in Simplified); the other names are new and created on confirm.
            {"id": d1.pk, "decision": "confirm", "lead": [match_organization(lead1[0]).pk], "new_support": support1},
            {"id": d2.pk, "decision": "confirm", "new_lead": ["區園林處"], "new_support": ["各街道"]},
        ],
    })
    t1, t2 = result.tasks_created
    assert [(a.organization, a.role) for a in t1.assignments.all()] == [
        (ndrc, "lead"), (Organization.objects.get(name="區統計局"), "support")]
    assert {a.organization.name for a in t2.assignments.all()} == {"區園林處", "各街道"}
    assert {o.name for o in result.organizations_created} == {"區統計局", "區園林處", "各街道"}


def test_area_lead_units_are_suggested_for_a_directive_of_that_area(world):
    area = WorkArea.objects.get(slug="infrastructure")
    AreaLead.objects.create(work_area=area, organization=world.dept)
    from luoshi.ingest.matching import suggest_units

    assert suggest_units(area.pk)["lead"] == [world.dept]
    assert suggest_units(None)["lead"] == []


# --- split, merge, re-read ----------------------------------------------------


def test_a_directive_splits_in_two_at_a_marker_and_both_halves_keep_their_sentence(office, reader, drain):
    doc = read(office, reader, drain)
    _d1, d2 = doc.directives.order_by("order")
    tail = services.split_directive(office, d2, "二是")
    d2.refresh_from_db()
    assert d2.text.endswith("聯合實驗室,") and tail.text.startswith("二是")
    assert doc.text[d2.span_start:d2.span_end] + doc.text[tail.span_start:tail.span_end] == records.DIRECTIVE_2
    assert list(doc.directives.order_by("order").values_list("pk", flat=True))[-1] == tail.pk


def test_a_directive_merges_with_the_next_one(office, reader, drain):
    doc = read(office, reader, drain)
    d1, _d2 = doc.directives.order_by("order")
    services.merge_with_next(office, d1)
    merged = doc.directives.get()
    assert merged.text == records.DIRECTIVE_1 + records.DIRECTIVE_2
    assert merged.span_end == records.span(records.REPORT, records.DIRECTIVE_2)[1]


def test_a_confirmed_directive_can_no_longer_be_split(office, reader, drain, body):
    doc = read(office, reader, drain)
    services.confirm_document(office, doc, decisions(doc, body))
    with pytest.raises(services.ConfirmError):
        services.split_directive(office, doc.directives.get(state="confirmed"), 3)


def test_rereading_refreshes_drafts_but_keeps_what_a_person_confirmed(office, reader, drain, body):
    doc = read(office, reader, drain)
    d1, d2 = doc.directives.order_by("order")
    decided = decisions(doc, body)
    decided["directives"] = [{"id": d1.pk, "decision": "confirm", "text": "要加快軌道交通互聯互通(人工校正)。"}]
    decided["commitments"] = []
    services.confirm_document(office, doc, decided)
    services.save_drafts(office, doc, [{"id": d2.pk, "text": "draft edit, not confirmed", "work_area": None}])

    # Improved rules now read a third directive and word the second differently.
    improved = records.record()
    improved["meetings"][0]["directives"][1]["text"] = "要深化科技創新協同。"
    improved["meetings"][0]["directives"].append(
        {"text": "要共建聯合實驗室。", "span": [0, 3], "area": "innovation", "area_keywords": [],
         "deadline": {"text": "", "value": None}})
    reader.default = improved
    reading.reread(office, doc)
    drain()

    doc.refresh_from_db()
    confirmed = Directive.objects.get(pk=d1.pk)
    assert confirmed.text == "要加快軌道交通互聯互通(人工校正)。" and confirmed.state == "confirmed"
    assert Task.objects.filter(source_directive=confirmed).count() == 1
    drafts = list(doc.directives.filter(state="draft").values_list("text", flat=True))
    assert drafts == ["要深化科技創新協同。", "要共建聯合實驗室。"]
    assert Meeting.objects.get(source_document=doc).session == "第三次全體會議"
    assert doc.state == SourceDocument.State.CONFIRMED
    assert Commitment.objects.filter(document=doc, state="draft").count() == 1
