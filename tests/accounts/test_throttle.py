"""Failed sign-ins are counted per account; per (account, client address) only behind a trusted proxy."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from luoshi.accounts import services
from luoshi.accounts.models import LoginFailure
from luoshi.audit.models import Event
from tests.web.helpers import page, section

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PROXY = "10.0.0.5"


def attempt(client, username: str, password: str, forwarded: str | None = None, peer: str = "127.0.0.1"):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def lock(client, clock, username: str) -> None:
    for _ in range(6):
        clock.shift(60)  # past each wait, so every attempt is counted
        attempt(client, username, "wrong")


@pytest.fixture
def behind_proxy(throttle):
    throttle.LUOSHI_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    throttle.LUOSHI_TRUSTED_PROXIES = [PROXY]
    return throttle


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_evade_the_account_lock(
    client, world, throttle, clock
):
    for n in range(6):
        clock.shift(60)
        attempt(client, "city", "wrong", forwarded=f"192.0.2.{n}", peer=PROXY)
    row = LoginFailure.objects.get(username="city")
    assert (row.address, row.failures) == ("", 6) and row.locked_until is not None
    attempt(client, "city", PASSWORD, forwarded="198.51.100.7", peer="10.9.9.9")
    assert SESSION_KEY not in client.session


def test_without_a_trusted_proxy_failures_from_every_peer_count_against_one_account(client, world, throttle, clock):
    for n in range(6):
        clock.shift(60)
        attempt(client, "city", "wrong", peer=f"10.1.1.{n}")
    assert LoginFailure.objects.get().failures == 6


def test_behind_the_trusted_proxy_a_guesser_locks_only_their_own_address(client, world, behind_proxy, clock):
    for _ in range(6):
        clock.shift(60)
        attempt(client, "city", "wrong", forwarded="192.0.2.66", peer=PROXY)
    assert LoginFailure.objects.get().address == "192.0.2.66"
    response = attempt(client, "city", PASSWORD, forwarded="192.0.2.10", peer=PROXY)
    assert response.status_code == 302 and SESSION_KEY in client.session


def test_behind_the_trusted_proxy_an_address_the_client_prepends_is_ignored(client, world, behind_proxy, clock):
    for n in range(6):
        clock.shift(60)
        attempt(client, "city", "wrong", forwarded=f"203.0.113.{n}, 192.0.2.66", peer=PROXY)
    assert list(LoginFailure.objects.values_list("address", "failures")) == [("192.0.2.66", 6)]


def test_a_forwarded_for_from_a_peer_that_is_not_the_proxy_is_not_believed(client, world, behind_proxy, clock):
    for n in range(6):
        clock.shift(60)
        attempt(client, "city", "wrong", forwarded=f"203.0.113.{n}", peer="10.7.7.7")
    assert list(LoginFailure.objects.values_list("address", "failures")) == [("10.7.7.7", 6)]


def test_the_client_address_is_the_rightmost_one_the_proxy_did_not_write(rf, behind_proxy):
    behind_proxy.LUOSHI_TRUSTED_PROXIES = [PROXY, "10.0.1.0/24"]
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.9, 10.0.1.3")
    assert services.client_address(request) == "192.0.2.9"
    assert services.client_address(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-ip")) is None


def test_a_proxy_header_without_proxies_stops_the_server_at_start():
    import os
    import subprocess
    import sys

    env = {**os.environ, "LUOSHI_TRUSTED_PROXY_HEADER": "X-Forwarded-For", "LUOSHI_TRUSTED_PROXIES": ""}
    done = subprocess.run([sys.executable, "-c", "import django; from django.conf import settings; settings.SECRET_KEY"],
                          env={**env, "DJANGO_SETTINGS_MODULE": "luoshi.settings"}, capture_output=True, text=True)
    assert done.returncode != 0 and "LUOSHI_TRUSTED_PROXIES" in done.stderr


def test_the_security_admin_sees_the_locked_accounts_and_unlocks_one(client, world, login, throttle, clock):
    lock(client, clock, "city")
    html = page(login(world.users["security"]), reverse("manage:user_list"))
    locks = section(html, "locked-sign-ins")
    assert reverse("manage:user_unlock", args=["city"]) in locks
    assert reverse("manage:user_unlock", args=["dept"]) not in locks
    response = client.post(reverse("manage:user_unlock", args=["city"]))
    assert response.status_code == 302
    assert not LoginFailure.objects.exists()
    event = Event.objects.get(action="user.unlocked")
    assert event.actor == world.users["security"]
    client.logout()
    assert attempt(client, "city", PASSWORD).status_code == 302


def test_a_unit_leader_may_not_unlock_an_account(client, world, login, throttle, clock):
    lock(client, clock, "city")
    assert login(world.users["leader"]).post(reverse("manage:user_unlock", args=["city"])).status_code == 403
    assert LoginFailure.objects.get().locked_until is not None
