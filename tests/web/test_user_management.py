"""The security admin's user management: every write recorded, nobody else let in."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.models import LoginFailure, User
from luoshi.audit.models import Event
from tests import factories as f
from tests.web.helpers import page, queries

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Quiet-lantern-2026"


def events(action: str):
    return Event.objects.filter(action=action)


def test_the_security_admin_sees_every_account_with_role_unit_and_state(world, login):
    html = page(login(world.users["security"]), reverse("manage:user_list"))
    for name in world.users:
        assert reverse("manage:user_edit", args=[name]) in html
    assert "单位填报员" in html


def test_office_staff_may_not_manage_accounts(world, login):
    client = login(world.users["office"])
    assert client.get(reverse("manage:user_list")).status_code == 403
    assert client.get(reverse("manage:user_edit", args=["city"])).status_code == 403
    response = client.post(reverse("manage:user_create"), {"username": "mallory", "role": "office_admin"})
    assert response.status_code == 403
    assert not User.objects.filter(username="mallory").exists()


def test_anonymous_visitors_are_sent_to_sign_in_from_user_management(world, client):
    response = client.get(reverse("manage:user_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_security_admin_creates_an_account_and_the_event_log_records_it(world, login):
    client = login(world.users["security"])
    response = client.post(reverse("manage:user_create"), {
        "username": "nantong", "display_name": "南通市填报员", "role": "unit_reporter",
        "organization": world.city.pk, "language": "zh-hant",
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    user = User.objects.get(username="nantong")
    assert user.check_password(NEW_PASSWORD) and user.organization == world.city
    event = events("user.created").get()
    assert event.actor == world.users["security"] and event.object_id == str(user.pk)
    assert event.changes["role"] == "unit_reporter"


def test_a_weak_password_is_refused_by_djangos_validators_and_no_account_is_created(world, login):
    response = login(world.users["security"]).post(reverse("manage:user_create"), {
        "username": "weak", "role": "group_member", "language": "zh-hans",
        "password1": "12345678", "password2": "12345678",
    })
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()
    assert not events("user.created").exists()


def test_a_unit_role_without_a_unit_is_refused(world, login):
    login(world.users["security"]).post(reverse("manage:user_create"), {
        "username": "nounit", "role": "unit_reporter", "language": "zh-hans",
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    assert not User.objects.filter(username="nounit").exists()


def test_changing_a_role_records_user_role_changed_with_old_and_new(world, login):
    client = login(world.users["security"])
    response = client.post(reverse("manage:user_edit", args=["city"]), {
        "display_name": "city", "role": "unit_leader", "organization": world.city.pk, "is_active": "on",
    })
    assert response.status_code == 302
    assert User.objects.get(username="city").role == "unit_leader"
    event = events("user.role_changed").get()
    assert event.changes == {"role": ["unit_reporter", "unit_leader"]}
    assert events("user.renamed").exists()


def test_deactivating_an_account_is_recorded(world, login):
    login(world.users["security"]).post(reverse("manage:user_edit", args=["dept"]), {
        "display_name": world.users["dept"].display_name, "role": "unit_reporter", "organization": world.dept.pk,
    })
    assert not User.objects.get(username="dept").is_active
    assert events("user.active_changed").get().changes == {"is_active": [True, False]}


def test_only_office_staff_may_be_given_the_administration_site(world, login):
    login(world.users["security"]).post(reverse("manage:user_edit", args=["dept"]), {
        "display_name": "x", "role": "unit_reporter", "organization": world.dept.pk, "is_active": "on",
        "is_staff": "on",
    })
    assert not User.objects.get(username="dept").is_staff


def test_the_security_admin_cannot_take_away_their_own_role(world, login):
    login(world.users["security"]).post(reverse("manage:user_edit", args=["security"]), {
        "display_name": "x", "role": "office_admin",
    })
    me = User.objects.get(username="security")
    assert me.role == "security_admin" and me.is_active


def test_resetting_a_password_sets_it_and_records_the_event(world, login):
    response = login(world.users["security"]).post(reverse("manage:user_password", args=["city"]), {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    assert User.objects.get(username="city").check_password(NEW_PASSWORD)
    event = events("user.password_reset").get()
    assert NEW_PASSWORD not in str(event.changes)


def test_a_weak_new_password_is_refused(world, login):
    response = login(world.users["security"]).post(reverse("manage:user_password", args=["city"]), {
        "new_password1": "password", "new_password2": "password",
    })
    assert response.status_code == 400
    assert User.objects.get(username="city").check_password(f.PASSWORD)


def test_office_staff_may_not_reset_a_password(world, login):
    response = login(world.users["office"]).post(reverse("manage:user_password", args=["city"]), {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 403
    assert not User.objects.get(username="city").check_password(NEW_PASSWORD)


def test_unlocking_clears_the_failed_sign_ins_and_records_the_event(world, login):
    now = timezone.now()
    LoginFailure.objects.create(username="city", address="10.0.0.1", failures=9, last_failure=now,
                                locked_until=now + timezone.timedelta(minutes=15))
    LoginFailure.objects.create(username="dept", address="10.0.0.1", failures=2, last_failure=now)
    client = login(world.users["security"])
    assert "已锁定" in page(client, reverse("manage:user_list"))
    response = client.post(reverse("manage:user_unlock", args=["city"]))
    assert response.status_code == 302
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["dept"]
    assert events("user.unlocked").get().changes == {"cleared": 1}


def test_unlocking_needs_a_post(world, login):
    assert login(world.users["security"]).get(reverse("manage:user_unlock", args=["city"])).status_code == 405


def test_an_unknown_account_answers_404(world, login):
    assert login(world.users["security"]).get(reverse("manage:user_edit", args=["nobody"])).status_code == 404


def test_the_security_admin_cannot_open_a_task_page(world, login):
    client = login(world.users["security"])
    assert client.get(reverse("work:task_detail", args=[world.task_a.code])).status_code in (403, 404)
    assert client.get(reverse("work:plan_detail", args=[world.plan.code])).status_code in (403, 404)


def test_the_user_list_issues_the_same_number_of_queries_for_3_or_30_accounts(world, login):
    client = login(world.users["security"])
    few = queries(client, reverse("manage:user_list"))
    for i in range(22):
        f.user(f"extra{i}", User.Role.UNIT_REPORTER, world.city)
    assert queries(client, reverse("manage:user_list")) == few
