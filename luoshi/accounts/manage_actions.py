"""Writes of the security admin's user management, each one recorded in the event log.

The views (manage_views.py) parse and respond; these functions change the
accounts inside one transaction together with the event that describes it.
"""

from __future__ import annotations

from django.db import transaction

from luoshi.audit.events import record

from .models import LoginFailure, User
from .services import normalize_username

# Fields whose change is its own event, so the audit admin can filter on it.
FIELD_ACTIONS = {
    "role": "user.role_changed",
    "organization": "user.unit_changed",
    "is_active": "user.active_changed",
    "is_staff": "user.admin_site_changed",
    "display_name": "user.renamed",
}


def snapshot(user: User) -> dict:
    """The fields user management changes, as the event log shows them."""
    return {
        "role": user.role,
        "organization": str(user.organization) if user.organization_id else None,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "display_name": user.display_name,
    }


def create_user(actor: User, user: User, password: str) -> User:
    """Save a new (unsaved) user with `password`, to be replaced at the first sign-in; record user.created."""
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save()
        record(actor, "user.created", user, snapshot(user))
    return user


def update_user(actor: User, user: User, before: dict) -> list[str]:
    """Save `user` (already changed in memory); one event per kind of change. Returns the actions."""
    after = snapshot(user)
    actions = []
    with transaction.atomic():
        user.save()
        for field, action in FIELD_ACTIONS.items():
            if before.get(field) != after[field]:
                record(actor, action, user, {field: [before.get(field), after[field]]})
                actions.append(action)
    return actions


def set_password(actor: User, user: User, password: str) -> None:
    # Changing the hash also ends the user's open sessions (Django checks the
    # session's password hash on every request). The owner must choose their
    # own at the next sign-in: the one set here is known to the admin.
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        record(actor, "user.password_reset", user)


def unlock(actor: User, user: User) -> int:
    """Clear the failed-login counters of `user` from every address; returns how many were cleared."""
    with transaction.atomic():
        cleared, _ = LoginFailure.objects.filter(username=normalize_username(user.username)).delete()
        record(actor, "user.unlocked", user, {"cleared": cleared})
    return cleared
