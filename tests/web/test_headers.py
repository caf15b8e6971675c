"""Headers every response carries (issue 10 item 7): the Content-Security-Policy, no caching of
what the application renders, and no inline script or style left in any template."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

import luoshi

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def test_every_page_carries_the_strict_content_security_policy(world, login):
    client = login(world.users["office"])
    for url in (reverse("home"), reverse("work:plan_detail", args=[world.plan.code]), "/admin/"):
        assert client.get(url)["Content-Security-Policy"] == POLICY, url


def test_the_login_page_and_an_error_page_carry_it_too(client, db):
    assert client.get(reverse("login"))["Content-Security-Policy"] == POLICY
    assert client.get("/no-such-page/")["Content-Security-Policy"] == POLICY


def test_an_authenticated_page_is_not_stored_by_the_browser_or_a_proxy(world, login):
    response = login(world.users["city"]).get(reverse("home"))
    assert response.status_code == 200
    cache = response["Cache-Control"]
    assert "no-store" in cache and "private" in cache


def test_a_download_is_not_stored_either(world, login):
    response = login(world.users["office"]).get(reverse("sheets:plan_export", args=[world.plan.code]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_a_static_file_keeps_its_cache(client, db):
    response = client.get("/static/luoshi/luoshi.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]


TEMPLATES = sorted(Path(luoshi.__file__).parent.glob("**/templates/**/*.html"))
# A <script> that runs: one without src=, unless it only carries data (json_script's type).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=\"", re.I)


def test_no_template_holds_inline_script_style_or_event_handlers():
    assert TEMPLATES
    offenders = [
        str(path) for path in TEMPLATES
        if INLINE_SCRIPT.search(path.read_text()) or INLINE_STYLE.search(path.read_text())
    ]
    assert offenders == []
