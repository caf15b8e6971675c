"""Test helpers for the second factor: real TOTP codes from a device's key, and the second step of
signing in for the test client and for a browser.

Codes are computed with django-otp's own TOTP (RFC 6238) from the key stored on
the device, as an authenticator app would from the QR code.
"""

from __future__ import annotations

import base64
import time

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from luoshi.accounts import otp
from luoshi.accounts.models import User


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator shows now (or `steps_ahead` steps later); a step already used is skipped."""
    device.refresh_from_db(fields=["last_t", "drift"])
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = max(totp.t(), device.last_t + 1) + steps_ahead
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


def code_from_secret(secret: str, steps_ahead: int = 0) -> str:
    """The code an app shows now for the key the enrolment page displays (base32, spaces allowed)."""
    raw = secret.replace(" ", "").upper()
    key = base64.b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def device_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none (as if they had enrolled)."""
    device = otp.authenticator(user)
    if device is None:
        otp.enrol_demo(user)  # a confirmed authenticator and the user's enrolment id, as enrolling makes
        user.refresh_from_db(fields=["second_factor"])
        device = otp.authenticator(user)
    return device


def verify_session(client: Client, user: User) -> None:
    """Mark the client's session as past the second factor when the user has or must have one.

    What Client.force_login does for the password (tests/conftest.py calls it
    from there): the pages under test, not the sign-in, are the point.
    """
    if not otp.enrolled(user) and otp.required(user):
        device_for(user)
    if not otp.enrolled(user):
        return
    session = client.session
    session[otp.SESSION_KEY] = user.second_factor
    session.save()


def pass_second_step(client: Client, user: User, next_url: str = "/"):
    """Post a real code to the verify page, as a person with the app would; returns the response."""
    return client.post(reverse("otp_verify"), {"code": code(device_for(user)), "next": next_url})


def browser_second_step(page, username: str) -> None:
    """After the password step in a browser: enrol with a real code, or give one, if the page asks for it.

    Call it right after submitting the login form; returns once the browser has
    left the sign-in pages.
    """
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    user = User.objects.get(username=username)
    if reverse("otp_enrol") in page.url:
        page.fill("input[name=code]", code_from_secret(page.inner_text("#otp-secret")))
        page.click("#otp-enrol-form button[type=submit]")
        page.wait_for_selector("#recovery-codes")
        page.click("#continue")
    elif reverse("otp_verify") in page.url:
        page.fill("input[name=code]", code(device_for(user)))
        page.click("form.login-form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/two-step/" not in url)
