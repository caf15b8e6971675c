"""Breakdown tables built at run time with openpyxl, so no binary fixture is committed.

Each builder returns the bytes of an .xlsx. `awkward()` is the one that
exercises the reader: a merged title row above Traditional headers, a section
row, a 重点任务 merged down three rows, a blank line, units as running text
(one unknown, one collective), deadlines as text, a row with no task text and
a repeated 序号.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook, load_workbook

TITLE = "2026年重點工作任務分解表"
TRADITIONAL_HEADERS = ["序號", "重點任務", "具體內容", "牽頭單位", "配合單位", "完成時限"]

# Names as the office keeps them in the directory (Simplified) …
DRC = "省发展改革委"
COMMERCE = "江苏省商务厅"
COMMERCE_SHORT = "省商务厅"
MARKET = "省市场监管局"
TRANSPORT = "省交通运输厅"
# … and as the sheet writes them.
DRC_T = "省發展改革委"
COMMERCE_T = "省商務廳"
MARKET_T = "省市場監管局"
TRANSPORT_T = "省交通運輸廳"
UNKNOWN = "省數據局試點辦"


def build(rows: list[list[object]], merges: list[str] = (), sheet_title: str = "分解表") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    for rng in merges:
        sheet.merge_cells(rng)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def awkward(changes: dict[int, list[object]] | None = None) -> bytes:
    """The awkward table; `changes` replaces rows by their Excel number (an empty list drops one)."""
    rows = [
        [TITLE, None, None, None, None, None],  # 1 title, merged A1:F1
        TRADITIONAL_HEADERS,  # 2
        ["一", "一、穩增長", None, None, None, None],  # 3 section, merged B3:F3
        [1, "推進重大項目建設", "建立重大項目調度機制", f"{DRC_T}牽頭", f"{COMMERCE_T}、{MARKET_T}配合", "2026年6月底前"],
        [None, None, "加快項目審批", DRC_T, TRANSPORT_T, "年底前"],  # 5
        [None, None, "做好要素保障", f"{DRC_T}\n{COMMERCE_T}", f"{UNKNOWN}，各地", "長期堅持"],  # 6
        [None, None, None, None, None, None],  # 7 blank line
        [2, "優化營商環境", "開展營商環境評價", COMMERCE_T, None, dt.datetime(2026, 9, 30)],  # 8
        ["3", "擴大有效投資", None, f"{TRANSPORT_T}、{DRC_T}按職責分工負責", None, "3季度"],  # 9
        [None, None, None, None, None, "6月底"],  # 10 no task text
        ["3", "重複的序號", None, DRC_T, None, None],  # 11 repeated 序号
        [4, "研究制定配套政策", None, MARKET_T, None, "儘快"],  # 12 a deadline that is not a date
    ]
    for number, row in sorted((changes or {}).items()):
        if number > len(rows):
            rows.append(row)
        else:
            rows[number - 1] = row
    return build([row for row in rows if row], ["A1:F1", "B3:F3", "A4:A6", "B4:B6"])


def cells(data: bytes) -> list[tuple[object, ...]]:
    """Every cell value of the first sheet, row by row, and its merged ranges last."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    values = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    return values + [tuple(sorted(str(r) for r in sheet.merged_cells.ranges))]
