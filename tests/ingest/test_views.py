"""The intake pages over HTTP: who may use them, uploading, reviewing, confirming, escaping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.ingest import reading
from luoshi.meetings.models import SourceDocument
from luoshi.org.models import Organization
from luoshi.work.models import Task
from tests.factories import HOSTILE_MARK
from tests.ingest import records
from tests.ingest.pages import form_data as _form_data

pytestmark = pytest.mark.django_db

INTAKE = reverse("ingest:intake")


@pytest.fixture
def office(world, login):
    return login(world.users["office"])


@pytest.fixture
def read_doc(world, reader, drain):
    stored = reading.store(world.users["office"], records.REPORT.encode(), "report.txt")
    drain()
    stored.document.refresh_from_db()
    return stored.document


def test_the_office_may_open_the_intake_page(office):
    assert office.get(INTAKE).status_code == 200


@pytest.mark.parametrize("persona", ["dept", "city", "leader", "member", "security", "audit"])
def test_no_one_else_may_open_the_intake_page_or_upload(world, login, persona, reader):
    client = login(world.users[persona])
    assert client.get(INTAKE).status_code == 403
    assert client.post(INTAKE, {"text": "要加快建设。"}).status_code == 403
    assert not SourceDocument.objects.exists()


@pytest.mark.parametrize("persona", ["dept", "city", "member", "security", "audit"])
def test_no_one_but_the_office_may_review_or_reread_a_document(world, login, persona, read_doc):
    client = login(world.users[persona])
    assert client.get(reverse("ingest:review", args=[read_doc.code])).status_code == 403
    assert client.post(reverse("ingest:reread", args=[read_doc.code])).status_code == 403
    assert client.get(reverse("ingest:status")).status_code == 403


def test_a_document_outside_the_readers_scope_answers_404(world, login, read_doc):
    url = reverse("ingest:document", args=[read_doc.code])
    assert login(world.users["member"]).get(url).status_code == 200
    for persona in ("security", "audit", "other"):
        assert login(world.users[persona]).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(INTAKE).status_code == 302


def test_uploading_several_files_stores_each_and_only_queues_the_reading(office, reader):
    files = [SimpleUploadedFile(f"r{i}.txt", f"要做第{i}件事。".encode()) for i in range(3)]
    response = office.post(INTAKE, {"files": files, "published": "2026-03-06"}, follow=True)
    assert response.status_code == 200
    assert SourceDocument.objects.filter(state="stored").count() == 3
    assert reader.calls == []  # nothing was read inside the request
    assert "3" in response.content.decode()


def test_uploading_the_same_file_again_tells_the_user_it_is_already_stored(office, reader):
    office.post(INTAKE, {"files": [SimpleUploadedFile("a.txt", b"same")]})
    response = office.post(INTAKE, {"files": [SimpleUploadedFile("b.txt", b"same")]}, follow=True)
    assert SourceDocument.objects.count() == 1
    assert "b.txt" in response.content.decode()


def test_pasted_text_is_stored_as_a_document(office, reader):
    office.post(INTAKE, {"text": "會議強調,要加快建設。"})
    assert bytes(SourceDocument.objects.get().content).decode() == "會議強調,要加快建設。"


def test_a_failed_document_shows_its_reason_on_the_list(office, reader, drain):
    reader.errors["bad.pdf"] = "the PDF has no text layer"
    office.post(INTAKE, {"files": [SimpleUploadedFile("bad.pdf", b"%PDF-1.4 junk")]})
    drain()
    page = office.get(reverse("ingest:status")).content.decode()
    assert "the PDF has no text layer" in page


def test_the_status_fragment_shows_progress_while_documents_are_read(office, reader):
    office.post(INTAKE, {"text": "要加快建设。"})
    page = office.get(reverse("ingest:status")).content.decode()
    assert 'data-busy="1"' in page and "<progress" in page


def test_the_review_page_shows_hostile_document_text_escaped(office, read_doc):
    page = office.get(reverse("ingest:review", args=[read_doc.code])).content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    # directives are highlighted and jump to their forms
    d1 = read_doc.directives.order_by("order").first()
    assert f'data-target="directive-{d1.pk}"' in page and f'id="directive-{d1.pk}"' in page


def test_the_document_page_marks_the_span_a_task_links_to(world, login, read_doc):
    from luoshi.ingest.links import span_url

    d1 = read_doc.directives.order_by("order").first()
    url = span_url(d1)
    assert url.endswith(f"#span-{d1.span_start}-{d1.span_end}")
    page = login(world.users["member"]).get(url.split("#")[0]).content.decode()
    assert f'id="span-{d1.span_start}-{d1.span_end}"' in page
    assert "<script>alert('x')</script>" not in page


def test_hostile_names_in_the_forms_are_escaped(office, read_doc, world):
    Organization.objects.create(name=f"单位{HOSTILE_MARK}", kind="department")
    page = office.get(reverse("ingest:review", args=[read_doc.code])).content.decode()
    assert HOSTILE_MARK not in page


def test_reviewing_and_confirming_through_the_page_creates_the_tasks(office, read_doc, world):
    url = reverse("ingest:review", args=[read_doc.code])
    data = _form_data(office.get(url).content.decode())
    data["meeting-new_organization"] = ["东川省推进河湾协同发展领导小组"]
    data["meeting-skip"] = []
    data.pop("meeting-skip")
    data["directive-0-text"] = ["要加快軌道交通互聯互通(已校正)。"]
    data["action"] = ["confirm"]
    response = office.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    task = Task.objects.get(source_directive__text="要加快軌道交通互聯互通(已校正)。")
    assert task.plan.title == "2026年重点工作安排"
    assert task.source_directive.meeting.organization.name == "东川省推进河湾协同发展领导小组"
    # the page shows what was confirmed on a second visit
    again = office.get(url).content.decode()
    assert "已校正" in again


def test_splitting_a_directive_on_the_page_keeps_the_other_edits(office, read_doc):
    url = reverse("ingest:review", args=[read_doc.code])
    data = _form_data(office.get(url).content.decode())
    d1, d2 = read_doc.directives.order_by("order")
    data["directive-0-text"] = ["要加快軌道交通互聯互通(改)。"]
    data["directive-1-split_at"] = ["二是"]
    data["action"] = [f"split:{d2.pk}"]
    assert office.post(url, data).status_code == 302
    texts = list(read_doc.directives.order_by("order").values_list("text", flat=True))
    assert texts[0] == "要加快軌道交通互聯互通(改)。"
    assert len(texts) == 3 and texts[2].startswith("二是")


def test_rereading_from_the_list_queues_a_new_reading(office, read_doc, drain, reader):
    office.post(reverse("ingest:reread", args=[read_doc.code]))
    assert drain() == 1
    assert reader.calls == ["report.txt", "report.txt"]
