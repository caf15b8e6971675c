"""Users, their roles and the unit they work for; passwords' history; failed-login bookkeeping;
changes to admin accounts waiting for a second security admin (four eyes)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.org.models import Organization

# How many passwords a user may not reuse: the current one and those before it.
PASSWORD_HISTORY = 5


class User(AbstractUser):
    class Role(models.TextChoices):
        OFFICE_ADMIN = "office_admin", _("Office staff")
        UNIT_REPORTER = "unit_reporter", _("Unit reporter")
        UNIT_LEADER = "unit_leader", _("Unit leader")
        GROUP_MEMBER = "group_member", _("Group member")
        SECURITY_ADMIN = "security_admin", _("Security administrator")
        AUDIT_ADMIN = "audit_admin", _("Audit administrator")

    class Language(models.TextChoices):
        HANS = "zh-hans", "简体中文"
        HANT = "zh-hant", "繁體中文"
        EN = "en", "English"

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.UNIT_REPORTER)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("unit"),
        help_text=_("The unit this user reports for, or the office this user works in"),
    )
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.HANS)
    # Set when someone else chose the password (a reset, a new account): the
    # owner must replace it before doing anything else (PasswordChangeMiddleware).
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # When the password was last set; expiry counts from here. Empty for an
    # account whose password was never set through set_password (it does not expire).
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # A random id of the user's current two-step enrolment, empty without one
    # (luoshi.accounts.otp). A session that passed the second factor holds it,
    # so checking a session costs no query, and an enrolment or a reset (a new
    # id, or none) ends the verification of every session at once.
    second_factor = models.CharField(_("two-step verification"), max_length=32, blank=True, default="", editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        if self.pk and self.password and self.has_usable_password():
            self._replaced_password = self.password
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        super().save(*args, **kwargs)
        replaced = self.__dict__.pop("_replaced_password", None)
        # Django re-hashes a password on sign-in when the hasher changes and
        # saves only `password`: the same password, so not a change to keep.
        if replaced and (update_fields is None or "password_changed_at" in update_fields):
            PasswordHistory.remember(self, replaced)


class PasswordHistory(models.Model):
    """Hashes of a user's earlier passwords, so that none of the last few is chosen again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The history validator: a user's latest hashes, newest first.
            models.Index(fields=["user", "-replaced_at"], name="passwordhistory_user_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.replaced_at:%Y-%m-%d}"

    @classmethod
    def remember(cls, user: User, password_hash: str) -> None:
        cls.objects.create(user=user, password=password_hash)
        # The current password is the first of the PASSWORD_HISTORY; older hashes serve nothing.
        stale = cls.objects.filter(user=user).order_by("-replaced_at", "-pk")[PASSWORD_HISTORY - 1:]
        cls.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()


class LoginFailure(models.Model):
    """Failed logins for one account, from one address when the address can be trusted.

    `address` is empty unless a trusted proxy header is configured
    (luoshi.accounts.services.throttle_address): then the row counts one
    (account, client address) pair, else the account from anywhere.
    """

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=45, blank=True, default="")
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username", "address"], name="loginfailure_unique_pair"),
        ]
        indexes = [
            # The security admin's list of locked sign-ins: locked_until > now.
            models.Index(fields=["locked_until"], name="loginfailure_locked_until"),
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.address or '*'}: {self.failures}"


class AccountRequest(models.Model):
    """A change to an admin or office-staff account, waiting for a second security admin.

    One security admin files it; a different one approves or rejects it
    (luoshi.accounts.requests). `proposed` holds the account's fields as they
    would be after the change; `before` the fields when it was filed, so an
    account changed in between is not overwritten by a stale request.
    No password is ever stored here: approving a new account or a reset
    makes a temporary password that only the approver is shown.
    """

    class Kind(models.TextChoices):
        CREATE = "create", _("New account")
        CHANGE = "change", _("Change of role or rights")
        RESET = "reset", _("Password reset")
        OTP_RESET = "otp", _("Two-step verification reset")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", pgettext_lazy("account request", "Approved")
        REJECTED = "rejected", pgettext_lazy("account request", "Rejected")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="change_requests",
        verbose_name=_("account"),
    )
    username = models.CharField(_("username"), max_length=150)
    before = models.JSONField(default=dict, blank=True)
    proposed = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("account change request")
        verbose_name_plural = _("account change requests")
        constraints = [
            # Four eyes, held by the database too: whoever filed it cannot decide it.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")), name="accountrequest_second_admin",
            ),
            models.CheckConstraint(
                condition=models.Q(state="pending", decided_by__isnull=True, decided_at__isnull=True)
                | (~models.Q(state="pending") & models.Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="accountrequest_decided_when_not_pending",
            ),
        ]
        indexes = [
            # The pending requests on the user management page, oldest first.
            models.Index(fields=["state", "requested_at"], name="accountrequest_state_requested"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username}"
