"""Participants: names, the posts printed next to them, and their roles.

Grammar (all on the matching string, see ``sentences.matching_text``):

    group  := post ("、" post)* NAME ("、" NAME)*      市委副书记、代市长吴新明 / 市领导甲、乙
            | NAME title ("、" NAME title)*            我委某某主任、某某副主任 / 某某常委建议
            | NAME verb                                某某主持召开… (bare name, clause start)
    post   := organisation prefix + title              省推进…领导小组 + 第一组长
    NAME   := a PER span of the name model (``names``), else surname + 1–2 characters;
              either way followed by a verb, a separator, or the next post of a roster

A group's role comes from the verbs right after it (主持 → chair, 讲话/作部署 → speaker,
交流发言 → exchange, 出席/参加 → attendee); a group followed only by a comma shares the
verbs of the next group (甲,乙,丙出席会议并讲话). People only quoted, whose speech was
conveyed, or who entrusted the chair to someone else are dropped. Rosters, venues given in
order and later mentions are in ``people_rosters``.

Each person carries ``rule`` (what found the name) and ``confidence`` (that rule's
precision on the development corpus, from ``people.json``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon, names, people_rosters

_SENT_END = re.compile(r"[。;!?\n]")


@dataclass
class _Group:
    names: list[tuple[int, int]]
    posts: list[tuple[int, int]]
    start: int
    end: int
    rule: str = "post-grammar"
    roles: list[str] = field(default_factory=list)
    venue: tuple[int, int] | None = None
    dropped: bool = False
    shares_next: bool = False  # took its roles from the next group (甲,乙出席)
    respective: list[tuple[int, int]] = field(default_factory=list)  # 分别在X、Y分会场
    name_venues: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


@dataclass
class _Doc:
    s: str
    ends: dict[int, int]  # end of a title -> start of the longest one ending there
    starts: dict[int, int]  # start of a title -> end of the longest one starting there
    title_starts: list[int]
    model: dict[int, int]  # start -> end of each PER span the name model proposed
    from_model: set[int] = field(default_factory=set)


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("people.json")
        self.single, self.compound = lexicon.surnames()
        self.bad = frozenset(cfg["bad_given_chars"])
        self.bad_words = tuple(cfg["bad_given_words"])
        self.bad_word_heads = frozenset(w[0] for w in self.bad_words)
        self.conj_given = frozenset(cfg["conjunctions_in_names"])
        self.after_punct = frozenset(cfg["after_name_punct"])
        self.after = re.compile(lexicon.alternation(cfg["after_name"]))
        self.post_heads = frozenset(cfg["post_heads"]) & self.bad  # never inside a given name
        self.delims = frozenset(cfg["post_delimiters"])
        self.stop = re.compile(lexicon.alternation(cfg["post_stop_words"]))
        self.np_follow = re.compile(lexicon.alternation(cfg["name_post_followers"]))
        self.np_speak = re.compile(lexicon.alternation(cfg["name_post_speech_followers"]))
        self.quoted_titles = frozenset(cfg["quoted_titles"])
        self.roles = [(role, re.compile("|".join(pats))) for role, pats in cfg["roles"].items()]
        self.drop_zone = re.compile(lexicon.alternation(cfg["drop_if_zone"]))
        self.drop_before = re.compile(lexicon.alternation(cfg["drop_if_clause_before"]))
        self.convey_subject = re.compile(cfg["convey_subject"])
        self.subject_speaker = re.compile(cfg["subject_speaker"])
        self.subject_chair = re.compile(cfg["subject_chair"])
        self.pronoun_speaker = re.compile(cfg["pronoun_speaker"])
        self.bare_before_words = tuple(sorted(cfg["bare_name_before"], key=len, reverse=True))
        self.bare_before = re.compile("(?:" + lexicon.alternation(cfg["bare_name_before"]) + ")$")
        self.label_after_names = re.compile(cfg["label_after_names"])
        self.bare_verbs = re.compile(cfg["bare_name_verbs"])
        self.bare_verbs_rules = re.compile(cfg["bare_name_verbs_rules_only"])
        self.model_trigger = re.compile(cfg["model_triggers"])
        self.venue = re.compile(cfg["venue"])
        self.venue_list = re.compile(cfg["venue_list"])
        self.venue_item = re.compile(cfg["venue_item"])
        self.roster = re.compile(cfg["roster_intro"])
        self.roster_tail = re.compile(cfg["roster_tail"])
        self.confidence = {k: float(v) for k, v in cfg["rule_confidence"].items() if not k.startswith("_")}
        self.posts = lexicon.post_automaton()


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _given_ok(s: str, i: int, r: _Rules) -> bool:
    """Whether ``s[i]`` may be a character of a given name.

    A few characters common in given names also start function words (一鸣 but 一是,
    一起; 书福 but 书记): they are refused only where such a word starts.
    """
    ch = s[i]
    if not _is_cjk(ch) or ch in r.bad:
        return False
    return not (ch in r.bad_word_heads and s.startswith(r.bad_words, i))


def _post_next(d: _Doc, q: int, r: _Rules) -> bool:
    """A post of the next person starts at ``q`` (rosters printed without separators:
    …市长甲市人大常委会主任乙…): an organisation head such as 市/省/县 and a title
    within a few characters, no separator in between."""
    s = d.s
    if q >= len(s) or s[q] not in r.post_heads:
        return False
    i = bisect.bisect_right(d.title_starts, q)
    if i == len(d.title_starts):
        return False
    t = d.title_starts[i]
    return t - q <= 12 and not any(ch in r.delims for ch in s[q:t])


def _follows(d: _Doc, q: int, r: _Rules) -> bool:
    s = d.s
    return q == len(s) or s[q] in r.after_punct or bool(r.after.match(s, q)) or _post_next(d, q, r)


def _model_span_ok(d: _Doc, a: int, b: int) -> bool:
    """A PER span the rules accept as a name: 2–4 Chinese characters, no post title inside
    (the model sometimes takes 市长某某 or 某某市 as one person)."""
    return (2 <= b - a <= 4 and all(_is_cjk(ch) for ch in d.s[a:b])
            and not any(x in d.starts or x + 1 in d.ends for x in range(a, b - 1)))


def name_at(d: _Doc, p: int, end: int | None = None) -> int | None:
    """End of a personal name starting at ``p``, or None; with ``end``, only a name ending there.

    A name the model proposed at ``p`` wins when it is followed as a name must be (or
    ends at ``end``). Otherwise the shortest surname + given name that is followed by a
    verb or separator wins: 凌某在 is 凌某 + 在, while 吴某某主持 needs three characters
    before 主持 can follow. A two-character reading followed only by a conjunction (严某和…)
    yields to the three-character one when that is followed by a verb or punctuation and
    no name or post follows the conjunction: the reading that makes the rest parse wins.
    """
    r = _rules()
    s = d.s
    mq = d.model.get(p)
    if mq is not None and (end is None or mq == end) and _model_span_ok(d, p, mq):
        # 严某和…: whether 和 is part of the name is the rules' call (see below)
        follows = _follows(d, mq, r)
        if end is not None or (follows and s[mq : mq + 1] not in r.conj_given):
            d.from_model.add(p)
            return mq
        q = _rules_name_at(d, p, None)
        # the model's is the only reading: 某某和… (某 a character the rules refuse), 某某安排部署…
        if q is None and (follows or r.bare_verbs.match(s, mq)):
            d.from_model.add(p)
            return mq
        return q
    return _rules_name_at(d, p, end)


def _rules_name_at(d: _Doc, p: int, end: int | None) -> int | None:
    r = _rules()
    s = d.s
    w = r.after.match(s, p)
    if w and w.end() - p >= 2:  # 某某书记强调: a verb after a title is not a name
        return None
    if s[p : p + 2] in r.compound:
        sl = 2
    elif p < len(s) and s[p] in r.single:
        sl = 1
    else:
        return None
    limit = len(s) if end is None else end
    for given in (1, 2):
        q = p + sl + given
        if q > limit:
            return None
        if not _given_ok(s, q - 1, r):
            return None
        if end is not None:  # the caller knows where the name must end
            if q == end:
                return q
            continue
        if _follows(d, q, r):
            if (given == 1 and q < len(s) and s[q] in r.conj_given and q + 1 < len(s)
                    and _given_ok(s, q, r) and _follows(d, q + 1, r)
                    and s[q + 1] not in r.single):
                return q + 1
            return q
    return None


def _post_chain(d: _Doc, p: int, floor: int) -> list[tuple[int, int]]:
    """Posts ending at ``p``, walking left over 、-separated segments that end in a title.

    ``floor`` is the end of the previous group: 市委书记甲和市长乙 gives 乙 only 市长.
    A post chain standing alone between the previous group and this one, cut off by a
    comma (…甲,省政协主席,省委常委、市委书记乙), belongs to this one too.
    """
    r = _rules()
    s = d.s
    segs: list[tuple[int, int]] = []
    end = p
    while end in d.ends:
        b = end
        while b > floor and s[b - 1] not in r.delims:
            b -= 1
        while b < end and s[b] in "和及与并":
            b += 1
        trimmed = False
        for m in r.stop.finditer(s, b, end):
            if m.end() < end:
                b, trimmed = m.end(), True
        if b >= end or end - b > 40:
            break
        segs.insert(0, (b, end))
        if trimmed or b <= floor:
            break
        if s[b - 1] == "," and b - 1 in d.ends and b - 1 > floor:
            before = _post_chain(d, b - 1, floor)
            if before and all(ch in r.delims for ch in s[floor : before[0][0]]):
                segs[:0] = before
            break
        if s[b - 1] != "、":
            break
        end = b - 1
    return segs


def _title_spans(s: str) -> tuple[dict[int, int], dict[int, int]]:
    """end -> start of the longest title ending there; start -> end of the longest one."""
    ends: dict[int, int] = {}
    starts: dict[int, int] = {}
    for a, b, _w in lexicon.iter_matches(_rules().posts, s):
        if b not in ends or a < ends[b]:
            ends[b] = a
        if a not in starts or b > starts[a]:
            starts[a] = b
    return ends, starts


def _model_windows(d: _Doc) -> list[tuple[int, int]]:
    """The few places where the model can add a name the rules would miss, merged:
    after a post title where a surname follows but the rules read no name there
    (某某 with a character the rules refuse, or followed by a verb they do not list), a
    clause head of name length before a role verb (,某某通报), and the list after a roster
    intro. The tagger costs tens of µs a character, so it reads only these (~2% of a report)."""
    r = _rules()
    s = d.s
    wins: list[tuple[int, int]] = []
    for e in d.ends:
        n = _after_space(s, e)
        if n < len(s) and _is_cjk(s[n]) and s[n] not in r.bad and _rules_name_at(d, n, None) is None:
            wins.append((e - 4, n + 6))
    for m in r.model_trigger.finditer(s):
        a = m.start()
        k = a - 1
        while k >= 0 and a - k <= 7 and s[k] not in r.delims:
            k -= 1
        name = s[k + 1 : a]
        for w in r.bare_before_words:  # 会上某某通报 / 会议由某某主持
            if w in name:
                name = name[name.rindex(w) + len(w) :]
                break
        if (k < 0 or s[k] in r.delims) and 2 <= len(name) <= 4 and (name[0] in r.single or name[:2] in r.compound):
            wins.append((k + 1, m.end()))
    for m in r.roster.finditer(s):
        em = _SENT_END.search(s, m.end())
        wins.append((m.end(), min(em.start() if em else len(s), m.end() + 160)))
    wins.sort()
    merged: list[tuple[int, int]] = []
    for a, b in wins:
        a, b = max(0, a), min(len(s), b)
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        elif b > a:
            merged.append((a, b))
    return merged


def _model_spans(d: _Doc) -> dict[int, int]:
    """PER spans (start -> end) the name model proposes in the windows that can hold them."""
    if names.backend() == "rules":
        return {}
    s = d.s
    wins = _model_windows(d)
    found: dict[int, int] = {}
    for (a, _b), spans in zip(wins, names.person_spans([s[a:b] for a, b in wins]), strict=True):
        for x, y in spans:
            if y - x >= 2:
                found.setdefault(a + x, a + y)
    return found


def _find_groups(d: _Doc) -> list[_Group]:
    s = d.s
    groups: list[_Group] = []
    taken: set[int] = set()
    # post(s) before the name
    for p in sorted(d.ends):
        if p in taken or p >= len(s):
            continue
        n0 = _after_space(s, p)  # 市长 某某: web pages often space the name off
        q = name_at(d, n0)
        if q is None:
            continue
        posts = _post_chain(d, p, groups[-1].end if groups else 0)
        if not posts:
            continue
        names_ = [(n0, q)]
        # 甲、乙和丙 / 甲 乙 丙: the names share the posts before the first
        while q < len(s) - 1 and s[q] in "、和及与 ":
            n = _after_space(s, q + 1) if s[q] == " " else q + 1
            q2 = name_at(d, n)
            if q2 is None or (q2 in d.ends and d.ends[q2] <= n):
                break
            names_.append((n, q2))
            q = q2
        taken.update(range(posts[0][0], q))
        rule = "model+post" if n0 in d.from_model else "post-grammar"
        groups.append(_Group(names_, posts, posts[0][0], q, rule))
    _names_before_titles(d, groups, taken)
    _names_before_label(d, groups, taken)
    _bare_names(d, groups, taken)
    groups.sort(key=lambda g: g.start)
    return groups


def _names_before_titles(d: _Doc, groups: list[_Group], taken: set[int]) -> None:
    """NAME title: 我委某某主任、某某副主任参加 / 某某常委建议, / 某某市长在会上强调."""
    r = _rules()
    s = d.s
    for t, e in sorted(d.starts.items()):
        if t in taken:
            continue
        for length in (3, 2, 4):
            a = t - length
            if a < 0 or a in taken:
                continue
            if name_at(d, a, end=t) != t:
                continue
            if a > 0 and s[a - 1] not in r.delims and s[a - 1] not in "委局办厅部院会":
                continue
            # after the title: a separator or a verb of taking part; a verb of speech only
            # for titles that do not mark a leader being quoted (某某总书记强调)
            if e < len(s) and not r.np_follow.match(s, e) and (
                    s[t:e] in r.quoted_titles or not r.np_speak.match(s, e)):
                continue
            # the organisation printed before the name (省财政厅某某厅长) belongs to the
            # group, so that 甲主任,省财政厅乙厅长列席 still reads as one list
            b = a
            while b > 0 and a - b < 20 and s[b - 1] not in r.delims and b - 1 not in taken:
                b -= 1
            start = b if b < a and s[a - 1] in "委局办厅部院会" else a
            groups.append(_Group([(a, t)], [(t, e)], start, e, "name-title"))
            taken.update(range(a, e))
            break


def _after_space(s: str, p: int) -> int:
    """``p``, or past one or two spaces there when a Chinese character follows them."""
    k = p
    while k < len(s) and k - p < 2 and s[k] == " ":
        k += 1
    return k if k < len(s) and _is_cjk(s[k]) else p


def _names_before_label(d: _Doc, groups: list[_Group], taken: set[int]) -> None:
    """甲、乙等县领导出席: names listed before a collective label share it as their post."""
    r = _rules()
    s = d.s
    for m in r.label_after_names.finditer(s):
        end, names_ = m.start(), []
        while True:
            for length in (3, 2, 4):
                a = end - length
                if a >= 0 and a not in taken and name_at(d, a, end=end) == end:
                    names_.insert(0, (a, end))
                    break
            else:
                break
            if a > 0 and s[a - 1] in "、和及与":
                end = a - 1
                continue
            break
        if not names_ or (names_[0][0] > 0 and s[names_[0][0] - 1] not in r.delims):
            continue
        groups.append(_Group(names_, [m.span(1)], names_[0][0], m.end(), "name-label"))
        taken.update(range(names_[0][0], m.end()))


def _bare_names(d: _Doc, groups: list[_Group], taken: set[int]) -> None:
    """NAME verb at the start of a clause, no post: 某某主持召开… / 会上,某某通报…

    The model's PER spans are the candidates, and surname-list names before 主持召开/主持会议
    (a surname list alone also matches words, so it is trusted only before those).
    """
    r = _rules()
    s = d.s
    # surname-list names before 主持召开/主持会议: the model misses some (it may read a
    # name at the head of a clause as an organisation)
    cands = []
    for m in r.bare_verbs_rules.finditer(s):
        for length in (3, 2, 4):
            a = m.start() - length
            if a >= 0 and name_at(d, a, end=m.start()) == m.start():
                cands.append((a, m.start(), r.bare_verbs_rules, "bare-name"))
    cands += [(a, b, r.bare_verbs, "model+verb") for a, b in sorted(d.model.items())]
    for a, b, verbs, rule in sorted(cands, key=lambda c: c[3] != "model+verb"):
        if not _model_span_ok(d, a, b) or any(i in taken for i in range(a, b)):
            continue
        if a > 0 and s[a - 1] not in r.delims and not r.bare_before.search(s, max(0, a - 4), a):
            continue
        if not verbs.match(s, b):
            continue
        groups.append(_Group([(a, b)], [], a, b, rule))
        taken.update(range(a, b))


_CLAUSE_END = re.compile(r"[,。;!?\n]")
_ONLY_PUNCT = re.compile(r"^(?:[,、\s]|和|及|以及|与)*$")


def _assign_roles(s: str, groups: list[_Group]) -> None:
    r = _rules()
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        m = _SENT_END.search(s, g.end)
        sent_end = m.start() if m else len(s)
        nxt = groups[i + 1].start if i + 1 < len(groups) and groups[i + 1].start < sent_end else None
        m = _CLAUSE_END.search(s, g.end)
        clause_end = m.start() if m else len(s)
        limit = min(clause_end, nxt) if nxt is not None else clause_end
        zone = s[g.end : limit]
        # where the clause before the group started, to see 传达学习…/受…委托
        b = g.start
        while b > 0 and s[b - 1] not in ",。;!?\n":
            b -= 1
        # 副县长某某传达学习了…讲话精神: the one conveying spoke; the one conveyed did not
        conveys = bool(r.convey_subject.match(s, g.end))
        if (r.drop_zone.search(zone) and not conveys) or r.drop_before.search(s, b, g.start):
            g.dropped = True
            continue
        roles = [role for role, pat in r.roles if pat.search(zone)]
        if (conveys or r.subject_speaker.match(s, g.end)) and "speaker" not in roles:
            roles.append("speaker")  # 某某要求,… / 某某传达…
        if not roles and nxt is not None and _ONLY_PUNCT.match(s[g.end : nxt]):
            roles = list(groups[i + 1].roles)
            g.venue = groups[i + 1].venue
            g.shares_next = True
        elif not roles and g.posts:
            limit = nxt if nxt is not None else sent_end
            roles = [role for role, pat in r.roles if pat.search(s, g.end, limit)]
        lm = r.venue_list.search(s, g.end, limit) if "分别" in zone else None
        if lm:
            g.respective = [im.span(1) for im in r.venue_item.finditer(s, lm.start(1), lm.end(1))]
            g.venue = g.respective[0]
        else:
            vm = r.venue.search(s, g.end, limit)
            if vm:
                g.venue = vm.span(1)
        g.roles = roles
    people_rosters.respective_venues(groups)


def _bare_name(d: _Doc, a: int, b: int) -> int | None:
    """End of the name that ``s[a:b]`` is (an optional 同志/等 after it), or None."""
    tail = _rules().roster_tail.search(d.s, a, b)
    b2 = tail.start() if tail else b
    if b2 - a >= 2 and name_at(d, a, end=b2) == b2:
        return b2
    return None


def _new_group(names_, posts, start, end, rule) -> _Group:
    return _Group(names_, posts, start, end, rule)


def find_people(text: str, s: str) -> tuple[list[dict], set[str]]:
    """Participants of the meeting in ``text`` (``s``: its matching string), and their names in ``s``."""
    r = _rules()
    ends, starts = _title_spans(s)
    d = _Doc(s, ends, starts, sorted(starts), {})
    d.model = _model_spans(d)
    groups = _find_groups(d)
    _assign_roles(s, groups)
    if "有" in s:
        added = people_rosters.rosters(d, groups, r, _new_group, _bare_name)
        groups = sorted(groups + added, key=lambda g: g.start)
    people: dict[str, dict] = {}
    spans: set[int] = set()
    # one quoted or conveyed somewhere is not made a participant by a bare mention elsewhere
    quoted = {s[a:b] for g in groups if g.dropped for a, b in g.names}
    for g in groups:
        if g.dropped or not g.roles or (not g.posts and s[g.start : g.end] in quoted):
            continue
        posts = [text[a:b] for a, b in g.posts]
        venue = text[g.venue[0] : g.venue[1]] if g.venue else None
        for a, b in g.names:
            spans.update(range(a, b))
            key = s[a:b]
            person = people.get(key)
            if person is None:
                rule = g.rule
                if rule == "roster" and a in d.from_model:
                    rule = "model+roster"
                conf = r.confidence.get(rule, r.confidence.get("_rare", 0.6))
                person = people[key] = {"name": text[a:b], "posts": [], "roles": [], "venue": None,
                                        "rule": rule, "confidence": conf}
            for post in posts:
                if post not in person["posts"]:
                    person["posts"].append(post)
            for role in g.roles:
                if role not in person["roles"]:
                    person["roles"].append(role)
            nv = g.name_venues.get((a, b))
            person["venue"] = person["venue"] or (text[nv[0] : nv[1]] if nv else venue)
    people_rosters.later_mentions(s, people, spans, r)
    return list(people.values()), set(people)
