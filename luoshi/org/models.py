"""Regions, organizations, people and the posts they hold."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luoshi.lib.text import fold


class Region(models.Model):
    """An administrative division identified by its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")
        COUNTY = "county", _("County")

    code = models.CharField(_("GB/T 2260 code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=64)
    short_name = models.CharField(_("short name"), max_length=32, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="region_code_six_digits"),
        ]
        indexes = [
            # the region tree page: children of one region
            models.Index(fields=["parent", "code"], name="region_parent_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """Any body that convenes, leads, supports or reports: one table, a tree."""

    class Kind(models.TextChoices):
        LEADING_GROUP = "leading_group", _("Leading group")
        OFFICE = "office", _("Office")
        JOINT_MEETING = "joint_meeting", _("Joint meeting")
        TOPIC_GROUP = "topic_group", _("Topic cooperation group")
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        GOVERNMENT = "government", _("Government")
        DEPARTMENT = "department", _("Department")
        OTHER = "other", _("Other")

    GROUP_KINDS = (Kind.LEADING_GROUP, Kind.JOINT_MEETING, Kind.TOPIC_GROUP)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("full name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("region")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="organization_unique_name_under_parent"),
        ]
        indexes = [
            # the organization tree page and "units under my unit"
            models.Index(fields=["parent", "name"], name="organization_parent_idx"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def descendant_ids(self) -> set[int]:
        """This organization's id and every id below it (one query per level)."""
        ids = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            frontier = [pk for pk in frontier if pk not in ids]
            ids.update(frontier)
        return ids


class Person(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=64)
    name_folded = models.CharField(max_length=64, editable=False, db_index=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Post(models.Model):
    """A post (职务) held by a person over a period, with its title as printed."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts", verbose_name=_("person"))
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts",
        verbose_name=_("organization"),
    )
    title = models.CharField(_("title as printed"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["person__name", "-start"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="post_end_after_start",
            ),
        ]
        indexes = [
            # "who holds posts in this organization" on the organization page
            models.Index(fields=["organization", "end"], name="post_org_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.person}"


class Membership(models.Model):
    """A seat in a leading group, joint meeting or topic group.

    A seat is held by a person, or by a post (ex officio: "the governor is the
    group leader" whoever the governor is). Rotating leads carry a period.
    """

    class Role(models.TextChoices):
        FIRST_LEADER = "first_leader", _("First leader")
        LEADER = "leader", _("Leader")
        DEPUTY_LEADER = "deputy_leader", _("Deputy leader")
        MEMBER = "member", _("Member")

    group = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("post")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    rotation_start = models.DateField(_("rotation start"), null=True, blank=True)
    rotation_end = models.DateField(_("rotation end"), null=True, blank=True)

    class Meta:
        ordering = ["group", "role", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(post__isnull=False), name="membership_person_or_post"
            ),
            models.CheckConstraint(
                condition=Q(rotation_end__isnull=True)
                | Q(rotation_start__isnull=True)
                | Q(rotation_end__gte=models.F("rotation_start")),
                name="membership_rotation_ordered",
            ),
        ]

    def __str__(self) -> str:
        holder = self.person or self.post
        return f"{self.group}: {holder} ({self.get_role_display()})"
