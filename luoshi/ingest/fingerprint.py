"""The normalized-text hash that recognises a text read before, whatever file or paste it came in."""

from __future__ import annotations

import hashlib

from luoshi.lib.text import fold

# Invisible characters a copy from a web page or a word processor may add or drop.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalized_hash(text: str | None) -> str:
    """sha256 of the text folded for matching (NFKC, Simplified, no whitespace, no invisible characters).

    "" for a text with nothing left: an empty text is no fingerprint.
    """
    folded = fold((text or "").translate(_INVISIBLE))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest() if folded else ""
