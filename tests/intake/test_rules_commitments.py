"""Commitments: a named party pledges (fictional texts)."""

from __future__ import annotations

import opencc

from luoshi.intake.commitments import find_party
from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def test_city_pledge_after_speaker_statement_traditional():
    text = ("會議強調，要加快推進一體化發展。"
            "市委書記孫志剛在發言時表示，泰州將主動融入區域發展大局，加快建設跨江融合示範區。")
    meeting = read_meetings(text, _T2S(text), None)[0][0]
    [c] = meeting["commitments"]
    assert {k: c[k] for k in ("party", "text", "span")} == {
        "party": "泰州",
        "text": "市委書記孫志剛在發言時表示，泰州將主動融入區域發展大局，加快建設跨江融合示範區。",
        "span": [16, len(text)],
    }
    assert c["rule"] == "commitment" and 0 <= c["confidence"] <= 1
    assert len(meeting["directives"]) == 1


def test_parties_deictic_department_and_unknown_city_after_biaoshi():
    assert find_party("我市将全力做好各项保障工作。") == (0, 2)
    assert find_party("市交通运输局将加快推进项目建设。") == (0, 6)
    assert find_party("他表示,青川将持续用力。") == (4, 6)


def test_meeting_jiang_and_preposition_jiang_are_not_commitments():
    text = "会议强调,各方将深化合作。会议还审议了调整方案,将专题组调整为产业组。"
    meeting = read_meetings(text, text, None)[0][0]
    assert meeting["commitments"] == []
    assert find_party("将专题组调整为产业组。") is None
    assert find_party("全国两会即将召开。") is None
