"""Body, session, kind, date, format and venues of a meeting (fictional texts)."""

from __future__ import annotations

import datetime as dt

import opencc

from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def _meeting(text: str, published: dt.date | None = None) -> dict:
    meetings, _warnings = read_meetings(text, _T2S(text), published)
    assert len(meetings) == 1
    return meetings[0]


def test_plenary_of_a_leading_group_by_video_traditional():
    text = ("昨天，省推進城鄉融合發展領導小組召開第二次全體會議。會議以視頻形式召開，各市設分會場。"
            "市委書記孫志剛在泰州分會場參加會議。")
    m = _meeting(text, dt.date(2024, 2, 20))
    assert m["body"] == "省推進城鄉融合發展領導小組"
    assert m["session"] == "第二次全體會議"
    assert m["kind"] == "plenary"
    assert (m["date"]["text"], m["date"]["value"]) == ("昨天", "2024-02-19")
    assert m["format"] == "video"
    assert [v["name"] for v in m["venues"]] == ["泰州分會場"]
    assert m["venues"][0]["region"] == "泰州"


def test_session_designation_splits_the_body():
    m = _meeting("12月27日下午,市政协九届三次会议举行主席会议。市政协主席刘长河主持会议。",
                 dt.date(2024, 1, 2))
    assert m["body"] == "市政协"
    assert m["session"] == "九届三次会议"
    # printed in January about late December: the year before publication
    assert (m["date"]["text"], m["date"]["value"]) == ("12月27日下午", "2023-12-27")


def test_meeting_held_at_a_place_is_in_person():
    m = _meeting("2023年度皖苏浙沪区域协作联席会议在合肥市召开\n9月12日,会议在合肥市召开。")
    assert m["body"] == "皖苏浙沪区域协作联席会议"
    assert m["session"] == ""
    assert m["format"] == "in_person"
    assert m["venues"][0]["name"] == "合肥市"
    # no publication date: the year comes from the meeting's name (2023年度…), marked as a guess
    assert (m["date"]["value"], m["date"]["resolved"]) == ("2023-09-12", "meeting_name")


def test_deictic_subject_takes_the_body_from_the_meeting_name():
    m = _meeting("6月2日,我市召开三季度安委会全体成员会议。副市长宋立新主持会议。")
    assert m["body"] == "安委会"


def test_chair_convening_takes_the_body_from_the_object_and_topic_kind():
    m = _meeting("7月4日上午,副市长、市防汛抗旱指挥部指挥长邱建平主持召开市防汛抗旱指挥部专题会议。")
    assert m["body"] == "市防汛抗旱指挥部"
    assert m["kind"] == "topic"
    assert m["format"] == "unknown"


def test_unknown_format_and_warning_when_nothing_is_found():
    meetings, warnings = read_meetings("要进一步加强安全生产工作。", "要进一步加强安全生产工作。", None)
    assert meetings[0]["body"] == ""
    assert meetings[0]["format"] == "unknown"
    assert "no convening body found" in warnings


def test_spans_index_the_original_text_even_when_simplified_differs_in_length():
    text = "8月1日,市委召开常委会会议。會議強調,要抓好防汛工作。"
    meetings, warnings = read_meetings(text, _T2S(text) + "X", None)  # a broken length
    d = meetings[0]["directives"][0]
    assert text[d["span"][0] : d["span"][1]] == d["text"] == "會議強調,要抓好防汛工作。"
    assert any("realigned" in w for w in warnings)
