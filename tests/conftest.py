"""Shared fixtures: a small programme and one persona per role.

The personas (healthchecks' alice/bob/charlie, Zulip's hamlet/othello):
  office    office staff of the leading-group office — sees and does everything
  dept      reporter of a provincial department that leads task A
  city      reporter of a city government that supports task A and leads task B
  leader    unit leader of the same city government
  other     reporter of another city with no tasks here
  member    group member (read-only)
  security  security admin (accounts only)
  audit     audit admin (event log only)
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from luoshi.accounts.models import User
from luoshi.org.models import Organization
from tests import factories as f
from tests import otp

# the headless Chromium fixture of the browser tests
pytest_plugins = ["tests.browser"]

Role = User.Role


@dataclass
class World:
    group: Organization
    office_org: Organization
    dept: Organization
    city: Organization
    city_bureau: Organization
    other_city: Organization
    plan: object
    task_a: object  # led by dept, supported by city
    task_b: object  # led by city
    task_c: object  # led by other_city
    users: dict[str, User]


@pytest.fixture
def world(db) -> World:
    group = f.org(kind=Organization.Kind.LEADING_GROUP)
    office_org = f.org(kind=Organization.Kind.OFFICE, parent=group)
    dept = f.org()
    city = f.org(kind=Organization.Kind.GOVERNMENT)
    city_bureau = f.org(parent=city)
    other_city = f.org(kind=Organization.Kind.GOVERNMENT)
    plan = f.plan(group)
    task_a = f.task(plan, lead=dept, support=[city])
    task_b = f.task(plan, lead=city)
    task_c = f.task(plan, lead=other_city)
    users = {
        "office": f.user("office", Role.OFFICE_ADMIN, office_org, is_staff=True),
        "dept": f.user("dept", Role.UNIT_REPORTER, dept),
        "city": f.user("city", Role.UNIT_REPORTER, city),
        "leader": f.user("leader", Role.UNIT_LEADER, city),
        "other": f.user("other", Role.UNIT_REPORTER, other_city),
        "member": f.user("member", Role.GROUP_MEMBER, group),
        "security": f.user("security", Role.SECURITY_ADMIN),
        "audit": f.user("audit", Role.AUDIT_ADMIN),
    }
    return World(group, office_org, dept, city, city_bureau, other_city, plan, task_a, task_b, task_c, users)


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """Client.force_login stands for a whole sign-in: past the password and the second factor.

    Like the password, the code is not typed: a persona who has or must have an
    authenticator gets the session's verification directly (tests/otp.py). The
    sign-in steps themselves are tested through the real forms
    (tests/accounts/test_otp*.py).
    """
    force_login = Client.force_login

    def both_factors(self, user, backend=None):
        force_login(self, user, backend)
        otp.verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", both_factors)


@pytest.fixture
def login(client):
    """login("office") → the test client signed in as that persona."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login
