"""Work area of a directive from a keyword table (data/areas.json)."""

from __future__ import annotations

from . import lexicon


def classify(s: str) -> tuple[str, list[str]]:
    """(area, matched keywords) of a Simplified sentence; 'general' when nothing matches.

    The area with most keyword hits wins; ties go to the area listed first in the data
    file (so the specific areas come before 'general').
    """
    order = list(lexicon.areas())
    hits: dict[str, list[str]] = {}
    for _end, (area, word) in lexicon.area_automaton().iter(s):
        words = hits.setdefault(area, [])
        if word not in words:
            words.append(word)
    if not hits:
        return "general", []
    best = max(hits, key=lambda a: (len(hits[a]), -order.index(a)))
    return best, hits[best]
