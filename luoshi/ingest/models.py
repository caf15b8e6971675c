"""Intake configuration kept in the database."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AreaLead(models.Model):
    """Which unit usually leads (or supports) work of a work area.

    The review page suggests these units for a directive of that area; the
    reviewer confirms or changes them. Edited by the office in the admin.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        SUPPORT = "support", _("Supporting unit")

    work_area = models.ForeignKey(
        "work.WorkArea", on_delete=models.CASCADE, related_name="area_leads", verbose_name=_("work area")
    )
    organization = models.ForeignKey(
        "org.Organization", on_delete=models.CASCADE, related_name="area_leads", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.LEAD)

    class Meta:
        ordering = ["work_area", "role", "pk"]
        verbose_name = _("work area lead unit")
        verbose_name_plural = _("work area lead units")
        constraints = [
            models.UniqueConstraint(fields=["work_area", "organization"], name="arealead_unique_unit_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.work_area}: {self.organization} ({self.get_role_display()})"


class ConfirmedMeeting(models.Model):
    """Which Meeting the n-th meeting of a document's record was confirmed into.

    A document may report several meetings (a report covering two sittings);
    each is reviewed and confirmed on its own, and a later visit or a second
    confirm finds its meeting here by its position in the record.
    """

    document = models.ForeignKey(
        "meetings.SourceDocument", on_delete=models.CASCADE, related_name="confirmed_meetings",
        verbose_name=_("document"),
    )
    index = models.PositiveSmallIntegerField(_("position in the record"))
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="+", verbose_name=_("meeting")
    )

    class Meta:
        ordering = ["document", "index"]
        verbose_name = _("confirmed meeting of a document")
        verbose_name_plural = _("confirmed meetings of documents")
        constraints = [
            models.UniqueConstraint(fields=["document", "index"], name="confirmedmeeting_unique_index_per_document"),
        ]

    def __str__(self) -> str:
        return f"{self.document} #{self.index + 1}: {self.meeting}"


class ReviewDraft(models.Model):
    """One saved state of a document's review page: every field as the reviewer left it.

    Appended, never overwritten: each 保存草稿 adds the next version, and a
    confirm adds a version of state CONFIRMED that ends the draft (the page
    then shows what was confirmed). `data` is "luoshi.review-draft/1" JSON,
    see luoshi.ingest.drafts.
    """

    class State(models.TextChoices):
        SAVED = "saved", _("Saved draft")
        CONFIRMED = "confirmed", _("Confirmed")

    document = models.ForeignKey(
        "meetings.SourceDocument", on_delete=models.CASCADE, related_name="review_drafts", verbose_name=_("document")
    )
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SAVED)
    data = models.JSONField(_("fields as saved"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["document", "-version"]
        verbose_name = _("review draft")
        verbose_name_plural = _("review drafts")
        constraints = [
            # also serves the review page's "latest version of this document" lookup
            models.UniqueConstraint(fields=["document", "version"], name="reviewdraft_unique_version_per_document"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.version}"


class DocumentArchive(models.Model):
    """A document withdrawn from the intake lists (a garbage upload, a wrong file), kept for audit.

    Archiving never deletes: the bytes, the reading and anything confirmed
    from it stay readable; the reason is also in the event log.
    """

    document = models.OneToOneField(
        "meetings.SourceDocument", on_delete=models.CASCADE, related_name="archive", verbose_name=_("document")
    )
    reason = models.TextField(_("reason"))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("archived by"),
    )
    archived_at = models.DateTimeField(_("archived at"), default=timezone.now)

    class Meta:
        ordering = ["-archived_at"]
        verbose_name = _("archived document")
        verbose_name_plural = _("archived documents")

    def __str__(self) -> str:
        return str(self.document)


class TextFingerprint(models.Model):
    """The hash of a document's normalized text, to find a text read before in another file or paste.

    Two sources of the same text: the text as stored (a paste or a .txt,
    hashed at upload) and the clean text the reader produced (hashed after
    reading). Either one matching a new paste or upload names the earlier document.
    """

    class Source(models.TextChoices):
        INPUT = "input", _("text as uploaded")
        CLEAN = "clean", _("clean text as read")

    document = models.ForeignKey(
        "meetings.SourceDocument", on_delete=models.CASCADE, related_name="fingerprints", verbose_name=_("document")
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    sha256 = models.CharField(_("normalized text hash"), max_length=64)

    class Meta:
        verbose_name = _("text fingerprint")
        verbose_name_plural = _("text fingerprints")
        constraints = [
            models.UniqueConstraint(fields=["document", "source"], name="textfingerprint_unique_source_per_document"),
        ]
        indexes = [
            # store(): is this normalized text already kept, and in which document?
            models.Index(fields=["sha256"], name="textfingerprint_hash_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document}: {self.sha256[:12]}"
