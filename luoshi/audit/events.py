"""Writing to the event log."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import chain
from .models import ChainHead, Event


def record(
    actor, action: str, obj: models.Model, changes: dict[str, Any] | None = None, task=None, at=None
) -> Event:
    """Append one event. Call it inside the transaction of the change it describes.

    `at` is for history brought in from elsewhere (imports, the demo); a change
    made now leaves it out. The event is sealed into the hash chain
    (luoshi.audit.chain), which holds the chain's head locked until the
    caller's transaction ends.
    """
    if task is None:
        task = _task_of(obj)
    return append(
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        task=task,
        changes=_jsonable(changes or {}),
    )


def append(**fields) -> Event:
    """Seal and write one event from its fields (record() for an object; security events name an account)."""
    return chain.append(Event, ChainHead, **fields)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def _task_of(obj):
    from luoshi.work.models import Task

    if isinstance(obj, Task):
        return obj
    return getattr(obj, "task", None)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
