"""Title and boilerplate of page shapes met on real county and provincial sites (issue 8), in
both scripts: skip links above the headline, a photo's alt text with its credit on one line,
list headings (推荐文章, 热点文章), bracketed page tools after a click counter, record ids, a
byline glued to its clock time, a document library's detail table written as pipe rows, a
notice headline with its document number, an issuer's red header above a 关于 headline, a news
report that prints the document it announces (全文如下), and the unit notes of a task list that
name 主办单位/协办单位 like a site footer. Texts, places and people are fictional.
"""

from __future__ import annotations

from luoshi.intake import extract


def _read(page: str) -> dict:
    return extract(page.encode("utf-8"), "page.txt")


def _bare(text: str) -> str:
    return "".join(text.split())


SKIP_LINKS = """跳转到路径导航栏
跳转到正文内容
青溪县召开春季农业生产调度会
2024-03-06 09:12:40来源:青溪发布微信
会场 图片来源:青溪县融媒体中心
3月5日，青溪县召开春季农业生产调度会，副县长周启明出席会议并讲话。
会议要求，各乡镇要抓紧抓实春耕备耕，确保粮食播种面积稳定。
3902114877701520031
推荐文章
热点文章
青溪县部署森林防火工作
"""

SKIP_LINKS_HANT = """跳轉到路徑導航欄
跳轉到正文內容
臨川縣召開防汛工作部署會
來源: 作者: 發布時間:2023年06月02日 點擊數:
次 [添加收藏]
會議現場 圖片來源:臨川縣新聞中心
6月1日，臨川縣召開防汛工作部署會，縣委副書記許文清主持會議。
會議強調，各部門要壓緊壓實防汛責任，確保安全度汛。
熱門資訊
臨川縣開展安全生產檢查
"""


def test_skip_links_and_captions_are_not_the_headline() -> None:
    for page, title in ((SKIP_LINKS, "青溪县召开春季农业生产调度会"), (SKIP_LINKS_HANT, "臨川縣召開防汛工作部署會")):
        rec = _read(page)
        assert rec["title"] == title
        bp = set(rec["boilerplate"])
        assert not any("召开" in line or "召開" in line for line in bp if "会议" in line or "會議" in line)
        for chrome in ("跳转到路径导航栏", "跳转到正文内容", "跳轉到路徑導航欄", "跳轉到正文內容"):
            if chrome in page:
                assert chrome in bp
        assert "主持会议" not in " ".join(bp)
        assert all("图片来源" not in line and "圖片來源" not in line for line in rec["text"].splitlines())


def test_ids_counters_list_headings_and_glued_bylines_go() -> None:
    rec = _read(SKIP_LINKS)
    bp = set(rec["boilerplate"])
    assert {"2024-03-06 09:12:40来源:青溪发布微信", "3902114877701520031", "推荐文章", "热点文章",
            "会场 图片来源:青溪县融媒体中心"} <= bp
    assert "青溪县部署森林防火工作" in bp  # a related headline under the list heading
    assert "粮食播种面积稳定" in rec["text"]
    rec = _read(SKIP_LINKS_HANT)
    assert {"次 [添加收藏]", "熱門資訊", "會議現場 圖片來源:臨川縣新聞中心"} <= set(rec["boilerplate"])


def test_a_short_number_in_the_article_stays() -> None:
    page = SKIP_LINKS.replace("3902114877701520031", "全县共落实种粮大户1280户。")
    assert "1280" in _read(page)["text"]


DOC_LIBRARY = """临川市人民政府关于印发2024年市《政府工作报告》重点任务分工方案的通知 (临府〔2024〕9号)
时间: 2024-04-02
来源: 临川市人民政府
核心提示:
《2024年市〈政府工作报告〉重点任务分工方案》已经市政府常务会议审议通过，现印发给你们，请认真贯彻执行。
发布单位 |
临川市人民政府
|
发布文号 | 临府〔2024〕9号 |
发布日期 | 2024-03-28 | 生效日期 | 2024-03-28 |
有效性状态 | 有效 | 废止日期 | 暂无 |
属性 | 专业属性 | 其他 | |
备注 |
各县（区）人民政府，市政府各部门：
《2024年市〈政府工作报告〉重点任务分工方案》已经市政府常务会议审议通过，现印发给你们，请认真贯彻执行。
临川市人民政府
2024年3月28日
2024年市《政府工作报告》重点任务分工方案
一、主要预期目标
1.地区生产总值增长6%左右。
分管市领导：韩书远
部门分工：市发展改革委牵头，各县（区）、各部门配合。
2.城乡居民人均可支配收入与经济增长同步。
分管市领导：韩书远
部门分工：市人力资源社会保障局牵头，市统计局配合。
"""


def test_a_document_library_page() -> None:
    rec = _read(DOC_LIBRARY)
    assert rec["title"] == "临川市人民政府关于印发2024年市《政府工作报告》重点任务分工方案的通知 (临府〔2024〕9号)"
    bp = set(rec["boilerplate"])
    assert {"核心提示:", "发布单位 |", "发布文号 | 临府〔2024〕9号 |", "有效性状态 | 有效 | 废止日期 | 暂无 |",
            "属性 | 专业属性 | 其他 | |", "备注 |"} <= bp
    assert "部门分工：市发展改革委牵头，各县（区）、各部门配合。" in rec["text"]


def test_a_task_table_header_named_remarks_stays() -> None:
    # 备注 | is a column of a task table written one cell a line: no metadata row above it
    page = """临川市2024年重点项目推进清单
序号 |
项目名称 |
责任单位 |
备注 |
1 |
城东污水处理厂扩建工程 |
市住建局 |
续建 |
"""
    assert "备注 |" not in _read(page)["boilerplate"]


RED_HEADER_HANT = """臨府發〔2024〕3號
臨川縣人民政府
關於印發臨川縣2024年十件民生實事的通知
各鄉鎮人民政府，縣政府各部門：
《臨川縣2024年十件民生實事》已經縣人民代表大會審議通過，現印發給你們，請認真組織實施。
臨川縣人民政府
2024年3月2日
"""


def test_the_issuer_above_a_notice_headline_is_its_red_header() -> None:
    rec = _read(RED_HEADER_HANT)
    assert rec["title"] == "關於印發臨川縣2024年十件民生實事的通知"
    assert "臨川縣人民政府" not in rec["boilerplate"]
    # a headline broken inside the issuer's phrase still joins
    broken = RED_HEADER_HANT.replace("臨川縣人民政府\n關於印發臨川縣2024年十件民生實事的通知",
                                     "臨川縣人民政府關於印發臨川縣2024年\n十件民生實事的通知")
    assert _read(broken)["title"] == "臨川縣人民政府關於印發臨川縣2024年十件民生實事的通知"


def test_a_notice_under_a_news_headline_is_not_joined_to_it() -> None:
    page = """速看！青溪县2024年民生实事项目名单发布
2024-02-18 17:26:29来源:青溪发布
中共青溪县委 青溪县人民政府关于开展2024年民生实事工作的通知
各乡镇党委、政府，县直各单位：
经研究决定，2024年县委、县政府继续开展民生实事工作，现将工作计划印发给你们，请认真组织实施。
"""
    rec = _read(page)
    assert rec["title"] == "速看！青溪县2024年民生实事项目名单发布"


FULL_TEXT = """日前，青溪县印发《青溪县空气质量提升行动方案(2024-2025年)》。全文如下：
青溪县空气质量提升行动方案(2024-2025年)
为持续改善全县空气质量，结合青溪实际，制定本方案。
一、工作任务
1.淘汰落后产能。全面排查高耗能企业，依法关停不达标生产线。牵头单位：县发展改革局；配合单位：县生态环境分局。
"""


def test_a_report_that_prints_the_document_it_announces() -> None:
    rec = _read(FULL_TEXT)
    assert rec["title"] == "青溪县空气质量提升行动方案(2024-2025年)"
    hant = _read("""近日，臨川縣印發《臨川縣空氣質量提升行動方案（2024—2025年）》，全文刊發如下：
臨川縣空氣質量提升行動方案（2024—2025年）
為持續改善全縣空氣質量，結合臨川實際，制定本方案。
""")
    assert hant["title"] == "臨川縣空氣質量提升行動方案（2024—2025年）"
    # a lead that quotes another document does not make the next line a title
    other = FULL_TEXT.replace("《青溪县空气质量提升行动方案(2024-2025年)》", "《大气污染防治行动计划》")
    assert _read(other)["title"] != "青溪县空气质量提升行动方案(2024-2025年)"


UNIT_NOTES = """青溪县2024年为民办实事项目
一、城乡环境提升
(1)改造城东老旧小区。完成城东片区12个老旧小区改造。
主办单位:县城投公司,协办单位:县住建局、城关镇。
(2)建设滨江公园。新建滨江休闲步道3公里。
主办单位:县住建局,协办单位:县水利局、城关镇。
(3)提升城西路网。
主办单位:县交通运输局,协办单位:城西镇。
"""

UNIT_NOTES_HANT = """臨川縣2024年為民辦實事項目
(1)改造城東老舊小區。完成城東片區8個老舊小區改造。
主辦單位:縣城投公司,協辦單位:縣住建局、城關鎮。
(2)建設濱江公園。新建濱江休閒步道2公里。
主辦單位:縣住建局,協辦單位:縣水利局。
主辦單位:臨川縣人民政府辦公室 承辦單位:臨川縣信息中心
"""


def test_sponsor_notes_under_tasks_are_the_tasks_units() -> None:
    rec = _read(UNIT_NOTES)
    assert not any("协办单位" in line for line in rec["boilerplate"])
    assert rec["kind"] == "key_task_list"
    tasks = rec["meetings"][0]["directives"]
    assert tasks[0]["lead"] == ["县城投公司"] and tasks[0]["support"] == ["县住建局", "城关镇"]
    rec = _read(UNIT_NOTES_HANT)
    assert not any("協辦單位:縣" in line for line in rec["boilerplate"])
    # the site's footer stays boilerplate
    assert "主辦單位:臨川縣人民政府辦公室 承辦單位:臨川縣信息中心" in rec["boilerplate"]
