"""Attachments: a short whitelist of types, a size limit, random stored names, and their checksums."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.reporting import services as reports
from luoshi.reporting.models import ReportAttachment
from tests.workflow.conftest import content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_an_attachment_is_stored_under_a_random_name_with_its_checksum(world, rnd, media):
    name = "../../进展<script>.pdf"
    report = reports.create_report(world.users["city"], world.task_b, rnd, content(files=[upload(name, PDF)]))
    [att] = report.attachments.all()
    assert att.original_name == "进展<script>.pdf" and att.size == len(PDF)
    assert att.sha256 == hashlib.sha256(PDF).hexdigest() and att.content_type == "application/pdf"
    assert "进展" not in att.file.name and "script" not in att.file.name and ".." not in att.file.name
    stored = media / att.file.name
    assert stored.read_bytes() == PDF and stored.resolve().is_relative_to(media.resolve())


def test_a_type_outside_the_whitelist_is_refused(world, rnd):
    with pytest.raises(ValidationError):
        reports.create_report(world.users["city"], world.task_b, rnd,
                              content(files=[upload("run.exe", b"MZ\x90\x00")]))
    assert not ReportAttachment.objects.exists()


def test_a_file_whose_bytes_do_not_match_its_name_is_refused(world, rnd):
    with pytest.raises(ValidationError):
        reports.create_report(world.users["city"], world.task_b, rnd,
                              content(files=[upload("renamed.pdf", b"MZ\x90\x00 not a pdf")]))
    with pytest.raises(ValidationError):
        reports.create_report(world.users["city"], world.task_b, rnd,
                              content(files=[upload("binary.txt", b"abc\x00def")]))


def test_a_file_over_the_size_limit_is_refused(world, rnd, settings):
    settings.LUOSHI_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError):
        reports.create_report(world.users["city"], world.task_b, rnd,
                              content(files=[upload("big.txt", b"x" * 101)]))
    reports.create_report(world.users["city"], world.task_b, rnd, content(files=[upload("ok.txt", b"x" * 100)]))
    assert ReportAttachment.objects.count() == 1


def test_a_new_version_keeps_the_attachments_of_the_one_it_replaces(world, rnd):
    first = reports.create_report(world.users["city"], world.task_b, rnd,
                                  content(files=[upload("a.pdf", PDF), upload("b.png", b"\x89PNG\r\n\x1a\n....")]),
                                  submit=True)
    drop = first.attachments.get(original_name="b.png")
    second = reports.new_version(world.users["city"], first, first.revision, content(remove=[drop.pk]))
    assert [a.original_name for a in second.attachments.all()] == ["a.pdf"]
    assert second.attachments.get().file.name == first.attachments.get(original_name="a.pdf").file.name
    assert first.attachments.count() == 2
