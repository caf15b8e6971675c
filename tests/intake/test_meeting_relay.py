"""A province, city or county that watches a higher body's video meeting and then meets on its own
(我市组织收听收看…会议后,迅速召开会议部署…; 随后,我省召开…会议), the sitting of another meeting
named inside a meeting's name, and an agenda closed by 并原则通过 (fictional texts, both scripts)."""

from __future__ import annotations

import opencc

from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def _meetings(text: str) -> list[dict]:
    return read_meetings(text, _T2S(text), None)[0]


def _kinds(meeting: dict) -> list[str]:
    return [item["kind"] for item in meeting["agenda"]]


def test_watched_then_convened_without_a_name_is_the_watchers_meeting() -> None:
    text = ("3月9日,我市组织收听收看全省森林防火工作电视电话会议后,迅速召开会议部署有关工作。"
            "副市长周立群出席并讲话。\n全省森林防火工作电视电话会议要求,要严防死守。"
            "周立群要求,各县区要严格落实野外火源管控。")
    watched, own = _meetings(text)
    assert watched["format"] == "video" and "森林防火工作电视电话会议" in watched["body"]
    assert own["body"] == "我市" and own["body_rule"] == "watcher"
    assert own["format"] == "unknown"
    assert _kinds(own) == ["deploy"]


def test_watched_then_convened_traditional() -> None:
    text = ("5月6日,青溪縣組織收聽收看全市防汛工作視頻會議後,立即召開會議部署防汛工作。"
            "縣長林濤出席會議並講話。")
    watched, own = _meetings(text)
    assert watched["format"] == "video"
    assert own["body"] == "青溪縣"
    assert _kinds(own) == ["deploy"]


def test_then_our_province_convened_its_own() -> None:
    text = ("4月8日,全国森林草原防灭火电视电话会议召开,总结分析当前防灭火形势。"
            "随后,我省召开森林草原防灭火电视电话会议,迅速贯彻落实全国森林草原防灭火电视电话会议精神,"
            "安排部署我省重点工作。副省长韩书远在主会场讲话。")
    national, own = _meetings(text)
    assert national["body"] == "全国森林草原防灭火电视电话会议"
    assert own["body"] == "我省" and own["body_rule"] == "deictic-subject"
    assert _kinds(own) == ["convey", "deploy"]


def test_a_scope_meeting_keeps_its_name() -> None:
    text = "随后,我市召开全市森林防火工作会议,安排部署下一阶段工作。"
    body = _meetings(text)[0]["body"]
    assert "森林防火工作会议" in body and "我市" not in body


def test_a_study_series_is_not_conveying() -> None:
    text = ("6月3日,市推进乡村振兴领导小组召开全体会议,深入学习贯彻总书记关于“三农”工作的重要论述精神,"
            "贯彻落实省推进乡村振兴领导小组第二次全体会议精神,部署下一阶段工作。")
    assert _kinds(_meetings(text)[0]) == ["study", "deploy"]


def test_a_sitting_named_inside_the_meeting_is_not_its_session() -> None:
    text = ("今天下午,市第九屆人民代表大會第三次會議代表中的中共黨員會議召開。"
            "市委書記林青出席會議,會議由周大海主持。")
    meeting = _meetings(text)[0]
    assert meeting["session"] == ""
    # the sitting of the meeting itself stays
    text = "今天上午,市第九届人民代表大会第三次会议在市会议中心开幕。"
    assert _meetings(text)[0]["session"] == "第三次会议"


def test_an_agenda_closed_by_adoption() -> None:
    text = ("12月6日,市委书记许大海主持召开市委常委会会议。会议讨论了市委全会工作报告(讨论稿)、"
            "听取了关于巡察整改工作有关汇报、研究了关于命名爱国主义教育基地事宜等三项议题,并原则通过。")
    assert _kinds(_meetings(text)[0]) == ["adopt", "hear_report", "adopt"]
    text = ("12月6日,市委書記許大海主持召開市委常委會會議。會議討論了市委全會工作報告(討論稿)、"
            "聽取了關於巡察整改工作有關匯報。")
    assert _kinds(_meetings(text)[0]) == ["other", "hear_report"]
