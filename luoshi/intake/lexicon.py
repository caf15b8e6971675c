"""Data files of the intake rules, loaded once.

Everything the rules know about Chinese (surnames, post titles, organisation endings,
region names, work-area keywords, verb lists) lives in ``luoshi/intake/data``; this
module reads those files on first use and keeps the compiled forms (Aho-Corasick
automata, regexes) in a module-level cache, so a document costs no loading time.
All entries are Simplified: the rules match against the OpenCC-folded text.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick

DATA_DIR = Path(__file__).with_name("data")


def _lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    out = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def load_json(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    toks = [t for line in _lines("surnames.txt") for t in line.split()]
    return frozenset(t for t in toks if len(t) == 1), frozenset(t for t in toks if len(t) > 1)


def automaton(words: list[str] | tuple[str, ...]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton whose values are the matched words."""
    auto = ahocorasick.Automaton()
    for w in words:
        if w:
            auto.add_word(w, w)
    if len(auto):
        auto.make_automaton()
    return auto


def iter_matches(auto: ahocorasick.Automaton, text: str):
    """(start, end, word) of every occurrence; nothing when the automaton is empty."""
    if not len(auto):
        return
    for end, word in auto.iter(text):
        yield end + 1 - len(word), end + 1, word


@cache
def post_titles() -> tuple[str, ...]:
    return tuple(_lines("posts.txt"))


@cache
def post_automaton() -> ahocorasick.Automaton:
    return automaton(post_titles())


@cache
def org_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_lines("org_suffixes.txt"), key=len, reverse=True))


@cache
def org_suffix_re() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, org_suffixes())) + ")")


@cache
def regions() -> dict[str, str]:
    """Region name -> level; short forms without 省/市/自治区 map to the same level."""
    out: dict[str, str] = {}
    for line in _lines("regions.txt"):
        name, _, level = line.partition("\t")
        name = name.strip()
        out[name] = level.strip() or "city"
        short = re.sub(r"(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|省|市)$", "", name)
        if len(short) >= 2:
            out.setdefault(short, out[name])
    return out


@cache
def region_automaton() -> ahocorasick.Automaton:
    return automaton(tuple(regions()))


@cache
def areas() -> dict[str, list[str]]:
    return {k: v for k, v in load_json("areas.json").items() if not k.startswith("_")}


@cache
def area_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for area, words in areas().items():
        for w in words:
            # a keyword may belong to one area only; the first area listed keeps it
            if w not in auto:
                auto.add_word(w, (area, w))
    auto.make_automaton()
    return auto


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """Regex alternation of literal words, longest first (so 建立健全 beats 建立)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def region_of(name: str) -> str | None:
    """The first region named inside ``name`` (Simplified), or None."""
    best = None
    for start, end, word in iter_matches(region_automaton(), name):
        if best is None or start < best[0] or (start == best[0] and end > best[1]):
            best = (start, end, word)
    return best[2] if best else None
