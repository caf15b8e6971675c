"""Agenda: what the meeting did besides speeches (传达学习, 听取汇报, 审议通过, 部署 …).

Meeting-level ("led") sentences are read clause by clause: the convening sentence (from the
end of its convening clause on), sentences led by 会议/会上/与会人员, and a sentence that
goes on after a led one ending in ;. Each clause is classified by the verb it starts with
(after adverbs such as 深入/迅速/认真; data/agenda.json, first match wins, so 传达学习 beats
学习), then refined by its object (研究…落实工作 is deploy, 通报…情况 is hear_report); the
clause from that verb on is the item text. Some shapes are agenda wherever they stand
(某局汇报了…, 某某通报有关情况, 就…作汇报, 对…进行部署); others only in led sentences
(某某汇报…, …交流了意见).
Every item carries the id of the rule that found it and that rule's measured precision.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon, ruleconf
from .script import to_simplified
from .sentences import Sentence


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("agenda.json")
        self.lead = re.compile(cfg["clause_lead"])
        verbs = [v for v, _k in cfg["verbs"]]
        self.kind_of = {v: k for v, k in cfg["verbs"]}
        self.verb = re.compile(lexicon.alternation(verbs))
        self.refine = [(v, re.compile(p), k) for v, p, k in cfg["refine"]]
        self.inside = [(re.compile(p), k) for p, k in cfg["inside"]]
        self.inside_led = [(re.compile(p), k) for p, k in cfg["inside_led"]]
        self.not_agenda = re.compile(cfg["not_agenda"])
        # a clause also ends at 、 or 并 when an agenda verb follows (传达学习了…、听取了…),
        # and after …精神 when one follows (a text that lost its commas)
        v = self.verb.pattern
        self.split = re.compile(r"[,;:]|、(?=" + v + r")|(?<!审议)(?<!听取)(?<!研究)(?<!讨论)并(?=" + v + r")|(?<=精神)(?="
                                + cfg["after_spirit"] + ")")
        self.meeting_led = re.compile(cfg["meeting_led"])


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _clauses(s: str, start: int, stop: int | None = None) -> list[tuple[int, int]]:
    out = []
    end = len(s.rstrip("。!?;")) if stop is None else stop
    for m in _rules().split.finditer(s, start, end):
        if s.count("《", 0, m.start()) > s.count("》", 0, m.start()):
            continue  # a comma inside a title (听取了题为《…,…》的报告) ends no clause
        out.append((start, m.start()))
        start = m.end()
    out.append((start, end))
    return [(a, b) for a, b in out if b > a]


# the last clause adopts all that was put before the meeting: (并|均|一致)(原则)通过/同意
_CLOSING_ADOPT = re.compile(r"^(?:并|均|一致|全部|会议)*(?:原则)?(?:通过|同意)了?$")
_DISCUSSED = re.compile(r"^(?:讨论|研究|审阅|研究讨论)")


def _item(text: str, sent: Sentence, a: int, b: int, kind: str, rule: str) -> dict:
    return ruleconf.mark({"kind": kind, "text": sent.part(text, a, b)}, "agenda.json", rule)


def is_led(s: str) -> bool:
    return bool(_rules().meeting_led.match(s))


def agenda_items(text: str, sent: Sentence, meeting_from: int | None = None,
                 carried: bool = False, stop: int | None = None) -> tuple[list[dict], bool]:
    """Agenda items of one (non-directive) sentence, and whether it is meeting-level.

    ``meeting_from``: the sentence reports the meeting and its convening clause ends there;
    ``carried``: the sentence goes on after a meeting-level one ending in ;. ``stop``: read
    only up to there (a directive's intro starts there).
    """
    r = _rules()
    s = sent.s
    if r.not_agenda.match(s):
        return [], False
    led = meeting_from is not None or carried or bool(r.meeting_led.match(s))
    items = []
    for a, b in _clauses(s, meeting_from or 0, stop):
        lead = r.lead.match(s, a, b)
        v0 = lead.end() if lead else a
        m = r.verb.match(s, v0, b)
        if m and led:
            verb = m.group(0)
            kind, rule = r.kind_of[verb], "verb"
            for rv, pat, rk in r.refine:
                if rv == verb and pat.search(s, m.end(), b):
                    kind, rule = rk, "verb+object"
                    break
            items.append(_item(text, sent, v0, b, kind, f"{rule}:{kind}"))
            continue
        hit = next((k for pat, k in r.inside if pat.search(s, v0, b)), None)
        if hit is None and led:
            hit = next((k for pat, k in r.inside_led if pat.match(s, v0, b)), None)
            if hit == "convey" and any(item["kind"] in ("study", "convey") for item in items):
                continue  # 学习贯彻A精神,贯彻落实B会议精神: one series of study, already read
        if hit:
            items.append(_item(text, sent, v0, b, hit, f"inside:{hit}"))
    if len(items) >= 2 and items[-1]["kind"] == "adopt" and _CLOSING_ADOPT.match(to_simplified(items[-1]["text"])):
        # 会议讨论了A、研究了B等四项议题,并原则通过: what was discussed was adopted; the closing
        # words are no item of their own (a report heard stays heard)
        items.pop()
        for item in items:
            if item["kind"] == "other" and _DISCUSSED.match(to_simplified(item["text"])):
                item["kind"] = "adopt"
                item["rule"] = "closing-adopt"
                item["confidence"] = ruleconf.of("agenda.json", "closing-adopt")
    return items, led
