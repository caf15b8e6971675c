"""A Word or Excel attachment is a zip archive, checked like an intake upload (issue 10 item 9):
every member inflated and counted, so a zip bomb, an encrypted or a damaged archive is refused
before it is stored, while real .docx and .xlsx files attach as before."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from luoshi.reporting import services as reports
from luoshi.reporting.models import ReportAttachment
from tests.workflow.conftest import content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def bomb(megabytes: int) -> bytes:
    """A .docx-shaped zip whose one XML part inflates to `megabytes` MB of zeros (≈ 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = b"\0" * (1 << 20)
            for _ in range(megabytes):
                member.write(zeros)
    return out.getvalue()


def attach(world, rnd, name: str, data: bytes):
    return reports.create_report(world.users["city"], world.task_b, rnd,
                                 content(files=[SimpleUploadedFile(name, data)]))


def test_a_zip_bomb_named_docx_or_xlsx_is_refused_and_nothing_is_stored(world, rnd):
    cap_mb = reports.ZIP_LIMITS.max_unzipped_bytes // (1 << 20)
    data = bomb(cap_mb + 8)
    assert len(data) < 1 << 20  # under a megabyte on the wire, far under the size limit
    for name in ("进展.docx", "台账.xlsx"):
        with pytest.raises(ValidationError, match=f"{cap_mb} MB"):  # the message names the cap
            attach(world, rnd, name, data)
    assert not ReportAttachment.objects.exists()


def test_a_damaged_archive_is_refused(world, rnd):
    good = io.BytesIO()
    Document().save(good)
    truncated = good.getvalue()[: len(good.getvalue()) // 2]
    with pytest.raises(ValidationError):
        attach(world, rnd, "进展.docx", truncated)
    assert not ReportAttachment.objects.exists()


def test_real_word_and_excel_files_attach_as_before(world, rnd):
    doc, sheet = io.BytesIO(), io.BytesIO()
    document = Document()
    document.add_paragraph("换乘枢纽完成初步设计")
    document.save(doc)
    book = openpyxl.Workbook()
    book.active.append(["指标", 11])
    book.save(sheet)
    report = reports.create_report(world.users["city"], world.task_b, rnd, content(files=[
        SimpleUploadedFile("进展.docx", doc.getvalue()), SimpleUploadedFile("台账.xlsx", sheet.getvalue())]))
    assert sorted(a.original_name for a in report.attachments.all()) == ["台账.xlsx", "进展.docx"]
