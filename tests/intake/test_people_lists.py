"""Participants in lists and posts as reports of other provinces and levels print them
(texts written for these tests, in both scripts; the people are fictional). Each shape was
seen on real pages listed in docs/intake-rules.md (People, "Lists and rosters")."""

from __future__ import annotations

import opencc
import pytest

from luoshi.intake import names
from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert
_S2T = opencc.OpenCC("s2t").convert


def _people(text: str) -> dict[str, dict]:
    """People of the first meeting, keyed and valued in Simplified whatever the script."""
    meeting = read_meetings(text, _T2S(text), None)[0][0]
    return {_T2S(p["name"]): {**p, "posts": [_T2S(x) for x in p["posts"]]} for p in meeting["people"]}


def _both(text: str, script: str) -> str:
    return text if script == "simplified" else _S2T(text)


@pytest.fixture(params=["model", "rules"])
def name_path(request, monkeypatch):
    """Run a test on the model path and on the rules-only path."""
    if request.param == "rules":
        monkeypatch.setenv(names.ENV, "rules")
    names.reset()
    yield request.param
    names.reset()


HEADQUARTERS = (
    "3月2日，市委副书记、市长、市应对突发公共卫生事件应急指挥部指挥长甘泽民主持召开指挥部第九次会议，"
    "听取各工作组情况汇报。\n"
    "市领导、市应对突发公共卫生事件应急指挥部副指挥长谢秋阳、吉克伍呷、铁宁、洛桑多吉、"
    "买买提·吐尔逊、曹立新出席会议。\n会议指出，要抓紧抓实各项防控措施。"
)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_list_goes_on_through_names_the_surname_rules_do_not_know(script, name_path):
    people = _people(_both(HEADQUARTERS, script))
    listed = ["谢秋阳", "吉克伍呷", "铁宁", "洛桑多吉", "买买提·吐尔逊", "曹立新"]
    assert set(listed) <= set(people)
    for name in listed:
        # the collective label before the post chain is a post too; 应对 does not cut the organisation
        assert people[name]["posts"] == ["市领导", "市应对突发公共卫生事件应急指挥部副指挥长"], name
        assert people[name]["roles"] == ["attendee"], name
    assert people["甘泽民"]["posts"] == ["市委副书记", "市长", "市应对突发公共卫生事件应急指挥部指挥长"]
    assert people["甘泽民"]["roles"] == ["chair"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_list_stops_at_what_is_no_name(script, name_path):
    text = _both("5月8日，县政府召开防汛工作会议。副县长尹志坚、罗雪梅、县水利局、县应急局主要负责人参加会议。", script)
    people = _people(text)
    assert set(people) == {"尹志坚", "罗雪梅"}
    assert people["罗雪梅"]["roles"] == ["attendee"]


def test_a_list_ending_in_an_unread_item_is_no_list(name_path):
    # 某某、某某 with no name the rules read after them: nothing vouches for the items
    text = "9月3日，市政府召开专题会议。市领导宁泽远、洛桑多吉、扎西次仁，以及各县区负责人参加会议。"
    people = _people(text)
    assert set(people) == {"宁泽远"}
    assert people["宁泽远"]["roles"] == ["attendee"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_presiding_officer_of_a_presidium_meeting_is_a_post(script, name_path):
    text = _both("1月5日下午，市政协六届一次会议主席团举行第一次会议，会议由主席团会议主持人秦国梁主持。"
                 "会议审议通过了大会日程。", script)
    people = _people(text)
    assert people["秦国梁"]["posts"] == ["主席团会议主持人"]
    assert people["秦国梁"]["roles"] == ["chair"]


def test_posts_separated_by_a_list_mark_and_a_space(name_path):
    text = ("2月7日上午，市长韩立诚主持召开全市疫情防控工作专题会议。市委常委、 常务副市长 邹建平传达"
            "全省视频会议精神，就下一步工作进行安排部署。")
    people = _people(text)
    assert people["邹建平"]["posts"] == ["市委常委", "常务副市长"]
    assert people["邹建平"]["roles"] == ["speaker"]


HEARD = (
    "3月4日上午，市人大常委会举行第二十次主任会议。市人大常委会主任钱立岗主持会议。"
    "会议听取了市人大常委会秘书长柯永年作的关于市十七届人大三次会议议程草案、主席团和秘书长名单草案"
    "审议情况的汇报。会议还听取了市人大法制委员会主任委员邬春兰关于物业管理条例草案修改情况的说明，"
    "听取了市政协副主席兼秘书长伍德安就有关议题所作的说明。"
    "会议学习了市长蒲振华所作的政府工作报告。"
)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_one_whose_report_the_meeting_heard_spoke(script, name_path):
    people = _people(_both(HEARD, script))
    for name in ("柯永年", "邬春兰", "伍德安"):
        assert people[name]["roles"] == ["speaker"], name
    assert people["柯永年"]["posts"] == ["市人大常委会秘书长"]
    assert people["邬春兰"]["posts"] == ["市人大法制委员会主任委员"]
    # a report studied, not heard, keeps its author out (dev/037)
    assert "蒲振华" not in people


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_giving_views_and_suggestions_is_speaking(script, name_path):
    text = _both(
        "2月3日，全市疫情防控工作专题会议召开。市委书记潘景山主持会议。"
        "市领导鲁志宏、柏雪芳、阎冬生，以及市法院院长祁永安分别就卡点设置、物资供应等内容提出意见和建议。"
        "市领导温新民、戚春燕出席会议并讲具体意见。", script)
    people = _people(text)
    for name in ("鲁志宏", "柏雪芳", "阎冬生", "祁永安"):
        assert people[name]["roles"] == ["speaker"], name
    assert people["祁永安"]["posts"] == ["市法院院长"]
    assert set(people["温新民"]["roles"]) == {"attendee", "speaker"}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_comma_after_the_chair_keeps_the_roles_of_the_first_clause(script, name_path):
    text = _both(
        "3月30日，市委副书记、市长、市防汛抗旱指挥部指挥长晏明哲，主持召开市防汛抗旱指挥部第三次会议，"
        "传达贯彻省相关会议精神，听取各工作组情况汇报，安排部署下一步重点工作。"
        "会议指出，要压实防汛责任。", script)
    people = _people(text)
    assert people["晏明哲"]["roles"] == ["chair"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_sentence_without_subject_after_the_chairs_sentence_is_the_chairs(script, name_path):
    text = _both(
        "7月21日晚，县政协主席、城区防汛指挥所政委聂红英主持召开城区防汛紧急会议，听取各成员单位情况汇报，"
        "安排部署下步重点工作。要求各成员单位立足防大汛抢大险，修订完善应急预案。"
        "县领导葛文涛出席会议。", script)
    people = _people(text)
    assert set(people["聂红英"]["roles"]) == {"chair", "speaker"}
    assert people["葛文涛"]["roles"] == ["attendee"]


def test_a_sentence_without_subject_after_what_the_meeting_did_is_the_meetings(name_path):
    text = ("2月26日下午，市委副书记、市长温庭岳主持召开市政府第37次常务会议，研究经济社会发展工作。"
            "会议研究了全市公路沿线环境综合整治方案。强调，要抬高标准、健全机制。")
    people = _people(text)
    assert people["温庭岳"]["roles"] == ["chair"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_demands_listed_at_length_after_the_name_are_a_speech(script, name_path):
    text = _both(
        "2月14日晚，市委书记梅元朗主持召开市委常委会会议。市委副书记、市长鄢立新等市委常委出席会议。"
        "鄢立新对节后复工复产和疫情防控提出了隔离场所要严控、学校防控措施要严管、返岗防控要抓实等具体要求。",
        script)
    people = _people(text)
    assert set(people["鄢立新"]["roles"]) == {"attendee", "speaker"}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_list_ends_where_the_next_persons_post_begins(script, name_path):
    # 赖 is a common surname; 扎西次仁 is no surname the rules know: either way the list of
    # the first post ends at the next post, and both share the verb at the end
    text = _both("6月3日，市政府召开城市更新工作会议。副市长苗国栋、赖淑珍、扎西次仁、秘书长邝文斌、"
                 "副秘书长简海燕出席会议。", script)
    people = _people(text)
    for name in ("苗国栋", "赖淑珍", "扎西次仁"):
        assert people[name]["posts"] == ["副市长"], name
        assert people[name]["roles"] == ["attendee"], name
    assert people["邝文斌"]["posts"] == ["秘书长"]
    assert people["简海燕"]["posts"] == ["副秘书长"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_four_character_name_right_after_a_post(script, name_path):
    text = _both("7月19日，州委州政府召开老干部情况通报会。州委副书记、州长沙马拉铁作通报。"
                 "州委常委、组织部长蓝卫东主持。", script)
    people = _people(text)
    assert people["沙马拉铁"]["posts"] == ["州委副书记", "州长"]
    assert people["沙马拉铁"]["roles"] == ["speaker"]
    assert people["蓝卫东"]["roles"] == ["chair"]


def test_a_name_before_a_verb_that_is_no_verb_of_names_is_not_stretched(name_path):
    # four characters only before a verb: 李强带队 is no name
    text = "5月2日，市政府召开防汛会议。副市长温立强带队，赴各水库检查。副市长温立强主持会议。"
    people = _people(text)
    assert set(people) == {"温立强"}


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_bare_name_at_the_main_venue(script, name_path):
    text = _both("9月28日，全国民族团结进步表彰大会在北京召开。我省设立分会场，省领导詹立文、邹晓红在分会场"
                 "参加会议。鲍国庆在北京主会场参加会议。", script)
    people = _people(text)
    assert people["鲍国庆"]["roles"] == ["attendee"]
    assert people["鲍国庆"]["posts"] == []
    assert _T2S(people["鲍国庆"]["venue"]) == "北京主会场"
    assert people["邹晓红"]["posts"] == ["省领导"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_an_unknown_surname_with_he_in_the_given_name_stays_in_the_list(script, name_path):
    text = _both("1月8日下午，区人大常委会举行第22次会议。区人大常委会党组书记、常务副主任闵芳主持会议，"
                 "副主任邰庚生、丁雪俊、征书和、晏学坤出席会议。", script)
    people = _people(text)
    for name in ("邰庚生", "丁雪俊", "征书和", "晏学坤"):
        assert people[name]["posts"] == ["副主任"], name
        assert people[name]["roles"] == ["attendee"], name


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_clause_led_by_bing_goes_on_with_the_same_subject(script, name_path):
    text = _both("10月18日，县委举办领导干部大讲堂。县委常委、组织部部长祁志强主持会议，"
                 "并就贯彻会议精神讲了具体意见。县政协主席闻立新出席会议，同时参加分组讨论。", script)
    people = _people(text)
    assert set(people["祁志强"]["roles"]) == {"chair", "speaker"}
    assert people["闻立新"]["roles"] == ["attendee"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_names_with_shi_xiang_yu_and_surnames_once_missing(script, name_path):
    # 时/向/于 are words elsewhere but given names right after a post; 洪 and 籍 are surnames
    text = _both("5日晚，县第十六届人大五次会议举行主席团第一次会议。县委书记、县人大常委会主任洪春存，"
                 "县委副书记、县长俞世明，县人大常委会常务副主任籍自成，县政协主席李海祥等出席会议，"
                 "会议由副县长王向荣主持。县委副书记、常务副县长张时民列席会议。", script)
    people = _people(text)
    assert set(people) == {"洪春存", "俞世明", "籍自成", "李海祥", "王向荣", "张时民"}
    for name in ("洪春存", "俞世明", "籍自成", "李海祥"):
        assert people[name]["roles"] == ["attendee"], name
    assert people["王向荣"]["roles"] == ["chair"]
    assert people["张时民"]["posts"] == ["县委副书记", "常务副县长"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_day_of_the_month_right_after_the_name(script, name_path):
    text = _both("新华社北京12月22日电 全国政协主席柏正东22日下午主持召开第三十八次主席会议。"
                 "全国政协副主席兼秘书长邵庆林，全国政协副秘书长常荣生、刘家明，分别就有关议题作了说明。", script)
    people = _people(text)
    assert people["柏正东"]["posts"] == ["全国政协主席"]
    assert people["柏正东"]["roles"] == ["chair"]
    for name in ("邵庆林", "常荣生", "刘家明"):
        assert people[name]["roles"] == ["speaker"], name


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_nominee_is_a_post_and_keeps_the_people_before_him(script, name_path):
    # one person the grammar cannot read used to cost the roles of everyone before him
    text = _both("6日，区政协七届一次会议召开主席团第一次会议。区六届政协主席石含章，"
                 "区政协党组书记、七届政协主席提名人选朱永年，区委副书记张玉成参加会议。", script)
    people = _people(text)
    assert people["朱永年"]["posts"] == ["区政协党组书记", "七届政协主席提名人选"]
    for name in ("石含章", "朱永年", "张玉成"):
        assert people[name]["roles"] == ["attendee"], name


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_report_made_to_the_congress_on_behalf_of_the_government_was_heard(script, name_path):
    text = _both("8月30日下午，区第十八届人民代表大会第八次会议开幕。会议由区人大常委会主任陈丽琴主持。"
                 "会议听取了区人民政府代理区长杨立帆代表区人民政府向大会作的上半年经济社会发展情况的报告。", script)
    people = _people(text)
    assert people["杨立帆"]["roles"] == ["speaker"]
    assert people["杨立帆"]["posts"] == ["区人民政府代理区长"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_bare_name_seated_on_the_rostrum(script, name_path):
    text = _both("8月21日下午，区政协第十五届委员会第四次会议开幕。开幕会由区政协主席董志宏主持。"
                 "甘南生在主席台前排就座。", script)
    people = _people(text)
    assert people["甘南生"]["roles"] == ["attendee"]
    assert people["董志宏"]["roles"] == ["chair"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_one_unread_person_in_a_list_does_not_cost_the_others_their_roles(script, name_path):
    # 候补者 is no title the grammar knows: that person is lost, not those listed around him,
    # and 区政协 (区 is a surname) is never read as a name before 党组书记
    text = _both("6日，区政协召开主席团会议。区六届政协主席石含章，区政协党组书记、七届政协主席候补者朱永年，"
                 "区委副书记张玉成参加会议。", script)
    people = _people(text)
    assert set(people) == {"石含章", "张玉成"}
    assert people["石含章"]["roles"] == ["attendee"]


def test_a_person_with_a_verb_of_his_own_between_does_not_pass_roles_on(name_path):
    text = ("6日，区政协召开主席团会议。区六届政协主席石含章，区政协党组书记、七届政协主席候补者朱永年在会上，"
            "区委副书记张玉成参加会议。")
    people = _people(text)
    assert "石含章" not in people


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_an_invited_lecturer_and_county_leaders_giving_views(script, name_path):
    text = _both("昨天下午，县委召开中心组（扩大）学习会，邀请了省委宣讲团成员、省社科院研究员周锦荣，"
                 "就学习贯彻全会精神作了专题辅导。会上，夏侯云、刘小松、黄邕斌等县领导分别就做好当前工作"
                 "提出了意见和建议。", script)
    people = _people(text)
    assert people["周锦荣"]["posts"] == ["省委宣讲团成员", "省社科院研究员"]
    assert people["周锦荣"]["roles"] == ["speaker"]
    for name in ("夏侯云", "刘小松", "黄邕斌"):
        assert people[name]["posts"] == ["县领导"], name
        assert people[name]["roles"] == ["speaker"], name


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_bare_names_set_off_by_commas_after_a_post_share_it(script, name_path):
    text = _both("10月21日晚，县政府召开疫情防控工作调度会。县长蒋立东主持会议。副县长、公安局局长侯志海，"
                 "副县长孙菁雯，黄旺生，回彬，吕振华，各乡镇、各有关部门主要负责人参加会议。", script)
    people = _people(text)
    for name in ("孙菁雯", "黄旺生", "回彬", "吕振华"):
        assert people[name]["posts"] == ["副县长"], name
        assert people[name]["roles"] == ["attendee"], name
    assert people["侯志海"]["posts"] == ["副县长", "公安局局长"]


def test_a_name_after_a_comma_that_has_its_own_verb_is_a_new_clause(name_path):
    text = "3月2日，市政府召开专题会议。市长韩立诚，柯文杰主持会议。"
    people = _people(text)
    assert people["韩立诚"]["posts"] == ["市长"]
    assert people["柯文杰"]["posts"] == []
    assert people["柯文杰"]["roles"] == ["chair"]
