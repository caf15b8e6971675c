"""Meeting dates and deadlines, resolved against the publication date when known."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from . import lexicon

_CN = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
       "八": 8, "九": 9}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def cn_number(tok: str) -> int | None:
    """'12', '十二', '二十八', '二〇二二' -> int."""
    if tok.isdigit():
        return int(tok)
    if "十" not in tok:
        if all(c in _CN for c in tok):
            return int("".join(str(_CN[c]) for c in tok))
        return None
    head, _, tail = tok.partition("十")
    tens = _CN.get(head, 1) if head else 1
    ones = _CN.get(tail, 0) if tail else 0
    return tens * 10 + ones


@lru_cache(maxsize=1)
def _date_re() -> re.Pattern[str]:
    return re.compile(lexicon.load_json("meeting.json")["date"])


@lru_cache(maxsize=1)
def _deadline_re() -> re.Pattern[str]:
    return re.compile(lexicon.load_json("directives.json")["deadline"])


_NUM = r"(\d{1,4}|[一二三四五六七八九十〇零]{1,4})"
_YMD = re.compile(rf"(?:{_NUM}年)?{_NUM}月{_NUM}[日号]")
_REL = {"昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "前天": -2}


def find_dates(s: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(s) if end is None else end
    return [m.span() for m in _date_re().finditer(s, start, end)]


def resolve(expr: str, published: dt.date | None) -> str | None:
    """ISO date of a meeting-date expression (its first day), or None."""
    if not published:
        return None
    for word, delta in _REL.items():
        if expr.startswith(word):
            return (published + dt.timedelta(days=delta)).isoformat()
    m = re.match(r"(上周|本周|周)([一二三四五六日天])", expr)
    if m:
        monday = published - dt.timedelta(days=published.weekday())
        if m.group(1) == "上周":
            monday -= dt.timedelta(days=7)
        day = monday + dt.timedelta(days=_WEEKDAY[m.group(2)])
        if m.group(1) == "周" and day > published:
            day -= dt.timedelta(days=7)
        return day.isoformat()
    m = _YMD.match(expr)
    if not m:
        return None
    year = cn_number(m.group(1)) if m.group(1) else published.year
    month, day = cn_number(m.group(2)), cn_number(m.group(3))
    try:
        value = dt.date(year or published.year, month or 0, day or 0)
    except (ValueError, TypeError):
        return None
    if not m.group(1) and value > published + dt.timedelta(days=1):
        # a report printed in January about 28 December is about last year
        try:
            value = value.replace(year=value.year - 1)
        except ValueError:
            return None
    return value.isoformat()


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_deadline(s: str, published: dt.date | None) -> tuple[int, int, str | None] | None:
    """(start, end, ISO end date or None) of the first deadline phrase in ``s``."""
    # every deadline names a month, a year or a quarter: skip the costly regex otherwise
    if "月" not in s and "年" not in s and "季度" not in s:
        return None
    m = _deadline_re().search(s)
    if not m:
        return None
    expr = m.group(0)
    ym = re.search(r"(\d{4})年", expr)
    year = int(ym.group(1)) if ym else (published.year if published else None)
    value: dt.date | None = None
    if year:
        q = re.search(r"([一二三四])季度", expr)
        mm = re.search(rf"{_NUM}月", expr)
        dd = re.search(rf"{_NUM}月{_NUM}日", expr)
        try:
            if q:
                value = _month_end(year, 3 * _CN[q.group(1)])
            elif "上半年" in expr:
                value = dt.date(year, 6, 30)
            elif dd:
                value = dt.date(year, cn_number(dd.group(1)) or 0, cn_number(dd.group(2)) or 0)
            elif mm:
                value = _month_end(year, cn_number(mm.group(1)) or 0)
            elif re.search("下半年|年底|年内|年末|今年", expr):
                value = dt.date(year, 12, 31)
        except (ValueError, TypeError):
            value = None
    return m.start(), m.end(), value.isoformat() if value else None
