"""A user's own account writes: changing one's password, recorded in the event log."""

from __future__ import annotations

from django.db import transaction

from luoshi.audit.events import record

from .models import User


def change_own_password(user: User, password: str) -> None:
    """Set `user`'s new password (already validated), lift a forced change, record user.password_changed."""
    with transaction.atomic():
        was_forced = user.must_change_password
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        record(user, "user.password_changed", user, {"forced": was_forced} if was_forced else None)
