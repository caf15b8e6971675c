"""The matching string and sentence splitting."""

from __future__ import annotations

import opencc

from luoshi.intake.sentences import matching_text, split_sentences

_T2S = opencc.OpenCC("t2s").convert


def test_matching_text_folds_script_and_width_but_keeps_positions():
    text = "會議強調（一）：要堅持；確保！"
    s = matching_text(text, _T2S(text))
    assert len(s) == len(text)
    assert s == "会议强调(一):要坚持;确保!"


def test_split_at_full_and_half_width_terminals_with_closing_quotes():
    s = matching_text("要抓好落實。要推進“一網通辦。”再加強監管;最後一句", None)
    assert [x.s for x in split_sentences(s)] == ["要抓好落实。", "要推进“一网通办。”", "再加强监管;", "最后一句"]


def test_line_ending_in_comma_continues_in_the_next_line():
    text = "张三强调,要提高站位,\n\n  强化担当。新段落。"
    sents = split_sentences(matching_text(text, text))
    assert sents[0].text(text) == "张三强调,要提高站位,强化担当。"
    assert (sents[0].start, sents[0].end) == (0, text.index("。") + 1)
    assert sents[0].para == sents[1].para


def test_numbered_items_after_a_comma_and_text_without_punctuation():
    s = "一是抓项目,二是抓招商。"
    assert [x.s for x in split_sentences(s)] == ["一是抓项目,", "二是抓招商。"]
    s = "会议强调 要做好防汛工作  确保安全度汛"
    assert [x.s for x in split_sentences(s)] == ["会议强调", "要做好防汛工作", "确保安全度汛"]


def test_paragraphs_are_numbered():
    sents = split_sentences("第一段。还是第一段。\n第二段。")
    assert [x.para for x in sents] == [0, 0, 1]


def test_an_intro_at_the_end_of_a_line_goes_on_with_the_requirement_below():
    text = "就做好冬春农田水利建设,孫立新強調\n要早謀劃、早部署,確保按時完工。\n孫立新指出\n今年以來全縣項目進展順利。"
    sents = split_sentences(matching_text(text, _T2S(text)))
    assert sents[0].text(text) == "就做好冬春农田水利建设,孫立新強調要早謀劃、早部署,確保按時完工。"
    # a bare 某某指出 line (a subheading) followed by a statement stays apart
    assert [x.text(text) for x in sents[1:]] == ["孫立新指出", "今年以來全縣項目進展順利。"]
