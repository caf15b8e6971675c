"""Errors and resource limits of the intake.

Every failure the intake can foresee is an IntakeError whose message is one short line:
the CLI prints it as ``luoshi: FILE: reason`` and callers can show it to office staff.
"""
from __future__ import annotations

from dataclasses import dataclass


class IntakeError(Exception):
    """A document that cannot be read; ``str(exc)`` is a one-line reason."""

    def __init__(self, reason: str) -> None:
        # keep the reason on one line whatever the caller passes
        super().__init__(" ".join(str(reason).split()))

    @property
    def reason(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Limits:
    """Resource caps applied before and while reading a document."""

    max_bytes: int = 10 * 1024 * 1024  # input file size
    max_unzipped_bytes: int = 64 * 1024 * 1024  # a .docx's members, inflated (counted, not declared)
    max_zip_entries: int = 2000  # entries in a .docx archive
    max_chars: int = 2_000_000  # extracted text, after decoding
    max_pdf_pages: int = 500
    timeout: float = 30.0  # seconds per document; 0 disables the deadline
    max_stream_bytes: int = 64 * 1024 * 1024  # one PDF stream, decompressed
    max_expanded_bytes: int = 256 * 1024 * 1024  # all streams of one PDF, decompressed
    # memory the PDF/.docx reader may take on top of the caller's, in a child process under
    # RLIMIT_AS (sandbox.py); 0 reads in the calling process, guarded by the counters only
    reader_memory: int = 512 * 1024 * 1024


DEFAULT_LIMITS = Limits()
