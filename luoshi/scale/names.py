"""Fictional names for the scale programme: units, people, plans, tasks and report text.

Units are named after real institutions and regions (as the demo names
them); people are invented three-character names and never the demo's own
personas or officials; task titles and report text are put together from
stock phrases of a key-task list, so every row reads like the real thing
without being anyone's real work.
"""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "安柏宝晨辰诚春丹栋帆芳飞枫刚国海涵瀚浩和恒红宏鸿华欢慧佳嘉建健江杰洁锦静俊凯康可兰岚磊立丽莉良林玲琳龙路曼梅敏明鸣楠宁鹏平琪启谦青清庆秋然蓉瑞睿珊善绍晟诗书舒硕思松涛婷彤威伟文希曦霞翔欣新鑫星兴雪雅妍阳耀怡益逸毅英颖永宇雨玉元远月悦云泽哲振正志智中忠舟卓子"

# Departments of a provincial government, each province has up to all of them.
DEPARTMENTS = [
    ("发展和改革委员会", "发展改革委"), ("科学技术厅", "科技厅"), ("工业和信息化厅", "工业和信息化厅"),
    ("交通运输厅", "交通运输厅"), ("生态环境厅", "生态环境厅"), ("商务厅", "商务厅"), ("教育厅", "教育厅"),
    ("卫生健康委员会", "卫生健康委"), ("人力资源和社会保障厅", "人力资源社会保障厅"), ("应急管理厅", "应急管理厅"),
    ("财政厅", "财政厅"), ("自然资源厅", "自然资源厅"), ("住房和城乡建设厅", "住房城乡建设厅"),
    ("水利厅", "水利厅"), ("农业农村厅", "农业农村厅"), ("文化和旅游厅", "文化和旅游厅"),
    ("市场监督管理局", "市场监管局"), ("数据局", "数据局"), ("公安厅", "公安厅"), ("民政厅", "民政厅"),
    ("司法厅", "司法厅"), ("审计厅", "审计厅"), ("统计局", "统计局"), ("医疗保障局", "医保局"),
    ("地方金融管理局", "地方金融管理局"), ("林业局", "林业局"), ("粮食和物资储备局", "粮食和储备局"),
    ("体育局", "体育局"), ("能源局", "能源局"), ("税务局", "税务局"),
]

# Made-up county and district names: syllables that read like place names.
_PLACE_A = "清云松石青白金玉临长安永兴宁东西南北新平定华龙凤桃柳梅杉岚溪"
_PLACE_B = "河溪岭山湖泉塘川源阳浦城桥林州田坪湾口"

THEMES = [
    "生态绿色协同发展", "科技创新共同体建设", "交通互联互通", "产业链协同", "公共服务便利共享",
    "数字长三角建设", "环境联防联治", "营商环境一体化", "城乡融合发展", "对外开放合作",
]
STAGES = ["前期研究", "方案制定", "立项审批", "招标采购", "开工建设", "主体施工", "调试运行", "验收评估", "推广应用"]
VERBS = ["推进", "深化", "加快", "完善", "健全", "实施", "开展", "落实", "建设", "优化"]
OBJECTS = [
    "跨区域生态环境联保共治机制", "省际断头路贯通工程", "科创走廊重大平台", "产业园区合作共建",
    "政务服务一网通办", "医保异地结算", "职业教育联盟", "数据共享交换平台", "港口群协同发展",
    "水环境综合治理", "应急联动指挥体系", "人才互认互通", "标准体系互认", "文旅融合示范区",
    "农产品冷链物流网络", "新能源汽车产业集群", "公共信用信息共享", "城际铁路建设",
    "跨界河湖联合巡查", "养老服务资源共享",
]
PROGRESS = [
    "已完成年度目标的阶段性任务，相关工作按计划推进。", "召开专题推进会，协调解决用地、资金等问题。",
    "会同相关部门完成方案论证，进入实施阶段。", "主体工程形象进度符合节点要求。",
    "已印发实施细则，组织开展督查调研。", "完成阶段性评估，形成下一步工作清单。",
    "与有关城市签订合作协议，建立常态化对接机制。", "项目资金已落实到位，正加快推进。",
]
RISKS = ["征地拆迁进度滞后，可能影响节点。", "配套资金尚未到位。", "跨区域审批协调周期较长。"]
RETURN_COMMENTS = ["请补充量化指标完成情况。", "进度描述过于笼统，请写明完成节点。", "请核实完成比例并补充佐证材料。"]
RETURN_REASONS = ["本单位职能不涉及该项任务，建议改由其他单位配合。", "该任务已由上级部门统一组织实施。"]


def person_names(rng: random.Random, count: int, avoid: set[str]) -> list[str]:
    """`count` distinct three-character names, none of them in `avoid`."""
    names: list[str] = []
    seen = set(avoid)
    while len(names) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def place_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct made-up place names (two syllables)."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(_PLACE_A) + rng.choice(_PLACE_B)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def task_title(rng: random.Random, depth: int, unit: str) -> str:
    title = rng.choice(VERBS) + rng.choice(OBJECTS)
    if depth == 1:
        return title
    return f"{unit}{title}"
