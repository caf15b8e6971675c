"""Which whole lines of a page are not the article (copyright, licences, hotlines, navigation, …).

Rules live in data/clutter_patterns.txt (regexes with a length cap and a zone),
data/clutter_lines.txt (chrome words standing alone) and data/clutter_spam.txt. A rule never
looks inside a long article paragraph: boilerplate is whole lines, mostly short, and the
date/credit shapes count only above the first or below the last body paragraph.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .clean import remove_pinyin, spam_words
from .datafiles import data_lines
from .script import to_simplified


@dataclass(frozen=True)
class _Rule:
    maxlen: int
    edge_only: bool
    regex: re.Pattern
    tail: bool = False  # below the last body paragraph, every line after this one is clutter


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    rules = []
    for line in data_lines("clutter_patterns.txt"):
        maxlen, zone, pattern = line.split(None, 2)
        rules.append(_Rule(int(maxlen), zone == "edge", re.compile(pattern.strip(), re.I), zone == "tail"))
    return tuple(rules)


_NOT_WORD = re.compile(r"[\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_PUNCT = frozenset("、。，；：！？,;:!?…）)》”’")
_LONGEST = 200  # no rule looks at a line longer than this: it is article text


def _bare(text: str) -> str:
    """Drop whitespace, punctuation and symbols: the comparison key for chrome words."""
    return _NOT_WORD.sub("", text)


@functools.lru_cache(maxsize=1)
def _chrome_words() -> frozenset[str]:
    return frozenset(_bare(w) for w in data_lines("clutter_lines.txt"))


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def is_body_line(line: str) -> bool:
    """Running article text: a sentence or more (zone boundaries are drawn at these)."""
    if len(line) >= 25 and any(p in line for p in "，,。；;") and _has_cjk(line):
        return True
    return len(line) >= 8 and line[-1] in "。！？!?；;" and _has_cjk(line)


def is_tail_marker(line: str, folded: str | None = None) -> bool:
    """A line after which, below the article, the page lists other things (相关新闻, replies)."""
    if len(line) > _LONGEST:
        return False
    key = remove_pinyin(line)
    simplified = remove_pinyin(folded) if folded is not None else to_simplified(key)
    return any(rule.tail and len(key) <= rule.maxlen
               and (rule.regex.search(key) or rule.regex.search(simplified)) for rule in _rules())


def classify(line: str, at_edge: bool, chinese: bool = True, folded: str | None = None) -> bool:
    """Is this (stripped) line boilerplate? ``at_edge``: above the first/below the last body line;
    ``chinese``: the document is Chinese (a Latin-only line is then page chrome);
    ``folded``: the line's Simplified fold when the caller has it."""
    if len(line) > _LONGEST:
        return False
    key = remove_pinyin(line)
    bare = _bare(key)
    if not bare:
        # lone page punctuation such as "|" or "]"; a stray 、 or 。 is a broken sentence's
        # punctuation and goes back into the text (rejoin_broken)
        return not set(key) <= _SENTENCE_PUNCT
    n = len(key)
    simplified = remove_pinyin(folded) if folded is not None else None
    for rule in _rules():
        if n > rule.maxlen or (rule.edge_only and not at_edge):
            continue
        if rule.regex.search(key):
            return True
        if simplified is None:
            simplified = to_simplified(key)
        if simplified != key and rule.regex.search(simplified):
            return True
    if n <= 20 and (bare in _chrome_words() or _bare(simplified or to_simplified(key)) in _chrome_words()):
        return True
    if chinese and not _has_cjk(key) and n <= 60 and sum(ch.isalpha() for ch in key) >= 2:
        return True  # a Latin-only line in a Chinese page: "HOT NEWS", a site slogan
    if n <= 60 and not any(p in key for p in "。；;") and spam_words(key):
        return True  # a spam ad standing alone (page title of a hijacked site)
    return False


def split_boilerplate(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indices of kept lines and of boilerplate lines (lines are stripped, non-empty)."""
    # Zones are found from body lines that no "any"-zone rule removes; a copyright notice
    # that ends in 。 must not extend the article to the bottom of the page.
    sample = "\n".join(lines)[:20000]
    chinese = len(_CJK.findall(sample)) >= len(_LATIN.findall(sample))
    # one OpenCC call for the page instead of one per line
    folded = to_simplified("\n".join(lines)).split("\n")
    if len(folded) != len(lines):
        folded = [None] * len(lines)
    strong = [classify(line, False, chinese, folded[i]) for i, line in enumerate(lines)]
    body = [i for i, line in enumerate(lines) if not strong[i] and is_body_line(line)]
    first = body[0] if body else len(lines)
    last = body[-1] if body else -1
    tail = next((i for i in range(last + 1, len(lines)) if strong[i] and is_tail_marker(lines[i], folded[i])),
                len(lines))
    keep, drop = [], []
    for i, line in enumerate(lines):
        at_edge = i < first or i > last
        if i > tail or strong[i] or (at_edge and classify(line, True, chinese, folded[i])):
            drop.append(i)
        else:
            keep.append(i)
    return keep, drop
