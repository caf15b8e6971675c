"""Meetings, their venues, participants and agenda, and the documents they come from.

Directives and commitments are what the intake reads out of a meeting report;
they live here until a person confirms them into tasks (luoshi.work).
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from luoshi.org.models import Organization, Person, Region


class SourceDocument(models.Model):
    """An uploaded or pasted document, kept byte for byte.

    The same bytes twice are one document (sha256 is unique), so uploading a
    file again finds the first copy instead of duplicating it.
    """

    class Script(models.TextChoices):
        HANS = "hans", _("Simplified")
        HANT = "hant", _("Traditional")
        MIXED = "mixed", _("Mixed")
        UNKNOWN = "", _("Unknown")

    class State(models.TextChoices):
        STORED = "stored", _("Stored, not yet read")
        READING = "reading", _("Being read")
        READ = "read", _("Read")
        FAILED = "failed", _("Could not be read")
        CONFIRMED = "confirmed", _("Confirmed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("original bytes"))
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    encoding = models.CharField(_("detected encoding"), max_length=32, blank=True)
    script = models.CharField(_("script"), max_length=8, choices=Script.choices, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("clean text"), blank=True)
    text_simplified = models.TextField(blank=True)
    extraction = models.JSONField(_("extraction record"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.STORED)
    error = models.TextField(_("error"), blank=True)
    # How far the background reading has got (0-100), shown on the intake list.
    progress = models.PositiveSmallIntegerField(_("reading progress (%)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        indexes = [
            # the intake queue: documents by state, newest first
            models.Index(fields=["state", "-uploaded_at"], name="document_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.filename

    def save(self, *args, **kwargs):
        content = bytes(self.content or b"")
        self.size = len(content)
        self.sha256 = self.digest(content)
        super().save(*args, **kwargs)

    @staticmethod
    def digest(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()


class Meeting(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary meeting")
        TOPIC = "topic", _("Special-topic meeting")
        OTHER = "other", _("Other meeting")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video")
        HYBRID = "hybrid", _("Hybrid")
        UNKNOWN = "unknown", _("Unknown")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("convening organization")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PLENARY)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    session = models.CharField(_("session as printed"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.UNKNOWN)
    source_document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings",
        verbose_name=_("source document"),
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "sequence"], condition=Q(sequence__isnull=False),
                name="meeting_unique_sequence_per_body",
            ),
        ]
        indexes = [
            # a body's meetings, newest first
            models.Index(fields=["organization", "-date"], name="meeting_org_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Venue(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="venues", verbose_name=_("meeting"))
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="venues", verbose_name=_("region")
    )
    is_main = models.BooleanField(_("main venue"), default=False)

    class Meta:
        ordering = ["-is_main", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="venue_unique_name_per_meeting"),
            models.UniqueConstraint(fields=["meeting"], condition=Q(is_main=True), name="venue_one_main_per_meeting"),
        ]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """One person's part in a meeting; a person who chaired and spoke has two rows."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chaired")
        SPEAKER = "speaker", _("Spoke")
        EXCHANGE = "exchange", _("Exchange speech")
        ATTENDEE = "attendee", _("Attended")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participations", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="participations",
        verbose_name=_("venue"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    posts_as_printed = models.CharField(_("posts as printed"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person", "role"], name="participation_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        CONVEY = "convey", _("Convey and study")
        HEAR_REPORT = "hear_report", _("Hear a report")
        ADOPT = "adopt", _("Deliberate and adopt")
        DEPLOY = "deploy", _("Deploy work")
        STUDY = "study", _("Study")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting"))
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("text"))
    documents = models.ManyToManyField(
        SourceDocument, blank=True, related_name="agenda_items", verbose_name=_("linked documents")
    )
    conveyed_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="conveyed_by",
        verbose_name=_("conveyed meeting of a higher body"),
    )

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Directive(models.Model):
    """A 要…… sentence laid down by a meeting or document, waiting to become a task."""

    State = ReviewState

    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="directives", verbose_name=_("meeting")
    )
    document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="directives",
        verbose_name=_("document"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    span_start = models.PositiveIntegerField(_("span start"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("span end"), null=True, blank=True)
    work_area = models.ForeignKey(
        "work.WorkArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="directives",
        verbose_name=_("work area"),
    )
    deadline_text = models.CharField(_("deadline as written"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(document__isnull=False), name="directive_has_origin"
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True) | Q(span_end__gte=models.F("span_start")),
                name="directive_span_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Commitment(models.Model):
    """A pledge by a named party (南通将……); it becomes a child task."""

    State = ReviewState

    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="commitments",
        verbose_name=_("meeting"),
    )
    document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="commitments",
        verbose_name=_("document"),
    )
    party = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments",
        verbose_name=_("party"),
    )
    party_text = models.CharField(_("party as written"), max_length=100)
    text = models.TextField(_("text"))
    span_start = models.PositiveIntegerField(_("span start"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("span end"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(document__isnull=False), name="commitment_has_origin"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_text}: {self.text[:50]}"
