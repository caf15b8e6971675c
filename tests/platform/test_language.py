"""The language preference: Simplified, Traditional or English, kept on the user."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/accounts/language/"


def test_choosing_traditional_is_kept_on_the_user_and_returns_to_the_page(client, world):
    user = world.users["city"]
    client.force_login(user)
    response = client.post(URL, {"language": "zh-hant", "next": "/work/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/work/?page=2"
    user.refresh_from_db()
    assert user.language == "zh-hant"


def test_the_referrer_is_used_when_no_next_is_given(client, world):
    client.force_login(world.users["city"])
    response = client.post(URL, {"language": "en"}, HTTP_REFERER="http://testserver/meetings/")
    assert response["Location"] == "http://testserver/meetings/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_an_off_site_next_is_ignored(client, world, next_url):
    client.force_login(world.users["city"])
    response = client.post(URL, {"language": "en", "next": next_url}, HTTP_REFERER="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_an_unknown_language_is_refused_and_nothing_changes(client, world):
    user = world.users["city"]
    client.force_login(user)
    assert client.post(URL, {"language": "fr"}).status_code == 400
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_the_language_view_refuses_get(client, world):
    client.force_login(world.users["city"])
    assert client.get(URL).status_code == 405


def test_an_anonymous_visitor_cannot_set_a_preference(client):
    response = client.post(URL, {"language": "en"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_pages_are_served_in_the_chosen_language(client, world):
    user = world.users["city"]
    client.force_login(user)
    client.post(URL, {"language": "en"})
    response = client.get(reverse("home"))
    assert response.headers.get("Content-Language") in ("en", None)
    assert response.wsgi_request.LANGUAGE_CODE == "en"
