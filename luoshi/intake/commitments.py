"""Commitments: a named party (city, county, department) pledges what it will do.

    [某某(在发言时)表示,] PARTY 将 …        南通将… / 我市将… / 市交通局将…
    PARTY (在发言时)表示, 将 …              市交通局表示,将… / 某某表示,将…

PARTY starts a clause and is a region name, a deictic 我市/我省 …, or an organisation
name. A meeting-level sentence with 将 (会议强调,…各方将…) is a directive instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .sentences import Sentence


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("directives.json")
        self.future = re.compile(cfg["future"])
        self.deictic = frozenset(cfg["commitment_deictic"])
        self.regions = lexicon.regions()
        self.org = re.compile("(?:" + lexicon.org_suffix_re().pattern + ")$")
        self.place = re.compile(r"^[\u4e00-\u9fff]{2,6}(?:市|县|区|州|省|镇|新区)$")
        self.cjk = re.compile(r"^[\u4e00-\u9fff]{2,14}$")
        self.speaker = re.compile(r"(?:^|[,:;。])([\u4e00-\u9fff]{2,20}?)(?:在[^,。;]{1,10}?[时中])?表示,$")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _is_party(word: str) -> bool:
    r = _rules()
    if not r.cjk.match(word):
        return False
    return (word in r.deictic or word in r.regions or bool(r.place.match(word))
            or (len(word) <= 12 and bool(r.org.search(word))))


def find_party(s: str) -> tuple[int, int] | None:
    """Span (in ``s``) of the pledging party of a commitment sentence, or None."""
    r = _rules()
    for m in r.future.finditer(s):
        b = m.start()
        a = b
        while a > 0 and s[a - 1] not in ",:;。":
            a -= 1
        if _is_party(s[a:b]) or (s.endswith("表示,", 0, a) and r.cjk.match(s[a:b]) and b - a <= 6):
            # after 某某表示, any short name before 将 is the party (a city not in the lexicon)
            return a, b
        if a == b and s.endswith("表示,", 0, a):
            # 某某表示,将…: the one who spoke pledges
            sm = r.speaker.search(s, 0, a)
            if sm:
                return sm.span(1)
    return None


def commitment_entry(text: str, sent: Sentence, party: tuple[int, int]) -> dict:
    return {
        "party": sent.part(text, *party),
        "text": sent.text(text),
        "span": [sent.start, sent.end],
    }
