"""The tamper-evident event log: every kind of tampering is named by verify_audit."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from luoshi.audit import chain, keys
from luoshi.audit.events import record
from luoshi.audit.models import ChainCheck, ChainHead, Event

pytestmark = pytest.mark.django_db

TABLE = "audit_event"


def log(world, n: int) -> list[Event]:
    return [record(world.users["office"], "task.updated", world.task_a, {"n": [i, i + 1]}) for i in range(n)]


def verify() -> str:
    """verify_audit's verdict: its output when the chain holds, its error when it does not."""
    try:
        call_command("verify_audit", stdout=(out := _Out()), stderr=_Out())
    except CommandError as exc:
        return f"BROKEN {exc}"
    return out.text


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def as_intruder() -> None:
    """What someone who owns the database does first: take the trigger out of the way."""
    if connection.vendor == "postgresql":
        # A superuser's way past every ordinary trigger, until the test's transaction ends.
        raw("SET LOCAL session_replication_role = replica")
    else:
        raw("DROP TRIGGER audit_event_append_only")


def test_events_are_chained_in_the_order_they_were_written_and_verify(world):
    events = log(world, 5)
    assert [e.seq for e in events] == [events[0].seq + i for i in range(5)]
    head = ChainHead.objects.get()
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)
    assert verify().startswith("chain intact")
    check = ChainCheck.objects.latest("pk")
    assert check.ok and check.length == head.seq and check.head_hash == head.hash


def test_an_event_with_a_time_in_the_past_still_joins_the_end_of_the_chain(world):
    import datetime as dt

    first = log(world, 1)[0]
    old = record(None, "demo.step", world.task_a, at=first.at - dt.timedelta(days=300))
    assert old.seq == first.seq + 1
    assert verify().startswith("chain intact")


def test_a_raw_update_of_an_event_is_refused_by_the_trigger(world):
    event = log(world, 2)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(f"UPDATE {TABLE} SET action = %s WHERE id = %s", ["task.nothing", event.pk])
    assert Event.objects.get(pk=event.pk).action == "task.updated"
    assert chain.guarded() is True


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_raw_delete_of_an_event_is_refused_by_the_trigger_on_postgresql(world):
    event = log(world, 2)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_forged_update_past_the_trigger_is_named_by_verify_audit(world):
    events = log(world, 5)
    as_intruder()
    raw(f"UPDATE {TABLE} SET changes = %s WHERE id = %s", ['{"n": [11, 999999]}', events[2].pk])
    verdict = verify()
    assert verdict.startswith("BROKEN") and f"event {events[2].seq} (id {events[2].pk})" in verdict
    assert "changed" in verdict
    assert not ChainCheck.objects.latest("pk").ok


def test_a_change_resealed_with_a_recomputed_hash_fails_on_its_mac(world):
    events = log(world, 3)
    target = events[1]
    fields = dict(zip(chain.CONTENT, Event.objects.filter(pk=target.pk).values_list(*chain.CONTENT).get(), strict=True))
    fields["action"] = "task.nothing"
    forged = chain.link(events[0].hash, chain.canonical(*fields.values()))
    as_intruder()
    raw(f"UPDATE {TABLE} SET action = %s, hash = %s WHERE id = %s", ["task.nothing", forged, target.pk])
    verdict = verify()
    assert f"event {target.seq} (id {target.pk})" in verdict and "MAC" in verdict


def test_a_deleted_event_in_the_middle_is_named(world):
    events = log(world, 5)
    as_intruder()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[2].pk])
    verdict = verify()
    assert f"chain broken at event {events[2].seq}" in verdict and "missing" in verdict


def test_deleting_the_newest_events_and_moving_the_head_back_is_caught(world):
    events = log(world, 4)
    as_intruder()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[-1].pk])
    assert "cut short" in verify()
    # Moving the head back needs its MAC, which needs the key.
    raw("UPDATE audit_chainhead SET seq = %s, hash = %s", [events[-2].seq, events[-2].hash])
    assert "head was altered" in verify()


def test_an_inserted_event_is_named(world):
    log(world, 3)
    raw(f"INSERT INTO {TABLE} (at, action, object_type, object_id, object_repr, changes, hash, mac) "
        f"VALUES (%s, 'user.role_changed', 'accounts.user', '1', 'x', '{{}}', '', '')", [Event.objects.first().at])
    verdict = verify()
    assert "outside the chain" in verdict


def test_two_events_swapped_in_place_break_the_chain_at_the_first(world):
    events = log(world, 4)
    as_intruder()
    a, b = events[1], events[2]
    # Swap the places (and seals) of two events: each keeps its content but sits where the other did.
    raw(f"UPDATE {TABLE} SET seq = -seq WHERE id IN (%s, %s)", [a.pk, b.pk])
    raw(f"UPDATE {TABLE} SET seq = %s, hash = %s, mac = %s WHERE id = %s", [a.seq, a.hash, a.mac, b.pk])
    raw(f"UPDATE {TABLE} SET seq = %s, hash = %s, mac = %s WHERE id = %s", [b.seq, b.hash, b.mac, a.pk])
    assert f"chain broken at event {a.seq} (id {b.pk})" in verify()


def test_a_chain_checked_with_another_key_fails_on_the_mac(world, settings):
    log(world, 2)
    settings.LUOSHI_AUDIT_KEY = "k" * keys.MIN_LENGTH
    assert "MAC" in verify()


def test_events_written_in_bulk_are_outside_the_chain_until_sealed(world):
    log(world, 2)
    Event.objects.bulk_create([Event(action="bulk", object_type="work.task", object_id="1", object_repr="t")])
    assert "outside the chain" in verify()
    call_command("verify_audit", seal_unsealed=True, stdout=_Out())
    assert verify().startswith("chain intact")


def test_the_key_file_is_made_once_and_readable_by_its_owner_only(tmp_path, settings):
    settings.LUOSHI_AUDIT_KEY = ""
    settings.LUOSHI_AUDIT_KEY_FILE = tmp_path / "audit_key"
    first = keys.key()
    assert (tmp_path / "audit_key").stat().st_mode & 0o777 == 0o600
    keys._load.cache_clear()
    assert keys.key() == first and len(first) >= keys.MIN_LENGTH
