"""The body that issued a key-task list: the X of X关于印发… in its title or first lines, a
signature line, X发布关于…, a title that starts with a government, else 省政府/市政府 as the
text mentions it. Patterns in ``data/tasklist.json``.
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
        self.title_issuer = re.compile(cfg["title_issuer"])
        self.title_government = re.compile(cfg["title_government"])


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
    for a, b in lines:
        line = s[a:b]
        m = r.issuer_line.match(line)
        if m and not line.startswith("各"):
            name = text[a:b]
            return (name[:-2] if line.endswith("文件") else name), "body:signature"
    m = r.issuer_announces.search(s)
    if m:
        return text[m.start(1) : m.end(1)], "body:announces"
    for original, folded in heads[:1] if title else []:
        m = r.title_government.match(folded)
        if m:
            return original[m.start(1) : m.end(1)], "body:title-government"
    m = r.issuer_mention.search(s)
    return (text[m.start() : m.end()], "body:mention") if m else ("", "")
