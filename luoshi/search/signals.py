"""Every save and delete of an indexed model updates its search entry.

Receivers, not the write services, because objects are written from many
places (services, the admin, the intake, the demo builder) and the index must
follow all of them. bulk_create and queryset.update() send no signals: code
that uses them for indexed models calls `manage.py rebuild_search_index`.
"""
from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from luoshi.search import indexer


def _saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: the rebuild command indexes fixtures
        return
    indexer.index(instance)


def _deleted(sender, instance, **kwargs) -> None:
    indexer.unindex(instance)


def connect() -> None:
    for model in indexer.BY_MODEL:
        uid = f"luoshi.search.{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid + ".delete")
