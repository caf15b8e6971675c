"""Shared texts and builders for the I/O tests of luoshi.intake (fictional reports, written for the tests)."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LUOSHI = ROOT / ".venv" / "bin" / "luoshi"

# A fictional report in Simplified and its Traditional form.
REPORT_HANS = (
    "临江市召开防汛工作专题会议\n"
    "3月5日上午,临江市防汛抗旱指挥部召开专题会议,副市长周远航主持会议并讲话。\n"
    "会议强调,要压实防汛责任,确保安全度汛。\n"
)
REPORT_HANT = (
    "臨江市召開防汛工作專題會議\n"
    "3月5日上午,臨江市防汛抗旱指揮部召開專題會議,副市長周遠航主持會議並講話。\n"
    "會議強調,要壓實防汛責任,確保安全度汛。\n"
)


def cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    exe = [str(LUOSHI)] if LUOSHI.exists() else [sys.executable, "-m", "luoshi.cli"]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([*exe, *args], input=stdin, capture_output=True, timeout=timeout, env=env, cwd=ROOT)


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
        document.add_paragraph("附件:责任分工表")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_pdf(lines: list[str], cjk: bool = False, text: bool = True) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    if cjk:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        c.setFont("STSong-Light", 12)
    else:
        c.setFont("Helvetica", 12)
    y = 800
    for line in lines:
        if text:
            c.drawString(50, y, line)
        else:
            c.rect(50, y, 300, 10, fill=1)  # marks only, like a scan without OCR
        y -= 20
    c.showPage()
    c.save()
    return buf.getvalue()
