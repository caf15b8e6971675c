"""Participants: names, the posts printed next to them, and their roles.

Grammar (all on the matching string, see ``sentences.matching_text``):

    group  := post ("、" post)* NAME ("、" NAME)*      市委副书记、代市长吴新明 / 市领导甲、乙
            | NAME title ("、" NAME title)*            我委某某主任、某某副主任
    post   := organisation prefix + title              省推进…领导小组 + 第一组长
    NAME   := surname + 1–2 characters, followed by a verb or a separator

A group's role comes from the verbs right after it (主持 → chair, 讲话/作部署 → speaker,
交流发言 → exchange, 出席/参加 → attendee); a group followed only by a comma shares the
verbs of the next group (甲,乙,丙出席会议并讲话). People only quoted, whose speech was
conveyed, or who entrusted the chair to someone else are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon


@dataclass
class _Group:
    names: list[tuple[int, int]]
    posts: list[tuple[int, int]]
    start: int
    end: int
    roles: list[str] = field(default_factory=list)
    venue: tuple[int, int] | None = None
    dropped: bool = False
    shares_next: bool = False  # took its roles from the next group (甲,乙出席)
    respective: list[tuple[int, int]] = field(default_factory=list)  # 分别在X、Y分会场
    name_venues: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


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
        self.delims = frozenset(cfg["post_delimiters"])
        self.stop = re.compile(lexicon.alternation(cfg["post_stop_words"]))
        self.np_follow = re.compile(lexicon.alternation(cfg["name_post_followers"]))
        self.roles = [(role, re.compile("|".join(pats))) for role, pats in cfg["roles"].items()]
        self.drop_zone = re.compile(lexicon.alternation(cfg["drop_if_zone"]))
        self.drop_before = re.compile(lexicon.alternation(cfg["drop_if_clause_before"]))
        self.subject_speaker = re.compile(cfg["subject_speaker"])
        self.venue = re.compile(cfg["venue"])
        self.venue_list = re.compile(cfg["venue_list"])
        self.venue_item = re.compile(cfg["venue_item"])
        self.roster = re.compile(cfg["roster_intro"])
        self.roster_tail = re.compile(cfg["roster_tail"])
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


def _follows(s: str, q: int, r: _Rules) -> bool:
    return q == len(s) or s[q] in r.after_punct or bool(r.after.match(s, q))


def name_at(s: str, p: int, need_after: bool = True) -> int | None:
    """End of a personal name starting at ``p``, or None.

    The shortest name that is followed by a verb or separator wins: 凌某在 is 凌某 + 在,
    while 吴某某主持 needs three characters before 主持 can follow. A two-character
    reading followed only by a conjunction (严某和…) yields to the three-character one
    when that is followed by a verb or punctuation and no name or post follows the
    conjunction: the reading that makes the rest parse wins.
    """
    r = _rules()
    if s[p : p + 2] in r.compound:
        sl = 2
    elif p < len(s) and s[p] in r.single:
        sl = 1
    else:
        return None
    for given in (1, 2):
        q = p + sl + given
        if q > len(s):
            return None
        if not _given_ok(s, q - 1, r):
            return None
        if not need_after:  # the caller cut ``s`` where the name must end
            if q == len(s):
                return q
            continue
        if _follows(s, q, r):
            if (given == 1 and q < len(s) and s[q] in r.conj_given and q + 1 < len(s)
                    and _given_ok(s, q, r) and _follows(s, q + 1, r)
                    and s[q + 1] not in r.single):
                return q + 1
            return q
    return None


def _post_chain(s: str, p: int, title_ends: dict[int, int], floor: int) -> list[tuple[int, int]]:
    """Posts ending at ``p``, walking left over 、-separated segments that end in a title.

    ``floor`` is the end of the previous group: 市委书记甲和市长乙 gives 乙 only 市长.
    """
    r = _rules()
    segs: list[tuple[int, int]] = []
    end = p
    while end in title_ends:
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
        if trimmed or b <= floor or s[b - 1] != "、":
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


def _find_groups(s: str) -> list[_Group]:
    r = _rules()
    ends, starts = _title_spans(s)
    groups: list[_Group] = []
    taken: set[int] = set()
    # post(s) before the name
    for p in sorted(ends):
        if p in taken or p >= len(s):
            continue
        q = name_at(s, p)
        if q is None:
            continue
        posts = _post_chain(s, p, ends, groups[-1].end if groups else 0)
        if not posts:
            continue
        names = [(p, q)]
        # 甲、乙和丙: the names share the posts before the first
        while q < len(s) - 1 and s[q] in "、和及与":
            q2 = name_at(s, q + 1)
            if q2 is None or (q2 in ends and ends[q2] <= q + 1):
                break
            names.append((q + 1, q2))
            q = q2
        taken.update(range(posts[0][0], q))
        groups.append(_Group(names, posts, posts[0][0], q))
    # name before a bare title: 我委某某主任、某某副主任参加
    for t, e in sorted(starts.items()):
        if t in taken:
            continue
        for length in (3, 2, 4):
            a = t - length
            if a < 0 or a in taken:
                continue
            if name_at(s[: t], a, need_after=False) != t:
                continue
            if a > 0 and s[a - 1] not in r.delims and s[a - 1] not in "委局办厅部院会":
                continue
            if e < len(s) and not r.np_follow.match(s, e):
                continue
            # the organisation printed before the name (省财政厅某某厅长) belongs to the
            # group, so that 甲主任,省财政厅乙厅长列席 still reads as one list
            b = a
            while b > 0 and a - b < 20 and s[b - 1] not in r.delims and b - 1 not in taken:
                b -= 1
            start = b if b < a and s[a - 1] in "委局办厅部院会" else a
            groups.append(_Group([(a, t)], [(t, e)], start, e))
            taken.update(range(a, e))
            break
    groups.sort(key=lambda g: g.start)
    return groups


_SENT_END = re.compile(r"[。;!?\n]")
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
        if r.drop_zone.search(zone) or r.drop_before.search(s, b, g.start):
            g.dropped = True
            continue
        roles = [role for role, pat in r.roles if pat.search(zone)]
        if not roles and nxt is not None and _ONLY_PUNCT.match(s[g.end : nxt]):
            roles = list(groups[i + 1].roles)
            g.venue = groups[i + 1].venue
            g.shares_next = True
        elif not roles:
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
    _respective_venues(groups)


def _respective_venues(groups: list[_Group]) -> None:
    """甲,乙,丙分别在X、Y和Z分会场出席: the i-th person (or group) gets the i-th venue."""
    for i, g in enumerate(groups):
        if len(g.respective) < 2:
            continue
        chain = [g]
        j = i - 1
        while j >= 0 and groups[j].shares_next and not groups[j].dropped:
            chain.insert(0, groups[j])
            j -= 1
        names = [(grp, n) for grp in chain for n in grp.names]
        if len(names) == len(g.respective):
            for (grp, n), v in zip(names, g.respective, strict=True):
                grp.name_venues[n] = v
        elif len(chain) == len(g.respective):
            for grp, v in zip(chain, g.respective, strict=True):
                grp.venue = v


def _rosters(s: str, groups: list[_Group]) -> list[_Group]:
    """出席会议的还有…/在X分会场参加会议的有:…: everyone listed after the intro attended there.

    Groups listed there without verbs of their own become attendees (at the intro's
    venue); a bare name between separators (出席会议的还有张三、李四) is a participant too.
    """
    r = _rules()
    added: list[_Group] = []
    for m in r.roster.finditer(s):
        em = _SENT_END.search(s, m.end())
        end = em.start() if em else len(s)
        venue = m.span(1) if m.group(1) else None
        inside = [g for g in groups if m.end() <= g.start < end]
        for g in inside:
            if not g.roles and not g.dropped:
                g.roles = ["attendee"]
                g.venue = g.venue or venue
        # bare names: each item between separators that is exactly a name
        for tm in re.finditer(r"[^、,:]+", s[m.end() : end]):
            a0, b0 = m.end() + tm.start(), m.end() + tm.end()
            # 甲和乙: a whole item that is a name (孙和平) is not split at 和
            items = [(a0, b0)]
            if _bare_name(s, a0, b0) is None:
                items = [(a0 + t.start(), a0 + t.end()) for t in re.finditer(r"[^和及与]+", s[a0:b0])]
            for a, b in items:
                if any(g.start < b and a < g.end for g in inside):
                    continue
                b2 = _bare_name(s, a, b)
                if b2 is not None:
                    added.append(_Group([(a, b2)], [], a, b2, ["attendee"], venue))
    return added


def _bare_name(s: str, a: int, b: int) -> int | None:
    """End of the name that ``s[a:b]`` is (an optional 同志/等 after it), or None."""
    tail = _rules().roster_tail.search(s, a, b)
    b2 = tail.start() if tail else b
    if b2 - a >= 2 and name_at(s[:b2], a, need_after=False) == b2:
        return b2
    return None


def find_people(text: str, s: str) -> tuple[list[dict], set[str]]:
    """Participants of the meeting in ``text`` (``s``: its matching string), and their names in ``s``."""
    r = _rules()
    groups = _find_groups(s)
    _assign_roles(s, groups)
    if "有" in s:
        groups = sorted(groups + _rosters(s, groups), key=lambda g: g.start)
    people: dict[str, dict] = {}
    spans: set[int] = set()
    for g in groups:
        if g.dropped or not g.roles:
            continue
        posts = [text[a:b] for a, b in g.posts]
        venue = text[g.venue[0] : g.venue[1]] if g.venue else None
        for a, b in g.names:
            spans.update(range(a, b))
            key = s[a:b]
            person = people.setdefault(key, {"name": text[a:b], "posts": [], "roles": [], "venue": None})
            for post in posts:
                if post not in person["posts"]:
                    person["posts"].append(post)
            for role in g.roles:
                if role not in person["roles"]:
                    person["roles"].append(role)
            nv = g.name_venues.get((a, b))
            person["venue"] = person["venue"] or (text[nv[0] : nv[1]] if nv else venue)
    # later mentions as a subject: 某某强调, / 某某在讲话中指出
    for key, person in people.items():
        if "speaker" in person["roles"]:
            continue
        start = s.find(key)
        while start != -1:
            end = start + len(key)
            if start not in spans and r.subject_speaker.match(s, end):
                person["roles"].append("speaker")
                break
            start = s.find(key, end)
    return list(people.values()), set(people)

