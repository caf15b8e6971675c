"""The generated events, sealed into the audit log's hash chain as they are written.

luoshi.audit.chain seals each event against the one before it (hash and
MAC). Sealing a million events afterwards (chain.seal_unsealed) costs one
UPDATE per row; the generator seals each row as it makes it instead, with
the chain's own functions, continuing from the current head, and moves the
head at the end. The chain is in the order of the ids, as the generator
hands them out.
"""

from __future__ import annotations

import datetime as dt

from luoshi.audit import chain, keys
from luoshi.audit.models import ChainHead, Event
from luoshi.scale.writer import Writer


class Log:
    def __init__(self, w: Writer) -> None:
        self.w = w
        self.key = keys.key()
        head = ChainHead.objects.filter(pk=chain.HEAD_ID).first()
        self.seq, self.prev = (head.seq, head.hash) if head else (0, chain.GENESIS)

    def add(self, actor: int | None, action: str, label: str, obj_id: int, obj_repr: str, when: dt.datetime,
            task: int | None, changes: dict) -> None:
        self.seq += 1
        fields = (self.seq, when, actor, action, label, str(obj_id), obj_repr[:300], task, changes)
        self.prev = chain.link(self.prev, chain.canonical(*fields))
        self.w.add(Event, pk=self.w.next_id(Event), seq=self.seq, at=when, actor_id=actor, action=action,
                   object_type=label, object_id=fields[5], object_repr=fields[6], task_id=task, changes=changes,
                   hash=self.prev, mac=chain.mac(self.key, self.prev))

    def finish(self) -> None:
        """Move the head to the last event written (after the events are in the database)."""
        values = {"seq": self.seq, "hash": self.prev, "mac": chain.head_mac(self.key, self.seq, self.prev),
                  "key_id": keys.key_id(self.key)}
        ChainHead.objects.update_or_create(pk=chain.HEAD_ID, defaults=values)
