"""Agenda items of a meeting (fictional texts)."""

from __future__ import annotations

import opencc

from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def _agenda(text: str) -> list[tuple[str, str]]:
    meeting = read_meetings(text, _T2S(text), None)[0][0]
    return [(a["kind"], a["text"]) for a in meeting["agenda"]]


def test_convey_hear_adopt_in_one_sentence_traditional():
    text = ("會議傳達學習了全國農村工作會議精神、聽取了全省農村改革情況匯報，"
            "審議通過了《2024年工作要點》。")
    assert _agenda(text) == [
        ("convey", "傳達學習了全國農村工作會議精神"),
        ("hear_report", "聽取了全省農村改革情況匯報"),
        ("adopt", "審議通過了《2024年工作要點》"),
    ]


def test_clauses_after_the_convening_clause():
    text = ("2月6日上午,市委全面深化改革委员会召开第三次会议,学习贯彻中央有关会议精神,"
            "听取各专项小组工作汇报,研究部署下一阶段改革任务。")
    assert [k for k, _ in _agenda(text)] == ["study", "hear_report", "deploy"]


def test_other_kinds_and_reports_made_by_units():
    text = ("会议通报了一季度评比结果,并部署了下一步工作。"
            "会上,市交通局、市水利局分别汇报了重点项目推进情况。")
    assert [k for k, _ in _agenda(text)] == ["other", "deploy", "hear_report"]


def test_directives_and_speeches_are_not_agenda():
    text = ("会议强调,要学习贯彻好会议精神。市委书记陶国平主持会议并讲话。"
            "会议要求,要听取群众意见。")
    assert _agenda(text) == []
