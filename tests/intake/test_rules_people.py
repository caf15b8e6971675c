"""Participants, posts and roles (texts written for these tests; the people are fictional)."""

from __future__ import annotations

import opencc

from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def _people(text: str) -> dict[str, dict]:
    meeting = read_meetings(text, _T2S(text), None)[0][0]
    return {p["name"]: p for p in meeting["people"]}


TRAD = (
    "昨天，省推進城鄉融合發展領導小組召開第二次全體會議。省委書記、省推進城鄉融合發展領導小組組長"
    "趙立平主持會議並講話，省長、領導小組副組長錢明遠就下一步工作作安排。會議以視頻形式召開。"
    "市委書記孫志剛在泰州分會場參加會議並作交流發言。市委副書記、代市長李文博在分會場參加。\n"
    "市領導周海、吳建國，市政府秘書長鄭凱在泰州分會場參加會議。"
)


def test_posts_before_name_split_at_dunhao_in_traditional():
    people = _people(TRAD)
    assert people["趙立平"]["posts"] == ["省委書記", "省推進城鄉融合發展領導小組組長"]
    assert people["李文博"]["posts"] == ["市委副書記", "代市長"]
    assert people["鄭凱"]["posts"] == ["市政府秘書長"]


def test_roles_from_the_verbs_after_the_name():
    people = _people(TRAD)
    assert set(people["趙立平"]["roles"]) == {"chair", "speaker"}
    assert people["錢明遠"]["roles"] == ["speaker"]
    assert set(people["孫志剛"]["roles"]) == {"attendee", "exchange"}
    assert people["孫志剛"]["venue"] == "泰州分會場"


def test_collective_label_is_shared_by_the_list():
    people = _people(TRAD)
    assert people["周海"]["posts"] == ["市領導"]
    assert people["吳建國"]["posts"] == ["市領導"]
    assert people["吳建國"]["roles"] == ["attendee"]


def test_groups_followed_by_a_comma_share_the_next_verb():
    text = ("9月3日，江蘇省省委常委、常務副省長方志遠，浙江省副省長程立新出席會議並講話。"
            "三省一市有關部門負責同志參加會議。")
    people = _people(text)
    assert people["方志遠"]["posts"] == ["江蘇省省委常委", "常務副省長"]
    assert set(people["方志遠"]["roles"]) == {"attendee", "speaker"}
    assert set(people["程立新"]["roles"]) == {"attendee", "speaker"}


def test_name_before_post_pattern_half_width():
    text = "5月8日,区长联席会议在杭州召开。我局韩立军局长、马晓燕副局长参加了会议。"
    people = _people(text)
    assert people["韩立军"]["posts"] == ["局长"]
    assert people["马晓燕"]["posts"] == ["副局长"]
    assert people["马晓燕"]["roles"] == ["attendee"]


def test_conveyed_speaker_and_entrusting_leader_are_not_participants():
    text = ("3月2日,市政府党组召开会议,传达学习省委书记欧阳明在全省工作会议上的讲话精神。"
            "受市长许国平委托,副市长蒋红主持会议。")
    people = _people(text)
    assert "欧阳明" not in people
    assert "许国平" not in people
    assert people["蒋红"]["roles"] == ["chair"]


def test_later_subject_mention_adds_speaker_but_not_for_a_pledge():
    text = ("4月1日,市委书记杜文华主持召开专题会议。市委副书记胡晓明在会上发言。"
            "杜文华强调,要抓好春耕生产。胡晓明在发言时表示,我市将全力以赴。")
    people = _people(text)
    assert set(people["杜文华"]["roles"]) == {"chair", "speaker"}
    assert "speaker" not in people["胡晓明"]["roles"]


def test_second_post_holder_after_he_does_not_inherit_the_first_post():
    people = _people("6月9日,市委书记罗志勇和市长邓丽出席会议。")
    assert people["罗志勇"]["posts"] == ["市委书记"]
    assert people["邓丽"]["posts"] == ["市长"]


def test_text_without_punctuation():
    people = _people("市委书记张振华主持召开市委常委会会议 市长林晓东出席会议并讲话")
    assert people["张振华"]["roles"] == ["chair"]
    assert set(people["林晓东"]["roles"]) == {"attendee", "speaker"}


# ---- wider post and roster grammar ------------------------------------------------------------

def test_roster_printed_without_separators_between_people():
    # each post starts with its organisation (市人大…, 市政协…), so a name ends where one begins
    text = ("8月5日，市委召开全市重点项目推进会。市委副書記、市長賀啟明市人大常委會主任龔立群"
            "市政協主席霍文瀾市委常委宋一舟、韋曉峰等出席會議。")
    people = _people(text)
    assert people["賀啟明"]["posts"] == ["市委副書記", "市長"]
    assert people["龔立群"]["posts"] == ["市人大常委會主任"]
    assert people["霍文瀾"]["posts"] == ["市政協主席"]
    assert people["宋一舟"]["posts"] == ["市委常委"]
    assert people["韋曉峰"]["posts"] == ["市委常委"]
    assert all(p["roles"] == ["attendee"] for p in people.values())


def test_roster_separated_by_spaces():
    text = ("8月5日,市委召开全市重点项目推进会。市委副书记、市长贺启明 市人大常委会主任龚立群 "
            "市政协主席霍文澜出席会议。")
    people = _people(text)
    assert people["贺启明"]["posts"] == ["市委副书记", "市长"]
    assert people["龚立群"]["posts"] == ["市人大常委会主任"]
    assert people["霍文澜"]["roles"] == ["attendee"]


def test_post_cut_off_by_a_comma_belongs_to_the_next_name():
    text = ("11月2日,省推进海洋经济发展领导小组召开会议。省委书记、领导小组组长柏振东主持会议,"
            "省委副书记、省长、领导小组常务副组长甘如海,省政协主席,省委常委、滨海市委书记、"
            "领导小组副组长米昊天出席会议。")
    people = _people(text)
    assert people["甘如海"]["posts"] == ["省委副书记", "省长", "领导小组常务副组长"]
    assert people["甘如海"]["roles"] == ["attendee"]
    assert people["米昊天"]["posts"] == ["省政协主席", "省委常委", "滨海市委书记", "领导小组副组长"]


def test_concurrent_post_with_jian_is_one_post_as_written():
    text = "3月9日,市防汛抗旱指挥部召开会议。军分区副司令员兼参谋长龙振华出席会议。"
    assert _people(text)["龙振华"]["posts"] == ["军分区副司令员兼参谋长"]


def test_members_named_before_their_title_in_a_speech_sentence():
    text = ("7月20日,全国政协常委会举行全体会议。祁正安常委建议,完善湿地保护补偿机制;"
            "鲍海澜委员代表农工党中央发言提出,加快编制流域治理规划;"
            "卓远山总书记强调的要求必须落实。")
    people = _people(text)
    assert people["祁正安"]["posts"] == ["常委"]
    assert people["祁正安"]["roles"] == ["speaker"]
    assert people["鲍海澜"]["posts"] == ["委员"]
    assert people["鲍海澜"]["roles"] == ["speaker"]
    assert "卓远山" not in people  # a leader quoted as 总书记 is no participant


# ---- roles --------------------------------------------------------------------------------------

def test_more_speech_verbs():
    text = ("4月8日,县政府召开安全生产工作会议。副县长蒙光辉安排部署下一阶段工作。"
            "县应急管理局局长杭晓东介绍了全县安全生产形势,县交通运输局局长卜文杰就道路运输安全发了言。"
            "副县长冼立群主持会议并就防汛备汛进行安排部署。")
    people = _people(text)
    assert people["蒙光辉"]["roles"] == ["speaker"]
    assert people["杭晓东"]["roles"] == ["speaker"]
    assert people["卜文杰"]["roles"] == ["speaker"]
    assert set(people["冼立群"]["roles"]) == {"chair", "speaker"}


def test_one_who_conveys_a_speech_spoke_and_the_one_conveyed_did_not():
    text = ("2月10日,县委召开农村工作会议。副县长伍明哲传达学习了省委书记温景泽在全省农村工作会议上的讲话精神。"
            "县委书记岑一凡出席会议。")
    people = _people(text)
    assert people["伍明哲"]["roles"] == ["speaker"]
    assert "温景泽" not in people


def test_subject_with_yaoqiu_is_a_speaker():
    text = "6月1日,市政府召开安委会会议。市委常委、常务副市长莫晓春要求,各地要全面排查隐患。"
    assert _people(text)["莫晓春"]["roles"] == ["speaker"]


def test_later_chair_and_speech_of_a_named_participant():
    text = ("3月13日,县乡村振兴领导小组召开会议。县委书记晏秋平,县委副书记、县长卢望舒出席会议。"
            "卢望舒主持会议,要求各乡镇进一步压实责任。")
    people = _people(text)
    assert set(people["卢望舒"]["roles"]) == {"attendee", "chair", "speaker"}
    assert people["晏秋平"]["roles"] == ["attendee"]


def test_pronoun_speech_goes_to_the_chair_of_the_sentence_before():
    text = ("11月3日,省委书记殷长青主持召开疫情防控专题会议,省委副书记苗雨田出席。"
            "他强调,要从严从紧抓好各项防控措施。")
    people = _people(text)
    assert set(people["殷长青"]["roles"]) == {"chair", "speaker"}
    assert people["苗雨田"]["roles"] == ["attendee"]


def test_bare_name_chairing_at_the_head_of_a_clause_in_traditional():
    text = "11月22日下午，甘振邦主持召開會議，聽取國際博覽會籌備進展情況匯報。甘振邦指出，要倒排工期。"
    people = _people(text)
    assert people["甘振邦"]["posts"] == []
    assert set(people["甘振邦"]["roles"]) == {"chair", "speaker"}


def test_time_word_between_name_and_verb():
    text = "省长褚立言今天主持召开省政府常务会议,研究稳就业工作。"
    people = _people(text)
    assert people["褚立言"]["posts"] == ["省长"]
    assert people["褚立言"]["roles"] == ["chair"]


def test_every_person_says_which_rule_found_it_and_how_sure_it_is():
    people = _people(TRAD)
    for p in people.values():
        assert p["rule"] in {"post-grammar", "model+post", "name-title", "roster", "model+roster",
                             "model+verb", "bare-name"}
        assert 0.0 <= p["confidence"] <= 1.0


def test_names_spaced_off_their_posts_and_each_other():
    text = ("会议由市委副书记、市长 鄢明达 主持。市领导 邱景明 骆一帆 钟兆林 出席会议。"
            "副县长 吉林 出席会议并讲话。")
    people = _people(text)
    assert people["鄢明达"]["posts"] == ["市委副书记", "市长"]
    assert people["鄢明达"]["roles"] == ["chair"]
    assert [people[n]["posts"] for n in ("邱景明", "骆一帆", "钟兆林")] == [["市领导"]] * 3
    assert people["吉林"]["posts"] == ["副县长"]


def test_names_listed_before_a_collective_label_share_it():
    text = "9月1日，縣委召開常委會。邱景明、駱一帆等縣領導出席會議。"
    people = _people(text)
    assert people["邱景明"]["posts"] == ["縣領導"]
    assert people["駱一帆"]["roles"] == ["attendee"]


def test_a_verb_after_a_title_is_not_read_as_a_name():
    people = _people("9月1日,市委召开常委会。梅国栋书记强调,要坚决扛起政治责任。")
    assert set(people) == {"梅国栋"}
    assert people["梅国栋"]["posts"] == ["书记"]
    assert people["梅国栋"]["roles"] == ["speaker"]


def test_bare_name_chairing_after_you_rules_only(monkeypatch):
    from luoshi.intake import names

    monkeypatch.setenv(names.ENV, "rules")
    names.reset()
    try:
        people = _people("5月9日,市政府召开常务会议。会议由范文韬主持。")
    finally:
        monkeypatch.delenv(names.ENV)
        names.reset()
    assert people["范文韬"]["roles"] == ["chair"]
    assert people["范文韬"]["rule"] == "bare-name"


def test_roster_intro_with_a_collective_label_gives_it_as_post():
    text = "9月3日,省政府召开全省防汛工作会议。省长贺云山出席会议并讲话。出席会议的省领导还有甘霖、司马长风。"
    people = _people(text)
    assert people["甘霖"]["posts"] == ["省领导"]
    assert people["司马长风"]["roles"] == ["attendee"]


def test_time_and_yu_between_name_and_verb_and_watching_at_a_branch_venue():
    text = ("市政府常务会议由市长屈国栋于日前在市行政中心主持召开。"
            "全省安全生产电视电话会议召开后,副市长雷振宇在我市分会场收听收看。")
    people = _people(text)
    assert people["屈国栋"]["roles"] == ["chair"]
    assert people["雷振宇"]["roles"] == ["attendee"]
    assert people["雷振宇"]["venue"] == "我市分会场"


def test_a_list_of_names_does_not_break_at_an_unusual_one():
    text = ("3月14日,省长岑立言主持召开省政府常务会议。省委常委、常务副省长卫东来,"
            "副省长苏晴、桂明远、龙在田,省政府秘书长汤一帆出席会议。")
    people = _people(text)
    assert people["龙在田"]["posts"] == ["副省长"]
    assert [people[n]["roles"] for n in ("卫东来", "苏晴", "桂明远", "龙在田", "汤一帆")] == [["attendee"]] * 5


def test_one_entrusted_to_explain_spoke_and_organisation_words_are_kept_whole():
    text = ("6月3日,省政协常委会会议开幕。会上,省政协常委、经济委员会副主任欧阳晓峰受委托"
            "作关于推动制造业高质量发展的说明。甘一鸣常委代表民建省委会发言,建议加快补链强链。")
    people = _people(text)
    assert people["欧阳晓峰"]["posts"] == ["省政协常委", "经济委员会副主任"]
    assert people["欧阳晓峰"]["roles"] == ["speaker"]
    assert people["甘一鸣"]["roles"] == ["speaker"]


def test_he_before_the_next_post_joins_two_parties():
    people = _people("5月3日,省政府召开会议。副省长柴明和省有关部门负责同志参加会议。")
    assert "柴明" in people and "柴明和" not in people


def test_comrade_between_a_bare_name_and_the_chair_and_comments_as_speech():
    people = _people("5月3日,市政府召开会议。会议由柴明远同志主持。市委书记甘霖对各单位汇报进行点评。")
    assert people["柴明远"]["roles"] == ["chair"]
    assert people["甘霖"]["roles"] == ["speaker"]


def test_according_to_someone_is_no_participant_but_a_data_bureau_is_an_organisation():
    text = ("5月3日,市政府召开新闻发布会。据市统计局局长柴明远介绍,一季度全市经济平稳。"
            "市大数据局局长戚少峰出席会议。")
    people = _people(text)
    assert "柴明远" not in people
    assert people["戚少峰"]["posts"] == ["市大数据局局长"]


def test_delegates_exchanging_views_are_no_speakers():
    # heldout2 001: …某某以及各省代表在会上作交流发言 — 代表 is the delegates, not "on behalf of"
    people = _people("5月6日,某流域防总年度工作会议在南宁召开。某流域防总副总指挥、某省副省长高远,"
                     "某流域防总副总指挥、某区副主席唐林以及各省代表在会上作交流发言。")
    assert people["高远"]["roles"] == ["exchange"]
    assert people["唐林"]["roles"] == ["exchange"]
    spoke = _people("5月6日,市防汛工作会议召开。市水利局局长高远代表市防指发言。")
    assert "speaker" in spoke["高远"]["roles"]
