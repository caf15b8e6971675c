"""Agenda: what the meeting did besides speeches (传达学习, 听取汇报, 审议通过, 部署 …).

Only meeting-level sentences are read: the sentence that reports the meeting was held,
sentences led by 会议/会上, and sentences reporting a report or an analysis (…汇报了…,
对…进行分析研判). Each clause is classified by the verb it starts with (data/agenda.json,
first match wins, so 传达学习 beats 学习); the clause from that verb on is the item text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .sentences import Sentence


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("agenda.json")
        self.lead = re.compile(cfg["clause_lead"])
        verbs = [v for v, _k in cfg["verbs"]]
        self.kind_of = {v: k for v, k in cfg["verbs"]}
        self.verb = re.compile(lexicon.alternation(verbs))
        self.inside = [(re.compile(p), k) for p, k in cfg["inside"]]
        self.not_agenda = re.compile(cfg["not_agenda"])
        # a clause also ends at 、 or 并 when an agenda verb follows (传达学习了…、听取了…)
        self.split = re.compile(r"[,;:]|、(?=" + self.verb.pattern + r")|(?<!审议)并(?=" + self.verb.pattern + r")")
        self.meeting_led = re.compile(r"^(?:会议|会上|会前|会议期间|随后|会后)")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _clauses(s: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _rules().split.finditer(s):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(s.rstrip("。!?;"))))
    return [(a, b) for a, b in out if b > a]


def agenda_items(text: str, sent: Sentence, meeting_sentence: bool) -> list[dict]:
    """Agenda items of one (non-directive) sentence."""
    r = _rules()
    s = sent.s
    if r.not_agenda.match(s):
        return []
    led = meeting_sentence or bool(r.meeting_led.match(s))
    items = []
    for a, b in _clauses(s):
        lead = r.lead.match(s, a, b)
        v0 = lead.end() if lead else a
        m = r.verb.match(s, v0, b)
        if m and led:
            items.append({"kind": r.kind_of[m.group(0)], "text": sent.part(text, v0, b)})
            continue
        for pat, kind in r.inside:
            if pat.search(s, v0, b):
                items.append({"kind": kind, "text": sent.part(text, v0, b)})
                break
    return items
