"""The report lifecycle as services, with time standing still on 26 November 2026."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.audit.models import Event
from luoshi.reporting import services as reports
from luoshi.reporting.models import ProgressReport
from luoshi.reporting.services import Conflict, StaleReport
from luoshi.status.lights import lights_for
from luoshi.work.models import Indicator, Observation
from luoshi.work.progress import Status
from tests import factories as f
from tests.workflow.conftest import content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
State = ProgressReport.State


def test_the_default_round_is_this_month_with_the_deadline_on_the_fifth_of_the_next():
    assert reports.default_round(dt.date(2026, 11, 26)) == ("2026年11月", dt.date(2026, 11, 26), dt.date(2026, 12, 5))
    assert reports.default_round(dt.date(2026, 12, 31))[2] == dt.date(2027, 1, 5)


def test_the_office_opens_a_round_once_per_period(world):
    rnd = reports.open_round(world.users["office"], world.plan, "2026年11月", dt.date(2026, 11, 26),
                             dt.date(2026, 12, 5))
    assert Event.objects.filter(action="round.opened", object_id=str(rnd.pk)).exists()
    with pytest.raises(ValidationError):
        reports.open_round(world.users["office"], world.plan, "2026年11月", dt.date(2026, 11, 26),
                           dt.date(2026, 12, 5))
    with pytest.raises(PermissionDenied):
        reports.open_round(world.users["city"], world.plan, "2026年12月", dt.date(2026, 12, 1), dt.date(2027, 1, 5))


def test_a_report_goes_from_draft_to_accepted_through_the_unit_leader_and_a_returned_version(world, rnd):
    city, leader, office = world.users["city"], world.users["leader"], world.users["office"]
    indicator = Indicator.objects.create(task=world.task_b, name="投资额", unit="亿元", target=100)
    draft = reports.create_report(city, world.task_b, rnd, content(
        "完成前期工作", percent=30, risk_flag=True, risk_reason="征地未完成", values={indicator.pk: Decimal("12.5")}
    ))
    assert (draft.state, draft.version, draft.organization) == (State.DRAFT, 1, world.city)
    assert list(Observation.objects.filter(report=draft).values_list("value", "period")) == [
        (Decimal("12.5"), "2026年11月")
    ]
    reports.submit_report(city, draft)
    reports.approve_report(leader, draft)
    reports.review_report(office, draft, accept=False, comment="请补充投资数据")
    draft.refresh_from_db()
    assert draft.state == State.RETURNED and draft.review_comment == "请补充投资数据"

    second = reports.new_version(city, draft, draft.revision, content("完成前期工作，投资12.5亿元", percent=40),
                                 submit=True)
    assert (second.version, second.supersedes, second.state) == (2, draft, State.SUBMITTED)
    # The returned version is kept as it was: history, not an overwrite.
    draft.refresh_from_db()
    assert draft.state == State.RETURNED and draft.text == "完成前期工作" and draft.percent == 30
    # Values carried forward to the new version.
    assert Observation.objects.filter(report=second, indicator=indicator).exists()
    reports.approve_report(leader, second)
    reports.review_report(office, second, accept=True)
    second.refresh_from_db()
    assert second.state == State.ACCEPTED and second.reviewed_by == office
    actions = list(Event.objects.filter(task=world.task_b).order_by("pk").values_list("action", flat=True))
    assert actions == [
        "report.created", "report.submitted", "report.approved", "report.returned",
        "report.revised", "report.submitted", "report.approved", "report.accepted",
    ]


def test_a_submitted_report_is_never_edited_in_place(world, rnd):
    report = reports.create_report(world.users["city"], world.task_b, rnd, content("原文"), submit=True)
    with pytest.raises(Conflict):
        reports.update_draft(world.users["city"], report, report.revision, content("改过的"))
    report.refresh_from_db()
    assert report.text == "原文"
    newer = reports.new_version(world.users["city"], report, report.revision, content("改过的"))
    assert newer.version == 2 and newer.state == State.DRAFT
    # The superseded version can no longer be approved.
    with pytest.raises(Conflict):
        reports.approve_report(world.users["leader"], report)


def test_two_people_saving_the_same_draft_get_a_conflict_not_a_silent_overwrite(world, rnd):
    report = reports.create_report(world.users["city"], world.task_b, rnd, content("初稿"))
    seen = report.revision
    reports.update_draft(world.users["leader"], report, seen, content("组长改的"))
    with pytest.raises(StaleReport) as stale:
        reports.update_draft(world.users["city"], report, seen, content("联络员改的"))
    assert stale.value.current.text == "组长改的"
    report.refresh_from_db()
    assert report.text == "组长改的"


def test_submitting_a_draft_someone_changed_after_you_opened_it_is_a_conflict(world, rnd):
    report = reports.create_report(world.users["city"], world.task_b, rnd, content("初稿"))
    seen = report.revision
    reports.update_draft(world.users["leader"], report, seen, content("组长改的"))
    with pytest.raises(StaleReport):
        reports.submit_report(world.users["city"], report, seen)
    report.refresh_from_db()
    assert report.state == State.DRAFT


def test_the_same_form_posted_twice_creates_one_report(world, rnd):
    import uuid

    token = uuid.uuid4()
    first = reports.create_report(world.users["city"], world.task_b, rnd, content("一次"), token=token, submit=True)
    again = reports.create_report(world.users["city"], world.task_b, rnd, content("一次"), token=token, submit=True)
    assert again.pk == first.pk
    assert ProgressReport.objects.filter(task=world.task_b).count() == 1
    # Submitting twice is harmless too.
    reports.submit_report(world.users["city"], first)
    assert Event.objects.filter(action="report.submitted").count() == 1


def test_a_unit_writes_one_first_report_per_task_and_round(world, rnd):
    reports.create_report(world.users["city"], world.task_b, rnd, content("一"))
    with pytest.raises(Conflict):
        reports.create_report(world.users["leader"], world.task_b, rnd, content("二"))


def test_a_supporting_units_contribution_prefills_the_lead_units_report(world, rnd):
    reports.create_report(world.users["city"], world.task_a, rnd, content("配合完成用地保障"), submit=True)
    text = reports.prefill(world.task_a, world.dept.pk, rnd)
    assert f"【{world.city}】" in text and "配合完成用地保障" in text
    # A draft is not a contribution yet, and nothing pre-fills a supporting unit's own report.
    assert reports.prefill(world.task_a, world.city.pk, rnd) == ""
    other = f.reporting_round(world.plan, "2026年12月", dt.date(2026, 12, 1), dt.date(2027, 1, 5))
    reports.create_report(world.users["city"], world.task_a, other, content("草稿"))
    assert reports.prefill(world.task_a, world.dept.pk, other) == ""


def test_a_reporter_cannot_approve_and_a_leader_of_another_unit_cannot_either(world, rnd):
    report = reports.create_report(world.users["city"], world.task_b, rnd, content(), submit=True)
    other_leader = f.user("other_leader", "unit_leader", world.other_city)
    for who in (world.users["city"], other_leader, world.users["office"]):
        with pytest.raises(PermissionDenied):
            reports.approve_report(who, report)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    reports.approve_report(world.users["leader"], report)


def test_only_the_office_accepts_and_a_return_needs_a_comment(world, rnd):
    report = reports.create_report(world.users["city"], world.task_a, rnd, content(), submit=True)
    reports.approve_report(world.users["leader"], report)
    for who in ("city", "leader", "dept", "member"):
        with pytest.raises(PermissionDenied):
            reports.review_report(world.users[who], report, accept=True)
    with pytest.raises(ValidationError):
        reports.review_report(world.users["office"], report, accept=False, comment=" ")
    reports.review_report(world.users["office"], report, accept=True)
    with pytest.raises(Conflict):
        reports.review_report(world.users["office"], report, accept=False, comment="晚了一步")


def test_the_office_cannot_write_a_units_report(world, rnd):
    report = reports.create_report(world.users["city"], world.task_b, rnd, content("单位原文"))
    with pytest.raises(PermissionDenied):
        reports.update_draft(world.users["office"], report, report.revision, content("办公室改写"))
    with pytest.raises(PermissionDenied):
        reports.create_report(world.users["office"], world.task_c, rnd, content())
    report.refresh_from_db()
    assert report.text == "单位原文"


def test_a_risk_needs_its_reason_and_only_the_lead_unit_reports_completion(world, rnd):
    with pytest.raises(ValidationError):
        reports.create_report(world.users["city"], world.task_b, rnd, content(risk_flag=True))
    with pytest.raises(ValidationError):
        reports.create_report(world.users["city"], world.task_a, rnd, content(percent=100, is_completion=True))
    with pytest.raises(ValidationError):
        reports.create_report(world.users["city"], world.task_b, rnd, content(percent=90, is_completion=True))
    assert not ProgressReport.objects.exists()


def test_accepting_a_completion_report_closes_the_task_and_the_office_can_reopen_it(world, rnd):
    from luoshi.work import services as work

    task = world.task_b
    report = reports.create_report(world.users["city"], task, rnd, content("全部完成", percent=100,
                                                                            is_completion=True), submit=True)
    reports.approve_report(world.users["leader"], report)
    assert lights_for([task], dt.date(2026, 11, 26))[task.pk].status != Status.DONE
    reports.review_report(world.users["office"], report, accept=True, comment="核实无误")
    task.refresh_from_db()
    assert task.completed_by == world.users["office"] and task.completed_at is not None
    assert lights_for([task], dt.date(2026, 11, 26))[task.pk].status == Status.DONE
    with pytest.raises(ValidationError):
        work.reopen_task(world.users["office"], task, "")
    with pytest.raises(PermissionDenied):
        work.reopen_task(world.users["city"], task, "我们想重开")
    work.reopen_task(world.users["office"], task, "复核发现尚有遗留问题")
    task.refresh_from_db()
    assert task.completed_at is None
    assert lights_for([task], dt.date(2026, 11, 26))[task.pk].status != Status.DONE
    reopened = Event.objects.get(task=task, action="task.reopened")
    assert reopened.changes["reason"] == [None, "复核发现尚有遗留问题"]
    assert Event.objects.filter(task=task, action="task.closed").count() == 1


def test_a_closed_task_takes_no_new_report(world, rnd):
    from luoshi.work import services as work

    work.close_task(world.users["office"], world.task_b)
    with pytest.raises(ValidationError):
        reports.create_report(world.users["city"], world.task_b, rnd, content())
