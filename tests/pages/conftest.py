"""A meeting with everything the meeting, document, plan and task pages show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from luoshi.meetings.models import AgendaItem, Commitment, Directive, Participation, SourceDocument, Venue
from luoshi.work.models import Indicator, Milestone, Observation, WorkArea
from tests import factories as f
from tests.factories import HOSTILE_MARK

ORIGINAL_BYTES = ("長三角一體化 " + HOSTILE_MARK + " 要加快推進").encode("gb18030") + b"\x00\xff"


@dataclass
class Programme:
    document: SourceDocument
    meeting: object
    higher_meeting: object
    directive: Directive
    commitment: Commitment
    child: object  # task made from the commitment, led by the city
    area: WorkArea
    indicator: Indicator


@pytest.fixture
def programme(world) -> Programme:
    area, _ = WorkArea.objects.get_or_create(slug="ecology", defaults={"name": "生态环境", "order": 5})
    document = SourceDocument.objects.create(
        filename=f.hostile("会议报道") + ".txt", content=ORIGINAL_BYTES, encoding="gb18030", script="hant",
        title=f.hostile("推进会报道"), text=f.hostile("正文"), publisher=f.hostile("省政府"),
        published=dt.date(2026, 3, 2), state=SourceDocument.State.READ, error=f.hostile("第3段无法识别"),
    )
    higher = f.meeting(f.org(kind="leading_group"), date=dt.date(2026, 1, 10))
    meeting = f.meeting(
        world.group, date=dt.date(2026, 3, 1), session=f.hostile("第四次"), format="video", sequence=4,
        source_document=document,
    )
    main = Venue.objects.create(meeting=meeting, name=f.hostile("主会场"), is_main=True, region=f.region())
    sub = Venue.objects.create(meeting=meeting, name=f.hostile("南通分会场"), region=f.region("320600", "南通市"))
    Participation.objects.create(meeting=meeting, person=f.person(), venue=main, role="chair",
                                 posts_as_printed=f.hostile("省长"))
    Participation.objects.create(meeting=meeting, person=f.person(), venue=sub, role="exchange",
                                 posts_as_printed=f.hostile("市长"))
    convey = AgendaItem.objects.create(meeting=meeting, order=1, kind="convey", text=f.hostile("传达"),
                                       conveyed_meeting=higher)
    convey.documents.add(document)
    AgendaItem.objects.create(meeting=meeting, order=2, kind="deploy", text=f.hostile("部署"))
    directive = Directive.objects.create(meeting=meeting, document=document, order=1, text=f.hostile("要加快"),
                                         work_area=area, deadline=dt.date(2026, 12, 31), state="confirmed")
    commitment = Commitment.objects.create(meeting=meeting, party=world.city, party_text=f.hostile("南通"),
                                           text=f.hostile("南通将"), state="confirmed")
    task_a = world.task_a
    task_a.source_directive = directive
    task_a.work_area = area
    task_a.description = f.hostile("说明")
    task_a.start = dt.date(2026, 1, 1)
    task_a.due = dt.date(2026, 12, 31)
    task_a.save()
    child = f.task(world.plan, lead=world.city, parent=task_a, source_commitment=commitment)
    Milestone.objects.create(task=task_a, title=f.hostile("节点"), planned_date=dt.date(2026, 6, 30),
                             planned_percent=50)
    indicator = Indicator.objects.create(task=task_a, name=f.hostile("指标"), unit="亿元", target=100)
    Observation.objects.create(indicator=indicator, period="2026Q1", value=12)
    return Programme(document, meeting, higher, directive, commitment, child, area, indicator)
