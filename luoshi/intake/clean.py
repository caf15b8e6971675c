"""Line-level cleaning: whitespace, inserted pinyin glosses, injected spam, broken sentences."""
from __future__ import annotations

import functools
import re
import unicodedata

import ahocorasick

from .datafiles import data_lines

# Pinyin glosses some sites insert after a character: 會(huì)議, 協(xié)調. A gloss is one syllable in
# lower case with or without tone marks, right after a CJK character. The syllable check keeps
# real parentheses such as (扩大) or (GDP) or (a) alone.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（]([a-z" + _TONED + r"]{1,7})[)）]")
_SYLLABLE = re.compile(
    r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(iang|iong|uang|ueng|ang|eng|ing|ong|uai|uan|ian|iao|van|üan|ai|ei|ao|ou|an|en|in|un|vn|ün|"
    r"ia|ie|iu|ua|uo|ui|ue|üe|ve|er|a|o|e|i|u|ü|v|m|n|ng)$"
)
_TONE_FOLD = str.maketrans({c: unicodedata.normalize("NFD", c)[0] for c in _TONED if c != "ü"})

_WS = " \t\r\n\f\v\u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f"
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# URLs and www. strings never belong in the text of a report.
_URL = re.compile(r"(https?://|www\.)[A-Za-z0-9\-._~:/?#@$&+=%]+", re.I)
# Spam ad tails that follow an injected spam word: 申博体育在线_申博体育-平台|官网
_SPAM_TAIL = r"[\w\-_|·. ]{0,6}?(官网|官網|平台|網址|网址|开户|開戶|注册|註冊|在线|在線|娱乐|娛樂|登录|登錄|入口|下载|下載|app|APP)?"

_END = set("。！？!?；;…”」』》）)]】\"'")
_SOFT_END = set("，,、：:")
_CLOSING = set("、。，；：！？,;:!?）》”’")
_LIST_MARKER = re.compile(
    r"^([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.、．)）]|[①-⑳]|第[一二三四五六七八九十百\d]+[章节條条款部分]|[•·●▪◆\-－—])"
)


# Emoji and their modifiers (variation selectors, skin tones, keycaps, tags) decorate social-media
# reposts, even inside a word (召🔥开): never article text. ★ and ☆ stay (list bullets).
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u2604\u2607-\u27BF\u2B50\u2B55\u2B1B\u2B1C"
                    "\uFE00-\uFE0F\u20E3\U000E0020-\U000E007F]")


def strip_ws(line: str) -> str:
    """The line without zero-width characters, emoji and surrounding whitespace; every later stage
    (clutter, headline, the rules) reads this line, so positions stay those of the text."""
    return _EMOJI.sub("", _ZERO_WIDTH.sub("", line)).strip(_WS)


def _is_syllable(gloss: str) -> bool:
    folded = gloss.translate(_TONE_FOLD)
    if len(gloss) == 1 and folded == gloss:
        return False  # "(a)" is an item letter; a one-letter gloss carries a tone mark: (ā)
    return bool(_SYLLABLE.match(folded))


# The converters that insert glosses also double punctuation (主席會(huì)議,。 書記,、主席 精神,,加強):
# a comma right before another mark is never the writer's.
_DOUBLED_COMMA = re.compile(r"[,，](?=[,，、。;；])")


def remove_pinyin(text: str) -> str:
    """會(huì)議 → 會議. Only glosses that are real pinyin syllables after a CJK character go;
    so does a comma doubled before another mark (書記,、主席 → 書記、主席)."""
    if "," in text or "，" in text:
        text = _DOUBLED_COMMA.sub("", text)
    if "(" not in text and "（" not in text:
        return text
    # Some pages gloss a character twice (會(hui)(hui)議): the second gloss follows the first,
    # not a character, so a pass removes one gloss per character until none is left.
    for _ in range(3):
        stripped = _PINYIN.sub(lambda m: "" if _is_syllable(m.group(1)) else m.group(0), text)
        if stripped == text:
            break
        text = stripped
    return text


@functools.lru_cache(maxsize=1)
def _spam_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for word in data_lines("clutter_spam.txt"):
        auto.add_word(word.lower(), word)
    auto.make_automaton()
    return auto


def spam_words(line: str) -> list[str]:
    """Spam words found in a line (case-insensitive)."""
    if not line:
        return []
    return [word for _end, word in _spam_automaton().iter(line.lower())]


def cut_urls(text: str) -> str:
    """The text with its URLs replaced by a space (a URL is never article text)."""
    return _URL.sub(" ", text)


def remove_spam(line: str) -> tuple[str, list[str]]:
    """Cut URLs and spam ads out of an article line. Returns (line, removed fragments)."""
    removed: list[str] = []

    def cut(m: re.Match) -> str:
        removed.append(m.group(0))
        return ""

    line = _URL.sub(cut, line)
    words = sorted(set(spam_words(line)), key=len, reverse=True)
    if words:
        # longest first, in one pass: 澳门新葡京 goes whole, not as 葡京 leaving 澳门新
        pattern = re.compile("(" + "|".join(map(re.escape, words)) + ")" + _SPAM_TAIL, re.I)
        line = pattern.sub(cut, line)
    return line, removed


# a field label opening a line of a listing or a form: 会议摘要:, 发布时间:
_FIELD = re.compile(r"[\u4e00-\u9fff]{2,6}[:：]")


def is_list_item(line: str) -> bool:
    return bool(_LIST_MARKER.match(line))


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def rejoin_broken(lines: list[str], min_len: int = 40) -> list[str]:
    """Join a paragraph that a page broke in the middle of a sentence with the next line.

    A line is broken when it ends without sentence-ending punctuation (or with a comma), is long
    enough to be running text, and the next line starts with a character that continues a
    sentence (not a list marker, not a heading). Joined without whitespace: Chinese has none.
    """
    out: list[str] = []
    for line in lines:
        if out and line[0] in _CLOSING:
            out[-1] += line  # a line that starts with 、。，) belongs to the sentence above
            continue
        if out:
            prev = out[-1]
            last = prev[-1]
            first = line[0]
            # (a line that opens with a field label, 会议摘要:…, starts a new field)
            continues = (_cjk(first) or first in "“‘《\"") and not is_list_item(line) and not _FIELD.match(line)
            if continues and last not in _END and (
                    last in _SOFT_END or (len(prev) >= min_len and (_cjk(last) or last.isalnum()))):
                out[-1] = prev + line
                continue
        out.append(line)
    return out


def pdf_join_threshold(lines: list[str]) -> int:
    """PDF lines are wrapped at the page width: a line near the longest length is a wrapped one."""
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return 40
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    return max(8, int(0.75 * p90))
