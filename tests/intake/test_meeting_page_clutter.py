"""Page clutter around meeting reports seen on county and e-paper sites (fictional pages, both
scripts): site slogans above the headline, e-paper issue lines, reporter credits after a media
name, open-information rows, emoji, and listing pages of sittings."""

from __future__ import annotations

from luoshi.intake import extract


def _read(page: str) -> dict:
    return extract(page.encode("utf-8"), "page.txt")


def test_site_slogans_above_the_headline_are_masthead() -> None:
    page = ("汇聚溪州新闻 传递溪州声音\n"
            "溪州网与您一起讲好溪州故事\n"
            "青林县组织收看全市防汛工作视频调度会\n"
            "6月3日,副市长赵启明组织召开全市防汛工作视频调度会。青林县在县分会场收看。"
            "会议要求,各地要严格落实值班值守制度。\n"
            "来源:青林县人民政府\n")
    record = _read(page)
    assert record["title"] == "青林县组织收看全市防汛工作视频调度会"
    assert record["subtitle"] == ""
    assert record["boilerplate"][:2] == ["汇聚溪州新闻 传递溪州声音", "溪州网与您一起讲好溪州故事"]


def test_a_short_kicker_above_the_event_headline_stays_its_subtitle() -> None:
    page = ("稳增长 促发展\n"
            "溪州市召开重点项目推进会\n"
            "3月2日,溪州市召开重点项目推进会。会议要求,各地要加快项目建设。\n")
    record = _read(page)
    assert record["title"] == "溪州市召开重点项目推进会"
    assert record["subtitle"] == "稳增长 促发展"


def test_epaper_issue_line_and_media_reporter_credit_traditional() -> None:
    page = ("第一版:要聞版總第4120期 >2022-06-18編印\n"
            "全省防汛視頻調度會召開\n"
            "溪州日報·溪州客戶端記者 林曉雲\n"
            "6月17日下午,全省防汛視頻調度會召開。縣長陳立在我縣分會場收聽收看。"
            "會議強調,要嚴防山洪地質災害。\n"
            "(溪州之聲 )記者 王小明\n")
    record = _read(page)
    assert record["title"] == "全省防汛視頻調度會召開"
    assert record["boilerplate"] == ["第一版:要聞版總第4120期 >2022-06-18編印", "溪州日報·溪州客戶端記者 林曉雲",
                                     "(溪州之聲 )記者 王小明"]
    [meeting] = record["meetings"]
    assert meeting["format"] == "video"


def test_open_information_rows_with_file_numbers_go() -> None:
    page = ("索引号: 113300000000000000/2023-000123 成文日期: 2023-03-01\n"
            "文件编号: 溪政办发〔2023〕5号 统一编号:\n"
            "关于印发2023年重点工作责任分解的通知\n"
            "各县(市、区)人民政府,市政府各部门:\n"
            "现将《2023年重点工作责任分解》印发给你们,请认真贯彻执行。\n")
    record = _read(page)
    assert "文件编号: 溪政办发〔2023〕5号 统一编号:" in record["boilerplate"]
    assert record["title"] == "关于印发2023年重点工作责任分解的通知"


def test_emoji_inside_words_do_not_break_the_grammar() -> None:
    page = ("青溪县召🔥开2024年防汛工作会议👍\n"
            "5月8日下午,青溪县召开2024年防汛工作会议。会议审议并原则通过了《青溪县防汛应急预案》。"
            "会议强调,各乡镇要压实责任✅,确保安全度汛。\n")
    record = _read(page)
    assert record["title"] == "青溪县召开2024年防汛工作会议"
    [meeting] = record["meetings"]
    assert meeting["body"] == "青溪县"
    assert [a["kind"] for a in meeting["agenda"]] == ["adopt"]
    assert [d["text"] for d in meeting["directives"]] == ["会议强调,各乡镇要压实责任,确保安全度汛。"]


def test_numeric_dates_between_listing_entries_and_spam_lines_are_clutter() -> None:
    page = ("2023/02/01\n"
            "会议地点:best365网页版登录_快速入口人民政府\n"
            "会议摘要:1月31日下午,市长韩立主持召开市政府常务会议,研究了《城区停车设施建设方案》。\n"
            "2023/01/10\n"
            "会议地点:best365网页版登录_快速入口人民政府\n"
            "会议摘要:1月6日,市长韩立主持召开市政府常务会议,听取了全市安全生产情况汇报。\n")
    record = _read(page)
    assert "会议地点:best365网页版登录_快速入口人民政府" in record["boilerplate"]
    assert [m["date"]["text"] for m in record["meetings"]] == ["1月31日下午", "1月6日"]
    assert "2023/01/10" in record["boilerplate"]
