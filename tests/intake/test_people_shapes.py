"""Participants in sentence shapes read on reports of other provinces and levels (texts
written for these tests, in both scripts; the people are fictional)."""

from __future__ import annotations

import opencc
import pytest

from luoshi.intake import names
from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert
_S2T = opencc.OpenCC("s2t").convert


def _people(text: str) -> dict[str, dict]:
    meeting = read_meetings(text, _T2S(text), None)[0][0]
    return {p["name"]: p for p in meeting["people"]}


@pytest.fixture(params=["model", "rules"])
def name_path(request, monkeypatch):
    """Run a test on the model path and on the rules-only path."""
    if request.param == "rules":
        monkeypatch.setenv(names.ENV, "rules")
    names.reset()
    yield request.param
    names.reset()


LECTURE = (
    "6月12日，市委理论学习中心组举行集体学习会。市委书记韦思源主持会议。"
    "中国工程院院士、东南大学教授范启明以“数字经济与制造业转型”为题作辅导报告，"
    "省社科院研究员邝丽娟作专题辅导。全国人大常委会原副委员长谭仲礼应邀出席。"
)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_lecturers_scholars_and_guests(script, name_path):
    text = LECTURE if script == "simplified" else _S2T(LECTURE)
    people = {_T2S(k): v for k, v in _people(text).items()}
    assert [_T2S(p) for p in people["范启明"]["posts"]] == ["中国工程院院士", "东南大学教授"]
    assert people["范启明"]["roles"] == ["speaker"]
    assert [_T2S(p) for p in people["邝丽娟"]["posts"]] == ["省社科院研究员"]
    assert people["邝丽娟"]["roles"] == ["speaker"]
    assert [_T2S(p) for p in people["谭仲礼"]["posts"]] == ["全国人大常委会原副委员长"]
    assert people["谭仲礼"]["roles"] == ["attendee"]


def test_impromptu_remarks_video_link_and_lecture_by_title(name_path):
    text = ("3月9日，省政府召开全省春耕生产视频会议。副省长钟明达主持会议。"
            "省农科院党委书记蓝卫国视频连线，省总工会主席 鲍红英 作了即席发言。"
            "省委党校教授符建新以“粮食安全”为题授课。")
    people = _people(text)
    assert people["蓝卫国"]["roles"] == ["attendee"]
    assert people["鲍红英"]["posts"] == ["省总工会主席"]
    assert people["鲍红英"]["roles"] == ["speaker"]
    assert people["符建新"]["roles"] == ["speaker"]


def test_names_with_a_middle_dot(name_path):
    text = ("4月2日，自治州人民政府召开第十次常务会议。州长买合木提·吾甫尔主持会议并讲话。"
            "副州长阿不都克力木·艾海提、卓玛·次仁出席会议。")
    people = _people(text)
    assert set(people["买合木提·吾甫尔"]["roles"]) == {"chair", "speaker"}
    assert people["阿不都克力木·艾海提"]["posts"] == ["副州长"]
    assert people["卓玛·次仁"]["roles"] == ["attendee"]


def test_posts_separated_by_spaces(name_path):
    text = "5月6日，市政府召開第八次常務會議。市委副書記　市長　滕志遠 主持會議。"
    people = _people(text)
    assert people["滕志遠"]["posts"] == ["市委副書記", "市長"]
    assert people["滕志遠"]["roles"] == ["chair"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_surname_and_title_refer_back_to_a_participant(script, name_path):
    text = ("7月1日，市政府召开安全生产专题会议。市委副书记、市长田润泽主持会议，市委书记王启航出席。"
            "副市长王志平通报有关情况。会上，田市长强调，要压实安全生产责任。"
            "王书记对下一步工作提出要求。李省长的批示要认真落实。")
    if script == "traditional":
        text = _S2T(text)
    people = {_T2S(k): v for k, v in _people(text).items()}
    assert set(people["田润泽"]["roles"]) == {"chair", "speaker"}
    # 王书记 is the secretary, not the vice mayor who shares his surname
    assert set(people["王启航"]["roles"]) == {"attendee", "speaker"}
    assert people["王志平"]["roles"] == ["speaker"]
    # no one new is made from a surname and a title
    assert set(people) == {"田润泽", "王启航", "王志平"}


def test_two_participants_with_surname_and_title_name_neither(name_path):
    text = ("7月1日，县政府召开防汛会议。副县长贺立新主持会议，副县长贺文斌出席。"
            "贺副县长强调，要做好值守。")
    people = _people(text)
    assert people["贺立新"]["roles"] == ["chair"]
    assert people["贺文斌"]["roles"] == ["attendee"]


def test_one_who_makes_an_important_speech_here_is_a_participant(name_path):
    text = ("7月24日下午，全省防汛视频调度会召开。省委书记严峻峰主持会议并作重要讲话，"
            "省长邹立言作工作安排。会议传达学习了省委书记严峻峰在全省会议上的重要讲话精神。"
            "视频会后，县长符一鸣对我县防汛工作提出要求。")
    people = _people(text)
    assert set(people["严峻峰"]["roles"]) == {"chair", "speaker"}
    assert people["邹立言"]["roles"] == ["speaker"]
    assert people["符一鸣"]["roles"] == ["speaker"]


def test_the_author_of_a_report_read_elsewhere_is_no_participant(name_path):
    text = ("1月30日，市政府召开常务会议，传达学习全省“两会”精神。会议指出，"
            "省委副书记、省长倪建华所作的政府工作报告，总结成绩客观实在。")
    assert "倪建华" not in _people(text)


def test_organising_a_meeting_is_chairing_it(name_path):
    text = ("6月27日，副市长、市防汛抗旱指挥部副指挥长聂海川组织召开全市防汛视频调度会。"
            "副县长冉春雷在分会场收看收听。")
    people = _people(text)
    assert people["聂海川"]["posts"] == ["副市长", "市防汛抗旱指挥部副指挥长"]
    assert people["聂海川"]["roles"] == ["chair"]
    assert people["冉春雷"]["roles"] == ["attendee"]


def test_model_name_run_into_the_next_roster_item():
    """副县长某某某县有关部门…: no separator after the name; the model and the surname rules
    agreeing on the name right after a post is enough (model path only)."""
    names.reset()
    if names.backend() == "rules":
        pytest.skip("name model not installed")
    text = ("6月27日，市防汛抗旱指挥部召开全市防汛工作视频调度会。"
            "副县长尹红涛洞口县有关部门单位负责人在分会场收看收听。")
    people = _people(text)
    assert people["尹红涛"]["posts"] == ["副县长"]
    assert people["尹红涛"]["roles"] == ["attendee"]


def test_a_long_list_before_a_label_keeps_an_unusual_name_and_rostrum_seats(name_path):
    text = ("2月4日下午，市八届人大三次会议举行预备会议。市人大常委会副主任卓海明、姚润生在主席台就座。"
            "钮志成、周胜会、蒯丽萍、桂永和等市领导出席。姚润生主持会议。")
    people = _people(text)
    assert people["卓海明"]["roles"] == ["attendee"]
    assert set(people["姚润生"]["roles"]) == {"attendee", "chair"}
    for name in ("钮志成", "周胜会", "蒯丽萍", "桂永和"):
        assert people[name]["posts"] == ["市领导"], name
        assert people[name]["roles"] == ["attendee"], name


def test_a_quoted_name_inside_an_organisation_stays_in_the_post(name_path):
    text = ("1月8日，主题教育总结大会在省城召开。省委常委、省“不忘初心、牢记使命”主题教育领导小组"
            "组长仇立新主持会议。")
    people = _people(text)
    assert people["仇立新"]["posts"] == ["省委常委", "省“不忘初心、牢记使命”主题教育领导小组组长"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_leaders_whose_words_are_only_cited_are_no_participants(script, name_path):
    text = ("5月6日，市政府召开常务会议。市长景宏图主持会议。会议指出，省委书记殷建业在调研时强调的要求，"
            "我们要抓好落实。会议强调，要深入贯彻省长符文彬在全省安全生产会议上提出的要求。")
    if script == "traditional":
        text = _S2T(text)
    people = {_T2S(k) for k in _people(text)}
    assert people == {"景宏图"}


def test_the_one_whose_report_is_heard_spoke_and_is_no_longer_a_name_with_guan(name_path):
    text = ("5月6日，市政府召开常务会议。市长景宏图主持会议。会议听取了副市长邵立关于防汛工作的汇报，"
            "研究政府工作报告修改工作。")
    people = _people(text)
    assert people["邵立"]["posts"] == ["副市长"]
    assert people["邵立"]["roles"] == ["speaker"]
    # 研究政府工作报告 is an agenda item, not a speech of the chair
    assert people["景宏图"]["roles"] == ["chair"]


def test_officials_of_several_provinces_in_one_list(name_path):
    text = ("10月11日，长三角合作与发展联席会议办公室会议在嘉兴召开。上海市发展改革委副主任阮晓青、"
            "江苏省发展改革委副主任汪海春、浙江省发展改革委副主任黄一勇、安徽省发展改革委巡视员余立群出席会议。"
            "余立群巡视员、阮晓青副主任、汪海春副主任、黄一勇副主任分别就下一步工作提出了要求。")
    people = _people(text)
    assert set(people) == {"阮晓青", "汪海春", "黄一勇", "余立群"}
    # every post printed next to the name, the title after it too
    assert people["汪海春"]["posts"] == ["江苏省发展改革委副主任", "副主任"]
    assert people["余立群"]["posts"] == ["安徽省发展改革委巡视员", "巡视员"]
    assert set(people["黄一勇"]["roles"]) == {"attendee", "speaker"}


def test_arranging_work_is_a_speech(name_path):
    text = ("9月26日下午，全市信访和安全稳定工作会议召开。市委书记杭立新主持会议并讲话，"
            "市长武振邦安排稳增长工作，市政协主席柏春华参加会议。")
    people = _people(text)
    assert people["武振邦"]["posts"] == ["市长"]
    assert people["武振邦"]["roles"] == ["speaker"]
    assert people["柏春华"]["roles"] == ["attendee"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_comrade_reporting_for_a_government_and_arriving_to_speak(script, name_path):
    text = ("12月16日上午，柳溪镇召开第十九届人民代表大会第一次会议。区委常委、政法委书记倪国栋到会并讲话。"
            "会议议程有两项：一是由宋立恒同志代表镇人民政府作政府工作报告。"
            "闭幕式上，镇党委书记石崇文同志讲了五点要求。")
    if script == "traditional":
        text = _S2T(text)
    people = {_T2S(k): v for k, v in _people(text).items()}
    assert set(people["倪国栋"]["roles"]) == {"attendee", "speaker"}
    assert people["宋立恒"]["roles"] == ["speaker"]
    assert people["石崇文"]["roles"] == ["speaker"]


def test_a_name_with_an_unusual_character_right_after_a_post(name_path):
    text = ("9月26日下午，全市工作会议召开。市委书记杭立新主持会议并讲话，市人大常委会主任景耀文、"
            "市政协主席鞠其智、市委副书记郁中会和市委常委出席会议。")
    people = _people(text)
    assert people["鞠其智"]["posts"] == ["市政协主席"]
    assert people["郁中会"]["posts"] == ["市委副书记"]
    for name in ("景耀文", "鞠其智", "郁中会"):
        assert people[name]["roles"] == ["attendee"], name


def test_two_character_names_padded_to_three(name_path):
    text = "3月2日，市政府召开常务会议。市长华立言主持会议，市领导汤　伟、屈　强、庞红梅出席会议。"
    people = _people(text)
    assert people["汤伟"]["posts"] == ["市领导"]
    assert people["屈强"]["roles"] == ["attendee"]
    assert people["庞红梅"]["roles"] == ["attendee"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_people_named_inside_what_was_said_are_cited_not_present(script, name_path):
    text = ("3月2日，市委召开常委会会议。市委书记华立言主持会议。会议指出，省委书记殷建业在全省领导干部"
            "会议上作重要讲话，对全省工作进行了部署。华立言指出，省长符文彬主持召开省政府常务会议，"
            "对防汛工作作出安排。")
    if script == "traditional":
        text = _S2T(text)
    people = {_T2S(k): v for k, v in _people(text).items()}
    assert set(people) == {"华立言"}
    assert set(people["华立言"]["roles"]) == {"chair", "speaker"}
