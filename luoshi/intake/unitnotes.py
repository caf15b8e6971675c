"""Unit notes of key-task lists: who leads a task and who supports it.

One grammar for every place a list names its units — a note at the end of a task
(``(X牵头,Y、Z配合)``, ``〔责任单位:X按职责分工负责。〕``), note lines under it
(``牵头单位:X`` / ``责任单位:Y``), a unit column of a table written out as text, and a unit
cell of a spreadsheet (luoshi.work.spreadsheet calls ``parse_unit_note``). So the same list
gives the same lead units however it reached the office.

A note is a series of clauses (split at , ; outside brackets). A clause takes its role from
the key before it (牵头单位: lead, 配合单位: support, 责任单位: responsible, 分管领导: no
unit) and a verb after it overrides the key (X牵头 lead, Y配合 support, Z负责 the key's
role). ``X(牵头)`` marks one unit. Responsible units (责任单位, 负责) lead when the note
names no lead, and support when it does (X牵头,Y按职责分工负责). When the document says
that the first unit listed leads (第一责任单位为牵头单位), the first responsible unit leads
and the others support — unless the note names its leads itself (X、Y分别牵头).
All vocabulary is in ``data/tasklist.json``; rules match the folded (Simplified) text and
every unit is cut from the text as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon
from .sentences import matching_text


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("tasklist.json")
        self.role_of: dict[str, str | None] = {}
        for keys, role in (("lead_keys", "lead"), ("support_keys", "support"), ("resp_keys", "resp"),
                           ("leader_keys", None), ("deadline_keys", "deadline")):
            self.role_of.update({k: role for k in cfg[keys]})
        # 牵头单位: / 【牵头单位】: a key ends in a colon or a closing bracket
        self.key = re.compile("(" + lexicon.alternation(list(self.role_of)) + r")\s*(?::|】|\](?!\s*$))")
        self.tails = sorted(
            [(t, "lead") for t in cfg["lead_tail"]] + [(t, "support") for t in cfg["support_tail"]]
            + [(t, "resp") for t in cfg["resp_tail"]], key=lambda x: len(x[0]), reverse=True)
        self.resp_tail = re.compile(cfg["resp_tail_pattern"])
        self.together = re.compile(lexicon.alternation(cfg["together"]))
        self.unit_mark = re.compile(r"\((" + lexicon.alternation(list(cfg["unit_mark"])) + r")\)$")
        self.mark_role = cfg["unit_mark"]
        self.drop_tail = sorted(cfg["drop_tail"] + [t for t, _r in self.tails], key=len, reverse=True)
        self.split_collective = re.compile(cfg["split_before_collective"])
        self.collective = re.compile(cfg["collective"])
        self.not_unit = re.compile(cfg["not_unit"])
        self.first_leads = re.compile(cfg["first_leads"])
        self.standing = re.compile(cfg["standing"])


@lru_cache(maxsize=1)
def rules() -> _Rules:
    return _Rules()


_OPEN, _CLOSE = "(〔[【“《", ")〕]】”》"


@dataclass
class Note:
    """Spans (in the matching string) of the units a note names, by role."""

    lead: list[tuple[int, int]] = field(default_factory=list)
    support: list[tuple[int, int]] = field(default_factory=list)
    first_leads: bool = False  # the document's first-listed-leads statement decided the lead
    deadline: tuple[int, int] | None = None  # a 完成时限: part of the note
    # units a remark of the note names for every task below it (以下…均需X落实,不再列出)
    standing: list[tuple[int, int]] = field(default_factory=list)
    named_lead: bool = False  # the lead was named as such (牵头, 牵头单位:), not only responsible

    def __bool__(self) -> bool:
        return bool(self.lead or self.support)


def first_leads_stated(text: str) -> bool:
    """Whether a document (either script) says that the first unit listed leads."""
    return bool(rules().first_leads.search(matching_text(text, None)))


def is_collective(name: str) -> bool:
    """各地, 市级各有关部门, 有关部门, 全市…: a reference to many units, not one unit."""
    return bool(rules().collective.search(matching_text(name, None)))


def _top_level(s: str, a: int, b: int, seps: str) -> list[tuple[int, int, str]]:
    """``s[a:b]`` split at ``seps`` outside brackets and quotes: (start, end, separator)."""
    parts: list[tuple[int, int, str]] = []
    depth, start = 0, a
    for i in range(a, b):
        ch = s[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            parts.append((start, i, ch))
            start = i + 1
    parts.append((start, b, ","))
    return parts


def _strip(s: str, a: int, b: int, chars: str = " \t\n。.") -> tuple[int, int]:
    while a < b and s[a] in chars:
        a += 1
    while b > a and s[b - 1] in chars:
        b -= 1
    return a, b


def _ends_as_unit(s: str, a: int, b: int) -> bool:
    return b - a >= 3 and bool(_suffix_end().search(s, a, b)) and s[a] not in "各"


@lru_cache(maxsize=1)
def _suffix_end() -> re.Pattern[str]:
    # an organisation ending at the end of the span (局, 委, 政府 …, not 部门/单位 of a collective)
    return re.compile("(?:" + lexicon.org_suffix_re().pattern + r")$")


def split_units(s: str, a: int, b: int) -> list[tuple[int, int, str | None]]:
    """Units of ``s[a:b]`` as (start, end, role marked on the unit or None).

    Split at 、 , ; 及 / and line breaks outside brackets, and before a collective after 等
    (X等有关部门); trailing verbs and 等/分别 dropped; a remark in brackets after a unit
    (第一责任单位为牵头单位,下同) is not part of it; bare place names share the
    government after them (哈尔滨、黑河市政府, 相关市、县政府).
    """
    r = rules()
    pieces: list[tuple[int, int, str]] = []
    for pa, pb, sep in _top_level(s, a, b, "、,;及。 \n/"):
        m = r.split_collective.search(s, pa, pb)
        if m:
            pieces.append((pa, m.start(), "、"))
            pa = m.end()
        # 市财政局和市税务局: two units joined by 和/与 (not 省经济和信息化厅, 各有关部门和单位)
        for j in range(pa + 2, pb - 2):
            if s[j] in "和与" and _ends_as_unit(s, pa, j) and (
                    _ends_as_unit(s, j + 1, pb) or r.collective.search(s[j + 1 : pb])):
                pieces.append((pa, j, "、"))
                pa = j + 1
                break
        pieces.append((pa, pb, sep))
    out: list[tuple[int, int, str | None]] = []
    pending: list[tuple[int, int]] = []  # bare names waiting for a government after them
    for pa, pb, sep in pieces:
        pa, pb = _strip(s, pa, pb, " \t")
        mark = None
        changed = True
        while changed and pb > pa:
            changed = False
            pb = _strip(s, pa, pb, " \t")[1]
            m = r.unit_mark.search(s, pa, pb)
            if m and m.start() > pa:
                mark = r.mark_role[m.group(1)]
                pb = m.start()
                changed = True
                continue
            for tail in r.drop_tail:
                if pb - len(tail) > pa and s.startswith(tail, pb - len(tail)):
                    pb -= len(tail)
                    changed = True
                    break
        if pb > pa and s[pb - 1] in _CLOSE:
            op = _opening(s, pa, pb - 1)
            remark = s[op:pb]
            if op > pa and (r.not_unit.search(remark) or r.first_leads.search(remark) or "牵头" in remark):
                pb = _strip(s, pa, op, " \t")[1]
        if pb - pa < 2 or r.not_unit.search(s[pa:pb]):  # (a slice: ^ never matches at a pos > 0)
            continue
        word = s[pa:pb]
        if sep == "、" and len(word) <= 4 and not lexicon.org_suffix_re().search(word):
            pending.append((pa, pb))
            continue
        if pending and re.search(r"政府(?:\([^()]*\))?$", word):  # 各县、区人民政府(管委会)
            out.append((pending[0][0], pb, mark))
        else:
            # no government after them: each is a unit of its own (锦城街道、锦北街道、某局)
            out.extend((x, y, None) for x, y in pending)
            out.append((pa, pb, mark))
        pending = []
    out.extend((x, y, None) for x, y in pending)
    return out


def _opening(s: str, a: int, close: int) -> int:
    """Position of the bracket that the one at ``close`` closes (``a`` - 1 if none)."""
    depth = 0
    for i in range(close, a - 1, -1):
        if s[i] in _CLOSE:
            depth += 1
        elif s[i] in _OPEN:
            depth -= 1
            if depth == 0:
                return i
    return a - 1


def _tail(s: str, a: int, b: int) -> tuple[int, str | None]:
    """(end of the units, role) of a clause ending in a verb (牵头, 配合, 负责 …)."""
    r = rules()
    m = r.resp_tail.search(s, a, b)
    if m and m.end() == b:  # 按职责分别负责, 依职能分工落实 …
        return m.start(), "resp"
    for tail, role in r.tails:
        if b - len(tail) >= a and s.startswith(tail, b - len(tail)):
            return b - len(tail), role
    return b, None


def parse_note(s: str, a: int, b: int, *, first_leads: bool = False, default: str | None = None) -> Note:
    """The units named by the note ``s[a:b]`` (matching string).

    ``default`` is the role of units the note gives no role (the column of a table:
    "lead", "support" or "resp"); without it such units are read only when the note
    has a key or a verb elsewhere (a bracket without either is not a unit note).
    """
    r = rules()
    standing = r.standing.search(s, a, b)
    if standing:
        # 以下各项工作均需各县区政府落实,不再列出: a remark about the tasks below, not a clause
        sa, sb = standing.span(1)
        standing_units = [(ua, ub) for ua, ub, _m in split_units(s, sa, sb)]
        b = _strip(s, a, standing.start(), " \t\n。.;,")[1]
    keyed = list(r.key.finditer(s, a, b))
    sections: list[tuple[str | None, int, int, bool]] = []  # (role, start, end, keyed)
    if not keyed or keyed[0].start() > a:
        # units before any key: the column's role when the note is a table cell
        sections.append((default or "", a, keyed[0].start() if keyed else b, False))
    for i, m in enumerate(keyed):
        end = keyed[i + 1].start() if i + 1 < len(keyed) else b
        while end > m.end() and s[end - 1] in "【[ \t":  # …【完成时限】: the next key's bracket
            end -= 1
        # a keyed part ends at 。 (a remark may follow: 具体任务均涉及…,下同)
        dot = s.find("。", m.end(), end)
        sections.append((r.role_of[m.group(1)], m.end(), dot if dot != -1 else end, True))
    note = Note()
    found: dict[str, list[tuple[int, int]]] = {"lead": [], "support": [], "resp": [], "": []}
    marked = False
    for role, sa, sb, is_keyed in sections:
        if role is None:
            continue  # a leader named for the task is not a unit
        if role == "deadline":
            sa, sb = _strip(s, sa, sb, " \t;,。")
            if sb > sa:
                note.deadline = (sa, sb)
            continue
        marked = marked or is_keyed
        for ca, cb, _sep in _top_level(s, sa, sb, ",;"):
            ca, cb = _strip(s, ca, cb, " \t\n。.;")
            if _LEADER_CLAUSE.match(s[ca:cb]):
                continue  # (副市长某某负责,X牵头): a leader named for the task is not a unit
            if s.startswith("由", ca):
                ca += 1  # (由X牵头)
            end, verb = _tail(s, ca, cb)
            clause_role = role
            if verb is not None:
                marked = True
                clause_role = verb if verb != "resp" else (role or "resp")
            together = r.together.search(s, ca, end)
            if together and verb in ("resp", "lead") and _ends_as_unit(s, ca, together.start()):
                # X会同Y负责: X leads, Y supports
                found["lead"].extend((ua, ub) for ua, ub, _m in split_units(s, ca, together.start()))
                ca, clause_role = together.end(), "support"
            for ua, ub, mark in split_units(s, ca, end):
                if mark:
                    marked = True
                found[mark or clause_role].append((ua, ub))
    if found[""] and marked:
        found["resp"].extend(found[""])
    lead, support, resp = found["lead"], found["support"], found["resp"]
    if lead:
        support = sorted(resp + support)
    elif first_leads and resp:
        note.first_leads = len(resp) > 1
        lead, support = resp[:1], sorted(resp[1:] + support)
    else:
        lead = resp
    note.lead, note.support = lead, support
    note.named_lead = bool(found["lead"]) or note.first_leads
    if standing and note:
        note.standing = standing_units
    return note


def parse_unit_note(text: str, default: str | None = None, first_leads: bool = False) -> dict:
    """``{"lead": [...], "support": [...], "first_leads": bool}`` of a unit note or cell, as written.

    ``text`` in either script: ``"甲局牵头,乙局、丙局配合"``, ``"牵头单位:甲局;配合单位:乙局"``,
    or a bare cell ``"甲局、乙局"`` with ``default`` the role of its column ("lead",
    "support", or "resp": lead unless the cell names a lead). ``first_leads``: the document
    says the first unit listed leads.
    """
    s = matching_text(text or "", None)
    note = parse_note(s, 0, len(s), first_leads=first_leads, default=default)
    return {"lead": [text[x:y] for x, y in note.lead], "support": [text[x:y] for x, y in note.support],
            "first_leads": note.first_leads}


# --- notes as the text reader finds them -----------------------------------------------------


# what may follow a note at the end of a task: punctuation and a bracketed remark (a deadline)
AFTER_NOTE = re.compile(r"[\s。.;,]*(?:[(〔\[【]([^()〔〕\[\]【】]*)[)〕\]】][\s。.;,]*)?")


def bracket_note(s: str, a: int, b: int, first_leads: bool,
                 open_end: bool = False) -> tuple[Note, tuple[int, int], list[tuple[int, int]]] | None:
    """The unit note of the item ``s[a:b]``: its last bracket that is a unit note, with its
    span — usually at the end of the task, perhaps before a bracketed deadline or inside the
    sentence — and the spans of earlier note brackets of the same item, whose units it takes
    in (〔X牵头,Y参与〕… (X、Z牵头,Y配合): one item, one task, the units of both notes).
    ``open_end``: the text is cut off inside the last bracket (…(X牵头,Y、Z、), which then
    runs to ``b``."""
    groups: list[tuple[int, int, bool]] = []  # (start, end, closed)
    depth, start = 0, -1
    for i in range(a, b):
        ch = s[i]
        if ch in "(〔[【":
            if depth == 0:
                start = i
            depth += 1
        elif ch in ")〕]】" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1, True))
    if open_end and depth and _cut_between_units(s, start + 1, b):
        groups.append((start, b, False))
    notes: list[tuple[Note, tuple[int, int]]] = []
    for ga, gb, closed in groups:
        note = parse_note(s, ga + 1, gb - closed, first_leads=first_leads)
        if note:
            notes.append((note, (ga, gb)))
    if not notes:
        return None
    note, span = notes[-1]
    for other, _span in notes[:-1]:
        _take_in(s, note, other)
    return note, span, [sp for _n, sp in notes[:-1]]


def _cut_between_units(s: str, a: int, b: int) -> bool:
    """A note cut off by the end of the text still names its units when the cut fell after
    a separator or a whole name (…应急管理局、), not inside a name (…;责任单位:区政)."""
    b = _strip(s, a, b, " \t")[1]
    if b > a and s[b - 1] in "、,;":
        return True
    last = max(s.rfind(sep, a, b) for sep in "、,;:") + 1
    return _ends_as_unit(s, max(a, last), b)


def _take_in(s: str, note: Note, other: Note) -> None:
    """Units of an earlier note of the same item join ``note``: leads to the leads, the
    rest to the support; a unit is named once, and one named in both roles leads."""
    def words(spans: list[tuple[int, int]]) -> set[str]:
        return {s[x:y] for x, y in spans}

    note.lead = [u for u in other.lead if s[u[0]:u[1]] not in words(note.lead)] + note.lead
    lead = words(note.lead)
    support = [u for u in other.support + note.support if s[u[0]:u[1]] not in lead]
    note.support = [u for i, u in enumerate(support) if s[u[0]:u[1]] not in words(support[:i])]
    note.standing = note.standing or other.standing
    note.named_lead = note.named_lead or other.named_lead
    note.deadline = note.deadline or other.deadline


@lru_cache(maxsize=1)
def _unit_ending() -> re.Pattern[str]:
    cfg = lexicon.load_json("tasklist.json")
    return re.compile(cfg["unit_endings"] + "|" + cfg["name_endings"])


def complete_at_end(s: str, note: Note, at_end: bool) -> Note:
    """A note on the last line of a cut-off text loses its last unit when that is a stub
    (市经, 县农业, 连江交通建设发展有: no organisation ending); single characters (市) are
    never units."""
    units = sorted(note.lead + note.support)
    if not at_end or not units:
        return note
    a, b = units[-1]
    word = s[a:b]
    # (a long stub too: 主办单位:连江交通建设发展有 — the cut fell inside the name)
    org = re.search("(?:" + lexicon.org_suffix_re().pattern + ")$", word)
    if not org and not is_collective(word) and (b - a <= 3 or not _unit_ending().search(word)):
        note.lead = [u for u in note.lead if u != (a, b)]
        note.support = [u for u in note.support if u != (a, b)]
    return note


_HEADING_REMARK = re.compile(r"[(\[【][^()]*[)\]】]$|[:,]$|(?:牵头|负责)?(?:的)?(?:任务|工作)?$")


@lru_cache(maxsize=1)
def _imperative() -> re.Pattern[str]:
    # a unit name never starts with a verb of work (推进…办, 建设…局 are tasks)
    return re.compile(lexicon.alternation(lexicon.load_json("directives.json")["imperative"]))


def unit_heading(s: str, a: int, b: int) -> Note | None:
    """The units of a heading that is nothing but unit names (一、市发展改革委(5项)), else None."""
    if b - a > 40 or any(ch in s[a:b] for ch in "。;!?"):
        return None  # a sentence (推进政务服务一网通办。) is a task, not a heading
    end = b
    for _ in range(2):  # (5项) and a trailing colon or 牵头的任务
        m = _HEADING_REMARK.search(s, a, end)
        if m and m.start() > a:
            end = m.start()
    note = parse_note(s, a, end, default="lead")
    units = note.lead + note.support
    if not units or any(not re.search("(?:" + lexicon.org_suffix_re().pattern + ")$", s[x:y])
                        or _imperative().match(s, x) for x, y in units):
        return None
    covered = sum(y - x for x, y in units)
    return note if covered >= (end - a) * 0.7 else None


# 由某某副市长负责 / 由分管副县长牵头: a leader named before the units, not a unit
_LEADER_CLAUSE = re.compile(r"^由?[^,;、]{1,12}?(?:市长|县长|区长|省长|书记|主任|部长|秘书长|同志|领导)"
                            r"(?:[\u4e00-\u9fff]{2,3}?(?:同志)?)?(?:负责|牵头|负总责|统筹|协调|领衔|挂帅)$")


def leading_note(s: str, a: int, b: int, first_leads: bool = False) -> tuple[Note, int] | None:
    """A note at the start of a task (由副市长某某负责,市发改委牵头,相关部门配合,尽快完成…):
    (the note, where the task's own words start), or None. Each clause before the task is a
    leader clause or units ending in a unit verb (牵头, 配合, 负责 …); the task has words left."""
    note = Note()
    pos, units_seen = a, False
    for ca, cb, sep in _top_level(s, a, b, ",;"):
        if sep not in ",;":
            break
        ca, cb = _strip(s, ca, cb, " \t")
        clause = s[ca:cb]
        if _LEADER_CLAUSE.match(clause):
            pos = cb + 1
            continue
        end, verb = _tail(s, ca + (1 if clause.startswith("由") else 0), cb)
        if verb is None or end - ca < 2:
            break
        part = parse_note(s, ca, cb, first_leads=first_leads)
        if not part or not all(_suffix_end().search(s, x, y) or is_collective(s[x:y])
                               for x, y in part.lead + part.support):
            break
        note.lead.extend(part.lead)
        note.support.extend(part.support)
        note.first_leads = note.first_leads or part.first_leads
        units_seen, pos = True, cb + 1
    if not units_seen or b - pos < 6:
        return None
    if note.lead and note.support:
        note.support = [u for u in note.support if u not in note.lead]
    elif not note.lead:
        note.lead, note.support = note.support, []
    return note, pos


def _sector_unit(s: str, a: int, b: int) -> bool:
    return bool(_suffix_end().search(s, a, b)) or is_collective(s[a:b]) or s[max(a, b - 2):b] in (
        "部门", "机关", "单位")


# the duty that follows a unit in a division of labour (市公安局:负责… / 市城管局牵头,负责…)
_DUTY = re.compile(r"负责|牵头|落实|承担|组织|指导|协调|配合|督促|会同|做好|依据|按照|依法")


def division_item(s: str, a: int, b: int) -> tuple[Note, int] | None:
    """A unit's duty in a division of labour: ``X、Y:负责…`` or ``X牵头,负责…`` at ``s[a:b]``
    (one line or one sentence, numbering already skipped): (the note, where the duty starts),
    or None. The units come first, each an organisation, a collective or a sector's
    departments; they lead. The duty starts with a verb of work (负责, 落实, 组织 …)."""
    m = re.compile(r"([^,:;。\n]{2,40}?)(牵头[,:]|[:])").match(s, a, b)
    if not m or not _DUTY.match(s, m.end(), b) or b - m.end() < 6:
        return None
    ua, ub = _strip(s, m.start(1), m.end(1), " \t")
    units = split_units(s, ua, ub)
    if not units or not all(_sector_unit(s, x, y) for x, y, _r in units):
        return None
    note = Note()
    note.lead = [(x, y) for x, y, _r in units]
    note.named_lead = True
    return note, m.end()


def inner_note(s: str, a: int, b: int, first_leads: bool = False) -> tuple[Note, int, int] | None:
    """A note inside a task's first sentence, after the words that name the task
    (道路交通专项整治,由公安、交通部门负责,有关部门配合。要…): (the note, start and end of the
    clauses to cut from the task's words), or None. The note starts with 由 after a short
    name of the task (2-30 characters, no sentence before it); every clause of it up to the
    sentence's end is a leader clause or units ending in a unit verb, every unit an
    organisation or a collective, and at least one clause leads or is responsible."""
    end = b
    for i in range(a, b):
        if s[i] in "。;!?":
            end = i
            break
    parts = _top_level(s, a, end, ",")
    if len(parts) < 2:
        return None
    for k in range(1, len(parts)):
        ca = _strip(s, parts[k][0], parts[k][1], " \t")[0]
        if s.startswith("由", ca):
            break
    else:
        return None
    head = _strip(s, a, parts[k - 1][1], " \t")
    if not 2 <= head[1] - head[0] <= 30:
        return None
    note, responsible = Note(), False
    parts_read: list[tuple[str, Note]] = []
    for ca, cb, _sep in parts[k:]:
        ca, cb = _strip(s, ca, cb, " \t")
        clause = s[ca:cb]
        if _LEADER_CLAUSE.match(clause):
            continue
        start = ca + (1 if clause.startswith("由") else 0)
        units_end, verb = _tail(s, start, cb)
        if verb is None or units_end - start < 2:
            return None
        part = parse_note(s, start, cb, first_leads=first_leads)
        units = part.lead + part.support if part else []
        # an organisation, a collective or a sector's departments (公安部门, 交通运输部门); the
        # bare sector names before the last (公安、交通部门) share its word
        if not units or not _sector_unit(s, *units[-1]) or not all(
                _sector_unit(s, x, y) or y - x <= 4 for x, y in units):
            return None
        responsible = responsible or verb != "support"
        parts_read.append((verb, part))
    if not responsible:
        return None
    named_lead = any(verb == "lead" for verb, _p in parts_read)
    for verb, part in parts_read:
        # X牵头,Y负责实施: the responsible units support the named lead
        note.lead.extend([] if verb == "resp" and named_lead else part.lead)
        note.support.extend(part.support + (part.lead if verb == "resp" and named_lead else []))
        note.first_leads = note.first_leads or part.first_leads
    if note.lead and note.support:
        note.support = [u for u in note.support if u not in note.lead]
    elif not note.lead:
        note.lead, note.support = note.support, []
    return note, parts[k - 1][1], end


def trailing_note(s: str, a: int, b: int, first_leads: bool = False) -> tuple[Note, int] | None:
    """A note written as the last sentence of a task, without key or bracket (…,全年完成20个。
    市住建局牵头,市财政局配合。 / …。由市水务局负责,市应急局协助。): (the note, where it starts),
    or None. Every clause of that sentence is a leader clause or units ending in a unit verb,
    every unit an organisation or a collective, and the task keeps a sentence before it."""
    end = b
    while end > a and s[end - 1] in " \t。.;":
        end -= 1
    start = max(s.rfind(p, a, end) for p in "。;!?") + 1
    if start <= a or start - a < 4:
        return None
    note = Note()
    for ca, cb, _sep in _top_level(s, start, end, ",;"):
        ca, cb = _strip(s, ca, cb, " \t")
        if _LEADER_CLAUSE.match(s[ca:cb]):
            continue
        _end, verb = _tail(s, ca + (1 if s.startswith("由", ca) else 0), cb)
        if verb is None:
            return None
        part = parse_note(s, ca, cb, first_leads=first_leads)
        if not part or not all(_suffix_end().search(s, x, y) or is_collective(s[x:y])
                               for x, y in part.lead + part.support):
            return None
        note.lead.extend(part.lead)
        note.support.extend(part.support)
        note.named_lead = note.named_lead or part.named_lead
    if not note:
        return None
    if note.lead and note.support:
        note.support = [u for u in note.support if u not in note.lead]
    elif not note.lead:
        note.lead, note.support = note.support, []
    return note, start

