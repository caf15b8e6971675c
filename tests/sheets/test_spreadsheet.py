"""Reading breakdown tables without the database: headers, units, deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.intake.tasklist import parse_deadline
from luoshi.work.spreadsheet import LEAD, SUPPORT, read_sheet, split_units
from tests.sheets import data


@pytest.mark.parametrize(("text", "due", "kept"), [
    ("2026年6月底前", dt.date(2026, 6, 30), False),
    ("6月底", dt.date(2026, 6, 30), False),
    ("年底前", dt.date(2026, 12, 31), False),
    ("2026-06-30", dt.date(2026, 6, 30), False),
    ("2027年底", dt.date(2027, 12, 31), False),
    ("9月中旬", dt.date(2026, 9, 20), False),
    ("第三季度", dt.date(2026, 9, 30), False),
    ("上半年", dt.date(2026, 6, 30), False),
    ("3月底前啟動，年底前完成", dt.date(2026, 12, 31), True),
    ("長期堅持", None, True),
    ("持续推进", None, True),
    ("尽快", None, False),
    ("", None, False),
])
def test_a_deadline_in_words_gives_a_due_date_in_the_plans_year(text, due, kept):
    assert parse_deadline(text, 2026) == (due, kept)


@pytest.mark.parametrize(("lead", "support", "leads", "supports"), [
    ("省發展改革委牽頭", "", ["省發展改革委"], []),
    ("甲局牵头，乙局、丙局配合", "", ["甲局"], ["乙局", "丙局"]),
    ("牵头单位：甲局；配合单位：乙局", "", ["甲局"], ["乙局"]),
    ("甲局、乙局按职责分工负责", "丙局等", ["甲局", "乙局"], ["丙局"]),
    ("甲局\n乙局", "甲局，丁局", ["甲局", "乙局"], ["丁局"]),
])
def test_units_split_at_any_separator_and_lose_their_role_words(lead, support, leads, supports):
    assert split_units(lead, support) == (leads, supports)


def test_responsibility_columns_under_other_names_are_found_in_either_script():
    payload = data.build([
        ["說明：本表由辦公室彙總"],
        ["編號", "工作措施", "牽頭責任單位", "協同單位", "時間節點"],
        ["1", "推动数据共享", "甲局", "乙局", "10月底"],
    ])
    parsed = read_sheet(payload, 2026)
    assert [key for key, _h in parsed.layout.columns] == ["number", "content", LEAD, SUPPORT, "due"]
    assert parsed.header_row == 2
    (task,) = parsed.tasks
    assert (task.external_id, task.title, task.leads, task.supports, task.due) == (
        "1", "推动数据共享", ["甲局"], ["乙局"], dt.date(2026, 10, 31))


def test_a_lone_responsibility_column_is_the_lead_and_beside_a_lead_column_it_supports():
    alone = read_sheet(data.build([["序号", "重点任务", "责任单位"], [1, "任务甲", "甲局"]]), 2026)
    beside = read_sheet(data.build([["序号", "重点任务", "牵头单位", "责任单位"], [1, "任务甲", "甲局", "乙局"]]), 2026)
    assert (alone.tasks[0].leads, alone.tasks[0].supports) == (["甲局"], [])
    assert (beside.tasks[0].leads, beside.tasks[0].supports) == (["甲局"], ["乙局"])


def test_a_two_level_header_with_responsibility_merged_over_lead_and_support_is_read():
    payload = data.build([
        ["序号", "重点任务", "责任单位", None, "完成时限"],
        [None, None, "牵头单位", "配合单位", None],
        [1, "任务甲", "甲局", "乙局", "年底前"],
    ], ["A1:A2", "B1:B2", "C1:D1", "E1:E2"])
    parsed = read_sheet(payload, 2026)
    assert [key for key, _h in parsed.layout.columns] == ["number", "task", LEAD, SUPPORT, "due"]
    assert (parsed.tasks[0].leads, parsed.tasks[0].supports) == (["甲局"], ["乙局"])


def test_rows_without_a_number_get_a_stable_one_by_position():
    payload = data.build([["重点任务", "牵头单位"], ["任务甲", "甲局"], [None, None], ["任务乙", "乙局"]])
    assert [t.external_id for t in read_sheet(payload, 2026).tasks] == ["#1", "#2"]
