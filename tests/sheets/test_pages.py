"""The import form, the result page and the export link, through HTTP."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.sheets.models import SheetImport
from luoshi.work.models import Plan, Task
from tests.factories import HOSTILE_MARK, hostile
from tests.sheets import data

pytestmark = pytest.mark.django_db


def _upload(payload: bytes | None = None, name: str = "分解表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data.awkward() if payload is None else payload)


def _new_plan_form(world, **extra):
    return {"file": _upload(), "title": "", "year": "2026", "organization": str(world.group.code), **extra}


def test_the_office_imports_a_table_into_a_new_plan_and_sees_the_result(world, units, login):
    client = login(world.users["office"])
    response = client.post(reverse("sheets:import"), _new_plan_form(world))
    result = SheetImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sheets:import_result", args=[result.code])
    page = client.get(response["Location"]).content.decode()
    assert "2026年重点工作任务分解表" in page  # the title row, shown in the reader's script
    assert '<td class="num">8</td>' in page  # created
    assert "<td class=\"num\">10</td>" in page and "<td class=\"num\">11</td>" in page  # rejected rows
    assert data.UNKNOWN in page


def test_importing_into_an_existing_plan_updates_it(world, units, login):
    client = login(world.users["office"])
    client.post(reverse("sheets:import"), {"file": _upload(), "plan": str(world.plan.code)})
    before = world.plan.tasks.count()
    client.post(reverse("sheets:import"), {"file": _upload(), "plan": str(world.plan.code)})
    assert world.plan.tasks.count() == before
    assert SheetImport.objects.order_by("-pk").first().unchanged == 8


@pytest.mark.parametrize("persona", ["dept", "member", "city", "audit"])
def test_only_the_office_may_open_or_post_the_import_form(world, units, login, persona):
    client = login(world.users[persona])
    assert client.get(reverse("sheets:import")).status_code == 403
    assert client.post(reverse("sheets:import"), _new_plan_form(world)).status_code == 403
    assert not SheetImport.objects.exists()


def test_the_office_may_open_the_import_form(world, login):
    assert login(world.users["office"]).get(reverse("sheets:import")).status_code == 200


def test_a_file_that_is_not_a_workbook_is_refused_with_a_clear_message_and_the_form_keeps_its_values(
        world, units, login):
    client = login(world.users["office"])
    plans, tasks = Plan.objects.count(), Task.objects.count()
    form = _new_plan_form(world, file=_upload(b"just some text", name="list.xlsx"), title="我填写的标题",
                          create_units="on")
    response = client.post(reverse("sheets:import"), form)
    page = response.content.decode()
    assert response.status_code == 400
    assert ".xlsx" in page
    assert 'value="我填写的标题"' in page
    checkbox = re.search(r'<input type="checkbox" name="create_units"[^>]*>', page).group(0)
    assert "checked" in checkbox
    assert (Plan.objects.count(), Task.objects.count()) == (plans, tasks)


def test_a_file_with_another_extension_is_refused_before_it_is_read(world, login):
    client = login(world.users["office"])
    response = client.post(reverse("sheets:import"), _new_plan_form(world, file=_upload(b"a,b", name="list.csv")))
    assert response.status_code == 400
    assert not SheetImport.objects.exists()


def test_a_new_plan_needs_an_issuing_body(world, units, login):
    client = login(world.users["office"])
    response = client.post(reverse("sheets:import"), _new_plan_form(world, organization=""))
    assert response.status_code == 400
    assert not SheetImport.objects.exists()


def test_hostile_text_in_the_sheet_is_escaped_on_the_result_page(world, units, login):
    evil = hostile("任务")
    payload = data.build([["序号", "重点任务", "牵头单位", "完成时限"], [1, evil, evil, evil], [1, evil, None, None]])
    client = login(world.users["office"])
    form = _new_plan_form(world, file=_upload(payload), title=evil)
    response = client.post(reverse("sheets:import"), form, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert HOSTILE_MARK not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_result_page_is_for_the_office(world, units, login):
    login(world.users["office"]).post(reverse("sheets:import"), _new_plan_form(world))
    url = reverse("sheets:import_result", args=[SheetImport.objects.get().code])
    assert login(world.users["member"]).get(url).status_code == 403


def test_a_member_may_export_a_plan_they_can_see(world, login):
    response = login(world.users["member"]).get(reverse("sheets:plan_export", args=[world.plan.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = data.cells(response.content)
    assert len(rows) == 2 + 3 + 1  # title, headers, three tasks, merged ranges


def test_another_city_gets_404_exporting_a_plan_it_cannot_see(world, login):
    hidden = Plan.objects.create(organization=world.group, title="不相干的计划", year=2026)
    Task.objects.create(plan=hidden, title="别人的任务")
    assert login(world.users["other"]).get(reverse("sheets:plan_export", args=[hidden.code])).status_code == 404


def test_a_unit_exports_only_the_tasks_it_leads_or_supports(world, login):
    response = login(world.users["dept"]).get(reverse("sheets:plan_export", args=[world.plan.code]))
    rows = data.cells(response.content)
    titles = {row[1] for row in rows[2:-1]}
    assert titles == {world.task_a.title}
