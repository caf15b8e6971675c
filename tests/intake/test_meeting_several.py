"""Meetings watched at a branch venue, meetings held right after them, listing pages of
several sittings, and the convening shapes around them (fictional texts, both scripts)."""

from __future__ import annotations

import opencc

from luoshi.intake import extract
from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def _meetings(text: str) -> list[dict]:
    return read_meetings(text, _T2S(text), None)[0]


def test_watched_video_meeting_then_own_meeting_in_one_sentence_traditional():
    text = ("8月3日,我縣在青溪分會場收聽收看市防指防禦颱風工作視頻會,並召開全縣防禦颱風工作部署會。\n"
            "會議要求,各鄉鎮要立即進入臨戰狀態,嚴密防範。")
    first, second = _meetings(text)
    assert first["body"].startswith("市防指")  # the watched meeting's convener, not 我縣
    assert first["format"] == "video"
    assert [v["name"] for v in first["venues"]] == ["青溪分會場"]
    assert second["body"] == "防禦颱風工作部署會"
    assert second["format"] == "unknown"
    assert second["date"]["text"] == "8月3日"
    assert len(second["directives"]) == 1 and not first["directives"]


def test_own_meeting_after_the_video_meeting_mid_paragraph():
    text = ("6月2日,副市长周立群组织召开全市防汛工作视频调度会。副县长林涛在溪口分会场收看收听。"
            "周立群指出,要做好防范应对的各项准备。全市防汛视频调度会后,溪口县立即召开全县防汛部署会议。"
            "林涛指出,各部门要严格落实值班值守。")
    first, second = _meetings(text)
    assert first["format"] == "video"
    assert second["body"] == "全县防汛部署会议"  # a county-wide meeting is known by its name
    assert second["format"] == "unknown"  # 视频调度会后 names the meeting before
    assert [d["text"][:4] for d in first["directives"]] == ["周立群指"]
    assert [d["text"][:4] for d in second["directives"]] == ["林涛指出"]


def test_listing_page_of_executive_meetings_gives_one_meeting_each():
    page = ("市政府常务会议\n"
            "2023/03/02\n"
            "会议地点:市政府第一会议室\n"
            "会议摘要:3月1日上午,市长韩立主持召开市政府常务会议,传达学习全国两会精神,"
            "研究了《城区老旧小区改造实施方案》。\n"
            "2023/02/16\n"
            "会议地点:市政府第一会议室\n"
            "会议摘要:2月15日,市长韩立主持召开市政府常务会议,听取了一季度经济运行情况汇报。"
            "会议强调,要确保一季度实现开门红。\n")
    rec = extract(page.encode("utf-8"), "listing.txt")
    meetings = rec["meetings"]
    assert [m["body"] for m in meetings] == ["市政府", "市政府"]
    assert [m["date"]["text"] for m in meetings] == ["3月1日上午", "2月15日"]
    assert [a["kind"] for a in meetings[0]["agenda"]] == ["convey", "adopt"]
    assert [a["kind"] for a in meetings[1]["agenda"]] == ["hear_report"]
    assert all(not line.startswith("会议摘要") for line in rec["boilerplate"])


def test_a_countdown_to_a_meeting_is_no_convening_and_preparation_meetings_are_meetings():
    text = ("11月2日,第三届茶博会筹备工作推进会召开,听取筹备工作进展情况汇报,协调解决存在的问题。"
            "市政协主席吴文华出席会议并讲话。吴文华强调,距离茶博会召开还有二十天,要倒排工期。")
    [meeting] = _meetings(text)
    assert meeting["body"] == "第三届茶博会筹备工作推进会"
    assert [a["kind"] for a in meeting["agenda"]] == ["hear_report", "other"]


def test_participants_post_in_the_meeting_name_is_not_the_body():
    text = "9月6日下午,全市县(区)委书记座谈会召开。市委书记高志远主持会议并讲话。"
    [meeting] = _meetings(text)
    assert meeting["body"].endswith("县(区)委书记座谈会")


def test_deictic_prefix_and_consultation_meeting_traditional():
    text = "7月9日,縣委常委、常務副縣長張國平主持召開我縣防汛緊急會商會議,副縣長李振出席會議。"
    [meeting] = _meetings(text)
    assert meeting["body"] == "防汛緊急會商會議"  # 會商會 is no 商會 (chamber), 我縣 no part of it


def test_deployment_meeting_is_no_department():
    text = "3月5日,市委书记刘明主持召开全市安全生产工作部署会,副市长王强出席。"
    [meeting] = _meetings(text)
    assert meeting["body"].endswith("安全生产工作部署会")
