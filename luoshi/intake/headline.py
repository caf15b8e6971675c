"""The headline (title) and sub-headlines of a document, and the publication date of its byline."""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping

from .clean import is_list_item, remove_pinyin
from .datafiles import data_lines
from .script import to_simplified

_DOC_NUMBER = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*[号號]")
_RED_HEADER = re.compile(r"^.{2,30}(文件|简报|簡報|通报|通報|公报|公報)$")
# the publication note under a notice's signature: (此件公开发布), (此件主动公开), (此件不予公开)
_RELEASE_NOTE = re.compile(r"^[(（]\s*此件[^()（）]{2,12}[)）]$")
_DATE_ONLY = re.compile(r"^[\(（]?\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?[\)）]?$|^\d{6,8}$")
_SENTENCE_END = set("。；;：:，,、")
# a headline phrase does not end with these (the line was wrapped) …
_NO_END = set("的和与與及暨在对對为為把将將于於、《“‘(（")
# … and the next line does not start with these
_NO_START = set("的和与與及之》”’)）、，,。等了")
_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0]+")
_MIN_HEADLINE = 8  # characters of the longest line of a headline block under which a byline stands
# a byline under the headline: a date or clock time, or a source/author/editor label
_BYLINE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d{2}|\d{1,2}\.\d{1,2}\.\d{4}"
                     r"|(来源|來源|作者|编辑|編輯|记者|記者|发布|發布|發佈|时间|時間|日期)")
_ADDRESSEE = re.compile(r"[：:]$")
# a sub-headline printed under the title: ——某某召开…
_DASH_LEAD = re.compile(r"^[—－\-]{2}\s*")
# a forum or mirror's label in front of the headline: 标题：, 转发：, 【转载】
_TITLE_PREFIX = re.compile(r"^((标题|標題|主题|主題|帖子标题|帖子標題|转发|轉發|转载|轉載|转帖|轉帖)\s*[:：]\s*"
                           r"|[【\[［]\s*(转|轉|转载|轉載|转发|轉發|原创|原創)\s*[】\]］]\s*)+")
# an event headline (the main title) as opposed to a short slogan above it (引题)
_EVENT = re.compile(r"(召开|召開|举行|舉行|举办|舉辦|会议|會議|座谈会|座談會|推进会|推進會|部署|调研|調研"
                    r"|收看|收聽|收听|[^\s]{2}(?<![委协協学學商金工联聯总總])(会|會)$)")
# a site's own name or slogan above the headline: 某某网, 某某客户端, 某某融媒, 聚合某地新闻
_SITE = re.compile(r"(网|網|客户端|客戶端|融媒|新闻|新聞)(?![会會])")
# a kicker (引题) that introduces what someone said: 某某在…会议上强调 / 某某在调研时指出; the
# words said are the main headline on the next line
_KICKER_END = re.compile(r"(强调|強調|指出)$|在.{2,40}(上|时|時|中|期间|期間)(表示|要求|提出|说|說|称|稱)$")
# a share label glued to the end of the headline line by the page: 某某会议召开分享到:
_TRAILING_SHARE = re.compile(r"\s*[【\[(（]?\s*((分享到|分享至)\s*[:：]?|分享\s*[:：])\s*[】\])）]?\s*$"
                             r"|(\s*[|｜])+\s*$")  # … and the empty cells of a page table: 标题 | |||
# the years or edition of a plan printed under its title: (2018—2020年), (试行)
_EDITION = re.compile(r"^[(（]\s*(\d{4}[^()（）]{0,12}|试行|試行|暂行|暫行|草案|征求意见稿|徵求意見稿|修订稿|修訂稿"
                      r"|讨论稿|討論稿|送审稿|送審稿)\s*[)）]$")
# the last word of a document's title: a plan, an opinion, measures, a notice
_GENRE_END = re.compile(r"(计划|計劃|方案|意见|意見|办法|辦法|通知|要点|要點|规划|規劃|规则|規則|细则|細則|清单|清單"
                        r"|决定|決定|条例|條例|纲要|綱要|措施|实施意见|實施意見)[》”]?$")
# a notice's headline with its document number after it: …的通知 (某府〔2021〕22号)
_NUMBERED_TITLE = re.compile(r"(通知|通報|通报|决定|決定|意见|意見|批复|批復|办法|辦法|方案|公告|通告|函|规定|規定|细则|細則)"
                             r"[》”]?\s*[(（]\s*[^()（）\s]{0,12}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*[号號]\s*[)）]$")
# a document's full title names its matter after 关于 (某县人民政府关于印发…的通知): complete on its line
_ABOUT = re.compile(r"^[^，。,；;：:]{0,40}?(关于|關於|關于|关於)")
# an issuer's name printed alone above the notice's headline (the red header): 某某县人民政府
_ISSUER_ONLY = re.compile(r"^[^，。,；;：:\s]{2,30}(人民政府|政府|办公厅|辦公廳|办公室|辦公室|委员会|委員會|领导小组|領導小組"
                          r"|指挥部|指揮部|党委|黨委|县委|縣委|市委|省委|区委|區委|局|厅|廳)$")
# a lead that announces the document printed below it: 日前，某市印发《某某方案》。全文如下：
_FULL_TEXT = re.compile(r"(全文如下|原文如下|全文刊发如下|全文刊發如下|现予公布|現予公佈|现予刊发|現予刊發|印发如下|印發如下)\s*[:：]?\s*$")
_QUOTED = re.compile(r"《([^《》]{4,80})》")
# an attachment label (附件1, 附件：) heads an annex, it is not the document's headline
_ATTACHMENT = re.compile(r"^(附件|附表)\s*[\d一二三四五六七八九十]*\s*[:：]?$")
# a headline run into the first paragraph (the page lost the line break): the headline, spaces,
# then the dateline of the report (本报讯, 新华社…电, 某某网讯, (记者…), 3月5日, 昨天)
_DATELINE = (r"(本报讯|本報訊|本报|本報|新华社|新華社|中新网|中新網|[^\s，。,]{1,12}(网讯|網訊)"
             r"|[^\s，。,]{0,12}\d{1,2}日(电|電)"
             r"|[(（【\[]\s*(记者|記者|通讯员|通訊員|融媒体记者|融媒體記者)"
             r"|(\d{4}年)?\d{1,2}月\d{1,2}日|今天|昨天|今日|昨日|近日|日前)")
_RUN_IN = re.compile(r"^(?P<head>[^，。,；;！？!?:：]{6,60}?)[ \t\u3000\u00a0]+(?P<body>" + _DATELINE + r".*)$")
_STARTS_DATELINE = re.compile("^" + _DATELINE)
# a headline broken after its verb: the object's head noun is on the next line
_VERB = re.compile(r"(召开|召開|举行|舉行|举办|舉辦)")
_HEAD_NOUN = re.compile(r"(会|會|会议|會議|仪式|儀式|论坛|論壇|活动|活動)$")


@functools.lru_cache(maxsize=1)
def _join_words() -> frozenset[str]:
    return frozenset(w for line in data_lines("clutter_joinwords.txt") for w in line.split())


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def is_headline_like(line: str) -> bool:
    text = _DASH_LEAD.sub("", remove_pinyin(line))
    if not (2 <= len(text) <= 80) or not any(_cjk(ch) for ch in text):
        return False
    if _ATTACHMENT.match(text) or _RELEASE_NOTE.match(text):
        return False
    if text[-1] in "|│" or sum(text.count(bar) for bar in "|│") >= 2:
        return False  # a cell of a table written one cell a line (序号 |), or a row of one
    if text[-1] in _SENTENCE_END or is_list_item(text):
        return False
    if (_DOC_NUMBER.search(text) and not _NUMBERED_TITLE.search(text)) or _RED_HEADER.match(text) \
            or _DATE_ONLY.match(text):
        return False
    # running text has clause punctuation in the middle; a headline rarely has more than one
    return sum(text.count(p) for p in "，,。；;") <= 1


def rejoin_spaces(title: str) -> str:
    """Remove spaces that a page's line wrapping put inside a word ("發 展" → "發展").

    Spaces between headline phrases stay ("穩中求進 勇擔使命"). A space goes when the two
    characters around it form a common word, when one side is a one-character fragment, or
    when it sits next to a bracket or a function word that cannot end/start a phrase.
    """
    parts = _SPACE_RUN.split(title.strip())
    if len(parts) == 1:
        return parts[0]
    words = _join_words()
    out = parts[0]
    for part in parts[1:]:
        if not part:
            continue
        a, b = out[-1], part[0]
        glue = False
        if _cjk(a) and _cjk(b):
            pair = to_simplified(a + b)
            # 兴 奋 is a word, but so are 振兴 and 奋力 on either side: a phrase boundary
            whole_sides = (len(out) >= 2 and len(part) >= 2 and to_simplified(out[-2:]) in words
                           and to_simplified(part[:2]) in words)
            glue = (pair in words and not whole_sides) or len(part) == 1 or len(out) == 1 or a in _NO_END or b in _NO_START
        elif a in "《“‘(（" or b in "》”’)）《“" or a in "》”":
            glue = True
        out = out + part if glue else out + " " + part
    return out


def _join_lines(first: str, second: str) -> bool:
    """A headline broken across two lines: the break is inside a phrase."""
    if first[-1] in _NO_END or second[0] in _NO_START:
        return True
    if first.count("《") > first.count("》") or first.count("“") > first.count("”"):
        return True
    if _EDITION.match(second):
        return True  # 某某三年行动计划 / (2018—2020年): the plan's years or edition
    if (len(second) <= 40 and _GENRE_END.search(second) and not _GENRE_END.search(first)
            and not _EVENT.search(first) and not _ABOUT.match(second)):
        return True  # 某某区全力打响服务品牌 / 加快建设某某三年行动计划: one document's title
    if _DASH_LEAD.match(second):
        return False
    if _cjk(first[-1]) and _cjk(second[0]) and to_simplified(first[-1] + second[0]) in _join_words() \
            and len(second) <= 4:
        return True
    # 召开全区安全生产和消防 / 工作会议: the verb's object ends on the short second line
    return (len(second) <= 6 and _VERB.search(first) is not None and not _HEAD_NOUN.search(first)
            and _HEAD_NOUN.search(second) is not None)


def split_run_in(line: str) -> tuple[str, str] | None:
    """市政府召开常务会议 3月5日，市长…主持召开… → (headline, first paragraph), else None."""
    m = _RUN_IN.match(line)
    if m is None:
        return None
    head, body = m.group("head").strip(), m.group("body")
    if not is_headline_like(head) or not _EVENT.search(head) or not any(p in body for p in "，,。"):
        return None
    return head, body


def strip_trailing_chrome(line: str) -> str:
    """某某会议召开分享到: → 某某会议召开 (only a share label at the end goes)."""
    cut = _TRAILING_SHARE.sub("", line)
    return cut if len(cut) >= 4 and cut != line and not _TRAILING_SHARE.search(cut) else line


def headline_over_lead(line: str, next_line: str) -> bool:
    """A headline with one comma (某某会议召开,某某主持) over a lead that opens with its dateline
    (3月8日, 本报讯, 某某网讯): the headline, though it looks like running text."""
    return (len(line) <= 50 and is_headline_like(line) and _EVENT.search(line) is not None
            and _STARTS_DATELINE.match(next_line) is not None)


def strip_title_prefix(title: str) -> str:
    """标题: 转发：某某会议 → 某某会议 (a forum's or mirror's label, not the headline)."""
    return _TITLE_PREFIX.sub("", title) or title


_PAGE_TITLE_SEP = re.compile(r"^\s*([_|｜丨]|[-－—–]{1,2})\s*")


def _page_title_of(line: str, headline: str) -> bool:
    """``line`` is ``headline`` with the site's name after (or before) a separator: 标题 - 某某网."""
    if len(headline) < 6 or len(line) <= len(headline):
        return False
    if line.startswith(headline):
        rest = line[len(headline):]
    elif line.endswith(headline):
        rest = line[:-len(headline)][::-1]
    else:
        return False
    m = _PAGE_TITLE_SEP.match(rest)
    return m is not None and len(rest) - m.end() >= 2


def find_headlines(lines: list[str], first_body: int, breaks: Mapping[int, str] | None = None
                   ) -> tuple[int | None, list[int], list[int], list[int]]:
    """(title line index, extra title line indices merged into it, subtitle line indices,
    masthead line indices).

    Headlines are the headline-like lines above the first body paragraph. ``breaks`` maps the
    lines after which the page had a line of chrome or a byline (dropped as boilerplate) to
    that line: a page prints its byline (a date, 来源, 作者) under the headline block, so the
    first block under which a byline stands is the headline, and headline-like lines above
    it, cut off from it by chrome, are the page's masthead (site name, menu, a related
    headline), not the article; so is the page's own title (headline - site name) printed
    beside the headline.
    An official notice opens with its addressee (…各有關單位:) and prints the plan's own title
    after the signature date: then the title is the first headline-like line after that date.
    """
    head = [i for i in range(first_body) if is_headline_like(lines[i])]
    # the page's <title> (headline - site name) printed beside the headline: not the headline
    masthead = [i for i in head if any(_page_title_of(lines[i], lines[j]) for j in head if j != i)]
    head = [i for i in head if i not in masthead]
    breaks = breaks or {}
    blocks = []
    for end in [i for i in head if i in breaks]:
        start = end
        while start - 1 in head and start - 1 not in breaks:
            start -= 1
        blocks.append(range(start, end + 1))
    # of the blocks with a byline under them, the last that names an event (a dated related
    # headline may stand above the headline; a byline fragment below it names none), else the
    # first; with only chrome under them, the last that names an event, else the last with a
    # line of some length (an unknown page tool is short: 字号切换)
    dated = [b for b in blocks if _BYLINE.search(breaks[b[-1]])]
    chosen = (next((b for b in reversed(dated) if any(_EVENT.search(lines[i]) for i in b)), None)
              or next(iter(dated), None)
              or next((b for b in reversed(blocks) if any(_EVENT.search(lines[i]) for i in b)), None)
              or next((b for b in reversed(blocks)
                       if any(len(_SPACE_RUN.sub("", lines[i])) >= _MIN_HEADLINE for i in b)), None))
    if chosen is not None:
        masthead += [i for i in head if i < chosen.start]
        head = [i for i in head if i >= chosen.start]
    elif len(head) >= 2:
        # no byline decides: a site's slogans stacked above the event headline (聚合某地新闻
        # 传播某地声音 / 某某网与您共同讲好某地故事 / 某县召开…会议) are masthead; a short
        # slogan right above it stays its kicker (below)
        ev = head[-1]
        above = [i for i in head if i < ev]
        if (_EVENT.search(lines[ev]) and not _DASH_LEAD.match(lines[ev])
                and not any(_EVENT.search(lines[i]) for i in above)
                and not any(_join_lines(lines[i], lines[i + 1]) for i in above if i + 1 in head)):
            site = [i for i in above if _SITE.search(lines[i])]
            if len(above) >= 2 or site:
                kicker = [i for i in above if i == ev - 1 and i not in site
                          and len(remove_pinyin(lines[i])) <= 12]
                masthead += [i for i in above if i not in kicker]
                head = [*kicker, ev]
    addressee = next((i for i in range(min(first_body + 1, len(lines)))
                      if _ADDRESSEE.search(lines[i]) and len(lines[i]) <= 100), None)
    if not head and addressee is not None:
        for i in range(addressee, min(len(lines), addressee + 20)):
            if _DATE_ONLY.match(remove_pinyin(lines[i])):
                after = [j for j in range(i + 1, min(len(lines), i + 4)) if is_headline_like(lines[j])]
                if after:
                    head = after[:1]
                    break
    # the issuer printed alone above the notice's headline (某县人民政府 / 关于印发…的通知) is its red
    # header, not part of the headline (which names the issuer itself where the page prints it so)
    head = [i for i in head if not (i + 1 in head and _ISSUER_ONLY.match(remove_pinyin(lines[i]))
                                    and _ABOUT.match(remove_pinyin(lines[i + 1])))]
    if not head:
        # a report that prints the document it announces: 某市印发《X》。全文如下： / X
        lead = next((i for i in range(min(first_body + 1, len(lines))) if _FULL_TEXT.search(lines[i])), None)
        if lead is not None:
            quoted = {_SPACE_RUN.sub("", q) for q in _QUOTED.findall(lines[lead])}
            after = next((j for j in range(lead + 1, min(len(lines), lead + 3))
                          if _SPACE_RUN.sub("", remove_pinyin(lines[j])) in quoted), None)
            if after is not None:
                return after, [], [], []
    if not head:
        return None, [], [], []
    # a short slogan (引题) above the event headline: the event line is the title; so is the
    # line under a kicker that ends in 强调/指出 (what was said is the headline)
    if len(head) >= 2 and head[1] == head[0] + 1 and not _join_lines(lines[head[0]], lines[head[1]]):
        kicker = remove_pinyin(lines[head[0]])
        slogan = len(kicker) <= 12 and not _EVENT.search(kicker) and _EVENT.search(lines[head[1]])
        said = len(kicker) >= 6 and _KICKER_END.search(kicker) and not _KICKER_END.search(lines[head[1]])
        if slogan or said:
            head = [head[1], head[0], *head[2:]]
    title = head[0]
    merged: list[int] = []
    # a page that prints its headline twice has no sub-headline
    rest = [i for i in head[1:] if lines[i] != lines[title]]
    # (a title broken over three lines: 某某品牌 / 加快建设某某行动计划 / (2018—2020年))
    while rest and len(merged) < 2 and rest[0] == (merged or [title])[-1] + 1 \
            and _join_lines(lines[(merged or [title])[-1]], lines[rest[0]]):
        merged.append(rest.pop(0))
    # a copy of the headline above the block (the page prints it twice) is a headline, not masthead;
    # so is a copy that carries the sub-headline on the same line (某某会议举行 两省市共同启动…):
    # then that fuller line is the headline as printed (heldout pages of provincial portals)
    if not merged:
        fuller = next((i for i in masthead if with_subheadline(lines[i], lines[title])), None)
        if fuller is not None:
            title = fuller
    masthead = [i for i in masthead if lines[i] != lines[title] and not with_subheadline(lines[title], lines[i])]
    return title, merged, rest, masthead


def with_subheadline(line: str, headline: str) -> bool:
    """Whether ``line`` is ``headline`` followed, after a space, by a sub-headline."""
    return (len(headline) >= _MIN_HEADLINE and line.startswith(headline)
            and line[len(headline):len(headline) + 1] in (" ", "\u3000", "\t")
            and len(rest := line[len(headline):].strip()) >= _MIN_HEADLINE
            # (not the page's own title: headline - site name, headline_site)
            and rest[0] not in "-－—_|｜·")


# ---- publication date -------------------------------------------------------------------------

_YMD = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_LABEL = re.compile(r"(发布|發布|發佈|时间|時間|日期|来源|來源|发表|發表)")
# a date labelled as the publication itself (发布时间: 2023-05-09), not a filing or signing date
_ISSUED = re.compile(r"(发布|發布|發佈|发表|發表|发稿|發稿|刊发|刊發|出版)(时间|時間|日期)?\s*[:：]?\s*(?=\d{4})")


def _dates(line: str) -> list[dt.date]:
    found = []
    for y, m, d in _YMD.findall(line):
        found.append((int(y), int(m), int(d)))
    for d, m, y in _DMY.findall(line):
        found.append((int(y), int(m), int(d)))
    out = []
    for y, m, d in found:
        if 1949 <= y <= 2100:
            try:
                out.append(dt.date(y, m, d))
            except ValueError:
                continue
    return out


def find_published(boilerplate: list[str], header: list[str], body: list[str]) -> dt.date | None:
    """The byline date: the one date of the lines above the article, else of the page's clutter.

    Where a group holds several dates, those on a line with a clock time or a label (发布时间,
    来源) settle it, then those labelled as the publication. A group that stays ambiguous gives
    way to the next rather than ending the search: a related-articles list in the footer dates
    every link, while the byline above the article gives one date.
    """
    for group in (header, boilerplate):
        dates = {d for line in group for d in _dates(line)}
        if len(dates) == 1:
            return dates.pop()
        if len(dates) > 1:
            marked = {d for line in group if _CLOCK.search(line) or _LABEL.search(line) for d in _dates(line)}
            if len(marked) == 1:
                return marked.pop()
            issued = {d for line in group for m in _ISSUED.finditer(line) for d in _dates(line[m.end():])[:1]}
            if len(issued) == 1:
                return issued.pop()
    # a notice's signature date: a line that is only a date, the same wherever it is repeated
    dates = {d for line in body if _DATE_ONLY.match(line) for d in _dates(line)}
    if len(dates) == 1:
        return dates.pop()
    return None
