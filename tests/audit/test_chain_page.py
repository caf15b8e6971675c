"""The audit admin's view of the chain: the stored verdict, and a check queued as a background job."""

from __future__ import annotations

import pytest
from django.urls import reverse

from luoshi import jobs
from luoshi.audit.events import record
from luoshi.audit.models import ChainHead
from luoshi.jobs.models import Job
from tests.audit.test_chain import as_intruder, raw
from tests.web.helpers import page

pytestmark = pytest.mark.django_db

URL = "/audit/chain/"


def test_the_url_is_the_chain_page():
    assert reverse("audit:chain") == URL


def auditor(world, login):
    """The audit admin, reading in English so the assertions read the msgids."""
    world.users["audit"].language = "en"
    world.users["audit"].save(update_fields=["language"])
    return login(world.users["audit"])


def test_the_audit_admin_queues_a_check_and_reads_its_verdict(world, login):
    for _ in range(3):
        record(world.users["office"], "task.updated", world.task_a)
    client = auditor(world, login)
    assert "not been verified yet" in page(client, URL)
    assert "not been verified yet" in page(client, reverse("audit:event_list"))
    assert client.post(URL).status_code == 302
    client.post(URL)  # a second press while one is queued queues nothing more
    assert Job.objects.filter(kind="audit.verify").count() == 1
    assert "A check is running" in page(client, URL)
    jobs.drain()
    html = page(client, URL)
    # (Signing in is an event too: the head counts it.)
    assert f"Chain intact: {ChainHead.objects.get().seq} events verified" in html and "Verify the chain now" in html
    assert "Chain intact" in page(client, reverse("audit:event_list"))


def test_the_page_names_the_first_broken_link_after_a_forged_change(world, login):
    events = [record(world.users["office"], "task.updated", world.task_a) for _ in range(3)]
    as_intruder()
    raw("UPDATE audit_event SET object_repr = 'x' WHERE id = %s", [events[1].pk])
    client = auditor(world, login)
    client.post(URL)
    jobs.drain()
    assert f"Chain broken at event {events[1].seq}" in page(client, URL)


@pytest.mark.parametrize("persona", ["office", "security", "member", "city"])
def test_nobody_but_the_audit_admin_sees_the_chain_or_queues_a_check(world, login, persona):
    client = login(world.users[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
    assert not Job.objects.filter(kind="audit.verify").exists()
