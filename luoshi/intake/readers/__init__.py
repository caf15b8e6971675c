"""Document genres: which kind of document a text is, and the reader for that kind.

Each genre is a module here with

    KIND: str                                  # the record's "kind"
    detect(doc: Document) -> float             # 0..1: how much the text looks like this genre
    read(doc: Document) -> tuple[list[dict], list[str]]   # (meetings, warnings)

and one line in ``GENRES``. The genre with the highest score reads the document; a tie goes
to the earlier entry, and the meeting report (scoring a constant floor) reads whatever no other
genre claims. Adding a genre (a supervision bulletin, an annual work report) is a new module
and a new line, never another branch in the meeting rules.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType
from typing import Any

from ..convening import find_meetings
from ..sentences import Sentence, matching_text, split_sentences
from . import meeting_report, tasklist

# Order matters only for ties: the specific genres come before the catch-all meeting report.
GENRES: tuple[ModuleType, ...] = (tasklist, meeting_report)


@dataclass
class Document:
    """The clean text of one document, with the derived forms the readers share (built once)."""

    text: str
    simplified: str
    published: dt.date | None
    title: str = ""  # the headline the pipeline took out of ``text`` (a list's issuer is often in it)
    # the page lines the pipeline dropped as boilerplate, in page order (an open-information
    # table's 发布机构 | 某某区政府 row names the publisher of a list that names no issuer)
    boilerplate: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    # readers may leave work here for their own read() (e.g. a detect that had to parse)
    memo: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def s(self) -> str:
        """The matching string: Simplified, ASCII punctuation, one character per character."""
        if self.simplified is None or len(self.simplified) != len(self.text):
            self.warnings.append("simplified text differs in length from the text; realigned per character")
        return matching_text(self.text, self.simplified)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.s)


@dataclass
class Reading:
    kind: str
    meetings: list[dict]
    warnings: list[str]
    scores: dict[str, float]


def read_document(text: str, simplified: str, published: dt.date | None, title: str = "",
                  boilerplate: tuple[str, ...] | list[str] = ()) -> Reading:
    """Read ``text`` (clean article text, original script) with the genre that claims it most."""
    doc = Document(text, simplified, published, title, boilerplate=tuple(boilerplate))
    scores = {genre.KIND: round(float(genre.detect(doc)), 3) for genre in GENRES}
    best = max(GENRES, key=lambda genre: scores[genre.KIND])  # max keeps the first of equals
    meetings, warnings = best.read(doc)
    if best is tasklist and not any(m.get("body") for m in meetings) and _opens_with_convening(doc):
        # minutes (纪要) whose items are numbered (一、审议…) read as a list that names no
        # issuer; a first sentence that convenes a named meeting makes them a meeting report
        best = meeting_report
        meetings, warnings = best.read(doc)
    return Reading(best.KIND, meetings, doc.warnings + warnings, scores)


def _opens_with_convening(doc: Document) -> bool:
    if not doc.sentences:
        return False
    found = find_meetings(doc.text, doc.sentences[:1], set())[0]
    return found.sentence == 0 and bool(found.body)


def kinds() -> list[str]:
    return [genre.KIND for genre in GENRES]
