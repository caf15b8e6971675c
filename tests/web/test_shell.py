"""The shell around every page: navigation by role, language, script, sign-out, demo banner."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from luoshi.accounts.models import User
from tests import factories as f
from tests.web.helpers import page

pytestmark = pytest.mark.django_db


def nav(html: str) -> str:
    start = html.index('<nav class="main-nav"')
    return html[start:html.index("</nav>", start)]


def test_office_staff_see_the_programme_navigation_and_the_administration_link(world, login):
    links = nav(page(login(world.users["office"]), "/"))
    for name in ("work:plan_list", "meetings:meeting_list", "org:organization_list", "org:region_list",
                 "org:person_list", "admin:index"):
        assert f'href="{reverse(name)}"' in links
    assert 'aria-current="page"' in links


def test_a_group_member_sees_the_programme_navigation_without_the_administration_link(world, login):
    links = nav(page(login(world.users["member"]), "/"))
    assert f'href="{reverse("org:person_list")}"' in links
    assert reverse("admin:index") not in links


def test_a_unit_sees_its_tasks_and_meetings_but_not_the_directory(world, login):
    links = nav(page(login(world.users["city"]), "/"))
    assert f'href="{reverse("meetings:meeting_list")}"' in links
    assert reverse("org:person_list") not in links and reverse("admin:index") not in links


def test_the_security_admin_sees_only_accounts_and_the_audit_admin_only_the_log(world, login):
    links = nav(page(login(world.users["security"]), reverse("manage:user_list")))
    assert reverse("manage:user_list") in links and reverse("audit:event_list") not in links
    assert reverse("org:organization_list") not in links
    links = nav(page(login(world.users["audit"]), reverse("audit:event_list")))
    assert reverse("audit:event_list") in links and reverse("manage:user_list") not in links


def test_signing_out_is_a_post_form(world, login):
    html = page(login(world.users["office"]), "/")
    assert f'<form method="post" action="{reverse("logout")}"' in html


def test_the_sample_data_banner_shows_only_in_demo_mode(world, login):
    client = login(world.users["office"])
    with override_settings(LUOSHI_DEMO=True):
        assert 'class="demo-banner"' in page(client, "/")
    with override_settings(LUOSHI_DEMO=False):
        assert 'class="demo-banner"' not in page(client, "/")


def test_pages_are_in_simplified_chinese_by_default(world, login):
    html = page(login(world.users["office"]), "/")
    assert '<html lang="zh-hans">' in html
    assert "首页" in nav(html) and "工作总览" in html


def test_a_signed_in_user_switches_language_through_their_account(world, login):
    client = login(world.users["office"])
    html = page(client, "/")
    assert f'action="{reverse("set_language_pref")}"' in html
    response = client.post(reverse("set_language_pref"), {"language": "zh-hant", "next": "/"})
    assert response.status_code == 302
    assert User.objects.get(username="office").language == "zh-hant"
    html = page(client, "/")
    assert '<html lang="zh-hant">' in html and "首頁" in nav(html)


def test_an_anonymous_visitor_switches_language_with_djangos_view(client):
    html = page(client, reverse("login"))
    assert f'action="{reverse("set_language")}"' in html
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert '<html lang="en">' in page(client, reverse("login"))


def test_a_traditional_reader_sees_stored_simplified_names_in_traditional_and_the_chrome_in_traditional(
    world, login
):
    unit = f.org(name="发展改革委")
    f.task(world.plan, lead=unit)
    reader = world.users["office"]
    reader.language = User.Language.HANT
    reader.save()
    html = page(login(reader), "/org/")
    assert "發展改革委" in html and "发展改革委" not in html
    home = page(login(reader), "/")
    assert "首頁" in nav(home) and "工作總覽" in home
    assert "正常推進" in home or "未啟動" in home


def test_a_simplified_reader_sees_the_same_name_as_stored(world, login):
    f.org(name="发展改革委")
    assert "发展改革委" in page(login(world.users["office"]), "/org/")


def test_light_names_follow_the_offices_words(world, login):
    html = page(login(world.users["office"]), "/")
    for word in ("未启动", "正常推进", "存在风险", "逾期", "已完成"):
        assert word in html


def test_every_stylesheet_and_script_is_served_by_the_app(world, login):
    html = page(login(world.users["office"]), "/")
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]
    assert client_get_static(login(world.users["office"])) == 200


def client_get_static(client) -> int:
    from django.templatetags.static import static

    return client.get(static("luoshi/luoshi.css")).status_code


def test_only_the_deepest_matching_navigation_link_is_marked_current(world, login):
    links = nav(page(login(world.users["office"]), reverse("org:region_list")))
    assert links.count('aria-current="page"') == 1
    assert f'href="{reverse("org:region_list")}" aria-current="page"' in links
