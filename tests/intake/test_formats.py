"""Formats: html (the article, not the page), docx (paragraphs and tables, zip checks), pdf, limits."""
from __future__ import annotations

import io
import zipfile

import pytest

from luoshi.intake import IntakeError, Limits, extract

from .iohelpers import make_docx, make_pdf

BODY_1 = "5月8日,丰源市召开乡村振兴工作推进会,市委副书记谢文澜出席会议并讲话。"
BODY_2 = "会议要求,各县区要聚焦重点任务,加快补齐短板,确保各项工作落地见效。"

HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>丰源市召开乡村振兴工作推进会_丰源新闻网</title>
<style>.nav {{ color: red }}</style>
<script>var tracker = "首页 要闻 会议强调要点击";</script></head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/news">要闻</a> | <a href="/about">关于我们</a></div>
<nav><ul><li><a href="/a">政务公开</a></li><li><a href="/b">办事服务</a></li></ul></nav>
<div class="main">
  <div class="sidebar"><a href="/x">热点新闻一</a><a href="/y">热点新闻二</a></div>
  <div class="article">
    <h1>丰源市召开乡村振兴工作推进会</h1>
    <div class="info">发布时间:2024-05-09 10:30  来源:丰源日报</div>
    <p>{BODY_1}</p>
    <p>{BODY_2}<script>document.write("广告");</script></p>
    <p>会议强调,要压实责任,<br>确保实效。</p>
  </div>
</div>
<footer>丰源新闻网 版权所有 丰ICP备00000000号</footer>
</body></html>"""


def test_html_article_not_page() -> None:
    record = extract(HTML.encode("utf-8"), "page.html")
    assert record["source"]["format"] == "html"
    assert record["title"] == "丰源市召开乡村振兴工作推进会"
    assert BODY_1 in record["text"] and BODY_2 in record["text"]
    for junk in ("tracker", "广告", "政务公开", "热点新闻", "关于我们", "版权所有", "color"):
        assert junk not in record["text"]
    assert record["published"] == "2024-05-09"
    # paragraphs stay paragraphs; a <br> inside a sentence is rejoined
    assert BODY_1 + "\n" + BODY_2 in record["text"]


def test_html_sniffed_without_extension_and_gbk_meta() -> None:
    page = HTML.replace('charset="utf-8"', 'charset="gbk"').encode("gbk")
    record = extract(page, "download")
    assert record["source"]["format"] == "html"
    assert record["source"]["encoding"] == "gb18030"  # declared gbk, read with its superset
    assert BODY_1 in record["text"]


def test_html_title_from_title_tag() -> None:
    page = f"<html><head><title>丰源市召开推进会 - 丰源新闻网</title></head><body><p>{BODY_1}</p><p>{BODY_2}</p></body></html>"
    assert extract(page.encode("utf-8"), "a.htm")["title"] == "丰源市召开推进会"


def test_script_only_html_refused() -> None:
    page = "<html><head><script>" + "var a = 1;" * 500 + "</script></head><body><script>x()</script></body></html>"
    with pytest.raises(IntakeError, match="HTML has no article text"):
        extract(page.encode("utf-8"), "app.html")


def test_docx_paragraphs_and_table_in_order() -> None:
    data = make_docx(
        ["丰源市2024年重点工作任务分工方案", BODY_1],
        table=[["序号", "工作任务", "牵头单位", "配合单位"], ["1", "推进高标准农田建设。", "市农业农村局", "市财政局、各县区"]],
    )
    record = extract(data, "plan.docx")
    assert record["source"]["format"] == "docx"
    assert record["title"] == "丰源市2024年重点工作任务分工方案"
    lines = record["text"].split("\n")
    assert lines[0] == BODY_1
    assert "1\t推进高标准农田建设。\t市农业农村局\t市财政局、各县区" in lines
    assert lines.index("1\t推进高标准农田建设。\t市农业农村局\t市财政局、各县区") < lines.index("附件:责任分工表")


def test_docx_truncated() -> None:
    data = make_docx([BODY_1, BODY_2])
    with pytest.raises(IntakeError, match=r"^truncated or corrupt \.docx$"):
        extract(data[: len(data) // 2], "cut.docx")
    with pytest.raises(IntakeError, match=r"^truncated or corrupt \.docx$"):
        extract(b"not a zip at all", "fake.docx")


def test_docx_member_corrupted() -> None:
    data = bytearray(make_docx([BODY_1, BODY_2]))
    # flip bytes inside the compressed document.xml: the CRC check catches it
    start = data.find(b"word/document.xml") + 40
    for i in range(start, start + 30):
        data[i] ^= 0x5A
    with pytest.raises(IntakeError, match="docx"):
        extract(bytes(data), "bad.docx")


def test_zip_bomb_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        z.writestr("word/filler.bin", b"\0" * (4 * 1024 * 1024))  # compresses to a few KB
    limits = Limits(max_unzipped_bytes=1024 * 1024)
    with pytest.raises(IntakeError, match="zip bomb"):
        extract(buf.getvalue(), "bomb.docx", limits=limits)


def test_zip_with_too_many_entries() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(60):
            z.writestr(f"word/part{i}.xml", b"x")
    with pytest.raises(IntakeError, match="too many entries"):
        extract(buf.getvalue(), "many.docx", limits=Limits(max_zip_entries=50))


def test_zip_that_is_not_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(IntakeError, match="not a .docx"):
        extract(buf.getvalue(), "archive.zip")


def test_pdf_latin_text_layer() -> None:
    data = make_pdf(["Fengyuan city work conference", "The meeting asked all counties to act."])
    record = extract(data, "report.pdf")
    assert record["source"]["format"] == "pdf"
    assert "The meeting asked all counties to act." in record["text"]


def test_pdf_cjk_text_layer() -> None:
    data = make_pdf(["丰源市召开乡村振兴工作推进会", BODY_1], cjk=True)
    record = extract(data, "report.pdf")
    assert record["title"] == "丰源市召开乡村振兴工作推进会"
    assert BODY_1 in record["text"]


def test_pdf_without_text_layer() -> None:
    with pytest.raises(IntakeError, match=r"^PDF has no text layer \(scanned\?\)$"):
        extract(make_pdf(["x", "y"], text=False), "scan.pdf")


def test_corrupt_pdf() -> None:
    with pytest.raises(IntakeError, match="PDF"):
        extract(b"%PDF-1.4\n1 0 obj garbage\n%%EOF", "broken.pdf")


def test_oversized_refused() -> None:
    with pytest.raises(IntakeError, match="too large"):
        extract(("会议强调要落实。" * 100).encode("utf-8"), "big.txt", limits=Limits(max_bytes=1000))


def test_extension_mismatch_refused() -> None:
    with pytest.raises(IntakeError, match="PDF"):
        extract("这不是PDF文件".encode(), "fake.pdf")


def test_html_declaring_gbk_but_in_utf8_is_read_as_utf8() -> None:
    # GB18030 decodes most UTF-8 bytes without an error: the declaration alone would give mojibake
    page = HTML.replace('charset="utf-8"', 'charset="gbk"').encode("utf-8")
    record = extract(page, "page.html")
    assert record["source"]["encoding"] == "utf-8"
    assert BODY_1 in record["text"]
    assert "page declares gbk but is utf-8" in record["warnings"]


def test_html_declaring_gbk_with_pasted_utf8_lines() -> None:
    page = HTML.replace('charset="utf-8"', 'charset="gbk"')
    data = b"".join(line.encode("utf-8" if BODY_2 in line else "gbk") for line in page.splitlines(keepends=True))
    record = extract(data, "page.html")
    assert record["source"]["encoding"] == "utf-8+gb18030"
    assert BODY_1 in record["text"] and BODY_2 in record["text"]
    assert any(w.startswith("mixed encodings: lines ") for w in record["warnings"])
