"""The convening clause: which body met, in which sitting, and where each meeting starts.

A convening clause is ``SUBJECT 召开/举行/主持召开 OBJECT`` (or ``MEETING 在 PLACE 召开``,
``MEETING 8月30日上午召开``) whose object or subject is a meeting (会议/全会/会). The body is

  * the subject when it is an organisation (省推进…领导小组召开第四次全体会议) — ``subject``;
  * the organisation at the head of the subject when the subject is the meeting itself
    (市安委会全体(扩大)会议召开) — ``subject-meeting``;
  * the organisation named in the object when the subject is a person, a deictic (我市) or a
    bare place name (某县召开乡村振兴工作领导小组会议) — ``object-org`` / ``place-object-org``;
  * else the meeting's own name (某某主持召开乡村振兴工作专题会议) — ``object-meeting``.

The session is a numbered sitting, with its year when printed: 第五次常务会议,
2023年度第一次会议, 第115次疫情防控专题会, 十六届七次全体(扩大)会议, 十九届四中全会.

A text may report several meetings (a chronicle: 3月2日 …召开A第七次会议… 同日 B…会议召开):
a later convening clause at the start of a paragraph (or after 同日/次日/a date) that names
another body, or the same body in another sitting, starts a new meeting.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .sentences import Sentence


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("meeting.json")
        # 召开/举行 …, and a meeting that opens or closes (…全体会议开幕。)
        # (and 收听收看…视频会议: a meeting watched at a branch venue, convened by someone else)
        self.watch = frozenset(cfg["watch_verbs"])
        self.verbs = re.compile(lexicon.alternation(cfg["convene_verbs"] + cfg["watch_verbs"]) + "|"
                                + cfg["convene_verbs_end"])
        self.then_convene = re.compile(cfg["watch_then_convene"])
        self.object_deictic = re.compile(cfg["object_deictic"])
        self.scope_meeting = re.compile(cfg["scope_meeting"])
        self.listing_label = re.compile(cfg["listing_label"])
        self.suffix_not_before = cfg["suffix_not_before"]
        self.second_verbs = re.compile(lexicon.alternation(cfg["second_meeting"]["verbs"]))
        self.second_lead = re.compile(cfg["second_meeting"]["lead"])
        self.second_not = re.compile(cfg["second_meeting"]["not_before_verb"])
        self.meeting_noun = re.compile(cfg["meeting_nouns"])
        self.meeting_inside = re.compile(cfg["meeting_inside"])
        self.generic_meeting = re.compile(cfg["generic_meeting"])
        self.session = re.compile(cfg["session"])
        self.session_kinds = [(k, re.compile(p)) for k, p in cfg["session_rules"].items()]
        self.deictic = frozenset(cfg["deictic"])
        self.strip_prefix = re.compile(cfg["strip_prefix"])
        self.cut_after = re.compile(lexicon.alternation(cfg["body_cut_after"]))
        date = "(?:" + cfg["date"] + ")"
        self.date_lead = re.compile(date)  # used with match(pos): no ^
        self.date_tail = re.compile(date + "$|" + cfg["subject_time_tail"])
        self.dateline = re.compile(cfg["dateline"])
        self.adverb_tail = re.compile(lexicon.alternation(cfg["subject_adverbs"]) + "+$")
        self.subject_tail = re.compile(cfg["subject_tail"])
        self.place = re.compile(cfg["place_subject"])
        self.place_tail = re.compile(cfg["place_in_subject"])
        self.kinds = [(k, re.compile(p)) for k, p in cfg["kinds"].items()]
        self.not_name = re.compile(cfg["not_in_name"])
        self.after_meeting = re.compile(cfg["after_meeting"])
        self.mention = re.compile(cfg["mention_in_subject"])
        self.sub_body = re.compile(cfg["sub_body"])
        self.not_org = re.compile("(?:" + cfg["not_org_endings"] + ")$")
        self.org_end = re.compile("(?:" + lexicon.org_suffix_re().pattern + ")$")
        self.strong_suffixes = tuple(x for x in lexicon.org_suffixes() if len(x) >= 2)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _org_prefix(s: str, a: int, b: int, strong: bool = False) -> tuple[int, int] | None:
    """Span of the longest prefix of ``s[a:b]`` ending in an organisation suffix, cut after 为/的.

    ``strong``: only endings of two or more characters (委员会, 领导小组, 政府), so that a
    word such as 干部 in 全区干部大会 is not taken for a department (部).
    """
    r = _rules()
    best = None
    seg = s[a:b]
    for suffix in r.strong_suffixes if strong else lexicon.org_suffixes():
        i = seg.rfind(suffix)
        # 领导干部 ends in 部 but is no department; nor is the 部 of 部署会
        while i != -1 and (r.not_org.search(seg, 0, i + len(suffix))
                           or (seg[i + len(suffix) : i + len(suffix) + 1] or "-") in r.suffix_not_before.get(suffix, "")):
            i = seg.rfind(suffix, 0, i)
        if i != -1 and (best is None or i + len(suffix) > best):
            best = i + len(suffix)
    if not best:
        return None
    start = a
    for m in r.cut_after.finditer(s, a, a + best):
        if m.end() < a + best:
            start = m.end()
    return start, a + best


class Found:
    """The facts of one convening clause."""

    def __init__(self) -> None:
        self.body = ""
        self.body_key = ""  # matching-string form, to compare meetings
        self.body_rule = ""
        self.session = ""
        self.session_rule = ""
        self.kind = "other"
        self.sentence: int | None = None
        # sentence index -> offset in its ``s`` where the convening clause's object ends
        # (agenda items may follow in the same clause of a text without commas)
        self.meeting_sentences: dict[int, int] = {}
        self.venues: list[tuple[int, int, Sentence]] = []
        # a meeting watched at a branch venue (收听收看…视频会议), and where a meeting reported in
        # the same sentence as the one before it starts (…视频会,并召开全县…部署会)
        self.watched = False
        self.split_at: int | None = None


def _clauses(s: str):
    c0 = 0
    for clause in re.split(r"[,;:]", s):
        c1 = c0 + len(clause)
        yield c0, c1
        c0 = c1 + 1


def _convening(text: str, sentences: list[Sentence], names: set[str]) -> Found:
    r = _rules()
    fallback: Found | None = None
    for idx, sent in enumerate(sentences[:40]):
        for c0, c1 in _clauses(sent.s):
            for vm in r.verbs.finditer(sent.s, c0, c1):
                cand = _check(text, sent, idx, c0, c1, vm, names)
                if cand is None:
                    continue
                if cand.body:
                    return cand
                fallback = fallback or cand
    return fallback or Found()


def _trim_subject(s: str, sa: int, sb: int) -> int:
    """End of the subject without a trailing date or adverb (…会议8月30日上午 / 市政府立即)."""
    r = _rules()
    for _ in range(3):
        m = r.adverb_tail.search(s, sa, sb) or r.date_tail.search(s, sa, sb)
        if not m or m.start() == sb:
            break
        sb = m.start()  # all of it when the subject is only an adverb (胜利召开…)
    return sb


def _ends_in_titled_name(s: str, sa: int, sb: int) -> bool:
    """The subject ends in a post title and a name (市委书记某某), even one no list knows."""
    for _a, end, _w in lexicon.iter_matches(lexicon.post_automaton(), s[sa:sb]):
        rest = s[sa + end : sb]
        if (2 <= len(rest) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in rest)
                and not _rules().not_name.search(rest)):
            return True
    return False


def _meeting_end(s: str, oa: int, ob: int) -> int:
    """End of the meeting named by the object ``s[oa:ob]``: the object itself when it ends in
    a meeting noun, else the first 会议/全会 in it (召开省政府常务会议传达学习… without commas)."""
    r = _rules()
    if r.meeting_noun.search(s, oa, ob):
        return ob
    m = r.meeting_inside.search(s, oa, ob)
    return m.end() if m else -1


# two sittings held as one (党组(扩大)会议暨九届三十一次主席会议, 十六届60次党组会议暨56次主席会议)
# are one session; the organisation is named before the first
# (暨省…领导小组会议 names another body's meeting: no part of the session, dev/022)
_JOINED_AFTER = re.compile(r"暨(?:第?[一二三四五六七八九十百零〇两\d]+[届次])*(?:主席|常委|常务|党组|全体)"
                           r"[^,。;:\s暨]{0,6}?(?:会议|会)(?![商见谈同晤议])")
_JOINED_BEFORE = re.compile(r"(?:党组|党委|常委会|常委)(?:\(扩大\))?(?:会议|会)暨$")


def _joined_sitting(s: str, sm: re.Match[str], floor: int) -> re.Match[str]:
    a, b = sm.span()
    after = _JOINED_AFTER.match(s, b)
    if after:
        b = after.end()
    before = _JOINED_BEFORE.search(s, max(floor, a - 12), a)
    if before:
        a = before.start()
    if (a, b) == sm.span():
        return sm
    return re.compile(re.escape(s[a:b])).search(s, a)


def _check(text: str, sent: Sentence, idx: int, c0: int, c1: int, vm: re.Match[str],
           names: set[str]) -> Found | None:
    """The meeting facts of one ``SUBJ verb OBJ`` clause, or None when it is no meeting."""
    r = _rules()
    s = sent.s
    sa, sb = c0, vm.start()
    oa, ob = vm.end(), c1
    while ob > oa and s[ob - 1] in "。!?":
        ob -= 1
    subj = s[sa:sb]
    if subj.startswith(("会议", "会上")) or s.startswith("的", oa):  # 召开的…会议: a mention
        return None
    if r.mention.search(subj):  # 迎接…会议胜利召开 / 确保…会议顺利召开: another meeting, mentioned
        return None
    if s.startswith(("后", "之后", "以后", "前", "之前", "期间", "以来"), oa):
        return None  # 在全省…会议召开后,某某召开…: a time, the meeting is the next one
    if s.startswith("了", oa):  # 召开了…会议
        oa += 1
    if oa < ob:
        end = _meeting_end(s, oa, ob)
        after = r.after_meeting.match(s, end) if end != -1 and end < ob else None
        if after and not (vm.group(0) in r.watch and after.group(0) in ("后", "之后")) \
                and not (after.group(0) == "部署" and r.generic_meeting.match(s[oa:end])):
            return None  # 召开…会议后/期间/上: a time or place of something else
        # (收听收看…会议后,召开会议…: the watching is reported all the same; 召开会议部署…: the
        # purpose of a meeting without a name, not another meeting's 部署)
        if end != -1:
            ob = end
    obj = s[oa:ob]
    tm = r.subject_tail.search(subj) if not obj else None
    if tm:  # 某某会议以视频形式召开: the manner is not part of the subject
        sb = sa + tm.start()
    sb = _trim_subject(s, sa, sb)
    cand = Found()
    cand.sentence = idx
    where = s.rfind("在", sa, sb) - sa
    if where > 0 and (not obj or r.generic_meeting.match(obj) or r.place_tail.match(s, sa + where + 1, sb)):
        # 某某联席会议在上海召开: the subject is the meeting, the rest is the place
        cand.venues.append((sa + where + 1, sb, sent))
        sb = _trim_subject(s, sa, sa + where)  # 某某会议于3月5日在北京召开
    subj = s[sa:sb]
    # 某委员会 / 某常委会 end in 会 but are organisations, not meetings
    if not (obj and r.meeting_noun.search(obj)) and not r.meeting_noun.search(subj):
        return None
    subj_meeting = bool(r.meeting_noun.search(subj)) and not r.org_end.search(subj)
    cand.meeting_sentences[idx] = ob if obj else vm.end()
    dm = r.dateline.match(s, sa, sb)  # 新华社北京8月21日电 …
    if dm:
        sa = dm.end()
    dm = r.date_lead.match(s, sa, sb)
    if dm:
        sa = dm.end()
    # the sitting named next to the meeting noun: the object's (市人大一次会议主席团举行第二次会议),
    # else the subject's (…领导小组第四次全体会议在南京召开)
    sm = r.session.search(s, oa, ob) or r.session.search(s, sa, sb)
    if sm:
        sm = _joined_sitting(s, sm, min(sa, oa))
    if sm and sa <= sm.start() < sb and r.meeting_noun.search(s, sm.end(), sb) and not obj:
        sm = None  # 市人大五次会议代表中的中共党员会议召开: the sitting of another meeting, named in this one's
    if sm:
        cand.session = sent.part(text, *sm.span())
        cand.session_rule = next((k for k, p in r.session_kinds if p.match(sm.group(0))), "ordinal")
    for kind, pat in r.kinds:
        if pat.search(s, sa, ob):
            cand.kind = kind
            break
    # people attend (出席) and chair (主持); organisations convene
    cand.watched = vm.group(0) in r.watch
    person = (cand.watched or any(n in s[sa:sb] for n in names) or "主持" in vm.group(0) or "出席" in vm.group(0)
              or "率" in s[sa:sb] or _ends_in_titled_name(s, sa, sb))
    pm = r.strip_prefix.match(s, sa, sb)
    ba = pm.end() if pm else sa
    bb = sm.start() if sm and sm.start() < sb else sb
    subj_c = s[ba:bb]

    def take(a: int, b: int, rule: str) -> Found:
        while b > a and s[b - 1] == "的":  # 党的二十届三中全会: 党的 names no body
            b -= 1
        if b - a < 2:
            return cand
        cand.body = sent.part(text, a, b)
        cand.body_key = s[a:b]
        cand.body_rule = rule
        return cand

    bare = len(subj_c) < 2 or bool(r.place.match(subj_c)) or subj_c in lexicon.regions()
    if sm and sa <= sm.start() < sb and bare and not person:
        # 市十五届人大三次会议开幕: the body is named inside the sitting (市 + 人大)
        span = _org_prefix(s, sm.start(), sm.end())
        if span and r.org_end.search(s, span[0], span[1]):
            word = r.org_end.search(s, span[0], span[1])
            cand.body = sent.part(text, ba, bb) + sent.part(text, *word.span())
            cand.body_key = s[ba:bb] + word.group(0)
            cand.body_rule = "session-org"
            if len(cand.body_key) >= 2:
                return cand
            cand.body = cand.body_key = cand.body_rule = ""
    if subj_c and subj_c not in r.deictic and not person:
        if subj_meeting and not (sm and sm.start() < sb):
            # the subject is the meeting itself: the organisation at its head, else its name
            cut = r.meeting_inside.search(s, ba, bb)
            mb = cut.end() if cut else bb
            span = _org_prefix(s, ba, mb)
            if span and _post_at(s, span[1], mb):
                span = None  # 县委书记座谈会: the 县委 of its participants' post, no convener
            return take(*(span or (ba, mb)), "subject-meeting")
        place = bool(r.place.match(subj_c)) or subj_c in lexicon.regions()
        if place and obj and r.scope_meeting.match(s, oa, ob) and not _org_prefix(s, oa, ob, strong=True):
            # 某县召开全县防汛工作会议: a county-wide meeting is known by its name
            return take(oa, ob, "object-meeting")
        if place and obj:
            # 某县召开乡村振兴工作领导小组会议: the body is the group, not the place
            pm = r.strip_prefix.match(s, oa, ob)
            oa2 = pm.end() if pm else oa
            ob2 = sm.start() if sm and sm.start() >= oa else ob
            span = _org_prefix(s, oa2, ob2, strong=True)
            if span and take(*span, "place-object-org").body:
                # the place keeps the group findable by either name (崇阳县 + 乡村振兴工作领导小组)
                a = span[0] + (1 if s[span[0]] == s[bb - 1] else 0)  # 某县 + 县乡村振兴…
                cand.body = sent.part(text, ba, bb) + sent.part(text, a, span[1])
                cand.body_key = s[ba:bb] + s[a : span[1]]
                return cand
        sub = r.sub_body.match(s, oa, ob) if not sm else None
        if sub and not s.endswith(sub.group(1), ba, bb) and take(ba, bb, "subject").body:
            # 省政府召开党组会议 / 市委召开常委会议: the sitting body is the subject's 党组/常委会
            # (常委会议: the 会 of 会议 completes 常委会, in the text's own script)
            end = sub.end(1) + (1 if sub.group(1) == "常委" else 0)
            cand.body += sent.part(text, sub.start(1), end)
            cand.body_key += s[sub.start(1) : end]
            return cand
        return take(ba, bb, "subject")
    pm = r.strip_prefix.match(s, oa, ob)
    oa2 = pm.end() if pm else oa
    dm = r.object_deictic.match(s, oa2, ob)
    if dm and ob - dm.end() >= 4:
        oa2 = dm.end()  # 主持召开我县防汛会商会议: the meeting, not 我县
    ob2 = sm.start() if sm and sm.start() >= oa else ob
    span = _org_prefix(s, oa2, ob2)
    if span:
        return take(*span, "object-org")
    if sm and sm.start() >= oa:
        # 五届104次区政府常务会议: the organisation is named inside the sitting
        span = _org_prefix(s, sm.start(), sm.end(), strong=True)
        if span:
            num = re.search(r"次", s[span[0] : span[1]])
            a = span[0] + num.end() if num else span[0]
            if span[1] - a >= 2 and take(a, span[1], "session-org").body:
                # the sitting is named without its organisation: 五届104次 + 常务会议
                cand.session = sent.part(text, sm.start(), a) + sent.part(text, span[1], sm.end())
                return cand
    if subj_c in r.deictic and subj_c[:1] in "我本" and not person and not r.scope_meeting.match(s, oa, ob):
        # 随后,我省召开安全生产电视电话会议: a topic, not a name; the meeting is the province's own
        # (a scope meeting keeps its name: 我市召开全市防汛工作会议)
        return take(ba, bb, "deictic-subject")
    if obj and not r.generic_meeting.match(s, oa2, ob) and ob - oa2 >= 4:
        # no organisation named: the meeting is known by its name (乡村振兴工作专题会议)
        return take(oa2, ob, "object-meeting")
    return cand


def _post_at(s: str, a: int, b: int) -> bool:
    """A post title (书记, 主任 …) starts at ``a``."""
    return any(start == 0 for start, _e, _w in lexicon.iter_matches(lexicon.post_automaton(), s[a:b]))


def _overlaps(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def _second(text: str, sentences: list[Sentence], idx: int, names: set[str],
            clauses: int = 2) -> Found | None:
    """A new meeting reported from sentence ``idx`` on, or None (conservative)."""
    r = _rules()
    sent = sentences[idx]
    s = sent.s
    para_start = idx == 0 or sentences[idx - 1].para != sent.para
    if not (para_start or r.second_lead.match(s)):
        return None
    if not re.search(r"[,。;]", s):  # a link or headline (下一篇: …召开…会议) reports nothing
        return None
    label = r.listing_label.match(s)  # 会议摘要:1月6日,…: an entry of a listing page
    if label:
        clauses += 1
    elif s.startswith(("会议", "会上")):  # the meeting's own statements
        return None
    for n, (c0, c1) in enumerate(_clauses(s)):
        if n >= clauses:
            break
        for vm in r.second_verbs.finditer(s, c0, c1):
            if r.second_not.search(s, label.end() if label else 0, vm.start()):
                return None
            cand = _check(text, sent, idx, c0, c1, vm, names)
            if cand is not None and cand.body:
                return cand
    return None


def _headline(sentences: list[Sentence], idx: int) -> bool:
    """A line of its own without a full stop: a headline, which names the meeting reported below."""
    sent = sentences[idx]
    alone = all(x.para != sent.para for x in sentences[max(0, idx - 1) : idx + 2] if x is not sent)
    return alone and not sent.s.rstrip().endswith(("。", "!", "?", ";"))


def _lead_date(s: str) -> str:
    label = _rules().listing_label.match(s)
    m = _rules().date_lead.match(s, label.end() if label else 0)
    return m.group(0) if m else ""


def find_meetings(text: str, sentences: list[Sentence], names: set[str]) -> list[Found]:
    """The convening clause of each meeting the text reports, in text order."""
    first = _convening(text, sentences, names)
    out = [first]
    if first.sentence is None or not first.body:
        return out
    if not first.session:
        _session_from_headline(text, sentences, first)
    if first.watched:
        then = _then_convened(text, sentences, first, names)
        if then is not None:
            out.append(then)
    # the first convening clause may be the headline's: the report's own clause is the same meeting
    pending_headline = _headline(sentences, first.sentence)
    for idx in range(first.sentence + 1, len(sentences)):
        # the report under a headline may open with a source (据…消息,5月8日上午,…召开)
        cand = _second(text, sentences, idx, names, 4 if pending_headline else 2)
        if cand is None:
            continue
        same = next((f for f in out if _overlaps(f.body_key, cand.body_key)), None)
        if same is None and _headline(sentences, idx):
            continue  # a link or a headline line (相关新闻: 某某召开…会议,…) reports no meeting here
        if pending_headline and same is None:
            same = first
        if same is not None and (pending_headline or _compatible(sentences, same, cand)):
            # the same meeting again (a headline, then the report): what the headline left out
            if pending_headline and same is first:
                first.sentence = cand.sentence  # the report's sentence has the date and place
                first.body = first.body or cand.body
            same.session = same.session or cand.session
            same.session_rule = same.session_rule or cand.session_rule
            if same.kind == "other":
                same.kind = cand.kind
            same.meeting_sentences.update(cand.meeting_sentences)
            pending_headline = False
            continue
        pending_headline = False
        out.append(cand)
    return out


def _then_convened(text: str, sentences: list[Sentence], first: Found, names: set[str]) -> Found | None:
    """A meeting convened in the same sentence after a watched one (我县在某分会场收听收看
    市…视频会,并召开全县…部署会): its own record, starting at that clause."""
    r = _rules()
    idx = first.sentence or 0
    s = sentences[idx].s
    start = first.meeting_sentences.get(idx, 0)
    for c0, c1 in _clauses(s):
        if c0 < start:
            continue
        m = r.then_convene.match(s, c0, c1)
        if not m:
            continue
        vm = r.verbs.search(s, m.start(), m.end())
        if vm is None or vm.group(0) in r.watch:
            continue
        cand = _check(text, sentences[idx], idx, vm.start(), c1, vm, names)
        if cand is not None and not cand.body:
            # 我市组织收听收看…会议后,迅速召开会议部署…: the ones who watched convene their own
            wm = next((w for w in r.verbs.finditer(s, 0, start) if w.group(0) in r.watch), None)
            if wm is not None:
                a = max((c for c, _d in _clauses(s) if c <= wm.start()), default=0)
                dm = r.date_lead.match(s, a, wm.start())
                a = dm.end() if dm else a
                while a < wm.start() and s[a] in ", ":
                    a += 1
                who = s[a:wm.start()]
                if who in r.deictic or r.place.match(who):
                    cand.body = sentences[idx].part(text, a, wm.start())
                    cand.body_key, cand.body_rule = who, "watcher"
        if cand is not None and cand.body and not _overlaps(cand.body_key, first.body_key):
            cand.split_at = c0
            return cand
    return None


def _session_from_headline(text: str, sentences: list[Sentence], found: Found) -> None:
    """A sitting printed only in a headline above the report (市政府第28次常务会议 / 主持召开
    市政府常务会议…): taken when the report names the same kind of meeting."""
    r = _rules()
    idx = found.sentence or 0
    here = sentences[idx].s
    for j in range(idx):
        if not _headline(sentences, j):
            continue
        m = r.session.search(sentences[j].s)
        if not m:
            continue
        noun = re.sub(r"^.*?[次届]", "", m.group(0))  # 第28次常务会议 -> 常务会议
        if noun and noun in here:
            found.session = sentences[j].part(text, *m.span())
            found.session_rule = next((k for k, p in r.session_kinds if p.match(m.group(0))), "ordinal")
            return


def _compatible(sentences: list[Sentence], same: Found, cand: Found) -> bool:
    """Whether a later clause naming the same body reports the same sitting."""
    if same.session and cand.session and same.session != cand.session:
        return False
    s1, s2 = sentences[same.sentence or 0].s, sentences[cand.sentence or 0].s
    r = _rules()
    if r.listing_label.match(s1) and r.listing_label.match(s2):
        return False  # two entries of a listing page (会议摘要:…): two sittings
    # a chronicle: 3月2日 省委常委会召开会议… / 3月9日 省委常委会召开会议…
    d1 = _lead_date(s1)
    d2 = _lead_date(s2)
    return not (d1 and d2 and d1 != d2)


def from_title(title: str, names: set[str]) -> Found | None:
    """The convening facts of the headline the pipeline took out of the text, if it names them."""
    if not title:
        return None
    from .sentences import matching_text, split_sentences

    ts = matching_text(title, None)
    sents = split_sentences(ts)
    found = _convening(title, sents, names) if sents else None
    if found is not None and (found.body or found.session):
        return found
    # a headline that only names the sitting: 市政府第28次常务会议
    r = _rules()
    m = r.session.search(ts)
    if not m:
        return None
    found = Found()
    found.session = title[m.start() : m.end()]
    found.session_rule = next((k for k, p in r.session_kinds if p.match(m.group(0))), "ordinal")
    span = _org_prefix(ts, 0, m.start())
    found.body_key = ts[span[0] : span[1]] if span else ""
    return found


def fill_from_title(found: Found, title_found: Found | None) -> None:
    """What the report's own clause left out, from the headline (body, or the sitting of the
    same meeting: 市政府第28次常务会议 above 主持召开市政府常务会议…)."""
    if title_found is None:
        return
    if not found.body and title_found.body:
        found.body, found.body_key = title_found.body, title_found.body_key
        found.body_rule = "title:" + title_found.body_rule
        found.session = found.session or title_found.session
        found.session_rule = found.session_rule or title_found.session_rule
        return
    if found.session or not title_found.session:
        return
    if title_found.body_key and not _overlaps(found.body_key, title_found.body_key):
        return
    found.session = title_found.session
    found.session_rule = title_found.session_rule
