"""Rules on reports unlike the development set (texts written for these tests; people fictional).

Each report stands for a kind of document the intake meets in other provinces and bodies:
a joint meeting with a rotating chair held by video, a standing meeting of a city government
in Traditional script with half-width punctuation, a Party-group meeting, a promotion meeting,
a text without punctuation, a provincial video conference with main and branch venues, a
district standing committee with a roster (出席会议的还有…), compound surnames, given names
with 一/和/文/明/平, posts after the name, and pledges (将…).
"""

from __future__ import annotations

import datetime as dt

import opencc

from luoshi.intake import extract
from luoshi.intake.areas import classify
from luoshi.intake.directives import has_marker
from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def _meeting(text: str, published: dt.date | None = dt.date(2025, 3, 24)) -> dict:
    meetings, _warnings = read_meetings(text, _T2S(text), published)
    assert len(meetings) == 1
    return meetings[0]


def _people(m: dict) -> dict[str, dict]:
    return {p["name"]: p for p in m["people"]}


def _kinds(m: dict) -> list[str]:
    return [a["kind"] for a in m["agenda"]]


JOINT_VIDEO = (
    "3月5日下午，长江中游四城第九次联席会议以视频会议形式召开。本次会议由合肥市轮值主办，合"
    "肥设主会场。合肥市委副书记、市长欧阳文明主持会议并讲话，武汉市副市长司马一帆，长沙市副市"
    "长上官和平，南昌市副市长李明文分别在武汉分会场、长沙分会场和南昌分会场出席会议并发言。\n"
    "会议听取了联席会议办公室关于2024年合作事项推进情况的汇报，审议通过《2025年合作重"
    "点事项清单》，研究部署下一阶段重点工作。\n"
    "会议指出，一年来四城合作取得了重要进展，主要合作指标保持较快增长。\n"
    "会议强调，一是要加快推进跨省通办事项扩容，实现高频政务服务事项“一网通办”；二是要共同推"
    "动沿江高铁建设，加强城际铁路规划衔接；三是要深化科技创新协同，共建重大科技基础设施。\n"
    "欧阳文明表示，合肥将牵头编制四城产业链协作图谱，年底前发布第一批合作项目。\n"
    "在长沙分会场参加会议的有：长沙市政府秘书长胡建平，市发展改革委主任文一平。"
)

STANDING_HANT = (
    "6月12日上午,市長張和平主持召開市政府第38次常務會議,傳達學習國務院常務會議精神,聽"
    "取全市防汛工作情況匯報,審議《關於加快發展銀髮經濟的實施意見》。副市長王一兵、劉文、陳明"
    "遠,市政府秘書長趙平出席會議。\n"
    "會議指出,當前已進入主汛期,全市降雨偏多。會議要求,各地各部門要壓緊壓實防汛責任,嚴格落"
    "實24小時值班制度。要加強對水庫、河道、地質災害隱患點的巡查,確保安全度汛。\n"
    "會議強調,要把發展銀髮經濟作為改善民生的重要舉措,加快完善養老服務體系,6月底前出台配套"
    "政策。"
)

PARTY_GROUP = (
    "近日，市财政局党组书记、局长周文明主持召开局党组会议，传达学习全国财政工作会议精神，研究"
    "部署2025年重点工作。局党组成员、副局长孙一鸣、吴和生出席会议。\n"
    "会议要求，全局上下要牢固树立过紧日子思想，严格预算执行管理。会议强调，必须加强财会监督，"
    "确保财政资金安全。\n"
    "孙一鸣表示，将抓紧制定落实措施，一季度完成专项检查。"
)

PROMOTION = (
    "昨天下午，全市优化营商环境推进会召开。市委书记陆明远出席会议并讲话，市长许文平主持会议。"
    "市领导何一凡、欧阳春和、沈平出席会议。\n"
    "会议通报了2024年度营商环境评价结果，市发展改革委、市市场监管局作交流发言。\n"
    "陆明远强调，一是要对标一流，持续深化“放管服”改革；二是要聚焦企业需求，推动惠企政策直达"
    "快享；三是要强化作风建设，切实提升服务效能。\n"
    "许文平要求，各级各部门要把优化营商环境作为“一把手”工程，主要负责同志要亲自抓。\n"
    "高新区表示，我区将围绕企业全生命周期服务，年内推出20项集成改革举措。县里将在三季度前完"
    "成审批事项清单梳理。"
)

VIDEO_CONFERENCE = (
    "上周五，全省安全生产电视电话会议召开。会议在省政府设主会场，各市、县（市、区）设分会场。"
    "副省长、省安委会主任欧阳一鸣出席会议并讲话，省政府副秘书长马和平主持会议。\n"
    "会议传达学习了全国安全生产电视电话会议精神，书面审议了《全省安全生产专项整治三年行动总结"
    "报告》，讨论了《2025年安全生产工作要点》。\n"
    "欧阳一鸣指出，今年以来全省安全生产形势总体平稳。他要求，要深入开展安全生产治本攻坚三年行"
    "动，加强危化品、燃气、建筑施工等重点行业领域隐患排查整治；要严格落实企业主体责任，确保不"
    "发生重特大事故。\n"
    "省应急管理厅厅长宋明、省消防救援总队总队长韩一帆在主会场参加会议。各市政府分管负责同志及"
    "应急管理部门主要负责同志在各分会场参加会议。"
)

DISTRICT_COMMITTEE = (
    "日前，区委书记钱和平主持召开区委常委会会议，学习贯彻党的二十届三中全会精神，听取区纪委监"
    "委关于巡察整改情况的汇报，审议区委全面深化改革委员会2025年工作要点。\n"
    "会议强调，全区各级党组织要把学习贯彻全会精神作为当前和今后一个时期的重大政治任务。要坚持"
    "以改革为动力，着力破解发展中的体制机制障碍。需要注意的是，改革任务要清单化推进。\n"
    "出席会议的还有区委副书记、区长徐一凡，区委常委李文、张明、陈平。"
)

TOPIC_RAIL = (
    "本報訊 5月20日,省發改委召開專題會議,研究部署全省鐵路建設重點工作。省發展改革委黨組"
    "書記、主任端木文和主持會議並講話,委黨組成員、副主任夏侯一凡作工作部署。\n"
    "會議聽取了省鐵路集團關於在建項目進展情況的匯報。\n"
    "會議指出,今年全省鐵路建設投資計劃為560億元,任務艱巨。會議要求,要倒排工期、掛圖作戰"
    ",確保沿江高鐵年底前具備鋪軌條件。要加強要素保障,協調解決徵地拆遷中的難點問題。\n"
    "省交通運輸廳、省自然資源廳、省鐵路集團有關負責同志參加會議。"
)

PARTY_GROUP_POSTS_AFTER = (
    "日前，省委副书记、省长、省政府党组书记令狐明主持召开省政府党组会议，传达学习习近平总书记"
    "重要讲话精神，研究我省贯彻落实意见。省政府党组副书记、常务副省长皇甫文出席会议。\n"
    "会议认为，总书记的重要讲话为做好今年工作指明了方向。会议强调，省政府党组要切实担负起主要"
    "责任，主要负责同志要亲自研究部署。要按照会议纪要明确的分工，逐项抓好落实。需要各部门密切"
    "配合的事项，由省政府办公厅统一协调。\n"
    "会议要求，各地各部门要坚持稳中求进工作总基调，统筹抓好稳增长、促改革、调结构、惠民生、防"
    "风险各项工作。\n"
    "省发展改革委张一鸣主任、李和副主任，省财政厅钱文厅长列席会议。"
)

PROJECTS_AT_A_PLACE = (
    "3月18日，全市重大项目建设推进会在市行政中心召开。市委书记张文明、市长李平出席会议并讲"
    "话，市委副书记陈和主持会议。\n"
    "会议对一季度重大项目推进情况进行了通报，市住建局、市自然资源和规划局、经开区先后发言。\n"
    "张文明指出，项目是经济工作的生命线。他强调，要牢固树立“项目为王”理念，加快推进重大项目"
    "落地见效；要强化要素保障，对重点项目用地、用能、资金需求优先保障。\n"
    "李平要求，各板块要建立重大项目周调度、月通报制度，确保上半年新开工项目不少于50个。\n"
    "经开区表示，将全力推进新能源汽车产业园二期建设，6月底前实现主体结构封顶。"
)

JOINT_HANT = (
    "上週五下午,省推進區域協調發展聯席會議第三次會議在福州召開。副省長、聯席會議召集人上官明"
    "主持會議並講話,省政府副秘書長歐陽和平通報了上一年度工作情況。\n"
    "會議審議通過了《2025年區域協調發展工作要點》。\n"
    "上官明強調,一是要推動山海協作提質增效,加快推進對口幫扶項目建設;二是要完善區域合作機制"
    ",深化閩西南協同發展區建設;三是要加強督查考核,確保各項任務按期完成。\n"
    "廈門市副市長司徒文、三明市副市長宇文一鳴作交流發言。聯席會議成員單位有關負責同志參加會議"
    "。"
)
DEMO_ATTENDEES = (
    "苏州市委书记严景和在苏州分会场作交流发言。南通市委副书记、市长邵一鸣在南通分会场参加会议，"
    "盐城市委副书记、市长曹立新在盐城分会场参加会议。领导小组成员单位主要负责同志分别在主会场和"
    "无锡分会场、徐州分会场等各地分会场参加会议。"
)


# ---- the misses found on the demo report --------------------------------------------------------

def test_venue_list_splits_into_one_venue_per_branch():
    m = _meeting("2月12日，省推进东西协作领导小组召开第五次全体会议。会议以视频形式召开。" + DEMO_ATTENDEES)
    names = [v["name"] for v in m["venues"]]
    assert names == ["苏州分会场", "南通分会场", "盐城分会场", "无锡分会场", "徐州分会场"]
    assert not any(v["is_main"] for v in m["venues"])
    assert {v["region"] for v in m["venues"]} == {"苏州", "南通", "盐城", "无锡", "徐州"}


def test_name_before_a_conjunction_keeps_its_third_character():
    people = _people(_meeting(DEMO_ATTENDEES))
    assert "严景和" in people and "严景" not in people
    assert people["严景和"]["roles"] == ["exchange"]
    # a real conjunction still joins two names
    people = _people(_meeting("3月2日，市政府召开常务会议。副市长王明和李华出席会议。"))
    assert set(people) == {"王明", "李华"}


def test_yi_is_a_given_name_character_outside_function_words():
    people = _people(_meeting(DEMO_ATTENDEES))
    assert people["邵一鸣"]["posts"] == ["南通市委副书记", "市长"]
    assert people["邵一鸣"]["venue"] == "南通分会场"
    # 一是/一起 after a title are not names
    m = _meeting("3月2日，市政府召开常务会议。会议由市长主持。会议强调，一是要抓好春耕生产。")
    assert m["people"] == []


def test_venue_of_a_roster_paragraph_is_everyones_venue():
    people = _people(_meeting(JOINT_VIDEO))
    assert people["胡建平"]["venue"] == "长沙分会场"
    assert people["文一平"]["venue"] == "长沙分会场"
    assert people["胡建平"]["roles"] == ["attendee"]
    assert people["文一平"]["posts"] == ["市发展改革委主任"]


def test_work_area_weighs_specific_keywords_over_generic_ones():
    assert classify("要围绕社保转移等高频事项扩大跨省通办清单。")[0] == "economy"
    assert classify("要盯紧跨省铁路在建工程，把年度投资计划分解到月。")[0] == "infrastructure"
    assert classify("要让自贸试验区各片区推出可复制的改革经验，开展联合招商。")[0] == "opening_up"
    assert classify("要支持吴江在示范区内先行试验，形成制度创新成果。")[0] == "demonstration_zone"
    assert classify("要推动嘉善片区和青浦片区规划统一。")[0] == "demonstration_zone"
    # a keyword inside a longer keyword does not count for its own area
    area, words = classify("要对标自由贸易试验区，优化营商环境。")
    assert "试验区" not in words and "环境" not in words


# ---- a joint meeting with a rotating chair, by video -------------------------------------------

def test_joint_meeting_by_video_with_rotating_chair():
    m = _meeting(JOINT_VIDEO, dt.date(2025, 3, 6))
    assert m["session"] == "第九次联席会议"
    assert m["format"] == "video"
    assert (m["date"]["text"], m["date"]["value"]) == ("3月5日下午", "2025-03-05")
    assert [(v["name"], v["is_main"]) for v in m["venues"]] == [
        ("合肥主会场", True), ("武汉分会场", False), ("长沙分会场", False), ("南昌分会场", False)]
    people = _people(m)
    assert people["欧阳文明"]["posts"] == ["合肥市委副书记", "市长"]
    assert set(people["欧阳文明"]["roles"]) == {"chair", "speaker"}
    # 分别在X、Y和Z分会场: the i-th person sits at the i-th venue
    assert people["司马一帆"]["venue"] == "武汉分会场"
    assert people["上官和平"]["venue"] == "长沙分会场"
    assert people["李明文"]["venue"] == "南昌分会场"
    assert set(people["上官和平"]["roles"]) == {"attendee", "exchange"}
    assert _kinds(m) == ["hear_report", "adopt", "deploy"]
    texts = [d["text"] for d in m["directives"]]
    assert len(texts) == 3 and texts[1].startswith("二是要")
    assert all("主要合作指标" not in t for t in texts)  # 会议指出 + facts, 主要 is no marker
    assert [d["area"] for d in m["directives"]] == ["economy", "infrastructure", "innovation"]
    assert [(c["party"], c["text"][:6]) for c in m["commitments"]] == [("合肥", "欧阳文明表示")]


# ---- a standing meeting, Traditional with half-width punctuation -------------------------------

def test_standing_meeting_traditional_half_width():
    m = _meeting(STANDING_HANT, dt.date(2025, 6, 13))
    assert m["body"] == "市政府"
    assert m["session"] == "第38次常務會議"
    assert (m["date"]["text"], m["date"]["value"]) == ("6月12日上午", "2025-06-12")
    people = _people(m)
    assert people["張和平"]["posts"] == ["市長"] and people["張和平"]["roles"] == ["chair"]
    assert set(people) == {"張和平", "王一兵", "劉文", "陳明遠", "趙平"}
    assert people["趙平"]["posts"] == ["市政府秘書長"]
    assert all(people[n]["roles"] == ["attendee"] for n in ("王一兵", "劉文", "陳明遠"))
    assert _kinds(m) == ["convey", "hear_report", "adopt"]
    texts = [d["text"] for d in m["directives"]]
    assert len(texts) == 3
    assert not any(t.startswith("會議指出") for t in texts)
    assert m["directives"][-1]["deadline"] == {"text": "6月底前", "value": "2025-06-30"}
    assert m["directives"][0]["area"] == "epidemic_emergency"


# ---- a Party-group meeting --------------------------------------------------------------------

def test_party_group_meeting_and_a_speakers_pledge():
    m = _meeting(PARTY_GROUP)
    assert m["body"] == "局党组"
    assert m["date"]["text"] == "近日"
    people = _people(m)
    assert people["周文明"]["posts"] == ["市财政局党组书记", "局长"]
    assert people["孙一鸣"]["posts"] == ["局党组成员", "副局长"]
    assert "吴和生" in people
    assert _kinds(m) == ["convey", "deploy"]
    assert len(m["directives"]) == 2
    # 某某表示,将…: the speaker pledges
    assert [c["party"] for c in m["commitments"]] == ["孙一鸣"]


# ---- a promotion meeting: 市领导A、B、C, 一是/二是/三是, pledges --------------------------------

def test_promotion_meeting_shared_posts_numbered_requirements_and_pledges():
    m = _meeting(PROMOTION, dt.date(2025, 3, 7))
    assert (m["date"]["text"], m["date"]["value"]) == ("昨天下午", "2025-03-06")
    people = _people(m)
    for name in ("何一凡", "欧阳春和", "沈平"):
        assert people[name]["posts"] == ["市领导"]
        assert people[name]["roles"] == ["attendee"]
    assert set(people["陆明远"]["roles"]) == {"attendee", "speaker"}
    assert set(people["许文平"]["roles"]) == {"chair", "speaker"}
    assert _kinds(m) == ["other"]
    texts = [d["text"] for d in m["directives"]]
    assert [t[:3] for t in texts[:3]] == ["陆明远", "二是要", "三是要"]
    assert texts[3].startswith("许文平要求")
    assert [c["party"] for c in m["commitments"]] == ["我区", "县里"]


# ---- a text without any punctuation -----------------------------------------------------------

def test_text_without_punctuation():
    data = (
        "市防汛抗旱指挥部召开防汛工作专题会议\n"
        "7月8日上午市防汛抗旱指挥部召开防汛工作专题会议 市委副书记市长总指挥王一平主持会议并讲话"
        " 副市长副总指挥赵文和出席会议\n"
        "会议听取了市水利局关于当前汛情的汇报\n"
        "会议要求各地要立即进入临战状态 各级防汛责任人必须上岗到位\n"
    )
    record = extract(data.encode("utf-8"), "flood.txt", published=dt.date(2025, 7, 9))
    assert record["title"] == "市防汛抗旱指挥部召开防汛工作专题会议"
    assert record["subtitle"] == ""
    assert len(record["text"].split("\n")) == 3  # lines are not glued together
    m = record["meetings"][0]
    assert m["body"] == "市防汛抗旱指挥部"
    assert m["kind"] == "topic"
    assert (m["date"]["text"], m["date"]["value"]) == ("7月8日上午", "2025-07-08")
    people = _people(m)
    assert set(people["王一平"]["roles"]) == {"chair", "speaker"}
    assert people["赵文和"]["roles"] == ["attendee"]
    assert _kinds(m) == ["hear_report"]
    assert [d["text"] for d in m["directives"]] == ["会议要求各地要立即进入临战状态", "各级防汛责任人必须上岗到位"]


# ---- a provincial video conference ------------------------------------------------------------

def test_video_conference_main_venue_set_at_a_body_and_written_review():
    m = _meeting(VIDEO_CONFERENCE, dt.date(2025, 3, 5))
    assert (m["date"]["text"], m["date"]["value"]) == ("上周五", "2025-02-28")
    assert m["format"] == "video"
    assert [(v["name"], v["is_main"]) for v in m["venues"]] == [("省政府主会场", True)]
    people = _people(m)
    assert people["欧阳一鸣"]["posts"] == ["副省长", "省安委会主任"]
    assert set(people["欧阳一鸣"]["roles"]) == {"attendee", "speaker"}
    assert people["马和平"]["roles"] == ["chair"]
    assert people["韩一帆"]["venue"] == "主会场"
    assert _kinds(m) == ["convey", "adopt", "other"]
    assert m["agenda"][1]["text"].startswith("书面审议了")
    assert [d["area"] for d in m["directives"]] == ["safety", "safety"]


# ---- a district standing committee: roster of attendees ---------------------------------------

def test_roster_after_chu_xi_hui_yi_de_hai_you():
    m = _meeting(DISTRICT_COMMITTEE)
    assert m["body"] == "区委常委会"
    assert m["date"]["text"] == "日前"
    people = _people(m)
    assert people["徐一凡"]["posts"] == ["区委副书记", "区长"]
    for name in ("徐一凡", "李文", "张明", "陈平"):
        assert people[name]["roles"] == ["attendee"]
    assert people["李文"]["posts"] == ["区委常委"]
    assert _kinds(m) == ["study", "hear_report", "adopt"]
    assert len(m["directives"]) == 3  # 需要注意的是… counts: 需要 is a marker


def test_roster_of_bare_names():
    m = _meeting("3月3日，县政府召开专题会议，研究春耕生产工作。县长高文主持会议。出席会议的还有于明、孙和平同志。")
    people = _people(m)
    assert {k: people["于明"][k] for k in ("name", "posts", "roles", "venue")} == {
        "name": "于明", "posts": [], "roles": ["attendee"], "venue": None}  # + rule, confidence
    assert people["孙和平"]["roles"] == ["attendee"]


# ---- a Party-group meeting with posts after names and a quoted leader ---------------------------

def test_posts_after_names_and_quoted_leader_is_no_participant():
    m = _meeting(PARTY_GROUP_POSTS_AFTER)
    people = _people(m)
    assert "习近平" not in people
    assert people["令狐明"]["posts"] == ["省委副书记", "省长", "省政府党组书记"]
    assert people["皇甫文"]["posts"] == ["省政府党组副书记", "常务副省长"]
    assert people["张一鸣"]["posts"] == ["主任"]
    assert people["李和"]["posts"] == ["副主任"]
    assert people["钱文"]["posts"] == ["厅长"]
    assert all(people[n]["roles"] == ["attendee"] for n in ("张一鸣", "李和", "钱文"))
    texts = [d["text"] for d in m["directives"]]
    assert not any(t.startswith("会议认为") for t in texts)
    assert any(t.startswith("要按照会议纪要") for t in texts)
    assert any(t.startswith("需要各部门") for t in texts)


def test_yao_inside_words_is_no_marker():
    assert not has_marker("会议认为，总书记的重要讲话指明了方向。")
    assert not has_marker("主要指标保持增长，会议纪要已印发。")
    assert not has_marker("会议要求，各地抓好落实。")
    assert has_marker("需要各部门密切配合。")
    assert has_marker("主要负责同志要亲自抓。")


# ---- a promotion meeting at a place; speakers' reports; Traditional joint meeting ---------------

def test_promotion_meeting_at_a_place():
    m = _meeting(PROJECTS_AT_A_PLACE)
    assert m["format"] == "in_person"
    assert [v["name"] for v in m["venues"]] == ["市行政中心"]
    people = _people(m)
    assert people["张文明"]["posts"] == ["市委书记"] and people["李平"]["posts"] == ["市长"]
    assert set(people["李平"]["roles"]) == {"attendee", "speaker"}
    assert people["陈和"]["roles"] == ["chair"]
    assert _kinds(m) == ["other"]  # 进行了通报
    assert [d["area"] for d in m["directives"]] == ["economy", "economy", "economy"]
    assert m["directives"][2]["deadline"]["value"] == "2025-06-30"
    assert [c["party"] for c in m["commitments"]] == ["经开区"]


def test_joint_meeting_traditional_compound_surnames():
    m = _meeting(JOINT_HANT)
    assert m["body"] == "省推進區域協調發展聯席會議"
    assert m["session"] == "第三次會議"
    assert (m["date"]["text"], m["date"]["value"]) == ("上週五下午", "2025-03-21")
    assert [v["name"] for v in m["venues"]] == ["福州"]
    people = _people(m)
    assert people["上官明"]["posts"] == ["副省長", "聯席會議召集人"]
    assert people["歐陽和平"]["roles"] == ["speaker"]  # 通報了…情況 is a report
    assert people["司徒文"]["roles"] == ["exchange"]
    assert people["宇文一鳴"]["posts"] == ["三明市副市長"]
    assert _kinds(m) == ["hear_report", "adopt"]  # a participant's 通報了…情況 is heard
    assert len(m["directives"]) == 3


def test_county_pledges_and_deictic_parties():
    m = _meeting("3月3日，市政府召开专题会议。会上，县里表示将在年内完成改造。"
                 "我县将加快推进项目建设。市交通局表示，将在6月底前完成招标。")
    assert [c["party"] for c in m["commitments"]] == ["我县", "市交通局"]


def test_topic_meeting_of_a_commission_traditional():
    m = _meeting(TOPIC_RAIL)
    assert m["body"] == "省發改委"
    assert m["kind"] == "topic"
    assert m["date"]["text"] == "5月20日"
    people = _people(m)
    assert people["端木文和"]["posts"] == ["省發展改革委黨組書記", "主任"]
    assert set(people["端木文和"]["roles"]) == {"chair", "speaker"}
    assert people["夏侯一凡"]["roles"] == ["speaker"]
    assert _kinds(m) == ["deploy", "hear_report"]
    texts = [d["text"] for d in m["directives"]]
    assert len(texts) == 2 and not any(t.startswith("會議指出") for t in texts)
    assert m["directives"][0]["area"] == "infrastructure"
    assert m["directives"][0]["deadline"]["text"] == "年底前"
