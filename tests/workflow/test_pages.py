"""The workflow through HTTP: forms, redirects, conflict pages, double posts, downloads."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from luoshi.reporting import services as reports
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.work.models import Assignment, ExtensionRequest, Task
from tests import factories as f
from tests.pages import assert_escaped, body, shown
from tests.workflow.conftest import content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
State = ProgressReport.State


def post_report(client, task, rnd, token, text="本月完成征地", percent=40, action="submit", **extra):
    return client.post(reverse("reporting:report_new", args=[task.code]), {
        "round": rnd.code, "text": text, "percent": percent, "stage": "", "token": token, "action": action, **extra,
    })


def test_a_unit_reporter_sees_what_to_sign_for_and_to_report_on_my_work(world, rnd, login):
    html = assert_escaped(login(world.users["city"]).get(reverse("reporting:my_work")))
    sign = reverse("work:assignment_sign", args=[world.task_b.assignments.get().code])
    assert sign in html
    write = reverse("reporting:report_new", args=[world.task_b.code]) + f"?round={rnd.code}"
    assert write in html and shown(world.task_b.title) in html
    # Task C belongs to another city.
    assert shown(world.task_c.title) not in html


def test_my_work_is_for_units_the_office_goes_to_its_queue_and_others_are_refused(world, login):
    assert login(world.users["office"]).get(reverse("reporting:my_work")).url == reverse("reporting:review_queue")
    for persona in ("member", "security", "audit"):
        assert login(world.users[persona]).get(reverse("reporting:my_work")).status_code == 403
        assert login(world.users[persona]).get(reverse("reporting:review_queue")).status_code == 403
    assert login(world.users["city"]).get(reverse("reporting:review_queue")).status_code == 403


def test_signing_for_on_the_task_page_moves_the_task_off_the_to_sign_list(world, login):
    client = login(world.users["city"])
    row = world.task_b.assignments.get()
    response = client.post(reverse("work:assignment_sign", args=[row.code]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == Assignment.State.SIGNED
    assert reverse("work:assignment_sign", args=[row.code]) not in body(client.get(reverse("reporting:my_work")))


def test_another_city_cannot_sign_for_or_even_see_the_assignment(world, login):
    row = world.task_b.assignments.get()
    assert login(world.users["other"]).post(reverse("work:assignment_sign", args=[row.code])).status_code == 404
    assert login(world.users["member"]).post(reverse("work:assignment_sign", args=[row.code])).status_code == 403
    row.refresh_from_db()
    assert row.state == Assignment.State.PENDING


def test_a_returned_assignment_waits_in_the_office_queue_until_the_office_assigns_again(world, login):
    row = world.task_b.assignments.get()
    login(world.users["city"]).post(reverse("work:assignment_return", args=[row.code]), {"reason": "非本单位职责"})
    office = login(world.users["office"])
    html = body(office.get(reverse("reporting:review_queue")))
    assert "非本单位职责" in html
    task = Task.objects.get(pk=world.task_b.pk)
    response = office.post(reverse("work:task_assign", args=[task.code]),
                           {"lead": world.dept.pk, "supports": [world.other_city.pk], "version": task.version})
    assert response.status_code == 302
    assert set(task.assignments.exclude(state="returned").values_list("organization", "role")) == {
        (world.dept.pk, "lead"), (world.other_city.pk, "support")}
    assert "非本单位职责" not in body(office.get(reverse("reporting:review_queue")))


def test_a_stale_assign_form_says_someone_else_changed_the_task(world, login):
    task = Task.objects.get(pk=world.task_c.pk)
    office = login(world.users["office"])
    office.post(reverse("work:task_assign", args=[task.code]), {"supports": [world.dept.pk], "version": task.version})
    response = office.post(reverse("work:task_assign", args=[task.code]),
                           {"supports": [world.city.pk], "version": task.version}, follow=True)
    [error] = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert error.message in body(response)
    assert not task.assignments.filter(organization=world.city).exists()


def test_the_office_opens_a_round_with_this_month_and_the_fifth_of_next_month_as_defaults(world, login):
    office = login(world.users["office"])
    url = reverse("reporting:round_open", args=[world.plan.code])
    html = body(office.get(url))
    assert 'value="2026年11月"' in html and 'value="2026-12-05"' in html
    response = office.post(url, {"period_label": "2026年11月", "opens": "2026-11-26", "deadline": "2026-12-05"})
    rnd = ReportingRound.objects.get(plan=world.plan)
    assert response.url == reverse("reporting:round_detail", args=[rnd.code])
    assert login(world.users["city"]).get(url).status_code == 403
    assert login(world.users["security"]).get(url).status_code == 404


def test_the_same_report_form_posted_twice_creates_one_report(world, rnd, login):
    client = login(world.users["city"])
    token = str(uuid.uuid4())
    first = post_report(client, world.task_b, rnd, token)
    second = post_report(client, world.task_b, rnd, token)
    report = ProgressReport.objects.get(task=world.task_b)
    assert first.url == second.url == reverse("reporting:report_detail", args=[report.code])
    assert report.state == State.SUBMITTED


def test_the_lead_units_new_report_starts_with_the_supporting_units_contribution(world, rnd, login):
    reports.create_report(world.users["city"], world.task_a, rnd, content("配合完成用地保障"), submit=True)
    html = body(login(world.users["dept"]).get(
        reverse("reporting:report_new", args=[world.task_a.code]) + f"?round={rnd.code}"))
    # A form field shows the text as stored (no script conversion), escaped.
    assert "配合完成用地保障" in html and escape(f"【{world.city}】") in html


def test_two_people_editing_one_draft_get_a_conflict_page_not_a_silent_overwrite(world, rnd, login):
    draft = reports.create_report(world.users["city"], world.task_b, rnd, content("初稿"))
    url = reverse("reporting:report_edit", args=[draft.code])
    form = {"text": "", "percent": 20, "revision": draft.revision, "token": str(uuid.uuid4()), "action": "save"}
    assert login(world.users["leader"]).post(url, {**form, "text": "组长的版本"}).status_code == 302
    response = login(world.users["city"]).post(url, {**form, "text": "联络员的版本"})
    assert response.status_code == 409
    html = body(response)
    assert "组长的版本" in html and "联络员的版本" in html
    draft.refresh_from_db()
    assert draft.text == "组长的版本"


def test_editing_a_returned_report_makes_a_new_version_and_the_page_shows_both(world, rnd, login):
    report = reports.create_report(world.users["city"], world.task_b, rnd, content("第一版"), submit=True)
    reports.approve_report(world.users["leader"], report)
    login(world.users["office"]).post(reverse("reporting:report_review", args=[report.code]),
                                      {"decision": "return", "comment": "请补充数据"})
    report.refresh_from_db()
    assert report.state == State.RETURNED
    client = login(world.users["city"])
    assert "请补充数据" in body(client.get(reverse("reporting:my_work")))
    response = client.post(reverse("reporting:report_edit", args=[report.code]), {
        "text": "第二版", "percent": 50, "revision": report.revision, "token": str(uuid.uuid4()), "action": "submit"})
    second = ProgressReport.objects.get(supersedes=report)
    assert response.url == reverse("reporting:report_detail", args=[second.code])
    html = body(client.get(response.url))
    assert "第一版" in html and "第二版" in html and 'id="v1"' in html and 'id="v2"' in html


def test_the_office_cannot_edit_a_units_report_and_a_supporting_unit_cannot_accept(world, rnd, login):
    report = reports.create_report(world.users["city"], world.task_a, rnd, content("城市原文"), submit=True)
    reports.approve_report(world.users["leader"], report)
    edit = reverse("reporting:report_edit", args=[report.code])
    assert login(world.users["office"]).post(edit, {"text": "改写", "percent": 1, "revision": 1}).status_code == 403
    review = reverse("reporting:report_review", args=[report.code])
    assert login(world.users["city"]).post(review, {"decision": "accept"}).status_code == 403
    assert login(world.users["dept"]).post(review, {"decision": "accept"}).status_code == 403
    report.refresh_from_db()
    assert (report.text, report.state) == ("城市原文", State.APPROVED)
    assert login(world.users["office"]).post(review, {"decision": "accept"}).status_code == 302
    report.refresh_from_db()
    assert report.state == State.ACCEPTED


def test_a_reporter_cannot_approve_nor_a_leader_of_another_unit(world, rnd, login):
    report = reports.create_report(world.users["city"], world.task_b, rnd, content(), submit=True)
    url = reverse("reporting:report_approve", args=[report.code])
    assert login(world.users["city"]).post(url).status_code == 403
    other_leader = f.user("other_leader", "unit_leader", world.other_city)
    assert login(other_leader).post(url).status_code == 404
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert login(world.users["leader"]).post(url).status_code == 302
    report.refresh_from_db()
    assert report.state == State.APPROVED


def test_a_city_cannot_see_another_citys_task_nor_act_on_it(world, login):
    client = login(world.users["other"])
    task = world.task_b
    assert client.get(reverse("work:task_detail", args=[task.code])).status_code == 404
    for name in ("task_assign", "task_delegate", "extension_request", "task_close", "task_reopen"):
        assert client.post(reverse(f"work:{name}", args=[task.code]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("reporting:report_new", args=[task.code])).status_code == 404


@pytest.mark.parametrize("persona", ["member", "security", "audit"])
def test_member_security_and_audit_can_do_nothing_in_the_workflow(world, rnd, login, persona):
    report = reports.create_report(world.users["city"], world.task_b, rnd, content(), submit=True)
    reports.approve_report(world.users["leader"], report)
    client = login(world.users[persona])
    refused = {403, 404}
    task = world.task_b
    assert client.post(reverse("work:task_assign", args=[task.code]), {"version": 1}).status_code in refused
    assert client.post(reverse("work:task_close", args=[task.code])).status_code in refused
    assert client.post(reverse("work:task_delegate", args=[task.code])).status_code in refused
    assert client.post(reverse("work:extension_request", args=[task.code])).status_code in refused
    assert client.get(reverse("reporting:report_new", args=[task.code])).status_code in refused
    for name in ("report_approve", "report_review", "report_submit"):
        assert client.post(reverse(f"reporting:{name}", args=[report.code]),
                           {"decision": "accept"}).status_code in refused
    assert client.get(reverse("reporting:round_open", args=[world.plan.code])).status_code in refused
    report.refresh_from_db()
    assert report.state == State.APPROVED


def test_extension_request_and_decision_through_the_task_page_and_the_queue(world, login):
    task = Task.objects.get(pk=world.task_b.pk)
    Task.objects.filter(pk=task.pk).update(due=dt.date(2026, 12, 31))
    city = login(world.users["city"])
    assert 'action="{}"'.format(reverse("work:extension_request", args=[task.code])) in body(
        city.get(reverse("work:task_detail", args=[task.code])))
    city.post(reverse("work:extension_request", args=[task.code]),
              {"requested_due": "2027-02-28", "reason": "冬季施工受限"})
    req = ExtensionRequest.objects.get()
    office = login(world.users["office"])
    assert "冬季施工受限" in body(office.get(reverse("reporting:review_queue")))
    response = office.post(reverse("work:extension_decide", args=[req.code]), {"decision": "accept", "next": "queue"})
    assert response.url == reverse("reporting:review_queue")
    task.refresh_from_db()
    assert task.due == dt.date(2027, 2, 28)
    html = body(office.get(reverse("work:task_detail", args=[task.code])))
    assert "2026-12-31" in html and "2027-02-28" in html


def test_a_completion_report_closes_the_task_when_accepted_and_the_office_reopens_it(world, rnd, login):
    city = login(world.users["city"])
    post_report(city, world.task_b, rnd, str(uuid.uuid4()), text="全部完成", percent=100, is_completion="on")
    report = ProgressReport.objects.get(task=world.task_b)
    assert report.is_completion
    login(world.users["leader"]).post(reverse("reporting:report_approve", args=[report.code]))
    office = login(world.users["office"])
    queue = body(office.get(reverse("reporting:review_queue")))
    assert reverse("reporting:report_detail", args=[report.code]) in queue
    office.post(reverse("reporting:report_review", args=[report.code]), {"decision": "accept"})
    task_url = reverse("work:task_detail", args=[world.task_b.code])
    assert 'class="light done"' in body(office.get(task_url))
    office.post(reverse("work:task_reopen", args=[world.task_b.code]), {"reason": "发现遗留问题"})
    html = body(office.get(task_url))
    assert 'class="light done"' not in html and "发现遗留问题" in html


def test_an_attachment_downloads_as_an_attachment_only_inside_the_scope(world, rnd, login):
    pdf = b"%PDF-1.4\n%%EOF\n"
    report = reports.create_report(world.users["city"], world.task_b, rnd, content(
        files=[SimpleUploadedFile("进展报告.pdf", pdf)]), submit=True)
    url = reverse("reporting:attachment_download", args=[report.attachments.get().code])
    response = login(world.users["leader"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert login(world.users["other"]).get(url).status_code == 404
    assert login(world.users["security"]).get(url).status_code == 404
    # The office reads the report only once the unit's leader has approved it.
    assert login(world.users["office"]).get(url).status_code == 404
    reports.approve_report(world.users["leader"], report)
    assert login(world.users["office"]).get(url).status_code == 200


def test_an_upload_of_the_wrong_type_is_refused_on_the_form(world, rnd, login):
    response = login(world.users["city"]).post(reverse("reporting:report_new", args=[world.task_b.code]), {
        "round": rnd.code, "text": "附件", "percent": 10, "token": str(uuid.uuid4()), "action": "save",
        "files": [SimpleUploadedFile("tool.exe", b"MZ\x90\x00")],
    })
    assert response.status_code == 200 and "tool.exe" in body(response)
    assert not ProgressReport.objects.exists()


def test_the_lead_unit_passes_a_sub_task_down_from_the_task_page(world, login):
    client = login(world.users["city"])
    html = body(client.get(reverse("work:task_detail", args=[world.task_b.code])))
    assert reverse("work:task_delegate", args=[world.task_b.code]) in html
    client.post(reverse("work:task_delegate", args=[world.task_b.code]),
                {"unit": world.city_bureau.pk, "title": "区级落实方案", "due": ""})
    child = Task.objects.get(parent=world.task_b)
    assert child.assignments.get().organization == world.city_bureau
    # The department supports nothing here and leads another task: no form for it.
    assert reverse("work:task_delegate", args=[world.task_a.code]) not in body(
        client.get(reverse("work:task_detail", args=[world.task_a.code])))
