"""Meeting dates and deadlines."""

from __future__ import annotations

import datetime as dt

from luoshi.intake.dates import cn_number, find_dates, find_deadline, resolve

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


def test_find_dates_keeps_ranges_and_time_of_day():
    s = "9月23日至24日,会议举行。12月28日下午,会议闭幕。"
    assert [s[a:b] for a, b in find_dates(s)] == ["9月23日至24日", "12月28日下午"]


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
