"""Supervision after the unit-side workflow: sign-for (签收), returned assignments, extensions, completion.

The digest reminds units of what they have not signed for and tells the office
what waits for it; the board shows each unit's sign-for state; the scorecard
counts sign-for timeliness, extension requests and the sign-for requests in
the burden; the bulletin draft names tasks awaiting sign-for and extensions
granted since the previous bulletin.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from luoshi.lib.text import to_simplified
from luoshi.supervision import actions, bulletin, digest
from luoshi.supervision.models import Digest, Reminder
from luoshi.supervision.scorecard import scorecard
from luoshi.work import services as work
from luoshi.work.models import Assignment, ExtensionRequest, Task
from tests import factories as f
from tests.pages import assert_escaped, body, shown

Kind = Reminder.Kind
pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def on(day: dt.date, hour: int = 10):
    """Travel to `day` at `hour` Beijing time (a context manager)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=TZ), tick=False)


def assign(world, task: Task, day: dt.date, lead=None, supports=()) -> list[Assignment]:
    """The office assigns `task` on `day`; with LUOSHI_SIGN_DAYS = 3 the sign-for is due three days later."""
    with on(day):
        task.refresh_from_db()
        return work.assign_units(world.users["office"], task, task.version, lead=lead, supports=supports)


@pytest.fixture(autouse=True)
def three_sign_days(settings):
    settings.LUOSHI_SIGN_DAYS = 3
    settings.LUOSHI_REMIND_SIGN_DAYS = 1


@pytest.fixture
def emails(world):
    for name, user in world.users.items():
        user.email = f"{name}@example.gov.cn"
        user.save(update_fields=["email"])


def kinds(user) -> list[tuple[str, int]]:
    return sorted((r.kind, r.task_id) for r in Reminder.objects.filter(recipient=user))


# --- the unit's digest: sign-for ----------------------------------------------------


def test_a_unit_is_reminded_to_sign_for_from_the_day_before_its_sign_for_date(world, emails):
    task = f.task(world.plan, title="推进跨省通办")
    [row] = assign(world, task, dt.date(2026, 4, 1), lead=world.dept)
    assert row.due_to_sign == dt.date(2026, 4, 4)

    digest.send_digests(dt.date(2026, 4, 2))  # two days ahead: nothing yet
    assert not Reminder.objects.exists()

    digest.send_digests(dt.date(2026, 4, 3))
    assert kinds(world.users["dept"]) == [(Kind.SIGN_FOR, task.pk)]
    message = Reminder.objects.get(recipient=world.users["dept"]).message
    assert message == "「推进跨省通办」已交办贵单位（牵头单位），请于2026年4月4日前签收或退回。"
    [email] = [m for m in mail.outbox if m.to == ["dept@example.gov.cn"]]
    assert "【待签收的任务】" in email.body


def test_a_sign_for_past_its_date_is_reminded_every_day_as_late_until_it_is_signed(world):
    task = f.task(world.plan, title="推进跨省通办")
    [row] = assign(world, task, dt.date(2026, 4, 1), lead=world.dept)
    digest.send_digests(dt.date(2026, 4, 6))
    message = Reminder.objects.get(recipient=world.users["dept"], kind=Kind.SIGN_FOR).message
    assert "应于2026年4月4日前签收或退回，现已逾期2天" in message

    with on(dt.date(2026, 4, 6), 15):
        work.sign_for(world.users["dept"], row)
    digest.send_digests(dt.date(2026, 4, 7))
    assert not Reminder.objects.filter(recipient=world.users["dept"], digest_date=dt.date(2026, 4, 7)).exists()


def test_an_assignment_with_no_sign_for_date_or_already_answered_is_not_reminded(world):
    # The world's assignments were made without a sign-for date (as an import makes them).
    returned_task = f.task(world.plan)
    [row] = assign(world, returned_task, dt.date(2026, 4, 1), lead=world.city)
    with on(dt.date(2026, 4, 2)):
        work.return_assignment(world.users["city"], row, "不属于本单位职责")
    result = digest.send_digests(dt.date(2026, 4, 3))
    assert not Reminder.objects.filter(kind=Kind.SIGN_FOR).exists()
    # The office is told once, about the returned assignment; no unit user gets a digest.
    assert result.digests == 1
    assert kinds(world.users["office"]) == [(Kind.TO_REASSIGN, returned_task.pk)]


def test_the_sign_for_window_is_a_setting(world, settings):
    settings.LUOSHI_REMIND_SIGN_DAYS = 3
    task = f.task(world.plan)
    assign(world, task, dt.date(2026, 4, 1), lead=world.dept)
    digest.send_digests(dt.date(2026, 4, 1))  # the day it is assigned, three days ahead
    assert kinds(world.users["dept"]) == [(Kind.SIGN_FOR, task.pk)]


def test_a_unit_has_one_digest_a_day_with_its_sign_for_beside_its_other_items(world, emails):
    task = f.task(world.plan, due=dt.date(2026, 4, 5))
    assign(world, task, dt.date(2026, 4, 1), lead=world.dept)
    digest.send_digests(dt.date(2026, 4, 3))
    assert kinds(world.users["dept"]) == sorted([(Kind.SIGN_FOR, task.pk), (Kind.DUE_SOON, task.pk)])
    assert len([m for m in mail.outbox if m.to == ["dept@example.gov.cn"]]) == 1
    assert Digest.objects.filter(recipient=world.users["dept"]).count() == 1


# --- the office's digest ------------------------------------------------------------


@pytest.fixture
def queue(world):
    """On 2026-04-06 the office has one of each thing waiting for it.

    task_a  reports of dept and city for the March round approved by their units;
    task_b  city's completion report approved by its leader;
    task_c  other_city asks to move the due date from 2026-06-30 to 2026-09-30;
    shared  led by dept (signed in time), city returned its support with a reason,
            other_city has not signed for its support (due 2026-04-04).
    """
    rnd = f.reporting_round(world.plan, "2026年3月", opens=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 5))
    at = dt.datetime(2026, 4, 4, 9, tzinfo=TZ)
    f.report(world.task_a, world.dept, "approved", round=rnd, approved_at=at)
    f.report(world.task_a, world.city, "approved", round=rnd, approved_at=at)
    f.report(world.task_b, world.city, "approved", percent=100, is_completion=True, approved_at=at)
    Task.objects.filter(pk=world.task_c.pk).update(due=dt.date(2026, 6, 30))
    Assignment.objects.filter(task=world.task_c).update(state=Assignment.State.SIGNED)
    with on(dt.date(2026, 4, 5)):
        world.task_c.refresh_from_db()
        work.request_extension(world.users["other"], world.task_c, dt.date(2026, 9, 30), "汛期停工")
    shared = f.task(world.plan, title="长三角联合执法")
    rows = assign(world, shared, dt.date(2026, 4, 1), lead=world.dept, supports=[world.city, world.other_city])
    by_unit = {a.organization_id: a for a in rows}
    with on(dt.date(2026, 4, 2)):
        work.sign_for(world.users["dept"], by_unit[world.dept.pk])
        work.return_assignment(world.users["city"], by_unit[world.city.pk], "已由下属单位承担")
    return shared


def test_the_office_is_told_each_day_what_waits_for_it_in_one_digest(world, emails, queue):
    digest.send_digests(dt.date(2026, 4, 6))
    office = world.users["office"]
    assert kinds(office) == sorted([
        (Kind.TO_ACCEPT, world.task_a.pk), (Kind.TO_VERIFY, world.task_b.pk), (Kind.EXTENSION, world.task_c.pk),
        (Kind.TO_REASSIGN, queue.pk), (Kind.UNSIGNED, queue.pk),
    ])
    [email] = [m for m in mail.outbox if m.to == ["office@example.gov.cn"]]
    assert email.subject == "【落实】2026年4月6日催办提醒：共5项待办"
    assert "截至2026年4月6日，有以下事项待办公室办理：" in email.body
    sections = ["【待核验的办结申请】", "【待审核的进展报告】", "【待审批的延期申请】", "【被退回待重新交办的任务】",
                "【逾期未签收的任务】"]
    assert [email.body.index(s) for s in sections] == sorted(email.body.index(s) for s in sections)
    assert "完成时限由2026年6月30日延至2026年9月30日" in email.body and "汛期停工" in email.body
    assert "「长三角联合执法」被" in email.body and "已由下属单位承担" in email.body
    assert "签收时限为2026年4月4日，已逾期2天" in email.body


def test_two_units_reports_on_one_task_are_one_line_naming_both(world, queue):
    digest.send_digests(dt.date(2026, 4, 6))
    line = Reminder.objects.get(recipient=world.users["office"], kind=Kind.TO_ACCEPT).message
    assert to_simplified(str(world.dept)) in line and to_simplified(str(world.city)) in line
    assert "2026年3月进展情况已经单位审核，待办公室审核（自2026年4月4日起）" in line


def test_every_office_user_gets_the_office_digest_and_nobody_else_does(world, queue):
    colleague = f.user("office2", "office_admin", world.office_org)
    digest.send_digests(dt.date(2026, 4, 6))
    assert kinds(colleague) == kinds(world.users["office"])
    office_kinds = set(Reminder.OFFICE_DIGEST)
    for name in ("dept", "city", "leader", "other", "member", "security", "audit"):
        assert not office_kinds & {k for k, _ in kinds(world.users[name])}, name
    assert not Reminder.objects.filter(recipient=world.users["member"]).exists()


def test_an_office_user_without_a_unit_still_gets_the_digest(world, queue):
    loose = f.user("office3", "office_admin")
    digest.send_digests(dt.date(2026, 4, 6))
    assert Reminder.objects.filter(recipient=loose, organization__isnull=True).count() == 5


def test_the_office_digest_is_sent_once_a_day(world, emails, queue):
    digest.send_digests(dt.date(2026, 4, 6))
    sent, reminders = len(mail.outbox), Reminder.objects.count()
    digest.send_digests(dt.date(2026, 4, 6))
    assert (len(mail.outbox), Reminder.objects.count()) == (sent, reminders)


def test_the_office_gets_nothing_when_nothing_waits(world, emails):
    digest.send_digests(dt.date(2026, 4, 6))
    assert not Digest.objects.filter(recipient=world.users["office"]).exists() and mail.outbox == []


def test_what_the_office_has_settled_leaves_its_digest(world, queue):
    office = world.users["office"]
    with on(dt.date(2026, 4, 6)):
        work.decide_extension(office, ExtensionRequest.objects.get(), accept=True)
        queue.refresh_from_db()
        work.assign_units(office, queue, queue.version, supports=[world.city])  # given back to the city
        Task.objects.filter(pk=world.task_b.pk).update(completed_at=dt.datetime(2026, 4, 6, 9, tzinfo=TZ))
    digest.send_digests(dt.date(2026, 4, 7))
    today = {r.kind for r in Reminder.objects.filter(recipient=office, digest_date=dt.date(2026, 4, 7))}
    assert today == {Kind.TO_ACCEPT, Kind.UNSIGNED}


def test_a_returned_lead_stops_waiting_once_another_unit_leads_the_task(world):
    task = f.task(world.plan)
    [row] = assign(world, task, dt.date(2026, 4, 1), lead=world.city)
    with on(dt.date(2026, 4, 2)):
        work.return_assignment(world.users["city"], row, "不属于本单位职责")
    assign(world, task, dt.date(2026, 4, 3), lead=world.dept)
    digest.send_digests(dt.date(2026, 4, 4))
    assert not Reminder.objects.filter(kind=Kind.TO_REASSIGN).exists()


def test_a_dry_run_lists_the_office_digest_too(world, queue, capsys):
    from django.core.management import call_command

    call_command("send_reminders", "--date", "2026-04-06", "--dry-run")
    out = capsys.readouterr().out
    assert "office:" in out and "请核验后办结销号" in out
    assert not Reminder.objects.exists()


# --- the board ------------------------------------------------------------------------


def test_the_board_shows_which_unit_has_not_signed_for_or_has_returned_a_task(world, queue, login):
    with on(dt.date(2026, 4, 6)):
        html = assert_escaped(login(world.users["office"]).get(reverse("supervision:board", args=[world.plan.code])))
    row = html[html.index(shown(queue.title)):]
    row = row[:row.index("</tr>")]
    assert f"{shown(world.city)} <span class=\"small\">（已退回）</span>" in row
    assert f"{shown(world.other_city)} <span class=\"small\">（未签收，时限2026-04-04）</span>" in row
    assert f"{shown(world.dept)}</span>" in row  # signed for: no mark


def test_the_board_filters_to_tasks_not_signed_for_and_to_returned_ones(world, queue, login):
    client = login(world.users["office"])
    url = reverse("supervision:board", args=[world.plan.code])
    with on(dt.date(2026, 4, 6)):
        full = body(client.get(url))
        pending = body(client.get(url + "?sign=pending"))
        returned = body(client.get(url + "?sign=returned&sort=-due"))
        nonsense = client.get(url + "?sign=nonsense")
    # task_a and task_b keep the factory's unsigned assignments; task_c was signed for.
    assert "2项任务尚有单位未签收" not in full and "3项任务尚有单位未签收" in full
    assert "sign=pending" in full
    for task in (world.task_a, world.task_b, queue):
        assert shown(task.title) in pending
    assert shown(world.task_c.title) not in pending
    assert shown(queue.title) in returned and shown(world.task_a.title) not in returned
    assert nonsense.status_code == 200 and shown(world.task_c.title) in body(nonsense)


def test_the_sign_for_filter_keeps_the_other_filters_in_the_light_tiles(world, queue, login):
    with on(dt.date(2026, 4, 6)):
        html = body(login(world.users["office"]).get(
            reverse("supervision:board", args=[world.plan.code]) + f"?sign=pending&unit={world.dept.code}"))
    assert "sign=pending" in html[html.index('class="tiles"'):html.index("</section>")]


@pytest.mark.parametrize("persona", ["city", "leader", "dept"])
def test_a_unit_cannot_read_the_board_filtered_by_sign_for_either(world, login, persona):
    url = reverse("supervision:board", args=[world.plan.code]) + "?sign=pending"
    assert login(world.users[persona]).get(url).status_code == 403


# --- the scorecard ----------------------------------------------------------------------


@pytest.fixture
def signing(world):
    """March: dept signs in time, city signs a day late; April: other_city's sign-for is still open.

    Each unit also asks for one extension; dept's is granted.
    """
    march_task = f.task(world.plan)
    rows = assign(world, march_task, dt.date(2026, 3, 2), lead=world.dept, supports=[world.city])
    by_unit = {a.organization_id: a for a in rows}
    with on(dt.date(2026, 3, 4)):
        work.sign_for(world.users["dept"], by_unit[world.dept.pk])
    with on(dt.date(2026, 3, 6)):
        work.sign_for(world.users["city"], by_unit[world.city.pk])
    april_task = f.task(world.plan)
    assign(world, april_task, dt.date(2026, 4, 1), lead=world.other_city)
    returned = f.task(world.plan)
    [row] = assign(world, returned, dt.date(2026, 4, 1), lead=world.city)
    with on(dt.date(2026, 4, 2)):
        work.return_assignment(world.users["city"], row, "不属于本单位职责")
    for task, unit, state in ((world.task_a, world.dept, "accepted"), (world.task_b, world.city, "declined"),
                              (world.task_c, world.other_city, "pending")):
        ExtensionRequest.objects.create(task=task, organization=unit, requested_due=dt.date(2026, 12, 1),
                                        reason="需要更多时间", state=state)
    return march_task


def scores(world, today=dt.date(2026, 4, 3)) -> dict:
    return {s.unit.pk: s for s in scorecard(world.plan, today)}


def test_sign_for_timeliness_is_assignments_signed_by_their_date_out_of_those_fallen_due(world, signing):
    s = scores(world)
    assert (s[world.dept.pk].signed_on_time, s[world.dept.pk].received, s[world.dept.pk].sign_rate) == (1, 1, 100.0)
    assert (s[world.city.pk].signed_on_time, s[world.city.pk].received, s[world.city.pk].sign_rate) == (0, 1, 0.0)
    # other_city's sign-for is due on the 4th: not yet counted, then counted as not signed.
    assert (s[world.other_city.pk].received, s[world.other_city.pk].sign_rate) == (0, None)
    later = scores(world, dt.date(2026, 4, 5))
    assert (later[world.other_city.pk].signed_on_time, later[world.other_city.pk].received) == (0, 1)


def test_extension_requests_are_counted_per_unit_with_those_granted(world, signing):
    s = scores(world)
    assert [(s[u.pk].extensions, s[u.pk].extensions_granted) for u in (world.dept, world.city, world.other_city)] \
        == [(1, 1), (1, 0), (1, 0)]


def test_the_burden_counts_sign_for_requests_and_days_of_automatic_reminders_this_month(world, signing):
    s = scores(world)
    # April: other_city was asked to sign for one task, the city for one (which it returned); March does not count.
    assert (s[world.other_city.pk].sign_requests, s[world.city.pk].sign_requests, s[world.dept.pk].sign_requests) \
        == (1, 1, 0)
    digest.send_digests(dt.date(2026, 4, 3))  # other_city: its sign-for is due tomorrow
    digest.send_digests(dt.date(2026, 4, 4))
    with on(dt.date(2026, 4, 4)):
        actions.remind(world.users["office"], world.task_c)
    other = scores(world, dt.date(2026, 4, 4))[world.other_city.pk]
    # Two digest days and one click of the office, however many reminders each carried.
    assert (other.reminders, other.burden) == (3, other.requests + 1 + 3)


def test_a_reassignment_is_another_sign_for_request(world):
    task = f.task(world.plan)
    [row] = assign(world, task, dt.date(2026, 4, 1), lead=world.city)
    with on(dt.date(2026, 4, 2)):
        work.return_assignment(world.users["city"], row, "需先明确分工")
    assign(world, task, dt.date(2026, 4, 3), lead=world.city)
    assert scores(world, dt.date(2026, 4, 3))[world.city.pk].sign_requests == 2


def test_a_returned_assignment_is_no_longer_asked_for_reports(world):
    f.reporting_round(world.plan, opens=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 5))
    before = scores(world)[world.city.pk].requests  # task_a (support) and task_b (lead)
    task = f.task(world.plan)
    [row] = assign(world, task, dt.date(2026, 4, 1), lead=world.city)
    assert scores(world)[world.city.pk].requests == before + 1
    with on(dt.date(2026, 4, 2)):
        work.return_assignment(world.users["city"], row, "不属于本单位职责")
    assert scores(world)[world.city.pk].requests == before


def test_the_scorecard_page_shows_sign_for_and_extension_columns(world, signing, login):
    with on(dt.date(2026, 4, 3)):
        html = assert_escaped(login(world.users["member"]).get(reverse("supervision:scorecard",
                                                                       args=[world.plan.code])))
    for heading in ("按时签收", "应签收", "按时签收率", "延期申请", "本月签收要求"):
        assert f">{heading}</th>" in html
    assert "（批准1件）" in html


# --- the bulletin -------------------------------------------------------------------------


def draft_text(world, as_of: dt.date) -> tuple[bulletin.Summary, str]:
    summary = bulletin.summarize(world.plan, as_of)
    with translation.override("zh-hans"):
        return summary, bulletin.draft(summary, "zh-hans", bulletin.issuing_office(world.plan))


def test_the_draft_names_the_tasks_awaiting_sign_for_and_those_past_the_date(world):
    Assignment.objects.update(state=Assignment.State.SIGNED)
    late = f.task(world.plan, title="联合执法", due=dt.date(2026, 5, 1))
    assign(world, late, dt.date(2026, 4, 1), lead=world.dept)
    fresh = f.task(world.plan, title="数据共享", due=dt.date(2026, 6, 1))
    assign(world, fresh, dt.date(2026, 4, 5), lead=world.city, supports=[world.other_city])
    summary, text = draft_text(world, dt.date(2026, 4, 6))
    assert [u.task for u in summary.unsigned] == [late, fresh] and summary.late_unsigned() == 1
    overall = text[:text.index("二、")]
    assert "有2项任务的承办单位尚未签收，其中1项已超过签收时限：" in overall
    dept, city, other = (to_simplified(str(u)) for u in (world.dept, world.city, world.other_city))
    assert f"1.联合执法（{dept}未签收，签收时限为2026年4月4日）。" in overall
    assert f"2.数据共享（待{city}、{other}签收）。" in overall


def test_the_draft_says_nothing_of_sign_for_when_every_unit_has_signed(world):
    Assignment.objects.update(state=Assignment.State.SIGNED)
    summary, text = draft_text(world, dt.date(2026, 4, 6))
    assert summary.unsigned == [] and "签收" not in text and "延期" not in text


def test_the_draft_lists_extensions_granted_since_the_previous_bulletin(world):
    office = world.users["office"]
    Task.objects.filter(pk__in=[world.task_a.pk, world.task_b.pk]).update(due=dt.date(2026, 4, 30))
    for task, user, asked, decided in ((world.task_a, "dept", dt.date(2026, 3, 1), dt.date(2026, 3, 2)),
                                       (world.task_b, "city", dt.date(2026, 4, 1), dt.date(2026, 4, 2))):
        with on(asked):
            task.refresh_from_db()
            Assignment.objects.filter(task=task).update(state=Assignment.State.SIGNED)
            req = work.request_extension(world.users[user], task, dt.date(2026, 8, 31), "需要更多时间")
        with on(decided):
            work.decide_extension(office, req, accept=True)
    with on(dt.date(2026, 3, 15)):
        actions.create_bulletin(office, world.plan, dt.date(2026, 3, 15), "第一期")

    _, text = draft_text(world, dt.date(2026, 4, 6))
    city = to_simplified(str(world.city))
    assert "自上期通报（截至2026年3月15日）以来，共批准延期申请1件：" in text
    assert f"1.{to_simplified(world.task_b.title)}（{city}，完成时限由2026年4月30日调整为2026年8月31日）。" in text
    assert to_simplified(world.task_a.title) + "（" + to_simplified(str(world.dept)) + "，完成时限" not in text

    _, first = draft_text(world, dt.date(2026, 3, 10))  # no bulletin before: everything granted so far
    assert "截至目前，共批准延期申请1件：" in first


def test_the_bulletin_page_summarizes_sign_for_and_extensions(world, queue, login):
    with on(dt.date(2026, 4, 6)):
        html = assert_escaped(login(world.users["office"]).get(
            reverse("supervision:bulletin_new", args=[world.plan.code]) + "?as_of=2026-04-06"))
    assert "3项任务待签收（1项已超过签收时限）" in html
