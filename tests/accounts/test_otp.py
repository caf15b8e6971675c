"""Two factors (等保 身份鉴别 d): enrolment with a real code, the code after every password sign-in,
recovery codes, the wrong-code throttle, who must have it, the remembered device."""

from __future__ import annotations

import re
import time

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from luoshi.accounts import otp as rules
from luoshi.accounts.models import LoginFailure
from luoshi.audit.models import Event
from tests import otp

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

VERIFY = reverse("otp_verify")
ENROL = reverse("otp_enrol")


def sign_in(username: str, password: str = PASSWORD) -> Client:
    """A fresh browser that has given the password (only) through the login form."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302 and SESSION_KEY in client.session, response.content[:300]
    return client


def enrol(client: Client, user) -> list[str]:
    """Enrol through the page with a code computed from the key the page shows; returns the recovery codes."""
    response = client.post(ENROL, {"code": otp.code_from_secret(secret_on(client.get(ENROL))), "next": "/"})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())


def secret_on(response) -> str:
    return re.search(r'id="otp-secret">([A-Z2-7 ]+)<', response.content.decode()).group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- enrolment --------------------------------------------------------------


def test_an_office_user_without_an_authenticator_is_sent_to_enrol_after_the_password(world):
    client = sign_in("office")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    assert "next=%2F" in response["Location"]


def test_enrolment_shows_a_qr_code_and_the_key_and_takes_a_real_code_from_that_key(world):
    # Time stands still at the start of a 30-second step: on a slow machine the step could turn
    # between enrolling and the replay check below, and a fresh code would (rightly) pass.
    with time_machine.travel(time.time() // 30 * 30 + 1, tick=False):
        _enrol_and_replay(world)


def _enrol_and_replay(world):
    office = world.users["office"]
    client = sign_in("office")
    response = client.get(ENROL)
    html = response.content.decode()
    # Looking at the page writes nothing: the key waits in the session until a code confirms it.
    assert not TOTPDevice.objects.exists()
    # The QR code is SVG markup in the page (no script, no style attribute, no outside address),
    # and encodes the otpauth address of the key shown beside it.
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "<path" in svg and "style=" not in svg and "<script" not in svg
    assert "http" not in svg.replace("http://www.w3.org", "")
    secret = secret_on(response)
    assert len(secret.replace(" ", "")) == 32  # 20 random bytes
    assert client.get(ENROL).content.decode().count(secret) == 1  # the same key on a second visit

    codes = enrol(client, office)

    device = TOTPDevice.objects.get(user=office)
    assert device.confirmed and rules.secret_text(device) == secret
    assert len(codes) == 10 and len(set(codes)) == 10
    event = Event.objects.get(action="user.otp_enrolled")
    assert (event.actor, event.object_id) == (office, str(office.pk))
    # The session has passed the second factor: pages open.
    assert client.get(reverse("home")).status_code == 200
    # The code used to enrol does not sign in a second time.
    assert sign_in("office").post(VERIFY, {"code": otp.code_from_secret(secret)}).status_code == 400


def test_a_wrong_code_does_not_confirm_the_enrolment(world, throttle, clock):
    client = sign_in("office")
    secret = secret_on(client.get(ENROL))
    response = client.post(ENROL, {"code": wrong(otp.code_from_secret(secret))})
    assert response.status_code == 400
    assert not TOTPDevice.objects.exists()
    assert client.get(reverse("home"))["Location"].startswith(ENROL)
    assert LoginFailure.objects.get(address=rules.SECOND_FACTOR).failures == 1
    assert Event.objects.filter(action="auth.otp_failed").count() == 1


def test_once_enrolled_the_enrolment_page_sends_to_ones_own_page(world):
    office = world.users["office"]
    client = sign_in("office")
    enrol(client, office)
    assert client.get(ENROL)["Location"] == reverse("otp_settings")
    assert TOTPDevice.objects.filter(user=office).count() == 1


# --- the code after the password -------------------------------------------


@pytest.mark.parametrize("persona", ["office", "security", "audit"])
def test_an_admin_role_reaches_no_page_before_the_code(world, persona):
    device = otp.device_for(world.users[persona])
    client = sign_in(persona)
    for url in [reverse("home"), reverse("password_change"), reverse("otp_settings"), "/admin/",
                reverse("manage:user_list"), reverse("audit:event_list")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    # Signing out stays possible.
    assert client.post(reverse("logout")).status_code == 302
    assert SESSION_KEY not in client.session
    client = sign_in(persona)
    response = client.post(VERIFY, {"code": otp.code(device), "next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("otp_settings")).status_code == 200


def test_a_unit_reporter_without_an_authenticator_signs_in_with_the_password_alone(world):
    client = sign_in("city")
    assert client.get(reverse("home")).status_code == 200
    assert not TOTPDevice.objects.exists()


def test_a_unit_reporter_who_enrolled_is_asked_for_the_code_too(world):
    otp.device_for(world.users["city"])
    client = sign_in("city")
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)


def test_a_unit_account_with_the_administration_site_must_have_a_second_factor(world):
    city = world.users["city"]
    city.is_staff = True
    city.save()
    assert sign_in("city").get(reverse("home"))["Location"].startswith(ENROL)


def test_the_setting_makes_the_second_factor_required_for_everyone(world, settings):
    assert sign_in("member").get(reverse("home")).status_code == 200
    settings.LUOSHI_OTP_REQUIRED_FOR_ALL = True
    for persona in ["member", "city", "leader"]:
        client = sign_in(persona)
        assert client.get(reverse("home"))["Location"].startswith(ENROL), persona
        enrol(client, world.users[persona])
        assert client.get(reverse("home")).status_code == 200


def test_the_verify_page_sends_back_only_to_this_site(world):
    device = otp.device_for(world.users["office"])
    client = sign_in("office")
    response = client.post(VERIFY, {"code": otp.code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_code_is_taken_once(world):
    device = otp.device_for(world.users["office"])
    code = otp.code(device)
    assert sign_in("office").post(VERIFY, {"code": code})["Location"] == reverse("home")
    replay = sign_in("office")
    assert replay.post(VERIFY, {"code": code}).status_code == 400
    assert replay.get(reverse("home"))["Location"].startswith(VERIFY)


def test_the_code_comes_before_a_forced_password_change(world):
    office = world.users["office"]
    office.must_change_password = True
    office.save()
    device = otp.device_for(office)
    client = sign_in("office")
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": otp.code(device)})
    assert client.get(reverse("home"))["Location"] == reverse("password_change")


# --- wrong codes ------------------------------------------------------------


def test_a_wrong_code_is_refused_counted_and_logged(world, throttle, clock):
    office = world.users["office"]
    device = otp.device_for(office)
    client = sign_in("office")
    response = client.post(VERIFY, {"code": wrong(otp.code(device))})
    assert response.status_code == 400
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)
    row = LoginFailure.objects.get(username="office", address=rules.SECOND_FACTOR)
    assert row.failures == 1
    event = Event.objects.get(action="auth.otp_failed")
    assert (event.actor, event.changes["failures"]) == (office, 1)


def test_wrong_codes_lock_the_second_step_and_a_correct_password_does_not_lift_it(world, throttle, clock):
    office = world.users["office"]
    device = otp.device_for(office)
    client = sign_in("office")
    for _ in range(throttle.LOGIN_LOCK_AFTER):
        clock.shift(60)  # past each wait, so every code is counted
        client.post(VERIFY, {"code": wrong(otp.code(device))})
    row = LoginFailure.objects.get(username="office", address=rules.SECOND_FACTOR)
    assert row.failures == throttle.LOGIN_LOCK_AFTER and row.locked_until is not None
    assert Event.objects.filter(action="auth.locked", changes__address=rules.SECOND_FACTOR).exists()

    clock.shift(60)
    again = sign_in("office")  # the password still signs in, and does not clear the code counter
    response = again.post(VERIFY, {"code": otp.code(device)})
    assert response.status_code == 400 and "秒" in response.content.decode()
    assert again.get(reverse("home"))["Location"].startswith(VERIFY)
    assert LoginFailure.objects.get(username="office", address=rules.SECOND_FACTOR).failures == row.failures

    # The security admin's "clear and unlock" lifts it like a password lock.
    otp.verify_session(security := Client(), world.users["security"])
    security.force_login(world.users["security"])
    security.post(reverse("manage:user_unlock", args=["office"]))
    assert again.post(VERIFY, {"code": otp.code(device)}).status_code == 302
    assert again.get(reverse("home")).status_code == 200


def test_codes_sent_faster_than_the_wait_are_refused_without_checking(world, throttle, clock):
    device = otp.device_for(world.users["office"])
    client = sign_in("office")
    for _ in range(throttle.LOGIN_SLOWDOWN_AFTER):
        clock.shift(60)
        client.post(VERIFY, {"code": wrong(otp.code(device))})
    # The next attempt must wait a second after the last failure: even the right code is refused now.
    assert client.post(VERIFY, {"code": otp.code(device)}).status_code == 400
    clock.shift(2)
    assert client.post(VERIFY, {"code": otp.code(device)}).status_code == 302


# --- recovery codes ---------------------------------------------------------


def test_a_recovery_code_signs_in_once_and_is_logged(world):
    office = world.users["office"]
    codes = enrol(sign_in("office"), office)
    # Not kept in clear.
    stored = set(StaticToken.objects.filter(device__user=office).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)

    first = sign_in("office")
    response = first.post(VERIFY, {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert first.get(reverse("home")).status_code == 200
    event = Event.objects.get(action="auth.otp_recovery_used")
    assert (event.actor, event.changes["left"]) == (office, 9)
    assert rules.recovery_codes_left(office) == 9

    second = sign_in("office")
    assert second.post(VERIFY, {"code": codes[3]}).status_code == 400
    assert second.get(reverse("home"))["Location"].startswith(VERIFY)
    assert second.post(VERIFY, {"code": codes[4]}).status_code == 302


def test_new_recovery_codes_void_the_old_ones(world):
    office = world.users["office"]
    client = sign_in("office")
    old = enrol(client, office)
    html = client.post(reverse("otp_recovery_codes")).content.decode()
    new = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", html)
    assert len(new) == 10 and not set(new) & set(old)
    assert Event.objects.filter(action="user.otp_recovery_codes_renewed", actor=office).exists()
    assert sign_in("office").post(VERIFY, {"code": old[0]}).status_code == 400
    assert sign_in("office").post(VERIFY, {"code": new[0]}).status_code == 302


# --- remembered device ------------------------------------------------------


def test_the_remembered_device_is_off_by_default(world, settings):
    assert settings.LUOSHI_OTP_REMEMBER_DAYS == 0
    device = otp.device_for(world.users["office"])
    client = sign_in("office")
    html = client.get(VERIFY).content.decode()
    assert 'name="remember"' not in html
    response = client.post(VERIFY, {"code": otp.code(device), "remember": "on"})
    assert response.status_code == 302 and rules.REMEMBER_COOKIE not in response.cookies
    # The next sign-in in the same browser asks for the code again.
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)


def test_a_remembered_device_skips_the_code_until_a_reset(world, settings):
    settings.LUOSHI_OTP_REMEMBER_DAYS = 30
    office = world.users["office"]
    device = otp.device_for(office)
    client = sign_in("office")
    html = client.get(VERIFY).content.decode()
    assert 'name="remember"' in html and "checked" not in html.split('name="remember"')[1].split(">")[0]
    response = client.post(VERIFY, {"code": otp.code(device), "remember": "on"})
    cookie = response.cookies[rules.REMEMBER_COOKIE]
    assert cookie["httponly"] and cookie["max-age"] == 30 * 86400

    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200

    # Another account in the same browser is not vouched for by it.
    otp.device_for(world.users["audit"])
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "audit", "password": PASSWORD})
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)

    # A forged value is not either.
    forged = sign_in("office")
    forged.cookies[rules.REMEMBER_COOKIE] = cookie.value[:-2] + "xx"
    assert forged.get(reverse("home"))["Location"].startswith(VERIFY)

    # After a reset (a new authenticator), the old cookie no longer counts.
    rules.reset(office, office, "self")
    new_device = otp.device_for(office)
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert client.cookies[rules.REMEMBER_COOKIE].value == cookie.value
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)
    assert new_device.pk != device.pk

    # Turning the setting off voids every cookie given out.
    settings.LUOSHI_OTP_REMEMBER_DAYS = 0
    fresh = sign_in("office")
    response = fresh.post(VERIFY, {"code": otp.code(new_device), "remember": "on"})
    assert rules.REMEMBER_COOKIE not in response.cookies


# --- reset ------------------------------------------------------------------


def test_the_owner_resets_their_own_factor_with_a_current_code_and_must_enrol_again(world):
    office = world.users["office"]
    device = otp.device_for(office)
    client = sign_in("office")
    client.post(VERIFY, {"code": otp.code(device)})
    assert client.post(reverse("otp_reset"), {"code": wrong(otp.code(device))}).status_code == 400
    assert TOTPDevice.objects.filter(user=office).exists()

    response = client.post(reverse("otp_reset"), {"code": otp.code(device)})
    assert response["Location"] == ENROL
    assert not TOTPDevice.objects.filter(user=office).exists()
    event = Event.objects.get(action="user.otp_reset")
    assert (event.actor, event.object_id, event.changes["via"]) == (office, str(office.pk), "self")
    assert client.get(reverse("home"))["Location"].startswith(ENROL)


def test_the_security_admin_resets_an_ordinary_users_factor_at_once_and_it_is_logged(world, login):
    city = world.users["city"]
    otp.device_for(city)
    response = login(world.users["security"]).post(reverse("manage:user_otp_reset", args=["city"]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=city).exists()
    event = Event.objects.get(action="user.otp_reset")
    assert (event.actor, event.object_id, event.changes["via"]) == (world.users["security"], str(city.pk), "admin")
    # The user signs in with the password alone again (not required for a unit reporter).
    assert sign_in("city").get(reverse("home")).status_code == 200


def test_an_admin_accounts_factor_is_reset_only_with_a_second_security_admins_approval(world, security2, login):
    office = world.users["office"]
    otp.device_for(office)
    login(world.users["security"]).post(reverse("manage:user_otp_reset", args=["office"]))
    assert TOTPDevice.objects.filter(user=office).exists()
    filed = office.change_requests.get()
    assert (filed.kind, filed.state) == ("otp", "pending")
    # The one who filed it cannot approve it.
    assert login(world.users["security"]).post(
        reverse("manage:request_approve", args=[filed.code])
    ).status_code == 403
    assert TOTPDevice.objects.filter(user=office).exists()

    response = login(security2).post(reverse("manage:request_approve", args=[filed.code]))
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=office).exists()
    event = Event.objects.get(action="user.otp_reset")
    assert (event.actor, event.changes["via"], event.changes["request"]) == (security2, "request", str(filed.code))
    assert sign_in("office").get(reverse("home"))["Location"].startswith(ENROL)


def test_only_the_security_admin_may_reset_someone_elses_factor(world, login):
    otp.device_for(world.users["city"])
    for persona in ["office", "audit", "leader"]:
        assert login(world.users[persona]).post(
            reverse("manage:user_otp_reset", args=["city"])
        ).status_code == 403
    assert TOTPDevice.objects.filter(user=world.users["city"]).exists()
    assert not Event.objects.filter(action="user.otp_reset").exists()


def test_the_admin_site_does_not_offer_authenticators(world, login):
    html = login(world.users["office"]).get("/admin/").content.decode()
    assert "otp_totp" not in html and "otp_static" not in html
    assert login(world.users["office"]).get("/admin/otp_totp/totpdevice/").status_code == 404


# --- demo -------------------------------------------------------------------


def test_the_current_code_is_shown_only_in_demo_mode(world, settings):
    device = otp.device_for(world.users["office"])
    settings.LUOSHI_DEMO = False
    html = sign_in("office").get(VERIFY).content.decode()
    assert 'id="demo-code"' not in html and otp.code(device) not in html

    settings.LUOSHI_DEMO = True
    client = sign_in("office")
    html = client.get(VERIFY).content.decode()
    shown = re.search(r'id="demo-code">(\d{6})<', html).group(1)
    assert shown == otp.code(device)
    assert f'value="{shown}"' in html  # filled in: one click
    assert client.post(VERIFY, {"code": shown}).status_code == 302
    # Used: the page now offers the next step's code, which is accepted too.
    again = sign_in("office")
    following = re.search(r'id="demo-code">(\d{6})<', again.get(VERIFY).content.decode()).group(1)
    assert following != shown
    assert again.post(VERIFY, {"code": following}).status_code == 302


def test_enrolling_in_one_browser_asks_the_others_for_a_code(world):
    city = world.users["city"]
    other = sign_in("city")
    assert other.get(reverse("home")).status_code == 200  # password alone: not enrolled, not required
    enrol(sign_in("city"), city)
    assert other.get(reverse("home"))["Location"].startswith(VERIFY)


def test_a_reset_by_the_security_admin_ends_the_verification_of_open_sessions(world, login):
    office = world.users["office"]
    device = otp.device_for(office)
    open_session = sign_in("office")
    open_session.post(VERIFY, {"code": otp.code(device)})
    assert open_session.get(reverse("otp_settings")).status_code == 200
    rules.reset(world.users["security"], office, "request", "test")
    assert open_session.get(reverse("otp_settings"))["Location"].startswith(ENROL)
