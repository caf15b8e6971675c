"""The headline is the article's, never a link of the page; page chrome is boilerplate wherever
it stands (texts written for these tests; places, people and sites fictional).

Each page stands for a kind of page: a government portal with site tools and an open-information
table, a blog with counts and a comment box, a wire story with a photo caption above the headline,
a kicker (某某在…上强调) over the headline, a headline with one comma under a site name and empty
labels, a video programme page, a mirror with a reposting credit, a page whose only heading is
"全文", a headline run into the first paragraph, and a page with related headlines above the
article. Both scripts are covered where the page text differs.
"""

from __future__ import annotations

import pytest

from luoshi.intake import extract
from luoshi.intake.boilerplate import classify


def _read(page: str) -> dict:
    return extract(page.encode("utf-8"), "page.txt")


PORTAL = """加入收藏
- 设为首页
- 无障碍阅读
- 长者版
微信 繁體版 智能问答
本网站已支持IPv6
你当前的位置：首页 - 政务公开 - 工作动态
桐溪县召开秋冬季农田水利建设动员会
发布日期：2024-10-21 来源：县水利局 浏览次数：
会议现场1.jpg
10月20日，桐溪县召开秋冬季农田水利建设动员会，副县长岑向东出席会议并讲话。
岑向东要求，各乡镇要倒排工期，确保明年春灌前完成全部渠系配套工程。
打印本页 关闭窗口
"""

PORTAL_TRAD = """設為首頁
加入收藏
無障礙閱讀
長者版
微信 智能問答 简体版
你當前的位置：首頁 - 政務公開 - 工作動態
桐溪縣召開秋冬季農田水利建設動員會
發布日期：2024-10-21 來源：縣水利局
10月20日，桐溪縣召開秋冬季農田水利建設動員會，副縣長岑向東出席會議並講話。
岑向東要求，各鄉鎮要倒排工期，確保明年春灌前完成全部渠系配套工程。
"""

OPEN_INFO = """- 加入收藏
- 设为首页
名 称: 县人民政府办公室 关于下达2024年县政府民生实事分工方案的通知
索 引 号: 001122334/2024-00871 发布日期: 2024-02-26 发布机构: 枫林县政府办公室
文 号: 文件分类: 城乡建设 所属机构:
2024-02-27 09:30 县人民政府办公室
分   类 城乡建设 有 效 性 有效
县人民政府办公室 关于下达2024年县政府民生实事分工方案的通知
各乡镇人民政府，县政府各部门：
《2024年县政府民生实事分工方案》已经县政府同意，现印发给你们，请认真组织实施。
枫林县人民政府办公室
2024年2月26日
（一）新建城区公办幼儿园两所
（二）改造老旧小区供水管网十二公里
"""

BLOG = """白鹭湾镇召开河湖长制工作推进会
268
作者 南窗听雨
2022-06-14 08:05 字数 1536 阅读 412评论 1
6月13日，白鹭湾镇召开河湖长制工作推进会，镇党委书记韦思远出席会议。
韦思远要求，各村要落实巡河制度，确保河道无垃圾堆积。
登录 后参与评论
1条评论
路过的人：支持一下
"""

BLOG_EMPTY = """白鹭湾镇召开河湖长制工作推进会
作者 南窗听雨
6月13日，白鹭湾镇召开河湖长制工作推进会，镇党委书记韦思远出席会议。
韦思远要求，各村要落实巡河制度，确保河道无垃圾堆积。
暂无评论
"""

CAPTION = """3月2日，省政协十二届常委会第五次会议在临州举行全体会议，省政协主席柯景澜出席。新闻社记者 郑小川 摄
省政协十二届常委会第五次会议举行全体会议
柯景澜出席
新闻社临州3月2日电 省政协十二届常委会第五次会议2日下午举行全体会议，省政协主席柯景澜出席会议。
会议要求，各专门委员会要围绕年度协商计划，确保每项建议都有回音。
"""

KICKER = """点击右上角发送给微信好友
朋友圈
请用浏览器自带的分享功能转发本页
甘如海在全市优化营商环境工作推进会上强调
以更实举措打造一流营商环境 让企业在榆江安心发展
俞晓岚出席
9月3日上午，全市优化营商环境工作推进会召开。市委书记甘如海出席会议并讲话。
甘如海强调，要对标先进地区，持续压减审批时限，确保政策红利直达企业。
"""

KICKER_TRAD = """甘如海在全市優化營商環境工作推進會上強調
以更實舉措打造一流營商環境 讓企業在榆江安心發展
俞曉嵐出席
9月3日上午，全市優化營商環境工作推進會召開。市委書記甘如海出席會議並講話。
甘如海強調，要對標先進地區，持續壓減審批時限，確保政策紅利直達企業。
"""

COMMA_TITLE = """江南在线_江南资讯门户网
热门TAG标签:
热门关键词:
临江市召开河湖治理工作领导小组会议,潘启航主持
来源: 发布时间:2021-03-09 作者:
摘要:
临江新闻网讯（记者 严若冰）3月8日，临江市召开河湖治理工作领导小组会议，市长潘启航主持会议。
会议要求，各成员单位要抓住枯水期，确保清淤工程按期完工。
"""

VIDEO = """当前位置:电视新闻 > 地方新闻 > 青州新闻
[青州新闻]省政府召开第八次常务会议
青州新闻:2021-04-05
查看最新青州新闻
省长杭致远今天主持召开省政府第八次常务会议，研究部署春季农业生产工作。
会议要求，各地要抓紧抓实春耕备耕，确保粮食播种面积稳定。
"""

REPOST = """11月5日，松岭县委书记钟启明主持召开县委财经委员会会议，研究部署今冬明春重点工作。
钟启明强调，各部门要提前谋划明年项目，确保开春即开工。
(來源:松嶺縣融媒體中心 轉載:程曉帆) |
"""

FULLTEXT_ONLY = """全文
为进一步优化营商环境，现就深化工程建设项目审批制度改革提出如下措施。
1.全面推行告知承诺制。2024年6月底前完成事项清单梳理。
2.压减审批时限。年内将一般项目审批时限压减至40个工作日以内。
"""

RUN_IN = """梅岭区召开防汛抗旱指挥部全体成员会议 5月8日，梅岭区召开防汛抗旱指挥部全体成员会议，副区长欧阳明出席。
会议要求，各成员单位要落实二十四小时值班制度，确保安全度汛。
"""

MASTHEAD = """相关新闻
石桥镇开展重阳敬老活动
石桥镇举办秋季招聘会
首页 > 新闻中心 > 乡镇动态
石桥镇召开秋粮收购工作推进会
2023-10-08 10:22 来源：石桥镇人民政府
10月7日，石桥镇召开秋粮收购工作推进会，镇长邬文韬出席会议。
会议要求，要畅通收购渠道，确保农民售粮不难。
"""

WECHAT = """点击蓝字关注我们
原标题：平川县召开冬季安全生产工作会议
平川县召开冬季安全生产工作会议
12月1日，平川县召开冬季安全生产工作会议，县长宁远山出席会议并讲话。
▲会议现场
宁远山要求，各乡镇要加强隐患排查，确保岁末年初安全形势平稳。
（完）
往期回顾
平川县部署秋冬季森林防火工作
免责声明：本文仅代表作者观点，转载请注明出处。
"""

# (page, title, boilerplate lines, a sentence that must stay in the text)
CASES = {
    "portal": (PORTAL, "桐溪县召开秋冬季农田水利建设动员会",
               ["加入收藏", "- 设为首页", "- 无障碍阅读", "- 长者版", "微信 繁體版 智能问答", "本网站已支持IPv6",
                "你当前的位置：首页 - 政务公开 - 工作动态", "发布日期：2024-10-21 来源：县水利局 浏览次数：",
                "会议现场1.jpg", "打印本页 关闭窗口"],
               "岑向东要求，各乡镇要倒排工期"),
    "portal_trad": (PORTAL_TRAD, "桐溪縣召開秋冬季農田水利建設動員會",
                    ["設為首頁", "加入收藏", "無障礙閱讀", "長者版", "微信 智能問答 简体版",
                     "你當前的位置：首頁 - 政務公開 - 工作動態", "發布日期：2024-10-21 來源：縣水利局"],
                    "岑向東要求，各鄉鎮要倒排工期"),
    "open_info": (OPEN_INFO, "县人民政府办公室 关于下达2024年县政府民生实事分工方案的通知",
                  ["- 加入收藏", "- 设为首页",
                   "名 称: 县人民政府办公室 关于下达2024年县政府民生实事分工方案的通知",
                   "索 引 号: 001122334/2024-00871 发布日期: 2024-02-26 发布机构: 枫林县政府办公室",
                   "文 号: 文件分类: 城乡建设 所属机构:", "2024-02-27 09:30 县人民政府办公室",
                   "分   类 城乡建设 有 效 性 有效"],
                  "2024年2月26日"),
    "blog": (BLOG, "白鹭湾镇召开河湖长制工作推进会",
             ["268", "作者 南窗听雨", "2022-06-14 08:05 字数 1536 阅读 412评论 1", "登录 后参与评论", "1条评论",
              "路过的人：支持一下"],
             "韦思远要求，各村要落实巡河制度"),
    "blog_empty": (BLOG_EMPTY, "白鹭湾镇召开河湖长制工作推进会", ["作者 南窗听雨", "暂无评论"],
                   "韦思远要求，各村要落实巡河制度"),
    "caption": (CAPTION, "省政协十二届常委会第五次会议举行全体会议", [CAPTION.splitlines()[0]],
                "新闻社临州3月2日电"),
    "kicker": (KICKER, "以更实举措打造一流营商环境 让企业在榆江安心发展",
               ["点击右上角发送给微信好友", "朋友圈", "请用浏览器自带的分享功能转发本页"], "9月3日上午"),
    "kicker_trad": (KICKER_TRAD, "以更實舉措打造一流營商環境 讓企業在榆江安心發展", [], "9月3日上午"),
    "comma_title": (COMMA_TITLE, "临江市召开河湖治理工作领导小组会议,潘启航主持",
                    ["江南在线_江南资讯门户网", "热门TAG标签:", "热门关键词:", "来源: 发布时间:2021-03-09 作者:", "摘要:"],
                    "临江新闻网讯（记者 严若冰）3月8日"),
    "video": (VIDEO, "[青州新闻]省政府召开第八次常务会议",
              ["当前位置:电视新闻 > 地方新闻 > 青州新闻", "青州新闻:2021-04-05", "查看最新青州新闻"],
              "省长杭致远今天主持召开"),
    "repost": (REPOST, "", ["(來源:松嶺縣融媒體中心 轉載:程曉帆) |"], "钟启明强调"),
    "fulltext_only": (FULLTEXT_ONLY, "", ["全文"], "1.全面推行告知承诺制"),
    "run_in": (RUN_IN, "梅岭区召开防汛抗旱指挥部全体成员会议", [], "5月8日，梅岭区召开防汛抗旱指挥部全体成员会议"),
    "masthead": (MASTHEAD, "石桥镇召开秋粮收购工作推进会",
                 ["相关新闻", "石桥镇开展重阳敬老活动", "石桥镇举办秋季招聘会", "首页 > 新闻中心 > 乡镇动态",
                  "2023-10-08 10:22 来源：石桥镇人民政府"],
                 "10月7日，石桥镇召开"),
    "wechat": (WECHAT, "平川县召开冬季安全生产工作会议",
               ["点击蓝字关注我们", "原标题：平川县召开冬季安全生产工作会议", "▲会议现场", "（完）", "往期回顾",
                "平川县部署秋冬季森林防火工作", "免责声明：本文仅代表作者观点，转载请注明出处。"],
               "宁远山要求，各乡镇要加强隐患排查"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_title_and_page_clutter(name: str) -> None:
    page, title, boilerplate, kept = CASES[name]
    record = _read(page)
    assert record["title"] == title
    assert record["boilerplate"] == boilerplate
    assert kept in record["text"]
    assert not any(line in record["text"].split("\n") for line in boilerplate)
    assert title == "" or title.replace(" ", "") not in record["text"].split("\n")


def test_kicker_and_byline_names_are_subtitles() -> None:
    assert _read(KICKER)["subtitle"] == "甘如海在全市优化营商环境工作推进会上强调 俞晓岚出席"
    assert _read(CAPTION)["subtitle"] == "柯景澜出席"


def test_run_in_headline_leaves_the_first_paragraph_whole() -> None:
    record = _read(RUN_IN)
    assert record["text"].split("\n")[0].startswith("5月8日，梅岭区召开")
    assert record["subtitle"] == "" and "区召开防汛抗旱指挥部全体成员会议 5月8日" not in record["text"]


def test_notice_signature_date_above_task_items_stays() -> None:
    record = _read(OPEN_INFO)
    assert "枫林县人民政府办公室\n2024年2月26日" in record["text"]
    assert "（二）改造老旧小区供水管网十二公里" in record["text"]


@pytest.mark.parametrize("line", [
    # article sentences that share a word with page chrome stay, wherever they stand
    "会议要求，各地要分享经验做法，推动问题整改到位。",
    "分享经验做法，是推动工作的有效方式。",
    "与会人员观看了警示教育片，并就下一步工作进行了讨论。",
    "会议强调，要把摘要报告和全文一并报送市政府。",
    "全体参会人员在会前统一进行了拍摄。",
    "会议指出，目前位置偏远的村组仍存在饮水困难。",
    "来自各乡镇的代表共30人参加会议。",
    "会议分类施策，对重点企业逐一进行了研判，名称不规范的一律整改。",
    "分类推进老旧小区改造",
    "图书馆、文化馆要延长开放时间。",
    "全县已有1200余户群众参与评议。",
    "他的理论文章发表于省委机关刊物。",
    "原创精品剧目展演活动将在国庆期间举行。",
    "会议听取了相关文件起草情况的汇报。",
    "会议审议了《关于进一步规范政务公开工作的意见》。",
    "会议指出，个别地方的做法并不代表全省的整体立场",
    "各部门要推广使用国产浏览器和办公软件",
    "要加快建设全市统一的内容管理系统",
    "《实施意见》发布于2022年3月1日",
    "政务公众号全年发布信息3200条，阅读120万次，转发3万次",
    "一、会议时间：2024年3月5日",
    "报名截止：2024-03-01",
])
def test_article_lines_with_chrome_words_stay(line: str) -> None:
    assert not classify(line, True, True, None, True)


@pytest.mark.parametrize("line", [
    "（新闻社记者 郑小川 摄）",
    "会议现场。本报记者 顾南 摄",
    "图为会议现场 程诺 摄",
    "图片来源：县融媒体中心",
    "编辑 | 柳芊芊",
    "来源 | 某某发布",
    "阅读(356)",
    "评论(0)",
    "(完)",
    "下载客户端",
    "您的浏览器不支持video标签",
    "如有侵权请联系删除",
    "本文转载自其他网站，转载目的在于传递更多信息。",
    "版权声明：本站原创内容",
    "你的位置：首页 > 要闻",
    "> 政务公开 > 规划计划",
    "English | 无障碍 | 长者版",
    "标签：营商环境 河湖长制",
    "原创 榆江发布 榆江发布 2024-03-05 18:00 发表于江西",
    "收录于合集 #乡村振兴 12个",
    "继续滑动看下一个",
    "字号：大 中 小",
    "【字号 大 中 小】",
    "扫码关注 获取更多资讯",
    "您是第 10234 位访客",
    "您是本站第1024位访客",
    "还没有账号?",
    "立即注册",
    "展开阅读全文",
    "收起",
    "点赞",
    "在看",
    "小字号",
    "首页 -> 要闻",
    "首頁 - 本地新聞",
    "请升级您的浏览器",
    "您使用的浏览器版本过旧，部分功能无法使用。请升级后再访问本站。",
    "更新于 09月14日08:20 • 发布于 09月13日17:45 • 某某电台",
    "• +1",
    "留言 0",
    "没有留言。",
    "会议现场",
    "活動現場圖",
    "全媒体记者：贺一鸣 方晴",
    "編審:龐書文",
    "视频：邝宇 曾凡",
    "县域经济 >",
    "更新日期：2024-05-06",
    "本页位置：首页 → 新闻中心 → 县区动态",
    "3.  www.example.com",
    "因篇幅所限，无法全部显示，请点此查看全文",
    "青林县人民政府主办 青林县大数据中心承办",
    "□记者 柯言 报道",
])
def test_chrome_lines(line: str) -> None:
    assert classify(line, False, True, None, False)


def test_headline_with_a_comma_over_a_dated_lead() -> None:
    page = ("沙河口区召开背街小巷整治工作调度会,邱明远主持\n"
            "4月9日，沙河口区召开背街小巷整治工作调度会，区长邱明远主持会议。\n"
            "会议要求，各街道要建立问题台账，确保五月底前完成首批整治。\n")
    record = _read(page)
    assert record["title"] == "沙河口区召开背街小巷整治工作调度会,邱明远主持"
    assert record["text"].startswith("4月9日，沙河口区")


def test_unknown_tool_between_bylines_is_not_the_headline() -> None:
    page = ("首页 > 乡镇动态\n"
            "北溪镇召开冬季征兵工作会议\n"
            "来源：北溪镇人民政府\n"
            "字号切换\n"
            "打印\n"
            "11月4日，北溪镇召开冬季征兵工作会议，镇武装部长秦朗出席。\n"
            "会议要求，各村要做好适龄青年动员，确保完成征集任务。\n")
    record = _read(page)
    assert record["title"] == "北溪镇召开冬季征兵工作会议"
    assert "北溪镇召开冬季征兵工作会议" not in record["boilerplate"]


def test_attachment_label_is_not_the_title() -> None:
    page = ("附件1\n"
            "各乡镇、各部门要按照分工抓好落实，确保各项任务按期完成。\n"
            "1.推进农村公路提档升级。年底前完成改造八十公里。\n")
    assert _read(page)["title"] == ""


def test_ranked_and_related_lists_below_the_article_go() -> None:
    page = ("柳塘县召开春季植树造林工作会议\n"
            "3月1日，柳塘县召开春季植树造林工作会议，副县长阮青禾出席。\n"
            "阮青禾要求，各乡镇要落实造林地块，确保苗木成活率达到九成以上。\n"
            "相关稿件\n"
            "柳塘县部署森林防火工作\n"
            "阅读排行\n"
            "柳塘县举办油菜花节\n")
    record = _read(page)
    assert record["boilerplate"] == ["相关稿件", "柳塘县部署森林防火工作", "阅读排行", "柳塘县举办油菜花节"]
    assert record["text"].endswith("确保苗木成活率达到九成以上。")


def test_wrapped_word_ending_a_sentence_is_not_chrome() -> None:
    # a paragraph wrapped right before its last word: "推荐。" alone ends the sentence
    assert not classify("推荐。", True, True, None, True)
    assert not classify("播放。", True, True, None, True)
    assert classify("推荐", True, True, None, True)


@pytest.mark.parametrize("page_title", ["东岚区召开河道保洁工作部署会 - 东岚区人民政府网",
                                        "东岚发布｜东岚区召开河道保洁工作部署会",
                                        "东岚区召开河道保洁工作部署会_东岚新闻网"])
def test_page_title_beside_the_headline_is_clutter(page_title: str) -> None:
    page = (page_title + "\n东岚区召开河道保洁工作部署会\n"
            "7月2日，东岚区召开河道保洁工作部署会，副区长潘素云出席。\n"
            "会议要求，各街道要落实河段保洁责任，确保水面无漂浮物。\n")
    record = _read(page)
    assert record["title"] == "东岚区召开河道保洁工作部署会"
    assert record["boilerplate"] == [page_title]
    assert record["subtitle"] == ""


def test_share_label_glued_to_the_headline_is_cut() -> None:
    page = ("首頁 -> 要聞\n"
            "雲溪區召開人居環境整治推進會分享到:\n"
            "雲溪區訊 9月2日，雲溪區召開人居環境整治推進會，副區長倪思遠出席。\n"
            "會議要求，各街道要落實門前三包責任，確保月底前完成整治。\n")
    record = _read(page)
    assert record["title"] == "雲溪區召開人居環境整治推進會"
    assert record["boilerplate"] == ["首頁 -> 要聞"]


def test_list_of_asking_headlines_after_a_more_heading_goes() -> None:
    page = ("云溪区召开人居环境整治推进会\n"
            "9月2日，云溪区召开人居环境整治推进会，副区长倪思远出席。\n"
            "会议要求，各街道要落实门前三包责任，确保月底前完成整治。\n"
            "视频 更多\n"
            "【云溪观察】老街改造，难点在哪里？\n"
            "秋收时节，稻田里的新农人有多忙？\n")
    record = _read(page)
    assert record["boilerplate"] == ["视频 更多", "【云溪观察】老街改造，难点在哪里？", "秋收时节，稻田里的新农人有多忙？"]
    assert record["text"].endswith("确保月底前完成整治。")


def test_bare_counts_only_at_the_edges() -> None:
    assert classify("0 0", True, True, None, False)
    assert not classify("0 0", False, True, None, False)  # a table row inside the article
    # a byline judged without the URL in front of it
    assert classify("http://www.example.cn 2019年05月06日09:12 某某新闻网-某某日报", True, True, None, True)
    assert classify("青林县人民政府主办", True, True, None, False)
    # 时间: is a byline above the article, the content of a notice inside it
    assert classify("时间：2024-04-02 09:10", True, True, None, True)
    assert not classify("时间：2024年4月12日", False, True, None, False)
    assert not classify("地点：镇便民服务中心二楼会议室", False, True, None, False)
    assert classify("来自: 时间:2024-03-06", True, True, None, True)
    assert not classify("青林县人民政府主办", False, True, None, False)


def test_table_pipes_after_the_headline_are_cut() -> None:
    page = ("青林县召开春耕生产调度会 | ||||||\n"
            "---|---|---|---|---|---|\n"
            "3月4日，青林县召开春耕生产调度会，副县长龚书恒出席并讲话。\n"
            "会议要求，各乡镇要抓好农资供应，确保春耕生产顺利推进。\n")
    record = _read(page)
    assert record["title"] == "青林县召开春耕生产调度会"
    assert record["boilerplate"] == ["---|---|---|---|---|---|"]


def test_open_information_labels_with_values_on_their_own_lines() -> None:
    page = ("返回顶部\n"
            "石门县人民政府议事规则\n"
            "  • 索引号:\n"
            "    4307260000/2023-000412\n"
            "  • 发文机构:\n"
            "    县政府办公室\n"
            "  • 发文字号:\n"
            "    石政发〔2023〕9号\n"
            "  • 发文日期:\n"
            "    2023年05月08日 10:20\n"
            "  • 内容概述:\n"
            "石门县人民政府议事规则\n"
            "分享:\n"
            "序号\n"
            "一、为规范县政府议事程序，提高决策质量，结合本县实际，制定本规则。\n"
            "二、县政府全体会议由县长召集和主持，每年召开两次。\n")
    record = _read(page)
    assert record["title"] == "石门县人民政府议事规则"
    assert record["boilerplate"][:9] == ["返回顶部", "• 索引号:", "4307260000/2023-000412", "• 发文机构:", "县政府办公室",
                                         "• 发文字号:", "石政发〔2023〕9号", "• 发文日期:", "2023年05月08日 10:20"]
    assert "序号" not in record["boilerplate"]  # a table header after 分享: is not a label's value


def test_a_headline_about_sharing_keeps_its_last_word() -> None:
    page = ("青林县召开基层治理经验分享\n"
            "5月6日，青林县召开基层治理经验交流会，各乡镇作交流发言。\n"
            "会议要求，各乡镇要互学互鉴，确保经验做法落地见效。\n")
    assert _read(page)["title"] == "青林县召开基层治理经验分享"


def test_a_headline_ending_in_a_demand_is_not_a_kicker() -> None:
    page = ("市政府常务会议研究部署防汛工作并提出要求\n"
            "邬长青主持\n"
            "6月3日，市政府召开常务会议，市长邬长青主持会议。\n"
            "会议要求，各地要落实防汛责任，确保安全度汛。\n")
    record = _read(page)
    assert record["title"] == "市政府常务会议研究部署防汛工作并提出要求"
    assert record["subtitle"] == "邬长青主持"


def test_byline_fragment_between_bylines_is_not_the_headline() -> None:
    page = ("首页 > 工作动态\n"
            "岚山镇召开农村人居环境整治现场推进会\n"
            "2023-08-02 15:30\n"
            "岚山镇党委宣传办公室\n"
            "来源：岚山镇人民政府\n"
            "8月1日，岚山镇召开农村人居环境整治现场推进会，镇长伍思齐出席。\n"
            "会议要求，各村要建立长效保洁机制，确保村容村貌持续改善。\n")
    record = _read(page)
    assert record["title"] == "岚山镇召开农村人居环境整治现场推进会"
    assert "岚山镇召开农村人居环境整治现场推进会" not in record["boilerplate"]


def test_related_event_headline_above_a_plain_headline_is_masthead() -> None:
    page = ("热点新闻\n"
            "梧桐县召开秋季森林防火工作会议\n"
            "首页 > 县情资料\n"
            "梧桐县上半年经济运行情况分析\n"
            "发布时间：2023-07-20 来源：县统计局\n"
            "上半年，全县地区生产总值同比增长6.2%，规模以上工业增加值增长7.5%。\n"
            "下一步，各部门要稳住工业基本盘，确保全年目标顺利完成。\n")
    record = _read(page)
    assert record["title"] == "梧桐县上半年经济运行情况分析"
    assert "梧桐县召开秋季森林防火工作会议" in record["boilerplate"]


def test_dated_related_headline_above_the_headline_is_masthead() -> None:
    page = ("最新动态\n"
            "梧桐县举行重阳节敬老座谈会\n"
            "2023-10-20\n"
            "首页 > 工作动态\n"
            "梧桐县召开冬季征兵工作部署会\n"
            "发布时间：2023-11-02 来源：县人武部\n"
            "11月1日，梧桐县召开冬季征兵工作部署会，副县长尹慕白出席。\n"
            "会议要求，各乡镇要严把征兵质量关，确保圆满完成征集任务。\n")
    record = _read(page)
    assert record["title"] == "梧桐县召开冬季征兵工作部署会"
    assert "梧桐县举行重阳节敬老座谈会" in record["boilerplate"]


def test_wire_dateline_gives_the_place_when_the_caption_is_clutter() -> None:
    # the caption above the headline named the city; without it the dateline still does
    page = CAPTION.replace("临州", "合肥").replace("新闻社合肥3月2日电", "新华社合肥3月2日电")
    record = _read(page)
    assert record["boilerplate"] == [page.splitlines()[0]]
    meeting = record["meetings"][0]
    assert meeting["format"] == "in_person"
    assert [v["name"] for v in meeting["venues"]] == ["合肥"]


def test_plan_years_under_the_title_join_it_and_the_signature_date_stays() -> None:
    page = ("青林县优化营商环境三年行动计划\n"
            "(2024—2026年)\n"
            "各乡镇人民政府，县政府各部门：\n"
            "现将《青林县优化营商环境三年行动计划》印发给你们，请认真贯彻落实。\n"
            "1.压减审批时限。年底前一般项目审批时限压减至三十个工作日。\n"
            "青林县人民政府办公室\n"
            "2024年3月1日\n"
            "(此件公开发布)\n")
    record = _read(page)
    assert record["title"] == "青林县优化营商环境三年行动计划(2024—2026年)"
    assert record["boilerplate"] == []
    assert record["text"].endswith("青林县人民政府办公室\n2024年3月1日\n(此件公开发布)")


def test_dated_byline_under_a_credit_is_still_clutter() -> None:
    page = ("青林县召开春耕生产调度会\n"
            "3月4日，青林县召开春耕生产调度会，副县长龚书恒出席并讲话。\n"
            "会议要求，各乡镇要抓好农资供应，确保春耕生产顺利推进。\n"
            "（青林县农业农村局 房思远）\n"
            "2024年3月5日\n")
    assert _read(page)["boilerplate"] == ["（青林县农业农村局 房思远）", "2024年3月5日"]


def test_plan_title_broken_over_three_lines() -> None:
    page = ("青林县全面打响“青林服务”品牌\n"
            "加快建设营商环境示范县行动计划\n"
            "(2024—2026年)\n"
            "为进一步优化营商环境，结合本县实际，制定本行动计划。\n"
            "1.压减审批时限。年底前一般项目审批时限压减至三十个工作日。\n")
    assert _read(page)["title"] == "青林县全面打响“青林服务”品牌加快建设营商环境示范县行动计划(2024—2026年)"


def test_event_headline_over_a_plan_line_is_not_joined() -> None:
    page = ("青林县召开县政府常务会议\n"
            "审议县域经济高质量发展实施方案\n"
            "5月6日，青林县召开县政府常务会议，县长龚书恒主持。\n"
            "会议要求，各部门要抓好方案落实，确保各项任务按期完成。\n")
    record = _read(page)
    assert record["title"] == "青林县召开县政府常务会议"
    assert record["subtitle"] == "审议县域经济高质量发展实施方案"


# A provincial portal prints the headline with its sub-headline on one line above the byline,
# then the headline alone again above the article: the fuller line is the headline as printed.
PORTAL_SUBHEADLINE = """您的位置: 首页 >新闻中心>区域合作>详细内容
清江沅水两市协同发展联席会议第三次会议举行 两市共同签署生态补偿协议
来源:清江日报记者 韦思远 发布时间:2025-04-18 17:05:21 浏览次数:
清江沅水两市协同发展联席会议第三次会议举行
4月18日，清江沅水两市协同发展联席会议第三次会议在清江举行。清江市委书记贺明川主持会议。
会议要求，两市要加快推进跨界河流共治，确保年内完成生态补偿首期结算。
分享到:
"""


@pytest.mark.parametrize("convert", [lambda t: t, lambda t: t.replace("会议", "會議").replace("两市", "兩市")])
def test_headline_with_subheadline_on_one_line_is_the_headline(convert) -> None:
    page = convert(PORTAL_SUBHEADLINE)
    record = _read(page)
    first = page.splitlines()[1]
    assert record["title"] == first
    # neither copy of the headline is boilerplate nor article text
    assert first not in record["boilerplate"]
    assert page.splitlines()[3] not in record["boilerplate"]
    assert record["boilerplate"][0].startswith("您的位置")


def test_a_release_note_under_the_signature_is_no_headline() -> None:
    # heldout2/003 (also look/021, blind/004, tasklists/001): 各单位: … 某县人民政府 2025年3月1日
    # (此件公开发布) then the list's own title
    text = ("各镇政府，县政府各部门：\n"
            "现将《2025年枫林县重点工作责任分工》印发给你们，请认真抓好落实。\n"
            "枫林县人民政府\n2025年3月1日\n（此件公开发布）\n"
            "2025年枫林县重点工作责任分工\n"
            "一、推进城区供水管网改造。牵头单位：县水务局。\n")
    record = extract(text.encode("utf-8"), "notice.txt")
    assert record["title"] == "2025年枫林县重点工作责任分工"
