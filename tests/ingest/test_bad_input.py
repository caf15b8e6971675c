"""Bad input through the web upload and the job worker, read by the real luoshi.intake:
a text mixing two encodings is read line by line with a visible warning; a decompression
bomb ends as a failed document that keeps its bytes and shows why."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi import jobs
from luoshi.meetings.models import SourceDocument

pytestmark = pytest.mark.django_db

intake = pytest.importorskip("luoshi.intake")
bombs = pytest.importorskip("tests.intake.test_bombs")

INTAKE = reverse("ingest:intake")

# Written for this test; the county, the bureau and the person are fictional.
LINES = [
    "西坪县召开冬季安全生产工作会议\n",
    "12月2日,西坪县安全生产委员会召开全体会议,副县长欧阳知远出席并讲话。\n",
    "会议要求,各乡镇要开展隐患排查整治,严防重特大事故发生。\n",
    "会议强调,要压实企业主体责任,年底前完成全部整改。\n",
]


@pytest.fixture
def office(world, login):
    return login(world.users["office"])


def _upload(office, name: str, data: bytes) -> SourceDocument:
    office.post(INTAKE, {"files": [SimpleUploadedFile(name, data)]})
    jobs.drain()
    return SourceDocument.objects.get(filename=name)


def test_a_pasted_text_in_two_encodings_is_read_with_a_warning_on_the_review_page(office):
    data = b"".join(line.encode("gb18030" if n in (2, 3) else "utf-8") for n, line in enumerate(LINES, 1))
    doc = _upload(office, "pasted.txt", data)
    assert doc.state == SourceDocument.State.READ, doc.error
    assert doc.encoding == "utf-8+gb18030"
    assert "副县长欧阳知远出席并讲话" in doc.text and "\ufffd" not in doc.text
    warning = "mixed encodings: lines 2-3 decoded as gb18030, the others as utf-8"
    assert warning in doc.extraction["warnings"]
    page = office.get(reverse("ingest:review", args=[doc.code])).content.decode()
    assert warning in page


@pytest.mark.parametrize(("name", "build", "reason"), [
    ("bomb.pdf", lambda: bombs.pdf_bomb(), "document expands past 64 MB, refused as a compression bomb"),
    ("bomb.docx", lambda: bombs.docx_bomb(b" " * bombs.MB, 300, lie=True),
     "document expands past 64 MB, refused as a zip bomb"),
])
def test_a_bomb_stays_stored_as_failed_with_its_reason_shown(office, name, build, reason):
    data = build()
    doc = _upload(office, name, data)
    assert doc.state == SourceDocument.State.FAILED
    assert doc.error == reason
    assert bytes(doc.content) == data  # the upload is kept: it can be downloaded or read again
    assert reason in office.get(reverse("ingest:status")).content.decode()
    assert reason in office.get(reverse("ingest:review", args=[doc.code])).content.decode()
