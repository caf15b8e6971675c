"""Script folding for matching and search.

Text is kept as written; a folded Simplified form sits beside it so that a
Traditional document matches records kept in Simplified, and back.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
# s2tw: standard Traditional character forms (為, 啟, 裡, 審核) without
# Taiwan vocabulary swaps, which s2twp would make.
_S2T = opencc.OpenCC("s2tw")


def fold(text: str | None) -> str:
    """Simplified, NFKC-normalized, whitespace-free form used for matching."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return "".join(_T2S.convert(text).split())


@lru_cache(maxsize=4096)
def to_traditional(text: str) -> str:
    return _S2T.convert(text)


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    return _T2S.convert(text)
