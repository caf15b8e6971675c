"""From clean article text to meeting records: the public entry point of the rules.

    read_meetings(text, simplified, published) -> (meetings, warnings)

The convening clause is the first ``SUBJECT 召开/举行 OBJECT`` (or ``MEETING 在 PLACE
召开``) whose parts name a body: the subject when it is an organisation (省推进…领导小组
召开第四次全体会议), else the organisation named in the object (某某主持召开市防汛抗旱
指挥部汛情会商会). A numbered sitting (第N次…会议, 七届二次会议) is the session.
A key-task list (分工方案) is read by ``tasklist`` instead (the genre seam in ``readers`` decides).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from . import agenda, commitments, dates, directives, lexicon, people
from .sentences import Sentence, matching_text, split_sentences

_PUNCT = re.compile(r"[。,;!?、:]")
_CONVEYED = re.compile(r"[^,。;]{0,20}?精神")


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("meeting.json")
        self.verbs = re.compile(lexicon.alternation(cfg["convene_verbs"]))
        self.meeting_noun = re.compile(cfg["meeting_nouns"])
        self.session = re.compile(cfg["session"])
        self.deictic = frozenset(cfg["deictic"])
        self.strip_prefix = re.compile(cfg["strip_prefix"])
        self.cut_after = re.compile(lexicon.alternation(cfg["body_cut_after"]))
        self.date_lead = re.compile("(?:" + cfg["date"] + ")")  # used with match(pos): no ^
        self.video = re.compile(cfg["video"])
        self.hybrid = re.compile(cfg["hybrid"])
        self.venue_named = re.compile(cfg["venue_named"])
        self.venue_item = re.compile(cfg["venue_item"])
        self.venue_set = re.compile(cfg["venue_set"])
        self.venue_travel = re.compile(cfg["venue_travel"])
        self.venue_generic = re.compile(cfg["venue_generic"])
        self.venue_place = re.compile(cfg["venue_place"])
        self.venue_title = re.compile(cfg["venue_title"])
        self.subject_tail = re.compile(cfg["subject_tail"])
        self.kinds = [(k, re.compile(p)) for k, p in cfg["kinds"].items()]
        self.org_end = lexicon.org_suffix_re()


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _org_prefix(s: str, a: int, b: int) -> tuple[int, int] | None:
    """Span of the longest prefix of ``s[a:b]`` ending in an organisation suffix, cut after 为/的."""
    r = _rules()
    best = None
    seg = s[a:b]
    for suffix in lexicon.org_suffixes():
        i = seg.rfind(suffix)
        if i != -1 and (best is None or i + len(suffix) > best):
            best = i + len(suffix)
    if not best:
        return None
    start = a
    for m in r.cut_after.finditer(s, a, a + best):
        if m.end() < a + best:
            start = m.end()
    return start, a + best


class _Found:
    def __init__(self) -> None:
        self.body = ""
        self.session = ""
        self.kind = "other"
        self.sentence: int | None = None
        self.venues: list[tuple[int, int, Sentence]] = []


def _convening(text: str, sentences: list[Sentence], names: set[str]) -> _Found:
    r = _rules()
    fallback: _Found | None = None
    for idx, sent in enumerate(sentences[:40]):
        s = sent.s
        c0 = 0
        for clause in re.split(r"[,;:]", s):
            c1 = c0 + len(clause)
            for vm in r.verbs.finditer(s, c0, c1):
                cand = _check(text, sent, idx, c0, c1, vm, names)
                if cand is None:
                    continue
                if cand.body:
                    return cand
                fallback = fallback or cand
            c0 = c1 + 1
    return fallback or _Found()


def _check(text: str, sent: Sentence, idx: int, c0: int, c1: int, vm: re.Match[str],
           names: set[str]) -> _Found | None:
    """The meeting facts of one ``SUBJ verb OBJ`` clause, or None when it is no meeting."""
    r = _rules()
    s = sent.s
    sa, sb = c0, vm.start()
    oa, ob = vm.end(), c1
    while ob > oa and s[ob - 1] in "。!?":
        ob -= 1
    subj, obj = s[sa:sb], s[oa:ob]
    if subj.startswith(("会议", "会上")):
        return None
    tm = r.subject_tail.search(subj) if not obj else None
    if tm:  # 某某会议以视频形式召开: the manner is not part of the subject
        sb = sa + tm.start()
        subj = s[sa:sb]
    cand = _Found()
    cand.sentence = idx
    where = subj.rfind("在")
    if where > 0 and not obj:
        # 某某联席会议在上海召开: the subject is the meeting, the rest is the place
        cand.venues.append((sa + where + 1, sb, sent))
        sb = sa + where
        subj = s[sa:sb]
    if not (obj and r.meeting_noun.search(obj)) and not r.meeting_noun.search(subj):
        return None
    dm = r.date_lead.match(s, sa, sb)
    if dm:
        sa = dm.end()
    sm = r.session.search(s, sa, sb) or r.session.search(s, oa, ob)
    if sm:
        cand.session = sent.part(text, *sm.span())
    for kind, pat in r.kinds:
        if pat.search(s, sa, ob):
            cand.kind = kind
            break
    person = any(n in s[sa:sb] for n in names) or "主持" in vm.group(0) or "率" in s[sa:sb]
    pm = r.strip_prefix.match(s, sa, sb)
    ba = pm.end() if pm else sa
    bb = sm.start() if sm and sm.start() < sb else sb
    subj_c = s[ba:bb]
    if subj_c and subj_c not in r.deictic and not person:
        cand.body = sent.part(text, ba, bb)
        return cand
    pm = r.strip_prefix.match(s, oa, ob)
    oa2 = pm.end() if pm else oa
    ob2 = sm.start() if sm and sm.start() >= oa else ob
    span = _org_prefix(s, oa2, ob2)
    if span:
        cand.body = sent.part(text, *span)
    return cand


def _date(text: str, sentences: list[Sentence], found: _Found, published: dt.date | None) -> dict:
    """The meeting's date as written, resolved (see ``dates.meeting_date``)."""
    return dates.meeting_date(text, sentences, found.sentence, published)


def _venues(text: str, s: str, sentences: list[Sentence], found: _Found) -> list[dict]:
    r = _rules()
    out: list[dict] = []
    seen: set[str] = set()

    def add(name: str, key: str, is_main: bool) -> None:
        if key in seen:
            return
        seen.add(key)
        out.append({"name": name, "region": lexicon.region_of(key), "is_main": is_main})

    for a, b, sent in found.venues:
        add(sent.part(text, a, b), sent.s[a:b], True)
    for idx, sent in enumerate(sentences):
        ss = sent.s
        found_here: list[tuple[int, int, int, int]] = []
        # 分别在主会场和无锡分会场、徐州分会场…: each item of the list is a venue
        for m in r.venue_named.finditer(ss) if "会场" in ss else ():
            for im in r.venue_item.finditer(ss, m.start(1), m.end(1)):
                found_here.append((*im.span(1), im.end(1), im.end(1)))
        # 南京设主会场 names the main venue by its place
        for m in r.venue_set.finditer(ss):
            found_here.append((*m.span(1), *m.span(2)))
        for a, b, c, d in sorted(found_here):
            name = ss[a:b] + ss[c:d]
            if r.venue_generic.search(name):
                continue
            add(sent.part(text, a, b) + sent.part(text, c, d), name, "主会场" in name)
        if idx >= 30:
            continue
        # 率代表团赴四川成都出席…联席会议: the meeting is held where they went
        for m in r.venue_travel.finditer(ss) if "赴" in ss else ():
            name = ss[m.start(1) : m.end(1)]
            if lexicon.region_of(name):
                add(sent.part(text, *m.span(1)), name, False)
        for m in r.venue_place.finditer(ss):
            name = ss[m.start(1) : m.end(1)]
            add(sent.part(text, *m.span(1)), name, "主会场" in name)
    return out


def _format(s: str, venues: list[dict]) -> str:
    r = _rules()
    # 传达学习…电视电话会议精神 names another meeting, not how this one was held
    video = any(not _CONVEYED.match(s, m.end()) for m in r.video.finditer(s))
    if video and r.hybrid.search(s):
        return "hybrid"
    if video:
        return "video"
    return "in_person" if venues else "unknown"


def read_meetings(text: str, simplified: str, published: dt.date | None) -> tuple[list[dict], list[str]]:
    """Meetings reported in ``text`` (clean article text, original script), with warnings.

    Reads the text as a meeting report whatever it is; ``luoshi.intake.readers`` decides the
    genre first.
    """
    warnings: list[str] = []
    if simplified is None or len(simplified) != len(text):
        warnings.append("simplified text differs in length from the text; realigned per character")
    s = matching_text(text, simplified)
    meetings, more = read_sentences(text, s, split_sentences(s), published)
    return meetings, warnings + more


def read_sentences(text: str, s: str, sentences: list[Sentence],
                   published: dt.date | None) -> tuple[list[dict], list[str]]:
    """The meeting-report reader proper, on the matching string and its sentences."""
    warnings: list[str] = []
    persons, names = people.find_people(text, s)
    found = _convening(text, sentences, names)
    if not found.body:
        warnings.append("no convening body found")
    venues = _venues(text, s, sentences, found)
    meeting: dict = {
        "body": found.body,
        "session": found.session,
        "kind": found.kind,
        "date": _date(text, sentences, found, published),
        "format": _format(s, venues),
        "venues": venues,
        "people": persons,
        "agenda": [],
        "directives": [],
        "commitments": [],
    }
    prev_para, prev_dir = -1, False
    # a headline (a line without any punctuation in a punctuated text) lays down nothing
    unpunctuated = not _PUNCT.search(s)
    for idx, sent in enumerate(sentences):
        if sent.para != prev_para:
            prev_dir = False
        prev_para = sent.para
        party = None if directives.is_meeting_intro(sent.s) else commitments.find_party(sent.s)
        if party:
            meeting["commitments"].append(commitments.commitment_entry(text, sent, party))
            prev_dir = False
            continue
        if (unpunctuated or _PUNCT.search(sent.s)) and directives.is_directive(sent.s, prev_dir):
            # deadlines count from the meeting's date (年底前 at a December meeting reported in January)
            anchor = dates.anchor_of(meeting["date"], published)
            meeting["directives"].append(directives.directive_entry(text, sent, anchor))
            prev_dir = True
            continue
        prev_dir = False
        meeting["agenda"].extend(agenda.agenda_items(text, sent, idx == found.sentence))
    if not meeting["date"]["text"]:
        warnings.append("no meeting date found")
    return [meeting], warnings
