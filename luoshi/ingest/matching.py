"""Matching names read from a document to records already kept.

Every comparison is on folded text (luoshi.lib.text.fold: Simplified, NFKC,
no whitespace), so a Traditional document matches records kept in Simplified
and back. A match is a suggestion: the review page shows it and the reviewer
decides; nothing here writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from luoshi.lib.text import fold
from luoshi.org.models import Organization, Person, Region
from luoshi.work.models import WorkArea

# Venue names are printed as 南通分会场 / 主会场: the region is what is left.
_VENUE_SUFFIX = re.compile(r"(主会场|分会场|会场)$")


def match_organization(name: str) -> Organization | None:
    """The organization called `name` (full or short name, either script), or None.

    A bare place name (南通) means that place's government: cities pledge in
    their own name.
    """
    key = fold(name)
    if not key:
        return None
    exact = list(Organization.objects.filter(name_folded=key)[:2])
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None  # two bodies with one name: the reviewer must choose
    short = [o for o in Organization.objects.exclude(short_name="") if fold(o.short_name) == key]
    if len(short) == 1:
        return short[0]
    region = match_region(name)
    if region is not None:
        govs = list(Organization.objects.filter(region=region, kind=Organization.Kind.GOVERNMENT)[:2])
        if len(govs) == 1:
            return govs[0]
    # A shortened form printed in the text (领导小组 for 省推进…领导小组) matches
    # only when exactly one name ends with it; two candidates are ambiguous.
    if len(key) >= 4:
        ends = list(Organization.objects.filter(name_folded__endswith=key)[:2])
        if len(ends) == 1:
            return ends[0]
    return None


def match_person(name: str) -> Person | None:
    key = fold(name)
    if not key:
        return None
    found = list(Person.objects.filter(name_folded=key)[:2])
    # Two people of one name: a new row is safer than merging strangers.
    return found[0] if len(found) == 1 else None


def _region_keys(region: Region) -> set[str]:
    return {k for k in (fold(region.name), fold(region.short_name)) if k}


def match_region(name: str, regions: Iterable[Region] | None = None) -> Region | None:
    """The region named in `name` (南通市, 南通, 南通分会场 — either script), or None."""
    key = _VENUE_SUFFIX.sub("", fold(name))
    if not key:
        return None
    pool = list(regions) if regions is not None else list(Region.objects.all())
    hits = [r for r in pool if key in _region_keys(r)]
    if not hits:
        # 南通 for 南通市: the printed name is the region name without its suffix.
        hits = [r for r in pool if any(k.startswith(key) and len(key) >= 2 for k in _region_keys(r))]
    if len(hits) > 1:
        # Prefer the higher level (省 before 市 before 县) when a name repeats.
        order = {Region.Level.PROVINCE: 0, Region.Level.PREFECTURE: 1, Region.Level.COUNTY: 2}
        hits.sort(key=lambda r: order.get(r.level, 3))
        if order.get(hits[0].level) == order.get(hits[1].level):
            return None
    return hits[0] if hits else None


def guess_kind(name: str) -> str:
    """The Organization.kind a new body of this name most likely has."""
    key = fold(name)
    K = Organization.Kind
    for suffix, kind in (
        ("领导小组", K.LEADING_GROUP), ("办公室", K.OFFICE), ("联席会议", K.JOINT_MEETING),
        ("合作组", K.TOPIC_GROUP), ("专班", K.TOPIC_GROUP), ("党委", K.PARTY_COMMITTEE), ("委员会", K.DEPARTMENT),
        ("人民政府", K.GOVERNMENT), ("政府", K.GOVERNMENT),
    ):
        if key.endswith(suffix):
            return kind
    if match_region(name) is not None and len(key) <= 6:
        return K.GOVERNMENT
    return K.DEPARTMENT


def area_of_text(text: str, areas: Iterable[WorkArea] | None = None) -> WorkArea | None:
    """The work area whose keywords occur most often in `text`."""
    key = fold(text)
    best, best_hits = None, 0
    for area in areas if areas is not None else WorkArea.objects.filter(is_active=True):
        words = [fold(w) for w in re.split(r"[\n·、,，]+", area.keywords) if w.strip()]
        hits = sum(key.count(w) for w in words if w)
        if hits > best_hits:
            best, best_hits = area, hits
    return best


def _bigrams(text: str) -> set[str]:
    key = re.sub(r"[^\w]", "", fold(text))
    return {key[i : i + 2] for i in range(len(key) - 1)}


def overlap(a: str, b: str) -> float:
    """Share of `a`'s character bigrams that also occur in `b` (0..1)."""
    left, right = _bigrams(a), _bigrams(b)
    return len(left & right) / len(left) if left else 0.0


def suggest_parent(commitment_text: str, directives: list[Any], areas: list[WorkArea] | None = None):
    """The directive a commitment most likely answers: same work area first, then shared wording.

    `directives` are objects with `.text` and `.work_area_id`; returns one of them or None.
    """
    if not directives:
        return None
    area = area_of_text(commitment_text, areas)
    best, best_score = None, 0.0
    for directive in directives:
        score = overlap(commitment_text, directive.text)
        if area is not None and directive.work_area_id == area.pk:
            score += 1.0
        if score > best_score:
            best, best_score = directive, score
    return best if best_score >= 0.05 else None


def suggest_units(work_area_id: int | None) -> dict[str, list[Organization]]:
    """Lead and supporting units configured for a work area (ingest.AreaLead)."""
    from luoshi.ingest.models import AreaLead

    result: dict[str, list[Organization]] = {"lead": [], "support": []}
    if work_area_id is None:
        return result
    for row in AreaLead.objects.filter(work_area_id=work_area_id).select_related("organization"):
        result[row.role].append(row.organization)
    return result


def split_names(value: str | Iterable[str]) -> list[str]:
    """Names typed as one line (、 , ， ; or newlines between them), or already a list."""
    if isinstance(value, str):
        parts = re.split(r"[、,，;；\n]+", value)
    else:
        parts = list(value)
    seen, names = set(), []
    for part in parts:
        name = part.strip()
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names
