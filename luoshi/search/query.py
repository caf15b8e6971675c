"""Run a query for a user: only what access.py lets them read, ranked, with counts per kind."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from luoshi import access
from luoshi.search import grams
from luoshi.search.backends import backend
from luoshi.search.models import SearchEntry

Kind = SearchEntry.Kind

# The querysets the list pages use, kind by kind: a result is an object the
# user could open from a list (current tasks and documents, not archived ones).
SCOPES = {
    Kind.TASK: access.current_tasks,
    Kind.REPORT: access.visible_reports,
    Kind.MEETING: access.visible_meetings,
    Kind.DIRECTIVE: access.visible_directives,
    Kind.COMMITMENT: access.visible_commitments,
    Kind.DOCUMENT: access.current_documents,
    Kind.PERSON: access.visible_people,
    Kind.UNIT: access.visible_organizations,
}
MAX_QUERY = 100  # characters; a pasted paragraph is cut, not refused


@dataclass
class Results:
    query: str
    tokens: list[str]
    entries: QuerySet  # SearchEntry rows annotated with rank, best first
    counts: dict[str, int] = field(default_factory=dict)
    every: bool = True  # False when no entry had every token and any token was enough

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def in_scope(user, kinds=None) -> QuerySet:
    """SearchEntry rows of objects the user may read (of `kinds`, default all)."""
    scope = Q(pk__in=[])
    for kind, visible in SCOPES.items():
        if kinds and kind not in kinds:
            continue
        # EXISTS, not IN: probed once per matched entry through the primary
        # key, where IN would first list every visible object of the kind.
        scope |= Q(kind=kind) & Exists(visible(user).order_by().filter(pk=OuterRef("object_id")))
    return SearchEntry.objects.filter(scope)


def search(user, query: str, kind: str | None = None) -> Results:
    """Entries containing every token of `query`; if none do, entries with most of them.

    Rank: the engine's relevance with title tokens weighing more (bm25 /
    ts_rank), then the newest entry first.
    """
    query = (query or "").strip()[:MAX_QUERY]
    tokens = grams.query_tokens(query)
    if not tokens:
        return Results(query, tokens, SearchEntry.objects.none())
    engine = backend()
    base = in_scope(user)
    every = True
    matched = engine.matching(base, tokens, every=True)
    counts = _counts(matched)
    if not counts and len(tokens) > 2:
        # A long query rarely appears word for word; fall back to any token,
        # ranked by how many (and how rare) the matched tokens are.
        every = False
        matched = engine.matching(base, tokens, every=False)
        counts = _counts(matched)
    entries = matched.filter(kind=kind) if kind else matched
    entries = entries.order_by("rank", "-updated_at", "-pk")
    return Results(query, tokens, entries, counts, every)


def _counts(qs: QuerySet) -> dict[str, int]:
    rows = qs.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    return {k: n for k, n in rows if n}
