"""A key-task table that reached us as text: rows on lines (tabs, ``|`` bars, runs of spaces,
markdown) or one cell a line (a web page's table, copied).

    序号 |                 ← header cells, words perhaps split (牵头 单位, 责任\\n单位)
    重点任务 |
    牵头 单位 |
    24 |                   ← a row starts at its number, alone on its line
    新建社区食堂12个。 |     ← the task
    某某 |                  ← other cells (分管领导, 进展情况, 备注 …)
    区民政局 |               ← the unit cells

The header row is often lost with the page chrome; then rows are found by their numbers
(1, 2, 3 … each alone on a line) and read by position: the first cell after the number is
the task, the last is its units when it reads as a list of units and nothing else. When the
header is there, its columns (``tasklist.json`` ``columns`` and ``column_words``, the
vocabulary the spreadsheet import uses too) say which cell is which, the numbering may start
anywhere (a table continued from an earlier page), and a row with fewer cells than the header
(a merged cell, empty cells the page dropped) is fitted to the columns its cells read as:
units to unit columns, a sentence to the task, a date to the deadline.

A row whose task cells are empty adds its units to the task above it (the task cell was
merged over both rows); a row with a task and no units takes the units of the row above when
its unit cells are empty (a unit cell merged down).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import dates, lexicon
from .sentences import matching_text
from .unitnotes import Note, is_collective, parse_note

_NUMBER = re.compile(r"^\d{1,3}[.、]?$")
_EDGE = " \t|│"  # a cell printed as `1 |` (the page drew the table's rules as characters)
_UNIT_KEYS = ("lead", "responsible", "support")
_TEXT_KEYS = ("content", "task")

Span = tuple[int, int]


def _trim(s: str, a: int, b: int) -> Span:
    while a < b and s[a] in _EDGE:
        a += 1
    while b > a and s[b - 1] in _EDGE:
        b -= 1
    return a, b


def _column_key(header: str) -> str | None:
    from .tasklist import column_key

    return column_key(header)


@lru_cache(maxsize=1)
def _suffix() -> re.Pattern[str]:
    return re.compile("(?:" + lexicon.org_suffix_re().pattern + ")$")


@lru_cache(maxsize=1)
def _endings() -> re.Pattern[str]:
    return re.compile(lexicon.load_json("tasklist.json")["unit_endings"])


def _unit_like(word: str) -> bool:
    return bool(_suffix().search(word) or is_collective(word) or _endings().search(word))


def _whole_units(s: str, note: Note) -> bool:
    """The note reads as a list of unit names (局/委/办/政府, 街道, 集团 … or collective), not as text."""
    units = note.lead + note.support
    whole = [u for u in units if _unit_like(s[u[0] : u[1]])]
    # most units end in an organisation word (海关, 人行 may not); none is a sentence
    return len(whole) * 2 > len(units) and all(b - a <= 30 for a, b in units)


def _units_cell(s: str, a: int, b: int) -> bool:
    if b <= a or "。" in s[a:b] or b - a > 80:
        return False
    return _whole_units(s, parse_note(s, a, b, default="resp"))


# --- the header --------------------------------------------------------------------------------


def _is_header(keys: list[str | None]) -> bool:
    """Column keys that make a header: three columns or more, a task and a unit column, and
    (nearly) every column named."""
    named = [k for k in keys if k]
    return (len(keys) >= 3 and len(named) * 4 >= len(keys) * 3
            and bool(set(_TEXT_KEYS) & set(named)) and bool(set(_UNIT_KEYS) & set(named)))


# --- tables written one cell a line ------------------------------------------------------------


def _cells_of_lines(s: str, lines: list[Span]) -> list[Span]:
    """One cell per line, edges trimmed; in a table whose cells end in ``|`` a line without one
    goes on in the next line (责任\\n单位 |): those are joined into one cell."""
    piped = sum(1 for a, b in lines if s[b - 1] in "|│") >= 6
    out: list[Span] = []
    open_at: int | None = None
    for a, b in lines:
        if piped and s[b - 1] not in "|│":
            if open_at is None:
                open_at = a
            continue
        start = a if open_at is None else open_at
        if open_at is not None and _NUMBER.match(s[slice(*_trim(s, a, b))]):
            # a row's number is a cell of its own: the lines before it (a title) are not in it
            out.append(_trim(s, open_at, a))
            start = a
        open_at = None
        out.append(_trim(s, start, b))
    if open_at is not None:
        out.append(_trim(s, open_at, lines[-1][1]))
    return out


def _header_above(s: str, cells: list[Span], first_row: int) -> list[str] | None:
    """The column keys of the header cells right above the first row, if they are there
    (a header cell split over two lines, 牵头/单位, is read as one)."""
    keys: list[str] = []
    i = first_row - 1
    while i >= 0:
        a, b = cells[i]
        if b <= a or (not keys and _SECTION.match(s[a:b])):
            # an empty cell, or a section row (一、主要预期目标), between the header and the first row
            i -= 1
            continue
        key = _column_key(s[a:b])
        if key is None and "\n" in s[a:b]:
            # a cell of a table whose cells end in | took in the line above the table (its title)
            a = s.rindex("\n", a, b) + 1
            key = _column_key(s[a:b])
        if i >= 1 and cells[i - 1][1] > cells[i - 1][0]:
            pa, pb = cells[i - 1]
            joined = _column_key(s[pa:b])
            # 牵头 / 单位, 完成 / 时限: one header cell split over two lines
            if joined and (key is None or _column_key(s[pa:pb]) is None):
                keys.insert(0, joined)
                i -= 2
                continue
        if key is None:
            break
        keys.insert(0, key)
        i -= 1
    if keys and keys[0] == "number" and _is_header(keys):
        return keys
    return None


def _row_starts(s: str, cells: list[Span], gaps: bool = False) -> tuple[list[int], list[str] | None]:
    """Cell index of each row's number (consecutive numbers, each a cell of its own), and the
    header above the first row if there is one. With ``gaps`` (tried only when consecutive
    numbers give no table), numbers under a header may skip."""
    numbers = [(i, int(s[a:b].rstrip(".、"))) for i, (a, b) in enumerate(cells) if b > a and _NUMBER.match(s[a:b])]
    best: tuple[list[int], list[str] | None] = ([], None)
    for k, (i, n) in enumerate(numbers):
        header = _header_above(s, cells, i)
        if n != 1 and header is None:
            continue
        starts, want = [i], n + 1
        for j, m in numbers[k + 1 :]:
            # under a header the numbers may skip (a district's excerpt of the city's table keeps
            # the city's numbers: 3, 68, 69, 73 — heldout pages of 分解表), but only a number
            # standing where a whole row could have ended, never one inside a row's cells
            if m == want or (gaps and header is not None and m > want and j - starts[-1] >= max(2, len(header) - 1)):
                starts.append(j)
                want = m + 1
        if len(starts) >= 2 and len(starts) > len(best[0]):
            best = (starts, header)
    return best


_SECTION = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[(][一二三四五六七八九十]{1,3}[)])")


def read_rows(s: str, lines: list[Span], first_leads: bool) -> list[tuple[int, int, Note]]:
    """(task start, task end, note) of each row of a table written one cell a line."""
    cells_of = _cells_of_lines(s, lines)
    starts, header = _row_starts(s, cells_of)
    if not starts:
        starts, header = _row_starts(s, cells_of, gaps=True)
    if not starts:
        return []
    rows: list[list[Span]] = []
    for k, first in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(cells_of)
        cells = [c for c in cells_of[first + 1 : end] if c[1] > c[0]]
        # a section row (二、市容环境) between two rows is no cell of the row above it
        while cells and _SECTION.match(s[cells[-1][0] : cells[-1][1]]) and not _units_cell(s, *cells[-1]):
            cells.pop()
        rows.append(cells)
    items: list[list[tuple[str, Span]] | tuple[int, int, Note]] = []
    for cells in rows:
        keys = None
        if header:
            keys = header[1:] if len(cells) == len(header) - 1 else _align(s, cells, header[1:])
        if keys is not None:
            items.append(list(zip(keys, cells, strict=True)))
            continue
        read = _by_position(s, cells, first_leads)
        if read is not None:
            items.append(read)
    if items and isinstance(items[-1], list) and _cut_off(s, items[-1]):
        items.pop()
    return _emit(s, items, first_leads)


def _cut_off(s: str, row: list[tuple[str, Span]]) -> bool:
    """The last row of an excerpt cut off inside a unit's name (…市发改委 → 市发): its units end
    the text and the last one is no whole unit name — the row is left out, as a careful reader
    drops a truncated task (tasklists/011, 013; heldout 进展情况表 excerpts)."""
    units = [c for k, c in row if k in _UNIT_KEYS and c[1] > c[0]]
    if not units or s[units[-1][1]:].strip():
        return False
    note = parse_note(s, *units[-1], default="resp")
    named = note.lead + note.support
    return bool(named) and not _unit_like(s[named[-1][0] : named[-1][1]])


def _by_position(s: str, cells: list[Span], first_leads: bool) -> tuple[int, int, Note] | None:
    """A row read without a header: the units are the last cell that reads as unit names (a
    deadline or a leader's name may come after them), the task the first other cell (the
    units may come before it too)."""
    if len(cells) < 2:
        return None
    for k in range(len(cells) - 1, -1, -1):
        ca, cb = cells[k]
        if "。" in s[ca:cb] or cb - ca > 80:
            continue
        note = parse_note(s, ca, cb, first_leads=first_leads, default="resp")
        if _whole_units(s, note):
            task = next((c for j, c in enumerate(cells) if j != k), None)
            return (task[0], task[1], note) if task is not None and note else None
    return None


# --- fitting a short row to the header ----------------------------------------------------------


def _fit(s: str, cell: Span, key: str, memo: dict) -> float:
    """How well ``cell`` reads as a cell of column ``key``."""
    a, b = cell
    if (cell, "units") not in memo:
        memo[cell, "units"] = _units_cell(s, a, b)
    units = memo[cell, "units"]
    text = s[a:b]
    if key in _UNIT_KEYS:
        return 3.0 if units else -3.0
    if key in _TEXT_KEYS:
        if units:
            return -3.0
        return 2.0 if b - a >= 6 else -1.0
    if key == "due":
        return 2.0 if dates.find_deadline(text, None) or re.search(r"\d{4}|年|月|季度|长期|持续", text) else -1.0
    if key == "number":
        return 2.0 if _NUMBER.match(text) else -3.0
    return -1.0 if units else 0.0


def _align(s: str, cells: list[Span], header: list[str]) -> list[str] | None:
    """The columns of a row with fewer cells than the header: the order-keeping assignment
    of cells to columns that reads best (dynamic programming over cells × columns)."""
    m, n = len(cells), len(header)
    if m > n or m == 0:
        return None
    memo: dict = {}
    neg = float("-inf")
    # best[i][j]: best score placing cells[:i] in columns[:j]
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    take = [[False] * (n + 1) for _ in range(m + 1)]
    for j in range(n + 1):
        best[0][j] = 0.0
    for i in range(1, m + 1):
        for j in range(i, n + 1):
            skip = best[i][j - 1]
            put = best[i - 1][j - 1] + _fit(s, cells[i - 1], header[j - 1], memo)
            # equal readings: the cell takes the later column (a merged cell is the one missing)
            if put >= skip:
                best[i][j], take[i][j] = put, True
            else:
                best[i][j] = skip
    keys: list[str] = []
    i, j = m, n
    while i > 0:
        if take[i][j]:
            keys.insert(0, header[j - 1])
            i -= 1
        j -= 1
    return keys


# --- tables pasted as text, a row a line -------------------------------------------------------


_PIPE_SEP = re.compile(r"[|│]")
_TAB_SEP = re.compile(r"\t")
_SPACE_SEP = re.compile(r"\t| {2,}|\u3000{1,}")
_RULE_LINE = re.compile(r"^[\s|│:+\-—=─]*$")


def _cells(s: str, a: int, b: int) -> list[Span] | None:
    """Cells of a line of a table pasted as text (| bars, tabs or runs of spaces between
    cells), empty cells kept in their places; None for a line with no cells."""
    line = s[a:b]
    if len(_PIPE_SEP.findall(line)) >= 2:
        sep = _PIPE_SEP
    elif "\t" in line:
        sep = _TAB_SEP
    elif _SPACE_SEP.search(line):
        sep = _SPACE_SEP
    else:
        return None
    out, start = [], a
    for m in sep.finditer(s, a, b):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, b))
    out = [_strip(s, x, y) for x, y in out]
    if sep is _PIPE_SEP:
        # | a | b |: the bars at the ends open and close the row
        if line.lstrip()[:1] in "|│" and out and out[0][0] >= out[0][1]:
            out.pop(0)
        if line.rstrip()[-1:] in "|│" and out and out[-1][0] >= out[-1][1]:
            out.pop()
    return out


def _strip(s: str, a: int, b: int) -> Span:
    while a < b and s[a] in " \t\u3000":
        a += 1
    while b > a and s[b - 1] in " \t\u3000":
        b -= 1
    return a, b


def _keys(s: str, cells: list[Span]) -> list[str | None]:
    return [_column_key(s[x:y]) if y > x else None for x, y in cells]


def read_delimited(s: str, lines: list[Span], first_leads: bool) -> list[tuple[int, int, Note]]:
    """Rows of a table pasted as text with a header line (序号<TAB>重点任务<TAB>牵头单位 …;
    | 序号 | 重点任务 | … | with a rule line; a header on two lines, 牵头 / 单位)."""
    items: list[list[tuple[str, Span]] | tuple[int, int, Note]] = []
    header: list[str] | None = None
    rows = [(a, b, _cells(s, a, b)) for a, b in lines if not _RULE_LINE.match(s[a:b])]
    k = 0
    while k < len(rows):
        a, b, cells = rows[k]
        k += 1
        if cells is None or len(cells) < 2:
            continue  # a section row (一、稳增长) or text around the table
        keys = _keys(s, cells)
        below = rows[k][2] if k < len(rows) else None
        if below is not None and len(below) == len(cells) and sum(1 for key in keys if key) >= 2 \
                and all(y - x <= 4 and not _NUMBER.match(s[x:y]) for x, y in below if y > x):
            # a header on two lines: each column's words joined (牵头 + 单位)
            joined = [_column_key(s[x:y] + s[p:q]) if (y > x or q > p) else None
                      for (x, y), (p, q) in zip(cells, below, strict=True)]
            if _is_header(joined):
                header = [key or "other" for key in joined]
                k += 1
                continue
        if _is_header(keys):
            header = [key or "other" for key in keys]
            continue
        if header is None:
            continue
        if len(cells) == len(header):
            pairs = list(zip(header, cells, strict=True))
        else:
            filled = [c for c in cells if c[1] > c[0]]
            keys_of = _align(s, filled, header) if len(cells) < len(header) else None
            if keys_of is None:
                continue
            pairs = list(zip(keys_of, filled, strict=True))
        items.append(pairs)
    return _emit(s, items, first_leads)


# --- one row, its columns known ------------------------------------------------------------------


def _emit(s: str, items: list[list[tuple[str, Span]] | tuple[int, int, Note]],
          first_leads: bool) -> list[tuple[int, int, Note]]:
    """The tasks of a table's rows, read by their columns (lists of (key, cell)) or already
    read by position (tuples). The task is the task column (重点任务, 实事项目) and the content
    column (具体措施, 工作举措) is its detail — unless the table leaves the task cell empty on
    rows that name their own units: then each row of content is a task of its own."""
    keyed = [row for row in items if isinstance(row, list)]
    has_task = any(k == "task" for row in keyed for k, _c in row)
    by_content = has_task and any(
        not any(k == "task" and c[1] > c[0] for k, c in row) and any(k == "content" and c[1] > c[0] for k, c in row)
        and any(k in _UNIT_KEYS and c[1] > c[0] for k, c in row)
        for row in keyed)
    order = ("content", "task") if by_content else ("task", "content")
    out: list[tuple[int, int, Note]] = []
    for row in items:
        if isinstance(row, tuple):
            out.append(row)
        else:
            _add_row(s, row, first_leads, out, order)
    return out


def _add_row(s: str, pairs: list[tuple[str, Span]], first_leads: bool, out: list[tuple[int, int, Note]],
             order: tuple[str, str]) -> None:
    """Read one row (column key, cell) into ``out``: a task with its note, or the units of
    the task above it when its task cells are empty."""
    text = next((c for key in order for k, c in pairs if k == key and c[1] > c[0]), None)
    note = Note()
    has_lead = any(k == "lead" and c[1] > c[0] for k, c in pairs)
    for key, default in (("lead", "lead"), ("responsible", "support" if has_lead else "resp"),
                         ("support", "support")):
        for k, (a, b) in pairs:
            if k != key or b <= a:
                continue
            part = parse_note(s, a, b, first_leads=first_leads, default=default)
            note.lead.extend(u for u in part.lead if u not in note.lead)
            note.support.extend(u for u in part.support if u not in note.lead and u not in note.support)
            note.first_leads = note.first_leads or part.first_leads
    due = next((c for k, c in pairs if k == "due" and c[1] > c[0]), None)
    if due is not None:
        note.deadline = due
    if text is None:
        if note and out:
            # a row whose task cell was merged with the row above: more units of that task
            last = out[-1][2]
            last.lead.extend(u for u in note.lead if u not in last.lead)
            last.support.extend(u for u in note.support if u not in last.lead and u not in last.support)
        return
    units_empty = all(c[1] <= c[0] for k, c in pairs if k in _UNIT_KEYS)
    if not note:
        if units_empty and out and any(k in _UNIT_KEYS for k, _c in pairs):
            # the unit cells merged down from the row above
            prev = out[-1][2]
            note = Note(list(prev.lead), list(prev.support), prev.first_leads, note.deadline)
        else:
            return
    out.append((text[0], text[1], note))


def header_keys(text: str) -> list[str | None]:
    """The column keys of a header line as written (for tests and tools)."""
    s = matching_text(text, None)
    cells = _cells(s, 0, len(s)) or [(0, len(s))]
    return _keys(s, cells)
