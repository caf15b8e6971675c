"""The sample programme: a fictional year of Jiangsu's YRD leading group.

Every sentence here was written for the demo; none is taken from a real
report, and every person is invented (tests/demo/test_demo.py checks both
against the evaluation corpus). Kept apart from builder.py so the story can
be edited without touching the code that writes it.

Organizations are referred to by their short name throughout; the builder
maps short names to rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

D = dt.date

PASSWORD = "Luoshi-demo-2026"

PROVINCE_CODE = "320000"
GROUP_NAME = "江苏省推进长三角一体化发展领导小组"
GROUP_SHORT = "省长三角领导小组"
OFFICE_NAME = "江苏省推进长三角一体化发展领导小组办公室"
OFFICE_SHORT = "领导小组办公室"
GOVERNMENT_NAME = "江苏省人民政府"
GOVERNMENT_SHORT = "省政府"

# (full name, short name) of the provincial departments, all under the provincial government.
DEPARTMENTS: list[tuple[str, str]] = [
    ("江苏省发展和改革委员会", "省发展改革委"),
    ("江苏省科学技术厅", "省科技厅"),
    ("江苏省工业和信息化厅", "省工业和信息化厅"),
    ("江苏省交通运输厅", "省交通运输厅"),
    ("江苏省生态环境厅", "省生态环境厅"),
    ("江苏省商务厅", "省商务厅"),
    ("江苏省教育厅", "省教育厅"),
    ("江苏省卫生健康委员会", "省卫生健康委"),
    ("江苏省人力资源和社会保障厅", "省人力资源社会保障厅"),
    ("江苏省应急管理厅", "省应急管理厅"),
    ("江苏省财政厅", "省财政厅"),
    ("江苏省自然资源厅", "省自然资源厅"),
]

# City governments are named after the prefecture regions under the province
# (南京市 → 南京市人民政府, short 南京市政府); the builder derives them from Region.


# --- people, posts and seats in the group -----------------------------------
# (name, [(post title, organization short name or None)], membership role or None)
PEOPLE: list[tuple[str, list[tuple[str, str | None]], str | None]] = [
    ("韩东岳", [("省委书记", None), ("省推进长三角一体化发展领导小组第一组长", GROUP_SHORT)], "first_leader"),
    ("沈启明", [("省长", GOVERNMENT_SHORT), ("省推进长三角一体化发展领导小组组长", GROUP_SHORT)], "leader"),
    ("蒋守成", [("常务副省长", GOVERNMENT_SHORT), ("省推进长三角一体化发展领导小组副组长", GROUP_SHORT)],
     "deputy_leader"),
    ("陶立群", [("副省长", GOVERNMENT_SHORT), ("省推进长三角一体化发展领导小组副组长", GROUP_SHORT)],
     "deputy_leader"),
    ("顾承志", [("省发展改革委主任", "省发展改革委"), ("领导小组办公室主任", OFFICE_SHORT)], "member"),
    ("方鸿", [("省科技厅厅长", "省科技厅")], "member"),
    ("钱卫东", [("省交通运输厅厅长", "省交通运输厅")], "member"),
    ("陆晓岚", [("省生态环境厅厅长", "省生态环境厅")], "member"),
    ("宋文涛", [("省财政厅厅长", "省财政厅")], "member"),
    ("葛怀远", [("南通市委书记", "南通市政府")], None),
    ("邵一鸣", [("南通市委副书记", "南通市政府"), ("市长", "南通市政府")], None),
    ("严景和", [("苏州市委书记", "苏州市政府")], None),
    ("曹立新", [("盐城市委副书记", "盐城市政府"), ("市长", "盐城市政府")], None),
]

POST_START = D(2025, 1, 1)


# --- accounts ------------------------------------------------------------------
# (username, display name, role, organization short name or None, is_staff)
PERSONAS: list[tuple[str, str, str, str | None, bool]] = [
    ("office", "周敏", "office_admin", OFFICE_SHORT, True),
    ("dept", "陈立", "unit_reporter", "省发展改革委", False),
    ("city", "林晓", "unit_reporter", "南通市政府", False),
    ("leader", "何建平", "unit_leader", "南通市政府", False),
    ("member", "宋文涛", "group_member", GROUP_SHORT, False),
    ("security", "郑宇", "security_admin", None, False),
    ("audit", "冯洁", "audit_admin", None, False),
]

# Authors and approvers of the departments' sample reports. They cannot sign
# in (unusable password): the demo's front door is the seven personas above.
AUTHORS: list[tuple[str, str, str, str | None, bool]] = [
    ("fgw_leader", "马俊", "unit_leader", "省发展改革委", False),
    ("kjt", "吴倩", "unit_reporter", "省科技厅", False),
    ("kjt_leader", "潘志远", "unit_leader", "省科技厅", False),
    ("wjw", "刘芳", "unit_reporter", "省卫生健康委", False),
    ("wjw_leader", "唐学军", "unit_leader", "省卫生健康委", False),
    ("yjt", "丁磊", "unit_reporter", "省应急管理厅", False),
    ("yjt_leader", "袁海涛", "unit_leader", "省应急管理厅", False),
    ("gxt", "许嘉禾", "unit_reporter", "省工业和信息化厅", False),
    ("gxt_leader", "贺明轩", "unit_leader", "省工业和信息化厅", False),
    ("sthjt", "章若溪", "unit_reporter", "省生态环境厅", False),
    ("sthjt_leader", "雷振国", "unit_leader", "省生态环境厅", False),
    ("sz", "姚静怡", "unit_reporter", "苏州市政府", False),
    ("sz_leader", "谭宏亮", "unit_leader", "苏州市政府", False),
    ("bgs", "孔令瑶", "unit_reporter", OFFICE_SHORT, False),
    ("bgs_leader", "卢振华", "unit_leader", OFFICE_SHORT, False),
]

# The units' clerks (收发员) who sign for assignments where a unit has no
# other account; like the authors they cannot sign in.
CLERKS: list[tuple[str, str, str, str | None, bool]] = [
    ("czt", "韦思源", "unit_reporter", "省财政厅", False),
    ("zrzyt", "秦望舒", "unit_reporter", "省自然资源厅", False),
    ("swt", "邬嘉宁", "unit_reporter", "省商务厅", False),
    ("jyt", "柏雨桐", "unit_reporter", "省教育厅", False),
    ("rst", "计晓帆", "unit_reporter", "省人力资源社会保障厅", False),
    ("jtt", "蒲文昊", "unit_reporter", "省交通运输厅", False),
    ("wx", "滕子墨", "unit_reporter", "无锡市政府", False),
    ("cz", "乔安澜", "unit_reporter", "常州市政府", False),
    ("xz", "穆承泽", "unit_reporter", "徐州市政府", False),
    ("lyg", "岑海帆", "unit_reporter", "连云港市政府", False),
]


# --- the plenary ---------------------------------------------------------------
# The meeting, its directives and Nantong's commitments are not written into
# the database directly: the builder stores REPORT (a newspaper report of the
# plenary, written for the demo) as a source document, reads it with
# luoshi.intake through the intake job, and confirms it through the review
# flow (luoshi.ingest) as the office would. What follows is what the office
# confirms: the builder compares it with what the reading found and makes
# the reviewer's corrections where the two differ.
REPORT_PATH = Path(__file__).resolve().parent / "data" / "plenary_report.txt"
REPORT_FILENAME = "plenary_report.txt"
REPORT_PUBLISHED = D(2026, 2, 13)

MEETING_SEQUENCE = 5
MEETING_SESSION = "第五次全体会议"
MEETING_TITLE = "省推进长三角一体化发展领导小组第五次全体会议"
MEETING_DATE = D(2026, 2, 12)
MEETING_SUMMARY = (
    "会议以视频形式召开，南京设主会场，各设区市设分会场。会议回顾了2025年全省参与长三角一体化发展的进展，"
    "审议通过《2026年重点工作安排》，对今年的重点任务逐项明确牵头单位、配合单位和完成时限。"
)

# When the office did each step: (month, day, hour, minute) in 2026,
# Asia/Shanghai, like every time below. The report appeared the morning after
# the plenary; the office uploaded it, the intake job read it a minute later,
# and the office confirmed the review half an hour after that (the flow's
# events are written a second apart from there). Then the office completed
# the breakdown table task by task from TASKS_RECORDED, TASK_SPACING_MINUTES
# apart (external ids, start dates, work measures).
REPORT_STORED = (2, 13, 9, 0)
REPORT_READ = (2, 13, 9, 1)
REPORT_CONFIRMED = (2, 13, 9, 30)
TASKS_RECORDED = (2, 13, 10, 0)
TASK_SPACING_MINUTES = 6

# The intake's lead-unit table (ingest.AreaLead): the units the review page
# suggests for a directive of each work area. The office changes them per
# task where the plan says otherwise.
AREA_LEADS: dict[str, tuple[str, list[str]]] = {
    "economy": ("省发展改革委", ["省商务厅"]),
    "innovation": ("省科技厅", ["省工业和信息化厅"]),
    "infrastructure": ("省交通运输厅", ["省发展改革委"]),
    "opening_up": ("省商务厅", ["省发展改革委"]),
    "ecology": ("省生态环境厅", ["省自然资源厅"]),
    "demonstration_zone": ("苏州市政府", ["省发展改革委"]),
    "public_services": ("省卫生健康委", ["省人力资源社会保障厅"]),
    "epidemic_emergency": ("省应急管理厅", ["省卫生健康委"]),
    "safety": ("省应急管理厅", ["省交通运输厅"]),
    "general": (OFFICE_SHORT, ["省发展改革委"]),
}

# (venue name, region short name, is_main)
VENUES: list[tuple[str, str, bool]] = [
    ("南京主会场", "南京", True),
    ("南通分会场", "南通", False),
    ("苏州分会场", "苏州", False),
    ("盐城分会场", "盐城", False),
    ("无锡分会场", "无锡", False),
    ("徐州分会场", "徐州", False),
]

# (person, roles, posts as printed, venue)
PARTICIPANTS: list[tuple[str, list[str], str, str]] = [
    ("韩东岳", ["chair", "speaker"], "省委书记、省推进长三角一体化发展领导小组第一组长", "南京主会场"),
    ("沈启明", ["speaker"], "省长、省推进长三角一体化发展领导小组组长", "南京主会场"),
    ("葛怀远", ["exchange"], "南通市委书记", "南通分会场"),
    ("严景和", ["exchange"], "苏州市委书记", "苏州分会场"),
    ("蒋守成", ["attendee"], "常务副省长、省推进长三角一体化发展领导小组副组长", "南京主会场"),
    ("陶立群", ["attendee"], "副省长、省推进长三角一体化发展领导小组副组长", "南京主会场"),
    ("顾承志", ["attendee"], "省发展改革委主任、领导小组办公室主任", "南京主会场"),
    ("邵一鸣", ["attendee"], "南通市委副书记、市长", "南通分会场"),
    ("曹立新", ["attendee"], "盐城市委副书记、市长", "盐城分会场"),
]

# (kind, text)
AGENDA: list[tuple[str, str]] = [
    ("convey", "传达学习国家层面推动长三角一体化发展最新工作要求"),
    ("hear_report", "听取领导小组办公室关于2025年工作进展和2026年工作打算的汇报"),
    ("adopt", "审议通过《2026年重点工作安排》"),
    ("deploy", "部署2026年全省推进长三角一体化发展重点任务"),
]

# (key, work area slug, text), in the order the report prints them; every
# text is a sentence of REPORT. The key ties a directive to its task below.
DIRECTIVES: list[tuple[str, str, str]] = [
    ("projects", "economy",
     "要把跨省重大项目作为稳增长的压舱石，逐个项目排出开工和投资节点，按月调度、按季通报，上半年开工率不低于六成。"),
    ("one_stop", "economy",
     "要围绕企业开办、社保转移、不动产登记等高频事项扩大跨省通办清单，年内新增事项三十项以上，让经营主体异地办事像本地一样方便。"),
    ("consortia", "innovation",
     "要在集成电路、生物医药、新型储能三个方向各组建一个跨区域创新联合体，由链主企业出题、高校院所答题，年底前拿出第一批联合攻关成果。"),
    ("chains", "innovation",
     "要逐条梳理重点产业链在长三角范围内的配套缺口，形成省际协作项目清单，帮助本省企业进入沪浙皖龙头企业的供应体系。"),
    ("rail", "infrastructure",
     "要盯紧过江通道和跨省铁路在建工程，把年度投资计划分解到月，确保全年完成铁路建设投资不少于三百二十亿元。"),
    ("ports", "infrastructure",
     "要统筹沿江沿海港口分工，推进江海河联运和机场群协同，补齐集疏运体系中铁路进港的短板。"),
    ("ftz", "opening_up",
     "要让自贸试验区各片区每半年向全省推出一批可复制的改革经验，并与沪浙皖自贸片区开展联合招商和监管互认。"),
    ("lakes", "ecology",
     "要以太湖和长江干流为重点，建立跨界水体联合监测、联合巡查、联合执法三项制度，确保太湖湖体总磷浓度稳中有降。"),
    ("zone", "demonstration_zone",
     "要支持吴江在示范区内先行试验统一的项目准入标准和跨域审批流程，年内形成不少于十项制度创新成果并在省内推广。"),
    ("services", "public_services",
     "要让异地就医直接结算覆盖全省所有二级以上医疗机构，推动居民服务一卡通在公交地铁、文旅场馆全面可用。"),
    ("drill", "epidemic_emergency",
     "要与沪浙皖共同修订突发事件信息互通和应急物资互济协议，上半年组织一次跨省联合应急演练，检验协同处置能力。"),
    ("hazards", "safety",
     "要对省际交界地区的危化品储运、道路运输、在建工地开展联合排查，建立隐患清单，整改一项销号一项。"),
    ("duty", "general",
     "要把每项任务落到具体单位和责任人，办公室按季度调度、通报进度，对连续两个季度滞后的任务提请领导小组督办。"),
]

# Nantong's pledges at its sub-venue, sentences of REPORT: (key, provincial task key it falls under, text)
COMMITMENT_PARTY = "南通"
COMMITMENTS: list[tuple[str, str, str]] = [
    ("nt_rail", "rail", "南通将全力保障北沿江高铁和通苏嘉甬铁路南通段建设，年内完成沿线征地拆迁和管线迁改。"),
    ("nt_airport", "ports", "南通将加快新机场和通州湾港区的前期工作，力争年内取得关键批复，打通铁路进港最后一段。"),
    ("nt_shanghai", "ftz", "南通将主动承接上海产业外溢，每个季度集中签约一批沪通合作项目，全年签约总额不低于五百亿元。"),
]


# --- the plan ------------------------------------------------------------------
PLAN_TITLE = "2026年重点工作安排"
PLAN_YEAR = 2026
PLAN_START = D(2026, 1, 1)
PLAN_END = D(2026, 12, 31)

# Milestone curves reused across tasks: (title, month, day, percent)
QUARTERLY = [("一季度节点", 3, 31, 20), ("二季度节点", 6, 30, 50), ("三季度节点", 9, 30, 75)]

# One dict per task. `key` is the directive (or commitment) it comes from;
# `ext` the row number in the breakdown table (natural key with the plan).
# The first task of each key is the one confirming the report creates (its
# title, due date and units are the reviewer's choices on the review page);
# a second task of the same key (14) is one the office added by hand.
TASKS: list[dict] = [
    {"ext": "1", "key": "projects", "title": "推进跨省重大项目按节点开工建设",
     "description": "对列入年度计划的跨省重大项目建立开工、投资、竣工三张清单，按月调度，按季通报。",
     "lead": "省发展改革委", "support": ["省财政厅", "省自然资源厅"],
     "start": D(2026, 2, 15), "due": D(2026, 12, 31), "milestones": QUARTERLY,
     "indicator": ("跨省重大项目开工数", "个", 0, 40, "increase")},
    {"ext": "2", "key": "one_stop", "title": "扩大长三角跨省通办事项",
     "description": "新增跨省通办事项三十项以上，同步完善线上专区和线下专窗。",
     "lead": "省发展改革委", "support": ["省商务厅", "省人力资源社会保障厅"],
     "start": D(2026, 2, 15), "due": D(2026, 10, 31),
     "milestones": [("确定新增事项清单", 4, 30, 30), ("首批事项上线", 7, 31, 70)]},
    {"ext": "3", "key": "consortia", "title": "组建三个跨区域创新联合体",
     "description": "集成电路、生物医药、新型储能方向各组建一个联合体，明确章程、出资和攻关清单。",
     "lead": "省科技厅", "support": ["省工业和信息化厅", "省教育厅"],
     "start": D(2026, 3, 1), "due": D(2026, 12, 31),
     "milestones": [("联合体章程签署", 6, 30, 40), ("首批攻关项目立项", 9, 30, 70)]},
    {"ext": "4", "key": "chains", "title": "编制重点产业链省际协作项目清单",
     "description": "按产业链梳理配套缺口，形成协作项目清单并组织供需对接。",
     "lead": "省工业和信息化厅", "support": ["省发展改革委", "省商务厅"],
     "start": D(2026, 3, 1), "due": D(2026, 12, 15),
     "milestones": [("缺口梳理完成", 5, 31, 30), ("清单发布", 8, 31, 60)]},
    {"ext": "5", "key": "rail", "title": "完成年度铁路建设投资计划",
     "description": "跨省铁路和过江通道在建项目年度投资不少于三百二十亿元。",
     "lead": "省交通运输厅", "support": ["省发展改革委", "省自然资源厅", "省财政厅"],
     "start": D(2026, 1, 1), "due": D(2026, 12, 31), "milestones": QUARTERLY,
     "indicator": ("铁路建设完成投资", "亿元", 0, 320, "increase"),
     "observations": [("2026Q1", "68"), ("2026Q2", "151"), ("2026Q3", "238")]},
    {"ext": "6", "key": "ports", "title": "推进江海河联运和机场群协同",
     "description": "明确沿江沿海港口分工，推进铁路进港工程，配合做好区域机场群协同。",
     "lead": "省交通运输厅", "support": ["省发展改革委"],
     "start": D(2026, 3, 1), "due": D(2026, 12, 31),
     "milestones": [("港口分工方案印发", 6, 30, 40)]},
    {"ext": "7", "key": "ftz", "title": "复制推广自贸试验区制度创新成果",
     "description": "各片区每半年报送可复制经验，与沪浙皖自贸片区开展联合招商和监管互认。",
     "lead": "省商务厅", "support": ["省发展改革委"],
     "start": D(2026, 3, 1), "due": D(2026, 11, 30),
     "milestones": [("上半年经验汇编", 7, 15, 50)]},
    {"ext": "8", "key": "lakes", "title": "建立跨界水体联合监测巡查执法制度",
     "description": "太湖和长江干流跨界断面联合监测、联合巡查、联合执法三项制度落地运行。",
     "lead": "省生态环境厅", "support": ["省自然资源厅", "苏州市政府", "无锡市政府", "常州市政府"],
     "start": D(2026, 3, 1), "due": D(2026, 12, 31), "milestones": QUARTERLY,
     "indicator": ("太湖湖体总磷浓度", "毫克/升", "0.068", "0.062", "decrease"),
     "observations": [("2026Q1", "0.067"), ("2026Q2", "0.065")]},
    {"ext": "9", "key": "zone", "title": "示范区吴江片区制度创新试验",
     "description": "统一项目准入标准，试行跨域审批流程，年内形成十项以上制度创新成果。",
     "lead": "苏州市政府", "support": ["省发展改革委", "省自然资源厅"],
     "start": D(2026, 3, 1), "due": D(2026, 12, 31),
     "milestones": [("试点方案获批", 5, 31, 30), ("形成首批成果", 9, 30, 60)]},
    {"ext": "10", "key": "services", "title": "扩大异地就医直接结算和一卡通应用",
     "description": "二级以上医疗机构全部接入异地就医直接结算，一卡通覆盖公交地铁和文旅场馆。",
     "lead": "省卫生健康委", "support": ["省人力资源社会保障厅", "省交通运输厅"],
     "start": D(2026, 3, 1), "due": D(2026, 9, 30),
     "milestones": [("接入方案确定", 4, 30, 30), ("过半机构接入", 7, 31, 60)]},
    {"ext": "11", "key": "drill", "title": "组织跨省联合应急演练",
     "description": "修订信息互通和物资互济协议，上半年完成一次跨省联合演练并形成评估报告。",
     "lead": "省应急管理厅", "support": ["省卫生健康委"],
     "start": D(2026, 3, 1), "due": D(2026, 6, 30),
     "milestones": [("协议修订完成", 4, 30, 40), ("联合演练实施", 6, 15, 90)]},
    {"ext": "12", "key": "hazards", "title": "省际交界地区安全隐患联合排查整治",
     "description": "对危化品储运、道路运输和在建工地开展联合排查，建立清单，逐项整改销号。",
     "lead": "省应急管理厅", "support": ["省交通运输厅", "徐州市政府", "连云港市政府"],
     "start": D(2026, 3, 15), "due": D(2026, 11, 30),
     "milestones": [("排查完成", 6, 30, 50), ("整改过半", 9, 30, 80)]},
    {"ext": "13", "key": "duty", "title": "按季度调度通报重点任务进展",
     "description": "每季度汇总各单位报送情况，形成通报，对连续滞后任务提请督办。",
     "lead": OFFICE_SHORT, "support": ["省发展改革委"],
     "start": D(2026, 2, 15), "due": D(2026, 12, 31), "milestones": QUARTERLY},
    {"ext": "14", "key": "duty", "title": "起草2027年重点工作安排",
     "description": "总结全年任务完成情况，征求成员单位意见，形成明年重点工作安排送审稿，提请领导小组全体会议审议。",
     "lead": OFFICE_SHORT, "support": ["省发展改革委"],
     "start": D(2026, 11, 20), "due": D(2026, 12, 31), "recorded": (11, 20, 9, 30)},
    # Nantong's commitments, as child tasks of the provincial ones.
    {"ext": "5.1", "key": "nt_rail", "parent": "5", "title": "保障北沿江高铁和通苏嘉甬铁路南通段建设",
     "description": "完成沿线征地拆迁和管线迁改，保障施工用地。",
     "lead": "南通市政府", "support": [], "region": "南通",
     "start": D(2026, 2, 15), "due": D(2026, 12, 31),
     "milestones": [("征地拆迁过半", 6, 30, 50), ("管线迁改完成", 10, 31, 85)]},
    {"ext": "6.1", "key": "nt_airport", "parent": "6", "title": "推进南通新机场和通州湾港区前期工作",
     "description": "争取关键批复，建设铁路进港工程。",
     "lead": "南通市政府", "support": [], "region": "南通",
     "start": D(2026, 2, 15), "due": D(2026, 12, 31),
     "milestones": [("报批材料上报", 5, 31, 30), ("取得关键批复", 10, 31, 70)]},
    {"ext": "7.1", "key": "nt_shanghai", "parent": "7", "title": "按季度集中签约沪通合作项目",
     "description": "每季度集中签约一批项目，全年签约总额不低于五百亿元。",
     "lead": "南通市政府", "support": [], "region": "南通",
     "start": D(2026, 2, 15), "due": D(2026, 12, 31), "milestones": QUARTERLY},
]

# `recorded` (month, day, hour, minute): when the office added a task by hand
# (14, in November); the others were recorded the morning after the plenary.


# --- sign-for (签收) -------------------------------------------------------------
# Every unit signs for its assignments the day or two after the tasks were
# recorded, from SIGNED_FROM on (each at its own time, by a reporter of the
# unit), except the ones below.
SIGNED_FROM = (2, 14, 8, 40)

# A supporting unit that returned its assignment with a reason, and the unit
# the office assigned in its place (which then signed for it).
RETURNED_ASSIGNMENTS: list[dict] = [
    {"task": "2", "unit": "省商务厅", "by": "swt", "at": (2, 14, 10, 20),
     "reason": "经逐项核对，拟新增的跨省通办事项中没有由我厅办理的事项，企业开办、社保关系转移、不动产登记等都不在我厅职责范围，"
               "我厅难以承担配合工作，建议改由负责不动产登记的省自然资源厅配合。",
     "replacement": "省自然资源厅", "reassigned": (2, 15, 9, 10), "signed": (2, 15, 14, 30)},
]

# Assignments still waiting for their unit to sign for: (task, unit).
UNSIGNED: list[tuple[str, str]] = [("14", "省发展改革委")]


# --- reporting -----------------------------------------------------------------
# (label, opens, deadline)
ROUNDS: list[tuple[str, dt.date, dt.date]] = [
    ("2026年一季度", D(2026, 4, 1), D(2026, 4, 5)),
    ("2026年二季度", D(2026, 7, 1), D(2026, 7, 5)),
    ("2026年三季度", D(2026, 10, 1), D(2026, 10, 5)),
]

# Times are (month, day, hour, minute) in 2026, Asia/Shanghai. Steps a report
# did not reach are None. `created` is when the unit began writing; it defaults
# to CREATED_BEFORE_SUBMITTING before submission (a draft must give it).
# `observation` links an indicator value to the report.
CREATED_BEFORE_SUBMITTING = dt.timedelta(hours=1, minutes=30)

# Evidence attached to task 11's completion report (a text file; the
# builder stores it through the reporting attachment code).
DRILL_EVALUATION = """跨省联合应急演练评估报告（摘要）

一、基本情况
2026年6月16日，苏浙皖沪四省市在苏皖交界地区联合举行突发事件协同处置演练，十二支队伍三百余人参演，设信息互通、物资互济、伤员跨省转运三个科目。

二、评估结论
信息互通科目从事发到四省市应急部门全部收到首报用时十八分钟，比协议要求提前十二分钟；物资互济科目调拨应急物资三批，首批两小时内运抵现场；伤员跨省转运科目暴露出两地急救调度系统尚未对接的问题。

三、改进措施
（一）年内完成苏皖两地急救调度系统对接；
（二）把演练中形成的物资调拨流程写入修订后的互济协议附件；
（三）明年上半年组织一次不预告脚本的检验性演练。

江苏省应急管理厅
2026年6月30日
"""
REPORTS: list[dict] = [
    # --- Q1 ---
    {"task": "1", "unit": "省发展改革委", "round": "2026年一季度", "version": 1, "state": "accepted",
     "percent": 25, "stage": "集中开工",
     "text": "一季度跨省重大项目开工十一个，完成投资计划的百分之二十二，三个项目因用地报批未按节点开工，已逐项明确责任处室。",
     "by": "dept", "submitted": (4, 2, 10, 20), "approver": "fgw_leader", "approved": (4, 2, 16, 5),
     "reviewed": (4, 7, 9, 30), "observation": ("2026Q1", "11")},
    {"task": "2", "unit": "省发展改革委", "round": "2026年一季度", "version": 1, "state": "returned",
     "percent": 30, "stage": "梳理事项",
     "text": "已会同相关部门梳理拟新增的跨省通办事项，正在与沪浙皖对接。",
     "by": "dept", "submitted": (4, 3, 11, 0), "approver": "fgw_leader", "approved": (4, 3, 17, 40),
     "reviewed": (4, 8, 10, 15),
     "comment": "请列出拟新增事项的名称和数量，并说明与沪浙皖对接到哪一步，补充后重新报送。"},
    {"task": "2", "unit": "省发展改革委", "round": "2026年一季度", "version": 2, "state": "accepted",
     "percent": 30, "stage": "梳理事项",
     "text": "拟新增跨省通办事项三十四项，涉及企业开办、社保关系转移、不动产登记等七类；已与上海、浙江完成清单比对，安徽的比对预计四月中旬完成。",
     "by": "dept", "submitted": (4, 10, 9, 45), "approver": "fgw_leader", "approved": (4, 10, 14, 0),
     "reviewed": (4, 13, 16, 30), "supersedes": 1},
    {"task": "3", "unit": "省科技厅", "round": "2026年一季度", "version": 1, "state": "accepted",
     "percent": 15, "stage": "遴选牵头企业",
     "text": "三个方向的牵头企业候选名单已确定，集成电路和生物医药方向已与上海、合肥的高校院所开展首轮对接。",
     "by": "kjt", "submitted": (4, 3, 15, 10), "approver": "kjt_leader", "approved": (4, 4, 9, 0),
     "reviewed": (4, 8, 11, 0)},
    {"task": "10", "unit": "省卫生健康委", "round": "2026年一季度", "version": 1, "state": "accepted",
     "percent": 15, "stage": "制定方案",
     "text": "全省二级以上医疗机构接入情况摸底完成，尚未接入的一百二十六家已列出清单和接入时间表。",
     "by": "wjw", "submitted": (4, 5, 17, 30), "approver": "wjw_leader", "approved": (4, 5, 20, 10),
     "reviewed": (4, 9, 10, 0)},
    {"task": "11", "unit": "省应急管理厅", "round": "2026年一季度", "version": 1, "state": "accepted",
     "percent": 40, "stage": "修订协议",
     "text": "信息互通和物资互济协议修订稿已送沪浙皖会签，演练脚本初稿完成，拟定六月中旬在苏皖交界地区举行。",
     "by": "yjt", "submitted": (4, 2, 9, 15), "approver": "yjt_leader", "approved": (4, 2, 11, 0),
     "reviewed": (4, 7, 15, 0)},
    {"task": "5.1", "unit": "南通市政府", "round": "2026年一季度", "version": 1, "state": "accepted",
     "percent": 20, "stage": "征地拆迁",
     "text": "北沿江高铁南通段征地完成百分之三十五，通苏嘉甬铁路南通段拆迁户签约过半。",
     "by": "city", "submitted": (4, 3, 10, 0), "approver": "leader", "approved": (4, 3, 15, 30),
     "reviewed": (4, 8, 9, 0)},
    {"task": "6.1", "unit": "南通市政府", "round": "2026年一季度", "version": 1, "state": "accepted",
     "percent": 15, "stage": "前期研究",
     "text": "新机场选址补充论证报告已完成，通州湾港区铁路进港线路方案在比选中。",
     "by": "city", "submitted": (4, 3, 10, 30), "approver": "leader", "approved": (4, 3, 15, 40),
     "reviewed": (4, 8, 9, 20)},
    {"task": "7.1", "unit": "南通市政府", "round": "2026年一季度", "version": 1, "state": "accepted",
     "percent": 25, "stage": "首批签约",
     "text": "三月在上海举办专场推介，集中签约沪通合作项目二十一个，协议总额一百一十八亿元。",
     "by": "city", "submitted": (4, 3, 11, 0), "approver": "leader", "approved": (4, 3, 15, 50),
     "reviewed": (4, 8, 9, 40)},
    # --- Q2 ---
    {"task": "1", "unit": "省发展改革委", "round": "2026年二季度", "version": 1, "state": "submitted",
     "percent": 50, "stage": "全面施工",
     "text": "上半年跨省重大项目累计开工二十四个，开工率百分之六十，一季度滞后的三个项目中已有两个取得用地批复并开工。",
     "by": "dept", "submitted": (7, 3, 16, 40), "observation": ("2026Q2", "24")},
    {"task": "2", "unit": "省发展改革委", "round": "2026年二季度", "version": 1, "state": "draft",
     "percent": 55, "stage": "首批上线",
     "text": "首批十八个跨省通办事项已在线上专区上线，线下专窗同步受理，正在统计办件量。",
     "by": "dept", "created": (7, 6, 15, 20)},
    {"task": "3", "unit": "省科技厅", "round": "2026年二季度", "version": 1, "state": "accepted",
     "percent": 35, "stage": "签署章程",
     "text": "集成电路和生物医药联合体章程已签署；新型储能方向因两家候选牵头企业在出资比例上未达成一致，章程签署推迟。",
     "risk_flag": True,
     "risk_reason": "新型储能联合体牵头企业尚未确定，若八月底前仍未落定，年底前难以形成联合攻关成果。",
     "by": "kjt", "submitted": (7, 2, 14, 0), "approver": "kjt_leader", "approved": (7, 3, 10, 0),
     "reviewed": (7, 7, 11, 30)},
    {"task": "10", "unit": "省卫生健康委", "round": "2026年二季度", "version": 1, "state": "accepted",
     "percent": 30, "stage": "分批接入",
     "text": "新增接入医疗机构三十九家，累计接入率约百分之四十；部分县级医院信息系统改造进度慢，一卡通在地铁场景的互认仍在测试。",
     "by": "wjw", "submitted": (7, 4, 18, 0), "approver": "wjw_leader", "approved": (7, 5, 9, 30),
     "reviewed": (7, 8, 14, 0)},
    {"task": "11", "unit": "省应急管理厅", "round": "2026年二季度", "version": 1, "state": "accepted",
     "percent": 100, "stage": "已完成",
     "text": "六月十六日在苏皖交界地区完成跨省联合应急演练，四省市十二支队伍参演，评估报告已印发，修订后的协议已完成会签。",
     "by": "yjt", "submitted": (7, 1, 10, 0), "approver": "yjt_leader", "approved": (7, 1, 15, 0),
     "reviewed": (7, 10, 15, 0), "completion": True,
     "comment": "经核验，演练评估报告和会签后的协议文本齐全，同意办结销号。",
     "attachment": ("跨省联合应急演练评估报告（摘要）.txt", DRILL_EVALUATION)},
    {"task": "5.1", "unit": "南通市政府", "round": "2026年二季度", "version": 1, "state": "accepted",
     "percent": 45, "stage": "征地拆迁",
     "text": "北沿江高铁南通段征地完成百分之七十，通苏嘉甬铁路南通段拆迁户签约完成百分之九十二，管线迁改已启动。",
     "by": "city", "submitted": (7, 2, 9, 30), "approver": "leader", "approved": (7, 2, 17, 0),
     "reviewed": (7, 6, 9, 0)},
    {"task": "6.1", "unit": "南通市政府", "round": "2026年二季度", "version": 1, "state": "returned",
     "percent": 35, "stage": "报批",
     "text": "新机场和港区前期工作有序推进，各项报批工作正在加快。",
     "by": "city", "submitted": (7, 2, 10, 0), "approver": "leader", "approved": (7, 2, 17, 10),
     "reviewed": (7, 6, 9, 30),
     "comment": "进展写得过于笼统：请写明已上报哪些报批材料、已取得哪些批复，以及下一个时间节点。"},
    {"task": "6.1", "unit": "南通市政府", "round": "2026年二季度", "version": 2, "state": "approved",
     "percent": 35, "stage": "报批",
     "text": "新机场项目建议书已于五月底上报，取得用地预审意见；通州湾港区铁路进港线路方案已确定，工可报告预计九月上报。",
     "by": "city", "submitted": (7, 7, 11, 0), "approver": "leader", "approved": (7, 7, 16, 20),
     "supersedes": 1},
    {"task": "7.1", "unit": "南通市政府", "round": "2026年二季度", "version": 1, "state": "submitted",
     "percent": 52, "stage": "二批签约",
     "text": "六月集中签约第二批沪通合作项目二十六个，上半年累计签约总额二百六十一亿元。",
     "by": "city", "submitted": (7, 3, 15, 0)},
    # --- Q3 --- The round fell in the National Day holiday: most units
    # reported on duty or just after it; two reported only in November.
    {"task": "1", "unit": "省发展改革委", "round": "2026年三季度", "version": 1, "state": "accepted",
     "percent": 80, "stage": "冲刺收官",
     "text": "前三季度跨省重大项目累计开工三十三个，完成年度投资计划的百分之七十八；尚未开工的七个项目中有五个已完成施工图审查，预计十一月底前开工。",
     "by": "dept", "submitted": (10, 3, 10, 5), "approver": "fgw_leader", "approved": (10, 3, 15, 30),
     "reviewed": (10, 9, 10, 0), "observation": ("2026Q3", "33")},
    {"task": "2", "unit": "省发展改革委", "round": "2026年三季度", "version": 1, "state": "accepted",
     "percent": 85, "stage": "扩面上线",
     "text": "新增跨省通办事项已上线二十九项，三季度办件一万二千余件；其余五项要等安徽统一身份认证平台改造完成后才能上线，安徽方面预计十二月中旬完成，申请将完成时限调整至年底。",
     "by": "dept", "submitted": (10, 4, 11, 20), "approver": "fgw_leader", "approved": (10, 4, 16, 0),
     "reviewed": (10, 10, 9, 40)},
    {"task": "3", "unit": "省科技厅", "round": "2026年三季度", "version": 1, "state": "accepted",
     "percent": 62, "stage": "首批立项",
     "text": "新型储能联合体章程九月中旬签署，三个联合体均已运转；集成电路和生物医药方向首批十二个攻关项目已立项，新型储能方向的攻关清单仍在论证。",
     "risk_flag": True,
     "risk_reason": "新型储能联合体比计划晚组建近三个月，首批攻关项目年底前难以全部立项，联合攻关成果可能顺延到明年一季度。",
     "by": "kjt", "submitted": (10, 5, 16, 45), "approver": "kjt_leader", "approved": (10, 8, 9, 20),
     "reviewed": (10, 12, 14, 10)},
    {"task": "4", "unit": "省工业和信息化厅", "round": "2026年三季度", "version": 1, "state": "approved",
     "percent": 75, "stage": "供需对接",
     "text": "八条重点产业链的配套缺口梳理完毕，省际协作项目清单八月底发布，收录项目一百零六个；已举办三场沪苏浙皖供需对接会，促成配套合作意向四十一项。",
     "by": "gxt", "created": (11, 17, 9, 0), "submitted": (11, 18, 15, 0), "approver": "gxt_leader",
     "approved": (11, 20, 10, 30)},
    {"task": "5.1", "unit": "南通市政府", "round": "2026年三季度", "version": 1, "state": "accepted",
     "percent": 80, "stage": "管线迁改",
     "text": "北沿江高铁南通段征地全部完成，通苏嘉甬铁路南通段拆迁清零；沿线管线迁改完成百分之七十八，剩下两处高压燃气管线计划十一月底前迁完。",
     "by": "city", "submitted": (10, 4, 9, 30), "approver": "leader", "approved": (10, 4, 14, 0),
     "reviewed": (10, 9, 11, 0)},
    {"task": "6.1", "unit": "南通市政府", "round": "2026年三季度", "version": 1, "state": "approved",
     "percent": 65, "stage": "取得批复",
     "text": "通州湾港区铁路进港工程工可报告十一月中旬获得批复，计划年底前开工；新机场项目建议书已通过评审，正按评审意见修改。为等批复结果，本季度报送有所推迟。",
     "by": "city", "created": (11, 21, 16, 0), "submitted": (11, 23, 10, 0), "approver": "leader",
     "approved": (11, 24, 17, 30)},
    {"task": "7.1", "unit": "南通市政府", "round": "2026年三季度", "version": 1, "state": "accepted",
     "percent": 78, "stage": "三批签约",
     "text": "九月在上海集中签约第三批沪通合作项目二十九个，前三季度累计签约总额三百九十二亿元，完成全年目标的百分之七十八。",
     "by": "city", "submitted": (10, 5, 10, 20), "approver": "leader", "approved": (10, 5, 15, 0),
     "reviewed": (10, 9, 11, 30)},
    {"task": "8", "unit": "省生态环境厅", "round": "2026年三季度", "version": 1, "state": "accepted",
     "percent": 82, "stage": "制度运行",
     "text": "太湖和长江干流十八个跨界断面监测数据已实时共享，与浙沪联合巡查九次，联合执法立案十四件；前三季度太湖湖体总磷平均浓度每升零点零六四毫克，比去年同期有所下降。",
     "by": "sthjt", "submitted": (10, 3, 14, 0), "approver": "sthjt_leader", "approved": (10, 3, 17, 20),
     "reviewed": (10, 10, 15, 0), "observation": ("2026Q3", "0.064")},
    {"task": "9", "unit": "苏州市政府", "round": "2026年三季度", "version": 1, "state": "returned",
     "percent": 68, "stage": "成果总结",
     "text": "吴江片区制度创新试验进展顺利，各项工作按计划推进，成效初步显现。",
     "by": "sz", "submitted": (10, 5, 11, 0), "approver": "sz_leader", "approved": (10, 5, 16, 30),
     "reviewed": (10, 10, 16, 20),
     "comment": "请逐项列出已形成的制度创新成果及其所处阶段（试行、评估或推广），并写明跨域审批流程试行以来办了多少件。"},
    # Suzhou is still revising: until it resubmits, task 9 has no counted report.
    {"task": "9", "unit": "苏州市政府", "round": "2026年三季度", "version": 2, "state": "draft",
     "percent": 70, "stage": "成果总结",
     "text": "已形成制度创新成果八项，其中统一项目准入标准和跨域联合审批两项已在省内推广；跨域审批流程试行以来办理项目二十三件，平均用时缩短约四成。",
     "by": "sz", "created": (11, 24, 15, 10), "supersedes": 1},
    {"task": "10", "unit": "省卫生健康委", "round": "2026年三季度", "version": 1, "state": "accepted",
     "percent": 85, "stage": "收尾接入",
     "text": "二级以上医疗机构异地就医直接结算接入率达到百分之八十五，仍有十九家县级医院因信息系统改造资金未到位没能接入，已逐家明确完成时间；一卡通在南京、苏州、无锡地铁实现互认，文旅场馆覆盖约六成。",
     "by": "wjw", "submitted": (10, 5, 17, 10), "approver": "wjw_leader", "approved": (10, 8, 10, 0),
     "reviewed": (10, 12, 9, 50)},
    {"task": "12", "unit": "省应急管理厅", "round": "2026年三季度", "version": 1, "state": "accepted",
     "percent": 90, "stage": "整改销号",
     "text": "交界地区联合排查发现隐患四百一十七项，已整改销号三百七十六项；余下四十一项都是需要停产改造的危化品储罐，已逐项明确十一月底前完成。",
     "by": "yjt", "submitted": (10, 4, 15, 30), "approver": "yjt_leader", "approved": (10, 4, 17, 0),
     "reviewed": (10, 9, 14, 40)},
    {"task": "13", "unit": OFFICE_SHORT, "round": "2026年三季度", "version": 1, "state": "accepted",
     "percent": 75, "stage": "季度调度",
     "text": "一季度和二季度任务进展通报已于四月、七月印发，三季度通报正在汇总；对跨省通办、异地就医结算两项进度偏慢的任务已分别约谈牵头单位。",
     "by": "bgs", "submitted": (10, 8, 17, 0), "approver": "bgs_leader", "approved": (10, 9, 9, 0),
     "reviewed": (10, 9, 15, 0)},
]


# --- extension requests (延期申请) ------------------------------------------------
# Times are (month, day, hour, minute) in 2026. The one-stop list waits on
# Anhui's identity platform (see the Q3 report on task 2): the lead unit asked
# with its report and the office granted it. Task 7's request is still with
# the office.
EXTENSIONS: list[dict] = [
    {"task": "2", "by": "dept", "requested": (10, 4, 11, 35),
     "previous_due": D(2026, 10, 31), "requested_due": D(2026, 12, 31),
     "reason": "新增事项中还有五项要等安徽统一身份认证平台改造完成后才能上线，安徽方面预计十二月中旬完成，"
               "十月底前无法全部上线，申请将完成时限由10月31日调整至12月31日。",
     "decided": (10, 10, 10, 5),
     "comment": "同意调整至12月31日。请每月报告安徽平台改造进度，平台改造完成后两周内上线其余事项。"},
    {"task": "7", "by": "swt", "requested": (11, 24, 16, 40),
     "previous_due": D(2026, 11, 30), "requested_due": D(2027, 1, 31),
     "reason": "与沪浙皖自贸片区的监管互认协议须经三省一市商务部门联合会签，浙江、安徽的会签程序预计明年一月中旬完成，"
               "十一月底前无法办结，申请将完成时限调整至2027年1月31日。"},
]


# --- supervision (督查督办) ----------------------------------------------------------
# Reminders (催办) the office sent by hand in November: to every account of
# the unit, about one task, with a note. `read` says who opened it, and when.
MANUAL_REMINDERS: list[dict] = [
    {"task": "10", "unit": "省卫生健康委", "at": (11, 3, 10, 15),
     "note": "任务已超过完成时限，请于11月10日前报送其余十九家县级医院的接入计划，逐家写明完成时间。",
     "read": {"wjw": (11, 3, 10, 48)}},
    {"task": "4", "unit": "省工业和信息化厅", "at": (11, 12, 9, 40),
     "note": "三季度进展报告逾期未报，请于11月20日前报送。",
     "read": {"gxt": (11, 12, 10, 30), "gxt_leader": (11, 12, 14, 5)}},
    {"task": "6.1", "unit": "南通市政府", "at": (11, 12, 9, 45),
     "note": "三季度进展报告尚未报送。关键批复还没有取得的，请先报已完成的工作，批复取得后再补报。",
     "read": {"city": (11, 12, 11, 20)}},
    {"task": "9", "unit": "苏州市政府", "at": (11, 16, 15, 30),
     "note": "三季度进展报告退回已一个多月，请按退回意见补充制度创新成果清单和跨域审批办件量后重新报送。",
     "read": {"sz": (11, 17, 9, 5)}},
]

# The daily digest (send_reminders) of one morning: what was due soon or
# overdue that day, one message per unit account.
DIGEST_DATE = D(2026, 11, 25)
DIGEST_SENT = (11, 25, 7, 0)

# The first supervision bulletin (督查通报) of the plan: the draft the bulletin
# code generates for the date, saved by the office, then edited once.
BULLETIN: dict = {
    "as_of": D(2026, 10, 10), "created": (10, 10, 17, 0), "edited": (10, 12, 9, 30),
    "addition": "（五）省工业和信息化厅（产业链协作项目清单）、南通市政府（新机场和通州湾港区前期工作）的三季度进展报告至今未报送，"
                "请于10月17日前补报；"
                "三季度进展报告被退回的单位，请按退回意见修改后尽快重新报送。",
}
