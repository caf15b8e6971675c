"""Why a document could not be read, in the reader's language.

The intake library says why in one short English line (luoshi/intake,
IntakeError); the document keeps that line as it was (`SourceDocument.error`,
for whoever looks into it later). This module names the reason's code and
the sentence the office reads, and whether reading the same bytes again can
help at all.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# A document whose normalized text is already kept (luoshi.ingest.reading.read_document).
DUPLICATE_PREFIX = "same text as document "

# (code, pattern on the reader's line, what the office reads, may a second reading help)
_REASONS = [
    ("duplicate", r"^same text as document ", _("The same text was read before from another file."), False),
    ("empty", r"^empty file", _("The file is empty."), False),
    ("binary", r"^binary file|^input is not bytes",
     _("The file is not a text, Word or PDF document (it holds binary data)."), False),
    ("too_large", r"^file too large", _("The file is larger than the intake accepts."), False),
    ("too_long", r"^text too long", _("The document's text is longer than the intake accepts."), False),
    ("encrypted", r"^encrypted", _("The file is password-protected (encrypted); save an unprotected copy."),
     False),
    ("zip_bomb", r"refused as a", _("The file expands to far more data than a document holds; it was refused."),
     False),
    ("docx_corrupt", r"corrupt \.docx|is not a \.docx",
     _("The Word file is damaged or not a .docx (an old .doc must be saved as .docx)."), False),
    ("pdf_scanned", r"no text layer",
     _("The PDF has no text layer (a scan?); a PDF with selectable text or a Word file is needed."), False),
    ("pdf_corrupt", r"corrupt PDF", _("The PDF is damaged."), False),
    ("no_text", r"has no text|has no article text|^no text in the document",
     _("No text was found in the document."), False),
    ("nested", r"nested too deeply", _("The document is nested too deeply to be read."), False),
    ("timeout", r"^timed out", _("Reading took too long and was stopped; try reading it again later."), True),
]


@dataclass(frozen=True)
class Failure:
    code: str
    message: str  # translated (lazily) for the reader
    detail: str  # the reader's own line, as kept on the document
    retry: bool  # may reading the same bytes again give another answer?
    earlier: uuid.UUID | None = None  # for a duplicate: the code of the document read before


def failure(error: str) -> Failure:
    """The reason behind a failed document's `error` line."""
    line = (error or "").strip()
    for code, pattern, message, retry in _REASONS:
        if re.search(pattern, line):
            earlier = None
            if code == "duplicate":
                try:
                    earlier = uuid.UUID(line[len(DUPLICATE_PREFIX):].strip())
                except ValueError:
                    earlier = None
            return Failure(code, message, line, retry, earlier)
    # Anything else is the reader itself failing (a library error), which a later version may not.
    return Failure("internal", _("The reader failed on this file; try reading it again later."), line, True)
