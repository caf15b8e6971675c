"""Decompression bombs: a PDF or .docx that expands past the caps is refused, and the process that
called the intake stays within a fixed memory bound (the reader runs in a child under RLIMIT_AS).

Bombs are built here without spending their size: a deflate stream of N identical blocks, each
block compressed once after a full flush, is that block's bytes repeated N times.
"""
from __future__ import annotations

import functools
import io
import json
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from luoshi.intake import IntakeError, Limits, extract, sandbox

from .iohelpers import ROOT, cli, make_docx, make_pdf

MB = 1 << 20
pytestmark = pytest.mark.skipif(not sandbox.available(), reason="needs fork and RLIMIT_AS")


def _deflate_repeat(head: bytes, block: bytes, count: int, tail: bytes) -> tuple[bytes, int, int, int]:
    """Raw deflate of head + block * count + tail: (data, crc32, adler32, size)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)  # the same bytes for every block
    last = c.compress(tail) + c.flush()
    crc, adler = zlib.crc32(head), zlib.adler32(head)
    for _ in range(count):
        crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
    crc, adler = zlib.crc32(tail, crc), zlib.adler32(tail, adler)
    return first + one * count + last, crc, adler, len(head) + len(block) * count + len(tail)


@functools.cache
def pdf_bomb(expanded_mb: int = 300, damaged_checksum: bool = False) -> bytes:
    """One page whose FlateDecode content stream is ``expanded_mb`` MB of zeros (PDF whitespace)."""
    raw, _crc, adler, _size = _deflate_repeat(b"BT ET\n", b"\0" * MB, expanded_mb, b"\n")
    stream = b"\x78\xda" + raw + struct.pack(">I", adler ^ (1 if damaged_checksum else 0))
    return _pdf_with_stream(stream, b"/FlateDecode")


def _lzw_ramps(ramps: int) -> bytes:
    """LZW codes (PDF's variant, early change) that expand to about 7.4 MB of zeros per ramp:
    0, then each next code is the previous string plus one more zero, until the table is full."""
    bits: list[tuple[int, int]] = [(256, 9)]
    for _ in range(ramps):
        bits.append((0, 9))
        for code in range(258, 4095):
            bits.append((code, 9 if code <= 510 else 10 if code <= 1022 else 11 if code <= 2046 else 12))
        bits.append((256, 12))
    bits[-1] = (257, 12)
    out = bytearray()
    value = length = 0
    for code, width in bits:  # most significant bit first
        value, length = (value << width) | code, length + width
        while length >= 8:
            length -= 8
            out.append((value >> length) & 0xFF)
        value &= (1 << length) - 1
    if length:
        out.append((value << (8 - length)) & 0xFF)
    return bytes(out)


def _pdf_with_stream(stream: bytes, filters: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _zip(members: list[tuple[str, bytes, int, int]], declared: dict[str, int] | None = None) -> bytes:
    """A zip of pre-deflated members (name, raw deflate, crc32, size); ``declared`` overrides the
    size written in the headers (a bomb's lie)."""
    out = bytearray()
    central = bytearray()
    for name, raw, crc, size in members:
        size = (declared or {}).get(name, size)
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(raw), size,
                           len(encoded), 0) + encoded + raw
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(raw),
                               size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    count = len(members)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


@functools.cache
def docx_bomb(filler: bytes, count: int, lie: bool = False) -> bytes:
    """A real .docx (python-docx's template) whose document.xml body holds ``filler * count``."""
    source = zipfile.ZipFile(io.BytesIO(make_docx(["临江市防汛工作会议纪要"])))
    members = []
    for info in source.infolist():
        data = source.read(info)
        if info.filename == "word/document.xml":
            head, sep, tail = data.partition(b"<w:body>")
            raw, crc, _adler, size = _deflate_repeat(head + sep, filler, count, tail)
        else:
            raw, crc, _adler, size = _deflate_repeat(data, b"", 0, b"")
        members.append((info.filename, raw, crc, size))
    return _zip(members, {"word/document.xml": 4096} if lie else None)


# --- refusals, in this process -------------------------------------------------------------------

def test_pdf_flate_bomb_refused_at_the_stream_cap() -> None:
    data = pdf_bomb()
    start = time.monotonic()
    with pytest.raises(IntakeError, match=r"^document expands past 64 MB, refused as a compression bomb$"):
        extract(data, "bomb.pdf")
    assert time.monotonic() - start < 5


def test_pdf_bomb_refused_by_the_total_cap_too() -> None:
    limits = Limits(max_stream_bytes=512 * MB, max_expanded_bytes=32 * MB, reader_memory=0)
    with pytest.raises(IntakeError, match=r"^document expands past 32 MB, refused as a compression bomb$"):
        extract(pdf_bomb(), "bomb.pdf", limits=limits)


def test_pdf_bomb_with_a_damaged_checksum_refused_quickly() -> None:
    # pdfminer's own fallback for a damaged stream inflates byte by byte (quadratic): capped and linear here
    data = pdf_bomb(300, damaged_checksum=True)
    start = time.monotonic()
    with pytest.raises(IntakeError, match="document expands past 16 MB"):
        extract(data, "bomb.pdf", limits=Limits(max_stream_bytes=16 * MB))
    assert time.monotonic() - start < 5


def test_pdf_lzw_bomb_refused() -> None:
    data = _pdf_with_stream(_lzw_ramps(40), b"/LZWDecode")  # about 300 MB from 230 KB
    assert len(data) < 300_000
    start = time.monotonic()
    with pytest.raises(IntakeError, match=r"^document expands past 16 MB, refused as a compression bomb$"):
        extract(data, "lzw.pdf", limits=Limits(max_stream_bytes=16 * MB))
    assert time.monotonic() - start < 5


def test_pdf_within_the_caps_still_read() -> None:
    data = make_pdf(["Linjiang flood control meeting", "The meeting asked all districts to prepare."])
    record = extract(data, "ok.pdf", limits=Limits(max_stream_bytes=4 * MB, max_expanded_bytes=4 * MB))
    assert "all districts to prepare" in record["text"]


def test_docx_declaring_a_huge_document_refused_before_inflating() -> None:
    data = docx_bomb(b" " * MB, 300)
    start = time.monotonic()
    with pytest.raises(IntakeError, match=r"^document expands past 64 MB, refused as a zip bomb$"):
        extract(data, "bomb.docx", limits=Limits(reader_memory=0))
    assert time.monotonic() - start < 1


def test_docx_lying_about_its_size_refused_by_what_it_inflates_to() -> None:
    # headers say 4 KB; inflating, counted in chunks, passes the cap long before 300 MB
    data = docx_bomb(b" " * MB, 300, lie=True)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size == 4096
    with pytest.raises(IntakeError, match=r"^document expands past 64 MB, refused as a zip bomb$"):
        extract(data, "bomb.docx", limits=Limits(reader_memory=0))


def test_docx_lying_about_its_size_but_small_is_corrupt() -> None:
    data = docx_bomb(b"<w:p/>", 1000, lie=True)  # inflates to more than the declared 4 KB
    with pytest.raises(IntakeError, match=r"^truncated or corrupt \.docx$"):
        extract(data, "odd.docx")


def test_docx_built_here_is_read_when_small() -> None:
    record = extract(docx_bomb(b"<w:p/>", 10), "ok.docx")
    assert record["title"] == "临江市防汛工作会议纪要"


# --- the caller's memory, measured in a fresh interpreter (as the CLI or the job worker) ----------

_PROBE = """
import json, resource, sys
import docx, pdfminer.high_level  # the caller's baseline includes the reader libraries
from luoshi.intake import IntakeError, Limits, extract

data = open(sys.argv[1], "rb").read()
limits = Limits(**json.loads(sys.argv[2]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    extract(data, sys.argv[1], limits=limits)
    error = None
except IntakeError as exc:
    error = str(exc)
print(json.dumps({
    "error": error,
    "self_before": before * 1024,
    "self_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    "children_peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
}))
"""


def _probe(tmp_path: Path, data: bytes, name: str, **limits: int) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(path), json.dumps(limits)], cwd=ROOT,
                          capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


# The bound: what the calling process (RUSAGE_SELF) may add to its peak resident size while a
# bomb is refused. Its own copy of the input and the refusal are all it holds.
CALLER_BOUND = 48 * MB


def test_pdf_bomb_caller_stays_within_bound(tmp_path: Path) -> None:
    out = _probe(tmp_path, pdf_bomb(), "bomb.pdf")
    assert out["error"] == "document expands past 64 MB, refused as a compression bomb"
    assert out["self_peak"] - out["self_before"] < CALLER_BOUND
    # the reader child (RUSAGE_CHILDREN, starting as a copy of the caller) stopped at its caps
    assert out["children_peak"] < out["self_before"] + Limits().reader_memory


def test_pdf_bomb_past_the_counters_ends_at_the_memory_cap(tmp_path: Path) -> None:
    # counters lifted: only RLIMIT_AS on the child stops the inflation, and the caller is untouched
    out = _probe(tmp_path, pdf_bomb(), "bomb.pdf", max_stream_bytes=1 << 30, max_expanded_bytes=1 << 30,
                 reader_memory=128 * MB)
    assert out["error"] == "document expands past 128 MB in memory, refused"
    assert out["self_peak"] - out["self_before"] < CALLER_BOUND
    assert out["children_peak"] < out["self_before"] + 128 * MB + 32 * MB


def test_docx_whose_xml_outgrows_the_memory_cap(tmp_path: Path) -> None:
    # 48 MB of empty paragraphs: under the 64 MB unzipped cap, but a parse tree of 8 million
    # elements is far larger than 128 MB — the child's cap ends it, the caller stays small
    out = _probe(tmp_path, docx_bomb(b"<w:p/>" * 1024, 8 * 1024), "paragraphs.docx", reader_memory=128 * MB)
    assert out["error"] == "document expands past 128 MB in memory, refused"
    assert out["self_peak"] - out["self_before"] < CALLER_BOUND


def test_cli_refuses_a_bomb_on_one_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdf_bomb())
    good = tmp_path / "plan.docx"
    good.write_bytes(make_docx(["临江市2024年重点工作分工", "会议要求,各部门要抓好落实。"]))
    proc = cli("extract", str(bomb), str(good), "--format", "jsonl")
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [
        f"luoshi: {bomb}: document expands past 64 MB, refused as a compression bomb"]
    assert len(proc.stdout.decode().splitlines()) == 1  # the other file is read


def test_a_stuck_reader_is_killed_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    from luoshi.intake import formats

    def stuck(data: bytes, limits: Limits):
        time.sleep(30)

    monkeypatch.setattr(formats, "_read_pdf", stuck)
    start = time.monotonic()
    with pytest.raises(IntakeError, match="timed out after 1 s"):
        extract(make_pdf(["x"]), "slow.pdf", limits=Limits(timeout=1))
    assert time.monotonic() - start < 5


def test_a_stuck_reader_called_from_a_thread_ends_at_its_own_alarm(monkeypatch: pytest.MonkeyPatch) -> None:
    # no SIGALRM deadline in a thread: the child's own alarm ends it, the caller gets a reason
    import threading

    from luoshi.intake import formats

    def stuck(data: bytes, limits: Limits):
        time.sleep(30)

    monkeypatch.setattr(formats, "_read_pdf", stuck)
    errors: list[str] = []

    def run() -> None:
        try:
            extract(make_pdf(["x"]), "slow.pdf", limits=Limits(timeout=1))
        except IntakeError as exc:
            errors.append(str(exc))

    start = time.monotonic()
    worker = threading.Thread(target=run)
    worker.start()
    worker.join(10)
    assert errors == ["timed out after 1 s"]
    assert time.monotonic() - start < 5


def test_cmaps_a_child_loaded_are_kept_by_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    # the next child inherits them instead of parsing a CJK CMap again
    from pdfminer.cmapdb import CMapDB

    monkeypatch.setattr(CMapDB, "_cmap_cache", {})
    monkeypatch.setattr(CMapDB, "_umap_cache", {})
    record = extract(make_pdf(["临江市召开防汛会议", "会议要求,各区要落实责任。"], cjk=True), "cjk.pdf")
    assert "各区要落实责任" in record["text"]
    assert CMapDB._cmap_cache and CMapDB._umap_cache
