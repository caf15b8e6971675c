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


# --- texts mixing two encodings (a clerk pasted from two sources into one .txt) -------------------

MIXED_HANS = [
    "江北县召开秋季森林防火工作部署会\n",
    "10月9日,江北县森林防火指挥部召开会议,副县长林望舒出席并讲话。\n",
    "会议要求,各乡镇要加强野外巡查,严防山火发生。\n",
    "会议强调,要落实二十四小时值班制度,确保信息畅通。\n",
    "江北县应急管理局\n",
]
MIXED_HANT = [
    "南灣區召開汛期安全工作會議\n",
    "6月3日,南灣區防汛指揮部召開會議,副區長鄭秋帆主持並講話。\n",
    "會議要求,各街道要排查低窪地段,及時轉移受威脅群眾。\n",
    "會議強調,要嚴格執行值班值守制度。\n",
    "南灣區應急管理局\n",
]


def _encode_lines(lines: list[str], legacy: str, legacy_lines: set[int]) -> bytes:
    # line numbers are 1-based, as in the warning
    return b"".join(line.encode(legacy if n in legacy_lines else "utf-8") for n, line in enumerate(lines, 1))


@pytest.mark.parametrize(
    ("lines", "legacy", "legacy_lines", "named", "ranges"),
    [
        (MIXED_HANS, "gb18030", {2, 3}, "gb18030", "lines 2-3"),
        (MIXED_HANS, "gbk", {1, 4, 5}, "gb18030", "lines 1, 4-5"),
        (MIXED_HANS, "gb18030", {4}, "gb18030", "line 4"),
        (MIXED_HANT, "big5", {2, 3}, "big5", "lines 2-3"),
        (MIXED_HANT, "big5", {1, 3, 5}, "big5", "lines 1, 3, 5"),
    ],
)
def test_mixed_encodings_decoded_line_by_line(lines, legacy, legacy_lines, named, ranges) -> None:
    decoded = decode_bytes(_encode_lines(lines, legacy, legacy_lines))
    assert decoded.text == "".join(lines)  # no mojibake, no U+FFFD
    assert decoded.encoding == f"utf-8+{named}"
    assert decoded.warnings == [f"mixed encodings: {ranges} decoded as {named}, the others as utf-8"]


def test_mixed_encodings_with_crlf_and_ascii_lines() -> None:
    lines = ["Jiangbei County notice\r\n", *(line.replace("\n", "\r\n") for line in MIXED_HANS), "2024-10-09\r\n"]
    decoded = decode_bytes(_encode_lines(lines, "gb18030", {3, 4}))
    assert decoded.text == "".join(lines)
    assert decoded.warnings == ["mixed encodings: lines 3-4 decoded as gb18030, the others as utf-8"]


def test_mixed_encodings_reach_the_record_as_a_warning() -> None:
    record = extract(_encode_lines(MIXED_HANT, "big5", {2, 3}), "pasted.txt")
    assert record["source"]["encoding"] == "utf-8+big5"
    assert "mixed encodings: lines 2-3 decoded as big5, the others as utf-8" in record["warnings"]
    assert "副區長鄭秋帆主持並講話" in record["text"]
    assert "\ufffd" not in record["text"]


def test_damaged_utf8_is_not_taken_for_a_mix() -> None:
    # one bad byte in a UTF-8 line: that line is still read as UTF-8, with U+FFFD, not as GB18030
    raw = "".join(MIXED_HANS).encode("utf-8")
    cut = raw.index("副县长".encode()) + 1
    decoded = decode_bytes(raw[:cut] + b"\xfe" + raw[cut:])
    assert decoded.encoding == "utf-8"
    assert [w for w in decoded.warnings if w.startswith("mixed")] == []
    assert "会议要求,各乡镇要加强野外巡查" in decoded.text
    assert decoded.warnings and "replaced" in decoded.warnings[-1]


@pytest.mark.parametrize(("text", "legacy"), [(REPORT_HANS, "gb18030"), (REPORT_HANT, "big5")])
def test_plain_legacy_file_is_not_a_mix(text: str, legacy: str) -> None:
    # an ASCII line is neutral: still one legacy encoding, no mix warning
    data = b"Linjiang city\n" + text.encode(legacy)
    decoded = decode_bytes(data)
    assert decoded.encoding == legacy
    assert decoded.warnings == []


def test_binary_with_a_utf8_run_still_refused() -> None:
    data = "防汛会议\n".encode() + bytes(range(1, 9)) * 300
    with pytest.raises(IntakeError, match="binary file, not text"):
        decode_bytes(data)
