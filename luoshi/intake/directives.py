"""Directives: sentences in which the meeting or a speaker lays down work.

A sentence is a directive when
  * it carries a marker (要, 必须, 务必, 需要, 确保 …) that is not part of a word such as
    重要/主要/要求/纪要, and not inside an attributive 是…必须…的 phrase (a fact); or
  * an intro (会议强调, / 某某要求,) is followed by an imperative verb (建立健全, 加强 …);
  * a meeting-level intro is followed by 将 (会议强调,…各方将… lays down the parties' work);
  * it is a numbered requirement (一是…, 二是…) that starts with an imperative verb; or
  * it starts with an imperative verb right after a directive of the same paragraph
    (the speaker goes on: 对标…, 积极参与…, 全力抓好…).
Statements of purpose (旨在) and meeting facts (听取/审议/会上…) are not directives.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from . import areas, dates, lexicon
from .sentences import Sentence


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("directives.json")
        self.markers = re.compile(lexicon.alternation(cfg["markers"]))
        self.not_markers = re.compile(lexicon.alternation(cfg["not_markers"]))
        self.attributive = re.compile(cfg["attributive"])
        self.intro = re.compile(cfg["intro"])
        self.meeting_intro = re.compile(cfg["meeting_intro"])
        self.future = re.compile(cfg["future"])
        self.purpose = re.compile(cfg["purpose"])
        self.imperative = re.compile(lexicon.alternation(cfg["imperative"]))
        self.numbered = re.compile(cfg["numbered"])
        self.not_start = re.compile(cfg["not_directive_start"])


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _mask(m: re.Match[str]) -> str:
    return "□" * len(m.group(0))


def has_marker(s: str) -> bool:
    r = _rules()
    masked = r.not_markers.sub(_mask, s)
    masked = r.attributive.sub(_mask, masked)
    return bool(r.markers.search(masked))


def is_meeting_intro(s: str) -> bool:
    return bool(_rules().meeting_intro.match(s))


def is_directive(s: str, prev_directive: bool) -> bool:
    """Whether the sentence ``s`` (matching string) lays down work."""
    r = _rules()
    if r.not_start.match(s) or r.purpose.search(s):
        return False
    if has_marker(s):
        return True
    m = r.intro.match(s)
    if m:
        rest = s[m.end() :]
        if r.imperative.match(rest):
            return True
        if r.meeting_intro.match(s) and r.future.search(rest):
            return True
        return False
    m = r.numbered.match(s)
    if m and r.imperative.match(s, m.end()):
        return True
    return prev_directive and bool(r.imperative.match(s))


def directive_entry(text: str, sent: Sentence, published: dt.date | None) -> dict:
    area, keywords = areas.classify(sent.s)
    entry: dict = {
        "text": sent.text(text),
        "span": [sent.start, sent.end],
        "area": area,
        "area_keywords": keywords,
        "deadline": None,
    }
    found = dates.find_deadline(sent.s, published)
    if found:
        a, b, value = found
        entry["deadline"] = {"text": sent.part(text, a, b), "value": value}
    return entry
