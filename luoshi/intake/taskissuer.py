"""The body that issued a key-task list: the X of X关于印发… in its title or first lines, a
signature line, X发布关于…, a news lead's 日前,X印发《…》, a title that starts with a government,
else 省政府/市政府 as the text mentions it; a list that names no issuer is the plan of its place: the place its title
starts with (成都市2021年民生实事…), the X of 结合X实际, else the region it names most.
Patterns in ``data/tasklist.json``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .sentences import matching_text


class _Rules:
    def __init__(self) -> None:
        cfg = lexicon.load_json("tasklist.json")
        self.issuer_line = re.compile(cfg["issuer_line"])
        self.issuer_mention = re.compile(cfg["issuer_mention"])
        self.issuer_announces = re.compile(cfg["issuer_announces"], re.M)
        self.issuer_reported = re.compile(cfg["issuer_reported"], re.M)
        self.title_issuer = re.compile(cfg["title_issuer"])
        self.title_government = re.compile(cfg["title_government"])
        self.title_place = re.compile(cfg["title_place"])
        self.place_context = re.compile(cfg["place_context"])


# the party committee that signs a notice with the government (中共某某县委, 中共某某市委员会)
_PARTY_LINE = re.compile(r"^(?:中共|中国共产党)[^,。;:、\s]{2,20}?(?:委员会|委)$")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def issuer(text: str, s: str, lines: list[tuple[int, int]], title: str) -> tuple[str, str]:
    """(the body that issued the list, the rule that found it): the X of X关于印发… (the
    title or an early line), a signature line, X发布关于…, a title that starts with a
    government (市政府2020年重点工作…), else 省政府/市政府 as the text mentions it."""
    r = _rules()
    heads: list[tuple[str, str]] = []  # (original, folded) of the title and the first lines
    if title:
        heads.append((title, matching_text(title, None)))
    heads.extend((text[a:b], s[a:b]) for a, b in lines[:8])
    for original, folded in heads:
        m = r.title_issuer.match(folded)
        if m and "《" not in folded[: m.start(1)]:
            return original[m.start(1) : m.end(1)].strip(), "body:title-issuer"
    for k, (a, b) in enumerate(lines):
        line = s[a:b]
        m = r.issuer_line.match(line)
        if m and not line.startswith("各"):
            name = text[a:b]
            if k and _PARTY_LINE.match(s[lines[k - 1][0] : lines[k - 1][1]]):
                # a joint signature: 中共某某县委 / 某某县人民政府 on the lines above the date
                name = text[lines[k - 1][0] : lines[k - 1][1]] + name
            return (name[:-2] if line.endswith("文件") else name), "body:signature"
    m = r.issuer_announces.search(s)
    if m:
        return text[m.start(1) : m.end(1)], "body:announces"
    m = r.issuer_reported.search(s)
    if m:
        return text[m.start(1) : m.end(1)], "body:reported"
    for original, folded in heads[:1] if title else []:
        m = r.title_government.match(folded)
        if m:
            return original[m.start(1) : m.end(1)], "body:title-government"
    m = r.issuer_mention.search(s)
    if m:
        return text[m.start() : m.end()], "body:mention"
    for original, folded in heads[:1] if title else []:
        m = r.title_place.match(folded)
        if m:
            return original[m.start(1) : m.end(1)], "body:title-place"
    m = r.place_context.search(s)
    if m:
        return text[m.start(1) : m.end(1)], "body:place-context"
    return _most_named_region(text, s)


def _most_named_region(text: str, s: str) -> tuple[str, str]:
    """The region (city or province) the text names most, at least twice and more than any
    other, as written in its fullest form (兰州市 over 兰州)."""
    counts: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    full = lexicon.regions()
    for a, _b, word in lexicon.iter_matches(lexicon.region_automaton(), s):
        # 兰州 and 兰州市 are one region: counted under its full name
        name = next((n for n in (word, word + "市", word + "省") if n in full and n[-1] in "省市区"), word)
        counts[name] = counts.get(name, 0) + 1
        if s[a : a + len(name)] == name:
            spans.setdefault(name, (a, a + len(name)))
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return "", ""
    name = ranked[0][0]
    if name in spans:
        a, b = spans[name]
        return text[a:b], "body:region"
    return "", ""


# 发布机构 | 某某区政府 | 发文日期 | … / 发布单位: 某某局 — the publisher in a page's open-information table
_PUBLISHER = re.compile(r"(?:发布机构|发布单位|发文机关|发文单位|发文机构|制发机关|成文机关)\s*[:|│]?\s*([^|│:\s]*)")


def publisher(page_lines: tuple[str, ...] | list[str]) -> tuple[str, str]:
    """(the publisher the page's open-information table names, "body:publisher"), or ("", "")
    — the issuer of a list whose text names none. The value stands after the label in its row
    (发布机构 | 区政府 |), or alone on the next line (发布单位 | / 广东省人民政府). Only an
    organisation's name (it ends in 政府, 办公室, 局 …) counts."""
    lines = [line.strip() for line in page_lines]
    for i, line in enumerate(lines):
        folded = matching_text(line, None)
        m = _PUBLISHER.search(folded)
        if not m:
            continue
        if m.group(1):
            name = line[m.start(1) : m.end(1)]
        elif i + 1 < len(lines) and lines[i + 1]:
            name = lines[i + 1].strip(" |│")
        else:
            continue
        if _is_org(matching_text(name, None)):
            return name, "body:publisher"
    return "", ""


def _is_org(name: str) -> bool:
    return 2 <= len(name) <= 30 and not re.search(r"[\d,。;]", name) \
        and bool(re.search("(?:" + lexicon.org_suffix_re().pattern + ")$", name))

