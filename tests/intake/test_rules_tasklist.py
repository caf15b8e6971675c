"""Key-task lists: numbered tasks with lead and supporting units (a fictional list)."""

from __future__ import annotations

import opencc

from luoshi.intake.readers import read_document

_T2S = opencc.OpenCC("t2s").convert

LIST = """青州市人民政府办公室关于印发2024年重点工作任务分工方案的通知
各县(市、区)人民政府,市直各部门:
现将《2024年重点工作任务分工方案》印发给你们,请认真贯彻落实。
一、稳定经济增长
1.扩大有效投资,全年实施重点项目200个。(市发展改革委牵头,市财政局、市自然资源局配合)
2.促进消费持续恢复。(市商务局、各县(市、区)人民政府负责)
3.加强要素保障。
牵头单位:市自然资源局
责任单位:市生态环境局,市住房城乡建设局
4.建设城市更新项目。
二、保障改善民生
(一)稳定就业。〔责任单位:市人力资源社会保障局、市教育局按职责分工负责。〕
"""


def _tasks(text: str) -> tuple[str, list[dict]]:
    reading = read_document(text, _T2S(text), None)
    assert reading.kind == "key_task_list"
    assert len(reading.meetings) == 1
    return reading.meetings[0]["body"], reading.meetings[0]["directives"]


def test_issuer_and_tasks_with_units():
    body, tasks = _tasks(LIST)
    assert body == "青州市人民政府办公室"
    assert [t["text"] for t in tasks] == [
        "扩大有效投资,全年实施重点项目200个。", "促进消费持续恢复。", "加强要素保障。", "稳定就业。"]
    assert tasks[0]["lead"] == ["市发展改革委"]
    assert tasks[0]["support"] == ["市财政局", "市自然资源局"]
    # 、 inside parentheses does not split; 负责 alone means lead
    assert tasks[1]["lead"] == ["市商务局", "各县(市、区)人民政府"]
    assert tasks[1]["support"] == []
    # 责任单位 next to 牵头单位 is support
    assert tasks[2]["lead"] == ["市自然资源局"]
    assert tasks[2]["support"] == ["市生态环境局", "市住房城乡建设局"]
    assert tasks[3]["lead"] == ["市人力资源社会保障局", "市教育局"]


def test_headings_and_tasks_without_units_are_left_out():
    _body, tasks = _tasks(LIST)
    texts = [t["text"] for t in tasks]
    assert "稳定经济增长" not in texts and "建设城市更新项目。" not in texts


def test_first_listed_unit_leads_when_the_document_says_so_traditional():
    text = ("（一）推進政務服務“一網通辦”。\n責任單位：市政務服務局、市大數據局（第一責任單位為牽頭單位，下同）\n"
            "時限要求：持續推進\n（二）壓減審批時限。\n責任單位：市政務服務局、市司法局\n")
    _body, tasks = _tasks(text)
    assert [(t["lead"], t["support"]) for t in tasks] == [
        (["市政務服務局"], ["市大數據局"]), (["市政務服務局"], ["市司法局"])]


def test_shared_suffix_and_leaders_are_not_split_or_kept():
    text = ("1.推进机场建设。(省机场集团、甲城、乙城市政府负责)\n"
            "2.完善路网。(责任领导:何为民;牵头单位:省交通运输厅;责任单位:相关市、县政府,6月底完成)\n")
    _body, tasks = _tasks(text)
    assert tasks[0]["lead"] == ["省机场集团", "甲城、乙城市政府"]
    assert tasks[1]["lead"] == ["省交通运输厅"]
    assert tasks[1]["support"] == ["相关市、县政府"]


def test_a_note_after_sub_items_covers_all_of_them():
    text = ("1.完善预案体系\n(1)加强预案管理。\n(2)推进预案演练。\n"
            "(责任单位:市应急管理局、各县(市、区)人民政府)\n")
    _body, tasks = _tasks(text)
    assert [t["text"] for t in tasks] == ["加强预案管理。", "推进预案演练。"]
    assert all(t["lead"] == ["市应急管理局", "各县(市、区)人民政府"] for t in tasks)
