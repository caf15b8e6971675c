"""The intake flow through the real luoshi.intake library (no stand-in record)."""

from __future__ import annotations

import pytest

from luoshi import jobs
from luoshi.ingest import reading, review, services
from luoshi.meetings.models import SourceDocument
from luoshi.org.models import Organization
from luoshi.work.models import Task

pytestmark = pytest.mark.django_db

intake = pytest.importorskip("luoshi.intake")
if not hasattr(intake, "extract"):
    pytest.skip("luoshi.intake.extract is not written yet", allow_module_level=True)

# Written for this test; the people and bodies are fictional. Traditional script.
REPORT = (
    "北嶺省推進山海協作領導小組召開第五次全體會議\n"
    "4月2日,北嶺省推進山海協作領導小組第五次全體會議召開。"
    "省長、領導小組組長韓若谷主持會議並講話。"
    "會議強調,要加快山海協作產業園建設,年底前引進重點項目十個。"
    "要深化生態環境共保聯治,推進流域治理。"
)


def test_a_traditional_report_read_by_the_library_confirms_against_a_body_kept_in_simplified(world):
    body = Organization.objects.create(name="北岭省推进山海协作领导小组", kind=Organization.Kind.LEADING_GROUP)
    office = world.users["office"]
    stored = reading.store(office, REPORT.encode("utf-8"), "report.txt")
    jobs.drain()
    doc = SourceDocument.objects.get(pk=stored.document.pk)
    assert doc.state == SourceDocument.State.READ, doc.error
    assert doc.directives.count() >= 2

    meeting, venues, people, agenda = review.meeting_initial(doc)
    assert meeting["organization"] == body.pk  # matched across scripts

    result = services.confirm_document(office, doc, {
        "meeting": {**meeting, "venues": venues, "participants": people, "agenda": agenda},
        "plan": {"title": "2026年重点工作安排", "year": 2026},
        "directives": [{"id": d.pk, "decision": "confirm"} for d in doc.directives.all()],
    })
    assert result.meeting.organization == body
    assert Task.objects.filter(plan=result.plan, source_directive__document=doc).count() == doc.directives.count()
    for task in result.tasks_created:
        d = task.source_directive
        assert doc.text[d.span_start:d.span_end] == d.text  # the task remembers its exact sentence


def test_a_corrupt_pdf_stays_stored_with_the_librarys_reason(world):
    stored = reading.store(world.users["office"], b"%PDF-1.4 broken junk", "bad.pdf")
    jobs.drain()
    doc = SourceDocument.objects.get(pk=stored.document.pk)
    assert doc.state == SourceDocument.State.FAILED
    assert doc.error == "corrupt PDF"
    assert bytes(doc.content) == b"%PDF-1.4 broken junk"
