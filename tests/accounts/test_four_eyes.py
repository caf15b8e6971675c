"""三员分立: the security admin manages ordinary accounts alone; admin and office-staff accounts
need a second security admin; nobody changes their own role; the audit admin's side stays theirs."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from luoshi.accounts.models import AccountRequest, User
from luoshi.audit.models import Event
from tests.web.helpers import page, section

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Quiet-lantern-2026"


def new_account(**fields) -> dict:
    return {"language": "zh-hans", "display_name": "新账号", **fields}


def approve(client, account_request: AccountRequest):
    return client.post(reverse("manage:request_approve", args=[account_request.code]))


def test_the_security_admin_may_create_a_unit_reporter_alone(world, login):
    response = login(world.users["security"]).post(reverse("manage:user_create"), new_account(
        username="nantong", role="unit_reporter", organization=world.city.pk,
        password1=NEW_PASSWORD, password2=NEW_PASSWORD,
    ))
    assert response.status_code == 302
    assert User.objects.get(username="nantong").role == "unit_reporter"
    assert not AccountRequest.objects.exists()


def test_the_security_admin_may_not_create_an_office_admin_alone(world, login):
    response = login(world.users["security"]).post(reverse("manage:user_create"), new_account(
        username="mallory", role="office_admin", organization=world.office_org.pk, is_staff="on",
        password1=NEW_PASSWORD, password2=NEW_PASSWORD,
    ))
    assert response.status_code == 302
    assert not User.objects.filter(username="mallory").exists()
    filed = AccountRequest.objects.get()
    assert (filed.kind, filed.state, filed.requested_by) == ("create", "pending", world.users["security"])
    assert NEW_PASSWORD not in str(filed.proposed)
    assert Event.objects.filter(action="account_request.filed", object_id=str(filed.pk)).exists()


def test_a_second_security_admins_approval_creates_the_office_admin_with_a_temporary_password(
    world, login, client, security2
):
    login(world.users["security"]).post(reverse("manage:user_create"), new_account(
        username="mallory", role="office_admin", organization=world.office_org.pk, is_staff="on",
    ))
    filed = AccountRequest.objects.get()
    client.force_login(security2)
    html = page(client, reverse("manage:user_list"))
    assert reverse("manage:request_approve", args=[filed.code]) in section(html, "pending-requests")
    response = approve(client, filed)
    assert response.status_code == 200
    created = User.objects.get(username="mallory")
    assert (created.role, created.is_staff, created.organization) == ("office_admin", True, world.office_org)
    assert created.must_change_password
    assert created.check_password(response.context["temporary"])
    filed.refresh_from_db()
    assert (filed.state, filed.decided_by, filed.account) == ("approved", security2, created)
    created_event = Event.objects.get(action="user.created", object_id=str(created.pk))
    assert created_event.actor == security2
    assert Event.objects.filter(action="account_request.approved", actor=security2).exists()


def test_the_requester_cannot_approve_their_own_request(world, login):
    client = login(world.users["security"])
    client.post(reverse("manage:user_create"), new_account(username="mallory", role="audit_admin"))
    filed = AccountRequest.objects.get()
    assert reverse("manage:request_approve", args=[filed.code]) not in page(client, reverse("manage:user_list"))
    assert approve(client, filed).status_code == 403
    assert client.post(reverse("manage:request_reject", args=[filed.code])).status_code == 403
    filed.refresh_from_db()
    assert filed.state == "pending" and not User.objects.filter(username="mallory").exists()


def test_the_database_refuses_a_request_decided_by_its_requester(world):
    from django.db import IntegrityError, transaction

    filed = AccountRequest.objects.create(kind="reset", account=world.users["audit"], username="audit",
                                          requested_by=world.users["security"])
    filed.state, filed.decided_by, filed.decided_at = "approved", world.users["security"], filed.requested_at
    with pytest.raises(IntegrityError), transaction.atomic():
        filed.save()


def test_a_rejected_request_changes_nothing_and_is_logged(world, login, security2):
    login(world.users["security"]).post(reverse("manage:user_password", args=["audit"]))
    filed = AccountRequest.objects.get()
    login(security2).post(reverse("manage:request_reject", args=[filed.code]))
    filed.refresh_from_db()
    assert filed.state == "rejected"
    assert User.objects.get(username="audit").check_password("Correct-horse-42")
    assert Event.objects.filter(action="account_request.rejected", actor=security2).exists()
    assert approve(login(security2), filed).status_code == 403  # decided: nothing left to approve


def test_the_security_admin_may_not_elevate_a_reporter_to_office_staff_alone(world, login, security2):
    form = {"display_name": "city", "role": "office_admin", "organization": world.office_org.pk,
            "is_active": "on", "is_staff": "on"}
    login(world.users["security"]).post(reverse("manage:user_edit", args=["city"]), form)
    assert User.objects.get(username="city").role == "unit_reporter"
    filed = AccountRequest.objects.get(kind="change")
    approve(login(security2), filed)
    city = User.objects.get(username="city")
    assert (city.role, city.is_staff) == ("office_admin", True)
    assert Event.objects.get(action="user.role_changed").actor == security2


def test_the_security_admin_may_change_a_reporter_to_a_leader_alone(world, login):
    login(world.users["security"]).post(reverse("manage:user_edit", args=["city"]), {
        "display_name": "city", "role": "unit_leader", "organization": world.city.pk, "is_active": "on",
    })
    assert User.objects.get(username="city").role == "unit_leader"
    assert not AccountRequest.objects.exists()


def test_a_request_on_an_account_changed_since_is_not_applied(world, login, security2):
    login(world.users["security"]).post(reverse("manage:user_edit", args=["office"]), {
        "display_name": "x", "role": "office_admin", "organization": world.office_org.pk, "is_active": "",
        "is_staff": "on",
    })
    filed = AccountRequest.objects.get()
    User.objects.filter(username="office").update(display_name="changed meanwhile")
    response = approve(login(security2), filed)
    assert response.status_code == 302
    office = User.objects.get(username="office")
    assert office.is_active
    filed.refresh_from_db()
    assert filed.state == "pending"


def test_nobody_changes_their_own_role_not_even_through_a_request(world, login, security2):
    client = login(world.users["security"])
    client.post(reverse("manage:user_edit", args=["security"]), {"display_name": "x", "role": "office_admin"})
    assert User.objects.get(username="security").role == "security_admin"
    assert not AccountRequest.objects.exists()
    # Nor by approving a change someone else filed about them.
    login(security2).post(reverse("manage:user_password", args=["security"]))
    filed = AccountRequest.objects.get()
    assert approve(login(world.users["security"]), filed).status_code == 403


def test_a_reset_of_the_audit_admin_needs_a_second_admin_and_only_the_approver_sees_the_password(
    world, login, security2
):
    requester = login(world.users["security"])
    response = requester.post(reverse("manage:user_password", args=["audit"]), {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    audit = User.objects.get(username="audit")
    assert response.status_code == 302
    assert not audit.check_password(NEW_PASSWORD) and not audit.must_change_password
    filed = AccountRequest.objects.get(kind="reset")
    approved = approve(login(security2), filed)
    temporary = approved.context["temporary"]
    assert temporary in approved.content.decode()
    audit.refresh_from_db()
    assert audit.check_password(temporary) and audit.must_change_password
    assert Event.objects.get(action="user.password_reset").actor == security2


def test_the_security_admin_cannot_read_the_audit_admins_pages_and_the_audit_admin_can(world, login):
    assert login(world.users["security"]).get(reverse("audit:event_list")).status_code == 403
    assert login(world.users["audit"]).get(reverse("audit:event_list")).status_code == 200


def test_the_audit_admin_reads_the_security_admins_acts(world, login):
    login(world.users["security"]).post(reverse("manage:user_password", args=["office"]))
    html = page(login(world.users["audit"]), reverse("audit:event_list") + "?action=account_request.filed")
    assert "account_request.filed" in html and "security" in html


def test_nobody_edits_the_audit_admins_view(world, login):
    for name in ("security", "office", "audit"):
        client = login(world.users[name])
        assert client.post(reverse("audit:event_list"), {}).status_code in (403, 405)
    office = login(world.users["office"])
    assert office.get("/admin/audit/event/add/").status_code in (403, 404)


def test_the_audit_admin_may_not_manage_accounts(world, login):
    client = login(world.users["audit"])
    assert client.get(reverse("manage:user_list")).status_code == 403
    assert client.post(reverse("manage:user_password", args=["security"])).status_code == 403
    assert not AccountRequest.objects.exists()
    assert SESSION_KEY in client.session
