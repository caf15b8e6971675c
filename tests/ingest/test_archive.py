"""Withdrawing what should not stay: a garbage upload looks failed and can be archived; a text read
before is recognised and linked instead of being read again.

Failures come from the real reader (luoshi.intake) on files made here; the
report texts are the fictional ones of tests/ingest/records.py.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from luoshi import jobs
from luoshi.audit.models import Event
from luoshi.ingest import reading
from luoshi.ingest.failures import failure
from luoshi.ingest.models import DocumentArchive
from luoshi.meetings.models import SourceDocument
from tests.ingest import records

pytestmark = pytest.mark.django_db

intake = pytest.importorskip("luoshi.intake")
iohelpers = pytest.importorskip("tests.intake.iohelpers")

INTAKE = reverse("ingest:intake")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _encrypted_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="only-the-author-knows")
    c.drawString(50, 800, "Tongbao No. 3, draft")
    c.showPage()
    c.save()
    return buf.getvalue()


# name, bytes, the code the reader's line maps to
GARBAGE = [
    ("scan-of-a-photo.txt", bytes(range(256)) * 8, "binary"),
    ("damaged.pdf", b"%PDF-1.4\n%%EOF\n", "pdf_corrupt"),
    ("renamed.pdf", b"this was never a PDF", "pdf_corrupt"),
    ("scan.pdf", None, "pdf_scanned"),  # a page of marks, no text layer
    ("locked.pdf", None, "encrypted"),
    ("broken.docx", b"PK\x03\x04garbage", "docx_corrupt"),
    ("menu.html", b"<html><body><nav></nav></body></html>", "no_text"),
]


def _bytes(name: str, data: bytes | None) -> bytes:
    if name == "scan.pdf":
        return iohelpers.make_pdf(["x"] * 5, text=False)
    if name == "locked.pdf":
        return _encrypted_pdf()
    return data


@pytest.fixture
def office(world, login):
    return login(world.users["office"])


def _upload(client, name: str, data: bytes) -> SourceDocument:
    client.post(INTAKE, {"files": [SimpleUploadedFile(name, data)]})
    jobs.drain()
    return SourceDocument.objects.get(filename=name)


def _row(page: str, document: SourceDocument) -> str:
    m = re.search(rf'<tr class="[^"]*" data-code="{document.code}">(.*?)</tr>', page, re.S)
    assert m, "the document is not on the list"
    return m.group(0)


@pytest.mark.parametrize(("name", "data", "code"), GARBAGE, ids=[g[0] for g in GARBAGE])
def test_a_garbage_upload_is_shown_failed_with_a_translated_reason_and_offers_archive(office, name, data, code):
    data = _bytes(name, data)
    document = _upload(office, name, data)
    assert document.state == SourceDocument.State.FAILED
    assert bytes(document.content) == data  # the upload is kept, with its error
    reason = failure(document.error)
    assert reason.code == code, document.error
    row = _row(office.get(INTAKE).content.decode(), document)
    assert 'class="state-failed"' in row
    assert "<progress" not in row and "100%" not in row
    with translation.override("zh-hans"):
        assert str(reason.message) in row
    assert document.error in row  # the reader's own line, folded away under 读取程序的原话
    assert reverse("ingest:archive", args=[document.code]) in row
    assert reverse("ingest:reread", args=[document.code]) not in row  # the same bytes fail the same way


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_every_failure_reason_is_translated(language):
    lines = ["binary file, not text", "corrupt PDF", "encrypted PDF", "PDF has no text layer (scanned?)",
             "truncated or corrupt .docx", "empty file", "no text in the document",
             "file too large (over 10485760 bytes)", "text too long (3000000 characters, limit 2000000)",
             "document expands past 64 MB, refused as a zip bomb", "timed out after 30 s",
             "document nested too deeply", "same text as document 7d1f8f5e-7c55-4c1a-9d0e-2f5b4c7a9e11",
             "KeyError: 'x'"]
    with translation.override(language):
        messages = {line: str(failure(line).message) for line in lines}
    assert len({failure(line).code for line in lines}) == len(lines)  # each line its own reason
    for line, message in messages.items():
        assert message and message != line
        if language != "en":
            assert CJK.search(message), (line, message)


def test_a_failure_the_reader_may_not_repeat_offers_reading_again(office, reader, drain):
    reader.errors["slow.pdf"] = "timed out after 30 s"
    document = _upload(office, "slow.pdf", b"%PDF-1.4 a very long report")
    row = _row(office.get(INTAKE).content.decode(), document)
    assert reverse("ingest:reread", args=[document.code]) in row


def test_the_review_link_of_a_failed_document_shows_the_reason_and_archive(office, world):
    document = _upload(office, "damaged.pdf", b"%PDF-1.4\n%%EOF\n")
    world.users["office"].language = "zh-hant"
    world.users["office"].save(update_fields=["language"])
    page = office.get(reverse("ingest:review", args=[document.code])).content.decode()
    with translation.override("zh-hant"):
        assert str(failure(document.error).message) in page
    assert reverse("ingest:archive", args=[document.code]) in page


# --- archive -----------------------------------------------------------------


def test_the_office_archives_a_document_with_a_reason_and_it_leaves_the_list(office, world):
    document = _upload(office, "damaged.pdf", b"%PDF-1.4\n%%EOF\n")
    response = office.post(reverse("ingest:archive", args=[document.code]), {"reason": "误传的扫描件，已另行上传"})
    assert response.status_code == 302
    page = office.get(INTAKE).content.decode()
    assert f'data-code="{document.code}"' not in page
    assert 'href="?archived=1"' in page
    archived = office.get(INTAKE + "?archived=1").content.decode()
    assert f'data-code="{document.code}"' in archived and "误传的扫描件，已另行上传" in archived
    # still readable, marked archived, and the reason is in the log with who archived it
    detail = office.get(reverse("ingest:document", args=[document.code])).content.decode()
    assert "archived-banner" in detail and "误传的扫描件，已另行上传" in detail
    event = Event.objects.get(action="document.archived", object_id=str(document.pk))
    assert event.actor == world.users["office"] and event.changes["reason"] == "误传的扫描件，已另行上传"
    assert SourceDocument.objects.filter(pk=document.pk).exists()
    # an archived document is not reviewed or read again
    review = office.get(reverse("ingest:review", args=[document.code]))
    assert review.status_code == 302 and review.url == reverse("ingest:document", args=[document.code])
    assert office.post(reverse("ingest:reread", args=[document.code])).status_code == 404


def test_archiving_needs_a_reason(office):
    document = _upload(office, "damaged.pdf", b"%PDF-1.4\n%%EOF\n")
    office.post(reverse("ingest:archive", args=[document.code]), {"reason": "   "})
    assert not DocumentArchive.objects.exists()


@pytest.mark.parametrize("persona", ["dept", "city", "leader", "member", "security", "audit"])
def test_only_the_office_may_archive(world, login, persona, reader, drain):
    document = reading.store(world.users["office"], records.REPORT.encode(), "report.txt").document
    drain()
    response = login(world.users[persona]).post(reverse("ingest:archive", args=[document.code]),
                                                {"reason": "不需要了"})
    assert response.status_code in (403, 404)
    assert not DocumentArchive.objects.exists()


# --- a text read before ------------------------------------------------------


def test_pasting_a_text_already_read_links_to_it_instead_of_reading_it_again(office, reader, drain):
    office.post(INTAKE, {"text": records.REPORT})
    assert drain() == 1
    first = SourceDocument.objects.get()
    # the same text again, in Simplified script and with other line breaks and spaces
    from luoshi.lib.text import to_simplified

    again = "  " + to_simplified(records.REPORT).replace("。", "。\n") + "\n"
    response = office.post(INTAKE, {"text": again}, follow=True)
    assert SourceDocument.objects.count() == 1 and drain() == 0
    page = response.content.decode()
    assert reverse("ingest:document", args=[first.code]) in page


def test_a_text_file_with_the_text_of_an_earlier_paste_is_not_read_again(office, reader, drain):
    office.post(INTAKE, {"text": records.REPORT})
    drain()
    office.post(INTAKE, {"files": [SimpleUploadedFile("report-copy.txt", records.REPORT.encode("gb18030"))]})
    assert SourceDocument.objects.count() == 1 and drain() == 0


def test_a_word_or_pdf_file_with_a_text_read_before_ends_as_a_duplicate_with_a_link(office, reader, drain):
    office.post(INTAKE, {"text": records.REPORT})
    drain()
    first = SourceDocument.objects.get()
    # The reader only knows a PDF's text once it has read it: same clean text as the paste.
    office.post(INTAKE, {"files": [SimpleUploadedFile("report.pdf", b"%PDF-1.4 the same report")]})
    drain()
    copy = SourceDocument.objects.get(filename="report.pdf")
    assert copy.state == SourceDocument.State.FAILED and failure(copy.error).code == "duplicate"
    assert not copy.directives.exists()  # no second set of drafts to confirm twice
    row = _row(office.get(INTAKE).content.decode(), copy)
    assert reverse("ingest:document", args=[first.code]) in row
    assert reverse("ingest:archive", args=[copy.code]) in row


def test_once_the_earlier_document_is_archived_the_text_may_be_read_again(office, reader, drain):
    office.post(INTAKE, {"text": records.REPORT})
    drain()
    first = SourceDocument.objects.get()
    office.post(reverse("ingest:archive", args=[first.code]), {"reason": "读错了版本"})
    office.post(INTAKE, {"files": [SimpleUploadedFile("report.txt", records.REPORT.encode("gb18030"))]})
    assert drain() == 1
    assert SourceDocument.objects.get(filename="report.txt").state == SourceDocument.State.READ


def test_reading_the_earlier_document_again_does_not_make_it_a_duplicate_of_a_later_one(office, reader, drain):
    office.post(INTAKE, {"text": records.REPORT})
    drain()
    first = SourceDocument.objects.get()
    office.post(INTAKE, {"files": [SimpleUploadedFile("report.pdf", b"%PDF-1.4 the same report")]})
    drain()
    office.post(reverse("ingest:reread", args=[first.code]))
    drain()
    first.refresh_from_db()
    assert first.state == SourceDocument.State.READ
