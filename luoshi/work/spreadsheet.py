"""Breakdown tables (任务分解表) as .xlsx: read one into plain rows, write one back.

Pure functions, no database: `read_sheet()` turns a workbook into a
`ParsedSheet` (the columns it recognised, one `SheetTask` per task it will
create, and an issue for every row it could not take), and `write_sheet()`
turns a `Layout` and `SheetTask`s back into a workbook in the same layout.
Matching units to organizations and writing tasks is luoshi.work.imports.

A row's parent is, in this order: the row its 上级序号 cell names (a column
only our own export adds, when the numbers cannot say it), the row numbered
like its own number without the last part (5 for 5.1), or the section it is in.

The shapes understood, from the tables offices actually circulate:

- a title row (often merged across the table) above the header row;
- headers in either script, under the names the intake knows
  (luoshi.intake.tasklist.column_key), possibly on two
  rows (责任单位 merged over 牵头单位 | 配合单位);
- a section row, merged across the table (一、稳增长), heading the rows below;
- a 重点任务 cell merged down several 具体内容 rows: the 重点任务 becomes a
  parent task and each row a child task;
- blank lines; units as running text (X牵头，Y、Z配合); deadlines as text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from luoshi.intake import tasklist
from luoshi.lib.text import fold

# Column keys, in the order a new export lays them out.
NUMBER, TASK, CONTENT, LEAD, SUPPORT, RESPONSIBLE, DUE = (
    "number", "task", "content", "lead", "support", "responsible", "due",
)
# The 序号 of a row's parent task, for the rare tree its numbers do not tell
# (a sub-task not numbered under its parent, 5.1 under 5): the export adds the
# column only then, and the import reads it when it is there.
PARENT = "parent"
PARENT_HEADER = "上级序号"
PARENT_HEADERS = {fold(PARENT_HEADER), fold("上级任务序号")}
DEFAULT_HEADERS: list[tuple[str, str]] = [
    (NUMBER, "序号"), (TASK, "重点任务"), (CONTENT, "具体内容"),
    (LEAD, "牵头单位"), (SUPPORT, "配合单位"), (DUE, "完成时限"),
]

# Header names (序号, 牵头单位, 责任单位 …) are the intake's table vocabulary
# (luoshi/intake/data/tasklist.json "columns"), the one the text reader uses for
# tables written out as text: luoshi.intake.tasklist.column_key. 责任单位 is the
# lead column of a table without 牵头单位 and the supporting column of one with it.

# How far down a header row may sit, and how much a workbook may hold: a
# breakdown table runs to hundreds of rows, not hundreds of thousands.
HEADER_SEARCH_ROWS = 30
MAX_ROWS = 5000
MAX_TITLE = 300

# Note lines kept at the end of a task's description, so that what the
# database has no field for (a deadline in words, a unit not yet in the
# directory) survives the round trip and is exported back where it came from.
NOTE_DUE = "完成时限："
NOTE_LEAD = "牵头单位（未匹配）："
NOTE_SUPPORT = "配合单位（未匹配）："
NOTES = (NOTE_DUE, NOTE_LEAD, NOTE_SUPPORT)


class SheetError(Exception):
    """The workbook cannot be imported at all; nothing was read.

    Carries a code and its parameters, not a sentence: the page that shows it
    words it in the reader's language (luoshi.sheets.messages).
    """

    def __init__(self, code: str, **params: Any):
        super().__init__(f"{code} {params}")
        self.code, self.params = code, params


@dataclass
class RowIssue:
    row: int  # as Excel numbers it
    code: str  # what went wrong, worded by luoshi.sheets.messages
    params: dict[str, Any] = field(default_factory=dict)
    rejected: bool = True  # False: the row was taken, with something left out
    text: str = ""  # what the row said, to find it in the sheet


@dataclass
class SheetTask:
    """One task as the sheet gives it (import) or as it will be written (export)."""

    external_id: str
    title: str
    kind: str = "row"  # "section" (merged across the table), "group" (merged 重点任务) or "row"
    parent_id: str | None = None
    # The description's text: the 具体内容 of a row that also has a 重点任务,
    # else the full text when the title had to be shortened to 300 characters.
    text: str = ""
    leads: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    due: dt.date | None = None
    due_text: str = ""  # the deadline as written, kept when it says more than a date
    row: int = 0
    parent_hint: str = ""  # the 上级序号 cell, if the sheet has that column


@dataclass
class Layout:
    columns: list[tuple[str, str]]  # (key, header as written)
    title: str = ""
    sheet_name: str = ""
    # External ids of the section rows (merged across the table): a section
    # and a merged 重点任务 both have child tasks, and only this tells them apart.
    sections: list[str] = field(default_factory=list)


@dataclass
class ParsedSheet:
    layout: Layout
    header_row: int
    tasks: list[SheetTask]
    issues: list[RowIssue]


# --- reading -----------------------------------------------------------------


def read_sheet(data: bytes | IO[bytes], year: int | None) -> ParsedSheet:
    """Read the first worksheet that has a recognisable header row.

    `year` dates deadlines written without one (6月底). Raises SheetError when
    the file is not an .xlsx workbook or no sheet has a header row.
    """
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        # data_only: a formula's last computed value, never the formula itself.
        book = load_workbook(stream, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, XML and its own errors
        raise SheetError("not_xlsx") from exc
    for sheet in book.worksheets:
        grid = _grid(sheet)
        found = _find_header(grid)
        if found is not None:
            return _parse(sheet.title, grid, found, year)
    raise SheetError("no_header", rows=HEADER_SEARCH_ROWS,
                     expected="、".join(name for _key, name in DEFAULT_HEADERS))


@dataclass
class _Cell:
    value: str
    merge: tuple[int, int, int, int] | None  # min_row, min_col, max_row, max_col of its merged range


def _grid(sheet) -> list[list[_Cell]]:
    """Every cell as text; a merged range's value repeated in each of its cells."""
    if sheet.max_row > MAX_ROWS:
        raise SheetError("too_many_rows", name=sheet.title, rows=sheet.max_row, max=MAX_ROWS)
    merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for rng in sheet.merged_cells.ranges:
        bounds = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = bounds
    width = sheet.max_column
    grid = []
    for r, row in enumerate(sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=width), start=1):
        cells = []
        for c, cell in enumerate(row, start=1):
            bounds = merged.get((r, c))
            value = cell.value if bounds is None else sheet.cell(bounds[0], bounds[1]).value
            cells.append(_Cell(_text(value), bounds))
        grid.append(cells)
    return grid


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).replace("\r\n", "\n").strip()


def _header_key(text: str) -> str | None:
    if fold(text.strip()) in PARENT_HEADERS:
        return PARENT
    key = tasklist.column_key(text)
    # Columns the import has no field for (进展情况, 备注, 责任领导) are not read.
    return None if key == "other" else key


def _find_header(grid: list[list[_Cell]]) -> tuple[int, dict[int, str]] | None:
    """(index of the last header row, {column index: key}) or None."""
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[int, str] = {}
        for c, cell in enumerate(row):
            key = _header_key(cell.value)
            # A title merged across the table repeats in every cell; count a
            # header once, at the first column of its merged range.
            if key and key not in columns.values() and (cell.merge is None or cell.merge[1] == c + 1):
                columns[c] = key
        if not ({TASK, CONTENT} & set(columns.values())) or len(columns) < 2:
            continue
        last = r
        # A two-level header: 责任单位 merged over 牵头单位 | 配合单位 on the row below.
        if r + 1 < len(grid):
            below = {c: _header_key(cell.value) for c, cell in enumerate(grid[r + 1])}
            below = {c: k for c, k in below.items() if k}
            if below and all(grid[r][c].merge is not None or c not in columns for c in below):
                columns.update(below)
                last = r + 1
        keys = set(columns.values())
        if RESPONSIBLE in keys:
            # Only one column may hold each key: 责任单位 beside 牵头单位 is the supporting column.
            role = SUPPORT if LEAD in keys else LEAD
            if role not in keys:
                columns = {c: (role if k == RESPONSIBLE else k) for c, k in columns.items()}
            else:
                columns = {c: k for c, k in columns.items() if k != RESPONSIBLE}
        return last, columns
    return None


def _parse(sheet_name: str, grid: list[list[_Cell]], found: tuple[int, dict[int, str]],
           year: int | None) -> ParsedSheet:
    header_row, columns = found
    col_of = {key: c for c, key in columns.items()}
    title = next((cell.value for row in grid[:header_row] for cell in row if cell.value
                  and _header_key(cell.value) is None), "")
    header_texts = {}
    for c, key in columns.items():
        # The lower row of a two-level header names the column.
        header_texts[key] = grid[header_row][c].value or grid[header_row - 1][c].value
    layout = Layout(
        columns=[(key, header_texts[key]) for c, key in sorted(columns.items())],
        title=title, sheet_name=sheet_name,
    )
    reader = _Reader(layout, col_of, year)
    # A 责任单位 column standing in for the lead column: its units lead unless a cell
    # names its lead, and the first one leads when the sheet says so (a title row, a
    # note row or a cell: 排名第一的为牵头单位) — as the text reader reads the same list.
    reader.lead_role = "resp" if LEAD in header_texts and tasklist.column_key(
        header_texts[LEAD]) == RESPONSIBLE else "lead"
    reader.first_leads = tasklist.first_leads_stated(
        "\n".join(cell.value for row in grid for cell in row if cell.value))
    return reader.read(grid, header_row + 1)


class _Reader:
    """Walks the data rows, keeping track of the current section and group."""

    def __init__(self, layout: Layout, col_of: dict[str, int], year: int | None):
        self.layout, self.col_of, self.year = layout, col_of, year
        self.lead_role = "lead"
        self.first_leads = False
        self.tasks: list[SheetTask] = []
        self.issues: list[RowIssue] = []
        self.seen: dict[str, int] = {}  # external id → row
        self.section: SheetTask | None = None
        self.sections = 0
        self.group: _Group | None = None
        self.generated = 0

    def read(self, grid: list[list[_Cell]], first: int) -> ParsedSheet:
        for r in range(first, len(grid)):
            self._row(r + 1, grid[r])
        self._close_group()
        return ParsedSheet(self.layout, first, self.tasks, self.issues)

    def cell(self, row: list[_Cell], key: str) -> _Cell:
        c = self.col_of.get(key)
        return row[c] if c is not None and c < len(row) else _Cell("", None)

    def _row(self, rownum: int, row: list[_Cell]) -> None:
        if not any(cell.value for cell in row):
            return  # a blank line
        if self._is_section(row):
            self._close_group()
            number = self.cell(row, NUMBER).value if self._number_is_own(row) else ""
            text = next(cell.value for cell in row if cell.value and cell.value != number)
            self.sections += 1
            ext = _clean_number(number) or _leading_number(text) or f"§{self.sections}"
            section = SheetTask(ext, _title(text), kind="section", text=_long(text), row=rownum)
            if self._claim(section, rownum):
                self.tasks.append(section)
                self.layout.sections.append(ext)
                self.section = section
            return
        number = _clean_number(self.cell(row, NUMBER).value)
        task_cell, content = self.cell(row, TASK), self.cell(row, CONTENT).value
        lead_text, support_text = self.cell(row, LEAD).value, self.cell(row, SUPPORT).value
        due_text = self.cell(row, DUE).value
        if not task_cell.value and not content:
            self.issues.append(RowIssue(rownum, "no_task_text", text=" | ".join(c.value for c in row if c.value)[:200]))
            return
        leads, supports = split_units(lead_text, support_text, lead_role=self.lead_role,
                                      first_leads=self.first_leads)
        due, kept = tasklist.parse_deadline(due_text, self.year)
        if due_text and due is None and not kept:
            self.issues.append(RowIssue(rownum, "due_not_a_date", {"text": due_text}, rejected=False,
                                        text=due_text))
        item = SheetTask("", "", leads=leads, supports=supports, due=due,
                         due_text=due_text if (kept or (due_text and due is None)) else "", row=rownum,
                         parent_hint=_clean_number(self.cell(row, PARENT).value))
        if TASK in self.col_of and CONTENT in self.col_of and content:
            self._group_row(rownum, task_cell, number, content, item)
        else:
            self._close_group()
            text = content or task_cell.value
            item.title, item.text = _title(text), _long(text)
            item.external_id = number or self._generated()
            item.parent_id = self._parent_of(item)
            if self._claim(item, rownum):
                self.tasks.append(item)

    def _parent_of(self, item: SheetTask) -> str | None:
        """The external id of a row's parent: its 上级序号, the number it is numbered under, or its section."""
        if item.parent_hint and item.parent_hint in self.seen and item.parent_hint != item.external_id:
            return item.parent_hint
        if "." in item.external_id:
            above = item.external_id.rsplit(".", 1)[0]
            if above in self.seen:
                return above
        return self.section.external_id if self.section else None

    def _is_section(self, row: list[_Cell]) -> bool:
        """A row merged across everything but (perhaps) the 序号 column."""
        number_col = self.col_of.get(NUMBER)
        others = [cell for c, cell in enumerate(row) if c != number_col and c in self.col_of.values()]
        if len(others) < 2:
            return False
        first = others[0].merge
        return first is not None and all(cell.merge == first for cell in others) and first[2] == first[0]

    def _number_is_own(self, row: list[_Cell]) -> bool:
        c = self.col_of.get(NUMBER)
        return c is not None and row[c].merge is None

    def _group_row(self, rownum: int, task_cell: _Cell, number: str, content: str, item: SheetTask) -> None:
        group = self.group
        same = group is not None and (
            (task_cell.merge is not None and task_cell.merge == group.merge)
            or (not task_cell.value)  # a blank 重点任务 continues the one above
            or (task_cell.merge is None and task_cell.value == group.title)
        )
        if not same:
            self._close_group()
            group = self.group = _Group(task_cell.value, task_cell.merge, rownum)
        item.title, item.text = _title(content), _long(content)
        group.rows.append((rownum, number, item))

    def _close_group(self) -> None:
        group, self.group = self.group, None
        if group is None:
            return
        parent_id = self.section.external_id if self.section else None
        if len(group.rows) == 1 or not group.title:
            # One row: one task, its 重点任务 the title and its 具体内容 the
            # text. Rows with content under no 重点任务 stand on their own.
            for rownum, number, item in group.rows:
                if group.title:
                    item.text = item.text or item.title
                    item.title = _title(group.title)
                item.external_id = number or self._generated()
                item.parent_id = self._parent_of(item)
                if self._claim(item, rownum):
                    self.tasks.append(item)
            return
        numbers = [number for _r, number, _i in group.rows]
        if numbers[0] and all(n == numbers[0] for n in numbers):
            # 序号 merged with the 重点任务: the group has the number, its rows 1.1, 1.2 …
            parent_ext = numbers[0]
            child_ids = [f"{parent_ext}.{k}" for k in range(1, len(numbers) + 1)]
        else:
            child_ids = [n or self._generated() for n in numbers]
            prefixes = {n.rsplit(".", 1)[0] for n in child_ids if "." in n}
            parent_ext = prefixes.pop() if len(prefixes) == 1 and all("." in n for n in child_ids) \
                else f"~{child_ids[0]}"
        parent = SheetTask(parent_ext, _title(group.title), kind="group", text=_long(group.title),
                           parent_id=parent_id, row=group.first_row)
        if not self._claim(parent, group.first_row):
            return
        self.tasks.append(parent)
        for (rownum, _number, item), ext in zip(group.rows, child_ids, strict=True):
            item.external_id, item.parent_id = ext, parent_ext
            if self._claim(item, rownum):
                self.tasks.append(item)

    def _claim(self, item: SheetTask, rownum: int) -> bool:
        earlier = self.seen.get(item.external_id)
        if earlier is not None:
            self.issues.append(RowIssue(rownum, "duplicate_number", {"id": item.external_id, "row": earlier},
                                        text=item.title))
            return False
        if len(item.external_id) > 64:
            self.issues.append(RowIssue(rownum, "number_too_long", text=item.external_id[:80]))
            return False
        self.seen[item.external_id] = rownum
        return True

    def _generated(self) -> str:
        # A row without 序号 still needs a stable id, or importing the sheet
        # again would duplicate it: its position among such rows, marked with #.
        self.generated += 1
        return f"#{self.generated}"


@dataclass
class _Group:
    title: str
    merge: tuple[int, int, int, int] | None
    first_row: int
    rows: list[tuple[int, str, SheetTask]] = field(default_factory=list)


def _clean_number(text: str) -> str:
    # "1." "1、" and "1" are the same number; （一） keeps its brackets.
    return text.strip().rstrip(".、．,，").strip()


def _leading_number(text: str) -> str:
    # The numbering of a section row (一、稳增长, （一）): the intake's numbering grammar;
    # a bare 1. there is a task's number, not a section's.
    number = _clean_number(tasklist.parse_number(text))
    return number if not number.isdigit() else ""


def _title(text: str) -> str:
    text = " ".join(text.split()) if "\n" in text else text
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"


def _long(text: str) -> str:
    """The full text when the title had to be shortened, else nothing."""
    return text if _title(text) != text else ""


# --- units and deadlines: the intake's task-list grammar ----------------------


def split_units(lead_text: str, support_text: str, *, lead_role: str = "lead",
                first_leads: bool = False) -> tuple[list[str], list[str]]:
    """Unit names from the lead and supporting cells of a row, as written, each once.

    Each cell is read as a unit note by the intake (luoshi.intake.tasklist.parse_unit_note),
    the grammar the text reader applies to the same list as .txt: a cell may say more than
    its column (X牵头，Y、Z配合 puts Y, Z among the supports). `lead_role` is "resp" when
    the lead column is a 责任单位 column: its units lead unless the cell names a lead, and
    `first_leads` (the sheet says the first unit listed leads) makes the first one lead.
    A unit named as lead is not also a supporting unit.
    """
    lead = tasklist.parse_unit_note(lead_text or "", default=lead_role, first_leads=first_leads)
    support = tasklist.parse_unit_note(support_text or "", default="support")
    leads = _unique(lead["lead"] + support["lead"])
    lead_keys = {fold(n) for n in leads}
    supports = [n for n in _unique(lead["support"] + support["support"]) if fold(n) not in lead_keys]
    return leads, supports


def _unique(names: list[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        key = fold(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def format_due(due: dt.date | None) -> str:
    return f"{due.year}年{due.month}月{due.day}日" if due else ""


# --- description notes ---------------------------------------------------------


def compose_description(text: str, due_text: str, unknown_leads: list[str], unknown_supports: list[str]) -> str:
    """The stored description: the full text, then one note line per thing kept aside."""
    lines = [text] if text else []
    if due_text:
        lines.append(NOTE_DUE + " ".join(due_text.split()))
    if unknown_leads:
        lines.append(NOTE_LEAD + "、".join(unknown_leads))
    if unknown_supports:
        lines.append(NOTE_SUPPORT + "、".join(unknown_supports))
    return "\n".join(lines)


def split_description(description: str) -> tuple[str, str, list[str], list[str]]:
    """The inverse of compose_description: (text, due text, unknown leads, unknown supports)."""
    lines = (description or "").split("\n")
    notes: dict[str, str] = {}
    while lines and lines[-1].startswith(NOTES):
        line = lines.pop()
        prefix = next(p for p in NOTES if line.startswith(p))
        notes.setdefault(prefix, line[len(prefix):])
    text = "\n".join(lines).strip("\n")

    def names(prefix: str) -> list[str]:
        return [n for n in notes.get(prefix, "").split("、") if n]

    return text, notes.get(NOTE_DUE, ""), names(NOTE_LEAD), names(NOTE_SUPPORT)


# --- writing -----------------------------------------------------------------


@dataclass
class ExtraSheet:
    """A further worksheet after the breakdown table (the import reads only the first with a header)."""

    name: str
    headers: list[str]
    rows: list[list[Any]]
    widths: list[int] = field(default_factory=list)


def _is_section_row(task: SheetTask, layout: Layout) -> bool:
    # A heading the import read as a section, still only a heading: no units,
    # no deadline and no parent of its own (a merged row could not show them).
    return (task.external_id in layout.sections and task.parent_id is None
            and not (task.leads or task.supports or task.due or task.due_text))


def _parent_hints(layout: Layout, order: list[SheetTask]) -> dict[str, str]:
    """{external id: parent's external id} for the rows whose parent read_sheet would not find by itself.

    Replays read_sheet's rule (the number it is numbered under, else the
    section above) over the rows in the order they are written.
    """
    seen: set[str] = set()
    section: str | None = None
    hints: dict[str, str] = {}
    for task in order:
        if _is_section_row(task, layout):
            section = task.external_id
        else:
            above = task.external_id.rsplit(".", 1)[0] if "." in task.external_id else None
            found = above if above in seen else section
            if task.parent_id is not None and found != task.parent_id:
                hints[task.external_id] = task.parent_id
        seen.add(task.external_id)
    return hints


def write_sheet(layout: Layout, tasks: list[SheetTask], extra: list[ExtraSheet] = ()) -> bytes:
    """An .xlsx in `layout`, one row per task, that read_sheet() reads back as the same tasks.

    `tasks` come in tree order (a parent before its children). Every task is
    its own row, with its own title, units and deadline; a sub-task follows its
    parent and is numbered under it (5.1 under 5), which is how read_sheet
    finds its parent. A section the import read (一、稳增长, merged across the
    table) is written as one again while it is only a heading. When a number
    cannot tell a row's parent, a 上级序号 column is added and says it.
    `extra` sheets follow the table (a progress summary).
    """
    hints = _parent_hints(layout, tasks)
    columns = list(layout.columns or DEFAULT_HEADERS)
    if hints and PARENT not in {key for key, _h in columns}:
        columns.append((PARENT, PARENT_HEADER))
    keys = [key for key, _h in columns]
    col = {key: i + 1 for i, key in enumerate(keys)}
    book = Workbook()
    sheet = book.active
    sheet.title = _safe_sheet_name(layout.sheet_name) or "Sheet1"
    width = len(keys)
    r = 1
    if layout.title:
        _put(sheet, r, 1, layout.title)
        sheet.cell(r, 1).font = Font(bold=True, size=14)
        sheet.cell(r, 1).alignment = Alignment(horizontal="center")
        if width > 1:
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    for i, (_key, header) in enumerate(columns, start=1):
        _put(sheet, r, i, header)
        sheet.cell(r, i).font = Font(bold=True)
    r += 1
    has_content = TASK in col and CONTENT in col

    for task in tasks:
        full = task.text or task.title
        if _is_section_row(task, layout):
            # A section: one row across the table, its 序号 (if any) in its own cell.
            start = 1
            if NUMBER in col and col[NUMBER] == 1 and not task.external_id.startswith("§"):
                _put(sheet, r, 1, task.external_id)
                start = 2
            _put(sheet, r, start, full)
            if width > start:
                sheet.merge_cells(start_row=r, start_column=start, end_row=r, end_column=width)
            r += 1
            continue
        if has_content:
            # The title under 重点任务, the text (when it says more) under 具体内容.
            title, text = task.title, (task.text if task.text and task.text != task.title else "")
        else:
            title = text = full
        cells = {NUMBER: task.external_id, TASK: title, CONTENT: text, LEAD: "、".join(task.leads),
                 SUPPORT: "、".join(task.supports), DUE: task.due_text or format_due(task.due),
                 PARENT: hints.get(task.external_id, "")}
        for key, value in cells.items():
            if key in col:
                _put(sheet, r, col[key], value)
        r += 1

    for i, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = {TASK: 30, CONTENT: 50, LEAD: 24, SUPPORT: 30}.get(
            key, 14)
    for more in extra:
        ws = book.create_sheet(_safe_sheet_name(more.name) or f"Sheet{len(book.worksheets) + 1}")
        for i, header in enumerate(more.headers, start=1):
            _put(ws, 1, i, header)
            ws.cell(1, i).font = Font(bold=True)
        for n, row in enumerate(more.rows, start=2):
            for i, value in enumerate(row, start=1):
                if isinstance(value, str) or value is None:
                    _put(ws, n, i, value or "")
                else:
                    ws.cell(n, i).value = value
        for i, w in enumerate(more.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(sheet, row: int, column: int, value: str) -> None:
    cell = sheet.cell(row, column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value) if value else None
    # A text beginning with = would be stored as a formula (and run in the
    # reader's Excel); text stays text.
    if value:
        cell.data_type = "s"
    cell.alignment = Alignment(wrap_text=True, vertical="center")


def _safe_sheet_name(name: str) -> str:
    return re.sub(r"[\\/*?:\[\]]", "", name or "")[:31]
