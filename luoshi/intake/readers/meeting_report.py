"""Meeting reports (会议报道): the catch-all genre, read by ``luoshi.intake.meetings``."""
from __future__ import annotations

from .. import meetings

KIND = "meeting_report"

# A floor, not a measurement: whatever no more specific genre claims is read as a report,
# because that is what most documents an office uploads are.
FLOOR = 0.5


def detect(doc) -> float:
    return FLOOR


def read(doc) -> tuple[list[dict], list[str]]:
    return meetings.read_sentences(doc.text, doc.s, doc.sentences, doc.published, doc.title)
