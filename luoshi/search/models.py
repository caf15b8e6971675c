"""The search index: one row per searchable object, kept current on every save."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """What the search box reads for one object: its text as shown and its tokens (luoshi.search.grams).

    The full-text index proper lives beside this table and is engine-specific
    (luoshi.search.backends): an FTS5 table kept by triggers on SQLite, a GIN
    index over a tsvector expression on PostgreSQL.
    """

    class Kind(models.TextChoices):
        TASK = "task", _("Tasks")
        REPORT = "report", _("Progress reports")
        MEETING = "meeting", _("Meetings")
        DIRECTIVE = "directive", _("Directives")
        COMMITMENT = "commitment", _("Commitments")
        DOCUMENT = "document", _("Documents")
        PERSON = "person", _("People")
        UNIT = "unit", _("Units")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # One entry per object; the signals and the rebuild upsert on it.
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_one_per_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
