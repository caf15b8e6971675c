"""Supervision bulletins: the generated draft, versions kept, the official-document .docx."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from luoshi.audit.models import Event
from luoshi.lib.text import to_simplified
from luoshi.supervision import actions, bulletin
from luoshi.supervision.models import Bulletin, BulletinVersion
from luoshi.work.progress import Status
from tests import factories as f
from tests.pages import assert_escaped, body, shown

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 4, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


@pytest.fixture
def progress(world, day):
    """task_c 60% on track; a fourth task done; task_a at risk (due in 5 days, 10%)."""
    from django.utils import timezone

    now = timezone.now()
    f.report(world.task_a, world.dept, "accepted", percent=10, round=day.round, version=2, submitted_at=now)
    f.report(world.task_c, world.other_city, "accepted", percent=60, version=3, round=day.round, submitted_at=now)
    world.task_c.start = dt.date(2026, 1, 1)
    world.task_c.save()
    done = f.task(world.plan, lead=world.dept, due=dt.date(2026, 3, 1), completed_at=timezone.now())
    return done


def draft_text(world, as_of=dt.date(2026, 4, 3)) -> tuple[bulletin.Summary, str]:
    summary = bulletin.summarize(world.plan, as_of)
    with translation.override("zh-hans"):
        return summary, bulletin.draft(summary, "zh-hans", bulletin.issuing_office(world.plan))


def test_the_summary_counts_lights_rolls_up_percent_and_names_lagging_units(world, progress):
    summary, _ = draft_text(world)
    assert summary.counts[Status.OVERDUE] == 1 and summary.counts[Status.AT_RISK] == 1
    assert summary.counts[Status.DONE] == 1 and summary.counts[Status.ON_TRACK] == 1
    assert summary.total == 4
    # (10 + 0 + 60 + 100) / 4 top-level tasks of weight 1
    assert summary.percent == 42.5
    assert [(e.unit, e.overdue, e.at_risk) for e in summary.lagging] == [(world.city, 1, 0), (world.dept, 0, 1)]


def test_the_draft_is_written_in_formal_style_with_the_five_sections(world, progress):
    _, text = draft_text(world)
    lines = text.splitlines()
    headings = [line for line in lines if bulletin.HEADING.match(line)]
    assert headings == ["一、总体情况", "二、进展较好的任务", "三、存在风险的任务", "四、逾期任务", "五、下一步工作要求"]
    assert "共部署重点任务4项，总体完成进度42.5%" in text
    assert "已办结1项，正常推进1项，存在风险1项，逾期未完成1项，尚未报送进展0项" in text
    assert f"{to_simplified(str(world.city))}（逾期1项）" in text
    assert f"{to_simplified(str(world.dept))}（存在风险1项）" in text
    overdue = text[text.index("四、逾期任务"):text.index("五、")]
    assert to_simplified(world.task_b.title) in overdue and "已逾期3天" in overdue
    at_risk = text[text.index("三、"):text.index("四、")]
    assert to_simplified(world.task_a.title) in at_risk
    assert "（一）已办结任务" in text and "（二）正常推进任务" in text
    assert "领导小组办公室" in text or to_simplified(str(world.office_org)) in text


def test_the_office_drafts_edits_and_saves_a_bulletin_as_issue_one(world, progress, login):
    client = login(world.users["office"])
    new = reverse("supervision:bulletin_new", args=[world.plan.code])
    html = assert_escaped(client.get(new + "?as_of=2026-04-03"))
    assert "一、总体情况" in html and "督查通报第1期（草稿）" in html
    response = client.post(new, {"text": "一、总体情况\n改过的正文", "as_of": "2026-04-03"})
    saved = Bulletin.objects.get()
    assert response["Location"] == reverse("supervision:bulletin_detail", args=[saved.code])
    assert (saved.number, saved.as_of, saved.latest().text) == (1, dt.date(2026, 4, 3), "一、总体情况\n改过的正文")
    assert Event.objects.filter(action="bulletin.created").count() == 1
    client.post(new, {"text": "第二期", "as_of": "2026-04-10"})
    assert sorted(Bulletin.objects.values_list("number", flat=True)) == [1, 2]


def test_saving_again_makes_a_new_version_and_keeps_the_history(world, progress, login):
    client = login(world.users["office"])
    b = actions.create_bulletin(world.users["office"], world.plan, dt.date(2026, 4, 3), "第一版")
    url = reverse("supervision:bulletin_detail", args=[b.code])
    client.post(url, {"text": "第二版", "version": 1})
    client.post(url, {"text": "第三版 <script>alert(1)</script>", "version": 2})
    assert list(b.versions.order_by("version").values_list("version", "text")) == [
        (1, "第一版"), (2, "第二版"), (3, "第三版 <script>alert(1)</script>")]
    html = assert_escaped(client.get(url))
    for n in (1, 2, 3):
        assert reverse("supervision:bulletin_version", args=[b.code, n]) in html
    old = body(client.get(reverse("supervision:bulletin_version", args=[b.code, 1])))
    assert "第一版" in old and "第二版" not in old
    assert Event.objects.filter(action="bulletin.saved").count() == 2


def test_a_bulletin_brought_in_from_elsewhere_carries_its_own_times(world, progress):
    office = world.users["office"]
    issued = dt.datetime(2026, 4, 3, 9, 0, tzinfo=dt.UTC)
    edited = issued + dt.timedelta(hours=2)
    b = actions.create_bulletin(office, world.plan, dt.date(2026, 4, 3), "第一版", at=issued)
    second = actions.save_bulletin(office, b, "第二版", 1, at=edited)
    b.refresh_from_db()
    assert b.created_at == b.versions.get(version=1).created_at == issued
    assert second.created_at == BulletinVersion.objects.get(pk=second.pk).created_at == edited
    events = Event.objects.filter(object_type="supervision.bulletin").order_by("at")
    assert [(e.action, e.at) for e in events] == [("bulletin.created", issued), ("bulletin.saved", edited)]


def test_saving_unchanged_text_adds_no_version(world, progress):
    b = actions.create_bulletin(world.users["office"], world.plan, dt.date(2026, 4, 3), "正文")
    actions.save_bulletin(world.users["office"], b, "正文", 1)
    assert b.versions.count() == 1


def test_two_editors_saving_the_same_version_get_a_conflict_not_an_overwrite(world, progress, login):
    b = actions.create_bulletin(world.users["office"], world.plan, dt.date(2026, 4, 3), "第一版")
    colleague = f.user("office2", "office_admin", world.office_org)
    actions.save_bulletin(colleague, b, "同事的版本", 1)
    response = login(world.users["office"]).post(
        reverse("supervision:bulletin_detail", args=[b.code]), {"text": "我的版本", "version": 1})
    assert response.status_code == 409
    html = body(response)
    assert "同事的版本" in html and "我的版本" in html
    assert list(b.versions.order_by("version").values_list("text", flat=True)) == ["第一版", "同事的版本"]


@pytest.mark.parametrize("persona", ["member", "city"])
def test_only_the_office_drafts_and_saves_bulletins(world, progress, login, persona):
    b = actions.create_bulletin(world.users["office"], world.plan, dt.date(2026, 4, 3), "正文")
    client = login(world.users[persona])
    assert client.get(reverse("supervision:bulletin_new", args=[world.plan.code])).status_code == 403
    assert client.post(reverse("supervision:bulletin_new", args=[world.plan.code]),
                       {"text": "x", "as_of": "2026-04-03"}).status_code == 403
    assert client.post(reverse("supervision:bulletin_detail", args=[b.code]),
                       {"text": "x", "version": 1}).status_code == 403
    assert Bulletin.objects.count() == 1 and BulletinVersion.objects.count() == 1


def test_members_read_a_bulletin_and_units_do_not(world, progress, login):
    b = actions.create_bulletin(world.users["office"], world.plan, dt.date(2026, 4, 3), "正文 <script>alert(1)</script>")
    url = reverse("supervision:bulletin_detail", args=[b.code])
    html = assert_escaped(login(world.users["member"]).get(url))
    assert "<textarea" not in html and "正文" in html
    assert login(world.users["city"]).get(url).status_code == 403
    outsider = f.user("outsider", "unit_reporter", f.org())  # no task in this plan
    assert login(outsider).get(url).status_code == 404
    docx = reverse("supervision:bulletin_docx", args=[b.code])
    assert login(world.users["member"]).get(docx).status_code == 200
    assert login(world.users["city"]).get(docx).status_code == 403
    assert login(outsider).get(docx).status_code == 404


def _docx(response) -> Document:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    return Document(io.BytesIO(response.content))


def test_the_docx_is_an_official_document_with_the_counts_and_task_titles(world, progress, login):
    client = login(world.users["office"])
    _, text = draft_text(world)
    b = actions.create_bulletin(world.users["office"], world.plan, dt.date(2026, 4, 3), text)
    doc = _docx(client.get(reverse("supervision:bulletin_docx", args=[b.code])))
    paragraphs = [p.text for p in doc.paragraphs]
    everything = "\n".join(paragraphs)
    assert paragraphs[0] == "督查通报" and paragraphs[1] == "第1期"
    assert "2026年4月3日" in paragraphs[2] and to_simplified(str(world.office_org)) in paragraphs[2]
    assert "共部署重点任务4项" in everything and "逾期未完成1项" in everything
    for task in (world.task_a, world.task_b, world.task_c):
        assert to_simplified(task.title) in everything

    masthead = doc.paragraphs[0].runs[0]
    assert str(masthead.font.color.rgb) == bulletin.RED and masthead.font.size.pt == bulletin.MASTHEAD_PT
    assert masthead._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    rule = doc.paragraphs[2]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == bulletin.RED
    heading = next(p for p in doc.paragraphs if p.text == "一、总体情况")
    assert heading.runs[0].bold and heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    prose = next(p for p in doc.paragraphs if p.text.startswith("截至"))
    assert prose.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert prose.paragraph_format.first_line_indent.pt == 32
    assert prose._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"


def test_an_earlier_version_downloads_as_it_was(world, progress, login):
    b = actions.create_bulletin(world.users["office"], world.plan, dt.date(2026, 4, 3), "一、总体情况\n旧文")
    actions.save_bulletin(world.users["office"], b, "一、总体情况\n新文", 1)
    url = reverse("supervision:bulletin_docx", args=[b.code])
    client = login(world.users["office"])
    assert "旧文" in [p.text for p in _docx(client.get(url + "?version=1")).paragraphs]
    assert "新文" in [p.text for p in _docx(client.get(url)).paragraphs]
    assert client.get(url + "?version=9").status_code == 404


def test_text_with_control_characters_still_makes_a_docx(world, progress, login):
    b = actions.create_bulletin(world.users["office"], world.plan, dt.date(2026, 4, 3), "一、总体情况\n正文\x0b\x01")
    doc = _docx(login(world.users["office"]).get(reverse("supervision:bulletin_docx", args=[b.code])))
    assert "正文" in [p.text for p in doc.paragraphs]


def test_the_bulletin_list_shows_issues_escaped(world, progress, login):
    actions.create_bulletin(world.users["office"], world.plan, dt.date(2026, 4, 3), "正文")
    html = assert_escaped(login(world.users["office"]).get(reverse("supervision:bulletin_list",
                                                                   args=[world.plan.code])))
    assert "第1期" in html and shown(world.plan.title) in html
