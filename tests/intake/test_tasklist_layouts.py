"""Key-task lists in the layouts unseen lists come in: one fictional list per layout family,
read end to end by the intake's one task-list grammar (exact task texts and units).

Layout families (docs/intake-rules.md, Key-task lists): a table written one cell a line with
bars and a header whose words are split (牵头 单位, 责任/单位); a markdown table with a
continuation row and a short row; a tab-separated table with merged cells; key-value lines
(牵头单位:/配合单位:/完成时限:/分管领导:) in Traditional script; inline notes with many
verbs and numbering shapes; a note that leads the task (由…负责,X牵头,Y配合,…).
"""

from __future__ import annotations

import datetime as dt

import opencc

from luoshi.intake import pipeline, tasklist, tasktable
from luoshi.intake.sentences import matching_text, split_sentences

_T2S = opencc.OpenCC("t2s").convert


def _tasks(text: str, title: str = "") -> list[tuple[str, list[str], list[str]]]:
    meeting = _read(text, title)
    assert meeting is not None
    return [(d["text"], d["lead"], d["support"]) for d in meeting["directives"] if d["rule"] != "notice"]


def _read(text: str, title: str = "") -> dict | None:
    s = matching_text(text, _T2S(text))
    return tasklist.read_tasklist(text, s, split_sentences(s), dt.date(2025, 3, 1), title=title)


def _deadlines(text: str) -> list[str | None]:
    meeting = _read(text)
    assert meeting is not None
    return [(d["deadline"] or {}).get("value") for d in meeting["directives"] if d["rule"] != "notice"]


# a progress table copied from a page: one cell a line, each closed by a bar; the header's
# words split by spaces; rows numbered from 7 (the table goes on from an earlier page); the
# 项目类别 cell merged over the rows (so each row is a cell short) and empty cells dropped
ONE_CELL_BARS = (
    '2024年区重点民生项目推进情况表(1-9月)\n'
    '序号 |\n'
    '项目类别 |\n'
    '年度目标任务 |\n'
    '分管 领导 |\n'
    '牵头 单位 |\n'
    '责任主体与协同单位 |\n'
    '1-9月进展 |\n'
    '备注 |\n'
    '7 |\n'
    '新建社区食堂12个。 |\n'
    '林志远 |\n'
    '区民政局 |\n'
    '区市场监管局、各街道 |\n'
    '已建成8个。 |\n'
    '||\n'
    '8 |\n'
    '改造农贸市场3个。 |\n'
    '林志远 |\n'
    '区商务局 |\n'
    '区城管局、相关街道 |\n'
    '2个已开工。 |\n'
    '推进偏慢,已督促。 |\n'
)


def test_one_cell_a_line_with_bars_fits_short_rows_to_the_header():
    assert _tasks(ONE_CELL_BARS) == [
        ("新建社区食堂12个。", ["区民政局"], ["区市场监管局", "各街道"]),
        ("改造农贸市场3个。", ["区商务局"], ["区城管局", "相关街道"]),
    ]


def test_the_whole_intake_reads_a_table_at_the_top_of_the_page():
    record = pipeline.extract(ONE_CELL_BARS.encode(), "progress.txt")
    assert record["kind"] == "key_task_list"
    assert record["title"] == "2024年区重点民生项目推进情况表(1-9月)"
    (meeting,) = record["meetings"]
    assert [(d["text"], d["lead"]) for d in meeting["directives"]] == [
        ("新建社区食堂12个。", ["区民政局"]), ("改造农贸市场3个。", ["区商务局"])]
    # the page names no issuer and no place of its own
    assert meeting["body"] == ""


# a markdown table: a rule line, a row continuing the task above (its 序号 and 重点任务 cells
# merged), an empty 配合单位 cell, a last row without its deadline cell
MARKDOWN = (
    '| 序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限 |\n'
    '| --- | --- | --- | --- | --- | --- |\n'
    '| 1 | 扩大有效投资 | 全年实施省市重点项目120个以上。 | 市发展改革委 | 市自然资源局、市生态环境局 | 2025年12月底前 |\n'
    '|  |  | 争取地方政府专项债券30亿元。 | 市财政局 | 市发展改革委 | 2025年9月底前 |\n'
    '| 2 | 促进消费回暖 | 举办汽车、家电促销活动20场。 | 市商务局 |  | 全年 |\n'
    '| 3 | 稳定外贸外资 | 组织企业参加境外展会50场次。 | 市商务局 | 各区县政府 |\n'
)


def test_a_markdown_table_with_a_continuation_row_and_a_short_row():
    assert _tasks(MARKDOWN) == [
        ("全年实施省市重点项目120个以上。", ["市发展改革委"], ["市自然资源局", "市生态环境局"]),
        ("争取地方政府专项债券30亿元。", ["市财政局"], ["市发展改革委"]),
        ("举办汽车、家电促销活动20场。", ["市商务局"], []),
        ("组织企业参加境外展会50场次。", ["市商务局"], ["各区县政府"]),
    ]
    assert _deadlines(MARKDOWN) == ["2025-12-31", "2025-09-30", None, None]


# a header on two lines (牵头 / 单位), an empty deadline cell
TWO_LINE_HEADER = (
    '| 序号 | 工作任务 | 牵头 | 配合 | 完成 |\n'
    '|      |          | 单位 | 单位 | 时限 |\n'
    '|------|----------|------|------|------|\n'
    '| 1 | 建成智慧停车平台,新增泊位2000个。 | 县公安局 | 县城管局、县住建局 | 2025年9月底前 |\n'
    '| 2 | 创建省级文明村镇5个。 | 县委宣传部 | 各乡镇 | |\n'
)


def test_a_header_written_on_two_lines_is_read_column_by_column():
    assert _tasks(TWO_LINE_HEADER) == [
        ("建成智慧停车平台,新增泊位2000个。", ["县公安局"], ["县城管局", "县住建局"]),
        ("创建省级文明村镇5个。", ["县委宣传部"], ["各乡镇"]),
    ]
    assert _deadlines(TWO_LINE_HEADER) == ["2025-09-30", None]
    assert tasktable.header_keys("| 序号 | 工作任务 | 牵头 单位 | 责任主体与协同单位 | 1-9月进展 | 分管领导 |") == [
        "number", "task", "lead", "support", "other", "other"]


# tab-separated, 重点工作 and 序号 merged over two rows: each measure is a task of its own
TABS = (
    '序号\t重点工作\t工作措施\t牵头单位\t责任单位\t时间节点\n'
    '1\t推进园区提质\t完成标准厂房建设20万平方米\t县工信局\t县经开区管委会\t2025年11月底前\n'
    '\t\t新引进规上企业8家\t县招商服务中心\t县经开区管委会、各乡镇\t年底前\n'
    '2\t改善人居环境\t创建美丽庭院示范户500户\t县妇联\t各乡镇\t2025年10月\n'
)


def test_a_tab_table_whose_task_cell_spans_rows_reads_each_measure():
    assert _tasks(TABS) == [
        ("完成标准厂房建设20万平方米", ["县工信局"], ["县经开区管委会"]),
        ("新引进规上企业8家", ["县招商服务中心"], ["县经开区管委会", "各乡镇"]),
        ("创建美丽庭院示范户500户", ["县妇联"], ["各乡镇"]),
    ]
    assert _deadlines(TABS) == ["2025-11-30", "2025-12-31", "2025-10-31"]


# one cell a line without bars, header words split over lines (牵头/单位, 完成/时限)
ONE_CELL_SPLIT_HEADER = (
    '序号\n'
    '重点任务\n'
    '牵头\n'
    '单位\n'
    '配合\n'
    '单位\n'
    '完成\n'
    '时限\n'
    '1\n'
    '建成城南污水处理厂二期。\n'
    '县水务局\n'
    '县发改局、县财政局\n'
    '2025年10月\n'
    '2\n'
    '新增公办幼儿园学位900个。\n'
    '县教育局\n'
    '各乡镇\n'
    '年底前\n'
)

# one cell a line with bars, a header cell broken inside (责任\n单位 |)
ONE_CELL_BROKEN_CELL = (
    '2025年县民生实事项目清单\n'
    '序号 |\n'
    '实事项目 |\n'
    '责任\n'
    '单位 |\n'
    '配合\n'
    '单位 |\n'
    '1 |\n'
    '改造提升农贸市场4个。 |\n'
    '县商务局 |\n'
    '县市场监管局、城关镇 |\n'
    '2 |\n'
    '新建村级养老服务站12个。 |\n'
    '县民政局 |\n'
    '各乡镇 |\n'
)


def test_header_cells_split_over_lines_are_joined():
    assert _tasks(ONE_CELL_SPLIT_HEADER) == [
        ("建成城南污水处理厂二期。", ["县水务局"], ["县发改局", "县财政局"]),
        ("新增公办幼儿园学位900个。", ["县教育局"], ["各乡镇"]),
    ]
    assert _deadlines(ONE_CELL_SPLIT_HEADER) == ["2025-10-31", "2025-12-31"]
    assert _tasks(ONE_CELL_BROKEN_CELL) == [
        ("改造提升农贸市场4个。", ["县商务局"], ["县市场监管局", "城关镇"]),
        ("新建村级养老服务站12个。", ["县民政局"], ["各乡镇"]),
    ]


# key-value lines in Traditional: a leader is no unit, 完成時限 is the deadline
KEY_VALUE_HANT = (
    '第一項 推進數字政府建設\n'
    '1．建成全市統一的政務數據共享平臺。\n'
    '牽頭單位：市大數據中心\n'
    '配合單位：市委網信辦、各縣（市、區）人民政府\n'
    '完成時限：2025年6月底前\n'
    '分管領導：陳建華\n'
    '2．實現高頻事項“跨省通辦”80項。\n'
    '責任單位：市政務服務中心、市公安局\n'
    '完成時限：2025年底前\n'
)


def test_key_value_lines_in_traditional_script():
    assert _tasks(KEY_VALUE_HANT) == [
        ("建成全市統一的政務數據共享平臺。", ["市大數據中心"], ["市委網信辦", "各縣（市、區）人民政府"]),
        ("實現高頻事項“跨省通辦”80項。", ["市政務服務中心", "市公安局"], []),
    ]
    assert _deadlines(KEY_VALUE_HANT) == ["2025-06-30", "2025-12-31"]


# inline notes with the verbs lists use, under every numbering shape (（1） ① 1。 第N項)
INLINE_VERBS_HANT = (
    '一、優化營商環境\n'
    '（1）推行工程建設項目“拿地即開工”。（市住建局牽頭實施）\n'
    '（2）落實結構性減稅降費政策。（市財政局、市稅務局按職責分工負責）\n'
    '（3）擴大失業保險穩崗返還範圍。（責任單位：市人社局、市醫保局）\n'
    '二、暢通城市交通\n'
    '①新開通公交線路8條。（市交通運輸局主責，市公安局協同）\n'
    '②舉辦鄉村旅遊節。（市文旅局牽頭推進，各縣區政府參與）\n'
    '1。新建高標準農田3萬畝。（市農業農村局負責）\n'
    '第3項：完善農村寄遞物流體系。（市郵政管理局牽頭落實，市商務局配合）\n'
)


def test_inline_notes_with_many_verbs_and_numberings():
    assert _tasks(INLINE_VERBS_HANT) == [
        ("推行工程建設項目“拿地即開工”。", ["市住建局"], []),
        ("落實結構性減稅降費政策。", ["市財政局", "市稅務局"], []),
        ("擴大失業保險穩崗返還範圍。", ["市人社局", "市醫保局"], []),
        ("新開通公交線路8條。", ["市交通運輸局"], ["市公安局"]),
        ("舉辦鄉村旅遊節。", ["市文旅局"], ["各縣區政府"]),
        ("新建高標準農田3萬畝。", ["市農業農村局"], []),
        ("完善農村寄遞物流體系。", ["市郵政管理局"], ["市商務局"]),
    ]


# the note before the task's words, under an item line that only names the matter
LEADING_NOTE_HANT = (
    '一、重大項目推進\n'
    '1、城北物流園建設事宜\n'
    '由分管副縣長負責,縣發改局牽頭,縣交通運輸局、縣自然資源局配合,年內完成一期工程建設,確保明年投入運營。\n'
    '2、縣域醫共體建設事宜\n'
    '縣衛健局牽頭,各鄉鎮衛生院配合,完善分級診療制度,推動優質醫療資源下沉。\n'
)


def test_a_note_that_leads_the_task():
    assert _tasks(LEADING_NOTE_HANT) == [
        ("年內完成一期工程建設,確保明年投入運營。", ["縣發改局"], ["縣交通運輸局", "縣自然資源局"]),
        ("完善分級診療制度,推動優質醫療資源下沉。", ["縣衛健局"], ["各鄉鎮衛生院"]),
    ]


def test_units_lose_a_trailing_etcetera_and_bare_names_stay_apart():
    text = "1.盘活闲置厂房。(区工信局牵头,区财政局、区住建局等部门,南湖街道、北湖街道配合)\n"
    assert _tasks(text) == [("盘活闲置厂房。", ["区工信局"], ["区财政局", "区住建局", "南湖街道", "北湖街道"])]


def test_a_notice_paragraph_without_a_number_hands_out_no_work():
    text = ("各乡镇人民政府,县政府各部门:\n现将分工方案印发给你们。今年是关键之年,各地各部门要高度重视,抓好落实。\n"
            "1.新建口袋公园6个。\n牵头县领导:某某\n责任单位:县住建局、县城管局\n")
    meeting = _read(text)
    assert [d["rule"] for d in meeting["directives"]] == ["note:line"]
    assert meeting["directives"][0]["lead"] == ["县住建局", "县城管局"]


def test_a_list_without_an_issuer_is_the_plan_of_its_place():
    text = "1.新建社区食堂20个。(市民政局负责)\n2.新增停车泊位5000个。(市公安局牵头,各区政府配合)\n"
    assert _read(text, title="青川市2025年民生实事项目")["body"] == "青川市"
    text2 = "为推动消费回暖,结合南湖区实际,制定如下措施。\n" + text
    assert _read(text2)["body"] == "南湖区"
    text3 = "成都要打造消费中心。\n" + text + "推动成都市商圈提档升级。\n"
    assert _read(text3)["body"] == "成都市"
