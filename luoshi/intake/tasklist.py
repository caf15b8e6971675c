"""Key-task lists (分工方案): numbered tasks with their lead and supporting units.

A task is a numbered item (1. / 1、 / (1) / (一) / 一、) with a unit note, either inline at
its end — (X牵头, Y配合), (X、Y负责), (牵头单位:X;责任单位:Y), 〔责任单位:X按职责分工负责。〕 —
or on the lines after it (牵头单位:X / 责任单位:Y). A note on a line of its own after
several sub-items without notes covers all of them (their parent is a group heading).
Numbered items without a note (section headings, cut-off tasks) are not tasks.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from . import lexicon
from .sentences import Sentence


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("tasklist.json")
        self.number = re.compile(cfg["number"])
        keys = cfg["lead_keys"] + cfg["support_keys"] + cfg["resp_keys"] + cfg["leader_keys"]
        self.role_of = {k: "lead" for k in cfg["lead_keys"]}
        self.role_of.update({k: "support" for k in cfg["support_keys"]})
        self.role_of.update({k: "resp" for k in cfg["resp_keys"]})
        self.role_of.update({k: None for k in cfg["leader_keys"]})
        self.key = re.compile("(" + lexicon.alternation(keys) + r")\s*:")
        self.note_line = re.compile(r"^[(〔\[]?\s*" + self.key.pattern)
        self.first_leads = re.compile(cfg["first_leads"])
        self.inline_lead = re.compile(cfg["inline_lead"])
        self.inline_support = re.compile(cfg["inline_support"])
        self.inline_resp = re.compile(cfg["inline_resp"])
        self.drop_tail = sorted(cfg["drop_tail"], key=len, reverse=True)
        self.not_unit = re.compile(cfg["not_unit"])
        self.issuer_line = re.compile(cfg["issuer_line"])
        self.issuer_mention = re.compile(cfg["issuer_mention"])
        self.title_issuer = re.compile(cfg["title_issuer"])
        # a trailing note: (…) or 〔…〕 at the end of the item that names units
        self.trailing = re.compile(r"[(〔\[]([^()〔〕\[\]]*(?:\([^()]*\)[^()〔〕\[\]]*)*)[)〕\]]\s*$")
        self.unit_word = re.compile(r"牵头|负责|配合|单位")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _split_units(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """Unit spans of ``s[a:b]``: split at 、,;及 outside parentheses; 甲、乙市政府 kept whole."""
    r = _rules()
    parts: list[tuple[int, int, str]] = []
    depth, start = 0, a
    for i in range(a, b):
        ch = s[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "、,;及。 ":
            parts.append((start, i, ch))
            start = i + 1
    parts.append((start, b, ","))
    out: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for pa, pb, sep in parts:
        # trim whitespace and trailing notes (等, 负责, 牵头 …)
        while pa < pb and s[pa] in " \t":
            pa += 1
        changed = True
        while changed and pb > pa:
            changed = False
            while pb > pa and s[pb - 1] in " \t":
                pb -= 1
            for tail in r.drop_tail:
                if s.startswith(tail, pb - len(tail)) and pb - len(tail) > pa:
                    pb -= len(tail)
                    changed = True
                    break
        if pb > pa and s[pb - 1] == ")":
            # 市财政局(第一责任单位为牵头单位,下同): a remark, not part of the unit
            op = s.rfind("(", pa, pb)
            if op > pa and (r.not_unit.search(s, op, pb) or "牵头单位" in s[op:pb]):
                pb = op
        if pb <= pa or r.not_unit.search(s, pa, pb):
            continue
        word = s[pa:pb]
        # 哈尔滨、黑河、某某市政府 / 相关市、县政府: bare place names share the suffix after them
        if sep == "、" and len(word) <= 4 and not lexicon.org_suffix_re().search(word):
            pending = pending or (pa, pb)
            continue
        if pending and word.endswith("政府"):
            out.append((pending[0], pb))
        else:
            if pending:
                out.append(pending)
            out.append((pa, pb))
        pending = None
    if pending:
        out.append(pending)
    return out


def _parse_note(s: str, a: int, b: int, first_leads: bool) -> tuple[list, list] | None:
    """(lead spans, support spans) of a unit note ``s[a:b]``, or None if it names no unit."""
    r = _rules()
    lead: list = []
    support: list = []
    resp: list = []
    keyed = list(r.key.finditer(s, a, b))
    if keyed:
        for i, m in enumerate(keyed):
            end = keyed[i + 1].start() if i + 1 < len(keyed) else b
            seg_end = end
            # the note ends at 。 (a meta remark may follow: 具体任务均涉及…,下同)
            dot = s.find("。", m.end(), end)
            if dot != -1:
                seg_end = dot
            role = r.role_of[m.group(1)]
            if role is None:
                continue
            units = _split_units(s, m.end(), seg_end)
            {"lead": lead, "support": support, "resp": resp}[role].extend(units)
        if lead:
            support = resp + support
        else:
            lead = resp
    else:
        # inline: 甲、乙负责 / 甲牵头,乙配合
        for seg in re.finditer(r"[^,;]+", s[a:b]):
            sa, sb = a + seg.start(), a + seg.end()
            text = s[sa:sb].rstrip("。 ")
            if r.inline_support.search(text):
                support.extend(_split_units(s, sa, sb))
            elif r.inline_lead.search(text) or r.inline_resp.search(text):
                lead.extend(_split_units(s, sa, sb))
    if first_leads and lead and not support and len(lead) > 1:
        lead, support = lead[:1], lead[1:]
    if not lead and not support:
        return None
    return lead, support


def _issuer(text: str, s: str, lines: list[tuple[int, int]]) -> str:
    r = _rules()
    for a, b in lines[:3]:
        m = r.title_issuer.match(s, a, b)
        if m:
            return text[m.start(1) : m.end(1)]
    for a, b in lines:
        m = r.issuer_line.match(s[a:b].strip())
        if m and not s[a:b].strip().startswith("各"):
            line = s[a:b]
            lead = len(line) - len(line.lstrip())
            name = line.strip()
            if name.endswith("文件"):
                name = name[:-2]
            return text[a + lead : a + lead + len(name)]
    m = r.issuer_mention.search(s)
    return text[m.start() : m.end()] if m else ""


def read_tasklist(text: str, s: str, sentences: list[Sentence], published: dt.date | None) -> dict | None:
    """The key-task list in ``text`` as one meeting record, or None if it is not one."""
    r = _rules()
    if not r.unit_word.search(s):
        return None
    first_leads = bool(r.first_leads.search(s))
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in s.split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    tasks: list[dict] = []
    pending: list[tuple[str, int, int]] = []  # numbered items still waiting for a note

    def flush(note: tuple[list, list]) -> None:
        style = pending[-1][0]
        for st, ta, tb in pending:
            if st == style:
                tasks.append(_task(text, s, ta, tb, note))
        pending.clear()

    for a, b in lines:
        line = s[a:b]
        nm = r.number.match(line)
        if nm:
            ta = a + nm.end()
            tm = r.trailing.search(s, ta, b)
            note = _parse_note(s, tm.start(1), tm.end(1), first_leads) if tm else None
            if note:
                pending.clear()
                tasks.append(_task(text, s, ta, tm.start(), note))
                continue
            style = re.sub(r"[一二三四五六七八九十]+", "C", re.sub(r"\d+", "N", nm.group(0).strip()))
            pending.append((style, ta, b))
            continue
        if pending and r.note_line.match(line.strip()):
            stripped = line.strip()
            off = a + len(line) - len(line.lstrip())
            bracketed = stripped[0] in "(〔[" and stripped[-1] in ")〕]"
            inner_a = off + bracketed
            inner_b = off + len(stripped) - bracketed
            note = _parse_note(s, inner_a, inner_b, first_leads)
            if note:
                flush(note)  # a further note line (责任单位: after 牵头单位:) is merged below
                tasks[-1]["_open"] = True
            continue
        if r.note_line.match(line.strip()) and tasks and tasks[-1].get("_open"):
            note = _parse_note(s, a, b, first_leads)
            if note:
                _merge(text, s, tasks[-1], note)
            continue
        if tasks:
            tasks[-1].pop("_open", None)
    if not tasks:
        return None
    for t in tasks:
        t.pop("_open", None)
    return {
        "body": _issuer(text, s, lines),
        "session": "",
        "kind": "other",
        "date": {"text": "", "value": None},
        "format": "unknown",
        "venues": [],
        "people": [],
        "agenda": [],
        "directives": tasks,
        "commitments": [],
    }


def _task(text: str, s: str, a: int, b: int, note: tuple[list, list]) -> dict:
    from . import areas

    while a < b and s[a] in " \t":
        a += 1
    while b > a and s[b - 1] in " \t":
        b -= 1
    area, keywords = areas.classify(s[a:b])
    return {
        "text": text[a:b],
        "span": [a, b],
        "area": area,
        "area_keywords": keywords,
        "deadline": None,
        "lead": [text[x:y] for x, y in note[0]],
        "support": [text[x:y] for x, y in note[1]],
        "_open": False,
    }


def _merge(text: str, s: str, task: dict, note: tuple[list, list]) -> None:
    """A second note line of the same task (责任单位: after 牵头单位:)."""
    lead_units = [text[x:y] for x, y in note[0]]
    support_units = [text[x:y] for x, y in note[1]]
    if task["lead"]:
        task["support"].extend(lead_units + support_units)
    else:
        task["lead"].extend(lead_units)
        task["support"].extend(support_units)
