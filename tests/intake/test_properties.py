"""Property tests: arbitrary input never crashes (only IntakeError) and never hangs."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.intake import IntakeError, Limits, extract

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
