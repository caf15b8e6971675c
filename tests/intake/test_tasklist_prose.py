"""Key-task list shapes where the units stand in the task's prose or in a general note
(docs/intake-rules.md, Key-task lists, "Units in the prose"): fictional lists in both
scripts, read end to end.

- a note, in any wording, that the first unit listed leads (列第一位者为牵头或汇总单位,
  排在第一位的为牵头单位, 列在首位的單位為牽頭單位);
- the units inside the item's first sentence, after the task's name
  (某某专项整治,由X、Y部门负责,有关部门配合。要…): the task keeps its name and the rest;
- one numbered point whose first sentence names units is no list (a meeting report's point).
"""

from __future__ import annotations

import datetime as dt

import opencc
import pytest

from luoshi.intake import tasklist
from luoshi.intake.sentences import matching_text, split_sentences

_T2S = opencc.OpenCC("t2s").convert
_S2T = opencc.OpenCC("s2t").convert


def _read(text: str) -> dict | None:
    s = matching_text(text, _T2S(text))
    return tasklist.read_tasklist(text, s, split_sentences(s), dt.date(2025, 3, 1))


def _tasks(text: str) -> list[tuple[str, list[str], list[str], str]]:
    meeting = _read(text)
    assert meeting is not None, "not read as a key-task list"
    return [(d["text"], d["lead"], d["support"], d["rule"]) for d in meeting["directives"]
            if d["rule"] != "notice"]


def _first_listed(statement: str) -> str:
    return (
        "青禾县人民政府办公室关于印发2025年县政府重点工作责任分解的通知\n"
        "各乡镇人民政府,县政府各部门:\n"
        "现将责任分解印发给你们,请认真组织实施。\n"
        "1.建成县域物流配送中心,打通农村快递末端网点。\n"
        f"责任单位:县商务局、县交通运输局、县邮政管理局({statement},下同)\n"
        "2.新改建农村公路80公里,完成危桥改造12座。\n"
        "责任单位:县交通运输局、县财政局\n"
        "3.新增城镇就业2200人。\n"
        "责任单位:县人力社保局\n"
    )


@pytest.mark.parametrize("statement", [
    "列第一位者为牵头或汇总单位", "排在第一位的为牵头单位", "第一个单位为牵头单位",
    "列在首位的单位是牵头单位"])
@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_note_in_any_wording_makes_the_first_listed_unit_lead(statement, script):
    text = _first_listed(statement)
    tasks = _tasks(_S2T(text) if script == "traditional" else text)
    leads = [_T2S("".join(lead)) for _t, lead, _s, _r in tasks]
    supports = [[_T2S(u) for u in support] for _t, _l, support, _r in tasks]
    assert leads == ["县商务局", "县交通运输局", "县人力社保局"]
    assert supports[0] == ["县交通运输局", "县邮政管理局"]
    assert supports[1] == ["县财政局"]
    assert supports[2] == []


def test_without_such_a_note_every_responsible_unit_leads():
    text = _first_listed("请各单位按时报送进展")
    tasks = _tasks(text)
    assert tasks[0][1] == ["县商务局", "县交通运输局", "县邮政管理局"]
    assert tasks[0][2] == []


PROSE = (
    "某市人民政府关于开展冬季安全生产专项整治的通知\n"
    "各区人民政府,市政府各部门:\n"
    "为做好今冬明春安全生产工作,市政府决定开展以下专项整治。\n"
    "(一)道路运输安全专项整治,由公安、交通运输部门负责,有关部门配合。要严查超速超载、"
    "疲劳驾驶等违法行为,加强客运车辆动态监控。\n"
    "(二)燃气安全专项整治,由市城管局牵头,各区人民政府负责落实。全面排查餐饮场所燃气管线,"
    "限期整改隐患。\n"
    "(三)校园安全专项整治,由教育部门负责,有关部门配合。开展校舍安全排查。\n"
)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_units_inside_the_first_sentence_of_each_item(script):
    text = _S2T(PROSE) if script == "traditional" else PROSE
    tasks = [(_T2S(t), [_T2S(u) for u in lead], [_T2S(u) for u in support], rule)
             for t, lead, support, rule in _tasks(text)]
    assert [t[3] for t in tasks] == ["note:inner"] * 3
    first, second, third = tasks
    assert first[0].startswith("道路运输安全专项整治。要严查超速超载")
    assert "由公安" not in first[0] and "配合" not in first[0]
    assert first[1] == ["公安", "交通运输部门"] and first[2] == ["有关部门"]
    # X牵头,Y负责落实: the named lead leads, the responsible units support it
    assert second[1] == ["市城管局"] and second[2] == ["各区人民政府"]
    assert second[0].startswith("燃气安全专项整治。全面排查")
    assert third[1] == ["教育部门"] and third[2] == ["有关部门"]


def test_a_first_clause_that_is_no_unit_note_makes_no_task():
    text = (
        "(一)农村公路建设,由于资金到位较晚,进度滞后。要加快拨付。\n"
        "(二)河道清淤工作,由于汛期提前,部分工程暂停。要抓紧复工。\n"
    )
    assert _read(text) is None


def test_one_point_of_a_meeting_report_is_no_list():
    text = (
        "3月5日,市政府召开常务会议,市长李明主持。\n"
        "会议指出,要抓好春季农业生产。\n"
        "一、春耕备耕工作,由市农业农村局牵头,各县区政府配合。要及早调运农资。\n"
    )
    assert _read(text) is None


DIVISION_LINES = (
    "某县城乡环境综合整治行动方案\n"
    "四、职责分工\n"
    "1.县公安局:负责查处占道经营中的治安违法行为,维护整治现场秩序。\n"
    "2.县市场监管局、县商务局:负责查处无照经营和违规促销行为。\n"
    "3.县城管局:负责整治行动的组织协调。推动各单位落实整治任务。\n"
    "4.各乡镇人民政府:落实属地责任,制定辖区整治方案。\n"
)

DIVISION_SENTENCES = (
    "日前,某市启动冬季十大行业领域安全生产专项整治。整治为期三个月。\n"
    "市应急管理局牵头,负责组织开展对危险化学品领域的专项整治工作。市公安局牵头,负责组织开展对"
    "道路交通领域的专项整治工作。市教育局牵头,负责组织开展对校园安全领域的专项整治工作。\n"
)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_division_of_labour_a_unit_a_line(script):
    text = _S2T(DIVISION_LINES) if script == "traditional" else DIVISION_LINES
    tasks = [(_T2S(t), [_T2S(u) for u in lead], support, rule) for t, lead, support, rule in _tasks(text)]
    assert [t[1] for t in tasks] == [["县公安局"], ["县市场监管局", "县商务局"], ["县城管局"], ["各乡镇人民政府"]]
    assert all(t[2] == [] and t[3] == "note:division" for t in tasks)
    # the duty is the rest of the unit's line, without the unit
    assert tasks[2][0] == "负责整治行动的组织协调。推动各单位落实整治任务。"
    assert tasks[3][0].startswith("落实属地责任")


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_division_of_labour_a_unit_a_sentence(script):
    text = _S2T(DIVISION_SENTENCES) if script == "traditional" else DIVISION_SENTENCES
    tasks = [(_T2S(t), [_T2S(u) for u in lead]) for t, lead, _s, _r in _tasks(text)]
    assert [lead for _t, lead in tasks] == [["市应急管理局"], ["市公安局"], ["市教育局"]]
    assert tasks[1][0] == "负责组织开展对道路交通领域的专项整治工作。"


def test_two_units_with_duties_are_no_list():
    text = (
        "3月5日,市政府召开常务会议。\n"
        "会议决定开展春季植树活动。\n"
        "市林业局:负责苗木调运。\n"
        "市团委:负责组织志愿者。\n"
    )
    assert _read(text) is None


def test_speakers_with_colons_are_no_division_of_labour():
    text = (
        "座谈会上,与会同志踊跃发言。\n"
        "县长王海:负责同志要带头深入一线。\n"
        "副县长刘平:落实好春耕备耕各项措施。\n"
        "县委办主任赵明:组织好后续督查。\n"
    )
    assert _read(text) is None
