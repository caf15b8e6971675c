"""Supervision pages: who may see them, escaping of hostile text, and fixed query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from luoshi.org.models import Region
from luoshi.supervision import actions, digest
from luoshi.supervision.models import Reminder
from luoshi.work import services as work
from luoshi.work.models import ExtensionRequest, WorkArea
from tests import factories as f
from tests.pages import assert_escaped, body, count_queries, shown

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 4, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


def plan_pages(world) -> list[str]:
    code = world.plan.code
    return [
        reverse("supervision:board", args=[code]),
        reverse("supervision:scorecard", args=[code]),
        reverse("supervision:bulletin_list", args=[code]),
    ]


@pytest.mark.parametrize("persona", ["office", "member"])
def test_the_office_and_members_read_the_board_scorecard_and_bulletins(world, day, login, persona):
    client = login(world.users[persona])
    for url in [reverse("supervision:index"), *plan_pages(world)]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response)
        assert shown(world.plan.title) in body(response)


@pytest.mark.parametrize("persona", ["city", "leader", "dept"])
def test_a_unit_that_sees_the_plan_is_refused_the_programme_wide_pages(world, day, login, persona):
    client = login(world.users[persona])
    for url in [reverse("supervision:index"), *plan_pages(world)]:
        assert client.get(url).status_code == 403, url


def test_a_unit_that_cannot_see_the_plan_gets_404(world, day, login):
    other_plan = f.plan(world.group)
    f.task(other_plan, lead=world.dept)
    client = login(world.users["city"])
    for name in ("supervision:board", "supervision:scorecard", "supervision:bulletin_list"):
        assert client.get(reverse(name, args=[other_plan.code])).status_code == 404


@pytest.mark.parametrize("persona", ["security", "audit"])
def test_account_and_audit_admins_see_no_plan(world, login, persona):
    assert login(world.users[persona]).get(plan_pages(world)[0]).status_code == 404


def test_anonymous_readers_are_sent_to_sign_in(world, client):
    for url in [reverse("supervision:index"), reverse("supervision:reminder_list"), *plan_pages(world)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_board_shows_every_task_with_its_light_reason_and_counts(world, day, login):
    html = assert_escaped(login(world.users["office"]).get(plan_pages(world)[0]))
    for task in (world.task_a, world.task_b, world.task_c):
        assert shown(task.title) in html
    assert "已超过完成时限 3 天" in html  # the light's reason, from luoshi.work.progress
    # Sorted by due date: B (3-31), A (4-08), C (12-31).
    positions = [html.index(shown(t.title)) for t in (world.task_b, world.task_a, world.task_c)]
    assert positions == sorted(positions)
    descending = body(login(world.users["office"]).get(plan_pages(world)[0] + "?sort=-due"))
    positions = [descending.index(shown(t.title)) for t in (world.task_c, world.task_a, world.task_b)]
    assert positions == sorted(positions)


def test_the_board_filters_by_light_unit_region_and_work_area(world, day, login):
    client = login(world.users["office"])
    url = plan_pages(world)[0]
    overdue = body(client.get(url + "?light=overdue"))
    assert shown(world.task_b.title) in overdue and shown(world.task_a.title) not in overdue

    by_unit = body(client.get(url + f"?unit={world.other_city.code}"))
    assert shown(world.task_c.title) in by_unit and shown(world.task_b.title) not in by_unit

    province = f.region("320000", "江苏省", "province")
    city_region = f.region("320600", "南通市", "prefecture", parent=province)
    world.other_city.region = city_region
    world.other_city.save()
    county = f.region("320681", "启东市", "county", parent=city_region)
    world.task_a.regions.add(county)
    in_province = body(client.get(url + "?region=320000"))
    assert shown(world.task_a.title) in in_province and shown(world.task_c.title) in in_province
    assert shown(world.task_b.title) not in in_province
    assert Region.objects.count() >= 3

    area, _ = WorkArea.objects.get_or_create(slug="ecology", defaults={"name": "生态环境"})
    world.task_b.work_area = area
    world.task_b.save()
    by_area = body(client.get(url + "?area=ecology"))
    assert shown(world.task_b.title) in by_area and shown(world.task_a.title) not in by_area


def test_the_board_offers_the_remind_button_to_the_office_only(world, day, login):
    remind = reverse("supervision:remind_task", args=[world.task_b.code])
    assert remind in body(login(world.users["office"]).get(plan_pages(world)[0]))
    assert remind not in body(login(world.users["member"]).get(plan_pages(world)[0]))


def _same_for_3_and_30(client, url, add, bound, django_assert_max_num_queries):
    for _ in range(3):
        add()
    small = count_queries(client, url)
    for _ in range(27):
        add()
    with django_assert_max_num_queries(bound):
        large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries for 3 rows, {large} for 30"


def test_the_board_query_count_is_fixed(world, day, login, django_assert_max_num_queries):
    region = f.region()

    def add():
        t = f.task(world.plan, lead=f.org(region=region), support=[world.city], due=dt.date(2026, 4, 1))
        t.regions.add(region)
        f.report(t, world.city, "approved", round=day.round)
        actions.remind(world.users["office"], t)

    _same_for_3_and_30(login(world.users["office"]), plan_pages(world)[0], add, 15, django_assert_max_num_queries)


def test_the_scorecard_query_count_is_fixed(world, day, login, django_assert_max_num_queries):
    office = world.users["office"]

    def add():
        unit = f.org()
        f.user(f"u{unit.pk}", "unit_reporter", unit)
        t = f.task(world.plan, support=[world.city], due=dt.date(2026, 3, 1))
        work.assign_units(office, t, t.version, lead=unit)  # a sign-for request this month
        f.report(t, unit, "returned", round=day.round)
        ExtensionRequest.objects.create(task=t, organization=unit, requested_due=dt.date(2026, 6, 1), reason="等待")
        actions.remind(office, t)

    with time_machine.travel(dt.datetime(2026, 3, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        digest.send_digests(dt.date(2026, 3, 30))  # a digest day for the city this month
    _same_for_3_and_30(login(office), plan_pages(world)[1], add, 20, django_assert_max_num_queries)


def test_the_reminder_page_query_count_is_fixed(world, day, login, django_assert_max_num_queries):
    city = world.users["city"]

    def add():
        t = f.task(world.plan, lead=world.city)
        Reminder.objects.create(recipient=city, organization=world.city, task=t, kind="manual",
                                message=f.hostile("催办"), created_by=world.users["office"])

    _same_for_3_and_30(login(city), reverse("supervision:reminder_list"), add, 8, django_assert_max_num_queries)


def test_a_unit_user_reads_its_reminders_unread_first_and_marks_them_read(world, day, login):
    digest.send_digests(day.today)
    city = world.users["city"]
    client = login(city)
    html = assert_escaped(client.get(reverse("supervision:reminder_list")))
    assert "5条未读提醒" in html
    first = Reminder.objects.filter(recipient=city).order_by("pk").first()
    assert client.post(reverse("supervision:reminder_read", args=[first.code])).status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert Reminder.objects.filter(recipient=city, read_at__isnull=True).count() == 4
    html = body(client.get(reverse("supervision:reminder_list")))
    assert html.index("标为已读") < html.index(">已读<")  # unread rows come first
    client.post(reverse("supervision:reminder_read_all"))
    assert not Reminder.objects.filter(recipient=city, read_at__isnull=True).exists()


def test_nobody_marks_someone_elses_reminder_read(world, day, login):
    digest.send_digests(day.today)
    reminder = Reminder.objects.filter(recipient=world.users["city"]).first()
    response = login(world.users["leader"]).post(reverse("supervision:reminder_read", args=[reminder.code]))
    assert response.status_code == 404
    reminder.refresh_from_db()
    assert reminder.read_at is None


def test_marking_read_is_post_only(world, day, login):
    digest.send_digests(day.today)
    reminder = Reminder.objects.filter(recipient=world.users["city"]).first()
    assert login(world.users["city"]).get(reverse("supervision:reminder_read", args=[reminder.code])).status_code == 405


def test_the_unread_count_is_the_recipients_own(world, day):
    from luoshi.supervision.models import unread_count

    digest.send_digests(day.today)
    assert unread_count(world.users["city"]) == 5
    assert unread_count(world.users["dept"]) == 1
    assert unread_count(world.users["office"]) == 1  # the office's own digest: task_c awaits acceptance
    assert unread_count(world.users["member"]) == 0
    actions.mark_read(world.users["city"])
    assert unread_count(world.users["city"]) == 0


def test_every_supervision_page_shows_hostile_text_escaped(world, day, login):
    from luoshi.supervision.models import Bulletin

    digest.send_digests(day.today)
    actions.remind(world.users["office"], world.task_b, note=f.hostile("附言"))
    office = world.users["office"]
    b = actions.create_bulletin(office, world.plan, day.today, f.hostile("一、总体情况\n正文"))
    actions.save_bulletin(office, b, f.hostile("第二版"), 1)
    assert Bulletin.objects.count() == 1
    code = world.plan.code
    office_pages = [
        reverse("supervision:index"),
        reverse("supervision:board", args=[code]),
        reverse("supervision:board", args=[code]) + f"?unit={world.city.code}&light=overdue",
        reverse("supervision:scorecard", args=[code]),
        reverse("supervision:bulletin_list", args=[code]),
        reverse("supervision:bulletin_new", args=[code]) + "?as_of=2026-04-03",
        reverse("supervision:bulletin_detail", args=[b.code]),
        reverse("supervision:bulletin_version", args=[b.code, 1]),
    ]
    client = login(office)
    for url in office_pages:
        assert_escaped(client.get(url))
    html = assert_escaped(login(world.users["city"]).get(reverse("supervision:reminder_list")))
    assert shown(world.task_b.title) in html
