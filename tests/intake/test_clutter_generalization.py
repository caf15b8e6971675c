"""Title and boilerplate on pages unlike the development set (texts written for these tests;
places and people fictional).

Each page stands for a kind of page the intake meets: a county news site with breadcrumb,
byline, page tools, related headlines and a government footer; an e-paper page header; a forum
thread with replies; a mirror with "HOT NEWS" chrome; a headline with a slogan above it (引题);
a headline broken by a space or by a line; a pinyin-annotated Traditional mirror; a page with
no headline. Boilerplate is every line that is not the article; an article sentence that names a
记者 or carries a date stays.
"""

from __future__ import annotations

import pytest

from luoshi.intake import extract


def _read(page: str) -> dict:
    return extract(page.encode("utf-8"), "page.txt")


NEWS_SITE = """首页 > 新闻中心 > 本地要闻
青溪县召开秋季森林防火工作推进会
来源：青溪县融媒体中心  作者：林晓云  发布时间：2023-10-12 16:20  浏览次数：1287
【字体：大 中 小】
10月11日上午，青溪县召开秋季森林防火工作推进会，副县长周启明出席会议并讲话。
会议指出，当前正值秋冬季森林防火关键期，各乡镇要压实属地责任，确保不发生重大森林火灾。
县融媒体中心记者在现场了解到，截至2023年10月10日，全县已组建专业扑火队伍12支。
打印本页 关闭窗口
分享到：微信 微博 QQ空间
上一篇：青溪县开展重阳敬老活动
下一篇：我县举办农民丰收节庆祝活动
相关新闻
青溪县部署冬季安全生产工作
青溪县召开河长制工作会议
扫一扫在手机打开当前页
主办单位：青溪县人民政府办公室
承办：青溪县信息中心
网站标识码：3301990001
浙公网安备 33019902000123号
浙ICP备05012345号-1
版权所有：青溪县人民政府
技术支持：杭州某某网络科技有限公司
联系我们 | 网站地图
建议使用1024×768分辨率浏览本站
"""

EPAPER = """第A01版：要闻
2022年3月14日 星期一
上一版  下一版
凝心聚力谋发展 实干笃行开新局
——临川市政府召开第三次全体会议
3月13日，临川市政府召开第三次全体会议。市长韩书远主持会议并讲话。
会议要求，各部门要围绕年度目标任务，细化工作举措，确保一季度实现开门红。
本报记者 陈佳怡
责任编辑：王小丽
审核：赵大海
校对：孙文
"""

FORUM = """标题: 转发：平湖镇召开夏季安全生产工作会议
楼主
发表于 2021-6-18 09:32:11 | 只看该作者 | 倒序浏览 | 阅读模式
6月17日，平湖镇召开夏季安全生产工作会议，镇长许文斌主持会议。
会议强调，要加强汛期隐患排查，确保人民群众生命财产安全。
回复
引用
举报
使用道具 举报
沙发
发表于 2021-6-18 10:05:43 | 只看该作者
支持一下
返回列表
"""

HOT_NEWS = """HOT NEWS
南岭区召开营商环境优化工作专题会议
2023-05-08 来源：南岭发布
5月6日，南岭区召开营商环境优化工作专题会议，区委书记吴海峰出席并讲话。
吴海峰要求，各部门要主动靠前服务，确保企业诉求件件有回音。
LATEST ARTICLES
Copyright © 2023 All Rights Reserved
"""

SLOGAN_ABOVE = """聚焦高质量发展
东阳市召开重点项目建设推进会
全年计划投资突破百亿元
本报讯（记者 刘明 通讯员 张强）4月10日，东阳市召开重点项目建设推进会，市委书记方国强讲话。
会议要求，各责任单位要倒排工期，必须确保项目按期开工。
编辑：李娜
"""

SPACE_BROKEN = """当前位置：首页 > 政务动态
西林县召开乡村振兴工作领导小组第五次会 议
发布日期：2022-08-09
8月8日，西林县召开乡村振兴工作领导小组第五次会议，县长黄志远主持。
会议强调，要巩固拓展脱贫攻坚成果，确保不发生规模性返贫。
【打印】【关闭】
"""

LINE_BROKEN = """北湖区召开全区安全生产和消防
工作会议
2021-12-02 10:15:33
12月1日，北湖区召开全区安全生产和消防工作会议，副区长冯立新出席会议并讲话。
冯立新要求，各部门要深入开展隐患排查整治，确保岁末年初安全形势稳定。
（审核：郑红 校对：何平）
"""

NO_TITLE = """9月5日，江口镇召开秋季防汛工作会议，镇党委书记蔡永红主持会议。
会议要求，各村要加强值班值守，务必确保人员安全。
"""

PINYIN_MIRROR = """首頁 > 新聞 > 縣區動態
安遠縣召(zhào)開(kāi)防汛工作會(huì)議
發布時間：2022-06-20  來源：安遠縣政府辦
6月19日，安遠縣召(zhào)開(kāi)防汛工作會(huì)議，縣長何志明出席會議並講話。
何志明強調，要加強值班值守，確保安全度汛。
責任編輯：楊柳
分享到：
"""

RELATED_READING = """信息来源：凤山县应急管理局 | 发布时间：2023年07月03日 | 阅读：356次
凤山县召开汛期地质灾害防治工作会议
7月2日，凤山县召开汛期地质灾害防治工作会议。副县长赵建华指出，今年以来我县降雨偏多。
赵建华要求，各乡镇要落实群测群防制度，确保地质灾害隐患点监测全覆盖。
相关阅读：
凤山县召开安全生产委员会全体会议
【我要纠错】 【打印本页】 【关闭窗口】
Copyright@2023 凤山县人民政府 All Rights Reserved
地址：凤山县人民路1号  邮编：547600
电话：0778-1234567
"""

GOV_FOOTER = """您现在的位置: 首页 >> 工作动态
临海市召开文明城市创建工作推进会
时间：2024-03-15 点击：
3月14日，临海市召开文明城市创建工作推进会，副市长叶青主持会议。
会议强调，要对标测评体系，补齐短板弱项，确保创建工作取得实效。
关闭
主办：临海市人民政府 承办：临海市大数据中心
网站标识码3310820001 浙ICP备11011111号
浙公网安备 33108202000456号
建议使用IE8以上浏览器或1280*800分辨率浏览
"""

SPAM_MIRROR = """澳门新葡京官网-首页
东港市召开防汛抗旱指挥部成员会议
6月2日，东港市召开防汛抗旱指挥部成员会议，副市长柳青出席。
会议要求，各成员单位要落实防汛责任，确保安全度汛。
"""


def _non_empty(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


# (page, title, lines that are the article or its headlines — everything else is boilerplate)
CASES = {
    "news_site": (NEWS_SITE, "青溪县召开秋季森林防火工作推进会", 1, 4, 7),
    "epaper": (EPAPER, "凝心聚力谋发展 实干笃行开新局", 3, 5, 7),
    "forum": (FORUM, "平湖镇召开夏季安全生产工作会议", 0, 3, 5),
    "hot_news": (HOT_NEWS, "南岭区召开营商环境优化工作专题会议", 1, 3, 5),
    "slogan_above": (SLOGAN_ABOVE, "东阳市召开重点项目建设推进会", 0, 3, 5),
    "space_broken": (SPACE_BROKEN, "西林县召开乡村振兴工作领导小组第五次会议", 1, 3, 5),
    "line_broken": (LINE_BROKEN, "北湖区召开全区安全生产和消防工作会议", 0, 3, 5),
    "no_title": (NO_TITLE, "", 0, 0, 2),
    "pinyin_mirror": (PINYIN_MIRROR, "安遠縣召開防汛工作會議", 1, 3, 5),
    "related_reading": (RELATED_READING, "凤山县召开汛期地质灾害防治工作会议", 1, 2, 4),
    "gov_footer": (GOV_FOOTER, "临海市召开文明城市创建工作推进会", 1, 3, 5),
    "spam_mirror": (SPAM_MIRROR, "东港市召开防汛抗旱指挥部成员会议", 1, 2, 4),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_title_and_boilerplate(name: str) -> None:
    page, title, head_start, body_start, body_end = CASES[name]
    record = _read(page)
    lines = _non_empty(page)
    expected_boilerplate = lines[:head_start] + lines[head_start + 1 if title else head_start:body_start]
    # header lines between the headline block and the body are bylines, except sub-headlines
    expected_boilerplate = [line for line in expected_boilerplate if line not in _HEADLINE_LINES]
    expected_boilerplate += lines[body_end:]
    assert record["title"] == title
    assert record["boilerplate"] == expected_boilerplate
    body = record["text"].split("\n")
    assert len(body) == body_end - body_start
    assert not any(line in record["text"] for line in expected_boilerplate)


# sub-headlines and 引题 / broken-headline halves: headline, neither text nor boilerplate
_HEADLINE_LINES = {
    "——临川市政府召开第三次全体会议", "聚焦高质量发展", "东阳市召开重点项目建设推进会",
    "全年计划投资突破百亿元", "工作会议",
}


def test_slogan_and_deck_are_subtitles() -> None:
    record = _read(SLOGAN_ABOVE)
    assert record["subtitle"] == "聚焦高质量发展 全年计划投资突破百亿元"
    assert _read(EPAPER)["subtitle"] == "——临川市政府召开第三次全体会议"


def test_article_sentences_with_reporter_or_date_stay() -> None:
    record = _read(NEWS_SITE)
    assert "县融媒体中心记者在现场了解到，截至2023年10月10日，全县已组建专业扑火队伍12支。" in record["text"]
    assert record["text"].startswith("10月11日上午")
    assert "本报讯（记者 刘明 通讯员 张强）" in _read(SLOGAN_ABOVE)["text"]


def test_bylines_give_the_date() -> None:
    assert _read(NEWS_SITE)["published"] == "2023-10-12"
    assert _read(HOT_NEWS)["published"] == "2023-05-08"
    assert _read(FORUM)["published"] == "2021-06-18"


def test_related_headlines_inside_the_article_stay() -> None:
    # a 相关新闻 list ends the page only below the last article paragraph
    page = ("铜山区召开安全生产专题会议\n"
            "会议指出，今年以来全区安全形势总体平稳。\n"
            "相关新闻\n"
            "会议要求，各镇要落实属地责任，确保不发生较大事故。\n")
    record = _read(page)
    assert record["boilerplate"] == ["相关新闻"]
    assert "会议要求，各镇要落实属地责任，确保不发生较大事故。" in record["text"]


def test_title_prefix_only_at_the_start() -> None:
    page = "转发：河口镇召开防汛会议\n6月1日，河口镇召开防汛会议，镇长主持。\n会议要求，要确保安全度汛。\n"
    assert _read(page)["title"] == "河口镇召开防汛会议"
