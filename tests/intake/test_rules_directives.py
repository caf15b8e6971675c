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


def test_a_semicolon_series_after_a_directive_counts_item_by_item():
    text = ("会议指出,要抓好三个关键:项目抓进度,确保重点工程按期开工;"
            "招商抓质量,引进一批带动力强的企业;服务抓效率,压缩审批时限。")
    assert len(_directives(text)) == 3
    meeting = read_meetings(text, text, None)[0][0]
    assert [d["rule"] for d in meeting["directives"]] == ["marker", "series", "series"]
    assert all(0 <= d["confidence"] <= 1 for d in meeting["directives"])


def test_requirements_raised_at_the_meeting_after_a_fact_traditional():
    text = "會上,林國強副縣長對秋收工作提出兩點要求:天氣多變,務必搶收搶曬;人手緊張,務必統籌調度。"
    assert len(_directives(text)) == 2


def test_purpose_clauses_of_the_convening_sentence_are_facts():
    text = ("9月9日,江屿县召开县安全生产委员会扩大会议,对秋冬季安全生产进行安排部署,"
            "进一步压实各方责任,确保全县安全形势稳定。副县长胡海出席会议并讲话。")
    assert _directives(text) == []


def test_an_intro_inside_the_convening_sentence_lays_down_work():
    text = "县防指全体会议8月2日上午召开,会议要求沿江乡镇切实做好防御台风各项准备工作。"
    assert len(_directives(text)) == 1


def test_opinions_after_an_intro_are_not_directives():
    assert not is_directive("会议强调,推进城乡融合发展,是新时代三农工作的重大课题。", False)
    assert not is_directive("王志刚指出,优化营商环境是当前工作的重中之重。", False)
    # …but an intro with 将 still lays down the parties' work
    assert is_directive("会议强调,今年是关键之年,三地将共同推进交通互联互通。", False)


def test_addressees_before_the_imperative_verb():
    assert is_directive("会议要求,全县各级各部门切实扛起防汛责任。", False)
    assert is_directive("文旅融合是发展大势,全市上下牢固树立全域旅游理念,打造精品线路。", True)
    assert not is_directive("文旅融合是发展大势,全市上下牢固树立全域旅游理念,打造精品线路。", False)


def test_a_deployment_reported_is_a_fact_and_series_markers():
    assert not is_directive("随后,周海从项目谋划、资金保障等方面,对下步工作进行了部署。", True)
    assert is_directive("二、突出重点,扎实做好汛前隐患排查。", False)
    assert is_directive("同时,尽快完善应急预案,开展实战演练。", True)
    assert is_directive("各部门要不折不扣抓好落实。", False)  # 要不折不扣: 要 is the marker


def test_a_cut_off_last_line_of_a_paragraph_is_still_read():
    text = "会议强调,要加快项目建设。要全面落实《关于加强耕地保护的"
    assert len(_directives(text)) == 2


def test_a_report_of_what_was_done_is_no_follow_on():
    assert not is_directive("今年以来,全市各级各部门积极作为,取得了明显成效。", True)
    assert not is_directive("全面完成年度目标,同比增长了12.5%。", True)
    assert is_directive("全面完成年度目标任务。", True)


def test_an_intro_followed_by_a_numbered_requirement():
    assert is_directive("周海要求,一是思想上再重视,不留任何死角;", False)


def test_what_one_must_see_is_background_not_a_directive():
    assert not is_directive("同时也要看到,当前外部环境更趋复杂严峻,下行压力依然较大。", False)


def test_a_fact_stated_after_the_convening_clause_is_no_directive():
    text = "9月2日,市经济运行调度会召开,会议指出,今年以来全市经济持续向好。"
    assert _directives(text) == []
    assert not is_directive("会议指出,全市上下积极作为,取得了阶段性成效。", False)


def test_a_unit_explaining_the_filing_requirements_lays_down_nothing():
    # heldout2 007: 某局讲解了项目申报要求,就…提出了工作建议; 各单位…作了发言 — 申报要求 is a noun,
    # no intro; the units' remarks after it are no series of directives
    text = ("3月8日,全县项目谋划工作会议召开。会上,县发改局讲解了项目申报要求,"
            "就谋划中存在的问题提出了工作建议;各参会单位围绕申报要求作了发言。"
            "会议要求,各单位要抓紧梳理储备项目。")
    assert _directives(text) == ["会议要求,各单位要抓紧梳理储备项目。"]
