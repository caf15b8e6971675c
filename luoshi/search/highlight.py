"""Mark the query in a result's text: escape first, then wrap matches in <mark>.

Matching runs on the folded text (Simplified, lower case), and the marks are
placed on the text as written, so a Simplified query marks 進度 in a
Traditional report. OpenCC's fold keeps the length of almost every text; when
a phrase conversion changes it, the folded text is shown instead.
"""
from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from luoshi.search import grams

SNIPPET = 90  # characters shown around the first match


def _covered(folded: str, tokens: list[str]) -> list[bool]:
    cover = [False] * len(folded)
    for token in tokens:
        start = folded.find(token)
        while start != -1:
            for i in range(start, start + len(token)):
                cover[i] = True
            start = folded.find(token, start + 1)
    return cover


def highlight(text: str, tokens: list[str], snippet: bool = False) -> SafeString:
    """`text` as HTML with every occurrence of a query token in <mark>; optionally cut around the first."""
    text = text or ""
    folded = grams.fold(text)
    if len(folded) != len(text):
        text = folded
    cover = _covered(folded, tokens)
    start, end = 0, len(text)
    if snippet and len(text) > SNIPPET:
        first = cover.index(True) if True in cover else 0
        start = max(0, first - SNIPPET // 3)
        end = min(len(text), start + SNIPPET)
    out: list[str] = ["…"] if start > 0 else []
    i = start
    while i < end:
        j = i
        while j < end and cover[j] == cover[i]:
            j += 1
        piece = escape(text[i:j])
        out.append(f"<mark>{piece}</mark>" if cover[i] else piece)
        i = j
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 — every piece escaped above
