"""Bytes → str: detect the encoding of a text document (never assume it).

Chinese documents arrive as UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030/GBK
or Big5. charset-normalizer guesses wrong on short CJK snippets (a Big5 sentence comes back as
cp932), so the CJK candidates are decoded here and judged by how much of the result is common
Chinese; charset-normalizer is only asked when no CJK reading is plausible.

A text that is not valid UTF-8 as a whole but has lines that are (a clerk pasted from two sources
into one file) is decoded line by line — UTF-8 where a line is UTF-8, GB18030 or Big5 elsewhere —
and the record warns which lines were read differently, rather than turning half of it into
mojibake (see ``_decode_by_line``).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .datafiles import common_chars
from .errors import IntakeError

# Signatures of binary formats that are sometimes handed in by mistake.
_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\x1f\x8b", b"BZh", b"\xfd7zXZ",
    b"Rar!", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0", b"MZ\x90\x00", b"OggS", b"RIFF", b"\x00\x00\x01\x00",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# control characters that never occur in a text file (tab, LF, FF, CR, ESC are allowed)
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002ffff"


def plausibility(text: str) -> float:
    """Share of the CJK characters of ``text`` that are common ones (1.0 when there are none).

    A wrong CJK codec still 'decodes' most byte pairs, but into rare characters; the right one
    gives text where nearly every character is in everyday use.
    """
    common = common_chars()
    n = hits = 0
    for ch in text[:20000]:
        if _is_cjk(ch):
            n += 1
            hits += ch in common
    return hits / n if n else 1.0


_CONTROL_RE = re.compile("[" + "".join(f"\\x{c:02x}" for c in sorted(_CONTROL)) + "\ufffd]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    return len(_CONTROL_RE.findall(sample)) / len(sample)


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-range text has NULs on one side; CJK text has none, so also
    accept a decoding that reads as common Chinese."""
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:4000]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _utf16_cjk(data: bytes) -> tuple[str | None, str | None]:
    if len(data) % 2:
        return None, None
    for enc in ("utf-16-le", "utf-16-be"):
        text = _strict(data, enc)
        if text is None:
            continue
        sample = text[:20000]
        cjk = sum(1 for ch in sample if _is_cjk(ch))
        if cjk >= 0.5 * len(sample) and plausibility(sample) >= 0.8:
            return enc, text
    return None, None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode a text document. Raises IntakeError for empty or binary input."""
    if not data:
        raise IntakeError("empty file")
    if data.startswith(_MAGIC) or data.startswith(b"%PDF") or data.startswith(b"PK\x03\x04"):
        raise IntakeError("binary file, not text")

    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            text = _strict(body, enc.replace("-sig", ""))
            warnings = []
            if text is None:
                text = body.decode(enc.replace("-sig", ""), errors="replace")
                warnings.append(f"invalid {enc} byte sequences replaced with U+FFFD")
            if _control_ratio(text) > 0.05:
                raise IntakeError("binary file, not text")
            return Decoded(text, enc, warnings)

    if b"\x00" in data[:8000]:
        enc = _utf16_guess(data)
        text = _strict(data, enc) if enc else None
        if text is None:
            # CJK UTF-16 has NULs only here and there (U+5F00 → 00 5F): judge the reading instead
            enc, text = _utf16_cjk(data)
        if text is None or _control_ratio(text) > 0.05:
            raise IntakeError("binary file, not text")
        return Decoded(text, enc or "utf-16", [])

    text = _strict(data, "utf-8")
    if text is not None:
        if _control_ratio(text) > 0.05:
            raise IntakeError("binary file, not text")
        return _decode_by_line(data, text) or Decoded(text, "utf-8", [])

    return _decode_by_line(data, None) or _decode_legacy(data)


# what a wrong CJK codec makes of Chinese bytes besides rare hanzi: private-use characters, the
# kana, Greek, Cyrillic and box-drawing rows of GB2312 (a Big5 一 or 不 read as GB18030 is ぃ or
# い), vertical and small compatibility forms (﹃), Hangul
_ODD = re.compile("[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\uac00-\ud7af\ue000-\uf8ff\ufe10-\ufe6f]")


def _score(text: str) -> tuple[float, int, int]:
    """How much a reading looks like Chinese text: (score, replacement count, CJK count)."""
    bad = text.count("\ufffd") + len(_ODD.findall(text))
    cjk = sum(1 for ch in text[:20000] if _is_cjk(ch))
    score = plausibility(text) - 2.0 * bad / max(1, len(text)) + (0.02 if cjk else -1.0)
    return score, bad, cjk


def _decode_legacy(data: bytes) -> Decoded:
    # Even-length CJK UTF-16 without BOM has no NULs; it is tried alongside the legacy codecs.
    candidates: list[tuple[float, str, str, int]] = []
    for enc in ("gb18030", "big5", "cp950", "utf-8", "utf-16-le", "utf-16-be"):
        if enc.startswith("utf-16") and len(data) % 2:
            continue
        text = data.decode(enc, errors="replace")
        score, bad, cjk = _score(text)
        if enc.startswith("utf-16") and (bad or cjk < 0.5 * len(text[:20000])):
            continue  # a UTF-16 reading of anything else is mostly nonsense or surrogates
        candidates.append((score, enc, text, text.count("\ufffd")))
    candidates.sort(key=lambda c: -c[0])
    best_score, enc, text, bad = candidates[0]
    if best_score >= 0.5 and _control_ratio(text.replace("\ufffd", "")) <= 0.05:
        name = "big5" if enc == "cp950" else enc
        warnings = [f"invalid {name} byte sequences replaced with U+FFFD ({bad})"] if bad else []
        return Decoded(text, name, warnings)
    return _decode_other(data)


_LEGACY = ("gb18030", "big5", "cp950")


_TWO_BYTE = re.compile("[\u0080-\u07ff]")


def _reads_as_legacy(text: str) -> bool:
    """A valid UTF-8 line that may really be GB/Big5: only one- and two-byte characters, and
    mostly non-ASCII ones (GB pairs such as D2 BB are valid UTF-8: 一 reads as Cyrillic һ).
    Pinyin with tone marks or a word of French is mostly ASCII and stays UTF-8."""
    non_ascii = sum(1 for ch in text if ord(ch) >= 0x80)
    visible = sum(1 for ch in text if ch.isalnum())
    return non_ascii >= 2 and non_ascii >= 0.5 * visible and not any(ord(ch) >= 0x800 for ch in text)


def _decode_by_line(data: bytes, whole: str | None) -> Decoded | None:
    """A text of UTF-8 lines and legacy (GB18030/Big5) lines, decoded line by line; else None.

    ``whole`` is the strict UTF-8 reading of the whole text, None when it is not valid UTF-8.
    A line is UTF-8 evidence when it is valid UTF-8 and holds a character of three bytes or more
    (U+0800 up: all CJK) — a GB or Big5 line of any length is practically never that. The legacy
    codec is chosen once, from all the other non-ASCII lines, so short lines are judged with
    their neighbours. An invalid line takes whichever reading (legacy, or UTF-8 with U+FFFD)
    looks more like Chinese, so a damaged UTF-8 file stays UTF-8; a valid line is switched only
    when it reads as legacy (``_reads_as_legacy``) and its legacy reading is common Chinese.
    None (the caller's whole-file reading stands) when nothing is switched, or when an invalid
    text has no UTF-8 evidence at all (a plain GB/Big5 file).
    """
    if whole is not None and not _TWO_BYTE.search(whole):
        return None  # the usual UTF-8 file: nothing a legacy codec could claim
    lines = data.splitlines(keepends=True)
    evidence = 0
    rest: list[bytes] = []
    for raw in lines:
        if raw.isascii():
            continue
        text = _strict(raw, "utf-8")
        if text is None or _reads_as_legacy(text):
            rest.append(raw)
        elif any(ord(ch) >= 0x800 for ch in text):
            evidence += 1
    if not rest or (whole is None and not evidence):
        return None
    joined = b"".join(rest)
    best = max(_LEGACY, key=lambda enc: _score(joined.decode(enc, errors="replace"))[0])
    if _score(joined.decode(best, errors="replace"))[0] <= _score(joined.decode("utf-8", errors="replace"))[0]:
        if whole is not None:
            return None
        best = ""  # no legacy reading beats UTF-8 with U+FFFD: damaged UTF-8
    name = "big5" if best == "cp950" else best
    out: list[str] = []
    legacy_lines: list[int] = []
    utf8_lines = 0
    for number, raw in enumerate(lines, start=1):
        if raw.isascii():
            out.append(raw.decode("ascii"))
            continue
        strict = _strict(raw, "utf-8")
        as_utf8 = strict if strict is not None else raw.decode("utf-8", errors="replace")
        if best and (strict is None or _reads_as_legacy(strict)):
            as_legacy = raw.decode(best, errors="replace")
            if strict is None:
                better = _score(as_legacy)[0] > _score(as_utf8)[0]
            else:
                cjk = sum(1 for ch in as_legacy if _is_cjk(ch))
                better = "\ufffd" not in as_legacy and cjk >= 2 and plausibility(as_legacy) >= 0.9
            if better:
                out.append(as_legacy)
                legacy_lines.append(number)
                continue
        out.append(as_utf8)
        utf8_lines += 1
    text = "".join(out)
    if (whole is not None and not legacy_lines) or _control_ratio(text.replace("\ufffd", "")) > 0.05:
        return None  # nothing switched, or binary holding a UTF-8 run: the whole-file path decides
    warnings = []
    encoding = "utf-8"
    if legacy_lines and not utf8_lines:
        encoding = name  # valid UTF-8 by accident, every line of it GB/Big5
    elif legacy_lines:
        encoding = f"utf-8+{name}"
        warnings.append(f"mixed encodings: line{'s' if len(legacy_lines) > 1 else ''} "
                        f"{_ranges(legacy_lines)} decoded as {name}, the others as utf-8")
    bad = text.count("\ufffd")
    if bad:
        warnings.append(f"invalid {encoding} byte sequences replaced with U+FFFD ({bad})")
    return Decoded(text, encoding, warnings)


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] → '2-4, 7' (line numbers for a warning, kept short)."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    if len(parts) > 12:
        parts = [*parts[:12], f"… ({len(numbers)} lines)"]
    return ", ".join(parts)


def _decode_other(data: bytes) -> Decoded:
    """Non-CJK legacy text (cp1252, shift_jis, …): ask charset-normalizer."""
    from charset_normalizer import from_bytes

    match = from_bytes(data[:200000]).best()
    if match is None:
        raise IntakeError("binary file, not text")
    text = data.decode(match.encoding, errors="replace")
    if _control_ratio(text) > 0.05:
        raise IntakeError("binary file, not text")
    return Decoded(text, match.encoding, [f"encoding guessed as {match.encoding}"])
