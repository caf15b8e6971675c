"""The intake's size limit is one number (issue 10 item 9): the upload form takes exactly what the
reader takes (luoshi/intake/errors.py Limits.max_bytes), a file or pasted text, and a paste
under that limit is not refused by Django before the form can answer."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.ingest.forms import MAX_FILE_BYTES
from luoshi.intake import DEFAULT_LIMITS, IntakeError, read_input
from luoshi.meetings.models import SourceDocument

pytestmark = pytest.mark.django_db
INTAKE = reverse("ingest:intake")
LIMIT = DEFAULT_LIMITS.max_bytes


@pytest.fixture
def office(world, login):
    return login(world.users["office"])


def test_the_form_and_the_reader_draw_the_line_at_the_same_byte(office, tmp_path):
    assert MAX_FILE_BYTES == LIMIT
    at_limit, over = tmp_path / "at.txt", tmp_path / "over.txt"
    at_limit.write_bytes(b"a" * LIMIT)
    over.write_bytes(b"a" * (LIMIT + 1))
    assert len(read_input(at_limit)) == LIMIT
    with pytest.raises(IntakeError):
        read_input(over)

    response = office.post(INTAKE, {"files": [SimpleUploadedFile("over.txt", b"a" * (LIMIT + 1))]})
    assert response.status_code == 200
    assert f"{LIMIT // 1048576} MB" in response.content.decode()
    assert not SourceDocument.objects.exists()
    response = office.post(INTAKE, {"files": [SimpleUploadedFile("at.txt", b"a" * LIMIT)]})
    assert response.status_code == 302
    assert SourceDocument.objects.count() == 1


def test_pasted_text_under_the_limit_is_taken_and_over_it_is_answered_by_the_form(office):
    # Larger than Django's default 2.5 MB for form fields, well under the reader's limit.
    under = "要加快推进湖湾城际铁路建设。" * (3 * 1048576 // 42)
    assert 2_621_440 < len(under.encode()) < LIMIT
    assert office.post(INTAKE, {"text": under}).status_code == 302
    assert SourceDocument.objects.count() == 1

    over = "a" * (LIMIT + 1)
    assert len(over) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # the request itself is let through…
    response = office.post(INTAKE, {"text": over})
    assert response.status_code == 200  # …and the form says why it is refused
    assert f"{LIMIT // 1048576} MB" in response.content.decode()
    assert SourceDocument.objects.count() == 1
