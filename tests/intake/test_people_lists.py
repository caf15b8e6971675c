"""Participants in lists and posts as reports of other provinces and levels print them
(texts written for these tests, in both scripts; the people are fictional). Each shape was
seen on real pages listed in docs/intake-rules.md (People, "Lists and rosters")."""

from __future__ import annotations

import opencc
import pytest

from luoshi.intake import names
from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert
_S2T = opencc.OpenCC("s2t").convert


def _people(text: str) -> dict[str, dict]:
    """People of the first meeting, keyed and valued in Simplified whatever the script."""
    meeting = read_meetings(text, _T2S(text), None)[0][0]
    return {_T2S(p["name"]): {**p, "posts": [_T2S(x) for x in p["posts"]]} for p in meeting["people"]}


def _both(text: str, script: str) -> str:
    return text if script == "simplified" else _S2T(text)


@pytest.fixture(params=["model", "rules"])
def name_path(request, monkeypatch):
    """Run a test on the model path and on the rules-only path."""
    if request.param == "rules":
        monkeypatch.setenv(names.ENV, "rules")
    names.reset()
    yield request.param
    names.reset()


HEADQUARTERS = (
    "3月2日，市委副书记、市长、市应对突发公共卫生事件应急指挥部指挥长甘泽民主持召开指挥部第九次会议，"
    "听取各工作组情况汇报。\n"
    "市领导、市应对突发公共卫生事件应急指挥部副指挥长谢秋阳、吉克伍呷、铁宁、洛桑多吉、"
    "买买提·吐尔逊、曹立新出席会议。\n会议指出，要抓紧抓实各项防控措施。"
)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_list_goes_on_through_names_the_surname_rules_do_not_know(script, name_path):
    people = _people(_both(HEADQUARTERS, script))
    listed = ["谢秋阳", "吉克伍呷", "铁宁", "洛桑多吉", "买买提·吐尔逊", "曹立新"]
    assert set(listed) <= set(people)
    for name in listed:
        # the collective label before the post chain is a post too; 应对 does not cut the organisation
        assert people[name]["posts"] == ["市领导", "市应对突发公共卫生事件应急指挥部副指挥长"], name
        assert people[name]["roles"] == ["attendee"], name
    assert people["甘泽民"]["posts"] == ["市委副书记", "市长", "市应对突发公共卫生事件应急指挥部指挥长"]
    assert people["甘泽民"]["roles"] == ["chair"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_list_stops_at_what_is_no_name(script, name_path):
    text = _both("5月8日，县政府召开防汛工作会议。副县长尹志坚、罗雪梅、县水利局、县应急局主要负责人参加会议。", script)
    people = _people(text)
    assert set(people) == {"尹志坚", "罗雪梅"}
    assert people["罗雪梅"]["roles"] == ["attendee"]


def test_a_list_ending_in_an_unread_item_is_no_list(name_path):
    # 某某、某某 with no name the rules read after them: nothing vouches for the items
    text = "9月3日，市政府召开专题会议。市领导宁泽远、洛桑多吉、扎西次仁，以及各县区负责人参加会议。"
    people = _people(text)
    assert set(people) == {"宁泽远"}
    assert people["宁泽远"]["roles"] == ["attendee"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_presiding_officer_of_a_presidium_meeting_is_a_post(script, name_path):
    text = _both("1月5日下午，市政协六届一次会议主席团举行第一次会议，会议由主席团会议主持人秦国梁主持。"
                 "会议审议通过了大会日程。", script)
    people = _people(text)
    assert people["秦国梁"]["posts"] == ["主席团会议主持人"]
    assert people["秦国梁"]["roles"] == ["chair"]


def test_posts_separated_by_a_list_mark_and_a_space(name_path):
    text = ("2月7日上午，市长韩立诚主持召开全市疫情防控工作专题会议。市委常委、 常务副市长 邹建平传达"
            "全省视频会议精神，就下一步工作进行安排部署。")
    people = _people(text)
    assert people["邹建平"]["posts"] == ["市委常委", "常务副市长"]
    assert people["邹建平"]["roles"] == ["speaker"]
