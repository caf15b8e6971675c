"""Document formats: sniff the content (the extension only breaks ties) and get text lines.

txt → decoded text; html → the article container's paragraphs; docx → paragraphs and table rows
in document order; pdf → the text layer. Each reader returns a Source: raw lines (not cleaned
yet), the detected format and encoding, and warnings.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from .bounded import check_zip_members, mb, pdf_budget
from .decode import decode_bytes
from .errors import IntakeError, Limits
from .html import html_lines
from .sandbox import run_capped

_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|head|body|div|p|meta|title|article|table)\b", re.I)
_CMAP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+-]{0,63}")
_LEGACY_CJK = ("gb18030", "cp950", "gb_2312-80", "euc-cn", "hz", "big5hkscs", "cp936")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


@dataclass
class Source:
    lines: list[str]
    format: str  # txt | html | docx | pdf
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _ext(filename: str) -> str:
    name = filename.lower()
    return name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""


def read_source(data: bytes, filename: str, limits: Limits) -> Source:
    if not data:
        raise IntakeError("empty file")
    if len(data) > limits.max_bytes:
        raise IntakeError(f"file too large ({len(data)} bytes, limit {limits.max_bytes})")
    ext = _ext(filename)
    # PDF and .docx readers build far more than they read: they run under a memory cap
    if data.startswith(b"%PDF"):
        import pdfminer.high_level  # noqa: F401 - imported once here, not in every child

        source, cmaps = run_capped(_read_pdf_in_child, data, limits, memory=limits.reader_memory,
                                   timeout=limits.timeout)
        _keep_cmaps(cmaps)
        return source
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        import docx  # noqa: F401

        return run_capped(_read_docx, data, limits, memory=limits.reader_memory, timeout=limits.timeout)
    if ext == "docx":
        raise IntakeError("truncated or corrupt .docx")
    if ext == "pdf":
        raise IntakeError("corrupt PDF (no %PDF header)")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if ext in ("html", "htm", "xhtml", "shtml") or (head[:1] == b"<" and _HTML_SNIFF.search(
            head.decode("latin-1"))):
        return _read_html(data, limits)
    decoded = decode_bytes(data)
    _check_chars(decoded.text, limits)
    return Source(decoded.text.splitlines(), "txt", decoded.encoding, decoded.warnings)


def _check_chars(text: str, limits: Limits) -> None:
    if len(text) > limits.max_chars:
        raise IntakeError(f"text too long ({len(text)} characters, limit {limits.max_chars})")


def _read_html(data: bytes, limits: Limits) -> Source:
    decoded = None
    detected = None
    m = _META_CHARSET.search(data[:4096])
    name = m.group(1).decode("ascii", "replace") if m else ""
    declared = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950"}.get(name.lower(), name.lower())
    if m:
        try:
            text = data.decode(declared)
            decoded = (text, "big5" if declared == "cp950" else declared, [])
        except (LookupError, UnicodeDecodeError):
            decoded = None  # the declaration lies; detect instead
    if decoded is not None and declared in _LEGACY_CJK and not data.isascii():
        # GB18030 decodes almost any bytes: a page (or some of its lines) in UTF-8 under a gbk
        # declaration would come out as mojibake without a single error
        detected = decode_bytes(data)
        if detected.encoding.startswith("utf-8"):
            decoded = None
    if decoded is None:
        d = detected or decode_bytes(data)
        warnings = list(d.warnings)
        if m and d.encoding != declared and not (d.encoding == "big5" and declared == "cp950"):
            warnings.insert(0, f"page declares {name} but is {d.encoding}")
        decoded = (d.text, d.encoding, warnings)
    text, encoding, warnings = decoded
    _check_chars(text, limits)
    lines = html_lines(text)
    if not any(line.strip() for line in lines):
        raise IntakeError("HTML has no article text")
    return Source(lines, "html", encoding, list(warnings))


def _read_docx(data: bytes, limits: Limits) -> Source:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise IntakeError("truncated or corrupt .docx") from exc
    if len(infos) > limits.max_zip_entries:
        raise IntakeError(f"zip has too many entries ({len(infos)}), refused as a zip bomb")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:  # declared: refused before anything is inflated
        raise IntakeError(f"document expands past {mb(limits.max_unzipped_bytes)} MB, refused as a zip bomb")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise IntakeError("zip archive is not a .docx (no word/document.xml)")
    try:
        # actual sizes, in chunks (a bomb lies about them), and CRCs (a truncated archive can
        # keep its central directory but lose member data)
        check_zip_members(data, archive, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise IntakeError("truncated or corrupt .docx") from exc
    try:
        lines = _docx_lines(data)
    except (IntakeError, MemoryError):
        raise
    except Exception as exc:  # python-docx raises many kinds on malformed XML
        if _out_of_memory(exc):  # libxml2 under the memory cap reports a syntax error
            raise MemoryError(str(exc)) from exc
        raise IntakeError("truncated or corrupt .docx") from exc
    _check_chars("\n".join(lines), limits)
    if not any(line.strip() for line in lines):
        raise IntakeError(".docx has no text")
    return Source(lines, "docx", "utf-8", [])


def _out_of_memory(exc: Exception) -> bool:
    log = " ".join(str(entry) for entry in getattr(exc, "error_log", None) or ())
    return "NO_MEMORY" in log or "memory" in str(exc).lower()


def _docx_lines(data: bytes) -> list[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []

    def table_lines(table: Table) -> None:
        for row in table.rows:
            cells: list[str] = []
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                    continue
                seen.add(id(cell._tc))
                text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                for inner in cell.tables:
                    sub: list[str] = []
                    for r in inner.rows:
                        sub.append("\t".join(c.text.strip() for c in r.cells))
                    text = " ".join([text, *sub]).strip()
                cells.append(text)
            if any(cells):
                # one line per row, cells separated by tabs: a key-task table stays one task a line
                lines.append("\t".join(cells))

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table_lines(Table(child, document))
    return lines


def _read_pdf_in_child(data: bytes, limits: Limits) -> tuple[Source, tuple[list[str], list[str]]]:
    """_read_pdf, and the names of the CMaps pdfminer loaded: a child forgets what it loaded, so
    the caller loads them once itself and later children inherit them (a CJK font's CMap costs
    a few hundred ms to parse)."""
    source = _read_pdf(data, limits)
    try:
        from pdfminer.cmapdb import CMapDB

        return source, (list(CMapDB._cmap_cache), list(CMapDB._umap_cache))
    except (ImportError, AttributeError):
        return source, ([], [])


def _keep_cmaps(names: tuple[list[str], list[str]]) -> None:
    try:
        from pdfminer.cmapdb import CMapDB

        cmaps, umaps = names
        # names come from the document: only plain CMap names of pdfminer's own directory
        for name in cmaps:
            if name not in CMapDB._cmap_cache and _CMAP_NAME.fullmatch(name):
                CMapDB.get_cmap(name)
        for name in umaps:
            if name not in CMapDB._umap_cache and _CMAP_NAME.fullmatch(name):
                CMapDB.get_unicode_map(name)
    except Exception:  # noqa: BLE001 - only a cache: never a reason to fail a document
        pass


def _read_pdf(data: bytes, limits: Limits) -> Source:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdf_budget(limits) as budget:  # every decompressed byte is counted against the caps
            text = extract_text(io.BytesIO(data), maxpages=limits.max_pdf_pages)
    except (IntakeError, MemoryError):
        raise
    except PDFSyntaxError as exc:
        raise IntakeError("corrupt PDF") from exc
    except Exception as exc:  # pdfminer raises assorted errors on damaged files
        if exc.__class__.__name__ in ("PDFEncryptionError", "PDFPasswordIncorrect"):
            raise IntakeError("encrypted PDF") from exc
        raise IntakeError("corrupt PDF") from exc
    if budget.exceeded:  # raised inside pdfminer and swallowed there: still a refusal
        raise IntakeError(budget.exceeded)
    if not text.strip():
        raise IntakeError("PDF has no text layer (scanned?)")
    _check_chars(text, limits)
    warnings = []
    if "\ufffd" in text or "(cid:" in text:
        warnings.append("PDF text layer has characters without a Unicode mapping")
    # pdfminer separates pages with form feeds
    return Source(text.replace("\x0c", "\n").splitlines(), "pdf", "pdf", warnings)
