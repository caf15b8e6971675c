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

from . import agenda, commitments, dates, directives, lexicon, people, ruleconf
from .convening import Found, fill_from_title, find_meetings, from_title
from .sentences import Sentence, matching_text, split_sentences

_PUNCT = re.compile(r"[。,;!?、:]")
_CONVEYED = re.compile(r"[^,。;]{0,20}?精神|(?:会|会议)?(?:结束)?(?:后|之后)")


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("meeting.json")
        self.video = re.compile(cfg["video"])
        self.hybrid = re.compile(cfg["hybrid"])
        self.venue_named = re.compile(cfg["venue_named"])
        self.venue_item = re.compile(cfg["venue_item"])
        self.venue_set = re.compile(cfg["venue_set"])
        self.venue_travel = re.compile(cfg["venue_travel"])
        self.venue_generic = re.compile(cfg["venue_generic"])
        self.venue_place = re.compile(cfg["venue_place"])


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


_Found = Found


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
    if not out and sentences and (m := _WIRE_DATELINE.match(sentences[0].s)) and lexicon.region_of(m.group(1)):
        # a wire story's dateline (新华社北京8月21日电) names the city it reports from: the
        # meeting's place when the text names no other (its photo caption is page clutter)
        add(sentences[0].part(text, *m.span(1)), m.group(1), False)
    return out


_WIRE_DATELINE = re.compile(r"^\s*(?:新华社|中新社|中新网|人民网|央视网|本报讯?)([^\d\s,。;:]{2,8}?)\d{1,2}月\d{1,2}日(?:电|讯)")


_WATCHED = re.compile(r"收听|收看|收视|收聽")


def _clause_start(s: str, at: int) -> int:
    return max(s.rfind(p, 0, at) for p in ",。;") + 1


def _format(s: str, venues: list[dict], others: tuple[str, ...] = ()) -> tuple[str, bool]:
    """(format, hybrid): video, in_person or unknown — the reader's three values — and whether a
    video meeting also met on site (线上线下相结合), kept apart so the format stays comparable."""
    r = _rules()
    # 传达学习…电视电话会议精神 names another meeting, not how this one was held; one watched
    # (收听收看…电视电话会议后) was held so all the same
    # (收听收看…电视电话会议后) was held so all the same; a video meeting reported beside this one,
    # named by its name (全省…电视电话会议要求,…), is not how this one was held
    named = [(m.start(), m.end()) for key in others if len(key) >= 4 for m in re.finditer(re.escape(key), s)]
    video = any((not _CONVEYED.match(s, m.end()) or _WATCHED.search(s, _clause_start(s, m.start()), m.start()))
                and not any(a <= m.start() < b for a, b in named)
                for m in r.video.finditer(s))
    if video:
        return "video", bool(r.hybrid.search(s))
    return ("in_person" if venues else "unknown"), False


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
                   published: dt.date | None, title: str = "") -> tuple[list[dict], list[str]]:
    """The meeting-report reader proper, on the matching string and its sentences.

    One record per meeting the text reports (``convening.find_meetings``); each meeting reads
    its own sentences, from its convening sentence up to the next meeting's.
    """
    warnings: list[str] = []
    persons, names = people.find_people(text, s)
    founds = find_meetings(text, sentences, names)
    # the headline the pipeline took out of the text may name the body or the sitting
    fill_from_title(founds[0], from_title(title, names))
    if not founds[0].body:
        warnings.append("no convening body found")
    # each meeting reads its sentences up to the next one's; a meeting reported in the same
    # sentence as the one before it (…收听收看…视频会,并召开…部署会) starts at its clause, and
    # the sentences after that one are its own
    spans = []
    for f in founds:
        at = f.sentence or 0
        if f.split_at is not None:
            spans.append((at + 1, sentences[at].start + f.split_at))
        else:
            spans.append((at, sentences[at].start if at < len(sentences) else len(s)))
    spans[0] = (0, 0)
    spans.append((len(sentences), len(s)))
    out = []
    for k, found in enumerate(founds):
        lo, a = spans[k]
        hi, b = spans[k + 1]
        if len(founds) > 1:
            persons, _ = people.find_people(text[a:b], s[a:b])
        others = tuple(f.body_key for f in founds if f is not found and f.body_key)
        meeting = _meeting(text, s[a:b], sentences, lo, hi, found, persons, published, others)
        if found.split_at is not None and (at := found.sentence) in found.meeting_sentences:
            # a meeting convened in the sentence that reports the one before it (…收听收看…会议后,
            # 迅速召开会议部署有关工作): what it did follows its own convening clause there
            items, _ = agenda.agenda_items(text, sentences[at], found.meeting_sentences[at])
            meeting["agenda"][:0] = items
        if k and not meeting["date"]["text"]:
            meeting["date"] = out[0]["date"]  # 同日: the day of the meeting reported before
        out.append(meeting)
    if not out[0]["date"]["text"]:
        warnings.append("no meeting date found")
    return out, warnings


def _meeting(text: str, seg: str, sentences: list[Sentence], lo: int, hi: int, found: Found,
             persons: list[dict], published: dt.date | None, others: tuple[str, ...] = ()) -> dict:
    venues = _venues(text, seg, sentences[lo:hi], found)
    fmt, hybrid = _format(seg, venues, others)
    meeting: dict = {
        "body": found.body,
        "session": found.session,
        "kind": found.kind,
        "date": _date(text, sentences, found, published),
        "format": fmt,
        "hybrid": hybrid,
        "venues": venues,
        "people": persons,
        "agenda": [],
        "directives": [],
        "commitments": [],
        "body_rule": found.body_rule,
        "session_rule": found.session_rule,
        "confidence": {
            "body": ruleconf.of("meeting.json", found.body_rule) if found.body else None,
            "session": ruleconf.of("meeting.json", found.session_rule) if found.session else None,
        },
    }
    prev_para, prev_dir, carried = -1, "", False
    # a headline (a line without any punctuation in a punctuated text) lays down nothing
    unpunctuated = not _PUNCT.search(seg)
    per_para: dict[int, int] = {}
    for sent in sentences[lo:hi]:
        per_para[sent.para] = per_para.get(sent.para, 0) + 1
    anchor = dates.anchor_of(meeting["date"], published)
    for idx in range(lo, hi):
        sent = sentences[idx]
        if sent.para != prev_para:
            prev_dir, carried = "", False
        prev_para = sent.para
        # a sentence after one ending in ; goes on with the same intro (会议要求,…;…;…)
        after_semicolon = idx > lo and sentences[idx - 1].s.rstrip().endswith(";") and bool(prev_dir or carried)
        party = None if directives.is_meeting_intro(sent.s) else commitments.find_party(sent.s)
        if party:
            entry = commitments.commitment_entry(text, sent, party)
            meeting["commitments"].append(ruleconf.mark(entry, "directives.json", "commitment"))
            prev_dir, carried = "", False
            continue
        rule = None
        # (the cut-off end of a paragraph, 要坚决贯彻执行《…, is no headline)
        if unpunctuated or per_para[sent.para] > 1 or _PUNCT.search(sent.s):
            rule = directives.directive_rule(sent.s, prev_dir, after_semicolon and bool(prev_dir),
                                             found.meeting_sentences.get(idx))
        if rule:
            entry = directives.directive_entry(text, sent, anchor)
            meeting["directives"].append(ruleconf.mark(entry, "directives.json", rule))
            prev_dir, carried = rule, False
            if rule in directives.WITH_FACTS:  # 会议审议通过了…,会议强调,要…: the facts come first
                stop = directives.intro_start(sent.s, found.meeting_sentences.get(idx))
                items, _ = agenda.agenda_items(text, sent, found.meeting_sentences.get(idx), stop=stop)
                meeting["agenda"].extend(items)
            continue
        prev_dir = ""
        meeting_from = found.meeting_sentences.get(idx)
        items, led = agenda.agenda_items(text, sent, meeting_from, carried)
        meeting["agenda"].extend(items)
        carried = led and sent.s.rstrip().endswith(";")
    return meeting
