"""The review draft in real headless Chromium: edit every field, 保存草稿, reload, check, confirm.

The reader is the fixed record of tests/ingest/records.py (a fictional
Traditional-script report); everything else is the real page, the real
browser posting it, and the real database.
"""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse

from luoshi import jobs
from luoshi.ingest import reading
from luoshi.meetings.models import Meeting, ReviewState
from luoshi.work.models import Assignment, Plan, Task, WorkArea
from tests import factories as f
from tests.browser import CHROMIUM
from tests.ingest import records
from tests.otp import browser_second_step

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]




def _sign_in(page, base: str) -> None:
    page.goto(base + reverse("login"))
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", f.PASSWORD)
    page.press("input[name=password]", "Enter")
    browser_second_step(page, "office")


def _selected(page, name: str) -> list[str]:
    return page.eval_on_selector(f"select[name='{name}']", "s => [...s.selectedOptions].map(o => o.value)")


def test_every_field_edited_in_the_browser_survives_save_reload_and_confirm(
    transactional_db, live_server, chromium, monkeypatch
):
    monkeypatch.setattr(reading, "_extract", lambda data, filename, published: records.record())
    world_group = f.org("東川省推進河灣協同發展領導小組（測試）", kind="leading_group")
    office_org = f.org("河灣辦公室", kind="office", parent=world_group)
    dept = f.org("省交通運輸廳")
    city = f.org("青港市人民政府", kind="government")
    region = f.region("329904", "白沙區")
    f.user("office", "office_admin", office_org, is_staff=True)
    document = reading.store(None, records.REPORT.encode(), "report.txt").document
    assert jobs.drain() == 1
    # get_or_create: a transactional test before this one may have flushed the migrations' rows
    area, _created = WorkArea.objects.get_or_create(slug="ecology", defaults={"name": "生态环境"})
    url = live_server.url + reverse("ingest:review", args=[document.code])

    page = chromium.new_page(locale="zh-CN")
    _sign_in(page, live_server.url)
    page.goto(url)

    # the meeting
    page.select_option("select[name=meeting-organization]", str(world_group.pk))
    page.fill("input[name=meeting-new_organization]", "")
    page.fill("input[name=meeting-title]", "河灣領導小組第三次全體會議（校）")
    page.select_option("select[name=meeting-kind]", "topic")
    page.fill("input[name=meeting-session]", "第三次專題會議")
    page.fill("input[name=meeting-date]", "2026-03-09")
    page.select_option("select[name=meeting-format]", "hybrid")
    # a venue placed and made the main one, one added
    page.select_option("select[name=venue-0-region]", str(region.pk))
    page.check("input[name=venue-0-is_main]")
    page.fill("input[name=venue-1-name]", "白沙分會場")
    # a person corrected, one added
    page.fill("input[name=participant-0-name]", "林思远")
    page.fill("input[name=participant-0-posts]", "省长、领导小组组长")
    page.uncheck("input[name=participant-0-roles][value=speaker]")
    page.select_option("select[name=participant-0-venue]", "青港分會場")
    page.fill("input[name=participant-1-name]", "馮曉嵐")
    page.fill("input[name=participant-1-posts]", "副省長")
    page.check("input[name=participant-1-roles][value=attendee]")
    # the agenda
    page.select_option("select[name=agenda-0-kind]", "study")
    page.fill("textarea[name=agenda-0-text]", "學習了有關文件精神（校）")
    page.fill("textarea[name=agenda-2-text]", "部署了下一階段工作")
    page.select_option("select[name=agenda-2-kind]", "deploy")
    # the first directive, every field
    page.fill("textarea[name=directive-0-text]", "要加快軌道交通互聯互通,年內建成城際鐵路西段(校)。")
    page.fill("input[name=directive-0-title]", "城際鐵路西段建成通車")
    page.select_option("select[name=directive-0-work_area]", str(area.pk))
    page.fill("input[name=directive-0-deadline]", "2026-11-30")
    page.select_option("select[name=directive-0-lead]", [str(dept.pk)])
    page.select_option("select[name=directive-0-support]", [str(city.pk)])
    page.fill("input[name=directive-0-new_lead]", "青港市軌道辦")
    page.fill("input[name=directive-0-new_support]", "白沙區住建局")
    # the second directive is rejected
    page.check("input[name=directive-1-decision][value=reject]")
    # the commitment
    page.fill("textarea[name=commitment-0-text]", "青港將加快建設城際鐵路青港段,年底前貫通。")
    page.select_option("select[name=commitment-0-party]", str(city.pk))
    page.fill("input[name=commitment-0-new_party]", "")
    # the plan
    page.fill("input[name=plan-title]", "2026年河灣協同重點工作安排")
    page.fill("input[name=plan-year]", "2027")
    page.select_option("select[name=plan-organization]", str(office_org.pk))

    page.click("button[name=action][value=save]")
    page.wait_for_load_state()
    assert "草稿修改已保存" in page.inner_text("ul.messages")
    page.goto("about:blank")
    page.goto(url)  # a fresh visit, not the browser's memory of the form

    values = {
        "select[name=meeting-organization]": str(world_group.pk),
        "input[name=meeting-new_organization]": "",
        "input[name=meeting-title]": "河灣領導小組第三次全體會議（校）",
        "select[name=meeting-kind]": "topic",
        "input[name=meeting-session]": "第三次專題會議",
        "input[name=meeting-date]": "2026-03-09",
        "select[name=meeting-format]": "hybrid",
        "input[name=venue-0-name]": "青港分會場",
        "select[name=venue-0-region]": str(region.pk),
        "input[name=venue-1-name]": "白沙分會場",
        "input[name=participant-0-name]": "林思远",
        "input[name=participant-0-posts]": "省长、领导小组组长",
        "select[name=participant-0-venue]": "青港分會場",
        "input[name=participant-1-name]": "馮曉嵐",
        "input[name=participant-1-posts]": "副省長",
        "select[name=agenda-0-kind]": "study",
        "textarea[name=agenda-0-text]": "學習了有關文件精神（校）",
        "select[name=agenda-2-kind]": "deploy",
        "textarea[name=agenda-2-text]": "部署了下一階段工作",
        "textarea[name=directive-0-text]": "要加快軌道交通互聯互通,年內建成城際鐵路西段(校)。",
        "input[name=directive-0-title]": "城際鐵路西段建成通車",
        "select[name=directive-0-work_area]": str(area.pk),
        "input[name=directive-0-deadline]": "2026-11-30",
        "input[name=directive-0-new_lead]": "青港市軌道辦",
        "input[name=directive-0-new_support]": "白沙區住建局",
        "textarea[name=commitment-0-text]": "青港將加快建設城際鐵路青港段,年底前貫通。",
        "select[name=commitment-0-party]": str(city.pk),
        "input[name=plan-title]": "2026年河灣協同重點工作安排",
        "input[name=plan-year]": "2027",
        "select[name=plan-organization]": str(office_org.pk),
    }
    wrong = {sel: page.input_value(sel) for sel, want in values.items() if page.input_value(sel) != want}
    assert wrong == {}
    assert page.is_checked("input[name=venue-0-is_main]")
    assert page.is_checked("input[name=participant-0-roles][value=chair]")
    assert not page.is_checked("input[name=participant-0-roles][value=speaker]")
    assert page.is_checked("input[name=participant-1-roles][value=attendee]")
    assert page.is_checked("input[name=directive-1-decision][value=reject]")
    assert _selected(page, "directive-0-lead") == [str(dept.pk)]
    assert _selected(page, "directive-0-support") == [str(city.pk)]

    page.click("#confirm")
    page.wait_for_url(lambda u: "/work/plans/" in u)
    page.close()

    meeting = Meeting.objects.get(source_document=document)
    assert (meeting.organization, meeting.title, meeting.kind, meeting.session, str(meeting.date),
            meeting.format) == (world_group, "河灣領導小組第三次全體會議（校）", "topic", "第三次專題會議",
                                "2026-03-09", "hybrid")
    assert {(v.name, v.is_main, v.region_id) for v in meeting.venues.all()} == {
        ("青港分會場", True, region.pk), ("白沙分會場", False, None)}
    assert {(p.person.name, p.role) for p in meeting.participations.select_related("person")} == {
        ("林思远", "chair"), ("馮曉嵐", "attendee")}
    assert [(a.kind, a.text) for a in meeting.agenda.order_by("order")] == [
        ("study", "學習了有關文件精神（校）"), ("adopt", "審議通過了2026年重點工作安排"), ("deploy", "部署了下一階段工作")]
    plan = Plan.objects.get(title="2026年河灣協同重點工作安排")
    assert (plan.year, plan.organization) == (2027, office_org)
    task = Task.objects.get(plan=plan, source_directive__isnull=False)
    assert (task.title, task.work_area, str(task.due)) == ("城際鐵路西段建成通車", area, "2026-11-30")
    assert task.description == "要加快軌道交通互聯互通,年內建成城際鐵路西段(校)。"
    assert {(a.organization.name, a.role) for a in task.assignments.select_related("organization")} == {
        ("省交通運輸廳", Assignment.Role.LEAD), ("青港市軌道辦", Assignment.Role.LEAD),
        ("青港市人民政府", Assignment.Role.SUPPORT), ("白沙區住建局", Assignment.Role.SUPPORT)}
    assert document.directives.get(order=2).state == ReviewState.REJECTED
    child = Task.objects.get(plan=plan, source_commitment__isnull=False)
    assert child.parent == task and child.assignments.get().organization == city
