"""Fold text and cut it into the tokens the index stores — no Django here.

Chinese has no spaces, so a word cannot be found by splitting on them. Every
run of Han characters is folded to Simplified (OpenCC t2s, so 進度 and 进度
index the same) and cut into overlapping character bigrams (城市更新 →
城市 市更 更新) plus its single characters; Latin letters and digits stay
whole words, lower-cased. The index stores these tokens separated by spaces,
which any full-text engine's plain whitespace tokenizer reads back unchanged.

A query is cut the same way: a run of two or more Han characters becomes its
bigrams, a single character stays a unigram. A text that contains the query
contains every one of its tokens.
"""
from __future__ import annotations

import re

from luoshi.intake.script import to_simplified

# Han ideographs (with extension A and compatibility ideographs), or a word of
# Latin letters and digits. Everything else (punctuation, kana, spaces) separates.
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Full-width digits and letters fold to ASCII (２０２６ → 2026).
MAX_UNIQUE = 50_000
_WIDE = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B)}


def fold(text: str) -> str:
    """Simplified, ASCII digits and letters, lower case."""
    return to_simplified(text or "").translate(_WIDE).lower()


def index_tokens(text: str, unique: bool = False) -> str:
    """The space-separated tokens stored for `text` (bigrams, unigrams, words).

    `unique` keeps each token once, and at most MAX_UNIQUE of them: a long
    document then matches the same queries but weighs no token by its count,
    and stays inside PostgreSQL's 1 MB tsvector limit (about 14 bytes a
    bigram with its position). Past MAX_UNIQUE distinct tokens — a text of
    several hundred thousand characters — later new tokens are not indexed.
    """
    out: list[str] = []
    for run in _RUN.findall(fold(text)):
        if _HAN.match(run):
            out.extend(run)
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    if unique:
        out = list(dict.fromkeys(out))[:MAX_UNIQUE]
    return " ".join(out)


def query_tokens(query: str) -> list[str]:
    """The tokens a text must contain to match `query`, in order, without repeats."""
    seen: dict[str, None] = {}
    for run in _RUN.findall(fold(query)):
        if _HAN.match(run) and len(run) > 1:
            for i in range(len(run) - 1):
                seen.setdefault(run[i:i + 2], None)
        else:
            seen.setdefault(run, None)
    return list(seen)
