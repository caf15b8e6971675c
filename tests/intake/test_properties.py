"""Property tests: arbitrary input never crashes (only IntakeError) and never hangs."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.intake import IntakeError, Limits, extract
from luoshi.intake.datafiles import common_chars
from luoshi.intake.decode import decode_bytes

LIMITS = Limits(timeout=10.0)
FAST = settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
punct = st.sampled_from(list("，。；：、,.;:()（）《》“”|> \n\n\t-0123456789abcxyz"))
chinese_text = st.lists(st.one_of(cjk, punct), min_size=0, max_size=400).map("".join)


def _run(data: bytes, name: str) -> None:
    start = time.monotonic()
    try:
        record = extract(data, name, limits=LIMITS)
    except IntakeError as exc:
        assert str(exc) and "\n" not in str(exc)
        assert not str(exc).startswith("internal error"), str(exc)
    else:
        assert record["schema"] == "luoshi.extract/1"
        assert isinstance(record["text"], str)
        assert "\n\n" not in record["text"]
    assert time.monotonic() - start < 10


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "-"]))
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    _run(data, name)


@FAST
@given(chinese_text, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"]))
def test_arbitrary_chinese_text(text: str, encoding: str) -> None:
    _run(text.encode(encoding), "doc.txt")


@FAST
@given(chinese_text)
def test_arbitrary_html(text: str) -> None:
    _run(f"<html><body><div><h1>{text[:20]}</h1><p>{text}</p></div></body></html>".encode(), "p.html")


@FAST
@given(chinese_text)
def test_text_roundtrip_invariants(text: str) -> None:
    try:
        record = extract(text.encode("utf-8"), "doc.txt", limits=LIMITS)
    except IntakeError:
        return
    # the fold is the same text in Simplified: same length unless OpenCC rewrote a phrase
    assert abs(len(record["text_simplified"]) - len(record["text"])) <= len(record["text"]) // 10 + 2
    for line in record["boilerplate"]:
        assert line == line.strip()


common = st.sampled_from(sorted(common_chars()))
# mostly CJK, as a line of a report is (a line of ASCII with two CJK characters is ambiguous by nature)
cjk_line = st.lists(st.one_of(common, common, common, st.sampled_from(list("，。、；：0123456789"))),
                    min_size=8, max_size=60).map("".join)


@FAST
@given(st.lists(st.tuples(cjk_line, st.booleans()), min_size=2, max_size=12),
       st.sampled_from(["gb18030", "big5"]))
def test_mixed_encoding_lines_roundtrip(lines: list[tuple[str, bool]], legacy: str) -> None:
    """Lines of common Chinese, each in UTF-8 or in one legacy codec: every line comes back as written."""
    texts = []
    for text, _ in lines:
        if legacy == "big5":
            text = "".join(ch for ch in text if _big5_ok(ch))
            text = text if not text.isascii() else text + "會議"
        texts.append(text + "\n")
    data = b"".join(t.encode(legacy if old else "utf-8") for t, (_, old) in zip(texts, lines, strict=True))
    decoded = decode_bytes(data)
    assert decoded.text == "".join(texts)
    legacy_numbers = [n for n, (_, old) in enumerate(lines, 1) if old]
    if legacy_numbers and len(legacy_numbers) < len(lines):
        assert decoded.warnings and decoded.warnings[0].startswith("mixed encodings:")


def _big5_ok(ch: str) -> bool:
    try:
        ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return True
