"""Users, their roles and the unit they work for; failed-login bookkeeping."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.org.models import Organization


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

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class LoginFailure(models.Model):
    """Failed logins for one (username, address) pair, for slowing and locking."""

    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username", "address"], name="loginfailure_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.address}: {self.failures}"
