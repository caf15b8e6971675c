"""Work area of a directive from a keyword table (data/areas.json).

Keywords are weighed by how specific they are, not counted: a longer keyword says more
than a short one (跨省通办 over 社保), a keyword found inside a longer keyword of the
table does not count on its own (试验区 inside 自贸试验区, 环境 inside 营商环境), and the
generic words listed in ``_weights`` (投资, 创新, 开放 …) weigh less, so 铁路 outweighs 投资
and 示范区 outweighs 创新. The area whose keywords weigh most wins.
"""

from __future__ import annotations

from functools import cache

from . import lexicon


@cache
def _weights() -> dict[str, float]:
    return dict(lexicon.load_json("areas.json").get("_weights", {}))


@cache
def _order() -> dict[str, int]:
    return {a: i for i, a in enumerate(lexicon.areas())}


def keyword_weight(word: str) -> float:
    """Specificity of a keyword: its explicit weight, else by length (2 chars: 1.0, 4+: 2.0)."""
    w = _weights().get(word)
    if w is not None:
        return float(w)
    return min(len(word), 4) / 2


def classify(s: str) -> tuple[str, list[str]]:
    """(area, matched keywords) of a Simplified sentence; 'general' when nothing matches.

    The area whose distinct keywords weigh most wins; ties go to the area with more
    keywords, then to the area listed first in the data file.
    """
    found = [(end + 1 - len(word), end + 1, area, word)
             for end, (area, word) in lexicon.area_automaton().iter(s)]
    if not found:
        return "general", []
    hits: dict[str, list[str]] = {}
    for a, b, area, word in found:
        # a keyword inside a longer keyword found at the same place is part of it
        if any(a2 <= a and b <= b2 and b2 - a2 > b - a for a2, b2, _ar, _w in found):
            continue
        words = hits.setdefault(area, [])
        if word not in words:
            words.append(word)
    order = _order()
    best = max(hits, key=lambda a: (sum(keyword_weight(w) for w in hits[a]), len(hits[a]), -order[a]))
    return best, hits[best]
