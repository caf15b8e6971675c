"""保存草稿 keeps every field of the review page: save, reload, and confirm from what was saved.

Each field is edited on its own, saved, and read back from a fresh GET of the
page (the page a reviewer finds the next morning), then everything at once is
confirmed and the meeting, plan and tasks are checked for each edit.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from luoshi.audit.models import Event
from luoshi.ingest import reading
from luoshi.ingest.models import ReviewDraft
from luoshi.meetings.models import Meeting, ReviewState
from luoshi.org.models import Organization
from luoshi.work.models import Assignment, Plan, Task, WorkArea
from tests import factories as f
from tests.ingest import records
from tests.ingest.pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(world, login, reader, drain):
    document = reading.store(world.users["office"], records.REPORT.encode(), "report.txt").document
    drain()
    client = login(world.users["office"])
    return client, reverse("ingest:review", args=[document.code]), document


def _page(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode())


def _post(client, url, data: dict, action: str):
    data = {k: v for k, v in data.items() if k not in ("action", "next")}
    data["action"] = [action]
    return client.post(url, data)


def _save(client, url, data: dict) -> dict:
    response = _post(client, url, data, "save")
    assert response.status_code == 302, response.content.decode()[:2000]
    return _page(client, url)


def _edits(world) -> dict[str, list[str]]:
    """One new value for every kind of field on the page (fictional names, mixed scripts)."""
    region = f.region("329903", "白沙區")
    area = WorkArea.objects.get(slug="ecology")
    return {
        # the meeting
        "meeting-organization": [str(world.group.pk)],
        "meeting-new_organization": [""],
        "meeting-title": ["東川省河灣領導小組第三次全體會議（校）"],
        "meeting-kind": ["topic"],
        "meeting-session": ["第三次專題會議"],
        "meeting-date": ["2026-03-09"],
        "meeting-format": ["hybrid"],
        # a venue corrected and one added
        "venue-0-name": ["青港主會場"],
        "venue-0-region": [str(region.pk)],
        "venue-0-is_main": ["on"],
        "venue-1-name": ["白沙分會場"],
        # a person corrected and one added
        "participant-0-name": ["林思远"],
        "participant-0-posts": ["省长、领导小组组长、第一召集人"],
        "participant-0-roles": ["chair"],
        "participant-0-venue": ["青港分會場"],
        "participant-1-name": ["馮曉嵐"],
        "participant-1-posts": ["副省長"],
        "participant-1-roles": ["speaker", "attendee"],
        # the agenda
        "agenda-0-kind": ["study"],
        "agenda-0-text": ["學習了有關文件精神（校）"],
        "agenda-2-kind": ["deploy"],
        "agenda-2-text": ["部署了下一階段工作"],
        # the first directive: every field
        "directive-0-text": ["要加快軌道交通互聯互通,年內建成城際鐵路西段(校)。"],
        "directive-0-title": ["城際鐵路西段建成通車"],
        "directive-0-work_area": [str(area.pk)],
        "directive-0-deadline": ["2026-11-30"],
        "directive-0-lead": [str(world.dept.pk)],
        "directive-0-support": [str(world.city.pk), str(world.other_city.pk)],
        "directive-0-new_lead": ["青港市軌道辦"],
        "directive-0-new_support": ["白沙區住建局、青港港務集團"],
        # the second directive is rejected
        "directive-1-decision": ["reject"],
        # the commitment
        "commitment-0-text": ["青港將加快建設城際鐵路青港段,年底前貫通。"],
        "commitment-0-party": [str(world.city.pk)],
        "commitment-0-new_party": [""],
        # the plan
        "plan-title": ["2026年河灣協同重點工作安排"],
        "plan-year": ["2027"],
        "plan-organization": [str(world.office_org.pk)],
    }


def _fields():
    # The keys of _edits without building a world: parametrize needs them at import time.
    return [
        "meeting-organization", "meeting-title", "meeting-kind", "meeting-session", "meeting-date",
        "meeting-format", "venue-0-name", "venue-0-region", "venue-0-is_main", "venue-1-name",
        "participant-0-name", "participant-0-posts", "participant-0-roles", "participant-0-venue",
        "participant-1-name", "participant-1-posts", "participant-1-roles", "agenda-0-kind", "agenda-0-text",
        "agenda-2-kind", "agenda-2-text", "directive-0-text", "directive-0-title", "directive-0-work_area",
        "directive-0-deadline", "directive-0-lead", "directive-0-support", "directive-0-new_lead",
        "directive-0-new_support", "directive-1-decision", "commitment-0-text", "commitment-0-party",
        "plan-title", "plan-year", "plan-organization",
    ]


def test_the_field_list_covers_every_edit(world):
    assert set(_fields()) | {"meeting-new_organization", "commitment-0-new_party"} == set(_edits(world))


@pytest.mark.parametrize("field", _fields())
def test_a_saved_draft_keeps_the_field_on_reload(review, world, field):
    client, url, _document = review
    edits = _edits(world)
    before = _page(client, url)
    assert before.get(field) != edits[field], "the edit must change the field"
    data = {**before, field: edits[field]}
    if field == "meeting-organization":
        data["meeting-new_organization"] = [""]
    if field == "agenda-2-text":  # a browser posts the new row's first kind; pages.form_data leaves it out
        data["agenda-2-kind"] = ["other"]
    after = _save(client, url, data)
    assert after.get(field) == edits[field]


def test_a_removed_participant_stays_removed_after_saving(review):
    client, url, _document = review
    data = _page(client, url)
    data["participant-0-DELETE"] = ["on"]
    after = _save(client, url, data)
    assert "林思遠" not in repr(after)
    assert after["participant-INITIAL_FORMS"] == ["0"]


def test_a_blanked_plan_title_and_a_cleared_meeting_date_are_kept_blank(review):
    """Clearing a field is an edit too: the reading's value must not come back."""
    client, url, _document = review
    data = _page(client, url)
    data["plan-title"] = [""]
    data["meeting-date"] = [""]
    data["directive-0-deadline"] = [""]
    after = _save(client, url, data)
    assert after["plan-title"] == [""] and after["meeting-date"] == [""] and after["directive-0-deadline"] == [""]


def test_each_save_appends_a_version_and_logs_who_saved_it(review, world):
    client, url, document = review
    data = _page(client, url)
    _save(client, url, {**data, "plan-title": ["第一稿"]})
    _save(client, url, {**data, "plan-title": ["第二稿"]})
    versions = list(ReviewDraft.objects.filter(document=document).order_by("version"))
    assert [(d.version, d.data["plan"]["title"]) for d in versions] == [(1, "第一稿"), (2, "第二稿")]
    assert {d.saved_by for d in versions} == {world.users["office"]}
    events = Event.objects.filter(action="document.draft_saved", object_id=str(document.pk)).order_by("pk")
    assert [(e.actor, e.changes["version"]) for e in events] == [(world.users["office"], 1),
                                                                  (world.users["office"], 2)]


def test_a_field_that_cannot_be_kept_shows_everything_typed_and_saves_nothing(review):
    client, url, document = review
    data = _page(client, url)
    data["directive-0-deadline"] = ["2026-13-45"]
    data["plan-title"] = ["仍在输入的计划标题"]
    data["participant-1-name"] = ["馮曉嵐"]
    response = _post(client, url, data, "save")
    assert response.status_code == 200
    shown = form_data(response.content.decode())
    assert shown["directive-0-deadline"] == ["2026-13-45"]
    assert shown["plan-title"] == ["仍在输入的计划标题"] and shown["participant-1-name"] == ["馮曉嵐"]
    assert "errorlist" in response.content.decode()
    assert not ReviewDraft.objects.filter(document=document).exists()


def test_a_draft_need_not_be_complete_to_be_saved(review):
    """What only a confirm needs (a convening body, a plan) is not asked for on save."""
    client, url, _document = review
    data = _page(client, url)
    data["meeting-new_organization"] = [""]
    data["plan-title"] = [""]
    after = _save(client, url, data)
    assert after["meeting-new_organization"] == [""] and after["plan-title"] == [""]


def test_confirming_after_save_and_reload_creates_the_plan_and_tasks_with_every_edit(review, world):
    client, url, document = review
    edits = _edits(world)
    edits["participant-0-venue"] = ["青港主會場"]  # the venue as renamed on the same page
    reloaded = _save(client, url, {**_page(client, url), **edits})
    response = _post(client, url, reloaded, "confirm")
    assert response.status_code == 302, response.content.decode()[:3000]

    meeting = Meeting.objects.get(source_document=document)
    assert meeting.organization == world.group
    assert (meeting.title, meeting.kind, meeting.session, str(meeting.date), meeting.format) == (
        "東川省河灣領導小組第三次全體會議（校）", "topic", "第三次專題會議", "2026-03-09", "hybrid")
    venues = {v.name: v for v in meeting.venues.all()}
    assert set(venues) == {"青港主會場", "白沙分會場"}
    assert venues["青港主會場"].is_main and venues["青港主會場"].region.name == "白沙區"
    parts = {(p.person.name, p.role, p.posts_as_printed, p.venue.name if p.venue else "")
             for p in meeting.participations.select_related("person", "venue")}
    assert parts == {("林思远", "chair", "省长、领导小组组长、第一召集人", "青港主會場"),
                     ("馮曉嵐", "speaker", "副省長", ""), ("馮曉嵐", "attendee", "副省長", "")}
    assert [(a.kind, a.text) for a in meeting.agenda.order_by("order")] == [
        ("study", "學習了有關文件精神（校）"), ("adopt", "審議通過了2026年重點工作安排"), ("deploy", "部署了下一階段工作")]

    plan = Plan.objects.get(title="2026年河灣協同重點工作安排")
    assert plan.year == 2027 and plan.organization == world.office_org
    task = Task.objects.get(plan=plan, source_directive__isnull=False)
    assert task.title == "城際鐵路西段建成通車"
    assert task.description == "要加快軌道交通互聯互通,年內建成城際鐵路西段(校)。"
    assert task.work_area.slug == "ecology" and str(task.due) == "2026-11-30"
    lead = {a.organization.name for a in task.assignments.filter(role=Assignment.Role.LEAD)}
    support = {a.organization.name for a in task.assignments.filter(role=Assignment.Role.SUPPORT)}
    assert lead == {world.dept.name, "青港市軌道辦"}
    assert support == {world.city.name, world.other_city.name, "白沙區住建局", "青港港務集團"}
    rejected = document.directives.get(order=2)
    assert rejected.state == ReviewState.REJECTED and not rejected.tasks.exists()
    child = Task.objects.get(plan=plan, source_commitment__isnull=False)
    assert child.parent == task and child.description == "青港將加快建設城際鐵路青港段,年底前貫通。"
    assert child.assignments.get().organization == world.city

    # The confirm ends the draft: the page now starts from what was confirmed.
    last = ReviewDraft.objects.filter(document=document).order_by("-version").first()
    assert last.state == ReviewDraft.State.CONFIRMED
    again = _page(client, url)
    assert again["plan-plan"] == [str(plan.pk)]
    assert Organization.objects.filter(name="青港市軌道辦").count() == 1


def test_a_confirm_with_an_error_shows_everything_typed(review, world):
    client, url, _document = review
    data = {**_page(client, url), **_edits(world)}
    data["participant-0-venue"] = ["青港主會場"]
    data["plan-title"] = [""]  # no plan chosen and no title: the confirm is refused
    response = _post(client, url, data, "confirm")
    assert response.status_code == 200
    shown = form_data(response.content.decode())
    for field in ("meeting-title", "participant-1-name", "directive-0-title", "directive-0-new_support",
                  "commitment-0-text", "plan-year"):
        assert shown[field] == data[field], field
    assert not Task.objects.filter(title="城際鐵路西段建成通車").exists()


def test_splitting_a_directive_keeps_the_other_saved_edits_and_the_split_texts(review, world):
    client, url, document = review
    data = _page(client, url)
    data["plan-title"] = ["拆分后仍保留的计划标题"]
    data["directive-0-title"] = ["保留的任务标题"]
    data["directive-1-split_at"] = ["二是"]
    d2 = document.directives.get(order=2)
    assert _post(client, url, data, f"split:{d2.pk}").status_code == 302
    after = _page(client, url)
    assert after["plan-title"] == ["拆分后仍保留的计划标题"]
    assert after["directive-0-title"] == ["保留的任务标题"]
    assert after["directive-1-text"] == ["要深化科技創新協同,一是共建聯合實驗室,"]
    assert after["directive-2-text"][0].startswith("二是")


def test_a_second_reading_keeps_the_meeting_and_plan_edits(review, drain):
    client, url, document = review
    data = _page(client, url)
    _save(client, url, {**data, "meeting-session": ["第三次全體會議（擴大）"], "plan-year": ["2027"]})
    client.post(reverse("ingest:reread", args=[document.code]))
    drain()
    after = _page(client, url)
    assert after["meeting-session"] == ["第三次全體會議（擴大）"] and after["plan-year"] == ["2027"]


def test_renaming_a_venue_takes_its_participants_along_in_the_draft(review):
    client, url, _document = review
    data = _page(client, url)
    data["participant-0-venue"] = ["青港分會場"]
    data = _save(client, url, data)
    data["venue-0-name"] = ["青港主會場"]  # the participant's select still offers the old name
    after = _save(client, url, data)
    assert after["venue-0-name"] == ["青港主會場"] and after["participant-0-venue"] == ["青港主會場"]


def test_the_page_says_which_draft_it_shows_and_who_saved_it(review, world):
    client, url, _document = review
    assert "draft-info" not in client.get(url).content.decode()
    _save(client, url, _page(client, url))
    page = client.get(url).content.decode()
    assert "本页显示第 1 版草稿" in page and world.users["office"].username in page
