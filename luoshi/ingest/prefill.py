"""Dates on the review page: the meeting's date as printed, deadlines counted from the meeting, the plan's year.

The intake resolves a meeting's date against the publication date (or a date the document
gives) and counts deadlines (年底前, 三季度末, 6月底前) from the meeting's date. When it could
not (no publication date, no year in the text), the review page still pre-fills what it can:
a deadline printed without a value is counted from the meeting's date as the page has it,
and a new plan's year is the meeting's year, else the year in the document's title.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.lib.text import fold

PART_OF_DAY = {
    "morning": gettext_lazy("morning"),
    "noon": gettext_lazy("noon"),
    "afternoon": gettext_lazy("afternoon"),
    "evening": gettext_lazy("evening"),
    "night": gettext_lazy("night"),
}

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def printed_date(date: Any) -> str:
    """What the record says of the meeting's date, for the help text under the date field."""
    if not isinstance(date, dict) or not date.get("text"):
        return ""
    text = str(date["text"])[:60]
    details = []
    if date.get("part_of_day") in PART_OF_DAY and str(PART_OF_DAY[date["part_of_day"]]) not in text:
        details.append(str(PART_OF_DAY[date["part_of_day"]]))  # (morning) for 上午, not (上午) again
    if isinstance(date.get("time"), str) and re.fullmatch(r"\d{2}:\d{2}", date["time"]):
        details.append(date["time"])
    if isinstance(date.get("end"), str) and date.get("end"):
        details.append(_("until %(end)s") % {"end": date["end"][:10]})
    shown = _("As printed: %(text)s") % {"text": text}
    if details:
        shown += " (" + ", ".join(details) + ")"
    if not date.get("value"):
        shown += " — " + _("no day could be worked out; enter it if the document gives it elsewhere.")
    return shown


def deadline_from(text: str, meeting_date: dt.date | None) -> dt.date | None:
    """A deadline printed as 年底前/三季度末/6月底前…, counted from the meeting's date."""
    if not text or meeting_date is None:
        return None
    from luoshi.intake.dates import find_deadline  # the intake library: loaded only when needed

    found = find_deadline(fold(text), meeting_date)
    if not found or not found[2]:
        return None
    try:
        return dt.date.fromisoformat(found[2])
    except ValueError:
        return None


def plan_year(meeting_date: dt.date | None, title: str, published: dt.date | None, today: dt.date) -> int:
    """A new plan's year: the meeting's, else the one the title names (2026年重点工作…), else the
    publication year, else this year."""
    if meeting_date is not None:
        return meeting_date.year
    m = _YEAR.search(title or "")
    if m:
        return int(m.group(1))
    return (published or today).year
