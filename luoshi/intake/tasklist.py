"""Key-task lists (分工方案, 重点工作责任分解): numbered tasks with their lead and supporting units.

A task is a numbered item (1. / 1、 / 1) / (1) / (一) / 一、 / ①) with a unit note (the grammar
of notes is ``unitnotes``), either inline at its end — (X牵头, Y配合), (X、Y负责),
(牵头单位:X;责任单位:Y), 〔责任单位:X按职责分工负责。〕 — or on the lines after it
(牵头单位:X / 责任单位:Y). A note on a line of its own after several sub-items without notes
covers all of them (their parent is a group heading). Numbered items without a note (section
headings, cut-off tasks) are not tasks; an unnumbered paragraph followed by a note line, or
ending in a note with a unit verb, is one. A table written out one cell a line is read by
``tasktable``. The requirements of the covering notice (各责任单位要…) are directives too.

The same grammar serves the spreadsheet import (luoshi.work.spreadsheet): ``parse_unit_note``,
``parse_deadline``, ``parse_number`` and ``column_key`` are its public half.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from . import dates, directives, lexicon, ruleconf, taskissuer, tasktable
from .sentences import Sentence, matching_text
from .unitnotes import (
    AFTER_NOTE,
    Note,
    bracket_note,
    complete_at_end,
    division_item,
    first_leads_stated,
    inner_note,
    is_collective,
    leading_note,
    parse_note,
    parse_unit_note,
    trailing_note,
    unit_heading,
)
from .unitnotes import rules as note_rules

__all__ = ["column_key", "detect", "first_leads_stated", "is_collective", "parse_deadline", "parse_number",
           "parse_unit_note", "read_tasklist"]


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("tasklist.json")
        self.number = re.compile(cfg["number"])
        self.note_line = re.compile(r"^[(〔\[【]?\s*" + note_rules().key.pattern)
        # a note run on after the task's last sentence: …。牵头单位:X;配合单位:Y / …。【责任单位】X
        # (or after a space: 1.推进城市更新 牵头单位:X 配合单位:Y, a table row pasted as a line)
        self.run_on = re.compile(r"(?:(?<=[。;!?])\s*|[ \t\u3000]+)(?=[【\[]?" + note_rules().key.pattern + ")")
        self.unit_word = re.compile(r"牵头|负责|配合|单位|部门")
        self.columns = {name: key for key, names in cfg["columns"].items() for name in names}
        self.column_words = [(re.compile(pattern), key) for pattern, key in cfg["column_words"]]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


# --- the public half shared with the spreadsheet import --------------------------------------


_BARE_NUMBER = re.compile(r"^[ \t|│]*\d{1,3}[.、]?[ \t|│]*$", re.M)
# 为确保…, : a purpose clause; its 确保 lays down nothing
_PURPOSE = re.compile(r"(?:^|(?<=,))为了?[^,。;]*")


def detect(s: str) -> float:
    """How much the folded text ``s`` looks like a key-task list (0..1), cheaply: unit words."""
    r = _rules()
    keys = len(note_rules().key.findall(s))
    verbs = len(re.findall(r"(?:牵头|配合|负责)[)〕\]】]", s))
    if not keys and not verbs and not r.unit_word.search(s):
        # a table written one cell a line: rows numbered 1, 2, 3 … alone on their lines
        return 0.1 if len(_BARE_NUMBER.findall(s)) >= 2 else 0.0
    return min(1.0, 0.2 + 0.1 * (keys + verbs))


def parse_number(text: str) -> str:
    """The numbering at the start of ``text`` as written (``1.``, ``(一)``, ``三、``), or ''."""
    m = _rules().number.match(matching_text(text or "", None))
    return text[: m.end()].strip() if m else ""


def column_key(header: str) -> str | None:
    """The column a table header names: number, task, content, lead, support, responsible,
    due, other (a column of no use to the import: 进展情况, 备注, 分管领导), or None.

    Either script, spaces anywhere (牵头 单位). A header no column name matches is read by
    the words it contains (责任主体与协同单位: support, 1-9月进展情况: other), when short.
    """
    key = matching_text(header or "", None)
    key = re.sub(r"\s+", "", key)
    # 完成时限(年月) and 牵头单位* name the same column.
    key = re.sub(r"[(\[【].*?[)\]】]|[*:|│]", "", key)
    r = _rules()
    if key in r.columns:
        return r.columns[key]
    if not key or len(key) > 12 or re.search(r"[。;,!?]", key):
        return None
    return next((name for pattern, name in r.column_words if pattern.search(key)), None)


_ISO_DATE = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_ONGOING = re.compile(r"长期|持续|常态|每年|每季|每月|定期|逐年|全年推进|久久为功")


def parse_deadline(text: str, year: int | None) -> tuple[dt.date | None, bool]:
    """(due date, keep the words?) of a deadline as written (年底前, 6月底, 2026-06-30).

    The date is the latest the text names (3月底前启动,年底前完成 → 12-31), resolved by
    ``dates.find_deadline`` in ``year``. The words are kept when the date does not say all of
    it: an ongoing way of working (长期坚持: no date), several dates, or words besides.
    """
    text = (text or "").strip()
    if not text:
        return None, False
    s = matching_text(text, None)
    if _ONGOING.search(s):
        return None, True
    found, leftover = _deadlines(s, dt.date(year, 1, 1) if year else None)
    if not found:
        return None, False
    return max(found), bool(leftover) or len(found) > 1


def _deadlines(s: str, published: dt.date | None) -> tuple[list[dt.date], str]:
    """(every date the deadline words in ``s`` name, the words around them)."""
    s = _ISO_DATE.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", s)
    # 2027年底 is the year's end: the deadline words know 年底 after the year's 年
    s = re.sub(r"(\d{4})年(底|末)", r"\1年年\2", s)
    s = re.sub(r"(\d)季度", lambda m: "一二三四"[int(m.group(1)) - 1] + "季度" if m.group(1) in "1234" else m.group(0), s)
    # in a deadline cell a bare date is the deadline itself (9月30日 → 9月30日前)
    s = re.sub(r"(\d{1,2}月\d{1,2})[日号](?!前|之前)", r"\1日前", s)
    # and a bare month is its end (2025年10月 → 10月底)
    s = re.sub(r"(\d{1,2})月(?![\d底末份中上下初前])", r"\1月底", s)
    found: list[dt.date] = []
    rest, pos = [], 0
    while True:
        hit = dates.find_deadline(s[pos:], published)
        if not hit:
            break
        a, b, value = hit
        rest.append(s[pos : pos + a])
        if value:
            found.append(dt.date.fromisoformat(value))
        pos += b
    rest.append(s[pos:])
    return found, re.sub(r"[\s前之以完成实现底末第。.,、到为止截至起]|以内|之内", "", "".join(rest))


# --- reading a text --------------------------------------------------------------------------


def _confidence(rule: str) -> float:
    return ruleconf.of("tasklist.json", rule)


def _lines(s: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in s.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def _note_lines_joined(s: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A note line that ends in a separator goes on in the next line (责任单位:X、Y、 /
    各区人民政府): one line, unless the next is numbered, a note line or a sentence."""
    r = _rules()
    out: list[tuple[int, int]] = []
    for a, b in lines:
        if out:
            pa, pb = out[-1]
            prev = s[pa:pb]
            line = s[a:b]
            if prev[-1] in "、," and r.note_line.match(prev) and not r.number.match(line) \
                    and not r.note_line.match(line) and len(line) <= 40 and not re.search(r"[。;!?]", line[:-1]):
                out[-1] = (pa, b)
                continue
        out.append((a, b))
    return out


def _ordinal(label: str) -> int | None:
    """The number of an item's label: 3 for 3. / (三) / 三、 / ③."""
    core = re.sub(r"[()（）、﹒。:第项\s]", "", label).replace("．", ".").strip(".").rsplit(".", 1)[-1]
    if core.isdigit():
        return int(core)
    if len(core) == 1:
        for first, last in (("①", "⑳"), ("⑴", "⒇"), ("⒈", "⒛")):  # ③ ⑶ ⒊
            if first <= core <= last:
                return ord(core) - ord(first) + 1
    return dates.cn_number(core) if core else None


def read_tasklist(text: str, s: str, sentences: list[Sentence], published: dt.date | None,
                  title: str = "", page_lines: tuple[str, ...] | list[str] = ()) -> dict | None:
    """The key-task list in ``text`` as one meeting record, or None if it is not one.

    ``title``: the document's headline when the pipeline took it out of ``text`` (it often
    names the issuer: X关于印发…). ``page_lines``: the lines the pipeline dropped as page
    clutter (an open-information table's 发布机构 row names the publisher: the issuer of a
    list that names none).
    """
    r = _rules()
    if not detect(s):
        return None
    first_leads = bool(note_rules().first_leads.search(s))
    lines = _note_lines_joined(s, _lines(s))
    # a text cut off mid-note (an excerpt, a truncated page) ends without a full stop
    end_of_text = lines[-1][1] if lines and s[lines[-1][1] - 1] not in "。;!?)" else -1
    tasks: list[dict] = []
    pending: list[tuple[str, int, int]] = []  # numbered items still waiting for a note
    paragraph: tuple[int, int] | None = None  # an unnumbered paragraph a note line may follow
    continues = False  # the last line was a numbered item waiting for its note (or went on with one)
    heading: tuple[str, Note] | None = None  # 一、市发展改革委(5项): the unit of the items below it
    standing: list[tuple[int, int]] = []  # 以下…均需X落实,不再列出: X is responsible for every later task

    def add(a: int, b: int, note: Note, rule: str, cut: list[tuple[int, int]] | None = None) -> None:
        nonlocal standing
        standing = note.standing or standing
        tasks.append(_task(text, s, a, b, note, rule, published, cut))
        _add_standing(text, tasks[-1], standing)

    def close_heading() -> None:
        # the items under a unit heading that found no note of their own are that unit's tasks
        if heading is not None and pending:
            style = pending[-1][0]
            for st, ta, tb in pending:
                if st == style and st != heading[0]:
                    add(ta, tb, heading[1], "note:heading")
            pending.clear()

    for a, b in lines:
        line = s[a:b]
        nm = r.number.match(line)
        body_start = a + (nm.end() if nm else 0)
        note, note_start, cut = Note(), b, None
        inline_rule = "note:inline"
        found = bracket_note(s, body_start, b, first_leads, open_end=b == end_of_text)
        if found:
            note, (note_start, note_end), earlier = found
            # earlier notes of the item (〔X牵头,Y参与〕…(X、Z牵头)) are not the task's words
            cut = earlier or None
            after = AFTER_NOTE.fullmatch(s, note_end, b)
            if after and after.group(1) and note.deadline is None:
                note.deadline = after.span(1)  # (X牵头)(2025年9月底前)
            if not after and not r.note_line.match(line):
                # a note inside the line (…(X牵头),确保年底前完工。): the task's words go round it
                cut, note_start = [*earlier, (note_start, note_end)], b
        if not note and not r.note_line.match(line):
            ro = r.run_on.search(s, body_start, b)
            if ro:
                note, note_start = parse_note(s, ro.end(), b, first_leads=first_leads), ro.start()
        if not note and not r.note_line.match(line) and (nm or (continues and pending)):
            # the note as the item's last sentence (…。市住建局牵头,市财政局配合。)
            tail = trailing_note(s, body_start, b, first_leads)
            if tail:
                (note, note_start), inline_rule = tail, "note:sentence"
        note = complete_at_end(s, note, b == end_of_text)
        if not note and (nm or (continues and pending)):
            # the note first (由某副市长负责,市发改委牵头,相关部门配合,尽快完成…): the task is what
            # follows it; a numbered line above (1、某某事宜) only names the item
            led = leading_note(s, body_start, b, first_leads)
            if led:
                if not nm:
                    pending.pop()
                if heading is None:
                    pending.clear()
                add(led[1], b, complete_at_end(s, led[0], b == end_of_text), "note:leading")
                continues, paragraph = False, None
                continue
        if not note and nm:
            # the note inside the item's first sentence, after the task's name
            # (道路交通专项整治,由公安、交通部门负责,有关部门配合。要…): cut out of the task's words
            inner = inner_note(s, body_start, b, first_leads)
            if inner:
                note, (note_start, inline_rule) = inner[0], (b, "note:inner")
                cut = [(inner[1], inner[2])]
        if nm:
            ta = a + nm.end()
            paragraph = None
            if note:
                if heading is None:  # (under a unit heading the items before keep its unit)
                    pending.clear()
                add(ta, note_start, note, inline_rule, cut)
                continue
            label = nm.group(0).strip()
            style = re.sub(r"[一二三四五六七八九十]+", "C", re.sub(r"\d+", "N", label))
            if heading is not None and style == heading[0]:
                close_heading()
                heading = None
            units = unit_heading(s, ta, b)
            if units:
                close_heading()
                pending.clear()
                # still an item of its own: a note line right under it makes it a task after all
                heading, continues = (style, units), False
                pending.append((style, ta, b))
                continue
            if _ordinal(label) == 1:
                # numbering starts again (a notice's own 1. 2. 3. before the list's 1.): the
                # earlier items of this style are not sub-items of the note to come
                pending[:] = [p for p in pending if p[0] != style]
            pending.append((style, ta, b))
            continues = True
            continue
        if r.note_line.match(line):
            continues = False
            bracketed = line[0] in "(〔[【" and line[-1] in ")〕]】"
            note = complete_at_end(s, parse_note(s, a + bracketed, b - bracketed, first_leads=first_leads),
                             b == end_of_text)
            if not note:
                if note.deadline and tasks and tasks[-1].get("_open"):
                    # 完成时限: on a line of its own under the task's unit lines
                    tasks[-1]["deadline"] = _note_deadline(text, s, note.deadline, published)
                continue
            if pending:
                style = pending[-1][0]
                covered = [(ta, tb) for st, ta, tb in pending if st == style]
                rule = "note:line" if len(covered) == 1 else "note:group"
                for ta, tb in covered:
                    add(ta, tb, note, rule)
                pending.clear()
                tasks[-1]["_open"] = True
            elif tasks and tasks[-1].get("_open"):
                _merge(text, tasks[-1], note)
                standing = note.standing or standing
                _add_standing(text, tasks[-1], standing)
            elif paragraph is not None:
                add(*paragraph, note, "note:paragraph")
                tasks[-1]["_open"] = True
            paragraph = None
            continue
        if tasks:
            tasks[-1].pop("_open", None)
        if continues and pending and line[-1] in "。;!?)":
            # the numbered item goes on in a paragraph of its own (and may end in its note)
            style, ta, _tb = pending.pop()
            if note:
                pending.clear()
                add(ta, note_start, note, inline_rule, cut)
                continues = False
            else:
                pending.append((style, ta, b))
            continue
        continues = False
        if note and note_start - a >= 8:
            # an unnumbered paragraph ending in a note with a unit verb or key
            add(a, note_start, note, "note:paragraph", cut)
            paragraph = None
            continue
        paragraph = (a, b) if line[-1] in "。;!" and b - a >= 8 else None
    close_heading()
    if not tasks:
        rows = tasktable.read_delimited(s, lines, first_leads) or tasktable.read_rows(s, lines, first_leads)
        for ta, tb, note in rows:
            add(ta, tb, note, "note:column")
    if not tasks:
        for ta, tb, note in _division(s, lines, r):
            add(ta, tb, note, "note:division")
    if not tasks or (len(tasks) < 2 and all(t["rule"] in ("note:sentence", "note:inner") for t in tasks)):
        # one item whose last sentence names units (由X牵头,Y配合。) may be a point of a meeting
        # report; a list has more
        return None
    for t in tasks:
        t.pop("_open", None)
        t.pop("_named_lead", None)
    tasks.sort(key=lambda t: t["span"][0])  # a unit heading's items are placed when it closes
    body, body_rule = taskissuer.issuer(text, s, lines, title)
    if not body:
        body, body_rule = taskissuer.publisher(page_lines)
    return {
        "body": body,
        "session": "",
        "kind": "other",
        "date": {"text": "", "value": None},
        "format": "unknown",
        "venues": [],
        "people": [],
        "agenda": [],
        "directives": _notice(text, s, sentences, tasks[0]["span"][0], published) + tasks,
        "commitments": [],
        "body_rule": body_rule,
        "confidence": {"body": _confidence(body_rule) if body else None, "session": None},
    }


def _division(s: str, lines: list[tuple[int, int]], r) -> list[tuple[int, int, Note]]:
    """A division of labour that names a unit before each duty, a line each
    (``3.市城管局:负责…``) or a sentence each in one paragraph (``市公安局牵头,负责…。``): each
    duty is a task its units lead. Three or more such duties make the list; fewer may be a
    remark of a meeting report."""
    found: list[tuple[int, int, Note]] = []
    for a, b in lines:
        nm = r.number.match(s[a:b])
        start = a + (nm.end() if nm else 0)
        pos = start
        while pos < b:
            end = s.find("。", pos, b)
            end = b if end < 0 else end + 1
            item = division_item(s, pos, end)
            if item and pos == start and s[item[1] - 1] == ":":
                found.append((item[1], b, item[0]))  # a unit's line: its duty is the whole line
                break
            if item:
                found.append((item[1], end, item[0]))
            pos = end
    return found if len(found) >= 3 else []


def _notice(text: str, s: str, sentences: list[Sentence], first_task: int, published: dt.date | None) -> list[dict]:
    """The requirements of the notice that covers the list (各责任单位要…), before its first task."""
    r = _rules()
    out = []
    for sent in sentences:
        if sent.end > first_task:
            break
        # a requirement is a sentence (not a heading) with 要/必须/确保 outside a purpose clause
        if sent.s[-1] not in "。;" or r.note_line.match(sent.s):
            continue
        if not directives.has_marker(_PURPOSE.sub(lambda m: "□" * len(m.group(0)), sent.s)):
            continue
        # only the notice's numbered requirements (一、各责任单位要…): a paragraph of its
        # covering text (2021年是…。各地要高度重视…) sets the tone, it hands out no work
        starts = {s.rfind("\n", 0, pa) + 1 for pa, _pb in sent.pieces}
        if not any(r.number.match(s[x : x + 16]) for x in starts):
            continue
        entry = directives.directive_entry(text, sent, published)
        # 一、各责任单位要…: the requirement starts at its numbering (a line ending in : joins the
        # addressees and the notice's first words to it), and the numbering is not part of it
        offset = 0
        for pa, pb in sent.pieces:
            nm = r.number.match(s[pa:pb])
            if nm:
                entry["text"] = sent.part(text, offset + nm.end(), len(sent.s)).strip()
            offset += pb - pa
        entry.update(lead=[], support=[], rule="notice", confidence=_confidence("notice"))
        out.append(entry)
    return out


def _add_standing(text: str, task: dict, standing: list[tuple[int, int]]) -> None:
    """Units named for every task below (以下…均需X落实,不再列出) are responsible for this one
    too: they support when its note names a lead (X牵头, 牵头单位:), else they are among the
    responsible units, who lead; none is named twice."""
    named = set(task["lead"]) | set(task["support"])
    for x, y in standing:
        unit = text[x:y]
        if unit not in named:
            (task["support"] if task["_named_lead"] else task["lead"]).append(unit)
            named.add(unit)


def _task(text: str, s: str, a: int, b: int, note: Note, rule: str, published: dt.date | None,
          cut: list[tuple[int, int]] | None = None) -> dict:
    from . import areas

    while a < b and s[a] in " \t":
        a += 1
    while b > a and s[b - 1] in " \t":
        b -= 1
    area, keywords = areas.classify(s[a:b])
    if note.first_leads:
        rule = "first-leads"
    deadline = None
    if note.deadline:
        deadline = _note_deadline(text, s, note.deadline, published)
    else:
        hit = dates.find_deadline(s[a:b], published)
        if hit:
            deadline = {"text": text[a + hit[0] : a + hit[1]], "value": hit[2]}
    words = text[a:b]
    if cut:
        # the task's words go round the notes inside it
        pieces, pos = [], a
        for ca, cb in sorted(cut):
            pieces.append(text[pos:ca])
            pos = cb
        pieces.append(text[pos:b])
        words = "".join(pieces).strip()
    return {
        "text": words,
        "span": [a, b],
        "area": area,
        "area_keywords": keywords,
        "deadline": deadline,
        "lead": [text[x:y] for x, y in note.lead],
        "support": [text[x:y] for x, y in note.support],
        "rule": rule,
        "confidence": _confidence(rule),
        "_open": False,
        "_named_lead": note.named_lead,
    }


def _note_deadline(text: str, s: str, span: tuple[int, int], published: dt.date | None) -> dict:
    da, db = span
    found, _words = _deadlines(s[da:db], published)
    return {"text": text[da:db], "value": max(found).isoformat() if found else None}


def _merge(text: str, task: dict, note: Note) -> None:
    """A second note line of the same task (责任单位: after 牵头单位:)."""
    lead_units = [text[x:y] for x, y in note.lead]
    support_units = [text[x:y] for x, y in note.support]
    task["_named_lead"] = task["_named_lead"] or note.named_lead
    if task["lead"]:
        task["support"].extend(u for u in lead_units + support_units if u not in task["lead"])
    else:
        task["lead"].extend(lead_units)
        task["support"].extend(support_units)
