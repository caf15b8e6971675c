"""Script of a text (Simplified, Traditional or mixed) and its Simplified fold.

One OpenCC converter per direction per process: building one costs milliseconds (dictionary
load), converting a report costs microseconds.
"""
from __future__ import annotations

import opencc

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")

# A Traditional text counts as "hant" when at least this share of its script-specific characters
# is Traditional. Machine-converted pages leave a few Simplified forms (并, 后, 于, 系, 采, 扎),
# which must not turn the verdict into "mixed".
_MAJORITY = 0.85


def to_simplified(text: str) -> str:
    """OpenCC t2s fold; the result has the same length for all but a few phrase conversions."""
    return _T2S.convert(text) if text else ""


def detect_script(text: str, simplified: str | None = None) -> str:
    """'hans', 'hant' or 'mixed'.

    Characters that change under t2s are Traditional; characters that change under s2t and are
    left alone by t2s are Simplified. Characters common to both scripts are not evidence.
    """
    if simplified is None:
        simplified = to_simplified(text)
    trad = simp = 0
    if len(simplified) == len(text):
        trad = sum(1 for a, b in zip(text, simplified, strict=False) if a != b)
    else:  # rare phrase conversions changed the length: compare per character
        trad = sum(1 for ch in text if _T2S.convert(ch) != ch)
    as_trad = _S2T.convert(simplified)
    if len(as_trad) == len(simplified) == len(text):
        simp = sum(1 for a, s, t in zip(text, simplified, as_trad, strict=False) if a == s and s != t)
    else:
        simp = sum(1 for ch in text if _T2S.convert(ch) == ch and _S2T.convert(ch) != ch)
    total = trad + simp
    if total == 0:
        return "hans"  # no script-specific characters (ASCII, or only shared characters)
    share = trad / total
    if share >= _MAJORITY:
        return "hant"
    if share <= 1 - _MAJORITY:
        return "hans"
    return "mixed"
