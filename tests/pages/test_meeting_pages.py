"""Meeting list and detail, document detail and download."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from luoshi.work.models import Plan
from tests.pages import assert_escaped, body, shown
from tests.pages.conftest import ORIGINAL_BYTES

pytestmark = pytest.mark.django_db


def detail(p):
    return reverse("meetings:meeting_detail", args=[p.meeting.code])


def test_the_office_sees_every_meeting_with_its_counts(world, programme, login):
    html = assert_escaped(login(world.users["office"]).get(reverse("meetings:meeting_list")))
    assert shown(programme.meeting.title) in html
    assert shown(programme.higher_meeting.title) in html
    assert detail(programme) in html


def test_a_city_with_no_task_from_the_meeting_does_not_see_it_in_the_list(world, programme, login):
    html = body(login(world.users["other"]).get(reverse("meetings:meeting_list")))
    assert shown(programme.meeting.title) not in html


def test_the_meeting_page_shows_venues_participants_agenda_directives_and_commitments(world, programme, login):
    response = login(world.users["office"]).get(detail(programme))
    assert response.status_code == 200
    html = assert_escaped(response)
    meeting = programme.meeting
    for venue in meeting.venues.all():
        assert shown(venue.name) in html
    for p in meeting.participations.all():
        assert shown(p.person.name) in html and shown(p.posts_as_printed) in html
    for item in meeting.agenda.all():
        assert shown(item.text) in html
    assert shown(programme.directive.text) in html
    assert reverse("work:task_detail", args=[world.task_a.code]) in html
    assert shown(programme.commitment.text) in html
    assert reverse("work:task_detail", args=[programme.child.code]) in html
    assert reverse("meetings:document_detail", args=[programme.document.code]) in html
    # The conveyed meeting is shown; the office may open it.
    assert reverse("meetings:meeting_detail", args=[programme.higher_meeting.code]) in html


def test_a_supporting_city_reads_the_meeting_its_task_came_from_without_links_it_may_not_follow(
    world, programme, login
):
    html = assert_escaped(login(world.users["city"]).get(detail(programme)))
    assert shown(programme.directive.text) in html
    # The higher body's meeting is named, not linked: the city cannot open it.
    assert shown(programme.higher_meeting.title) in html
    assert reverse("meetings:meeting_detail", args=[programme.higher_meeting.code]) not in html


def test_a_city_outside_the_meeting_and_the_admins_get_404_on_the_meeting(world, programme, login):
    for name in ("other", "security", "audit"):
        assert login(world.users[name]).get(detail(programme)).status_code == 404


def test_a_unit_reads_the_meeting_that_adopted_its_plan(world, programme, login):
    Plan.objects.filter(pk=world.plan.pk).update(adopted_at=programme.meeting)
    assert login(world.users["other"]).get(detail(programme)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(world, programme, client):
    for url in (reverse("meetings:meeting_list"), detail(programme),
                reverse("meetings:document_download", args=[programme.document.code])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_document_page_shows_metadata_and_the_text_escaped(world, programme, login):
    doc = programme.document
    response = login(world.users["office"]).get(reverse("meetings:document_detail", args=[doc.code]))
    assert response.status_code == 200
    html = assert_escaped(response)
    assert doc.sha256 in html
    assert "gb18030" in html
    assert shown(doc.text) in html
    assert escape(doc.filename) in html
    assert escape(doc.error) in html
    assert reverse("meetings:document_download", args=[doc.code]) in html


def test_a_city_outside_the_meeting_gets_404_on_its_document_and_its_download(world, programme, login):
    client = login(world.users["other"])
    assert client.get(reverse("meetings:document_detail", args=[programme.document.code])).status_code == 404
    assert client.get(reverse("meetings:document_download", args=[programme.document.code])).status_code == 404


def test_the_download_returns_the_exact_original_bytes_as_an_attachment(world, programme, login):
    response = login(world.users["city"]).get(
        reverse("meetings:document_download", args=[programme.document.code])
    )
    assert response.status_code == 200
    assert response.content == ORIGINAL_BYTES
    assert response["Content-Type"] == "application/octet-stream"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # Non-ASCII names travel RFC 5987-encoded; no raw markup or line breaks in the header.
    assert "filename*=utf-8''" in disposition
    assert "<" not in disposition and "\n" not in disposition


def test_a_filename_with_a_path_and_control_characters_is_cleaned_for_the_header():
    from luoshi.meetings.views import safe_filename

    assert safe_filename("..\\..\\etc/passwd\r\n.txt") == "passwd.txt"
    assert safe_filename("\x00 ") != ""
