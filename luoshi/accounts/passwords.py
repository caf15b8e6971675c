"""The password policy (等保 身份鉴别 a), as Django password validators, and password expiry.

Listed in settings.AUTH_PASSWORD_VALIDATORS, so every form that sets a
password (the change page, the security admin's reset, the admin site) applies
them. They judge a password when it is chosen, never at sign-in: the demo's
documented password is set directly by `load_demo` and still signs in.

- at least 10 characters (Django's MinimumLengthValidator, in the settings);
- CharacterClassesValidator: 3 of the 4 classes lower case, upper case, digits, other;
- NameValidator: not containing the username (from 3 characters on; a shorter
  one would forbid half the alphabet) or the product's name, luoshi / 落实;
- HistoryValidator: not the current password nor one of the PASSWORD_HISTORY - 1 before it.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PASSWORD_HISTORY, PasswordHistory

PRODUCT_NAMES = ("luoshi", "落实")


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and anything else `password` uses."""
    return sum([
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not (c.islower() or c.isupper() or c.isdigit()) for c in password),
    ])


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_plain")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(count)d of: lower-case letters, capital letters, digits, "
            "other characters."
        ) % {"count": self.min_classes}


class NameValidator:
    MIN_USERNAME = 3

    def validate(self, password: str, user=None) -> None:
        folded = password.casefold()
        for name in PRODUCT_NAMES:
            if name in folded:
                raise ValidationError(_("Your password must not contain the name of the system."),
                                      code="password_has_product_name")
        username = (getattr(user, "username", "") or "").casefold()
        if len(username) >= self.MIN_USERNAME and username in folded:
            raise ValidationError(_("Your password must not contain your username."),
                                  code="password_has_username")

    def get_help_text(self) -> str:
        return _("Your password must not contain your username or the name of the system.")


class HistoryValidator:
    def __init__(self, count: int = PASSWORD_HISTORY):
        self.count = count

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        hashes = [user.password] if user.password and user.has_usable_password() else []
        hashes += list(
            PasswordHistory.objects.filter(user=user).order_by("-replaced_at", "-pk")
            .values_list("password", flat=True)[: self.count - 1]
        )
        if any(check_password(password, h) for h in hashes):
            raise ValidationError(
                _("Your password must differ from your last %(count)d passwords.") % {"count": self.count},
                code="password_reused",
            )

    def get_help_text(self) -> str:
        return _("Your password must differ from your last %(count)d passwords.") % {"count": self.count}


def expired(user, now: dt.datetime | None = None) -> bool:
    """True when the password was set more than LUOSHI_PASSWORD_MAX_AGE_DAYS ago (0: never expires).

    Not in demo mode: the demo's password is public and fixed, and its
    personas sign in with it however old the demo database is.
    """
    days = settings.LUOSHI_PASSWORD_MAX_AGE_DAYS
    if days <= 0 or settings.LUOSHI_DEMO or user.password_changed_at is None:
        return False
    return (now or timezone.now()) - user.password_changed_at > dt.timedelta(days=days)


def must_change(user) -> bool:
    """Must this signed-in user choose a new password before anything else?"""
    return bool(user.must_change_password) or expired(user)


def temporary_password(user) -> str:
    """A random password that passes the policy for `user`, for its owner to replace at the next sign-in."""
    alphabet = string.ascii_letters + string.digits + "-_.!#"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(16))
        try:
            password_validation.validate_password(candidate, user)
        except ValidationError:
            continue
        return candidate
