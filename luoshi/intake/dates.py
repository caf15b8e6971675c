"""Meeting dates and times, and deadlines, resolved against a date the document gives.

A meeting date is read as written (``text``: 昨天, 5月8日上午, 19日, 2023年5月9日,
12月28日下午3时, 近日) and resolved to an ISO ``value`` against an anchor: the publication
date (``--published`` or the page's byline), else a full date (with its year) in the lead of
the article, else the year printed in the meeting's own name (…2023年度第一次会议). 日前 and
近日 give a text but no value. Deadlines (年底前, 三季度末, 6月底前, 年内, 上半年; ``deadlines.py``)
resolve against the meeting date when there is one: a deadline lies after the meeting that set
it. Vocabulary: ``data/dates.json``; the generic date pattern that cuts a date off a meeting
clause's subject stays in ``data/meeting.json``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
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


_NUM = r"(\d{1,4}|[一二三四五六七八九十〇零]{1,4})"
_YMD = re.compile(rf"(?:{_NUM}年)?{_NUM}月{_NUM}[日号]")


def resolve(expr: str, published: dt.date | None) -> str | None:
    """ISO date of a meeting-date expression (its first day), or None."""
    found = read_date(expr)
    if found is None or found.start != 0:
        return None
    value, _how = found.resolve(published)
    return value.isoformat() if value else None


# ---- the meeting-date grammar ---------------------------------------------------------------

_D = r"(?:[12]\d|3[01]|0?[1-9]|[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])"
_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_Y = r"(?:(?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3})"
_NOT_BEFORE = r"(?<![\d〇零一二三四五六七八九十两第年月/.-])"
_HOUR = r"(?:[01]?\d|2[0-3]|[一二]?十[一二三四]?|[一二三四五六七八九])"
_MIN = r"(?:[0-5]?\d|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])"


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return lexicon.load_json("dates.json")


@lru_cache(maxsize=1)
def _grammar() -> re.Pattern[str]:
    cfg = _cfg()
    pod = lexicon.alternation(sorted(cfg["part_of_day"], key=len, reverse=True))
    rel = lexicon.alternation(sorted(cfg["relative_days"], key=len, reverse=True))
    week = lexicon.alternation(cfg["weekday_prefixes"])
    vague = lexicon.alternation(cfg["vague"])
    same = lexicon.alternation(cfg["same_day"])
    weekday = r"(?:\s?\(?(?:星期|周|礼拜)[一二三四五六日天]\)?)?"
    clock = (rf"(?:\s?(?P<h>{_HOUR})(?:[时点](?:(?P<mi>{_MIN})分|(?P<half>半))?|:(?P<mi2>[0-5]\d)))?")
    tail = rf"{weekday}\s?(?P<pod>{pod})?{clock}"
    # 2023年5月9日, 今年5月9日, 9月23日至24日, 9月23日至10月2日, 5月8—9日
    full = (rf"(?:(?P<yrel>今年|去年|前年)|{_NOT_BEFORE}(?:(?P<y>{_Y})\s?年\s?)?)(?P<m>{_M})\s?月\s?(?P<d>{_D})"
            rf"(?:\s?[日号](?:(?:至|到|-|—|~|、)(?:(?P<m2>{_M})月)?(?P<d2>{_D})[日号])?"
            rf"|(?:至|到|-|—|~)(?P<d3>{_D})[日号])")
    bare = rf"{_NOT_BEFORE}(?P<bd>{_D})[日号](?:(?:至|到|-|—|~)(?P<bd2>{_D})[日号])?"
    # (not the 前天 of 月底前天目山镇: a deadline's 前 before a place name)
    words = (rf"(?<![底末内中旬])(?P<rel>{rel})|(?P<wk>{week})(?P<wd>[一二三四五六日天])"
             rf"|(?<![\d〇零一二三四五六七八九十月])(?P<vague>{vague})|(?P<same>{same})")
    return re.compile(rf"(?:{full}|{bare}|{words}){tail}")


@dataclass
class DateExpr:
    """One date expression of a sentence (offsets into the matching string)."""

    start: int
    end: int
    kind: str  # full | bare | relative | weekday | vague | same_day
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    year_offset: int | None = None  # 今年 0, 去年 -1, 前年 -2
    offset: int = 0  # relative days
    weekday: tuple[str, int] | None = None  # (prefix, 0=Monday)
    part_of_day: str | None = None
    time: str | None = None

    def resolve(self, anchor: dt.date | None, *, year_only: bool = False) -> tuple[dt.date | None, str]:
        """(date, how): how is "as_written" when the text names the year itself.

        ``year_only``: the anchor is good for its year only (a year printed in the meeting's
        name), so a month and day are placed in that year without looking at its month.
        """
        try:
            if self.kind == "full" and self.year:
                return dt.date(self.year, self.month or 0, self.day or 0), "as_written"
            if anchor is None:
                return None, ""
            if self.kind == "full" and self.year_offset is not None:
                if year_only:
                    return None, ""
                return dt.date(anchor.year + self.year_offset, self.month or 0, self.day or 0), ""
            if self.kind == "full":
                value = dt.date(anchor.year, self.month or 0, self.day or 0)
                if not year_only and value > anchor + dt.timedelta(days=1):
                    # printed in January about 28 December: last year
                    value = value.replace(year=value.year - 1)
                return value, ""
            if year_only:
                return None, ""
            if self.kind == "bare":
                value = anchor.replace(day=self.day or 0)
                if value > anchor + dt.timedelta(days=1):
                    # printed on 2 March about the 28th: last month
                    prev = anchor.replace(day=1) - dt.timedelta(days=1)
                    value = prev.replace(day=self.day or 0)
                return value, ""
            if self.kind == "relative":
                return anchor + dt.timedelta(days=self.offset), ""
            if self.kind == "weekday" and self.weekday:
                prefix, wd = self.weekday
                monday = anchor - dt.timedelta(days=anchor.weekday())
                if prefix in ("上周", "上星期"):
                    monday -= dt.timedelta(days=7)
                value = monday + dt.timedelta(days=wd)
                if prefix in ("周", "星期") and value > anchor:
                    value -= dt.timedelta(days=7)
                return value, ""
        except ValueError:
            return None, ""
        return None, ""

    def end_date(self, first: dt.date | None) -> dt.date | None:
        """Last day of a range (9月23日至24日, 12月30日至1月2日), or None."""
        if first is None or not self.end_day:
            return None
        try:
            value = first.replace(month=self.end_month or first.month, day=self.end_day)
        except ValueError:
            return None
        return value if value >= first else _plus_year(value)


def _plus_year(value: dt.date) -> dt.date | None:
    try:
        return value.replace(year=value.year + 1)
    except ValueError:
        return None


def _num(tok: str | None) -> int | None:
    return cn_number(tok) if tok else None


def _expr(m: re.Match[str]) -> DateExpr:
    cfg = _cfg()
    g = m.group
    if g("m"):
        e = DateExpr(m.start(), m.end(), "full", _num(g("y")), _num(g("m")), _num(g("d")),
                     _num(g("m2")), _num(g("d2") or g("d3")))
        if g("yrel"):
            e.year_offset = {"今年": 0, "去年": -1, "前年": -2}[g("yrel")]
    elif g("bd"):
        e = DateExpr(m.start(), m.end(), "bare", day=_num(g("bd")), end_day=_num(g("bd2")))
    elif g("rel"):
        e = DateExpr(m.start(), m.end(), "relative", offset=cfg["relative_days"][g("rel")])
    elif g("wk"):
        e = DateExpr(m.start(), m.end(), "weekday", weekday=(g("wk"), _WEEKDAY[g("wd")]))
    elif g("same"):
        e = DateExpr(m.start(), m.end(), "same_day")  # 同日: the day of the meeting reported before
    else:
        e = DateExpr(m.start(), m.end(), "vague")
    if g("pod"):
        e.part_of_day = cfg["part_of_day"][g("pod")]
    if g("h"):
        hour, minute = _num(g("h")) or 0, _num(g("mi") or g("mi2")) or (30 if g("half") else 0)
        if e.part_of_day in ("afternoon", "evening") and hour < 12:
            hour += 12  # 下午3时 is 15:00
        if hour <= 23 and minute <= 59:
            e.time = f"{hour:02d}:{minute:02d}"
    return e


def read_date(s: str, start: int = 0) -> DateExpr | None:
    """The first date expression in ``s`` from ``start``."""
    m = _grammar().search(s, start)
    return _expr(m) if m else None


def date_exprs(s: str) -> list[DateExpr]:
    return [_expr(m) for m in _grammar().finditer(s)]


# ---- which date is the meeting's ------------------------------------------------------------

# what may stand before the date that opens an article: page marks, a source tag (…网讯,
# 本报讯, 新华社北京…电, 据…消息), a reporter credit in parentheses, a 【tag】
@lru_cache(maxsize=1)
def _lead_re() -> re.Pattern[str]:
    src = lexicon.alternation(sorted(_cfg()["lead_source"], key=len, reverse=True))
    return re.compile(rf"^[\s?*·•]*(?:【[^】]{{0,30}}】\s*)?(?:[^,。;:()【】]{{0,24}}?(?:{src})[,:]?\s*)?"
                      rf"(?:\([^()]{{0,60}}\)\s*)?(?:据[^,。;]{{0,24}}(?:消息|报道)[,:]\s*)?$")


@lru_cache(maxsize=1)
def _words() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cfg = _cfg()
    after = re.compile(lexicon.alternation(sorted(cfg["after_not_meeting"], key=len, reverse=True)))
    ref = re.compile(r"[^,。;!?]{0,30}?(?:" + lexicon.alternation(cfg["reference_clause"]) + ")")
    held = re.compile(r"\s*(?:" + lexicon.alternation(cfg["held_after"]) + ")")
    return after, ref, held


def _acceptable(s: str, e: DateExpr, convening: bool) -> bool:
    """Whether a date expression can be the meeting's date where it stands."""
    after, ref, held = _words()
    at_lead = bool(_lead_re().match(s[: e.start]))
    if after.match(s, e.end) and e.kind != "vague":
        return False  # 5月8日起, 6月30日前: a start or a deadline, not a sitting
    if s.startswith("电", e.end):
        return False  # 新华社北京8月21日电: the dispatch, not the meeting (its date follows)
    if e.kind in ("bare", "vague", "weekday", "same_day"):
        # 19日 / 近日 / 周三 stand for the meeting only where an article opens or a meeting is held
        # …获悉,近日,该县召开…: a clause of its own in the convening sentence
        alone = (e.start == 0 or s[e.start - 1] in ",;:") and s[e.end : e.end + 1] in (",", ":")
        if not (at_lead or (convening and (alone or held.match(s, e.end)))):
            return False
    # 贯彻落实9月26日…会议精神: a date inside a clause about another meeting's spirit
    if not at_lead and not held.match(s, e.end) and ref.match(s, e.end):
        return False
    return True


def _pick(sentences: list, first: int | None) -> tuple[int, DateExpr] | None:
    """(sentence index, expression) of the meeting date: the convening sentence, the lead, then the rest."""
    order: list[tuple[int, bool]] = []
    if first is not None and first < len(sentences):
        order.append((first, True))
    order += [(i, False) for i in range(min(len(sentences), 40)) if i != first]
    for idx, convening in order:
        sent = sentences[idx]
        # an article opens a paragraph near the top (a headline line may come first)
        lead = idx < 6 and (idx == 0 or sentences[idx - 1].para != sent.para)
        for e in date_exprs(sent.s):
            if e.kind in ("bare", "vague", "weekday", "same_day") and not (convening or lead):
                continue
            if _acceptable(sent.s, e, convening or lead):
                return idx, e
    return None


def _previous_date(sentences: list, idx: int) -> DateExpr | None:
    """The date 同日 refers to: the last day named before it (a chronicle, a second meeting)."""
    for j in range(idx - 1, max(-1, idx - 40), -1):
        found = [e for e in date_exprs(sentences[j].s) if e.kind in ("full", "relative", "weekday")
                 and _acceptable(sentences[j].s, e, True)]
        if found:
            return found[-1]
    return None


def _year_anchor(sentences: list, first: int | None) -> tuple[dt.date | None, str]:
    """A year for a date printed without one: a full dated lead, else the meeting's name."""
    for sent in sentences[:3]:
        for e in date_exprs(sent.s):
            if e.kind == "full" and e.year:
                try:
                    return dt.date(e.year, e.month or 0, e.day or 0), "year_in_text"
                except ValueError:
                    continue
    if first is not None and first < len(sentences):
        m = re.search(_cfg()["meeting_name_year"], sentences[first].s)
        if m:
            return dt.date(int(m.group(1)), 12, 31), "meeting_name"
    return None, ""


# confidence of a meeting date by how it was read (the review page marks those below its threshold)
_CONFIDENCE = {"as_written": 0.95, "published": 0.9, "year_in_text": 0.8, "meeting_name": 0.6}


def meeting_date(text: str, sentences: list, first: int | None, published: dt.date | None) -> dict:
    """The meeting's ``date`` object: text as written, ISO value, and how it was resolved.

    ``first`` is the index of the convening sentence (None when none was found).
    """
    picked = _pick(sentences, first)
    if picked is None:
        return {"text": "", "value": None}
    idx, e = picked
    out: dict = {"text": sentences[idx].part(text, e.start, e.end).strip(), "value": None}
    day = (_previous_date(sentences, idx) if e.kind == "same_day" else None) or e
    value, how = day.resolve(published)
    if value is not None and not how:
        how = "published"
    if value is None and day.kind == "full":
        anchor, how = _year_anchor(sentences, first)
        value, _how = day.resolve(anchor, year_only=how == "meeting_name")
        if value is None:
            how = ""
    if value is not None:
        out["value"] = value.isoformat()
        end = day.end_date(value)
        if end is not None:
            out["end"] = end.isoformat()
        out["resolved"] = how
    if e.part_of_day:
        out["part_of_day"] = e.part_of_day
    if e.time:
        out["time"] = e.time
    out["rule"] = f"date.{e.kind}"
    out["confidence"] = _CONFIDENCE.get(how, 0.5) if value is not None else 0.4
    return out


def anchor_of(date: dict | None, published: dt.date | None) -> dt.date | None:
    """The date deadlines are counted from: the meeting's date, else the publication date."""
    value = (date or {}).get("value")
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return published


def find_deadline(s: str, published: dt.date | None) -> tuple[int, int, str | None] | None:
    """(start, end, ISO end date or None) of the first deadline phrase in ``s`` (see ``deadlines``)."""
    from .deadlines import find_deadline as find  # a module of its own, importing this one

    return find(s, published)
