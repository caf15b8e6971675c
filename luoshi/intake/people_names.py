"""Participants, reading names: where a personal name stands and where it ends.

Shared by ``people`` (groups, posts, roles) and ``people_rosters``. A name is a PER span
the name model (``names``) proposed in the few windows that can hold one, else a surname
from ``surnames.txt`` plus one or two characters; either way it must be followed by a
verb, a separator or the next post of a roster. The grammar's vocabulary is ``people.json``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon, names

_SENT_END = re.compile(r"[。;!?\n]")
_CLAUSE_DELIMS = frozenset(",。;:!?\n")
_HEAD_TAIL = re.compile("(?:同志)?(?:等(?:同志)?)?(?:分别|先后|依次)?(?:作|进行)?(?:交流|表态|典型)?$")


@dataclass
class Doc:
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
        # refused in a name, except right after a post and before a separator (市政协主席刘其智、)
        self.bad_after_post = self.bad - frozenset(cfg["given_chars_after_post"])
        self.bad_words = tuple(cfg["bad_given_words"])
        self.odd_refused = frozenset(cfg["odd_name_refused"])
        self.bad_word_heads = frozenset(w[0] for w in self.bad_words)
        self.conj_given = frozenset(cfg["conjunctions_in_names"])
        self.after_punct = frozenset(cfg["after_name_punct"])
        self.after = re.compile(lexicon.alternation(cfg["after_name"]))
        self.post_heads = frozenset(cfg["post_heads"]) & self.bad  # never inside a given name
        self.delims = frozenset(cfg["post_delimiters"])
        self.stop = re.compile(lexicon.alternation(cfg["post_stop_words"]))
        self.stop_exceptions = tuple(cfg["post_stop_exceptions"])
        self.np_follow = re.compile(lexicon.alternation(cfg["name_post_followers"]))
        self.np_speak = re.compile(lexicon.alternation(cfg["name_post_speech_followers"]))
        self.quoted_titles = frozenset(cfg["quoted_titles"])
        self.roles = [(role, re.compile("|".join(pats))) for role, pats in cfg["roles"].items()]
        # 重要讲话 drops one whose speech is studied, not one who 作重要讲话 here
        self.drop_zone = re.compile("".join(f"(?<!{re.escape(w)})" for w in cfg["drop_if_zone_not_after"])
                                    + lexicon.alternation(cfg["drop_if_zone"]))
        self.drop_before = re.compile(lexicon.alternation(cfg["drop_if_clause_before"]))
        self.convey_subject = re.compile(cfg["convey_subject"])
        self.subject_speaker = re.compile(cfg["subject_speaker"])
        self.heard_report = re.compile(cfg["heard_report"])
        self.cited_after = re.compile(cfg["cited_after"])
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
        self.posts = lexicon.post_automaton()


@lru_cache(maxsize=1)
def rules() -> _Rules:
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


def _post_next(d: Doc, q: int, r: _Rules) -> bool:
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


def follows(d: Doc, q: int) -> bool:
    """Whether what stands at ``q`` may follow a name: a verb, a separator, the next post."""
    return _follows(d, q, rules())


# 全国政协主席某某22日下午主持召开…: a day of the month right after the name (news agencies)
_DAY_AFTER = re.compile(r"\d{1,2}日")


def _follows(d: Doc, q: int, r: _Rules) -> bool:
    s = d.s
    return (q == len(s) or s[q] in r.after_punct or bool(r.after.match(s, q)) or _post_next(d, q, r)
            or bool(_DAY_AFTER.match(s, q)))


_DOTS = "·•・‧"
# a transliterated name (Uyghur, Tibetan, foreign): two or more parts joined by a middle dot
_DOTTED = re.compile("[\u4e00-\u9fff]{1,8}(?:[·•・‧][\u4e00-\u9fff]{1,8})*[·•・‧]")


def model_span_ok(d: Doc, a: int, b: int) -> bool:
    """A PER span the rules accept as a name: 2–4 Chinese characters, or up to 8 for a
    transliterated name (阿不都某某, 某某·某某某 with a middle dot inside), and no post title
    inside (the model sometimes takes 市长某某 or 某某市… as one person)."""
    s = d.s
    if not 2 <= b - a <= (16 if any(ch in _DOTS for ch in s[a:b]) else 8) or s[a] in _DOTS or s[b - 1] in _DOTS:
        return False
    if not all(_is_cjk(ch) or ch in _DOTS for ch in s[a:b]):
        return False
    return not any(x in d.starts or x + 1 in d.ends for x in range(a, b - 1))


def name_at(d: Doc, p: int, end: int | None = None, after_post: bool = False) -> int | None:
    """End of a personal name starting at ``p``, or None; with ``end``, only a name ending there.

    A name the model proposed at ``p`` wins when it is followed as a name must be (or
    ends at ``end``). Otherwise the shortest surname + given name that is followed by a
    verb or separator wins: 凌某在 is 凌某 + 在, while 吴某某主持 needs three characters
    before 主持 can follow. A two-character reading followed only by a conjunction (严某和…)
    yields to the three-character one when that is followed by a verb or punctuation and
    no name or post follows the conjunction: the reading that makes the rest parse wins.
    Right after a post (``after_post``), a model span that is also a surname and given name
    the rules accept is a name even when nothing the rules know follows it: 副县长某某某县有关部门…
    (a roster that runs on into the next item without a separator).
    """
    r = rules()
    s = d.s
    mq = d.model.get(p)
    if mq is not None and (end is None or mq == end) and model_span_ok(d, p, mq):
        # 严某和…: whether 和 is part of the name is the rules' call (see below)
        follows = _follows(d, mq, r)
        if end is not None or (follows and s[mq : mq + 1] not in r.conj_given):
            if _rules_name_at(d, p, end) != mq:  # ``rule`` says model+… only where it made a difference
                d.from_model.add(p)
            return mq
        q = _rules_name_at(d, p, None)
        # the model's is the only reading: 某某和… (某 a character the rules refuse), 某某安排部署…
        if q is None and (follows or r.bare_verbs.match(s, mq) or (
                after_post and mq - p in (2, 3, 4) and _rules_name_at(d, p, mq) == mq)):
            d.from_model.add(p)
            return mq
        return q
    return _rules_name_at(d, p, end)


def _rules_name_at(d: Doc, p: int, end: int | None) -> int | None:
    r = rules()
    s = d.s
    w = r.after.match(s, p)
    if w and w.end() - p >= 2:  # 某某书记强调: a verb after a title is not a name
        return None
    dm = _DOTTED.match(s, p)
    if dm:  # 某某某·某某: the dot marks a name, whatever its characters; the last part
        for q in range(dm.end() + 1, min(len(s), dm.end() + 8) + 1):  # ends where a verb follows
            if not _is_cjk(s[q - 1]):
                break
            if (q == end) if end is not None else _follows(d, q, r):
                return q
        return None
    if s[p : p + 2] in r.compound:
        sl = 2
    elif p < len(s) and s[p] in r.single:
        sl = 1
    else:
        return None
    limit = len(s) if end is None else end
    if sl == 1 and s[p + 1 : p + 2] == " ":
        # 王　伟、李　强: web pages pad two-character names to the width of three
        q = p + 2 + (s[p + 2 : p + 3] == " ")
        if q < limit and _given_ok(s, q, r) and (q + 1 == end if end is not None else (
                q + 1 == len(s) or s[q + 1] in r.after_punct or r.after.match(s, q + 1))):
            return q + 1
        return None
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
                    and s[q + 1] not in r.single and not _post_next(d, q + 1, r)):
                return q + 1
            return q
    return None


def title_spans(s: str) -> tuple[dict[int, int], dict[int, int]]:
    """end -> start of the longest title ending there; start -> end of the longest one."""
    ends: dict[int, int] = {}
    starts: dict[int, int] = {}
    for a, b, _w in lexicon.iter_matches(rules().posts, s):
        if b not in ends or a < ends[b]:
            ends[b] = a
        if a not in starts or b > starts[a]:
            starts[a] = b
    return ends, starts


def _model_windows(d: Doc) -> list[tuple[int, int]]:
    """The few places where the model can add a name the rules would miss, merged:
    after a post title where a surname follows but the rules read no name there
    (某某 with a character the rules refuse, or followed by a verb they do not list), a
    clause head of name length before a role verb (,某某通报), and the list after a roster
    intro. The tagger costs tens of µs a character, so it reads only these (~2% of a report)."""
    r = rules()
    s = d.s
    wins: list[tuple[int, int]] = []
    for e in d.ends:
        n = after_space(s, e)
        if (n < len(s) and _is_cjk(s[n]) and s[n] not in r.bad and _rules_name_at(d, n, None) is None
                # a surname the list knows, or a name-sized word before a verb or separator
                and (s[n] in r.single or s[n : n + 2] in r.compound
                     or any(_follows(d, n + k, r) for k in (2, 3, 4) if n + k <= len(s)))):
            wins.append((e - 4, n + 10))  # room for a transliterated name
    for m in r.model_trigger.finditer(s):
        a = m.start()
        k = a - 1
        while k >= 0 and a - k <= 30 and s[k] not in r.delims:
            k -= 1
        if k >= 0 and s[k] == "、":  # a list of names: 甲、乙和丙分别汇报
            while k >= 0 and a - k <= 30 and s[k] not in _CLAUSE_DELIMS:
                k -= 1
        if not (k < 0 or s[k] in r.delims):
            continue
        name = s[k + 1 : a]
        for w in r.bare_before_words:  # 会上某某通报 / 会议由某某主持
            if w in name:
                name = name[name.rindex(w) + len(w) :]
                break
        name = _HEAD_TAIL.sub("", name)
        items = re.split("[、和]", name)
        if all(2 <= len(x) <= 4 for x in items) and (name[0] in r.single or name[:2] in r.compound):
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


def model_spans(d: Doc) -> dict[int, int]:
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


def after_space(s: str, p: int) -> int:
    """``p``, or past one or two spaces there when a Chinese character follows them."""
    k = p
    while k < len(s) and k - p < 2 and s[k] == " ":
        k += 1
    return k if k < len(s) and _is_cjk(s[k]) else p
