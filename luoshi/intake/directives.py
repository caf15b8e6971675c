"""Directives: sentences in which the meeting or a speaker lays down work.

A sentence is a directive, by the first rule that holds (the rule id goes with the entry):
  * ``marker``: it carries a marker (要, 必须, 务必, 需要, 确保 …) that is not part of a word
    such as 重要/主要/要求/纪要/纲要, and not inside an attributive 是…必须…的 phrase (a fact);
  * ``intro+imperative``: an intro (会议强调, / 某某要求,) is followed by an imperative verb
    (建立健全, 加强 …) — unless the intro only states an opinion (会议强调,X,是…的重大命题);
  * ``intro+future``: a meeting-level intro is followed by 将 (会议强调,…各方将…);
  * ``numbered``: a numbered requirement (一是…, 二、…, (三)…) that starts with an imperative verb;
  * ``series``: it follows a directive that ended in ; (会议要求,…;…;…: one intro, many items);
  * ``follow-on``: it starts (after 同时,/此外,) with an imperative verb right after a directive of
    the same paragraph (the speaker goes on: 对标…, 积极参与…, 全力抓好…);
  * ``inner-intro``: a sentence led by 会上 (a meeting fact) that goes on with an intro
    (会上,某某对…提出三项要求:…务必…);
  * ``meeting-sentence+intro``: the convening sentence itself, only when an intro follows the
    convening clause (…会议召开,会议要求…); its purpose clauses (…,进一步压实责任,确保…) are
    the meeting's facts.
Statements of purpose (旨在), meeting facts (听取/审议/会上…, 对…进行了部署) and opinions are not
directives.
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
        self.inner_intro = re.compile(cfg["inner_intro"])
        self.opinion = re.compile(cfg["opinion_after_intro"])
        self.fact_end = re.compile(cfg["fact_end"])
        self.connective = re.compile(cfg["connective"])
        self.addressee = re.compile(cfg["addressee"])
        self.fact_marks = re.compile(cfg["fact_marks"])
        self.addressed = re.compile("[^,。;]{0,10}?" + self.imperative.pattern)


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
    return directive_rule(s, "follow-on" if prev_directive else "") is not None


# rules whose sentence reports meeting facts before the intro (their agenda items are read too)
WITH_FACTS = frozenset({"meeting-sentence+intro", "inner-intro"})


def intro_start(s: str, meeting_from: int | None) -> int:
    """Where the intro of a fact-then-intro sentence starts (its end when there is none)."""
    m = _rules().inner_intro.search(s, meeting_from or 0)
    return m.start() if m else len(s)


def _commands(rest: str) -> bool:
    """``rest`` starts with an imperative verb, possibly after its addressees (各级各部门切实…)."""
    r = _rules()
    a = r.addressee.match(rest)
    return bool(r.imperative.match(rest, a.end() if a else 0))


def _clause_starts(s: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(s) if ch in ",;:"]


def _lays_down(intro: str, rest: str) -> bool:
    r = _rules()
    if has_marker(rest) or _commands(rest):
        return True
    # after an explicit 会议要求 the addressees may be any short phrase (沿江乡镇切实…); not
    # after 指出 (会议指出,今年以来全市经济持续向好 states a fact)
    return "要求" in intro and bool(r.addressed.match(rest)) and not r.fact_marks.search(rest)


def directive_rule(s: str, prev_rule: str = "", series: bool = False,
                   meeting_from: int | None = None) -> str | None:
    """The id of the rule that makes ``s`` (matching string) a directive, or None.

    ``prev_rule``: the rule of the directive right before in the same paragraph (or "");
    ``series``: that directive ended in ;. ``meeting_from``: ``s`` is a convening sentence
    whose convening clause ends there.
    """
    r = _rules()
    if meeting_from is not None:
        m = r.inner_intro.search(s, meeting_from)
        return "meeting-sentence+intro" if m and _lays_down(m.group(0), s[m.end():]) else None
    if r.not_start.match(s):
        m = r.inner_intro.search(s)
        return "inner-intro" if m and _lays_down(m.group(0), s[m.end():]) else None
    if r.purpose.search(s) or r.fact_end.search(s):
        return None
    if has_marker(s):
        return "marker"
    m = r.intro.match(s)
    if m:
        rest = s[m.end() :]
        if _commands(rest) and not r.opinion.match(rest) and not r.fact_marks.search(rest):
            return "intro+imperative"
        if r.numbered.match(rest):  # 某某要求,一是思想上再重视…
            return "intro+numbered"
        if r.meeting_intro.match(s) and r.future.search(rest):
            return "intro+future"
        return None
    m = r.numbered.match(s)
    if m and _commands(s[m.end() :]):
        return "numbered"
    if prev_rule and r.fact_marks.search(s):
        return None  # 今年以来,各级各部门积极作为,取得了…: a report of what was done
    if series and prev_rule and len(s) >= 6:  # not the cut-off stub of a truncated page
        return "series"
    if prev_rule:
        c = r.connective.match(s)
        if _commands(s[c.end() if c else 0 :]):
            return "follow-on"
        # 乡村振兴是…,全县各级各部门牢固树立…: the speaker goes on to the addressees
        if any(r.addressee.match(s, a) and _commands(s[a:]) for a in _clause_starts(s)):
            return "follow-on"
    return None


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
