"""One key-task list, as a .txt and as an .xlsx, gives the same tasks and the same units.

The text reader (luoshi.intake.tasklist) and the spreadsheet import (luoshi.work.spreadsheet)
read unit notes, deadlines and numbering with one grammar, so an office gets the same lead
units whichever file it uploads. The lists are fictional; the workbooks are built here.
"""

from __future__ import annotations

import pytest

from luoshi.intake.pipeline import extract
from luoshi.work.spreadsheet import read_sheet
from tests.sheets import data

TITLE = "白沙县2026年重点工作任务分解表"
NOTE = "注：责任单位排名第一的为牵头单位，其余为配合单位。"

# (task, units as the 责任单位 cell writes them, deadline)
ROWS = [
    ("建设城东污水处理厂二期", "县水利局、县生态环境局、县财政局", "2026年10月底前"),
    ("新建改建农村公路60公里", "县交通运输局", "年底前"),
    ("稳定生猪和蔬菜供应", "县农业农村局、县商务局分别牵头", "长期坚持"),
    ("推进政务服务一网通办", "县政务服务中心牵头，县直有关部门按职责分工负责", "6月底前"),
    ("开展安全生产大排查", "县应急管理局、县公安局等有关部门", "三季度末"),
]


def _from_text(text: str) -> list[tuple[str, list[str], list[str]]]:
    record = extract(text.encode("utf-8"), "list.txt")
    (meeting,) = record["meetings"]
    return [(d["text"].rstrip("。"), d["lead"], d["support"]) for d in meeting["directives"]
            if isinstance(d, dict) and (d.get("lead") or d.get("support"))]


def _from_sheet(payload: bytes) -> list[tuple[str, list[str], list[str]]]:
    parsed = read_sheet(payload, 2026)
    assert parsed.issues == []
    return [(t.title, t.leads, t.supports) for t in parsed.tasks if t.kind == "row"]


def test_a_responsibility_column_reads_as_the_note_lines_of_the_same_list():
    lines = [TITLE, NOTE, "一、重点任务"]
    for n, (task, units, due) in enumerate(ROWS, start=1):
        lines += [f"{n}.{task}。", f"责任单位：{units}", f"完成时限：{due}"]
    sheet = data.build([[TITLE], [NOTE], ["序号", "重点任务", "责任单位", "完成时限"]]
                       + [[n, task, units, due] for n, (task, units, due) in enumerate(ROWS, start=1)])
    from_text, from_sheet = _from_text("\n".join(lines) + "\n"), _from_sheet(sheet)
    assert from_text == from_sheet
    assert from_sheet[0] == ("建设城东污水处理厂二期", ["县水利局"], ["县生态环境局", "县财政局"])
    assert from_sheet[2][1:] == (["县农业农村局", "县商务局"], [])
    assert from_sheet[3][1:] == (["县政务服务中心"], ["县直有关部门"])
    assert from_sheet[4][1:] == (["县应急管理局"], ["县公安局", "有关部门"])


@pytest.mark.parametrize("traditional", [False, True])
def test_lead_and_support_columns_read_as_the_inline_notes_of_the_same_list(traditional):
    rows = [
        ("建设城东污水处理厂二期", "县水利局", "县生态环境局、县财政局"),
        ("推进政务服务一网通办", "县政务服务中心", "县直各部门"),
        ("新建改建农村公路60公里", "县交通运输局、县财政局", ""),
    ]
    lines = [TITLE]
    for n, (task, lead, support) in enumerate(rows, start=1):
        note = f"{lead}牵头，{support}配合" if support else f"{lead}负责"
        lines.append(f"{n}、{task}。（{note}）")
    text = "\n".join(lines) + "\n"
    cells = [[n, task, lead, support] for n, (task, lead, support) in enumerate(rows, start=1)]
    if traditional:
        from luoshi.lib.text import to_traditional

        text = to_traditional(text)
        cells = [[n] + [to_traditional(c) for c in rest] for n, *rest in cells]
    sheet = data.build([[TITLE], ["序号", "重点任务", "牵头单位", "配合单位"]] + cells)
    assert _from_text(text) == _from_sheet(sheet)
    assert len(_from_sheet(sheet)) == 3
