"""Cleaning: pinyin glosses, spam, boilerplate lines, broken sentences, headlines, byline dates."""
from __future__ import annotations

import datetime as dt

from luoshi.intake import extract
from luoshi.intake.boilerplate import split_boilerplate
from luoshi.intake.clean import rejoin_broken, remove_pinyin, remove_spam
from luoshi.intake.headline import rejoin_spaces

BODY_1 = "4月2日下午,青川县召开安全生产委员会全体会议,县委副书记、县长孟书涵出席会议并讲话。"
BODY_2 = "会议要求,各乡镇各部门要压紧压实安全责任,全面排查整治各类风险隐患,确保全县安全形势稳定。"


def run(text: str, **kw) -> dict:
    return extract(text.encode("utf-8"), "doc.txt", **kw)


# ---- pinyin ----------------------------------------------------------------------------------

def test_pinyin_glosses_removed() -> None:
    assert remove_pinyin("市政協(xié)召開(kāi)會(huì)議") == "市政協召開會議"
    assert remove_pinyin("發展(zhǎn)") == "發展"
    assert remove_pinyin("绿(lǜ)色") == "绿色"


def test_a_character_glossed_twice_loses_both_glosses() -> None:
    # some converters gloss a character once per pass: 會(hui)(hui)議
    assert remove_pinyin("市政協召開會(hui)(hui)議(yi)(yi)") == "市政協召開會議"
    assert remove_pinyin("黨(dang)(dang)的(de)(de)(de)建設") == "黨的建設"


def test_real_parentheses_kept() -> None:
    for text in ("成员单位(扩大)会议", "国内生产总值(GDP)增长", "按第(a)项执行", "市(县)政府", "附件(一)"):
        assert remove_pinyin(text) == text


def test_pinyin_removed_from_text_and_title() -> None:
    record = run("青川縣召開(kāi)安全生產會(huì)議\n" + "會(huì)議強(qiáng)調(diào),要壓實責任,確保安全形勢穩定。\n")
    assert record["title"] == "青川縣召開安全生產會議"
    assert "會議強調,要壓實責任" in record["text"]
    assert "(" not in record["text"]


# ---- spam ------------------------------------------------------------------------------------

def test_urls_cut_from_sentences() -> None:
    line, removed = remove_spam("会议强调,要压实责任www.example-bet.com,确保安全。")
    assert line == "会议强调,要压实责任,确保安全。"
    assert removed == ["www.example-bet.com"]


def test_spam_words_cut_from_sentences() -> None:
    line, removed = remove_spam("会议要求,要抓好防汛澳门新葡京官网工作,确保度汛安全。")
    assert line == "会议要求,要抓好防汛工作,确保度汛安全。"
    assert removed


def test_spam_title_line_is_boilerplate() -> None:
    record = run("太阳城娱乐-平台|官网\n" + BODY_1 + "\n" + BODY_2 + "\n")
    assert record["boilerplate"] == ["太阳城娱乐-平台|官网"]
    assert record["text"] == BODY_1 + "\n" + BODY_2


# ---- boilerplate -------------------------------------------------------------------------------

FOOTER = [
    "青川日报社 2015-2024 版权所有",
    "川ICP备12345678号-2 川公网安备51082202000123号",
    "互联网新闻信息服务许可证51120170009",
    "违法和不良信息举报电话:0839-1234567 邮箱:qcrb@example.cn",
    "发行热线:12345678 广告热线:87654321",
    "联系地址:四川省青川县新华路1号",
    "本网站所有内容,未经书面授权,任何单位和个人不得转载、摘编。",
]
HEADER = ["首页 > 新闻中心 > 本地要闻", "当前位置:首页", "分享到:", "浏览次数:1234", "|"]


def test_footer_and_navigation_lines() -> None:
    lines = [*HEADER, BODY_1, BODY_2, "责任编辑:苏小禾", "审核:林一舟", "记者 何青青", *FOOTER]
    keep, drop = split_boilerplate(lines)
    assert [lines[i] for i in keep] == [BODY_1, BODY_2]
    assert len(drop) == len(lines) - 2


def test_byline_dates_and_credits_at_edges() -> None:
    text = "\n".join(["青川县部署安全生产工作", "2024-04-02 16:20", BODY_1, BODY_2, "(青川县应急局 何青青)",
                      "2024年4月3日"])
    record = run(text)
    assert record["title"] == "青川县部署安全生产工作"
    assert record["boilerplate"] == ["2024-04-02 16:20", "(青川县应急局 何青青)", "2024年4月3日"]
    assert record["text"] == BODY_1 + "\n" + BODY_2


def test_article_lines_with_dates_and_reporters_stay() -> None:
    lines = [
        "本报讯(记者何青青)4月2日,青川县召开会议,研究部署安全生产工作。",
        "会议指出,2024年4月1日起施行的新规定要不折不扣落实到位。",
        "记者从会上获悉,全县已排查隐患三百余处。",
        "2024年4月2日",  # a notice's signature date in the middle: not clutter
        BODY_2,
    ]
    keep, drop = split_boilerplate(lines)
    assert drop == []


def test_latin_chrome_and_lone_words() -> None:
    keep, drop = split_boilerplate([BODY_1, BODY_2, "HOT NEWS", "图片", "上一篇"])
    assert keep == [0, 1]


# ---- broken sentences ---------------------------------------------------------------------------

def test_sentence_broken_by_blank_line_rejoined() -> None:
    first = "会议强调,各地要深入学习贯彻会议精神,进一步压实属地责任、部门监管责任和企业主体责任,切实做到"
    second = "守土有责、守土负责、守土尽责。"
    record = run("\n".join([BODY_1, first, "", second, BODY_2]))
    assert record["text"].split("\n") == [BODY_1, first + second, BODY_2]


def test_list_items_and_short_lines_not_joined() -> None:
    lines = ["一、总体要求", "1.加快重点项目建设", "牵头单位:县发改局", "(一)强化组织领导"]
    assert rejoin_broken(lines) == lines


def test_stray_punctuation_line_goes_back_into_the_sentence() -> None:
    record = run("\n".join([BODY_1, "会议审议了有关", "法规", "、", "规章", "。", BODY_2]))
    assert "、" not in record["boilerplate"] and "。" not in record["boilerplate"]
    assert "法规、" in record["text"] and "规章。" in record["text"]


def test_comma_at_line_end_joins() -> None:
    assert rejoin_broken(["会议要求,", "各部门要各司其职。"]) == ["会议要求,各部门要各司其职。"]


# ---- headlines ----------------------------------------------------------------------------------

def test_title_space_inside_word_rejoined() -> None:
    assert rejoin_spaces("凝心聚力谋发展 实干担当促振兴 奋力推动县域经济高质量发 展") == \
        "凝心聚力谋发展 实干担当促振兴 奋力推动县域经济高质量发展"
    assert rejoin_spaces("县政府关于印发 《安全生产工作要点》 的通知") == "县政府关于印发《安全生产工作要点》的通知"


def test_title_and_subtitle() -> None:
    record = run("\n".join(["凝心聚力谋发展 实干担当促振 兴", "孟书涵出席并讲话", BODY_1, BODY_2]))
    assert record["title"] == "凝心聚力谋发展 实干担当促振兴"
    assert record["subtitle"] == "孟书涵出席并讲话"
    assert record["text"].startswith("4月2日下午")


def test_title_broken_across_two_lines() -> None:
    record = run("\n".join(["青川县召开2024年安全生产委员会全体会议暨", "一季度安全形势分析会", BODY_1, BODY_2]))
    assert record["title"] == "青川县召开2024年安全生产委员会全体会议暨一季度安全形势分析会"


def test_no_title() -> None:
    assert run(BODY_1 + "\n" + BODY_2)["title"] == ""


def test_notice_title_after_signature() -> None:
    text = "\n".join([
        "各乡镇人民政府,县级有关部门:",
        "现将《青川县2024年安全生产重点工作》印发给你们,请认真贯彻落实。",
        "青川县人民政府办公室",
        "2024年3月1日",
        "青川县2024年安全生产重点工作",
        "1.开展安全生产治本攻坚行动。(牵头单位:县应急局)",
    ])
    record = run(text)
    assert record["title"] == "青川县2024年安全生产重点工作"
    assert record["published"] == "2024-03-01"


# ---- published ----------------------------------------------------------------------------------

def test_published_from_byline() -> None:
    assert run("\n".join(["发布时间:2023-06-08 09:10", BODY_1, BODY_2]))["published"] == "2023-06-08"
    assert run("\n".join([BODY_1, BODY_2, "08.06.2023  09:10"]))["published"] == "2023-06-08"


def test_published_given_wins() -> None:
    record = run("\n".join(["2023-06-08 09:10", BODY_1, BODY_2]), published=dt.date(2023, 6, 9))
    assert record["published"] == "2023-06-09"


def test_published_ambiguous_or_absent() -> None:
    assert run(BODY_1 + "\n" + BODY_2)["published"] is None
    assert run("\n".join([BODY_1, BODY_2, "2023年6月8日", "2023年7月9日"]))["published"] is None


def test_commas_doubled_before_another_mark_go_with_the_glosses():
    # look/001, heldout2/004, heldout2/022: the gloss-inserting converters also double commas
    line = "市政協(xié)黨組書記,、主席林遠主持會(huì)議,。副主席趙青,、錢明出席,,會議強調(diào),;"
    assert remove_pinyin(line) == "市政協黨組書記、主席林遠主持會議。副主席趙青、錢明出席,會議強調;"
    assert remove_pinyin("甲,乙、丙。") == "甲,乙、丙。"
