"""The demo personas come enrolled in two-step verification, and the demo stays two clicks."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from luoshi.accounts.models import User
from luoshi.demo import content
from luoshi.demo.builder import build


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build()


def test_every_demo_persona_has_an_authenticator_and_a_rerun_adds_none(demo):
    personas = [spec[0] for spec in content.PERSONAS]
    enrolled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True))
    assert enrolled == set(personas)
    assert demo.created["otp_totp.TOTPDevice"] == len(personas)
    assert build().total == 0
    assert TOTPDevice.objects.count() == len(personas)


def test_in_demo_mode_a_persona_signs_in_with_two_clicks(demo, settings):
    settings.LUOSHI_DEMO = True
    client = Client()
    response = client.post(reverse("login"), {"username": "audit", "password": content.PASSWORD}, follow=True)
    html = response.content.decode()
    # Landed on the code page, the code filled in; its one button signs in.
    assert response.redirect_chain[-1][0].startswith(reverse("otp_verify"))
    code = re.search(r'name="code" value="(\d{6})"', html).group(1)
    response = client.post(reverse("otp_verify"), {"code": code, "next": "/"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("audit:event_list")


def test_outside_demo_mode_the_personas_code_is_not_shown(demo, settings):
    settings.LUOSHI_DEMO = False
    client = Client()
    client.post(reverse("login"), {"username": "office", "password": content.PASSWORD})
    html = client.get(reverse("otp_verify")).content.decode()
    assert 'id="demo-code"' not in html and not re.search(r'name="code" value="\d', html)


def test_an_ordinary_account_outside_the_demo_is_not_enrolled_by_it(demo):
    other = User.objects.create(username="walkin", password=make_password("x"), role="unit_reporter")
    build()
    assert not TOTPDevice.objects.filter(user=other).exists()
