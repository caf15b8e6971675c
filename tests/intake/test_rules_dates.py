"""Meeting dates and times, and deadlines (fictional texts, both scripts)."""

from __future__ import annotations

import datetime as dt

from luoshi.intake.dates import (
    anchor_of,
    cn_number,
    date_exprs,
    find_deadline,
    meeting_date,
    read_date,
    resolve,
)
from luoshi.intake.sentences import matching_text, split_sentences

PUB = dt.date(2024, 3, 15)  # a Friday


def test_chinese_numbers():
    assert cn_number("十二") == 12
    assert cn_number("二十八") == 28
    assert cn_number("二〇二四") == 2024
    assert cn_number("7") == 7


def test_relative_and_absolute_dates():
    assert resolve("昨天", PUB) == "2024-03-14"
    assert resolve("今天上午", PUB) == "2024-03-15"
    assert resolve("上周五", PUB) == "2024-03-08"
    assert resolve("3月12日下午", PUB) == "2024-03-12"
    assert resolve("2023年12月28日", PUB) == "2023-12-28"
    assert resolve("十二月二十八日", dt.date(2024, 1, 3)) == "2023-12-28"
    assert resolve("昨天", None) is None
    # a date that names its year needs no anchor
    assert resolve("2023年5月9日", None) == "2023-05-09"
    assert resolve("二〇二二年十一月三日", None) == "2022-11-03"
    # a bare day is in the anchor's month, or the month before when it would lie ahead
    assert resolve("12日", PUB) == "2024-03-12"
    assert resolve("28日", PUB) == "2024-02-28"
    assert resolve("近日", PUB) is None


def test_time_of_day_and_clock():
    e = read_date("12月28日下午3时")
    assert (e.part_of_day, e.time) == ("afternoon", "15:00")
    e = read_date("5月8日上午9时30分")
    assert (e.part_of_day, e.time) == ("morning", "09:30")
    e = read_date("今天晚上7点半")
    assert (e.kind, e.part_of_day, e.time) == ("relative", "evening", "19:30")
    e = read_date("4月20日(星期四)15:30")
    assert (e.month, e.day, e.part_of_day, e.time) == (4, 20, None, "15:30")


def test_find_dates_keeps_ranges_and_time_of_day():
    s = "9月23日至24日,会议举行。12月28日下午,会议闭幕。"
    assert [s[e.start : e.end] for e in date_exprs(s)] == ["9月23日至24日", "12月28日下午"]


def _date(text: str, published: dt.date | None = PUB, first: int | None = 0) -> dict:
    sentences = split_sentences(matching_text(text, None))
    return meeting_date(text, sentences, first, published)


def test_meeting_date_after_a_byline():
    text = "青川日報訊(記者 甘露)12日上午,縣委全面深化改革委員會召開第三次會議。會議要求,要抓好落實。"
    d = _date(text)
    assert (d["text"], d["value"], d["part_of_day"]) == ("12日上午", "2024-03-12", "morning")
    assert d["resolved"] == "published" and d["confidence"] >= 0.75
    text = "本报讯 (通讯员 石岩 记者 方舟)3月4日下午3时,白鹭县召开防汛工作会议。"
    d = _date(text)
    assert (d["text"], d["value"], d["time"]) == ("3月4日下午3时", "2024-03-04", "15:00")
    text = "据临江日报消息,5月8日上午,临江市推进港口协同发展领导小组召开全体会议。"
    assert _date(text, dt.date(2024, 5, 9))["value"] == "2024-05-08"


def test_meeting_date_with_a_dispatch_line():
    # the dispatch date (…电) gives way to the sitting's own day
    text = "新华社青州9月6日电 青州市政协常委会第五次会议6日下午举行全体会议,主席温和出席。"
    d = _date(text, dt.date(2024, 9, 7))
    assert (d["text"], d["value"]) == ("6日下午", "2024-09-06")


def test_vague_and_weekday_dates():
    d = _date("近日,市委财经委员会召开会议,研究部署下半年经济工作。")
    assert d["text"] == "近日" and d["value"] is None and d["confidence"] < 0.75
    d = _date("日前,省推進南岸協作聯席會議在白鷺召開。")
    assert d["text"] == "日前" and d["value"] is None
    d = _date("上周三,区政府召开常务会议。")
    assert (d["text"], d["value"]) == ("上周三", "2024-03-06")


def test_dates_of_other_meetings_and_deadlines_are_not_the_meetings():
    # the convening sentence has no date of its own; the conveyed meeting's date is not it
    text = ("区委常委会召开会议,学习3月2日全省工作会议精神。"
            "会议要求,各部门要在6月30日前完成自查。")
    assert _date(text)["text"] == ""
    text = "2月1日起施行的条例为此提供了依据,区政府召开常务会议。"
    assert _date(text)["text"] == ""


def test_year_from_the_lead_or_the_meeting_name_when_nothing_is_published():
    text = "2023年11月6日,南岸县召开安委会第四次全体成员会议。"
    d = _date(text, None)
    assert (d["value"], d["resolved"]) == ("2023-11-06", "as_written")
    text = "4月9日,市安委会2025年第一次全体会议召开,市长甘霖出席并讲话。"
    d = _date(text, None)
    assert (d["text"], d["value"], d["resolved"]) == ("4月9日", "2025-04-09", "meeting_name")
    assert d["confidence"] < 0.75  # a guess from the name: the reviewer checks it
    text = "11月5日,市政府召开常务会议。"
    d = _date(text, None)
    assert d["text"] == "11月5日" and d["value"] is None


def test_ranges_keep_their_last_day():
    d = _date("12月30日至1月2日,全省冬季安全大检查推进会在白鹭召开。", dt.date(2025, 1, 3))
    assert (d["value"], d["end"]) == ("2024-12-30", "2025-01-02")


def test_traditional_text():
    text = "本報訊(記者 林澗)十一月二十日下午,市政府召開常務會議。"
    d = _date(text, dt.date(2023, 11, 21))
    assert (d["text"], d["value"], d["part_of_day"]) == ("十一月二十日下午", "2023-11-20", "afternoon")


def test_deadlines_resolve_to_the_end_of_the_period():
    def dl(s: str, pub: dt.date | None = PUB):
        a, b, value = find_deadline(s, pub)
        return s[a:b], value

    assert dl("要确保一季度良好开局。") == ("确保一季度良好开局", "2024-03-31")
    assert dl("6月底前完成项目前期工作。") == ("6月底前完成", "2024-06-30")
    assert dl("年底前全面完成。") == ("年底前", "2024-12-31")
    assert dl("力争上半年开工。") == ("力争上半年", "2024-06-30")
    assert dl("年内建成。", None) == ("年内", None)
    assert find_deadline("要持续用力。", PUB) is None


def test_deadlines_count_from_the_meeting_date():
    december = dt.date(2023, 12, 20)
    # set at a December meeting, reported in January: this year's end is the meeting's year's
    assert find_deadline("年底前完成清理。", december)[2] == "2023-12-31"
    # a quarter or a month already past at the meeting lies in the next year
    assert find_deadline("一季度末前完成招标。", december)[2] == "2024-03-31"
    assert find_deadline("确保6月中旬前完工。", december)[2] == "2024-06-20"
    assert find_deadline("三季度末前全部到位。", dt.date(2024, 5, 6))[2] == "2024-09-30"
    assert find_deadline("明年6月底前建成投用。", dt.date(2024, 5, 6))[2] == "2025-06-30"
    assert find_deadline("2026年年底前完成。", None)[2] == "2026-12-31"


def test_anchor_is_the_meeting_date_else_the_publication_date():
    assert anchor_of({"text": "12月20日", "value": "2023-12-20"}, PUB) == dt.date(2023, 12, 20)
    assert anchor_of({"text": "近日", "value": None}, PUB) == PUB
    assert anchor_of(None, None) is None


def test_the_byline_date_survives_a_dated_related_articles_list():
    from luoshi.intake.headline import find_published

    header = ["来源:青川日报 发布时间:2025-04-09 10:12"]
    footer = ["相关新闻", "白鹭县召开春耕生产调度会 2025-03-28", "南岸区推进河湖长制工作 2025-04-01"]
    assert find_published(footer, header, []) == dt.date(2025, 4, 9)
    # without a header the footer's dates stay ambiguous, and a signature line decides
    assert find_published(footer, [], ["特此通知。", "2025年4月8日"]) == dt.date(2025, 4, 8)
    # two labelled dates: the one labelled as the publication
    header = ["成文日期:2024年12月30日 发布日期:2025年1月2日"]
    assert find_published([], header, []) == dt.date(2025, 1, 2)
    assert find_published(footer, [], []) is None


def test_more_shapes_of_a_meeting_date():
    text = "记者从白鹭县应急管理局获悉,近日,该县召开防汛抗旱工作会议。"
    assert _date(text)["text"] == "近日"
    d = _date("去年12月28日,南岸区召开区委常委会议。", dt.date(2025, 1, 6))
    assert (d["text"], d["value"]) == ("去年12月28日", "2024-12-28")
    d = _date("今年5月8日,市政府召开第十二次常务会议。", dt.date(2025, 5, 10))
    assert d["value"] == "2025-05-08"
    d = _date("5月8—9日,全省河湖长制工作推进会在青川召开。", dt.date(2025, 5, 10))
    assert (d["text"], d["value"], d["end"]) == ("5月8—9日", "2025-05-08", "2025-05-09")
    # a bare day inside running text is no date of the meeting
    assert _date("区政府召开常务会议,要求各单位在15日内报送材料。")["text"] == ""


def test_same_day_takes_the_day_named_before():
    text = ("3月4日 县委书记石川主持召开县委常委会议。会议传达学习了有关精神。\n"
            "同日下午 县委全面深化改革委员会召开第五次会议。")
    sentences = split_sentences(matching_text(text, None))
    second = next(i for i, s in enumerate(sentences) if s.s.startswith("同日"))
    d = meeting_date(text, sentences, second, dt.date(2025, 3, 20))
    assert (d["text"], d["value"], d["part_of_day"], d["rule"]) == ("同日下午", "2025-03-04", "afternoon",
                                                                   "date.same_day")


def test_a_deadline_before_a_place_name_is_no_relative_day():
    from luoshi.intake.dates import date_exprs

    assert [e.kind for e in date_exprs("11月底前天目山镇中心幼儿园竣工")] == []
    assert [e.kind for e in date_exprs("前天,市政府召开常务会议")] == ["relative"]
