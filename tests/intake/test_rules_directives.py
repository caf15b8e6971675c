"""Directives: which sentences lay down work (fictional texts, both scripts)."""

from __future__ import annotations

import opencc

from luoshi.intake.directives import has_marker, is_directive
from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def _directives(text: str) -> list[str]:
    return [d["text"] for d in read_meetings(text, _T2S(text), None)[0][0]["directives"]]


def test_marker_words_and_words_that_only_contain_yao():
    assert has_marker("各地要加快推进项目建设。")
    assert has_marker("必须守住安全底线。")
    assert has_marker("确保按期完成。")
    assert has_marker("需要进一步完善机制。")
    assert not has_marker("会议听取了主要负责同志的重要汇报,印发了会议纪要。")
    assert not has_marker("按照省委要求开展工作。")


def test_attributive_must_is_a_fact_but_numbered_shi_yao_is_not():
    assert not has_marker("这是我们必须长期坚持的基本方针。")
    assert has_marker("二是要围绕重点任务,形成工作合力;")


def test_intro_followed_by_imperative_verb_counts_without_yao():
    assert is_directive("会议强调,建立健全应急指挥体系。", False)
    assert not is_directive("会议指出,今年以来全市经济运行总体平稳。", False)
    assert not is_directive("会议强调,明确分工,旨在提高效率。", False)


def test_meeting_level_jiang_is_a_directive():
    assert is_directive("会议强调,沿线各方将深化合作,共同推进通道建设。", False)


def test_continuation_sentence_in_a_directive_paragraph():
    assert is_directive("积极对接国家战略,争取更多项目落地。", True)
    assert not is_directive("积极对接国家战略,争取更多项目落地。", False)


def test_sentences_split_at_semicolon_and_kept_as_written_traditional():
    text = ("會議要求，各部門要壓實責任；要加強督查，確保各項任務落到實處。"
            "會議認為，上半年工作成效明顯。")
    assert _directives(text) == ["會議要求，各部門要壓實責任；", "要加強督查，確保各項任務落到實處。"]


def test_numbered_requirements_are_separate_directives():
    text = ("李振东提出两点要求。一是提高政治站位,以更大力度推进改革。"
            "各单位要加强协同。二是强化责任落实,以钉钉子精神抓好整改。")
    assert _directives(text) == ["一是提高政治站位,以更大力度推进改革。", "各单位要加强协同。",
                                 "二是强化责任落实,以钉钉子精神抓好整改。"]


def test_headline_lines_are_not_directives_and_no_punctuation_text_works():
    assert _directives("确保安全度汛\n8月1日,市里召开会议。会议强调,要做好准备。") == ["会议强调,要做好准备。"]
    assert _directives("会议强调 要全力做好防汛工作 确保安全度汛") == ["要全力做好防汛工作", "确保安全度汛"]


def test_directive_record_has_span_area_and_deadline():
    text = "會議強調，要積極擴大有效投資，優化營商環境，確保一季度良好開局。"
    meetings, _ = read_meetings(text, _T2S(text), None)
    d = meetings[0]["directives"][0]
    assert text[d["span"][0] : d["span"][1]] == d["text"]
    assert d["area"] == "economy"
    assert "营商环境" in d["area_keywords"]
    assert d["deadline"]["text"] == "確保一季度良好開局"
