"""Convening body, session and the meetings of one text (fictional texts, both scripts)."""

from __future__ import annotations

import opencc
import pytest

from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def _meetings(text: str) -> list[dict]:
    return read_meetings(text, _T2S(text), None)[0]


def _one(text: str) -> dict:
    meetings = _meetings(text)
    assert len(meetings) == 1
    return meetings[0]


@pytest.mark.parametrize(("text", "body", "session"), [
    # the sitting with its year, as printed
    ("4月2日,市乡村建设协调推进领导小组2024年度第二次会议召开,研究年度任务。",
     "市乡村建设协调推进领导小组", "2024年度第二次会议"),
    ("3月9日,我县召开安委会2024年第二次全体(扩大)会议,分析当前安全形势。",
     "安委会", "2024年第二次全体(扩大)会议"),
    # a topical sitting counted by number, then a second meeting name after 暨
    ("5月6日,市委书记周明远主持召开市委第36次防汛专题会暨市防指成员会议,听取汛情汇报。",
     "市委", "第36次防汛专题会"),
    # a term-and-sitting designation with an extension in brackets
    ("1月20日,市政府立即召开十五届四次全体(扩大)会议,部署全年工作。",
     "市政府", "十五届四次全体(扩大)会议"),
    # a numbered standing meeting of a government without any comma (a transcript)
    ("市长林海今天主持召开市政府第十二次常务会议传达学习省政府全体会议精神研究部署春耕生产工作。",
     "市政府", "第十二次常务会议"),
    # the object's sitting, not the designation inside the subject
    ("2月3日,县十六届人大二次会议主席团举行第三次会议,听取各代表团审议情况汇报。",
     "县十六届人大二次会议主席团", "第三次会议"),
    # Traditional script, party committee plenary
    ("12月1日,中共臨江縣委十四屆六次全會召開,審議通過了有關決議。", "中共臨江縣委", "十四屆六次全會"),
])
def test_sessions_in_their_shapes(text, body, session):
    m = _one(text)
    assert (m["body"], m["session"]) == (body, session)
    assert m["confidence"]["session"] is not None


def test_a_place_that_convenes_a_groups_meeting_gives_the_group():
    m = _one("6月8日,江屿县召开乡村产业发展工作领导小组会议,安排部署下半年工作。")
    assert m["body"] == "江屿县乡村产业发展工作领导小组"  # findable by the place and by the group
    assert m["body_rule"] == "place-object-org"


def test_a_place_with_a_plain_meeting_stays_the_body():
    m = _one("6月8日,江屿县召开招商引资专题会议,研究重点项目推进工作。")
    assert m["body"] == "江屿县"


def test_a_meeting_without_any_organisation_is_known_by_its_name():
    m = _one("3月1日,县委书记陈立群主持召开春季植树造林工作专题会议,研究部署有关工作。")
    assert m["body"] == "春季植树造林工作专题会议"
    assert m["body_rule"] == "object-meeting"


def test_the_meeting_as_subject_with_a_date_after_it_traditional():
    m = _one("縣防汛抗旱指揮部全體(擴大)會議7月2日下午召開,會議要求各鄉鎮立即進入臨戰狀態。")
    assert m["body"] == "縣防汛抗旱指揮部"
    assert m["session"] == ""


def test_an_untitled_speaker_is_not_taken_for_the_body():
    # the name is known to no list: the post title before it says it is a person
    m = _one("9月3日,副县长欧阳晓出席全县秋粮收购工作会议并讲话。")
    assert m["body"] != "副县长欧阳晓"
    # people attend: whoever 出席 a meeting is not the body, titled or not
    m = _one("9月3日,闻人晓出席全县秋粮收购工作会议并讲话。")
    assert m["body"] == "秋粮收购工作会议"


def test_a_meeting_that_opens_and_a_date_and_place_in_its_subject():
    m = _one("临江市第十六届人民代表大会第三次会议于1月8日在市会议中心隆重开幕。")
    assert m["body"] == "临江市第十六届人民代表大会"
    assert m["session"] == "第三次会议"
    assert m["format"] == "in_person"


def test_two_meetings_in_one_chronicle_each_with_its_own_sentences_traditional():
    text = ("5月6日 省委書記、省委財經委員會主任梁振華主持召開省委財經委員會第五次會議。"
            "會議傳達學習了中央財經委員會近期會議精神,審議了《全省數字經濟發展行動方案》。"
            "會議要求,要加快重大項目建設。\n"
            "同日 省委人才工作領導小組2024年第一次會議召開,聽取各成員單位人才工作情況匯報。"
            "梁振華主持會議並講話。會議強調,要完善人才引進機制。")
    first, second = _meetings(text)
    assert (first["body"], first["session"]) == ("省委財經委員會", "第五次會議")
    assert (second["body"], second["session"]) == ("省委人才工作領導小組", "2024年第一次會議")
    assert [a["kind"] for a in first["agenda"]] == ["convey", "adopt"]
    assert [a["kind"] for a in second["agenda"]] == ["hear_report"]
    assert [d["text"] for d in first["directives"]] == ["會議要求,要加快重大項目建設。"]
    assert [d["text"] for d in second["directives"]] == ["會議強調,要完善人才引進機制。"]
    assert [p["name"] for p in second["people"]] == ["梁振華"]
    assert first["date"]["text"] == "5月6日" and second["date"]["text"]  # 同日: a date of its own


def test_a_headline_and_the_report_of_the_same_meeting_are_one_meeting():
    text = ("市城市更新领导小组召开全体会议\n"
            "15日,市城市更新领导小组召开第二次全体会议,听取老旧小区改造进展情况汇报。"
            "会议强调,要加快推进老旧小区改造。")
    m = _one(text)
    assert m["session"] == "第二次全体会议"  # the headline left it out
    assert [a["kind"] for a in m["agenda"]] == ["hear_report"]


@pytest.mark.parametrize("later", [
    # a meeting only mentioned, conveyed or planned is no second meeting
    "会议指出,即将召开的市人代会是全市政治生活中的一件大事。",
    "此前,市政府召开常务会议研究过这项工作。",
    "会议传达学习了省委常委会会议精神。",
    "下一篇:市科技局召开科技成果转化工作会议",
    "会议决定,下月将召开市科技创新大会。",
])
def test_mentioned_meetings_are_not_new_meetings(later):
    text = "3月2日,市科技创新委员会召开第四次会议,审议有关文件。\n" + later
    assert len(_meetings(text)) == 1


def test_confidence_comes_from_the_data_table_with_a_default_for_rare_rules():
    from luoshi.intake import ruleconf

    assert ruleconf.of("agenda.json", "no-such-rule") == 0.6
    m = _one("4月2日,市数据资源管理委员会召开第三次会议,听取年度工作汇报。")
    assert m["body_rule"] == "subject" and m["session_rule"] == "ordinal"
    assert 0 < m["confidence"]["body"] <= 1 and 0 < m["confidence"]["session"] <= 1


def test_a_headline_naming_the_meeting_differently_is_still_the_same_meeting():
    text = ("全县秋季森林防火工作会议召开\n"
            "据县融媒体中心消息,10月9日上午,县森林防火指挥部召开全县秋季森林防火工作会议,"
            "安排部署秋冬季森林防火工作。会议要求,要严格落实野外火源管控。")
    m = _one(text)
    assert [a["kind"] for a in m["agenda"]] == ["deploy"]
    assert m["date"]["text"] == "10月9日上午"


def test_a_chronicle_of_the_same_body_on_two_days_is_two_meetings():
    text = ("3月2日 市委常委会召开会议,传达学习全国两会精神。会议要求,要迅速掀起学习热潮。\n"
            "3月9日 市委常委会召开会议,研究部署春季农业生产工作。会议强调,要抓好春耕备耕。")
    first, second = _meetings(text)
    assert [a["kind"] for a in first["agenda"]] == ["convey"]
    assert [a["kind"] for a in second["agenda"]] == ["deploy"]


def test_a_meeting_named_as_a_time_is_not_a_new_meeting():
    text = ("5月3日,市河长制工作领导小组召开全体会议,听取各河长履职情况汇报。\n"
            "5月10日,省里召开全省河湖长制工作会议后,我市立即对照整改。")
    assert len(_meetings(text)) == 1


def test_the_organisation_named_inside_the_sitting_and_a_room_before_the_chair_traditional():
    m = _one("9月2日下午,副區長何志遠在區行政中心三樓會議室主持召開六屆38次區政府常務會議,"
             "聽取全區重點項目推進情況匯報。")
    # the sitting without its organisation (heldout2 019: 五屆104次常務會議)
    assert (m["body"], m["session"]) == ("區政府", "六屆38次常務會議")
    assert m["body_rule"] == "session-org"
    assert m["format"] == "in_person"


def test_a_second_meeting_the_same_afternoon_within_the_paragraph():
    text = ("6日上午,市委理论学习中心组举行集体学习会,学习《关于加强基层治理的意见》。"
            "下午,市委农村工作领导小组召开第五次会议,审议《全市和美乡村建设方案》。"
            "会议要求,要扎实推进和美乡村建设。")
    first, second = _meetings(text)
    assert first["body"] == "市委理论学习中心组"
    assert (second["body"], second["session"]) == ("市委农村工作领导小组", "第五次会议")
    assert [a["kind"] for a in second["agenda"]] == ["adopt"]
    assert len(second["directives"]) == 1 and not first["directives"]


def test_a_subject_that_is_only_an_adverb_or_a_mention_names_no_body():
    m = _one("一年来,我们胜利召开全市第九次党代会,完成了换届工作。")
    assert m["body"] != "胜利"
    m = _one("全力做好服务保障,确保市第九次党代会顺利召开。")
    assert m["body"] == ""


def test_cadres_are_no_department():
    m = _one("3月5日,江屿区领导干部会议召开,传达学习全国两会精神。")
    assert m["body"] == "江屿区领导干部会议"


def test_a_meeting_held_by_video_but_not_a_member_who_joins_by_video():
    m = _one("7月3日,县防汛抗旱指挥部通过视频方式召开防汛调度会,各乡镇负责同志参加。")
    assert m["format"] == "video"
    m = _one("5月9日,区域合作联席会议在江州召开,其中某省副省长以视频方式在省城出席会议。")
    assert m["format"] == "in_person"


def test_the_spirit_of_a_meeting_another_body_held_is_no_convening():
    t = "为贯彻落实省委召开全省民营经济工作会议精神,4月2日,市委召开常委会议,研究部署全年工作。"
    m = _one(t)
    assert m["body"] == "市委常委会"
    assert [a["kind"] for a in m["agenda"]] == ["deploy"]


def test_a_place_and_a_room_in_the_subject_before_the_meeting():
    m = _one("5月6日上午,柳塘镇在镇政府二楼会议室召开重点工作推进会,副镇长周明汇报了项目进展情况。")
    assert m["body"] == "柳塘镇"
    assert m["format"] == "in_person"
    assert [a["kind"] for a in m["agenda"]] == ["hear_report"]


def test_a_related_news_line_after_the_report_is_no_second_meeting():
    text = ("3月2日,市科技创新委员会召开第四次会议,审议有关文件。会议要求,要加快成果转化。\n"
            "相关新闻\n"
            "市政府召开第九次常务会议,研究部署春耕生产")
    assert len(_meetings(text)) == 1


def test_a_sitting_printed_only_in_the_headline():
    text = ("市政府第28次常务会议\n"
            "5月8日,市长吴海主持召开市政府常务会议,研究部署汛期安全工作。")
    m = _one(text)
    assert (m["body"], m["session"]) == ("市政府", "第28次常务会议")


def _with_title(title: str, text: str) -> dict:
    from luoshi.intake.meetings import read_sentences
    from luoshi.intake.sentences import matching_text, split_sentences

    s = matching_text(text, _T2S(text))
    return read_sentences(text, s, split_sentences(s), None, title)[0][0]


def test_the_headline_taken_out_of_the_text_gives_the_sitting_or_the_body():
    m = _with_title("縣政府第31次常務會議", "6月2日,縣長鄭立主持召開縣政府常務會議,研究部署防汛工作。")
    assert (m["body"], m["session"]) == ("縣政府", "第31次常務會議")
    # a report that never names the body: the headline does, with a lower confidence
    m = _with_title("市安委会召开全体会议", "会议要求,各地要全面排查安全隐患。")
    assert m["body"] == "市安委会" and m["body_rule"] == "title:subject"
    assert m["confidence"]["body"] == 0.6
    # another body's sitting in the headline is not taken
    m = _with_title("省政府第9次常务会议", "6月2日,市长林立主持召开市政府常务会议,研究防汛工作。")
    assert m["session"] == ""


def test_a_body_that_meets_as_its_party_group_or_standing_committee_traditional():
    assert _one("9月2日,省政府召開黨組會議,學習有關文件精神。")["body"] == "省政府黨組"
    assert _one("今天上午,縣委召開常委會議,研究部署秋收工作。")["body"] == "縣委常委會"


def test_a_news_digest_of_three_meetings_each_under_its_own_headline():
    text = ("市委常委会召开会议\n"
            "3月3日,市委常委会召开会议,传达学习全国两会精神。会议强调,要迅速掀起学习热潮。\n"
            "市政府召开第12次常务会议\n"
            "3月4日,市长周明主持召开市政府第12次常务会议,审议《城市更新实施办法》。会议要求,要加快推进城市更新。\n"
            "市防指召开防汛工作会议\n"
            "3月5日,市防汛抗旱指挥部召开全市防汛工作会议,安排部署汛前准备工作。副市长吴海出席会议并讲话。")
    ms = _meetings(text)
    assert [(m["body"], m["session"]) for m in ms] == [
        ("市委常委会", ""), ("市政府", "第12次常务会议"), ("市防汛抗旱指挥部", "")]
    assert [[a["kind"] for a in m["agenda"]] for m in ms] == [["convey"], ["adopt"], ["deploy"]]
    assert [len(m["directives"]) for m in ms] == [1, 1, 0]
    assert [[p["name"] for p in m["people"]] for m in ms] == [[], ["周明"], ["吴海"]]


def test_a_congress_session_that_opens_names_its_body_inside_the_sitting():
    m = _one("1月8日,江州市十五届人大三次会议隆重开幕。")
    assert (m["body"], m["session"]) == ("江州市人大", "十五届人大三次会议")


def test_numbered_minutes_open_with_a_convening_sentence_are_a_meeting():
    # heldout2 019: 纪要 with numbered items (一、审议…) is no key-task list
    from luoshi.intake.pipeline import extract

    text = ("2025年3月4日下午,副区长林海同志在区政府会议室主持召开三届27次区政府常务会议。纪要如下:\n"
            "一、审议《东湖区河道保洁工作方案(送审稿)》\n"
            "会议听取了区水务局局长陈立同志关于方案的情况汇报。会议原则同意该方案。\n"
            "二、听取春季植树工作情况汇报\n"
            "会议听取了区林业局汇报。会议强调,各单位要压实责任,确保按期完成任务。\n")
    record = extract(text.encode(), "minutes.txt")
    assert record["kind"] == "meeting_report"
    meeting = record["meetings"][0]
    assert meeting["body"] == "区政府"
    assert meeting["session"] == "三届27次常务会议"
    assert "hear_report" in {a["kind"] for a in meeting["agenda"]}


def test_two_sittings_held_as_one_are_one_session():
    # heldout2 022/028 (pages: 省政协召开党组(扩大)会议、十三届十六次主席会议): 党组会议暨主席会议
    m = _one("6月3日上午,县政协九届12次党组(扩大)会议暨20次主席会议召开。县政协党组书记、主席罗明主持会议。")
    assert (m["body"], m["session"]) == ("县政协", "九届12次党组(扩大)会议暨20次主席会议")
    m = _one("6月3日,县政协党组书记、主席罗明主持召开县政协党组(扩大)会议暨九届二十次主席会议。")
    assert (m["body"], m["session"]) == ("县政协", "党组(扩大)会议暨九届二十次主席会议")
    # dev 022: 暨 another body's meeting is no part of the session
    m = _one("5月6日,县委书记罗明主持召开县委第12次防汛专题会暨县防汛抗旱指挥部会议。")
    assert m["session"] == "第12次防汛专题会"


def test_a_meeting_held_before_is_a_time_and_its_convener_chairs_the_next():
    # heldout2 014: 在全省…会议召开后,副市长某某迅速召开我市…会议
    m = _one("9月30日晚,在全省防汛紧急视频会议召开后,副县长唐明迅速召开我县防汛紧急会议,"
             "各乡镇负责人在分会场参加会议。唐明要求,各乡镇要立即转移危险区群众。")
    assert "全省" not in m["body"] and m["body"].endswith("防汛紧急会议")
    tang = next(p for p in m["people"] if p["name"] == "唐明")
    assert "chair" in tang["roles"] and "attendee" not in tang["roles"]
