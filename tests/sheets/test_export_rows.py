"""The plan export: one row per task, sub-tasks numbered under their parent, a round trip that changes
nothing, and the optional progress sheet."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.accounts.models import User
from luoshi.demo import content as demo_content
from luoshi.demo.builder import build
from luoshi.reporting import services as reports
from luoshi.work.imports import export_plan, import_plan
from luoshi.work.models import Assignment, Plan, Task
from tests import factories as f
from tests.sheets import data

pytestmark = pytest.mark.django_db


def _table(workbook: bytes) -> tuple[list[str], list[dict[str, object]]]:
    """The first sheet's header names and its task rows as {header: value} (section rows included)."""
    sheet = load_workbook(io.BytesIO(workbook)).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(i for i, row in enumerate(values) if "序号" in row or "序號" in row)
    headers = values[header_at]
    return headers, [dict(zip(headers, row, strict=True)) for row in values[header_at + 1:] if any(row)]


def _leads(task: Task) -> str:
    return "、".join(a.organization.name for a in task.assignments.all() if a.role == Assignment.Role.LEAD)


def _round_trip(plan: Plan, office: User):
    versions = dict(plan.tasks.values_list("pk", "version"))
    orders = dict(plan.tasks.values_list("pk", "order"))
    numbers = dict(plan.tasks.values_list("pk", "external_id"))
    exported = export_plan(plan)
    again = import_plan(office, exported, plan=plan)
    assert (again.created, again.updated, again.report["missing"]) == (0, 0, [])
    assert again.unchanged == plan.tasks.count()
    assert dict(plan.tasks.values_list("pk", "version")) == versions
    assert dict(plan.tasks.values_list("pk", "order")) == orders
    assert dict(plan.tasks.values_list("pk", "external_id")) == numbers
    return exported


@pytest.fixture
def demo_plan(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build()
    return Plan.objects.get(title=demo_content.PLAN_TITLE)


def test_the_demo_plan_exports_one_row_per_task_each_with_its_own_title_and_lead(demo_plan):
    tasks = {t.external_id: t for t in demo_plan.tasks.prefetch_related("assignments__organization")}
    assert any(t.parent_id for t in tasks.values())  # the plan has sub-tasks: the case the old export lost
    headers, rows = _table(export_plan(demo_plan))
    assert len(rows) == len(tasks) == demo_plan.tasks.count()
    assert sorted(row["序号"] for row in rows) == sorted(tasks)
    for row in rows:
        task = tasks[row["序号"]]
        assert row["重点任务"] == task.title
        assert (row["牵头单位"] or "") == _leads(task)
    # A provincial task with a city's sub-task: each keeps its own title and lead, the parent first.
    position = {row["序号"]: i for i, row in enumerate(rows)}
    for ext, task in tasks.items():
        if task.parent_id:
            parent = task.parent.external_id
            assert ext == f"{parent}.{ext.rsplit('.', 1)[1]}" and position[parent] < position[ext]
            assert _leads(task) != _leads(task.parent)
    assert "上级序号" not in headers  # the numbers tell the tree


def test_the_demo_plan_round_trip_changes_nothing(demo_plan):
    _round_trip(demo_plan, User.objects.get(username="office"))


def test_tasks_without_a_number_are_numbered_by_place_and_a_round_trip_adopts_no_number(world, units):
    # A plan as the intake review confirms it: no 序号 anywhere, a parent with one sub-task.
    plan = f.plan(world.group, title="复核确认的计划")
    provincial = f.task(plan, lead=units.transport, title="推进跨省项目建设", order=1)
    f.task(plan, lead=units.market, title="保障南通段建设", parent=provincial, order=1)
    f.task(plan, lead=units.drc, support=[units.commerce], title="扩大跨省通办事项", order=2)
    headers, rows = _table(export_plan(plan))
    assert [(r["序号"], r["重点任务"], r["牵头单位"]) for r in rows] == [
        ("1", "推进跨省项目建设", data.TRANSPORT),
        ("1.1", "保障南通段建设", data.MARKET),
        ("2", "扩大跨省通办事项", data.DRC),
    ]
    _round_trip(plan, world.users["office"])
    assert set(plan.tasks.values_list("external_id", flat=True)) == {""}


def test_a_sub_task_not_numbered_under_its_parent_gets_a_parent_column_and_keeps_its_place(world, units):
    plan = f.plan(world.group, title="序号不成层级的计划")
    parent = f.task(plan, lead=units.transport, title="推进铁路建设", external_id="5", order=1)
    f.task(plan, lead=units.market, title="南通段征地拆迁", parent=parent, external_id="9", order=2)
    f.task(plan, lead=units.drc, title="编制年度计划", external_id="6", order=3)
    headers, rows = _table(export_plan(plan))
    assert "上级序号" in headers
    assert [(r["序号"], r["上级序号"]) for r in rows] == [("5", None), ("9", "5"), ("6", None)]
    _round_trip(plan, world.users["office"])
    assert plan.tasks.get(external_id="9").parent == parent


def test_an_imported_table_with_a_merged_key_task_round_trips_as_one_row_per_task(world, units):
    from luoshi.work.imports import NewPlan

    plan = import_plan(world.users["office"], data.awkward(), new_plan=NewPlan("", 2026, world.group)).plan
    _headers, rows = _table(_round_trip(plan, world.users["office"]))
    assert len(rows) == plan.tasks.count() == 8


# --- the progress sheet, through HTTP ------------------------------------------------


@pytest.fixture
def reported(world):
    rnd = f.reporting_round(world.plan, "2026年10月", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    report = reports.create_report(world.users["dept"], world.task_a, rnd,
                                   reports.Content(text="已完成可研批复", percent=45), submit=True)
    return report


def test_the_progress_sheet_gives_each_task_its_light_percent_and_last_report_date(world, reported, login):
    url = reverse("sheets:plan_export", args=[world.plan.code])
    plain = load_workbook(io.BytesIO(login(world.users["member"]).get(url).content))
    assert len(plain.worksheets) == 1
    book = load_workbook(io.BytesIO(login(world.users["office"]).get(url + "?progress=1").content))
    assert len(book.worksheets) == 2
    sheet = book.worksheets[1]
    assert sheet.title == "进展"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["序号", "任务", "牵头单位", "状态", "完成进度", "最近报送"]
    by_title = {row[1]: row for row in values[1:]}
    assert len(by_title) == world.plan.tasks.count()
    a = by_title[world.task_a.title]
    assert a[4] == 45
    assert a[5].date() == timezone.localdate(reported.submitted_at)
    assert a[3] in {"正常推进", "存在风险", "已逾期", "未启动"}
    b = by_title[world.task_b.title]
    assert b[4] is None and b[5] is None
    # The numbers match the table's rows.
    _headers, rows = _table(login(world.users["office"]).get(url + "?progress=1").content)
    assert [r["序号"] for r in rows] == [row[0] for row in values[1:]]


def test_a_unit_s_progress_sheet_lists_only_its_own_tasks(world, reported, login):
    url = reverse("sheets:plan_export", args=[world.plan.code]) + "?progress=1"
    book = load_workbook(io.BytesIO(login(world.users["dept"]).get(url).content))
    titles = [row[1].value for row in book.worksheets[1].iter_rows(min_row=2)]
    assert titles == [world.task_a.title]


def test_the_plan_page_and_the_board_link_to_both_exports(world, login):
    export = reverse("sheets:plan_export", args=[world.plan.code])
    office = login(world.users["office"])
    for page in (reverse("work:plan_detail", args=[world.plan.code]),
                 reverse("supervision:board", args=[world.plan.code])):
        html = office.get(page).content.decode()
        assert f'href="{export}"' in html, page
        assert f'href="{export}?progress=1"' in html, page
