"""Participants, second half: rosters, venues given in order, and later mentions.

``people`` finds the groups (posts + names) of a text and their roles; this module adds

- rosters: 出席会议的还有…, 在X分会场参加会议的有:… make everyone listed after the intro an
  attendee at that venue, bare names between separators included;
- 甲,乙,丙分别在X、Y和Z分会场出席: the i-th person (or group) gets the i-th venue;
- surname + title back-references (田市长强调, 会上王书记对…提出要求): the roles go to the one
  participant already read with that surname and a post ending in that title; one never
  named in full is no one;
- later mentions of a participant: ``某某强调,`` / ``某某在讲话中指出`` (speaker), ``某某主持会议``
  (chair), and ``他强调,`` right after the sentence where the chair or a speaker was named.
"""

from __future__ import annotations

import re

_SENT_END = re.compile(r"[。;!?\n]")


def respective_venues(groups) -> None:
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


def rosters(d, groups, r, new_group, bare_name) -> list:
    """出席会议的还有…/在X分会场参加会议的有:…: everyone listed after the intro attended there.

    Groups listed there without verbs of their own become attendees (at the intro's
    venue); a bare name between separators (出席会议的还有张三、李四) is a participant too.
    """
    s = d.s
    added = []
    for m in r.roster.finditer(s):
        em = _SENT_END.search(s, m.end())
        end = em.start() if em else len(s)
        venue = m.span(1) if m.group(1) else None
        # 出席会议的省领导还有甲、乙: the collective label is their post, as when printed before them
        label = [m.span("label")] if m.group("label") else []
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
            if bare_name(d, a0, b0) is None:
                items = [(a0 + t.start(), a0 + t.end()) for t in re.finditer(r"[^和及与]+", s[a0:b0])]
            for a, b in items:
                if any(g.start < b and a < g.end for g in inside):
                    continue
                b2 = bare_name(d, a, b)
                if b2 is not None:
                    g = new_group([(a, b2)], label, a, b2, "roster")
                    g.roles, g.venue = ["attendee"], venue
                    added.append(g)
    return added


def later_mentions(s: str, people: dict[str, dict], spans: set[int], r) -> None:
    """Roles from later sentences where a participant is the subject."""
    for key, person in people.items():
        start = s.find(key)
        while start != -1:
            end = start + len(key)
            if start not in spans:
                if "speaker" not in person["roles"] and r.subject_speaker.match(s, end):
                    person["roles"].append("speaker")
                if "chair" not in person["roles"] and r.subject_chair.match(s, end):
                    person["roles"].append("chair")
            start = s.find(key, end)
    for m in r.pronoun_speaker.finditer(s) if people else ():
        # 他强调, right after a sentence: the chair named there, else its first speaker
        prev_end = m.start()
        while prev_end > 0 and s[prev_end - 1] in " \n":
            prev_end -= 1
        if prev_end == 0 or s[prev_end - 1] not in "。!?":
            continue
        prev_start = prev_end - 1
        while prev_start > 0 and s[prev_start - 1] not in "。!?\n":
            prev_start -= 1
        sent = s[prev_start:prev_end]
        here = sorted((sent.find(k), k) for k in people if k in sent)
        pick = next((k for _a, k in here if "chair" in people[k]["roles"]), None)
        pick = pick or next((k for _a, k in here if "speaker" in people[k]["roles"]), None)
        if pick and "speaker" not in people[pick]["roles"]:
            people[pick]["roles"].append("speaker")


_CLAUSE_END = re.compile(r"[,。;!?\n]")


def back_references(d, people: dict[str, dict], sposts: dict[str, list[str]], spans: set[int], r) -> None:
    """田市长强调,… / 王书记主持 / 会上,李主任对…提出要求: a surname and a title stand for the
    participant read earlier with that surname and a post ending in that title. The roles
    of the clause go to that person; no one new is made (李省长 never named in full is
    skipped), and a surname shared by two such participants names neither."""
    s = d.s
    by_surname: dict[str, list[str]] = {}
    for key in people:
        sur = key[:2] if key[:2] in r.compound else key[:1]
        by_surname.setdefault(sur, []).append(key)
    if not by_surname:
        return
    for t, e in d.starts.items():
        for sl in (2, 1):
            a = t - sl
            if a < 0 or s[a:t] not in by_surname or any(x in spans for x in range(a, t)):
                continue
            if a > 0 and _is_name_char(s[a - 1]) and s[a - 1] not in "上后":  # 会上王书记 / 随后
                continue
            title = s[t:e]
            keys = [k for k in by_surname[s[a:t]] if any(p.endswith(title) for p in sposts.get(k, ()))]
            if len(keys) != 1:
                break
            m = _CLAUSE_END.search(s, e)
            zone = s[e : m.start() if m else len(s)]
            if r.drop_zone.search(zone) or not (r.after.match(s, e) or r.np_follow.match(s, e)):
                break
            person = people[keys[0]]
            roles = [role for role, pat in r.roles if pat.search(zone)]
            if r.subject_speaker.match(s, e) and "speaker" not in roles:
                roles.append("speaker")
            for role in roles:
                if role not in person["roles"]:
                    person["roles"].append(role)
            break


def _is_name_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
