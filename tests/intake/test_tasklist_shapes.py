"""Key-task list shapes learned from real lists beyond the corpus (docs/intake-rules.md,
Key-task lists, "More shapes"): fictional lists in both scripts, read end to end.

- 分管省领导: a leader line (not a unit) between the item and its 部门分工: X牵头,Y配合 line;
- 主办单位:X,协办单位:Y lines under each item (主办 leads, 协办 supports), which the page
  clutter step must keep, while a site's 主办单位: footer still goes;
- two unit notes in one item (〔X牵头,Y参与〕… (X、Z牵头,W配合)): one task, the units of both,
  neither note in the task's words; lead verbs such as 牵头督导;
- a remark naming units for every later task (以下各项均需各区政府落实,不再列出);
- a note cut off by the end of the text after a separator still names its units; cut inside a
  name it makes no task;
- the issuer of a notice signed by the party committee and the government together, and of a
  list a news lead reports (日前,某市印发《…》).
"""

from __future__ import annotations

import datetime as dt

import opencc

from luoshi.intake import pipeline, tasklist
from luoshi.intake.sentences import matching_text, split_sentences
from luoshi.intake.unitnotes import parse_unit_note

_T2S = opencc.OpenCC("t2s").convert


def _read(text: str, title: str = "") -> dict | None:
    s = matching_text(text, _T2S(text))
    return tasklist.read_tasklist(text, s, split_sentences(s), dt.date(2025, 3, 1), title=title)


def _tasks(text: str, title: str = "") -> list[tuple[str, list[str], list[str]]]:
    meeting = _read(text, title)
    assert meeting is not None, "not read as a key-task list"
    return [(d["text"], d["lead"], d["support"]) for d in meeting["directives"] if d["rule"] != "notice"]


LEADER_AND_DIVISION = (
    "某省人民政府关于印发2025年省《政府工作报告》重点任务分工方案的通知\n"
    "各地级以上市人民政府,省政府各部门:\n"
    "现将方案印发给你们,请认真贯彻执行。\n"
    "某省人民政府\n"
    "2025年3月2日\n"
    "一、主要预期目标\n"
    "1.全省地区生产总值增长5.5%左右。\n"
    "分管省领导:周明远\n"
    "部门分工:省发展改革委牵头,各地、各部门配合。\n"
    "2.城镇新增就业110万人以上。\n"
    "分管省领导:韩静\n"
    "部门分工:省人力资源社会保障厅牵头,省教育厅、省财政厅配合。\n"
    "3.粮食产量稳定在1250万吨以上。\n"
    "分管省领导:韩静\n"
    "部门分工:省农业农村厅牵头,"
)


def test_a_leader_line_and_a_division_line_under_each_item():
    meeting = _read(LEADER_AND_DIVISION)
    assert meeting is not None
    assert meeting["body"] == "某省人民政府"
    assert [(d["text"], d["lead"], d["support"]) for d in meeting["directives"]] == [
        ("全省地区生产总值增长5.5%左右。", ["省发展改革委"], ["各地", "各部门"]),
        ("城镇新增就业110万人以上。", ["省人力资源社会保障厅"], ["省教育厅", "省财政厅"]),
        # cut off after a comma: the lead named before the cut stands
        ("粮食产量稳定在1250万吨以上。", ["省农业农村厅"], []),
    ]
    # the leader is never a unit
    assert all("周明远" not in d["lead"] + d["support"] for d in meeting["directives"])


def test_division_lines_in_traditional_script():
    text = ("1.擴大有效投資。\n分管市領導:陳立群\n責任分工:市發展改革委牽頭,市財政局、市自然資源局配合。\n"
            "2.辦好民生實事。\n分管市領導:林曉\n任務分工:市民政局\n")
    assert _tasks(text) == [
        ("擴大有效投資。", ["市發展改革委"], ["市財政局", "市自然資源局"]),
        ("辦好民生實事。", ["市民政局"], []),
    ]


SPONSOR_LINES = (
    "某县为民办实事项目名单发布\n"
    "中共某某县委某某县人民政府关于开展2025年为民办实事工作的通知\n"
    "各乡镇党委、政府,县直各单位:\n"
    "现将《2025年为民办实事工作计划》印发给你们,请认真组织实施。各主办单位要加强统筹协调,按月报告进展情况。\n"
    "中共某某县委\n"
    "某某县人民政府\n"
    "2025年2月\n"
    "一、城乡环境提升\n"
    "(1)改造老旧小区。完成城东片区6个老旧小区改造提升。\n"
    "主办单位:县城投公司,协办单位:住建局、城关镇。\n"
    "(2)建设滨江步道。新建滨江步道3.5公里。\n"
    "主办单位:住建局、县文旅集团,协办单位:水利局。\n"
    "二、公共服务提升\n"
    "(3)新增公办幼儿园学位600个。\n"
    "主办单位:教育局,协办单位:财政局、自然资源局、各乡镇。\n"
    "本站主办单位:某某县融媒体中心 技术支持:某某网络公司\n"
)


def test_sponsor_lines_name_the_lead_and_the_support():
    assert _tasks(SPONSOR_LINES.split("\n", 1)[1]) == [
        ("改造老旧小区。完成城东片区6个老旧小区改造提升。", ["县城投公司"], ["住建局", "城关镇"]),
        ("建设滨江步道。新建滨江步道3.5公里。", ["住建局", "县文旅集团"], ["水利局"]),
        ("新增公办幼儿园学位600个。", ["教育局"], ["财政局", "自然资源局", "各乡镇"]),
    ]


def test_the_whole_intake_keeps_sponsor_lines_between_items_but_drops_the_site_footer():
    record = pipeline.extract(SPONSOR_LINES.encode(), "sponsors.txt")
    assert record["kind"] == "key_task_list"
    assert any("技术支持" in line for line in record["boilerplate"])
    assert not any("协办单位" in line for line in record["boilerplate"])
    (meeting,) = record["meetings"]
    tasks = [d for d in meeting["directives"] if d["rule"] != "notice"]
    assert [(d["lead"], d["support"]) for d in tasks] == [
        (["县城投公司"], ["住建局", "城关镇"]), (["住建局", "县文旅集团"], ["水利局"]),
        (["教育局"], ["财政局", "自然资源局", "各乡镇"])]
    # a notice signed by the party committee and the government together
    assert meeting["body"] == "中共某某县委某某县人民政府"


def test_sponsor_lines_in_traditional_script():
    text = ("(1)新建社區食堂8個。\n主辦單位:民政局,協辦單位:市場監管局、各街道。\n"
            "(2)改造農村公路40公里。\n主辦單位:交通運輸局\n")
    assert _tasks(text) == [
        ("新建社區食堂8個。", ["民政局"], ["市場監管局", "各街道"]),
        ("改造農村公路40公里。", ["交通運輸局"], []),
    ]


TWO_NOTES = (
    "日前,某市印发《某市空气质量改善行动方案(2025-2026年)》。全文如下:\n"
    "二、重点任务\n"
    "(一)优化产业结构。\n"
    "1.严格项目准入。落实生态环境分区管控要求,严把新建项目准入关。〔市生态环境局牵头,市发展改革局、"
    "市工业和信息化局参与,各县、区人民政府(管委会)负责落实。以下各项工作均需各县、区人民政府(管委会)落实,"
    "不再列出。〕全市不再新建每小时35蒸吨以下燃煤锅炉。(市生态环境局、市市场监管局牵头,市发展改革局参与)\n"
    "2.整治低效工业企业。年底前完成整治任务。(市工业和信息化局、市生态环境局牵头督导,市公安局、"
    "市自然资源局、"
)


def test_two_notes_in_one_item_and_a_remark_for_the_tasks_below():
    meeting = _read(TWO_NOTES)
    assert meeting is not None
    assert meeting["body"] == "某市"
    assert [(d["text"], d["lead"], d["support"]) for d in meeting["directives"]] == [
        ("严格项目准入。落实生态环境分区管控要求,严把新建项目准入关。全市不再新建每小时35蒸吨以下燃煤锅炉。",
         ["市生态环境局", "市市场监管局"],
         ["市发展改革局", "市工业和信息化局", "各县、区人民政府(管委会)"]),
        # 牵头督导 leads; the note cut off after 、 still names its units; the counties of
        # the remark above carry out this task too
        ("整治低效工业企业。年底前完成整治任务。", ["市工业和信息化局", "市生态环境局"],
         ["市公安局", "市自然资源局", "各县、区人民政府(管委会)"]),
    ]


def test_a_remark_for_the_tasks_below_in_traditional_script_with_responsible_units_only():
    text = ("1.設立工業發展專項資金。(責任單位:市工信局、市財政局,各區人民政府。以下措施均需各區人民政府落實,不再單獨列出)\n"
            "2.開展企業上雲培訓。(責任單位:市工信局)\n"
            "3.擴大首貸規模。(市金融局牽頭,市財政局配合)\n")
    assert _tasks(text) == [
        ("設立工業發展專項資金。", ["市工信局", "市財政局", "各區人民政府"], []),
        # responsible units only: those of the remark are responsible too, so they lead
        ("開展企業上雲培訓。", ["市工信局", "各區人民政府"], []),
        # a note that names its lead: they support
        ("擴大首貸規模。", ["市金融局"], ["市財政局", "各區人民政府"]),
    ]


def test_a_note_cut_inside_a_name_makes_no_task():
    text = ("(1)新建公园2个。\n主办单位:县住建局,协办单位:城关镇。\n"
            "(2)整治县城路网。\n主办单位:某某交通建设发展有")
    assert _tasks(text) == [("新建公园2个。", ["县住建局"], ["城关镇"])]
    # an unclosed bracket cut inside a name: no task either
    text = "1.优化审批流程。(牵头单位:区行政审批局;责任单位:区发展改革局)\n2.推行容缺受理。(牵头单位:区行政审批局;责任单位:区政"
    assert [t[0] for t in _tasks(text)] == ["优化审批流程。"]


def test_a_leader_inside_a_note_is_not_a_unit():
    note = parse_unit_note("分管副省长、协管副秘书长负责,省发展改革委牵头,省工业和信息化厅、省财政厅配合")
    assert (note["lead"], note["support"]) == (["省发展改革委"], ["省工业和信息化厅", "省财政厅"])
    note = parse_unit_note("部門分工:省商務廳牽頭,省交通運輸廳配合。")
    assert (note["lead"], note["support"]) == (["省商務廳"], ["省交通運輸廳"])


def test_an_issuer_is_never_cut_out_of_a_quoted_title():
    # 为落实《某省人民政府关于…》: the province quoted in a purpose clause did not issue the list
    text = ("为落实《某省人民政府关于印发某省空气质量改善方案的通知》要求,制定本方案。\n"
            "1.推进燃煤锅炉整治。(市生态环境局牵头)\n")
    meeting = _read(text)
    assert meeting is not None
    assert meeting["body"] == ""


def test_leader_keys_of_every_level_and_other_responsible_units():
    text = ("1.全县地区生产总值增长7%。\n牵头县领导:王建国\n牵头责任单位:县发改委\n协同责任单位:县统计局、各乡镇\n"
            "2.新建标准化厂房10万平方米。\n责任县领导:李红\n主要责任单位:县经开区管委会\n"
            "其他责任单位:县自然资源局、县住建局\n"
            "3.推進縣城污水管網改造。(責任縣領導:陳某;牽頭單位:縣住建局;配合單位:縣財政局、縣水利局)\n")
    assert _tasks(text) == [
        ("全县地区生产总值增长7%。", ["县发改委"], ["县统计局", "各乡镇"]),
        ("新建标准化厂房10万平方米。", ["县经开区管委会"], ["县自然资源局", "县住建局"]),
        ("推進縣城污水管網改造。", ["縣住建局"], ["縣財政局", "縣水利局"]),
    ]


def test_square_bracket_notes_and_items_without_a_full_stop():
    text = ("一、主要预期目标\n(一)地区生产总值增长6%以上\n责任单位:区发展和改革局\n"
            "二、重点工作\n1、建立常态化防控机制。[牵头单位:区卫健局;责任单位:区防控指挥部成员单位、各街办(新区)]\n")
    assert _tasks(text) == [
        ("地区生产总值增长6%以上", ["区发展和改革局"], []),
        ("建立常态化防控机制。", ["区卫健局"], ["区防控指挥部成员单位", "各街办(新区)"]),
    ]


def test_a_list_naming_no_issuer_takes_the_publisher_of_the_page_table():
    page = ("索引号 | 000123456/2025-00012 | 公开方式 | 主动公开 |\n"
            "发布机构 | 区政府 | 发文日期 | 2025-03-10 |\n"
            "序号 | 实事项目 | 责任单位 | 配合单位 |\n"
            "1 | 新建社区卫生服务站4个。 | 卫健局 | 财政局、各街道 |\n"
            "2 | 改造农贸市场3个。 | 商务局 | 市场监管局 |\n")
    record = pipeline.extract(page.encode(), "table.txt")
    (meeting,) = record["meetings"]
    assert meeting["body"] == "区政府" and meeting["body_rule"] == "body:publisher"
    assert [(d["lead"], d["support"]) for d in meeting["directives"]] == [
        (["卫健局"], ["财政局", "各街道"]), (["商务局"], ["市场监管局"])]
    # Traditional, the value alone on the line under its label; a list that names its
    # issuer keeps it
    assert tasklist_publisher(["發布單位 |", "某某縣人民政府", "發文日期 | 2025-03-10 |"]) == "某某縣人民政府"
    assert tasklist_publisher(["发布机构 | 2025 |"]) == ""


def tasklist_publisher(lines: list[str]) -> str:
    from luoshi.intake import taskissuer

    return taskissuer.publisher(lines)[0]


def test_a_work_report_heading_with_a_year_is_no_unit():
    # 三、2025年政府工作任务 once read as a unit heading (2025年政府): a work report is no list
    text = ("三、2025年政府工作任务\n"
            "(一)大力发展现代产业。加快传统产业转型升级,培育壮大新兴产业。\n"
            "(二)持续扩大内需。更好统筹消费和投资,增强对经济增长的拉动作用。\n")
    assert _read(text) is None


def test_a_last_sentence_of_units_and_verbs_is_the_note_and_short_keys():
    text = ("1.推进城市更新。全年完成改造项目20个。市住建局牵头,市财政局、市自然资源局配合。\n"
            "2.加快数字政府建设。牵头:市大数据局;配合:市政务服务中心\n"
            "3.擴大消費。(副市長王某某負責,市商務局牽頭,市財政局配合)\n"
            "4.建設智慧停車系統。【責任單位】市城管局、市公安局【配合單位】各區政府\n"
            "5.做好防汛工作。由市水务局负责,市应急局协助。\n"
            "6.办好群众满意的教育。坚持立德树人,市教育局要会同各区抓好落实。\n")
    assert _tasks(text) == [
        ("推进城市更新。全年完成改造项目20个。", ["市住建局"], ["市财政局", "市自然资源局"]),
        ("加快数字政府建设。", ["市大数据局"], ["市政务服务中心"]),
        ("擴大消費。", ["市商務局"], ["市財政局"]),
        ("建設智慧停車系統。", ["市城管局", "市公安局"], ["各區政府"]),
        ("做好防汛工作。", ["市水务局"], ["市应急局"]),
        # a sentence that only mentions units is no note
    ]


def test_more_keys_of_lead_and_support_in_both_scripts():
    text = ("1.推进电梯加装。\n责任单位:市住建局(牵头)、市市场监管局、各区政府\n"
            "2.关于加快老旧小区改造的建议。\n主办单位:市住建局\n会办单位:市财政局、市自然资源和规划局\n"
            "3.保障农民工工资支付。(第一责任单位:市人社局;协同配合单位:市住建局、市交通局)\n"
            "4.推進垃圾分類。(責任單位:各縣(市、區)人民政府,市直有關部門)\n")
    assert _tasks(text) == [
        ("推进电梯加装。", ["市住建局"], ["市市场监管局", "各区政府"]),
        ("关于加快老旧小区改造的建议。", ["市住建局"], ["市财政局", "市自然资源和规划局"]),
        ("保障农民工工资支付。", ["市人社局"], ["市住建局", "市交通局"]),
        ("推進垃圾分類。", ["各縣(市、區)人民政府", "市直有關部門"], []),
    ]


def test_keys_after_a_space_as_in_a_table_row_pasted_as_a_line():
    text = ("1.推进城市更新 牵头单位:市住建局 配合单位:市财政局\n"
            "2.加快5G基站建设,全年新建基站1000个 责任单位:市工信局\n"
            "3.實施鄉村道路提升工程 牽頭單位:縣交通局 配合單位:各鄉鎮 完成時限:2025年底\n")
    assert _tasks(text) == [
        ("推进城市更新", ["市住建局"], ["市财政局"]),
        ("加快5G基站建设,全年新建基站1000个", ["市工信局"], []),
        ("實施鄉村道路提升工程", ["縣交通局"], ["各鄉鎮"]),
    ]
    meeting = _read(text)
    assert meeting["directives"][2]["deadline"]["value"] == "2025-12-31"


def test_a_note_line_going_on_in_the_next_line_and_parenthesised_numbers():
    text = ("1.推进老旧小区改造。\n责任单位:市住建局、市财政局、市自然资源局、\n各区人民政府\n"
            "2.推進海綿城市建設。\n責任單位:市水務局\n"
            "⑴建设口袋公园。(市园林局负责)\n⑵推进海绵城市建设。(市水务局牵头,市住建局配合)\n")
    assert _tasks(text) == [
        ("推进老旧小区改造。", ["市住建局", "市财政局", "市自然资源局", "各区人民政府"], []),
        ("推進海綿城市建設。", ["市水務局"], []),
        ("建设口袋公园。", ["市园林局"], []),
        ("推进海绵城市建设。", ["市水务局"], ["市住建局"]),
    ]


def test_one_point_of_a_meeting_report_naming_units_is_no_list():
    text = ("会议指出,要抓好重点工作。\n"
            "一、加快推进项目建设。要倒排工期,确保年底前建成投用。市发改委牵头,各有关部门配合。\n"
            "二、会议还研究了其他事项。\n")
    assert _read(text) is None
    record = pipeline.extract(("某市召开政府常务会议\n" + text).encode(), "meeting.txt")
    assert record["kind"] == "meeting_report"


def test_a_short_sponsor_note_at_the_end_of_the_list_is_kept():
    page = ("某县2025年为民办实事项目\n"
            "各乡镇,县直各单位:现将2025年为民办实事项目印发给你们,请认真组织实施,确保按时完成。\n"
            "(1)改造老旧小区。完成城东片区6个老旧小区改造提升任务。\n"
            "主办单位:县城投公司,协办单位:住建局。\n"
            "(2)新增公办幼儿园学位600个。\n"
            "主辦單位:教育局\n")
    record = pipeline.extract(page.encode(), "short.txt")
    assert record["kind"] == "key_task_list" and record["boilerplate"] == []
    assert [(d["text"], d["lead"], d["support"]) for d in record["meetings"][0]["directives"]
            if d["rule"] != "notice"] == [
        ("改造老旧小区。完成城东片区6个老旧小区改造提升任务。", ["县城投公司"], ["住建局"]),
        ("新增公办幼儿园学位600个。", ["教育局"], [])]
