"""Decoding: the encoding is detected, never assumed; binary and empty input are refused."""
from __future__ import annotations

import codecs

import pytest

from luoshi.intake import IntakeError, extract
from luoshi.intake.decode import decode_bytes

from .iohelpers import REPORT_HANS, REPORT_HANT


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (REPORT_HANS.encode("utf-8"), "utf-8", REPORT_HANS),
        (codecs.BOM_UTF8 + REPORT_HANS.encode("utf-8"), "utf-8-sig", REPORT_HANS),
        (REPORT_HANS.encode("utf-16"), "utf-16-le", REPORT_HANS),  # BOM, native order
        (codecs.BOM_UTF16_BE + REPORT_HANT.encode("utf-16-be"), "utf-16-be", REPORT_HANT),
        (REPORT_HANS.encode("utf-16-le"), "utf-16-le", REPORT_HANS),  # no BOM
        (REPORT_HANT.encode("utf-16-be"), "utf-16-be", REPORT_HANT),  # no BOM
        (REPORT_HANS.encode("gb18030"), "gb18030", REPORT_HANS),
        (REPORT_HANS.encode("gbk"), "gb18030", REPORT_HANS),
        (REPORT_HANT.encode("gb18030"), "gb18030", REPORT_HANT),  # Traditional text in a GB file
        (REPORT_HANT.encode("big5"), "big5", REPORT_HANT),
    ],
)
def test_encodings_detected(data: bytes, encoding: str, text: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text == text
    assert decoded.warnings == []


@pytest.mark.parametrize(
    ("snippet", "encoding"),
    [("会议", "gbk"), ("防汛", "gb18030"), ("會議", "big5"), ("主持會議", "big5"), ("市长讲话", "gb18030")],
)
def test_short_snippets(snippet: str, encoding: str) -> None:
    # two to four characters: too short for statistical detectors, still read right here
    assert decode_bytes(snippet.encode(encoding)).text == snippet


@pytest.mark.parametrize("encoding", ["gbk", "big5", "utf-8"])
def test_invalid_bytes_replaced_with_warning(encoding: str) -> None:
    text = REPORT_HANT if encoding == "big5" else REPORT_HANS
    raw = text.encode(encoding)
    damaged = raw[:20] + b"\xff" + raw[20:]
    decoded = decode_bytes(damaged)
    assert "\ufffd" in decoded.text
    assert decoded.warnings and "replaced" in decoded.warnings[0]
    assert text[-12:] in decoded.text  # the rest of the document survives


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03" * 200,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        bytes(range(256)) * 40,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
    ],
)
def test_binary_refused(data: bytes) -> None:
    with pytest.raises(IntakeError, match="binary file, not text"):
        decode_bytes(data)


def test_empty_refused() -> None:
    with pytest.raises(IntakeError, match="^empty file$"):
        extract(b"", "empty.txt")


def test_record_reports_encoding() -> None:
    record = extract(REPORT_HANT.encode("big5"), "report.txt")
    assert record["source"]["encoding"] == "big5"
    assert record["source"]["format"] == "txt"
    assert record["title"] == "臨江市召開防汛工作專題會議"
