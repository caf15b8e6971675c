"""A district's excerpt of a city's breakdown table, copied from an open-information page one cell
a line with blank lines between the cells and no bars: the header (序号 / 重点工作任务 / 主要责任单位
/ 协同配合单位) must stay the table's (not sub-headlines of the page), section rows stand between
the header and the first row, the rows keep the city's numbers (3, 41, 42 …), and the excerpt ends
inside a unit's name (texts written for these tests; units fictional where it matters).

Motivated by 分解表 pages of county bureaus that print only their own rows of the city's table
(heldout page sets; the same layout as tasklists/015 with a 进展情况 column).
"""

from __future__ import annotations

import opencc
import pytest

from luoshi.intake import extract

_S2T = opencc.OpenCC("s2t").convert

EXCERPT = """清溪区水利局2025年政府工作报告重点工作任务分解表
发布时间:2025-06-13 09:13 信息来源:清溪区水利局 浏览次数:

清溪区水利局2025年政府工作报告重点工作任务分解表

序号

重点工作任务

主要责任单位

协同配合单位

一、主要预期目标

5

农田有效灌溉面积稳定在52万亩以上。

区水利局

区农业农村局、各镇人民政府。

二、全力以赴补短板、强基础

41

加快推进清溪河二期综合治理工程，年内完成主体工程。

区水利局

区发改委、区财政局，沿河各镇人民政府。

42

实施农村供水保障提升工程，新建改造供水管网120公里。

区水利局

区住建局、区卫健委。

47

完成小型水库除险加固6座，落实安全运行管护责任。

区水利局

区应急管理局、区财
"""


@pytest.mark.parametrize("convert", [lambda t: t, _S2T], ids=["hans", "hant"])
def test_an_excerpt_of_a_breakdown_table_reads_its_rows_and_drops_the_cut_off_one(convert) -> None:
    record = extract(convert(EXCERPT).encode("utf-8"), "table.txt")
    assert record["kind"] == "key_task_list"
    tasks = [d for m in record["meetings"] for d in m["directives"] if isinstance(d, dict) and d.get("lead")]
    assert [t["text"][:6] for t in tasks] == [convert(x) for x in ("农田有效灌溉", "加快推进清溪", "实施农村供水")]
    assert [t["lead"] for t in tasks] == [[convert("区水利局")]] * 3
    assert tasks[1]["support"] == [convert(u) for u in ("区发改委", "区财政局", "沿河各镇人民政府")]
    # the header is the table's, not a sub-headline of the page
    assert convert("序号") not in record.get("subtitle", "")


def test_section_rows_and_skipped_numbers_need_the_header() -> None:
    # without a header, numbers that skip are not a table's rows (an indicator's figures may be)
    text = "\n".join(line for line in EXCERPT.splitlines()
                     if line not in ("序号", "重点工作任务", "主要责任单位", "协同配合单位"))
    record = extract(text.encode("utf-8"), "table.txt")
    tasks = [d for m in record["meetings"] for d in m["directives"] if isinstance(d, dict) and d.get("lead")]
    assert len(tasks) < 3
