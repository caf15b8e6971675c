"""The directory: organizations, regions and people — each page for one who may and one who may not."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from luoshi.meetings.models import Participation
from luoshi.org.models import Membership, Organization, Post
from tests import factories as f
from tests.web.helpers import label, page, queries

pytestmark = pytest.mark.django_db


def org_url(org) -> str:
    return reverse("org:organization_detail", args=[org.code])


def person_url(person) -> str:
    return reverse("org:person_detail", args=[person.code])


# --- organizations ---------------------------------------------------------


def test_the_office_sees_the_organization_tree_with_kind_and_region(world, login):
    world.city.region = f.region()
    world.city.save()
    html = page(login(world.users["office"]), reverse("org:organization_list"))
    assert label(world.city.name) in html
    assert label(world.city_bureau.name) in html
    assert reverse("org:region_detail", args=["329901"]) in html
    # the bureau is drawn under its city
    assert html.index(label(world.city.name)) < html.index(label(world.city_bureau.name))


def test_the_audit_admin_may_not_open_the_directory(world, login):
    client = login(world.users["audit"])
    for url in (reverse("org:organization_list"), org_url(world.dept), reverse("org:region_list"),
                reverse("org:person_list")):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_from_the_directory(world, client):
    response = client.get(reverse("org:organization_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_unit_sees_on_an_organization_page_only_the_tasks_it_may_see(world, login):
    assert label(world.task_a.title) in page(login(world.users["city"]), org_url(world.dept))
    assert label(world.task_a.title) not in page(login(world.users["other"]), org_url(world.dept))


def test_an_organization_page_shows_lead_and_supporting_tasks_with_their_role(world, login):
    html = page(login(world.users["office"]), org_url(world.city))
    assert label(world.task_a.title) in html and label(world.task_b.title) in html
    assert 'class="tag support"' in html and 'class="tag lead"' in html
    assert label(world.city_bureau.name) in html  # units under it


def test_the_security_admin_sees_an_organization_but_none_of_its_tasks_or_people(world, login):
    Post.objects.create(person=f.person(), organization=world.city, title=f.hostile("市长"))
    html = page(login(world.users["security"]), org_url(world.city))
    assert label(world.city.name) in html
    assert label(world.task_b.title) not in html
    assert "市长" not in html


def test_a_group_page_lists_its_members_and_posts_with_their_holders(world, login):
    leader = f.person()
    governor = Post.objects.create(person=f.person(), organization=world.group, title=f.hostile("省长"),
                                   start=dt.date(2023, 1, 1))
    Membership.objects.create(group=world.group, person=leader, role=Membership.Role.FIRST_LEADER)
    Membership.objects.create(group=world.group, post=governor, role=Membership.Role.LEADER)
    html = page(login(world.users["member"]), org_url(world.group))
    assert label(leader.name) in html
    assert label(governor.title) in html and label(governor.person.name) in html


def test_an_unknown_organization_answers_404(world, login):
    assert login(world.users["office"]).get(reverse("org:organization_detail", args=[uuid.uuid4()])).status_code == 404


def test_the_organization_list_issues_the_same_number_of_queries_for_3_or_30_organizations(world, login):
    client = login(world.users["office"])
    region = f.region()
    for _ in range(3):
        f.org(parent=world.city, region=region)
    few = queries(client, reverse("org:organization_list"))
    for _ in range(27):
        f.org(parent=world.dept, region=f.region(f"3299{_ + 10}", f"区{_}", "county", region))
    assert Organization.objects.count() > 30
    assert queries(client, reverse("org:organization_list")) == few


# --- regions ---------------------------------------------------------------


def test_the_region_tree_shows_provinces_with_their_cities_and_organizations(world, login):
    province = f.region("329900", "测试省", "province")
    city = f.region("329901", "测试市", "prefecture", province)
    county = f.region("329902", "测试县", "county", city)
    world.city.region = city
    world.city.save()
    html = page(login(world.users["dept"]), reverse("org:region_list"))
    assert html.index("测试省") < html.index("测试市") < html.index(label(world.city.name))
    assert reverse("org:region_detail", args=[county.code]) in html


def test_a_region_page_lists_its_organizations_and_the_visible_tasks_concerning_it(world, login):
    region = f.region()
    world.city.region = region
    world.city.save()
    world.task_b.regions.add(region)
    url = reverse("org:region_detail", args=[region.code])
    html = page(login(world.users["city"]), url)
    assert label(world.city.name) in html and label(world.task_b.title) in html
    assert label(world.task_b.title) not in page(login(world.users["dept"]), url)


def test_an_unknown_region_code_answers_404(world, login):
    assert login(world.users["office"]).get(reverse("org:region_detail", args=["999999"])).status_code == 404


def test_the_region_list_issues_the_same_number_of_queries_for_3_or_30_regions(world, login):
    client = login(world.users["office"])
    province = f.region("329900", "测试省", "province")
    for i in range(3):
        f.org(region=f.region(f"3299{i + 10}", f"市{i}", "prefecture", province))
    few = queries(client, reverse("org:region_list"))
    for i in range(3, 30):
        f.org(region=f.region(f"3299{i + 10}", f"市{i}", "prefecture", province))
    assert queries(client, reverse("org:region_list")) == few


# --- people ----------------------------------------------------------------


def test_the_office_sees_people_with_their_current_posts(world, login):
    person = f.person()
    Post.objects.create(person=person, organization=world.dept, title=f.hostile("厅长"), start=dt.date(2024, 1, 1))
    Post.objects.create(person=person, organization=world.city, title=f.hostile("副市长"),
                        start=dt.date(2019, 1, 1), end=dt.date(2020, 1, 1))
    html = page(login(world.users["office"]), reverse("org:person_list"))
    assert label(person.name) in html and "厅长" in html
    assert "副市长" not in html


def test_the_security_admin_may_not_read_people(world, login):
    person = f.person()
    client = login(world.users["security"])
    assert client.get(reverse("org:person_list")).status_code == 403
    assert client.get(person_url(person)).status_code == 403


def test_a_person_page_shows_posts_over_time_and_group_memberships(world, login):
    person = f.person()
    Post.objects.create(person=person, organization=world.dept, title=f.hostile("厅长"), start=dt.date(2024, 1, 1))
    Post.objects.create(person=person, organization=world.city, title=f.hostile("副市长"),
                        start=dt.date(2019, 1, 1), end=dt.date(2020, 1, 1))
    Membership.objects.create(group=world.group, person=person, role=Membership.Role.DEPUTY_LEADER)
    html = page(login(world.users["office"]), person_url(person))
    assert html.index("厅长") < html.index("副市长")  # newest first
    assert label(world.group.name) in html


def test_a_person_page_lists_only_meetings_the_reader_may_see(world, login):
    person = f.person()
    meeting = f.meeting(world.group, date=dt.date(2026, 3, 1))
    Participation.objects.create(meeting=meeting, person=person, role=Participation.Role.CHAIR)
    assert label(meeting.title) in page(login(world.users["office"]), person_url(person))
    assert label(meeting.title) not in page(login(world.users["other"]), person_url(person))


def test_an_unknown_person_answers_404(world, login):
    assert login(world.users["office"]).get(reverse("org:person_detail", args=[uuid.uuid4()])).status_code == 404


def test_the_people_list_issues_the_same_number_of_queries_for_3_or_30_people(world, login):
    client = login(world.users["office"])
    for _ in range(3):
        Post.objects.create(person=f.person(), organization=world.dept, title=f.hostile("处长"))
    few = queries(client, reverse("org:person_list"))
    for _ in range(27):
        Post.objects.create(person=f.person(), organization=world.city, title=f.hostile("处长"))
    assert queries(client, reverse("org:person_list")) == few
