"""The event log's hash chain: each event sealed to the one before it.

An event's seal is

    hash = SHA-256(previous hash ‖ "\\n" ‖ canonical(event))    (the first event's previous hash: 64 zeros)
    mac  = HMAC-SHA256(key, hash)

where canonical(event) is the JSON of its sequence number and every field
(sorted keys, UTC time to the microsecond). Changing, deleting, inserting or
reordering an event breaks the hash of that event or the sequence; someone who
can write to the database can recompute hashes but not MACs, because the key
(luoshi.audit.keys) lives outside it.

The head of the chain (the last sequence number and hash, with its own MAC)
is one row, ChainHead. A writer locks it, seals its event against it and moves
it, inside the caller's transaction: two writers take turns on that row and
never fork the chain (select_for_update on PostgreSQL; SQLite's IMMEDIATE
transactions already give the database to one writer at a time). The chain
is therefore in the order events were written, not in the order of `at`
(the demo and imports write events with times in the past).

Lock order: a writer that also locks other rows should lock them before it
records its event; the head stays locked until the transaction ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from . import keys

GENESIS = "0" * 64
HEAD_ID = 1
# Events read per query while verifying or sealing.
BATCH = 5000
# The columns that make an event's content, in the order verify() reads them.
CONTENT = ["seq", "at", "actor_id", "action", "object_type", "object_id", "object_repr", "task_id", "changes"]


def canonical(seq: int, at: dt.datetime, actor_id, action, object_type, object_id, object_repr, task_id,
              changes) -> bytes:
    """The bytes an event's hash covers: the same for the event written and the event read back."""
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return json.dumps(
        [seq, at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"), actor_id, action, object_type,
         str(object_id), object_repr, task_id, changes],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    ).encode("utf-8")


def link(prev_hash: str, content: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + content).hexdigest()


def mac(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("ascii"), hashlib.sha256).hexdigest()


def head_mac(key: bytes, seq: int, value: str) -> str:
    # A different message from any event's MAC, so an event's MAC never passes for a head's.
    return mac(key, f"head:{seq}:{value}")


def _head(Head, key: bytes):
    """The chain head, locked until the transaction ends; made on first use (an empty or flushed log)."""
    row = Head.objects.select_for_update().filter(pk=HEAD_ID).first()
    if row is None:
        Head.objects.bulk_create([Head(pk=HEAD_ID, seq=0, hash=GENESIS, mac=head_mac(key, 0, GENESIS),
                                       key_id=keys.key_id(key))], ignore_conflicts=True)
        row = Head.objects.select_for_update().get(pk=HEAD_ID)
    return row


def _lock_head(Head, key: bytes) -> tuple[int, str]:
    """(seq, hash) of the head, locked: one plain statement, as it runs once per event written."""
    table = connection.ops.quote_name(Head._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {table} WHERE id = %s{lock}", [HEAD_ID])
        row = cursor.fetchone()
    if row is None:
        head = _head(Head, key)
        return head.seq, head.hash
    return row


def _move_head(Head, key: bytes, seq: int, value: str) -> None:
    table = connection.ops.quote_name(Head._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET seq = %s, hash = %s, mac = %s, key_id = %s WHERE id = %s",
                       [seq, value, head_mac(key, seq, value), keys.key_id(key), HEAD_ID])


def append(Event, Head, **fields: Any):
    """Seal and insert one event, moving the head: three small statements under the head's lock."""
    key = keys.key()
    with transaction.atomic():
        seq, prev = _lock_head(Head, key)
        event = Event(**fields)
        if event.at is None:
            event.at = timezone.now()
        event.seq = seq + 1
        event.hash = link(prev, canonical(*(getattr(event, name) for name in CONTENT)))
        event.mac = mac(key, event.hash)
        event.save(force_insert=True)
        _move_head(Head, key, event.seq, event.hash)
    return event


def seal_unsealed(Event, Head) -> int:
    """Chain events written without a seal (older rows, bulk loads), in order of id; the number sealed.

    Only for rows the operator knows to be genuine (the migration that
    introduced the chain, a generated benchmark database): it vouches for
    them. verify() reports any row left unsealed as outside the chain.
    """
    key = keys.key()
    sealed = 0
    with transaction.atomic():
        head = _head(Head, key)
        seq, prev = head.seq, head.hash
        while True:
            rows = list(Event.objects.filter(seq__isnull=True).order_by("pk").values_list("pk", *CONTENT[1:])[:BATCH])
            if not rows:
                break
            for pk, *content in rows:
                seq += 1
                prev = link(prev, canonical(seq, *content))
                # One UPDATE per row: each seal is its own value. The base manager,
                # because Event.objects refuses updates (sealing is the one allowed).
                Event._base_manager.filter(pk=pk, seq__isnull=True).update(seq=seq, hash=prev, mac=mac(key, prev))
            sealed += len(rows)
        Head.objects.filter(pk=HEAD_ID).update(seq=seq, hash=prev, mac=head_mac(key, seq, prev),
                                               key_id=keys.key_id(key))
    return sealed


@dataclass
class Verdict:
    """What verify() found. `broken_at` is the sequence number of the first broken link (or None)."""

    ok: bool
    length: int
    head_hash: str
    broken_at: int | None = None
    event_id: int | None = None
    reason: str = ""
    outside: int = 0

    @property
    def message(self) -> str:
        if self.ok:
            return f"chain intact: {self.length} events, head {self.head_hash[:16]}"
        where = f"event {self.broken_at}" if self.broken_at is not None else "the chain"
        if self.event_id is not None:
            where += f" (id {self.event_id})"
        return f"chain broken at {where}: {self.reason}"


def verify(Event, Head, progress=None) -> Verdict:
    """Walk the whole chain in order of sequence, BATCH events a query, and name the first broken link."""
    key = keys.key()
    seq, prev = 0, GENESIS
    broken: Verdict | None = None
    while broken is None:
        rows = list(Event.objects.filter(seq__gt=seq).order_by("seq").values_list("pk", *CONTENT, "hash", "mac")[:BATCH])
        if not rows:
            break
        for pk, *content, stored_hash, stored_mac in rows:
            number = content[0]
            if number != seq + 1:
                reason = ("a duplicate sequence number: an event was inserted" if number == seq
                          else f"events {seq + 1}–{number - 1} are missing (deleted)")
                broken = Verdict(False, seq, prev, seq + 1 if number != seq else number, pk, reason)
                break
            expected = link(prev, canonical(*content))
            if expected != stored_hash:
                broken = Verdict(False, seq, prev, number, pk, "its content or its place was changed")
                break
            if not hmac.compare_digest(mac(key, stored_hash), stored_mac):
                broken = Verdict(False, seq, prev, number, pk,
                                 "its MAC does not match: sealed without the key (forged), or the key is not the one "
                                 "that sealed the chain")
                break
            seq, prev = number, stored_hash
        if progress is not None:
            progress(seq)
    outside = Event.objects.filter(seq__isnull=True).count()
    if broken is not None:
        broken.outside = outside
        return broken
    head = Head.objects.filter(pk=HEAD_ID).first()
    if head is not None:
        if not hmac.compare_digest(head_mac(key, head.seq, head.hash), head.mac):
            return Verdict(False, seq, prev, None, None, "the chain head was altered", outside)
        if head.seq > seq:
            return Verdict(False, seq, prev, seq + 1, None,
                           f"events {seq + 1}–{head.seq} are missing: the chain was cut short", outside)
    if outside:
        first = Event.objects.filter(seq__isnull=True).order_by("pk").values_list("pk", flat=True).first()
        return Verdict(False, seq, prev, None, first, f"{outside} event(s) outside the chain (inserted)", outside)
    return Verdict(True, seq, prev)


def guarded() -> bool | None:
    """Is the trigger that refuses changes to sealed events in place? None where it cannot be asked."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_event_append_only' AND tgenabled <> 'D'")
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_event_append_only'")
        else:
            return None
        return cursor.fetchone()[0] > 0
