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

from . import lexicon, people_rosters, ruleconf
from .people_names import (
    Doc,
    _is_cjk,
    after_space,
    follows,
    model_span_ok,
    model_spans,
    name_at,
    rules,
    title_spans,
)

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


def _in_exception(s: str, i: int, words: tuple[str, ...]) -> bool:
    """Whether ``s[i]`` lies inside one of ``words`` (经 in 经济, 据 in 数据)."""
    return any(s.startswith(w, x) for w in words for x in range(max(0, i - len(w) + 1), i + 1))


def _post_chain(d: Doc, p: int, floor: int) -> list[tuple[int, int]]:
    """Posts ending at ``p``, walking left over 、-separated segments that end in a title.

    ``floor`` is the end of the previous group: 市委书记甲和市长乙 gives 乙 only 市长.
    A post chain standing alone between the previous group and this one, cut off by a
    comma (…甲,省政协主席,省委常委、市委书记乙), belongs to this one too.
    """
    r = rules()
    s = d.s
    segs: list[tuple[int, int]] = []
    end = p
    while end in d.ends:
        b = end
        while b > floor and s[b - 1] not in r.delims:
            b -= 1
            # a quoted name inside an organisation: 中央“不忘初心、牢记使命”主题教育领导小组组长
            if s[b - 1] == "”" and b - 1 > floor:
                q = s.rfind("“", max(floor, b - 24), b - 1)
                if q != -1 and not any(ch in ",。;:!?\n" for ch in s[q:b]):
                    b = q
        while b < end and s[b] in "和及与并":
            b += 1
        trimmed = False
        for m in r.stop.finditer(s, b, end):
            # a stop word that starts an organisation's word (经济委员会, 对外…) stops nothing
            if m.end() < end and not _in_exception(s, m.start(), r.stop_exceptions):
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
        if s[b - 1] == " ":  # posts spaced apart on web pages: 市委副书记 市长 某某
            while b > floor + 1 and s[b - 2] == " ":
                b -= 1
            if b - 2 > floor and s[b - 2] == "、":  # 市委常委、 常务副市长某某
                b -= 1
        elif s[b - 1] != "、":
            break
        end = b - 1
    return segs


def _find_groups(d: Doc) -> list[_Group]:
    s = d.s
    groups: list[_Group] = []
    taken: set[int] = set()
    # post(s) before the name
    for p in sorted(d.ends):
        if p in taken or p >= len(s):
            continue
        n0 = after_space(s, p)  # 市长 某某: web pages often space the name off
        q = name_at(d, n0, after_post=True)
        if q is None or not follows(d, q):
            # the model may cut a four-character name short (苏某某|某作通报)
            q = _name_after_post(d, n0) or q
        if q is None:
            continue
        posts = _post_chain(d, p, groups[-1].end if groups else 0)
        if not posts:
            continue
        names_ = [(n0, q)]
        # 甲、乙和丙 / 甲 乙 丙: the names share the posts before the first
        while q < len(s) - 1 and s[q] in "、和及与 ":
            n = after_space(s, q + 1) if s[q] == " " else q + 1
            q2 = name_at(d, n)
            if q2 is None and s[q] == "、":
                q2 = _list_item(d, n)
            if q2 is None and s[q] == "、":
                # 甲、阿某某某、某凝、乙出席: names the surname rules do not know (Tibetan, Yi,
                # rare surnames) inside a list that goes on to a name they do know
                run = _list_run(d, n)
                if run:
                    names_.extend(run)
                    q = run[-1][1]
                    continue
            if q2 is None or (q2 in d.ends and d.ends[q2] <= n) or _is_region(s, n, q2):
                break
            names_.append((n, q2))
            q = q2
        if s[q : q + 1] == ",":
            # 副县长甲,乙,丙,各乡镇负责人参加会议: bare names set off by commas share the post
            run = _comma_run(d, q + 1)
            if run:
                names_.extend(run)
                q = run[-1][1]
        taken.update(range(posts[0][0], q))
        rule = "model+post" if n0 in d.from_model else "post-grammar"
        groups.append(_Group(names_, posts, posts[0][0], q, rule))
    _names_before_titles(d, groups, taken)
    _names_before_label(d, groups, taken)
    _bare_names(d, groups, taken)
    groups.sort(key=lambda g: g.start)
    return groups


def _name_after_post(d: Doc, n: int) -> int | None:
    """End of a 2–3 character name right after a post that the surname rules refuse for a
    given-name character seen in names (市政协主席刘其智、 / 副县长周胜会,), when a separator
    or a verb follows it: after a title, such an item is a name."""
    r = rules()
    s = d.s
    sl = 2 if s[n : n + 2] in r.compound else 1 if n < len(s) and s[n] in r.single else 0
    w = r.after.match(s, n)
    if not sl or (w and w.end() - n >= 2) or s.startswith(r.bad_words, n + sl):
        return None  # 书记强调: a verb after a title is no name
    for k in (1, 2, 3) if sl == 1 else (1, 2):
        q = n + sl + k
        if q > len(s) or not all(_is_cjk(ch) and ch not in r.bad_after_post for ch in s[n + sl : q]):
            return None
        if any(x in d.starts for x in range(n, q)):
            return None
        if k == 3:  # 州长苏某某某作通报: a four-character (Yi, Tibetan) name needs a verb after it
            return q if r.after.match(s, q) and s[q] not in r.after_punct and s[q] not in r.conj_given else None
        if q == len(s) or s[q] in "、,。;" or r.after.match(s, q) and s[q] not in r.conj_given:
            return q
        # 市委副书记某某会和市委常委出席: 和 before the next post
        if s[q : q + 1] in ("和", "及", "与") and q + 1 < len(s) and (s[q + 1] in r.post_heads or q + 1 in d.starts):
            return q
    return None


def _is_region(s: str, a: int, b: int) -> bool:
    """``s[a:b]`` is a region followed by its level (江苏|省发展改革委…, 金华|市…): the next
    person's organisation, not a name."""
    return b < len(s) and s[b] in "省市县区州" and lexicon.region_of(s[a:b]) is not None


def _list_item(d: Doc, n: int) -> int | None:
    """End of a 2–3 character item of a name list (…、某某某, / …、某某某出席) that the
    surname rules refuse only for a given-name character (某在某): a list of names does not
    break at one unusual name."""
    r = rules()
    s = d.s
    for k in (2, 3):
        q = n + k
        if q > len(s) or not all(_is_cjk(ch) for ch in s[n:q]):
            return None
        if s[n] not in r.single or any(x in d.starts for x in range(n, q)):
            return None
        if q == len(s) or s[q] in "、,。;:!? \n" or r.after.match(s, q) and s[q] not in r.conj_given:
            return q
    return None


def odd_item(d: Doc, a: int, b: int) -> bool:
    """Whether ``s[a:b]`` (between two 、) can be a name the surname rules do not read:
    2–4 Chinese characters (up to 16 with a middle dot), no title inside, none of the
    characters of organisations and function words (`odd_name_refused`), not a region."""
    r = rules()
    s = d.s
    dotted = any(ch in "·•・‧" for ch in s[a:b])
    if not 2 <= b - a <= (16 if dotted else 4) or s[a] in r.post_heads:
        return False
    if not all(_is_cjk(ch) or (dotted and ch in "·•・‧") for ch in s[a:b]):
        return False
    if any(ch in r.odd_refused for ch in s[a:b]) or any(x in d.starts for x in range(a, b)):
        return False
    return lexicon.region_of(s[a:b]) is None


def _post_ahead(d: Doc, i: int) -> bool:
    """A post title starts at ``i`` or a few characters after it with no separator between
    (秘书长某某 / 市政府秘书长某某): the next person of a roster, not a name."""
    k = bisect.bisect_left(d.title_starts, i)
    if k == len(d.title_starts):
        return False
    t = d.title_starts[k]
    return t - i <= 12 and not any(ch in rules().delims for ch in d.s[i:t])


def _comma_run(d: Doc, n: int) -> list[tuple[int, int]]:
    """Bare names from ``n`` on, each set off by a comma (副县长甲,乙,某某,丙,…): a name the
    rules read, or a name-shaped item (``odd_item``) that a name they read follows. Each must
    be followed by a comma or 、, never by a verb (…,乙主持会议 is a new clause) nor be the
    start of the next person's post."""
    s = d.s
    items: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []
    i = n
    while len(items) + len(pending) < 40 and i < len(s) and not _post_ahead(d, i):
        q = name_at(d, i) or _list_item(d, i)
        if q is not None and s[q : q + 1] in (",", "、") and not _is_region(s, i, q) and not (
                q in d.ends and d.ends[q] <= i):
            items += pending + [(i, q)]
            pending = []
            i = q + 1
            continue
        if q is not None:
            break
        j = next((k for k in range(i + 2, min(len(s), i + 17)) if s[k] in ",、"), -1)
        if j == -1 or not odd_item(d, i, j):
            break
        pending.append((i, j))
        i = j + 1
    return items


def _list_run(d: Doc, n: int) -> list[tuple[int, int]] | None:
    """Items of a name list from ``n`` on when the item at ``n`` is no name the rules read:
    every item up to the next 、 that has the shape of a name (``odd_item``) is one, as long
    as the list goes on to a name the rules do read, followed by a verb or a separator other
    than 、 (…、阿某某某、某凝、乙出席会议). A list that ends in an unread item is no list."""
    s = d.s
    items: list[tuple[int, int]] = []
    i = n
    while len(items) < 60:
        q = name_at(d, i) if items else None
        if q is None and items:
            q = _list_item(d, i)
        if q is not None and not (q in d.ends and d.ends[q] <= i) and not _is_region(s, i, q):
            items.append((i, q))
            if s[q : q + 1] != "、":
                return items
            i = q + 1
            continue
        if _post_ahead(d, i):
            # 副市长甲、某某、秘书长乙: the next person's post ends the list of this one
            return items if items else None
        j = s.find("、", i, i + 17)
        if j == -1 or not odd_item(d, i, j):
            return None
        items.append((i, j))
        i = j + 1
    return None


def _list_item_before(d: Doc, end: int, taken: set[int]) -> int | None:
    """Start of a 2–3 character item of a name list ending at ``end`` (…、某某某、乙等…), read
    as ``_list_item`` reads one after a post: a surname, Chinese characters, no title, and a
    separator before it."""
    r = rules()
    s = d.s
    for k in (3, 2):
        a = end - k
        if a < 1 or s[a - 1] not in "、,: " or any(x in taken for x in range(a, end)):
            continue
        if s[a] in r.single and all(_is_cjk(ch) for ch in s[a:end]) and not any(
                x in d.starts for x in range(a, end)):
            return a
    return None


def _names_before_titles(d: Doc, groups: list[_Group], taken: set[int]) -> None:
    """NAME title: 我委某某主任、某某副主任参加 / 某某常委建议, / 某某市长在会上强调."""
    r = rules()
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


def _names_before_label(d: Doc, groups: list[_Group], taken: set[int]) -> None:
    """甲、乙等县领导出席: names listed before a collective label share it as their post."""
    r = rules()
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
                # 甲、周某会、乙等市领导: a list item the surname rules refuse for one character
                a = _list_item_before(d, end, taken) if names_ else None
                if a is None:
                    break
                names_.insert(0, (a, end))
            if a > 0 and s[a - 1] in "、和及与":
                end = a - 1
                continue
            break
        if not names_ or (names_[0][0] > 0 and s[names_[0][0] - 1] not in r.delims):
            continue
        groups.append(_Group(names_, [m.span(1)], names_[0][0], m.end(), "name-label"))
        taken.update(range(names_[0][0], m.end()))


def _bare_names(d: Doc, groups: list[_Group], taken: set[int]) -> None:
    """NAME verb at the start of a clause, no post: 某某主持召开… / 会上,某某通报…

    The model's PER spans are the candidates, and surname-list names before 主持召开/主持会议
    (a surname list alone also matches words, so it is trusted only before those).
    """
    r = rules()
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
        if not model_span_ok(d, a, b) or any(i in taken for i in range(a, b)):
            continue
        if a > 0 and s[a - 1] not in r.delims and not r.bare_before.search(s, max(0, a - 4), a):
            continue
        # 甲、乙和丙分别汇报…: a list of the model's names before one verb
        names_ = [(a, b)]
        while rule == "model+verb" and s[b : b + 1] in ("、", "和") and b + 1 in d.model:
            b2 = d.model[b + 1]
            if not model_span_ok(d, b + 1, b2) or any(i in taken for i in range(b + 1, b2)):
                break
            names_.append((b + 1, b2))
            b = b2
        if not verbs.match(s, b):
            continue
        groups.append(_Group(names_, [], a, b, rule))
        taken.update(range(a, b))


_CLAUSE_END = re.compile(r"[,。;!?\n]")
_ONLY_PUNCT = re.compile(r"^(?:[,、\s]|和|及|以及|与)*$")


# 甲,区政协党组书记、某届政协主席提名人选乙,丙参加会议: a post and a name the grammar could not
# read between two groups of one list; the groups still share the verbs at its end
_UNREAD_PERSON = re.compile(r"^[,、](?:[\u4e00-\u9fff、()“”]){2,40}[,、]$")


def _unread_person(s: str, a: int, b: int, starts: dict[int, int] | None) -> bool:
    """``s[a:b]`` is one list item that holds a post title and no verb of a role."""
    r = rules()
    if starts is None or not _UNREAD_PERSON.match(s[a:b]) or not any(x in starts for x in range(a, b)):
        return False
    return not any(pat.search(s, a, b) for _role, pat in r.roles) and not r.after.search(s, a + 1, b - 1)


def _assign_roles(s: str, groups: list[_Group], starts: dict[int, int] | None = None) -> None:
    r = rules()
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        m = _SENT_END.search(s, g.end)
        sent_end = m.start() if m else len(s)
        nxt = groups[i + 1].start if i + 1 < len(groups) and groups[i + 1].start < sent_end else None
        m = _CLAUSE_END.search(s, g.end)
        clause_end = m.start() if m else len(s)
        # 主持会议,并就…讲了具体意见 / 出席会议,并作讲话: a clause led by 并 goes on with
        # the same subject
        while clause_end < sent_end and s[clause_end] == "," and s.startswith(("并", "同时"), clause_end + 1):
            m = _CLAUSE_END.search(s, clause_end + 1)
            clause_end = min(m.start() if m else len(s), sent_end)
        limit = min(clause_end, nxt) if nxt is not None else clause_end
        zone = s[g.end : limit]
        # where the clause before the group started, to see 传达学习…/受…委托
        b = g.start
        while b > 0 and s[b - 1] not in ",。;!?\n":
            b -= 1
        # 副县长某某传达学习了…讲话精神: the one conveying spoke; the one conveyed did not
        conveys = bool(r.convey_subject.match(s, g.end))
        # 受某某委托 drops the one who entrusted; 某某受委托作说明 is the one who spoke
        entrusted = zone.startswith("受委托")
        # 会议指出,省委书记某某在…上作重要讲话 / 某某强调,省长某某主持召开…: one named inside
        # what the meeting or a speaker said is cited, not present
        ss = g.start
        while ss > 0 and s[ss - 1] not in "。;!?\n":
            ss -= 1
        # 会议听取了秘书长某某(所)作的关于…的汇报 / 某某关于…的说明: the one whose report the
        # meeting heard gave it there
        heard = "听取" in s[b : g.start] and bool(r.heard_report.match(s, g.end))
        if ((r.drop_zone.search(zone) and not conveys and not entrusted and not heard)
                or r.drop_before.search(s, b, g.start) or r.cited_after.search(s, ss, g.start)):
            g.dropped = True
            continue
        roles = [role for role, pat in r.roles if pat.search(zone)]
        if (conveys or heard or r.subject_speaker.match(s, g.end)) and "speaker" not in roles:
            roles.append("speaker")  # 某某要求,… / 某某传达…
        if not roles and nxt is not None and (_ONLY_PUNCT.match(s[g.end : nxt])
                                              or (g.posts and _unread_person(s, g.end, nxt, starts))):
            roles = list(groups[i + 1].roles)
            g.venue = groups[i + 1].venue
            g.shares_next = True
        elif not roles and g.posts:
            # 市长某某,主持召开…会议,…,安排部署…: the verbs of the first clause that has any,
            # not of every clause of the sentence (the rest says what the meeting did)
            limit = nxt if nxt is not None else sent_end
            pos = g.end
            while pos < limit and not roles:
                m = _CLAUSE_END.search(s, pos + 1, limit)
                ce = m.start() if m else limit
                roles = [role for role, pat in r.roles if pat.search(s, pos, ce)]
                pos = ce
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


def _bare_name(d: Doc, a: int, b: int) -> int | None:
    """End of the name that ``s[a:b]`` is (an optional 同志/等 after it), or None."""
    tail = rules().roster_tail.search(d.s, a, b)
    b2 = tail.start() if tail else b
    if b2 - a >= 2 and name_at(d, a, end=b2) == b2:
        return b2
    return None


def _new_group(names_, posts, start, end, rule) -> _Group:
    return _Group(names_, posts, start, end, rule)


def find_people(text: str, s: str) -> tuple[list[dict], set[str]]:
    """Participants of the meeting in ``text`` (``s``: its matching string), and their names in ``s``."""
    r = rules()
    ends, starts = title_spans(s)
    d = Doc(s, ends, starts, sorted(starts), {})
    d.model = model_spans(d)
    groups = _find_groups(d)
    _assign_roles(s, groups, starts)
    if "有" in s:
        added = people_rosters.rosters(d, groups, r, _new_group, _bare_name)
        groups = sorted(groups + added, key=lambda g: g.start)
    people: dict[str, dict] = {}
    sposts: dict[str, list[str]] = {}  # each person's posts in the matching string
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
            key = s[a:b].replace(" ", "")  # 王　伟: a two-character name padded to three
            person = people.get(key)
            if person is None:
                rule = g.rule
                if rule == "roster" and a in d.from_model:
                    rule = "model+roster"
                conf = ruleconf.of("people.json", rule)
                person = people[key] = {"name": "".join(text[a:b].split()), "posts": [], "roles": [], "venue": None,
                                        "rule": rule, "confidence": conf}
            for post, (pa, pb) in zip(posts, g.posts, strict=True):
                if post not in person["posts"]:
                    person["posts"].append(post)
                    sposts.setdefault(key, []).append(s[pa:pb])
            for role in g.roles:
                if role not in person["roles"]:
                    person["roles"].append(role)
            nv = g.name_venues.get((a, b))
            person["venue"] = person["venue"] or (text[nv[0] : nv[1]] if nv else venue)
    people_rosters.back_references(d, people, sposts, spans, r)
    people_rosters.later_mentions(s, people, spans, r)
    return list(people.values()), set(people)
