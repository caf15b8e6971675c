"""Which whole lines of a page are not the article (copyright, licences, hotlines, navigation, …).

Rules live in data/clutter_patterns.txt (regexes with a length cap and a zone),
data/clutter_lines.txt (chrome words standing alone, or a row of them: 微信 智能问答 繁體版),
data/clutter_metadata.txt (the field labels of a government open-information table: 索引号 …
文号 … 有效性) and data/clutter_spam.txt. A rule never looks inside a long article paragraph:
boilerplate is whole lines, mostly short, and the date/credit shapes count only above the first
or below the last body paragraph.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .clean import cut_urls, is_list_item, remove_pinyin, spam_words
from .datafiles import data_lines
from .script import to_simplified


@dataclass(frozen=True)
class _Rule:
    maxlen: int
    edge_only: bool
    regex: re.Pattern
    tail: bool = False  # below the last body paragraph, every line after this one is clutter
    head_only: bool = False  # only above the first body paragraph


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    rules = []
    for line in data_lines("clutter_patterns.txt"):
        maxlen, zone, pattern = line.split(None, 2)
        rules.append(_Rule(int(maxlen), zone == "edge", re.compile(pattern.strip(), re.I), zone == "tail",
                           zone == "head"))
    return tuple(rules)


@functools.lru_cache(maxsize=1)
def _caps() -> tuple[int, ...]:
    return tuple(sorted({rule.maxlen for rule in _rules()}))


@functools.cache
def _applicable(cap: int, at_edge: bool, at_head: bool) -> tuple[re.Pattern, ...]:
    """The regexes of the rules that judge a line of at most ``cap`` characters in this zone
    (worked out once, so a line is not checked against every rule's cap and zone)."""
    return tuple(rule.regex for rule in _rules() if rule.maxlen >= cap
                 and (at_edge or not rule.edge_only) and (at_head or not rule.head_only))


_NOT_WORD = re.compile(r"[\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_PUNCT = frozenset("、。，；：！？,;:!?…）)》”’")
_LONGEST = 200  # no rule looks at a line longer than this: it is article text


def _bare(text: str) -> str:
    """Drop whitespace, punctuation and symbols: the comparison key for chrome words."""
    return _NOT_WORD.sub("", text)


@functools.lru_cache(maxsize=1)
def _chrome_words() -> frozenset[str]:
    return frozenset(_bare(w) for w in data_lines("clutter_lines.txt"))


# a row of page tools: "微信 智能问答 繁體版", "English | 无障碍 | 长者版"
_TOOL_SEP = re.compile(r"[\s|｜丨/·•]+")
_LATIN_WORD = re.compile(r"^[A-Za-z]{1,12}$")


def _chrome_row(text: str, simplified: str) -> bool:
    words = _chrome_words()
    tokens = [_bare(t) for t in _TOOL_SEP.split(simplified)]
    tokens = [t for t in tokens if t]
    if len(tokens) < 2 or len(tokens) != len([t for t in _TOOL_SEP.split(text) if _bare(t)]):
        return False
    # a Latin word (English, EN) may stand among them, but one chrome word must be Chinese
    return (all(t in words or _LATIN_WORD.match(t) for t in tokens)
            and any(t in words and _has_cjk(t) for t in tokens))


@functools.lru_cache(maxsize=1)
def _metadata_labels() -> tuple[str, ...]:
    # longest first: 文件分类 before 分类, 发文字号 before 文号
    return tuple(sorted(data_lines("clutter_metadata.txt"), key=len, reverse=True))


_SPACES = re.compile(r"\s+")
_CLAUSE_PUNCT = re.compile(r"[，。；,;！？!?]")
_UNIT_NOTE = re.compile(r"^\s*(主办|承办|协办|牵头|配合|责任|协同|参与)(单位|部门)\s*[:：]\s*[^\s:：]")
_WEAK_ROW = re.compile(r"^\s*(属\s*性|屬\s*性|备\s*注|備\s*註|備\s*注|附\s*注|附\s*註)\s*[|｜:：]")


def _metadata_row(simplified: str) -> bool:
    """A row of an open-information table: 索 引 号 X 发文日期 Y / 名 称: Z / 分 类 X 有 效 性 Y."""
    if _CLAUSE_PUNCT.search(simplified):
        return False
    key = _SPACES.sub("", simplified)
    labels = _metadata_labels()
    first = next((label for label in labels if key.startswith(label)), None)
    if first is None:
        return False
    rest = key[len(first):]
    # the label's value after a colon, or in the next cell of a table row (发布文号 | 某府〔2021〕22号 |)
    return rest[:1] in (":", "：", "|", "｜") or any(label in rest for label in labels)


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def is_body_line(line: str) -> bool:
    """Running article text: a sentence or more (zone boundaries are drawn at these)."""
    if len(line) >= 25 and any(p in line for p in "，,。；;") and _has_cjk(line):
        return True
    return len(line) >= 8 and line[-1] in "。！？!?；;" and _has_cjk(line)


def is_tail_marker(line: str, folded: str | None = None) -> bool:
    """A line after which, below the article, the page lists other things (相关新闻, replies)."""
    if len(line) > _LONGEST:
        return False
    key = remove_pinyin(line)
    simplified = remove_pinyin(folded) if folded is not None else to_simplified(key)
    return any(rule.tail and len(key) <= rule.maxlen
               and (rule.regex.search(key) or rule.regex.search(simplified)) for rule in _rules())


def classify(line: str, at_edge: bool, chinese: bool = True, folded: str | None = None,
             at_head: bool = False) -> bool:
    """Is this (stripped) line boilerplate? ``at_edge``: above the first/below the last body line;
    ``at_head``: above the first body line;
    ``chinese``: the document is Chinese (a Latin-only line is then page chrome);
    ``folded``: the line's Simplified fold when the caller has it."""
    if len(line) > _LONGEST:
        return False
    key = remove_pinyin(line)
    if "://" in key or "www." in key.lower():
        # a URL is never article text; the rest of the line is judged without it
        # (http://某某网 2005年03月02日06:16 某某日报 is a byline)
        rest = cut_urls(key).strip()
        if not _has_cjk(rest):
            return True  # a URL with a number or a label around it: 2. www.某某.com
        key = rest
        if folded is not None:
            folded = cut_urls(remove_pinyin(folded)).strip() or folded
    bare = _bare(key)
    if not bare:
        # lone page punctuation such as "|" or "]"; a stray 、 or 。 is a broken sentence's
        # punctuation and goes back into the text (rejoin_broken)
        return not set(key) <= _SENTENCE_PUNCT
    n = len(key)
    simplified = remove_pinyin(folded) if folded is not None else to_simplified(key)
    cap = next((c for c in _caps() if c >= n), None)
    if cap is not None:
        regexes = _applicable(cap, at_edge, at_head)
        if any(regex.search(key) for regex in regexes):
            return True
        if simplified != key and any(regex.search(simplified) for regex in regexes):
            return True
    # a chrome word never ends a sentence: "推荐。" alone is the end of a wrapped paragraph
    sentence_end = key[-1] in "。；;，,、"  # (a prompt may ask: 还没有账号?)
    if n <= 20 and not sentence_end and (bare in _chrome_words() or _bare(simplified) in _chrome_words()):
        return True
    if n <= 40 and not sentence_end and _chrome_row(key, simplified):
        return True
    if n <= 160 and _metadata_row(simplified):
        return True
    if chinese and not _has_cjk(key) and n <= 60 and sum(ch.isalpha() for ch in key) >= 2:
        return True  # a Latin-only line in a Chinese page: "HOT NEWS", a site slogan
    if n <= 60 and not any(p in key for p in "。；;") and spam_words(key):
        return True  # a spam ad standing alone (page title of a hijacked site)
    return False


def split_boilerplate(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indices of kept lines and of boilerplate lines (lines are stripped, non-empty)."""
    # Zones are found from body lines that no "any"-zone rule removes; a copyright notice
    # that ends in 。 must not extend the article to the bottom of the page.
    sample = "\n".join(lines)[:20000]
    chinese = len(_CJK.findall(sample)) >= len(_LATIN.findall(sample))
    # one OpenCC call for the page instead of one per line
    folded = to_simplified("\n".join(lines)).split("\n")
    if len(folded) != len(lines):
        folded = [None] * len(lines)
    strong = [classify(line, False, chinese, folded[i]) for i, line in enumerate(lines)]
    # 属性 | 其他 | / 备注 | close a document library's detail table; alone they may be the
    # header cells of a task table, so only right under a row of that table
    for i, line in enumerate(lines):
        if not strong[i] and len(line) <= 60 and _WEAK_ROW.match(line) and not _CLAUSE_PUNCT.search(line) \
                and any(strong[j] and _metadata_row(_SPACES.sub("", folded[j] or to_simplified(lines[j])))
                        for j in range(max(0, i - 3), i)):
            strong[i] = True
    # the unit note of a numbered task (主办单位:某某公司,协办单位:某某局。) names sponsors as a
    # site footer does, but stands under its task or ends its sentence: it is the article's
    notes = {i for i, line in enumerate(lines) if _UNIT_NOTE.match(folded[i] or line)
             and (line[-1] in "。；;" or (i > 0 and is_list_item(lines[i - 1])))}
    for i in notes:
        strong[i] = False
    # a headline that asks or exclaims (…为何牵动全球？) in a list of related items is not a
    # paragraph of the article: it does not push the article's last line down
    body = [i for i, line in enumerate(lines) if not strong[i] and is_body_line(line)
            and not (line[-1] in "？！?!" and len(line) < 30 and not any(p in line for p in "。；;"))]
    first = body[0] if body else len(lines)
    last = body[-1] if body else -1
    tail = next((i for i in range(last + 1, len(lines)) if strong[i] and is_tail_marker(lines[i], folded[i])),
                len(lines))
    # a key-task list goes on below its notice in numbered items without a full stop
    # ((一)地区生产总值增长7%以上): the notice's signature date above them is not at the edge
    items = [i for i in range(last + 1, tail)
             if not strong[i] and len(lines[i]) >= 8 and is_list_item(lines[i]) and _has_cjk(lines[i])]
    if body and items:
        last = items[-1]
    keep, drop = [], []
    for i, line in enumerate(lines):
        at_edge = i < first or i > last
        if i in notes:
            keep.append(i)
        elif i > tail or strong[i] or (at_edge and classify(line, True, chinese, folded[i], i < first)):
            drop.append(i)
        elif i < first and drop and drop[-1] == i - 1 and _label_value(lines[i - 1], line):
            drop.append(i)
        else:
            keep.append(i)
    # a notice's signature date under its issuer (某某人民政府办公室 / 2021年1月25日) is the
    # document's, even at the bottom of the page; a dated byline under a credit is not
    signed = [i for i in drop if i > last and i - 1 in keep and _DATE_LINE.match(lines[i])
              and _signature(folded[i - 1] or to_simplified(lines[i - 1]))]
    if signed:
        drop = [i for i in drop if i not in signed]
        keep = sorted(keep + signed)
    return keep, drop


_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


@functools.lru_cache(maxsize=1)
def _org_endings() -> tuple[str, ...]:
    return tuple(data_lines("org_suffixes.txt"))


def _signature(simplified: str) -> bool:
    """An issuer's name on its own line: 某某市人民政府办公室, 某某县应急管理局."""
    return 4 <= len(simplified) <= 30 and not _CLAUSE_PUNCT.search(simplified) \
        and simplified.endswith(_org_endings())


# the value of an empty label printed on its own line above the article: an index code, a
# document number, a date, or a short name (• 发文字号: / 某政发〔2024〕7号)
_LABEL_END = re.compile(r"[:：]\s*$")
_VALUE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9\-/._]{3,40}|[^，。；,;:：\s]{0,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号"
                    r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?.{0,12}|[\u4e00-\u9fff]{1,10})$")


_BYLINE_LABELS = frozenset({"来源", "信息来源", "作者", "编辑", "责任编辑", "发布时间", "时间", "日期", "关键词", "标签"})


def _label_value(label: str, line: str) -> bool:
    if len(label) > 20 or _LABEL_END.search(label) is None or _VALUE.match(line) is None:
        return False
    name = _bare(to_simplified(label))
    return name in _BYLINE_LABELS or name in _metadata_labels()
