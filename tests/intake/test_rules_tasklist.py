"""Key-task lists: numbered tasks with lead and supporting units (fictional lists)."""

from __future__ import annotations

import datetime as dt

import opencc
import pytest

from luoshi.intake import tasklist
from luoshi.intake.sentences import matching_text, split_sentences

_T2S = opencc.OpenCC("t2s").convert

LIST = """青州市人民政府办公室关于印发2024年重点工作任务分工方案的通知
各县(市、区)人民政府,市直各部门:
现将《2024年重点工作任务分工方案》印发给你们,请认真贯彻落实。
一、稳定经济增长
1.扩大有效投资,全年实施重点项目200个。(市发展改革委牵头,市财政局、市自然资源局配合)
2.促进消费持续恢复。(市商务局、各县(市、区)人民政府负责)
3.加强要素保障。
牵头单位:市自然资源局
责任单位:市生态环境局,市住房城乡建设局
4.建设城市更新项目。
二、保障改善民生
(一)稳定就业。〔责任单位:市人力资源社会保障局、市教育局按职责分工负责。〕
"""


def _read(text: str, title: str = "") -> dict | None:
    s = matching_text(text, _T2S(text))
    return tasklist.read_tasklist(text, s, split_sentences(s), dt.date(2024, 3, 1), title=title)


def _tasks(text: str, title: str = "") -> tuple[str, list[dict]]:
    meeting = _read(text, title)
    assert meeting is not None
    return meeting["body"], [d for d in meeting["directives"] if d["rule"] != "notice"]


def test_issuer_and_tasks_with_units():
    body, tasks = _tasks(LIST)
    assert body == "青州市人民政府办公室"
    assert [t["text"] for t in tasks] == [
        "扩大有效投资,全年实施重点项目200个。", "促进消费持续恢复。", "加强要素保障。", "稳定就业。"]
    assert tasks[0]["lead"] == ["市发展改革委"]
    assert tasks[0]["support"] == ["市财政局", "市自然资源局"]
    # 、 inside parentheses does not split; 负责 alone means lead
    assert tasks[1]["lead"] == ["市商务局", "各县(市、区)人民政府"]
    assert tasks[1]["support"] == []
    # 责任单位 next to 牵头单位 is support
    assert tasks[2]["lead"] == ["市自然资源局"]
    assert tasks[2]["support"] == ["市生态环境局", "市住房城乡建设局"]
    assert tasks[3]["lead"] == ["市人力资源社会保障局", "市教育局"]


def test_every_task_says_which_rule_read_its_units_and_how_sure_it_is():
    _body, tasks = _tasks(LIST)
    assert [t["rule"] for t in tasks] == ["note:inline", "note:inline", "note:line", "note:inline"]
    assert all(0.0 <= t["confidence"] <= 1.0 for t in tasks)


def test_headings_and_tasks_without_units_are_left_out():
    _body, tasks = _tasks(LIST)
    texts = [t["text"] for t in tasks]
    assert "稳定经济增长" not in texts and "建设城市更新项目。" not in texts


def test_first_listed_unit_leads_when_the_document_says_so_traditional():
    text = ("（一）推進政務服務“一網通辦”。\n責任單位：市政務服務局、市大數據局（第一責任單位為牽頭單位，下同）\n"
            "時限要求：持續推進\n（二）壓減審批時限。\n責任單位：市政務服務局、市司法局\n")
    _body, tasks = _tasks(text)
    assert [(t["lead"], t["support"]) for t in tasks] == [
        (["市政務服務局"], ["市大數據局"]), (["市政務服務局"], ["市司法局"])]
    assert {t["rule"] for t in tasks} == {"first-leads"}


def test_first_listed_leads_in_other_words_but_not_where_the_note_names_its_leads():
    text = ("1.完善冷链物流网络。\n责任单位:县商务局、县交通运输局、县农业农村局(排在首位的为牵头单位,下同)\n"
            "2.稳定重要农产品价格,居民消费价格涨幅控制在3%左右。\n责任单位:县发展改革局、县市场监管局分别牵头\n")
    _body, tasks = _tasks(text)
    assert tasks[0]["lead"] == ["县商务局"] and tasks[0]["support"] == ["县交通运输局", "县农业农村局"]
    # 分别牵头: both lead, and 分别 is no part of a unit
    assert tasks[1]["lead"] == ["县发展改革局", "县市场监管局"] and tasks[1]["support"] == []


def test_responsible_units_after_a_lead_support_it():
    text = ("1.推行涉企证照电子化。(市数据局、市市场监管局牵头,市直有关部门及各区政府按职责分工负责)\n"
            "2.清理规范中介服务收费。(牵头单位:市发展改革委;责任单位:市财政局等有关部门)\n")
    _body, tasks = _tasks(text)
    assert tasks[0]["lead"] == ["市数据局", "市市场监管局"]
    assert tasks[0]["support"] == ["市直有关部门", "各区政府"]
    # X等有关部门: the unit and the collective are two entries
    assert tasks[1]["support"] == ["市财政局", "有关部门"]


def test_verbs_of_support_and_a_unit_marked_as_lead():
    text = ("1.建设智慧停车平台。(县住房城乡建设局牵头,县公安局、县城管局参与)\n"
            "2.推广新能源公交车。〔责任单位:县交通运输局(牵头)、县财政局〕\n"
            "3.开展消防安全排查。(县应急局为牵头单位,各乡镇为配合单位)\n")
    _body, tasks = _tasks(text)
    assert [(t["lead"], t["support"]) for t in tasks] == [
        (["县住房城乡建设局"], ["县公安局", "县城管局"]),
        (["县交通运输局"], ["县财政局"]),
        (["县应急局"], ["各乡镇"]),
    ]


def test_a_note_run_on_after_the_task_and_a_deadline_in_the_note():
    text = ("(1)修订政府投资项目管理办法。牵头单位:区发展改革局;配合单位:区财政局;完成时限:2024年6月底前\n"
            "(2)推进老旧小区改造。牵头单位:区住房城乡建设局\n")
    _body, tasks = _tasks(text)
    assert tasks[0]["text"] == "修订政府投资项目管理办法。"
    assert (tasks[0]["lead"], tasks[0]["support"]) == (["区发展改革局"], ["区财政局"])
    assert tasks[0]["deadline"]["value"] == "2024-06-30"
    assert (tasks[1]["text"], tasks[1]["lead"]) == ("推进老旧小区改造。", ["区住房城乡建设局"])


def test_a_note_cut_off_by_the_end_of_the_text_makes_no_task():
    text = "1.提高城市绿化覆盖率。\n责任单位:市林业局\n2.建成口袋公园30个。\n责任单位:市"
    _body, tasks = _tasks(text)
    assert [t["text"] for t in tasks] == ["提高城市绿化覆盖率。"]
    _body, tasks = _tasks("1.建成口袋公园30个。\n责任单位:市住房城乡建设局、市园")
    assert tasks[0]["lead"] == ["市住房城乡建设局"]
    # a last note that ends in a full stop is whole, even with units not ending in 局/委/办
    _body, tasks = _tasks("1.提高口岸通关效率。\n责任单位:北港海关、市口岸办。\n")
    assert tasks[0]["lead"] == ["北港海关", "市口岸办"]


def test_an_unnumbered_paragraph_with_a_note_is_a_task():
    text = ("加快建设南湖科创走廊,引进研发机构5家以上。\n牵头单位:市科技局\n配合单位:市财政局\n"
            "健全企业服务专员制度,做到问题件件有回音。(市工业和信息化局负责)\n")
    _body, tasks = _tasks(text)
    assert [(t["lead"], t["support"], t["rule"]) for t in tasks] == [
        (["市科技局"], ["市财政局"], "note:paragraph"), (["市工业和信息化局"], [], "note:paragraph")]


def test_shared_suffix_and_leaders_are_not_split_or_kept():
    text = "1.建设西环高速公路。(省交通运输厅、相关市、县政府负责)\n2.建设南站枢纽。\n分管省领导:某某\n牵头单位:省发展改革委\n"
    _body, tasks = _tasks(text)
    assert tasks[0]["lead"] == ["省交通运输厅", "相关市、县政府"]
    assert tasks[1]["lead"] == ["省发展改革委"]


def test_a_note_after_sub_items_covers_all_of_them():
    text = ("1.完善应急预案体系\n(1)修订总体应急预案。\n(2)开展预案演练。\n"
            "(责任单位:市应急局、各县(市、区)人民政府)\n2.加强队伍建设\n(1)组建专业救援队。\n牵头单位:市消防救援支队\n")
    _body, tasks = _tasks(text)
    assert [t["text"] for t in tasks] == ["修订总体应急预案。", "开展预案演练。", "组建专业救援队。"]
    assert tasks[0]["lead"] == ["市应急局", "各县(市、区)人民政府"]
    assert tasks[0]["rule"] == "note:group"


def test_the_notices_requirements_are_directives_but_its_purpose_is_not():
    text = ("各镇人民政府,县政府各部门:\n为确保各项任务落到实处,现将分工方案印发给你们,并提出如下要求:\n"
            "一、各责任单位要细化工作措施,于2月底前报县政府办公室。\n"
            "二、县督查室要定期通报进展情况。\n"
            "2024年重点工作分工方案\n1.扩大农业保险覆盖面。\n责任单位:县农业农村局\n")
    meeting = _read(text)
    notice = [d for d in meeting["directives"] if d["rule"] == "notice"]
    assert [d["text"] for d in notice] == ["各责任单位要细化工作措施,于2月底前报县政府办公室。",
                                           "县督查室要定期通报进展情况。"]


@pytest.mark.parametrize(("text", "title", "body"), [
    (LIST, "", "青州市人民政府办公室"),
    # the title the pipeline took out of the text, in Traditional, with a label before it
    ("1.推進鄉村振興。(縣農業農村局負責)\n", "名 稱: 柳河縣人民政府辦公室 關於印發重點工作分工的通知", "柳河縣人民政府辦公室"),
    ("1.推進鄉村振興。(縣農業農村局負責)\n", "柳河縣人民政府關於促進就業的實施意見", "柳河縣人民政府"),
    ("據報道,近日,南岭省人民政府发布关于重点工作分工的通知。\n1.稳定粮食生产。(省农业农村厅负责)\n", "", "南岭省人民政府"),
    ("1.稳定粮食生产。(市农业农村局负责)\n", "市政府2024年重点工作推进情况表", "市政府"),
    ("1.稳定粮食生产。(区农业农村局负责)\n", "2024年区《政府工作报告》重点任务分解", ""),
])
def test_the_issuing_body_comes_from_the_title_the_notice_or_an_announcement(text, title, body):
    assert _tasks(text, title)[0] == body


def test_a_table_written_one_cell_a_line_is_read_by_its_row_numbers():
    text = ("1\n全年新增城镇就业1.2万人。\n一季度新增3100人,完成全年的26%。\n县人力资源社会保障局\n"
            "2\n新建改建农村公路80公里。\n已完成前期工作。\n县交通运输局、各乡镇\n"
            "3\n建成数字乡村示范点。\n已启动\n县农")
    _body, tasks = _tasks(text)
    assert [(t["text"], t["lead"], t["rule"]) for t in tasks] == [
        ("全年新增城镇就业1.2万人。", ["县人力资源社会保障局"], "note:column"),
        ("新建改建农村公路80公里。", ["县交通运输局", "各乡镇"], "note:column"),
    ]


def test_a_table_pasted_with_tabs_is_read_by_its_header():
    text = ("序号\t重点任务\t责任单位\t配合单位\t完成时限\n"
            "1\t建设城东污水处理厂\t县水利局\t县生态环境局\t2024年10月底前\n"
            "2\t整治黑臭水体\t县生态环境局、县水利局\t各乡镇\t年底前\n")
    _body, tasks = _tasks(text)
    assert [(t["text"], t["lead"], t["support"]) for t in tasks] == [
        ("建设城东污水处理厂", ["县水利局"], ["县生态环境局"]),
        ("整治黑臭水体", ["县生态环境局", "县水利局"], ["各乡镇"]),
    ]
    assert tasks[0]["deadline"]["value"] == "2024-10-31"


def test_a_report_is_not_a_list():
    text = "市政府昨天召开常务会议,研究部署春耕生产。会议要求,各地要抓好农资供应。\n"
    assert _read(text) is None
    assert tasklist.detect(matching_text(text, None)) == 0.0


# --- the public half the spreadsheet import calls ---------------------------------------


@pytest.mark.parametrize(("text", "default", "lead", "support"), [
    ("甲局牵头，乙局、丙局配合", None, ["甲局"], ["乙局", "丙局"]),
    ("牽頭單位：甲局；配合單位：乙局", None, ["甲局"], ["乙局"]),
    ("甲局、乙局按职责分工负责", "lead", ["甲局", "乙局"], []),
    ("丙局等", "support", [], ["丙局"]),
    ("甲局\n乙局", "lead", ["甲局", "乙局"], []),
    ("甲局（牵头）、乙局", "resp", ["甲局"], ["乙局"]),
    ("甲局、乙局", "support", [], ["甲局", "乙局"]),
    ("甲局、乙局按职责分别负责", None, ["甲局", "乙局"], []),
    ("甲局牵头，乙局、丙局按各自职责抓好落实", None, ["甲局"], ["乙局", "丙局"]),
    ("甲局牵头，乙局配合，2026年底前完成", None, ["甲局"], ["乙局"]),
    ("協同責任單位：乙局、北港海關等，各縣、市、區政府。", None, [], ["乙局", "北港海關", "各縣、市、區政府"]),
    # 和/与 between two units splits; inside a name (经济和信息化厅) or a collective it does not
    ("市财政局和市税务局配合", None, [], ["市财政局", "市税务局"]),
    # X会同Y负责: X leads with Y's help; 由 is no part of a unit
    ("由市卫生健康委会同市医保局、市财政局负责", None, ["市卫生健康委"], ["市医保局", "市财政局"]),
    ("市生态环境局与各区政府负责", None, ["市生态环境局", "各区政府"], []),
    ("省經濟和信息化廳牽頭，各有关部门和单位配合", None, ["省經濟和信息化廳"], ["各有关部门和单位"]),
])
def test_a_unit_cell_or_note_is_read_by_one_grammar(text, default, lead, support):
    note = tasklist.parse_unit_note(text, default=default)
    assert (note["lead"], note["support"]) == (lead, support)


def test_first_listed_leads_applies_to_a_responsible_cell_only():
    assert tasklist.parse_unit_note("甲局、乙局", default="resp", first_leads=True)["lead"] == ["甲局"]
    assert tasklist.parse_unit_note("甲局、乙局", default="lead", first_leads=True)["lead"] == ["甲局", "乙局"]
    assert tasklist.first_leads_stated("注:列第一位的為牽頭單位")
    assert tasklist.first_leads_stated("（牵头单位列第一位，下同）")
    assert tasklist.first_leads_stated("列第一位的为汇总单位")
    assert not tasklist.first_leads_stated("第一季度完成")
    assert not tasklist.first_leads_stated("主要负责人是第一责任人")


@pytest.mark.parametrize(("text", "due", "kept"), [
    ("2026年6月底前", dt.date(2026, 6, 30), False),
    ("年底前", dt.date(2026, 12, 31), False),
    ("2026-06-30", dt.date(2026, 6, 30), False),
    ("2027年底", dt.date(2027, 12, 31), False),
    ("第三季度", dt.date(2026, 9, 30), False),
    ("3季度", dt.date(2026, 9, 30), False),
    ("2026年9月30日", dt.date(2026, 9, 30), False),
    ("3月底前啟動，年底前完成", dt.date(2026, 12, 31), True),
    ("長期堅持", None, True),
    ("尽快", None, False),
])
def test_a_deadline_cell_is_read_by_the_intakes_dates(text, due, kept):
    assert tasklist.parse_deadline(text, 2026) == (due, kept)


def test_numbering_and_column_headers():
    assert tasklist.parse_number("（一）穩增長") == "（一）"
    assert tasklist.parse_number("三、保民生") == "三、"
    assert tasklist.parse_number("2025年目标") == ""
    assert tasklist.parse_number("2.1 健全协调机制") == "2.1"
    assert tasklist.parse_number("2.5%以上") == ""
    assert tasklist.column_key("牽頭單位*") == "lead"
    assert tasklist.column_key("完成时限（年月）") == "due"
    assert tasklist.column_key("进展情况") == "other"
    assert tasklist.column_key("附件") is None


def test_a_task_going_on_in_a_second_paragraph_keeps_all_its_words():
    text = ("一、改善营商环境\n"
            "1.推行工程建设项目联合验收。\n实行一站式受理、限时办结。(县住房城乡建设局牵头,县自然资源局配合)\n"
            "2.压减企业开办时间。\n全面实现一日办结。\n责任单位:县市场监管局\n")
    _body, tasks = _tasks(text)
    assert [t["text"] for t in tasks] == ["推行工程建设项目联合验收。\n实行一站式受理、限时办结。",
                                          "压减企业开办时间。\n全面实现一日办结。"]
    assert tasks[0]["support"] == ["县自然资源局"] and tasks[1]["lead"] == ["县市场监管局"]


def test_a_notices_own_numbered_points_are_not_tasks_of_the_list_after_it():
    text = ("1.提高认识。各单位要把分工方案摆上重要日程。\n2.加强督办。县督查室要跟踪问效。\n"
            "某县人民政府办公室\n2024年重点工作分工方案\n1.新建口袋公园10个。\n责任单位:县住房城乡建设局\n")
    _body, tasks = _tasks(text)
    assert [t["text"] for t in tasks] == ["新建口袋公园10个。"]


def test_decimal_numbering_marks_tasks_too():
    text = "2.1 健全市区联动机制。(市发展改革委牵头)\n2.2 完善考核办法。\n牵头单位:市委督查室\n"
    _body, tasks = _tasks(text)
    assert [(t["text"], t["lead"]) for t in tasks] == [
        ("健全市区联动机制。", ["市发展改革委"]), ("完善考核办法。", ["市委督查室"])]


def test_a_table_drawn_with_bars_one_cell_a_line_skips_leader_and_deadline_cells():
    rows = ["1 |", "优化项目服务机制,推动重大项目落地。 |", "某某 |", "招商一部、招商二部 |", "全年 |",
            "2 |", "盘活存量土地300亩。 |", "某某 |", "自然资源分局 |", "年底前 |"]
    header = ["序号 |", "重点工作 |", "责任领导 |", "责任单位 |", "完成时限 |"]
    for lines in (header + rows, rows):  # with its header, and with the header lost to the page chrome
        _body, tasks = _tasks("\n".join(["2025年园区重点工作及责任清单", *lines]) + "\n")
        assert [(t["text"], t["lead"]) for t in tasks] == [
            ("优化项目服务机制,推动重大项目落地。", ["招商一部", "招商二部"]), ("盘活存量土地300亩。", ["自然资源分局"])]


def test_bracketed_keys_and_keys_run_together_with_spaces():
    text = ("1.推进智慧社区建设。\n【牵头单位】区民政局\n【配合单位】区数据局、各街道\n"
            "2.开展老旧管网改造。牵头单位:区住建局 配合单位:区财政局 完成时限:2025年底\n")
    _body, tasks = _tasks(text)
    assert [(t["lead"], t["support"]) for t in tasks] == [
        (["区民政局"], ["区数据局", "各街道"]), (["区住建局"], ["区财政局"])]
    assert tasks[1]["deadline"] == {"text": "2025年底", "value": "2025-12-31"}


def test_a_note_before_a_bracketed_deadline_or_inside_the_sentence():
    text = ("1.建成城西消防站。(县应急局牵头,县财政局配合)(2025年9月底前)\n"
            "2.改造城区雨污管网(县住房城乡建设局负责),确保汛期前完工。\n"
            "3.建立(由县长负责的)协调机制。\n")
    _body, tasks = _tasks(text)
    assert [(t["text"], t["lead"], t["support"]) for t in tasks] == [
        ("建成城西消防站。", ["县应急局"], ["县财政局"]),
        ("改造城区雨污管网,确保汛期前完工。", ["县住房城乡建设局"], []),
    ]
    assert tasks[0]["deadline"]["text"] == "2025年9月底前"


def test_a_table_with_the_units_before_the_task_and_a_pipe_table():
    text = "1\n县文旅局\n创建省级旅游度假区。\n2\n县商务局、县财政局\n举办消费季活动10场。\n"
    _body, tasks = _tasks(text)
    assert [(t["text"], t["lead"]) for t in tasks] == [
        ("创建省级旅游度假区。", ["县文旅局"]), ("举办消费季活动10场。", ["县商务局", "县财政局"])]
    piped = ("| 序号 | 重点任务 | 牵头单位 | 配合单位 |\n| 1 | 建设城东污水处理厂 | 县水利局 | 县生态环境局 |\n"
             "| 2 | 整治黑臭水体 | 县生态环境局 | 各乡镇 |\n")
    _body, tasks = _tasks(piped)
    assert [(t["text"], t["lead"], t["support"]) for t in tasks] == [
        ("建设城东污水处理厂", ["县水利局"], ["县生态环境局"]), ("整治黑臭水体", ["县生态环境局"], ["各乡镇"])]


def test_items_under_a_heading_that_names_a_unit_are_that_units_tasks():
    text = ("2025年重点工作任务清单\n一、县发展改革局(2项)\n1.完成固定资产投资增长8%。\n2.争取专项债券10亿元。\n"
            "二、县财政局、县税务局:\n1.一般公共预算收入增长5%。\n2.盘活存量资金。(县财政局负责)\n"
            "三、民生保障\n1.新增城镇就业3000人。\n")
    _body, tasks = _tasks(text)
    assert [(t["text"], t["lead"], t["rule"]) for t in tasks] == [
        ("完成固定资产投资增长8%。", ["县发展改革局"], "note:heading"),
        ("争取专项债券10亿元。", ["县发展改革局"], "note:heading"),
        ("一般公共预算收入增长5%。", ["县财政局", "县税务局"], "note:heading"),
        ("盘活存量资金。", ["县财政局"], "note:inline"),
    ]
    # a task that merely ends in 办/局 is no unit heading
    text = "1.推进政务服务一网通办\n责任单位:县政务服务中心\n2.县域物流配送中心\n责任单位:县商务局\n"
    _body, tasks = _tasks(text)
    assert [(t["text"], t["lead"]) for t in tasks] == [
        ("推进政务服务一网通办", ["县政务服务中心"]), ("县域物流配送中心", ["县商务局"])]
