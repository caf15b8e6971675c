"""Deadlines of directives (年底前, 三季度末, 6月底前, 年内, 上半年), counted from the meeting's date.

``find_deadline`` is reached through ``dates.find_deadline``; the phrase pattern is
``deadline`` in ``data/directives.json``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from . import lexicon
from .dates import _CN, _NUM, _plus_year, cn_number


@lru_cache(maxsize=1)
def _deadline_re() -> re.Pattern[str]:
    return re.compile(lexicon.load_json("directives.json")["deadline"])


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _deadline_value(expr: str, year: int) -> dt.date | None:
    q = re.search(r"([一二三四])季度", expr)
    mm = re.search(rf"{_NUM}月", expr)
    dd = re.search(rf"{_NUM}月{_NUM}日", expr)
    try:
        if q:
            return _month_end(year, 3 * _CN[q.group(1)])
        if "上半年" in expr:
            return dt.date(year, 6, 30)
        if dd:
            return dt.date(year, cn_number(dd.group(1)) or 0, cn_number(dd.group(2)) or 0)
        if mm:
            month = cn_number(mm.group(1)) or 0
            # 6月上旬 ends on the 10th, 中旬 on the 20th; 底/末/下旬 at the month's end
            if "上旬" in expr:
                return dt.date(year, month, 10)
            if "中旬" in expr:
                return dt.date(year, month, 20)
            return _month_end(year, month)
        if re.search("下半年|年底|年内|年末|今年", expr):
            return dt.date(year, 12, 31)
    except (ValueError, TypeError):
        return None
    return None


def find_deadline(s: str, published: dt.date | None) -> tuple[int, int, str | None] | None:
    """(start, end, ISO end date or None) of the first deadline phrase in ``s``.

    ``published`` is the anchor: the meeting's date when known (see ``anchor_of``), else the
    publication date. A deadline without its year lies in the anchor's year, or in the next
    one when it would fall before the anchor (6月底前 set in November) or after 明年.
    """
    # every deadline names a month, a year or a quarter: skip the costly regex otherwise
    if "月" not in s and "年" not in s and "季度" not in s:
        return None
    m = _deadline_re().search(s)
    if not m:
        return None
    expr = m.group(0)
    ym = re.search(r"(\d{4})年", expr)
    value: dt.date | None = None
    if ym:
        value = _deadline_value(expr, int(ym.group(1)))
    elif published:
        next_year = s[max(0, m.start() - 2) : m.start()] in ("明年", "来年")
        year = published.year + 1 if next_year else published.year
        value = _deadline_value(expr, year)
        whole_year = re.search("下半年|年底|年内|年末|今年", expr) is not None
        if value is not None and value < published and not whole_year and not next_year:
            value = _plus_year(value)
    return m.start(), m.end(), value.isoformat() if value else None
