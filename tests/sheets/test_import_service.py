"""Importing a breakdown table: what is read, matched, created, updated and reported."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from luoshi.audit.models import Event
from luoshi.org.models import Organization
from luoshi.sheets.messages import describe, describe_error
from luoshi.work.imports import NewPlan, SheetError, export_plan, import_plan
from luoshi.work.models import Assignment, Plan, Task
from tests.sheets import data

pytestmark = pytest.mark.django_db


def _import(world, units, payload=None, **kwargs):
    kwargs.setdefault("new_plan", NewPlan(title="", year=2026, organization=world.group))
    return import_plan(world.users["office"], payload or data.awkward(), file_name="分解表.xlsx", **kwargs)


def _roles(task):
    return {(a.organization.name, a.role) for a in task.assignments.select_related("organization")}


def test_an_awkward_sheet_becomes_a_plan_titled_from_its_title_row(world, units):
    result = _import(world, units)
    assert result.plan.title == data.TITLE
    assert result.plan_created is True
    assert result.created == 8
    ids = list(result.plan.tasks.order_by("order").values_list("external_id", flat=True))
    assert ids == ["一", "1", "1.1", "1.2", "1.3", "2", "3", "4"]


def test_a_merged_key_task_becomes_the_parent_of_each_of_its_rows(world, units):
    plan = _import(world, units).plan
    parent = plan.tasks.get(external_id="1")
    assert parent.title == "推進重大項目建設"
    assert parent.parent.external_id == "一"
    assert [t.title for t in parent.children.order_by("order")] == ["建立重大項目調度機制", "加快項目審批", "做好要素保障"]
    assert not parent.assignments.exists()


def test_units_written_in_traditional_match_organizations_kept_in_simplified_by_name_and_short_name(world, units):
    plan = _import(world, units).plan
    assert _roles(plan.tasks.get(external_id="1.1")) == {
        (data.DRC, Assignment.Role.LEAD), (data.COMMERCE, Assignment.Role.SUPPORT),
        (data.MARKET, Assignment.Role.SUPPORT),
    }
    # 按职责分工负责 in the lead column: both units lead.
    assert _roles(plan.tasks.get(external_id="3")) == {
        (data.TRANSPORT, Assignment.Role.LEAD), (data.DRC, Assignment.Role.LEAD),
    }


def test_deadlines_written_as_text_become_due_dates_in_the_plans_year(world, units):
    plan = _import(world, units).plan
    due = dict(plan.tasks.values_list("external_id", "due"))
    assert due["1.1"] == dt.date(2026, 6, 30)
    assert due["1.2"] == dt.date(2026, 12, 31)
    assert due["2"] == dt.date(2026, 9, 30)  # a real date cell
    assert due["3"] == dt.date(2026, 9, 30)  # 3季度
    assert due["1.3"] is None


def test_an_ongoing_deadline_has_no_due_date_and_is_kept_in_the_description(world, units):
    task = _import(world, units).plan.tasks.get(external_id="1.3")
    assert task.due is None
    assert "完成时限：長期堅持" in task.description


def test_an_unknown_unit_is_left_out_reported_with_its_row_and_kept_in_the_description(world, units):
    result = _import(world, units)
    task = result.plan.tasks.get(external_id="1.3")
    assert _roles(task) == {(data.DRC, "lead"), (data.COMMERCE, "lead")}
    assert f"{data.UNKNOWN}、各地" in task.description
    warnings = {(w["code"], w["params"]["name"]) for w in result.report["warnings"] if w["row"] == 6}
    assert warnings == {("unit_unknown", data.UNKNOWN), ("unit_collective", "各地")}
    assert not Organization.objects.filter(name=data.UNKNOWN).exists()


def test_unknown_units_are_created_when_asked_but_a_collective_like_each_city_never_is(world, units):
    result = _import(world, units, create_units=True)
    created = Organization.objects.get(name=data.UNKNOWN)
    task = result.plan.tasks.get(external_id="1.3")
    assert (created.name, "support") in _roles(task)
    assert result.report["created_units"] == [data.UNKNOWN]
    assert not Organization.objects.filter(name="各地").exists()
    assert Event.objects.filter(action="organization.created", object_id=str(created.pk)).exists()


def test_every_row_not_taken_is_reported_with_its_row_number_and_why(world, units):
    result = _import(world, units)
    with translation.override("en"):
        rejected = {r["row"]: describe(r["code"], r["params"]) for r in result.report["rejected"]}
    assert set(rejected) == {10, 11}
    assert "no task text" in rejected[10]
    assert "row 9" in rejected[11]
    with translation.override("zh-hans"):
        assert describe(**{k: v for k, v in result.report["rejected"][1].items() if k in ("code", "params")}) == (
            "序号“3”已在第9行使用，该行未导入。")
    assert any(w["row"] == 12 and "儘快" in describe(w["code"], w["params"]) for w in result.report["warnings"])


def test_importing_again_updates_tasks_by_their_number_instead_of_duplicating_them(world, units):
    first = _import(world, units)
    plan = first.plan
    task = plan.tasks.get(external_id="1.2")
    changed = data.awkward({
        5: [None, None, "加快項目審批並公開進度", data.MARKET_T, None, "2026-10-31"],
        12: [],  # task 4 leaves the sheet
        13: [5, "新增的任務", None, data.DRC_T, None, None],
    })
    second = import_plan(world.users["office"], changed, plan=plan)
    assert Task.objects.filter(plan=plan).count() == 9
    task.refresh_from_db()
    assert task.title == "加快項目審批並公開進度"
    assert task.due == dt.date(2026, 10, 31)
    assert task.version == 2
    assert _roles(task) == {(data.MARKET, "lead")}
    assert (second.created, second.updated, second.unchanged) == (1, 1, 6)
    event = Event.objects.filter(action="task.updated", task=task).get()
    assert event.changes["title"] == ["加快項目審批", "加快項目審批並公開進度"]
    assert event.changes["lead"] == [[data.DRC], [data.MARKET]]
    assert second.report["missing"] == [{"external_id": "4", "title": "研究制定配套政策"}]
    assert plan.tasks.filter(external_id="4").exists()  # listed, not deleted


def test_a_round_trip_changes_nothing_and_exports_the_same_cells(world, units):
    plan = _import(world, units).plan
    versions = dict(plan.tasks.values_list("pk", "version"))
    first_export = export_plan(plan)
    again = import_plan(world.users["office"], first_export, plan=plan)
    assert (again.created, again.updated, again.report["missing"]) == (0, 0, [])
    assert again.unchanged == 8
    assert dict(plan.tasks.values_list("pk", "version")) == versions
    assert data.cells(export_plan(plan)) == data.cells(first_export)


def test_the_export_keeps_the_headers_and_the_numbers_and_gives_every_task_its_own_row(world, units):
    plan = _import(world, units).plan
    rows = data.cells(export_plan(plan))
    assert rows[0][0] == data.TITLE
    assert list(rows[1]) == data.TRADITIONAL_HEADERS
    assert rows[2][:2] == ("一", "一、穩增長")
    # The merged 重点任务 is a row of its own; its rows follow, numbered under it.
    assert rows[3] == ("1", "推進重大項目建設", None, None, None, None)
    assert rows[4] == ("1.1", "建立重大項目調度機制", None, data.DRC, f"{data.COMMERCE}、{data.MARKET}",
                       "2026年6月30日")
    assert rows[6] == ("1.3", "做好要素保障", None, f"{data.DRC}、{data.COMMERCE}", f"{data.UNKNOWN}、各地", "長期堅持")
    assert [row[0] for row in rows[2:-1]] == ["一", "1", "1.1", "1.2", "1.3", "2", "3", "4"]
    assert rows[-1] == ("A1:F1", "B3:F3")  # the title and the section; no task merged into another's rows


def test_text_that_looks_like_a_formula_is_exported_as_text(world, units):
    plan = _import(world, units).plan
    plan.tasks.filter(external_id="2").update(title='=HYPERLINK("http://example.invalid","点此")')
    sheet = load_workbook(io.BytesIO(export_plan(plan))).worksheets[0]
    cell = next(row[1] for row in sheet.iter_rows() if row[0].value == "2")
    assert cell.value == '=HYPERLINK("http://example.invalid","点此")'
    assert cell.data_type == "s"


def test_a_file_that_is_not_a_workbook_is_refused_and_nothing_changes(world, units):
    plans, tasks, events = Plan.objects.count(), Task.objects.count(), Event.objects.count()
    with pytest.raises(SheetError) as raised:
        _import(world, units, b"%PDF-1.4 not a spreadsheet")
    assert ".xlsx" in describe_error(raised.value)
    assert (Plan.objects.count(), Task.objects.count(), Event.objects.count()) == (plans, tasks, events)


def test_a_sheet_without_a_header_row_names_the_headers_it_expected(world, units):
    payload = data.build([["名单"], ["张三", "李四"]])
    with pytest.raises(SheetError) as raised:
        _import(world, units, payload)
    assert "序号、重点任务、具体内容、牵头单位、配合单位、完成时限" in describe_error(raised.value)
    assert not Plan.objects.filter(title="").exists()


def test_a_failure_halfway_leaves_no_plan_no_task_and_no_unit(world, units, monkeypatch):
    from luoshi.work import imports

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    plans = Plan.objects.count()
    monkeypatch.setattr(imports.SheetImport.objects, "create", boom)
    with pytest.raises(RuntimeError):
        _import(world, units, create_units=True)
    assert Plan.objects.count() == plans
    assert not Organization.objects.filter(name=data.UNKNOWN).exists()
    assert not Task.objects.filter(title="推進重大項目建設").exists()


def test_only_the_office_may_import(world, units):
    with pytest.raises(PermissionDenied):
        import_plan(world.users["dept"], data.awkward(), plan=world.plan)
    assert not world.plan.tasks.filter(external_id="1").exists()
