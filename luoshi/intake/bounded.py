"""Decompression with a cap: PDF streams and .docx members may not expand past the limits.

A compressed stream of 300 KB can hold 300 MB of zeros. pdfminer inflates a FlateDecode stream
with one ``zlib.decompress`` call and keeps the result; zipfile trusts the declared sizes. Here
every byte that comes out of a decompressor is counted, in chunks, as it comes out, and the
count stops the reading at the cap with ``document expands past N MB`` before the memory is
spent. The child process of ``sandbox.py`` is the outer guard for what counting cannot see
(a parse tree far larger than its text).
"""
from __future__ import annotations

import contextlib
import contextvars
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from .errors import IntakeError, Limits

_CHUNK = 1 << 20  # bytes inflated per step: the most a step can overshoot the cap


def mb(n: int) -> str:
    """Bytes as a short MB figure for a message: 67108864 → '64'."""
    return f"{n / (1 << 20):g}"


class Budget:
    """What the decompressed streams of one document may still take."""

    def __init__(self, per_stream: int, total: int, what: str) -> None:
        self.per_stream, self.total, self.what = per_stream, total, what
        self.used = 0
        self.exceeded: str | None = None  # the refusal, kept in case a reader swallows the raise

    def refuse(self, cap: int) -> IntakeError:
        self.exceeded = f"document expands past {mb(cap)} MB, refused as a {self.what}"
        return IntakeError(self.exceeded)

    def inflate(self, data: bytes, wbits: int = zlib.MAX_WBITS, strict: bool = True) -> bytes:
        """``zlib.decompress`` that stops at the caps. ``strict``: a stream that ends early is
        a ``zlib.error`` (as with zlib.decompress); otherwise what came out is returned."""
        d = zlib.decompressobj(wbits)
        out: list[bytes] = []
        self.feed(d, data, 0, out)
        if strict and not d.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return b"".join(out)

    def feed(self, d: Any, data: Any, size: int, out: list[bytes] | None = None, crc: list[int] | None = None
             ) -> int:
        """Push ``data`` through decompressor ``d`` a chunk at a time, counting; the stream's size
        so far is ``size`` before and returned after. Output goes to ``out`` (None: dropped),
        its CRC-32 to ``crc[0]`` when given."""
        buf = data
        while buf and not d.eof:
            chunk = d.decompress(buf, _CHUNK)
            size += len(chunk)
            self.count(len(chunk), size)
            if out is not None:
                out.append(chunk)
            if crc is not None:
                crc[0] = zlib.crc32(chunk, crc[0])
            buf = d.unconsumed_tail
        return size

    def count(self, n: int, stream_size: int) -> None:
        self.used += n
        if stream_size > self.per_stream:
            raise self.refuse(self.per_stream)
        if self.used > self.total:
            raise self.refuse(self.total)


# --- PDF: pdfminer's decoders, counted ------------------------------------------------------------

_PDF_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("luoshi_pdf_budget", default=None)
_installed = False


def _budget() -> Budget:
    budget = _PDF_BUDGET.get()
    if budget is None:  # pdfminer used outside read_pdf_bounded: the default caps still hold
        limits = Limits()
        budget = Budget(limits.max_stream_bytes, limits.max_expanded_bytes, "compression bomb")
    return budget


class _CountedZlib:
    """Stands in for the ``zlib`` module inside pdfminer.pdftypes (it calls decompress and
    decompressobj, and catches error)."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = 0) -> bytes:
        return _budget().inflate(data, wbits)


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's fallback for a stream whose checksum is damaged, without its byte-by-byte
    quadratic loop: all but the last four bytes (the Adler-32) must inflate."""
    budget = _budget()
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = budget.feed(d, data[:-4], 0, out)  # damage before the checksum: zlib.error, as before
    for i in range(max(0, len(data) - 4), len(data)):
        try:
            size = budget.feed(d, data[i:i + 1], size, out)
        except zlib.error:
            break  # damage inside the checksum: keep what was read, as pdfminer does
    return b"".join(out)


def _lzwdecode(data: bytes) -> bytes:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    budget = _budget()
    out: list[bytes] = []
    size = 0
    for chunk in LZWDecoder(BytesIO(data)).run():
        size += len(chunk)
        budget.count(len(chunk), size)
        out.append(chunk)
    return b"".join(out)


def install_pdf_caps() -> None:
    """Route pdfminer's stream decoding through the counters (once per process)."""
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes

    pdftypes.zlib = _CountedZlib  # type: ignore[assignment]
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes.lzwdecode = _lzwdecode
    _installed = True


@contextlib.contextmanager
def pdf_budget(limits: Limits) -> Iterator[Budget]:
    install_pdf_caps()
    budget = Budget(limits.max_stream_bytes, limits.max_expanded_bytes, "compression bomb")
    token = _PDF_BUDGET.set(budget)
    try:
        yield budget
    finally:
        _PDF_BUDGET.reset(token)


# --- .docx: every member inflated once, counted, before python-docx sees the archive -------------

_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")


def check_zip_members(data: bytes, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Inflate every member in chunks, discarding the output: its actual size (not the declared
    one, which a bomb can fake) counts against ``max_unzipped_bytes``, and its CRC is checked.
    Raises IntakeError: a zip bomb, or a truncated or corrupt archive."""
    cap = limits.max_unzipped_bytes
    budget = Budget(cap, cap, "zip bomb")
    view = memoryview(data)
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise IntakeError("encrypted .docx")
        if info.compress_type == zipfile.ZIP_DEFLATED:
            size, crc = _inflate_member(view, info, budget)
        else:  # stored (or a method a .docx never uses): zipfile reads at most the declared size
            size = crc = 0
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    budget.count(len(chunk), size)
                    crc = zlib.crc32(chunk, crc)
        if size != info.file_size or crc != info.CRC:
            raise IntakeError("truncated or corrupt .docx")


def _inflate_member(view: memoryview, info: zipfile.ZipInfo, budget: Budget) -> tuple[int, int]:
    start = info.header_offset
    header = bytes(view[start:start + _LOCAL_HEADER.size])
    if len(header) < _LOCAL_HEADER.size:
        raise IntakeError("truncated or corrupt .docx")
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise IntakeError("truncated or corrupt .docx")
    begin = start + _LOCAL_HEADER.size + fields[9] + fields[10]
    buf: Any = view[begin:begin + info.compress_size]
    d = zlib.decompressobj(-zlib.MAX_WBITS)
    crc = [0]
    try:
        size = budget.feed(d, buf, 0, None, crc)
    except zlib.error as exc:
        raise IntakeError("truncated or corrupt .docx") from exc
    if not d.eof:
        raise IntakeError("truncated or corrupt .docx")
    return size, crc[0]
