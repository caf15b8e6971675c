"""Signing in and out: password hashing, the failed-login throttle, idle sessions."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from luoshi.accounts import services
from luoshi.accounts.models import LoginFailure, User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def wait_shown(response) -> int | None:
    """Seconds the login form told the user to wait, or None if it did not refuse.

    Read from the form's error (code and parameters), not its wording, which
    follows the request's language.
    """
    form = response.context["form"]
    for error in form.non_field_errors().as_data():
        if error.code == "throttled":
            return error.params["seconds"]
    return None


def test_new_passwords_are_hashed_with_argon2(world):
    user = world.users["city"]
    user.set_password("Another-good-passphrase-7")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_the_login_page_renders_a_form_with_csrf(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in body
    assert 'name="username"' in body and 'name="password"' in body


def test_the_login_page_names_the_demo_accounts_only_in_demo_mode(client, settings):
    settings.LUOSHI_DEMO = False
    assert "Luoshi-demo-2026" not in client.get(LOGIN).content.decode()
    settings.LUOSHI_DEMO = True
    assert "Luoshi-demo-2026" in client.get(LOGIN).content.decode()


def test_a_correct_password_signs_in_and_goes_home(client, world):
    response = attempt(client, "city", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in(client)


def test_a_wrong_password_is_refused_and_counted(client, world):
    response = attempt(client, "city", "wrong")
    assert response.status_code == 200
    assert not signed_in(client)
    assert LoginFailure.objects.get(username="city").failures == 1


def test_wrong_passwords_first_slow_then_lock_the_account(client, world, throttle, clock):
    for _ in range(3):  # the first LOGIN_SLOWDOWN_AFTER failures cost nothing
        assert wait_shown(attempt(client, "city", "wrong")) is None

    # 3 failures: the next attempt must wait 2**0 = 1 s; a refusal is not counted.
    assert wait_shown(attempt(client, "city", "wrong")) == 1
    assert LoginFailure.objects.get(username="city").failures == 3

    clock.shift(1)
    assert wait_shown(attempt(client, "city", "wrong")) is None  # 4 failures: wait 2 s
    clock.shift(1)
    assert wait_shown(attempt(client, "city", "wrong")) == 1
    clock.shift(1)
    attempt(client, "city", "wrong")  # 5 failures: wait 4 s
    assert wait_shown(attempt(client, "city", "wrong")) == 4
    clock.shift(4)
    attempt(client, "city", "wrong")  # 6 failures: locked for 15 minutes

    row = LoginFailure.objects.get(username="city")
    assert row.failures == 6 and row.locked_until is not None
    clock.shift(10 * 60)
    assert wait_shown(attempt(client, "city", PASSWORD)) == 300
    assert not signed_in(client)


def test_the_refusal_says_how_long_to_wait_in_the_readers_language(client, world, throttle, clock):
    for _ in range(5):
        services.note_failure("city")
    english = client.post(LOGIN, {"username": "city", "password": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many attempts: try again in 4 seconds." in english.content.decode()
    chinese = client.post(LOGIN, {"username": "city", "password": "x"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "4" in str(chinese.context["form"].non_field_errors())
    assert "Too many attempts" not in chinese.content.decode()


def test_a_correct_password_during_a_lock_is_refused_without_checking_it(client, world, throttle, clock):
    for _ in range(6):
        services.note_failure("city")
    with mock.patch.object(User, "check_password") as check_password:
        response = attempt(client, "city", PASSWORD)
    check_password.assert_not_called()
    assert response.status_code == 200
    assert not signed_in(client)


def test_a_success_after_the_lock_ends_clears_the_counter(client, world, throttle, clock):
    for _ in range(6):
        services.note_failure("city")
    clock.shift(15 * 60 + 1)
    response = attempt(client, "city", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    assert not LoginFailure.objects.filter(username="city").exists()


def test_the_counter_ignores_the_case_of_the_username(world, throttle, clock):
    services.note_failure("City")
    services.note_failure("CITY")
    services.note_failure("city")
    assert services.check_allowed("city") == (False, 1)


def test_the_wait_doubles_with_each_failure_past_the_threshold(throttle):
    assert [services.wait_after(n) for n in range(2, 7)] == [0, 1, 2, 4, 8]


def test_the_admin_has_no_login_form_of_its_own(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/"


def test_logout_refuses_get(client, world):
    client.force_login(world.users["city"])
    assert client.get("/accounts/logout/").status_code == 405
    assert signed_in(client)


def test_logout_by_post_signs_out(client, world):
    client.force_login(world.users["city"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not signed_in(client)


def test_an_idle_session_ends_and_an_active_one_goes_on(client, world, settings, clock):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    idle = settings.SESSION_COOKIE_AGE
    assert attempt(client, "city", PASSWORD).status_code == 302
    for _ in range(3):  # each request renews the session
        clock.shift(idle - 60)
        assert client.get(reverse("home")).status_code == 200
    clock.shift(idle + 1)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
