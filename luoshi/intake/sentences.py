"""The matching string and sentence splitting.

The rules never match on the original text: they match on ``simplified`` (OpenCC t2s of
the text) with full-width ASCII folded to half-width, so Traditional, Simplified,
full-width and half-width punctuation all look the same to every regex. The folding is
one character for one character, so a position in the matching string is a position in
the original text and every span points into ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# full-width ASCII (U+FF01..U+FF5E) -> ASCII, ideographic space -> space: 1:1, length-safe
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0x200B: 0x20, 0xFE50: ord(","), 0xFE51: ord("、"),
              0xFF64: ord("、"), 0x2014: 0x2014})

_COMMON = [(chr(cp), chr(cp - 0xFEE0)) for cp in map(ord, "，；：（）！？")] + [("\u3000", " ")]
_RARE = re.compile("[\uff01-\uff5e\xa0\u200b\ufe50\ufe51\uff64]")

_T2S = None


def _t2s(chunk: str) -> str:
    global _T2S
    if _T2S is None:
        try:
            import opencc

            _T2S = opencc.OpenCC("t2s").convert
        except Exception:  # the rules still work on Simplified input without OpenCC
            _T2S = lambda s: s  # noqa: E731
    return _T2S(chunk)


def _realign(text: str) -> str:
    """A length-preserving Simplified form, for when the caller's ``simplified`` is not.

    OpenCC phrase tables may change the length of a few phrases; converting line by
    line, and character by character where a line changed length, keeps positions.
    """
    out = []
    for line in text.split("\n"):
        conv = _t2s(line)
        if len(conv) != len(line):
            conv = "".join(c2 if len(c2 := _t2s(ch)) == 1 else ch for ch in line)
        out.append(conv)
    return "\n".join(out)


def matching_text(text: str, simplified: str | None) -> str:
    """Simplified, half-width string with exactly the positions of ``text``."""
    if simplified is None or len(simplified) != len(text):
        simplified = _realign(text)
    # str.replace is much cheaper than translate; the rare other full-width forms are
    # folded only when present
    for wide, narrow in _COMMON:
        simplified = simplified.replace(wide, narrow)
    if _RARE.search(simplified):
        simplified = simplified.translate(_FOLD)
    return simplified


@dataclass
class Sentence:
    start: int  # span in the original text (whitespace trimmed)
    end: int
    para: int  # index of the paragraph (sentences of one paragraph share it)
    s: str  # matching string of the sentence (line breaks inside it removed)
    pieces: list[tuple[int, int]] = field(default_factory=list)

    def text(self, original: str) -> str:
        """The sentence as written; a sentence broken across lines is rejoined."""
        return "".join(original[a:b] for a, b in self.pieces)

    def pos(self, offset: int) -> int:
        """Position in the text of an offset into ``s``."""
        for a, b in self.pieces:
            if offset < b - a:
                return a + offset
            offset -= b - a
        return self.end

    def part(self, original: str, a: int, b: int) -> str:
        """The original text of ``s[a:b]`` (pieces rejoined)."""
        out, base = [], 0
        for pa, pb in self.pieces:
            lo, hi = max(a, base), min(b, base + pb - pa)
            if lo < hi:
                out.append(original[pa + lo - base : pa + hi - base])
            base += pb - pa
        return "".join(out)


_CONTINUES = ",、:(“《"  # a line ending in one of these goes on in the next line
_HAS_PUNCT = re.compile(r"[。,;!?、]")


# 某某强调 / at the end of a line, 要… at the start of the next: one sentence broken by the page
_INTRO_END = re.compile(r"(?:强调|指出|要求|表示|提出)$")
_DIRECTIVE_START = re.compile(r"(?:要|必须|务必|确保|一要|一是|首先要)")


def _paragraphs(s: str) -> list[list[tuple[int, int]]]:
    """Paragraphs as lists of (start, end) line pieces, continuation lines joined."""
    paras: list[list[tuple[int, int]]] = []
    pos = 0
    joined = False
    pieces = []
    for line in s.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            pieces.append((a + lead, a + lead + len(stripped)))
    for n, piece in enumerate(pieces):
        if joined and paras:
            paras[-1].append(piece)
        else:
            paras.append([piece])
        line = s[piece[0] : piece[1]]
        joined = line[-1] in _CONTINUES or (
            bool(_INTRO_END.search(line)) and _HAS_PUNCT.search(line) is not None
            and n + 1 < len(pieces) and bool(_DIRECTIVE_START.match(s, pieces[n + 1][0])))
    return paras


_CUT = re.compile(r"[。!?;…][”’」』\"'》)】。!?;…]*|,(?=[二三四五六七八九十]是)")
_CUT_SPACE = re.compile(r" +")


def split_sentences(s: str) -> list[Sentence]:
    """Sentences ending in 。 ; ! ? (closing quotes kept), one paragraph per line.

    A text without any punctuation is split at whitespace, the only boundary it has.
    """
    out: list[Sentence] = []
    cut = _CUT_SPACE if not _HAS_PUNCT.search(s) else _CUT
    for p_index, pieces in enumerate(_paragraphs(s)):
        cur: list[tuple[int, int]] = []  # a sentence may cross a joined line break
        for a, b in pieces:
            start = a
            for m in cut.finditer(s, a, b):
                end = m.end() if cut is _CUT else m.start()
                cur.append((start, end))
                _emit(s, cur, p_index, out)
                cur = []
                start = m.end()
            if start < b:
                cur.append((start, b))
        _emit(s, cur, p_index, out)
    return out


def _emit(s: str, pieces: list[tuple[int, int]], para: int, out: list[Sentence]) -> None:
    trimmed = []
    for a, b in pieces:
        while a < b and s[a] in " \t\u3000":
            a += 1
        while b > a and s[b - 1] in " \t\u3000":
            b -= 1
        if a < b:
            trimmed.append((a, b))
    if not trimmed:
        return
    text = "".join(s[a:b] for a, b in trimmed)
    if not text.strip(" |"):
        return
    out.append(Sentence(trimmed[0][0], trimmed[-1][1], para, text, trimmed))
