"""Every user changes their own password; a reset or an expired password forces the change page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from luoshi.accounts.models import User
from luoshi.audit.models import Event

from .conftest import PASSWORD, START

pytestmark = pytest.mark.django_db

CHANGE = reverse("password_change")
NEW = "Quiet-lantern-2026"


def change(client, old: str, new: str):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize("name", ["office", "dept", "city", "leader", "other", "member", "security", "audit"])
def test_every_role_changes_its_own_password_from_a_link_in_the_nav(world, login, name):
    client = login(world.users[name])
    assert CHANGE in client.get(reverse("home"), follow=True).content.decode()
    assert change(client, PASSWORD, NEW).status_code == 302
    assert User.objects.get(username=name).check_password(NEW)
    assert client.get(CHANGE).status_code == 200  # still signed in
    assert Event.objects.get(action="user.password_changed").actor == world.users[name]


def test_a_wrong_old_password_changes_nothing(world, login):
    client = login(world.users["city"])
    assert change(client, "not-my-password", NEW).status_code == 400
    assert User.objects.get(username="city").check_password(PASSWORD)


def test_a_new_password_against_the_policy_changes_nothing(world, login):
    client = login(world.users["city"])
    assert change(client, PASSWORD, "Luoshi2026").status_code == 400
    assert User.objects.get(username="city").check_password(PASSWORD)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(CHANGE)["Location"].startswith(reverse("login"))


def test_after_an_admin_reset_the_owner_must_change_it_before_anything_else(world, login, client):
    login(world.users["security"]).post(reverse("manage:user_password", args=["city"]), {
        "new_password1": NEW, "new_password2": NEW,
    })
    client.logout()
    assert client.post(reverse("login"), {"username": "city", "password": NEW}).status_code == 302
    for url in (reverse("home"), reverse("work:task_detail", args=[world.task_b.code])):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, CHANGE)
    assert client.get(CHANGE).status_code == 200
    assert change(client, NEW, "Amber-field-2027").status_code == 302
    city = User.objects.get(username="city")
    assert not city.must_change_password
    assert client.get(reverse("home")).status_code == 200
    assert Event.objects.get(action="user.password_changed").changes == {"forced": True}


def test_a_user_without_a_forced_change_goes_where_they_asked(world, login):
    assert login(world.users["city"]).get(reverse("home")).status_code == 200


def test_an_account_the_security_admin_creates_must_change_its_password_at_first_sign_in(world, login):
    login(world.users["security"]).post(reverse("manage:user_create"), {
        "username": "nantong", "display_name": "南通", "role": "unit_reporter", "organization": world.city.pk,
        "language": "zh-hans", "password1": NEW, "password2": NEW,
    })
    assert User.objects.get(username="nantong").must_change_password


@pytest.mark.parametrize("age, forced", [
    (dt.timedelta(days=89, hours=23), False),
    (dt.timedelta(days=90), False),
    (dt.timedelta(days=90, seconds=1), True),
])
def test_a_password_expires_after_the_maximum_age(world, login, settings, clock, age, forced):
    settings.LUOSHI_PASSWORD_MAX_AGE_DAYS = 90
    settings.LUOSHI_DEMO = False
    city = world.users["city"]
    city.set_password(NEW)
    city.save()
    clock.move_to(START + age)
    response = login(city).get(reverse("home"))
    assert (response.status_code == 302 and response["Location"] == CHANGE) is forced


def test_a_maximum_age_of_zero_means_passwords_never_expire(world, login, settings, clock):
    settings.LUOSHI_PASSWORD_MAX_AGE_DAYS = 0
    city = world.users["city"]
    city.set_password(NEW)
    city.save()
    clock.move_to(START + dt.timedelta(days=3650))
    assert login(city).get(reverse("home")).status_code == 200


def test_changing_an_expired_password_starts_its_clock_again(world, login, settings, clock):
    settings.LUOSHI_PASSWORD_MAX_AGE_DAYS = 90
    city = world.users["city"]
    city.set_password(NEW)
    city.save()
    clock.move_to(START + dt.timedelta(days=100))
    client = login(city)
    assert client.get(CHANGE).context["expired"]
    assert change(client, NEW, "Amber-field-2027").status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_demo_personas_sign_in_with_the_documented_password_and_are_not_sent_to_change_it(
    client, settings, db, clock
):
    from luoshi.demo import content
    from luoshi.demo.builder import build

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LUOSHI_DEMO = True
    build()
    clock.move_to(START + dt.timedelta(days=400))  # an old demo database: no expiry in demo mode
    for username in ("office", "security", "audit"):
        response = client.post(reverse("login"), {"username": username, "password": content.PASSWORD})
        assert response.status_code == 302, username
        home = client.get(reverse("home"))
        assert home.status_code == 200 or home["Location"] != CHANGE, username
        client.logout()
