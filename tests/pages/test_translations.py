"""The pages speak the reader's language: Simplified, Traditional or English."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from luoshi.lib.text import to_traditional
from luoshi.reporting.models import ProgressReport
from luoshi.work.services import update_task
from tests import factories as f
from tests.pages import body

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 5, 1, 10, 0), tick=False)
def test_a_simplified_reader_sees_the_plan_in_government_chinese(world, login):
    world.task_b.due = dt.date(2026, 4, 1)
    world.task_b.save()
    html = body(login(world.users["office"]).get(reverse("work:plan_detail", args=[world.plan.code])))
    for term in ("牵头单位", "配合单位", "完成时限", "逾期", "未启动"):
        assert term in html
    assert "已超过完成时限 30 天" in html  # the light's reason, from luoshi.work.progress


def test_a_traditional_reader_sees_labels_and_stored_text_in_traditional(world, programme, login):
    city = world.users["city"]
    city.language = "zh-hant"
    city.save()
    html = body(login(city).get(reverse("meetings:meeting_detail", args=[programme.meeting.code])))
    for term in ("主會場", "分會場", "主持", "交流發言", "傳達學習", "部署要求", "承諾事項"):
        assert term in html
    assert escape(to_traditional(programme.directive.text)) in html


def test_an_english_reader_sees_the_english_labels(world, login):
    member = world.users["member"]
    member.language = "en"
    member.save()
    html = body(login(member).get(reverse("work:task_detail", args=[world.task_a.code])))
    assert "Lead units" in html and "牵头单位" not in html


def test_the_stale_version_conflict_is_explained_in_chinese(world, login):
    office = world.users["office"]
    update_task(office, world.task_a, 1, title="别人先改了")
    response = login(office).post(
        reverse("work:task_edit", args=[world.task_a.code]),
        {"title": "我的", "description": "", "due": "", "work_area": "", "version": 1},
    )
    assert response.status_code == 409
    assert "在您编辑期间，该任务已被他人修改" in body(response)


def test_report_states_read_as_the_office_names_them(world, login):
    rnd = f.reporting_round(world.plan)
    # returned by the office: only an approved report reaches it (a report the unit's leader
    # returned before approval stays inside the unit)
    report = f.report(world.task_a, world.dept, ProgressReport.State.RETURNED, round=rnd,
                      approved_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone.utc))
    html = body(login(world.users["office"]).get(reverse("reporting:report_detail", args=[report.code])))
    assert "已退回" in html and "第 1 版" in html
